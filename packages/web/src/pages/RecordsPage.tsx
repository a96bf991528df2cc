import type {
  CellClickedEvent,
  CellKeyDownEvent,
  ColDef,
  ColumnState,
  GetRowIdParams,
  GridApi,
  GridReadyEvent,
  IRowNode,
  ValueFormatterParams,
} from 'ag-grid-community';
import { AllCommunityModule, ModuleRegistry, themeQuartz } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DecidePayload, DecideVerb } from '../../../gst-ims/src/server/api-types.js';
import { errorText } from '../api.js';
import { useApp } from '../app-state.js';
import { DecideDialog, VERB_LABEL } from '../components/DecideDialog.js';
import { RecordPanel } from '../components/RecordPanel.js';
import { count, date, money, plural } from '../format.js';
import type { Row } from '../records.js';
import { FLAG, decodeRecords, loadRows, patchCache } from '../records.js';

ModuleRegistry.registerModules([AllCommunityModule]);

const theme = themeQuartz.withParams({
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif",
  fontSize: 13,
  headerFontSize: 12.5,
  rowHeight: 30,
  headerHeight: 34,
  spacing: 5,
  accentColor: '#1f5fa8',
  headerBackgroundColor: '#eef2f7',
  oddRowBackgroundColor: '#fafbfd',
  wrapperBorderRadius: 4,
});

type View = 'all' | 'waiting' | 'changed' | 'errors' | 'noAction' | 'gone';
const VIEWS: { view: View; label: string; test: (r: Row) => boolean }[] = [
  { view: 'all', label: 'All', test: () => true },
  { view: 'noAction', label: 'Not decided', test: (r) => r.decision === 'noAction' && !(r.flags & FLAG.gone) },
  { view: 'waiting', label: 'Waiting for upload', test: (r) => (r.flags & FLAG.dirty) !== 0 },
  { view: 'changed', label: 'Changed by supplier', test: (r) => (r.flags & FLAG.changedBySupplier) !== 0 },
  { view: 'errors', label: 'Portal errors', test: (r) => r.portalError !== null },
  { view: 'gone', label: 'Gone', test: (r) => (r.flags & FLAG.gone) !== 0 },
];

const COLUMN_STATE_KEY = 'gst-ims.records.columns.v1';
const VERB_KEYS: Readonly<Record<string, DecideVerb>> = { a: 'accept', r: 'reject', p: 'pending', n: 'reset' };

const moneyFmt = (p: ValueFormatterParams<Row, number>): string => money(p.value);
const moneyCol = (field: keyof Row, headerName: string, hide = false): ColDef<Row> => ({
  field,
  headerName,
  hide,
  type: 'rightAligned',
  width: 128,
  filter: 'agNumberColumnFilter',
  // Filters compare rupees, as typed; the grid holds paise.
  filterValueGetter: (p) => (p.data ? (p.data[field] as number) / 100 : null),
  valueFormatter: moneyFmt,
  getQuickFilterText: field === 'value' ? (p) => money(p.value as number) : () => '',
  cellClass: 'num',
});
const dateComparator = (filter: Date, cell: string | null): number => {
  if (!cell) return -1;
  const p = (n: number): string => String(n).padStart(2, '0');
  const f = `${filter.getFullYear()}-${p(filter.getMonth() + 1)}-${p(filter.getDate())}`;
  return cell < f ? -1 : cell > f ? 1 : 0;
};

const COLUMNS: ColDef<Row>[] = [
  { field: 'sectionLabel', headerName: 'Section', width: 96, filter: 'agTextColumnFilter' },
  { field: 'supplierGstin', headerName: 'Supplier GSTIN', width: 156, filter: 'agTextColumnFilter', cellClass: 'mono' },
  { field: 'supplierName', headerName: 'Supplier', width: 190, filter: 'agTextColumnFilter' },
  { field: 'docNumber', headerName: 'Doc no.', width: 140, filter: 'agTextColumnFilter', cellClass: 'mono' },
  {
    field: 'docDate',
    headerName: 'Doc date',
    width: 124,
    filter: 'agDateColumnFilter',
    filterParams: { comparator: dateComparator, inRangeInclusive: true },
    valueFormatter: (p: ValueFormatterParams<Row, string>) => date(p.value),
    getQuickFilterText: (p) => date(p.value as string),
  },
  moneyCol('value', 'Value ₹'),
  moneyCol('taxable', 'Taxable ₹'),
  moneyCol('igst', 'IGST ₹'),
  moneyCol('cgst', 'CGST ₹'),
  moneyCol('sgst', 'SGST ₹'),
  moneyCol('cess', 'Cess ₹', true),
  moneyCol('tax', 'Total tax ₹', true),
  { field: 'portalActionLabel', headerName: 'Portal holds', width: 112, filter: 'agTextColumnFilter' },
  {
    field: 'decisionLabel',
    headerName: 'Your decision',
    width: 118,
    pinned: 'right',
    filter: 'agTextColumnFilter',
    cellClass: (p) => (p.data ? `act act-${p.data.decision}` : ''),
  },
  {
    field: 'status',
    headerName: 'Status',
    width: 150,
    pinned: 'right',
    filter: 'agTextColumnFilter',
    cellClass: (p) => `status status-${(p.value as string | undefined)?.split(' ')[0]?.toLowerCase() ?? ''}`,
    tooltipValueGetter: (p) => p.data?.portalError ?? undefined,
  },
  { field: 'remark', headerName: 'Remark', width: 200, filter: 'agTextColumnFilter' },
  { field: 'originalDocNumber', headerName: 'Original doc no.', width: 140, filter: 'agTextColumnFilter', hide: true },
  {
    field: 'originalDocDate',
    headerName: 'Original doc date',
    width: 130,
    hide: true,
    filter: 'agDateColumnFilter',
    filterParams: { comparator: dateComparator },
    valueFormatter: (p: ValueFormatterParams<Row, string | null>) => date(p.value),
  },
  { field: 'returnPeriod', headerName: 'Return period', width: 116, filter: 'agTextColumnFilter', hide: true },
  { field: 'pos', headerName: 'POS', width: 76, filter: 'agTextColumnFilter', hide: true },
  { field: 'itcReduction', headerName: 'ITC reduction', width: 120, filter: 'agTextColumnFilter', hide: true },
  { field: 'portalError', headerName: 'Portal error', width: 260, filter: 'agTextColumnFilter', hide: true },
  { field: 'key', headerName: 'Record key', width: 300, filter: 'agTextColumnFilter', hide: true, cellClass: 'mono' },
];

export function RecordsPage() {
  const { gstin, version, bump, toast } = useApp();
  const [rows, setRows] = useState<Row[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [quick, setQuick] = useState('');
  const [supplier, setSupplier] = useState('');
  const [view, setView] = useState<View>(() => (new URLSearchParams(location.search).get('view') as View | null) ?? 'all');
  const [shown, setShown] = useState(0);
  const [selected, setSelected] = useState(0);
  const [panelKey, setPanelKey] = useState<string | null>(() => new URLSearchParams(location.search).get('key'));
  const [panelVersion, setPanelVersion] = useState(0);
  const [dialog, setDialog] = useState<{ verb: DecideVerb; rows: Row[] } | null>(null);
  const [chooser, setChooser] = useState(false);
  const [, setColumnTick] = useState(0);
  const apiRef = useRef<GridApi<Row> | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const filterRef = useRef<{ view: View; supplier: string }>({ view, supplier });
  const versionRef = useRef(version);
  filterRef.current = { view, supplier };

  useEffect(() => {
    if (!gstin) return;
    let live = true;
    const t0 = performance.now();
    loadRows(gstin, versionRef.current)
      .then((r) => {
        if (!live) return;
        setRows(r);
        (window as unknown as { __gstImsLoad?: number }).__gstImsLoad = performance.now() - t0;
      })
      .catch((e: unknown) => live && setError(errorText(e)));
    return () => {
      live = false;
    };
  }, [gstin]);

  // An import elsewhere (or another tab) changes the data: reload.
  useEffect(() => {
    if (version === versionRef.current || !gstin) return;
    versionRef.current = version;
    loadRows(gstin, version)
      .then(setRows)
      .catch((e: unknown) => setError(errorText(e)));
  }, [version, gstin]);

  const suppliers = useMemo(() => {
    const m = new Map<string, { name: string; n: number }>();
    for (const r of rows ?? []) {
      const s = m.get(r.supplierGstin);
      if (s) s.n++;
      else m.set(r.supplierGstin, { name: r.supplierName, n: 1 });
    }
    return [...m].map(([g, s]) => ({ gstin: g, name: s.name, n: s.n })).sort((a, b) => (a.name || a.gstin).localeCompare(b.name || b.gstin));
  }, [rows]);

  const refreshCounts = useCallback(() => {
    const api = apiRef.current;
    if (!api) return;
    setShown(api.getDisplayedRowCount());
    setSelected(api.getSelectedNodes().length);
  }, []);

  useEffect(() => {
    apiRef.current?.onFilterChanged();
  }, [view, supplier]);

  const selectedRows = useCallback((): Row[] => apiRef.current?.getSelectedRows() ?? [], []);

  const openDialog = useCallback(
    (verb: DecideVerb, only?: Row) => {
      const list = only ? [only] : selectedRows();
      if (list.length === 0) {
        toast('info', 'Select records first: tick their boxes (or Space on a row), or tick the header box for every filtered record.');
        return;
      }
      setDialog({ verb, rows: list });
    },
    [selectedRows, toast],
  );

  // Keyboard shortcuts: a/r/p/n decide on the selection, / searches, Esc closes the panel.
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (dialog || e.ctrlKey || e.metaKey || e.altKey) return;
      const t = e.target as HTMLElement | null;
      const typing =
        t !== null &&
        ((t instanceof HTMLInputElement && t.type !== 'checkbox' && t.type !== 'radio' && t.type !== 'button') ||
          t.tagName === 'TEXTAREA' ||
          t.tagName === 'SELECT' ||
          t.isContentEditable);
      if (e.key === 'Escape') {
        if (typing && t === searchRef.current) t.blur();
        else setPanelKey(null);
        return;
      }
      if (typing) return;
      if (e.key === '/') {
        e.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
        return;
      }
      const verb = VERB_KEYS[e.key.toLowerCase()];
      if (verb) {
        e.preventDefault();
        openDialog(verb);
      }
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [dialog, openDialog]);

  const onGridReady = useCallback(
    (e: GridReadyEvent<Row>) => {
      apiRef.current = e.api;
      const saved = localStorage.getItem(COLUMN_STATE_KEY);
      if (saved) {
        try {
          e.api.applyColumnState({ state: JSON.parse(saved) as ColumnState[], applyOrder: true });
        } catch {
          localStorage.removeItem(COLUMN_STATE_KEY);
        }
      }
      refreshCounts();
    },
    [refreshCounts],
  );

  const saveColumns = useCallback(() => {
    const api = apiRef.current;
    if (!api) return;
    localStorage.setItem(COLUMN_STATE_KEY, JSON.stringify(api.getColumnState().map(({ colId, hide, width }) => ({ colId, hide, width }))));
    setColumnTick((x) => x + 1);
  }, []);

  const onApplied = useCallback(
    (r: DecidePayload, message: string) => {
      setDialog(null);
      toast(r.changed ? 'ok' : 'info', message);
      if (!gstin) return;
      if (r.updated && r.updated.rows.length) {
        const updated = decodeRecords(r.updated);
        apiRef.current?.applyTransaction({ update: updated });
        const next = versionRef.current + 1;
        patchCache(gstin, next, updated);
        versionRef.current = next;
        bump();
        refreshCounts();
      }
      setPanelVersion((v) => v + 1);
    },
    [gstin, toast, bump, refreshCounts],
  );

  // ?key=...: open that record and bring it into view once the grid has it.
  useEffect(() => {
    const api = apiRef.current;
    if (!api || !rows || !panelKey) return;
    const node = api.getRowNode(panelKey);
    if (node) api.ensureNodeVisible(node, 'middle');
  }, [rows, panelKey]);

  if (error) return <div className="error-box">{error}</div>;
  const panelRow = panelKey && apiRef.current ? (apiRef.current.getRowNode(panelKey)?.data ?? null) : null;

  return (
    <div className={`records ${panelKey ? 'with-panel' : ''}`}>
      <div className="toolbar">
        <input
          ref={searchRef}
          id="quick-search"
          type="search"
          placeholder="Search  ( / )"
          value={quick}
          onChange={(e) => setQuick(e.target.value)}
          aria-label="Quick search"
        />
        <select value={supplier} onChange={(e) => setSupplier(e.target.value)} aria-label="Supplier" id="supplier-filter">
          <option value="">All suppliers ({count(suppliers.length)})</option>
          {suppliers.map((s) => (
            <option key={s.gstin} value={s.gstin}>
              {s.name || s.gstin} · {s.gstin} ({count(s.n)})
            </option>
          ))}
        </select>
        <div className="views" role="tablist">
          {VIEWS.map((v) => (
            <button key={v.view} role="tab" aria-selected={view === v.view} className={view === v.view ? 'on' : ''} onClick={() => setView(v.view)}>
              {v.label}
            </button>
          ))}
        </div>
        <div className="spacer" />
        <div className="chooser-wrap">
          <button onClick={() => setChooser((x) => !x)} aria-expanded={chooser}>
            Columns ▾
          </button>
          {chooser && (
            <div className="chooser" onMouseLeave={() => setChooser(false)}>
              {COLUMNS.map((c) => {
                const col = apiRef.current?.getColumn(c.field as string);
                return (
                  <label key={c.field}>
                    <input
                      type="checkbox"
                      checked={col?.isVisible() ?? !c.hide}
                      onChange={(e) => {
                        apiRef.current?.setColumnsVisible([c.field as string], e.target.checked);
                        saveColumns();
                      }}
                    />{' '}
                    {c.headerName}
                  </label>
                );
              })}
              <button
                onClick={() => {
                  localStorage.removeItem(COLUMN_STATE_KEY);
                  apiRef.current?.resetColumnState();
                  setColumnTick((x) => x + 1);
                }}
              >
                Reset columns
              </button>
            </div>
          )}
        </div>
        <button
          onClick={() => {
            setQuick('');
            setSupplier('');
            setView('all');
            apiRef.current?.setFilterModel(null);
          }}
        >
          Clear filters
        </button>
      </div>

      <div className="actionbar">
        <span className="counts" data-testid="grid-counts">
          {rows ? (
            <>
              Showing <b>{count(shown)}</b> of {count(rows.length)} records · <b>{count(selected)}</b> selected
            </>
          ) : (
            'Loading records…'
          )}
        </span>
        {(['accept', 'reject', 'pending', 'reset'] as DecideVerb[]).map((v) => (
          <button key={v} className={`decide decide-${v}`} disabled={selected === 0} onClick={() => openDialog(v)}>
            {VERB_LABEL[v]} <kbd>{v === 'reset' ? 'n' : v[0]}</kbd>
          </button>
        ))}
        <span className="shortcuts muted small" title="a accept · r reject · p pending · n reset to No Action, on the selected records">
          Keys: <kbd>/</kbd> search · <kbd>Space</kbd> select · <kbd>Enter</kbd> details · <kbd>Esc</kbd> close
        </span>
      </div>

      <div className="grid-and-panel">
        <div className="grid-wrap">
          <AgGridReact<Row>
            theme={theme}
            rowData={rows}
            columnDefs={COLUMNS}
            defaultColDef={{ sortable: true, resizable: true, floatingFilter: true, filterParams: { buttons: ['clear'] }, suppressHeaderMenuButton: false }}
            getRowId={(p: GetRowIdParams<Row>) => p.data.key}
            rowSelection={{ mode: 'multiRow', checkboxes: true, headerCheckbox: true, selectAll: 'filtered', enableClickSelection: false }}
            selectionColumnDef={{ pinned: 'left', width: 44 }}
            quickFilterText={quick}
            cacheQuickFilter
            isExternalFilterPresent={() => filterRef.current.view !== 'all' || filterRef.current.supplier !== ''}
            doesExternalFilterPass={(node: IRowNode<Row>) => {
              const r = node.data;
              if (!r) return false;
              const f = filterRef.current;
              if (f.supplier && r.supplierGstin !== f.supplier) return false;
              return VIEWS.find((v) => v.view === f.view)?.test(r) ?? true;
            }}
            onGridReady={onGridReady}
            onModelUpdated={refreshCounts}
            onSelectionChanged={refreshCounts}
            onColumnResized={(e) => e.finished && saveColumns()}
            onColumnMoved={(e) => e.finished && saveColumns()}
            onCellClicked={(e: CellClickedEvent<Row>) => {
              if (e.column.getColId() === 'ag-Grid-SelectionColumn' || !e.data) return;
              setPanelKey(e.data.key);
            }}
            onCellKeyDown={(e: CellKeyDownEvent<Row>) => {
              const k = (e.event as KeyboardEvent | null)?.key;
              if (k === 'Enter' && e.data) setPanelKey(e.data.key);
            }}
            tooltipShowDelay={300}
            animateRows={false}
            suppressCellFocus={false}
            loading={rows === null}
            overlayNoRowsTemplate="No record matches the filters."
          />
        </div>
        {panelKey && gstin && (
          <RecordPanel
            gstin={gstin}
            recordKey={panelKey}
            version={panelVersion}
            onClose={() => setPanelKey(null)}
            onDecide={(verb) => {
              const r = panelRow ?? rows?.find((x) => x.key === panelKey);
              if (r) openDialog(verb, r);
            }}
          />
        )}
      </div>

      {dialog && gstin && <DecideDialog gstin={gstin} verb={dialog.verb} rows={dialog.rows} onClose={() => setDialog(null)} onApplied={onApplied} />}
      {selected > 0 && !dialog && <div className="sr-only">{plural(selected, 'record')} selected</div>}
    </div>
  );
}
