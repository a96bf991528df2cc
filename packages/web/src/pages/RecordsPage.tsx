import type {
  CellClickedEvent,
  CellKeyDownEvent,
  ColDef,
  ColDefField,
  ColumnState,
  GetRowIdParams,
  GridApi,
  ValueFormatterParams,
} from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DecidePayload, DecideVerb } from '../../../gst-ims/src/server/api-types.js';
import { errorText } from '../api.js';
import { exportCsv, exportXlsx } from '../export-view.js';
import { useApp } from '../app-state.js';
import { DateInput } from '../components/DateInput.js';
import { DecideDialog, VERB_LABEL } from '../components/DecideDialog.js';
import { RecordPanel } from '../components/RecordPanel.js';
import { SupplierPicker } from '../components/SupplierPicker.js';
import { count, date, period } from '../format.js';
import { ViewTabs, gridTheme, moneyColumn, useFilteredGrid } from '../grid.js';
import type { Row } from '../records.js';
import {
  FLAG,
  decodeRecords,
  loadRows,
  patchCache,
  prepareSearch,
  searchText,
} from '../records.js';

const theme = gridTheme.withParams({ oddRowBackgroundColor: '#fafbfd', wrapperBorderRadius: 4 });

type View = 'all' | 'waiting' | 'changed' | 'errors' | 'noAction' | 'gone';
const VIEWS: { view: View; label: string; test: (r: Row) => boolean }[] = [
  { view: 'all', label: 'All', test: () => true },
  {
    view: 'noAction',
    label: 'Not decided',
    test: (r) => r.decision === 'noAction' && !(r.flags & FLAG.gone),
  },
  { view: 'waiting', label: 'Waiting for upload', test: (r) => (r.flags & FLAG.dirty) !== 0 },
  {
    view: 'changed',
    label: 'Changed by supplier',
    test: (r) => (r.flags & FLAG.changedBySupplier) !== 0,
  },
  { view: 'errors', label: 'Portal errors', test: (r) => r.portalError !== null },
  { view: 'gone', label: 'Gone', test: (r) => (r.flags & FLAG.gone) !== 0 },
];

// Quick search, the supplier choice and the views are one external filter: a plain function
// over a per-row search text built once, much cheaper at 100,000 rows than the grid's own
// quick filter (which asks every column for its value).
interface Filter {
  readonly view: View;
  readonly supplier: string;
  readonly terms: readonly string[];
}
const filterActive = (f: Filter): boolean =>
  f.view !== 'all' || f.supplier !== '' || f.terms.length > 0;
function filterPasses(r: Row, f: Filter): boolean {
  if (f.supplier && r.supplierGstin !== f.supplier) return false;
  if (f.view !== 'all' && !(VIEWS.find((v) => v.view === f.view)?.test(r) ?? true)) return false;
  if (f.terms.length > 0) {
    const text = searchText(r);
    for (const t of f.terms) if (!text.includes(t)) return false;
  }
  return true;
}
const VIEW_TABS = VIEWS.map((v) => ({ value: v.view, label: v.label }));

/** Where the selected rows were picked, in words, for the dialog ("selected in the view …"). */
function scopeText(f: Filter): string {
  const parts: string[] = [];
  if (f.view !== 'all') parts.push(`the view ${VIEWS.find((v) => v.view === f.view)?.label}`);
  if (f.supplier) parts.push(`supplier ${f.supplier}`);
  if (f.terms.length) parts.push(`search "${f.terms.join(' ').toLowerCase()}"`);
  return parts.length ? `selected in ${parts.join(', ')}` : 'selected';
}

const COLUMN_STATE_KEY = 'gst-ims.records.columns.v1';
const VERB_KEYS: Readonly<Record<string, DecideVerb>> = {
  a: 'accept',
  r: 'reject',
  p: 'pending',
  n: 'reset',
};

const moneyCol = (field: ColDefField<Row>, headerName: string, hide = false): ColDef<Row> =>
  moneyColumn<Row>(field, headerName, 128, hide);
const dateComparator = (filter: Date, cell: string | null): number => {
  if (!cell) return -1;
  const p = (n: number): string => String(n).padStart(2, '0');
  const f = `${filter.getFullYear()}-${p(filter.getMonth() + 1)}-${p(filter.getDate())}`;
  return cell < f ? -1 : cell > f ? 1 : 0;
};

const COLUMNS: ColDef<Row>[] = [
  { field: 'sectionLabel', headerName: 'Section', width: 96, filter: 'agTextColumnFilter' },
  {
    field: 'supplierGstin',
    headerName: 'Supplier GSTIN',
    width: 156,
    filter: 'agTextColumnFilter',
    cellClass: 'mono',
  },
  { field: 'supplierName', headerName: 'Supplier', width: 190, filter: 'agTextColumnFilter' },
  {
    field: 'docNumber',
    headerName: 'Doc no.',
    width: 140,
    filter: 'agTextColumnFilter',
    cellClass: 'mono',
  },
  {
    field: 'docDate',
    headerName: 'Doc date',
    width: 124,
    filter: 'agDateColumnFilter',
    filterParams: { comparator: dateComparator, inRangeInclusive: true },
    dateComponent: DateInput,
    valueFormatter: (p: ValueFormatterParams<Row, string>) => date(p.value),
  },
  {
    field: 'matchLabel',
    headerName: 'Match',
    width: 132,
    filter: 'agTextColumnFilter',
    cellClass: (p) => (p.data?.match ? `outcome outcome-${p.data.match}` : ''),
    headerTooltip: 'The outcome of the last match with the purchase register (Reconcile)',
  },
  moneyCol('value', 'Value ₹'),
  moneyCol('taxable', 'Taxable ₹'),
  moneyCol('igst', 'IGST ₹'),
  moneyCol('cgst', 'CGST ₹'),
  moneyCol('sgst', 'SGST ₹'),
  moneyCol('cess', 'Cess ₹', true),
  moneyCol('tax', 'Total tax ₹', true),
  {
    field: 'portalActionLabel',
    headerName: 'Portal holds',
    width: 112,
    filter: 'agTextColumnFilter',
  },
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
    cellClass: (p) =>
      `status status-${(p.value as string | undefined)?.split(' ')[0]?.toLowerCase() ?? ''}`,
    tooltipValueGetter: (p) => p.data?.portalError ?? undefined,
  },
  { field: 'remark', headerName: 'Remark', width: 200, filter: 'agTextColumnFilter' },
  {
    field: 'originalDocNumber',
    headerName: 'Original doc no.',
    width: 140,
    filter: 'agTextColumnFilter',
    hide: true,
  },
  {
    field: 'originalDocDate',
    headerName: 'Original doc date',
    width: 130,
    hide: true,
    filter: 'agDateColumnFilter',
    filterParams: { comparator: dateComparator },
    dateComponent: DateInput,
    valueFormatter: (p: ValueFormatterParams<Row, string | null>) => date(p.value),
  },
  {
    field: 'returnPeriod',
    headerName: 'Return period',
    width: 116,
    filter: 'agTextColumnFilter',
    // "Oct 2026", not the portal's 102026; the filter looks in what is shown.
    valueFormatter: (p: ValueFormatterParams<Row, string | null>) => period(p.value ?? null),
    filterValueGetter: (p) => period(p.data?.returnPeriod ?? null),
    hide: true,
  },
  { field: 'pos', headerName: 'POS', width: 76, filter: 'agTextColumnFilter', hide: true },
  {
    field: 'itcReduction',
    headerName: 'ITC reduction',
    width: 120,
    filter: 'agTextColumnFilter',
    hide: true,
  },
  {
    field: 'portalError',
    headerName: 'Portal error',
    width: 260,
    filter: 'agTextColumnFilter',
    hide: true,
  },
  {
    field: 'key',
    headerName: 'Record key',
    width: 300,
    filter: 'agTextColumnFilter',
    hide: true,
    cellClass: 'mono',
  },
];

// Grid options that never change: stable references keep ag-grid from reprocessing its
// options (and dropping its caches) on every React render.
const DEFAULT_COL_DEF: ColDef<Row> = {
  sortable: true,
  resizable: true,
  floatingFilter: true,
  filterParams: { buttons: ['clear'] },
};
const SELECTION_COLUMN_DEF: ColDef<Row> = { pinned: 'left', width: 44 };
const getRowId = (p: GetRowIdParams<Row>): string => p.data.key;

export function RecordsPage() {
  const { gstin, version, bump, toast } = useApp();
  const [rows, setRows] = useState<Row[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [gridApi, setGridApi] = useState<GridApi<Row> | null>(null);
  const [panelKey, setPanelKey] = useState<string | null>(() =>
    new URLSearchParams(location.search).get('key'),
  );
  const [panelVersion, setPanelVersion] = useState(0);
  const [dialog, setDialog] = useState<{ verb: DecideVerb; rows: Row[]; scope: string } | null>(
    null,
  );
  // The grid cell focused when a dialog opened, to put the focus back on that row after it.
  const focusBefore = useRef<{ rowId: string; rowIndex: number; colId: string } | null>(null);
  const [chooser, setChooser] = useState(false);
  const [, setColumnTick] = useState(0);
  const searchRef = useRef<HTMLInputElement>(null);
  const versionRef = useRef(version);

  const onGridReady = useCallback((api: GridApi<Row>) => {
    // For the benchmark and for diagnosing from the browser console.
    (window as unknown as { __gstImsGrid?: GridApi<Row> }).__gstImsGrid = api;
    const saved = localStorage.getItem(COLUMN_STATE_KEY);
    if (saved) {
      try {
        api.applyColumnState({ state: JSON.parse(saved) as ColumnState[], applyOrder: true });
      } catch {
        localStorage.removeItem(COLUMN_STATE_KEY);
      }
    }
    setGridApi(api);
  }, []);
  const { filter, setFilter, apiRef, gridProps, current } = useFilteredGrid<Row, Filter>({
    columnDefs: COLUMNS,
    defaultColDef: DEFAULT_COL_DEF,
    getRowId,
    initial: () => ({
      view: (new URLSearchParams(location.search).get('view') as View | null) ?? 'all',
      // ?supplier=GSTIN: the Suppliers page links here, filtered to one supplier.
      supplier: new URLSearchParams(location.search).get('supplier') ?? '',
      terms: [],
    }),
    active: filterActive,
    passes: filterPasses,
    onReady: onGridReady,
    theme,
  });
  const { view, supplier } = filter;

  useEffect(() => {
    if (!gstin) return;
    let live = true;
    const t0 = performance.now();
    loadRows(gstin, versionRef.current)
      .then((r) => {
        if (!live) return;
        setRows(r);
        prepareSearch(r);
        (window as unknown as { __gstImsLoad?: number }).__gstImsLoad = performance.now() - t0;
      })
      .catch((e: unknown) => live && setError(errorText(e)));
    return () => {
      live = false;
    };
  }, [gstin]);

  // An import elsewhere, another tab or `gst-ims act` changes the data: reload. The grid knows
  // rows by key (getRowId), so new data keeps the scroll position and the selection.
  useEffect(() => {
    if (version === versionRef.current || !gstin) return;
    versionRef.current = version;
    loadRows(gstin, version)
      .then((r) => {
        setRows(r);
        setPanelVersion((v) => v + 1);
      })
      .catch((e: unknown) => setError(errorText(e)));
  }, [version, gstin]);

  const suppliers = useMemo(() => {
    const m = new Map<string, { name: string; n: number }>();
    for (const r of rows ?? []) {
      const s = m.get(r.supplierGstin);
      if (s) s.n++;
      else m.set(r.supplierGstin, { name: r.supplierName, n: 1 });
    }
    return [...m]
      .map(([g, s]) => ({ gstin: g, name: s.name, n: s.n }))
      .sort((a, b) => (a.name || a.gstin).localeCompare(b.name || b.gstin));
  }, [rows]);

  const selectedRows = useCallback((): Row[] => apiRef.current?.getSelectedRows() ?? [], [apiRef]);

  const openDialog = useCallback(
    (verb: DecideVerb, only?: Row) => {
      const list = only ? [only] : selectedRows();
      if (list.length === 0) {
        toast(
          'info',
          'Select records first: tick their boxes (or Space on a row), or tick the header box for every filtered record.',
        );
        return;
      }
      const api = apiRef.current;
      const cell = api?.getFocusedCell();
      const node = cell ? api?.getDisplayedRowAtIndex(cell.rowIndex) : undefined;
      focusBefore.current =
        cell && node?.id
          ? { rowId: node.id, rowIndex: cell.rowIndex, colId: cell.column.getColId() }
          : null;
      setDialog({ verb, rows: list, scope: only ? '' : scopeText(current()) });
    },
    [selectedRows, toast, apiRef, current],
  );

  // Back to the row the dialog was opened from; when a decision took it out of the view, to the
  // row now in its place.
  const restoreFocus = useCallback(
    (previous: Element | null) => {
      const api = apiRef.current;
      const before = focusBefore.current;
      focusBefore.current = null;
      if (!api || api.isDestroyed() || !before) {
        if (previous instanceof HTMLElement && previous.isConnected) previous.focus();
        return;
      }
      const node = api.getRowNode(before.rowId);
      const shown = api.getDisplayedRowCount();
      if (shown === 0) return;
      const index =
        node?.displayed && node.rowIndex !== null
          ? node.rowIndex
          : Math.min(before.rowIndex, shown - 1);
      api.ensureIndexVisible(index);
      api.setFocusedCell(index, before.colId);
    },
    [apiRef],
  );

  // Keyboard shortcuts: a/r/p/n decide on the selection, / searches, Esc closes the panel.
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (dialog || e.ctrlKey || e.metaKey || e.altKey) return;
      const t = e.target as HTMLElement | null;
      const typing =
        t !== null &&
        ((t instanceof HTMLInputElement &&
          t.type !== 'checkbox' &&
          t.type !== 'radio' &&
          t.type !== 'button') ||
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

  const saveColumns = useCallback(() => {
    const api = apiRef.current;
    if (!api) return;
    localStorage.setItem(
      COLUMN_STATE_KEY,
      JSON.stringify(
        api.getColumnState().map(({ colId, hide, width }) => ({ colId, hide, width })),
      ),
    );
    setColumnTick((x) => x + 1);
  }, [apiRef]);

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
      }
      setPanelVersion((v) => v + 1);
    },
    [gstin, toast, bump, apiRef],
  );

  // The search text is no state of the page: typing filters the grid without rendering the page.
  const setSearch = useCallback(
    (value: string) =>
      setFilter(
        { terms: value.trim().toUpperCase().split(/\s+/).filter(Boolean) },
        { quiet: true },
      ),
    [setFilter],
  );
  const onColumnChanged = useCallback(
    (e: { finished: boolean }) => e.finished && saveColumns(),
    [saveColumns],
  );
  const onCellClicked = useCallback((e: CellClickedEvent<Row>) => {
    if (e.column.getColId() === 'ag-Grid-SelectionColumn' || !e.data) return;
    setPanelKey(e.data.key);
  }, []);
  const onCellKeyDown = useCallback((e: CellKeyDownEvent<Row>) => {
    const k = (e.event as KeyboardEvent | null)?.key;
    if (k === 'Enter' && e.data) setPanelKey(e.data.key);
  }, []);

  // ?key=...: open that record and bring it into view once the grid has it.
  useEffect(() => {
    const api = apiRef.current;
    if (!api || !rows || !panelKey) return;
    const node = api.getRowNode(panelKey);
    if (node) api.ensureNodeVisible(node, 'middle');
  }, [rows, panelKey]);

  if (error) return <div className="error-box">{error}</div>;
  const panelRow =
    panelKey && apiRef.current ? (apiRef.current.getRowNode(panelKey)?.data ?? null) : null;

  return (
    <div className={`records ${panelKey ? 'with-panel' : ''}`}>
      <div className="toolbar">
        <input
          ref={searchRef}
          id="quick-search"
          type="search"
          placeholder="Search  ( / )"
          defaultValue=""
          onChange={(e) => setSearch(e.target.value)}
          aria-label="Quick search"
        />
        <SupplierPicker
          suppliers={suppliers}
          value={supplier}
          onChange={(g) => setFilter({ supplier: g })}
        />
        <ViewTabs tabs={VIEW_TABS} value={view} onChange={(v) => setFilter({ view: v })} />
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
            if (searchRef.current) searchRef.current.value = '';
            setFilter({ view: 'all', supplier: '', terms: [] });
            apiRef.current?.setFilterModel(null);
          }}
        >
          Clear filters
        </button>
        <ExportButtons api={gridApi} gstin={gstin} />
      </div>

      <ActionBar api={gridApi} total={rows?.length ?? null} onDecide={openDialog} />

      <div className="grid-and-panel">
        <div className="grid-wrap">
          <AgGridReact<Row>
            rowData={rows}
            selectionColumnDef={SELECTION_COLUMN_DEF}
            {...gridProps}
            onColumnResized={onColumnChanged}
            onColumnMoved={onColumnChanged}
            onCellClicked={onCellClicked}
            onCellKeyDown={onCellKeyDown}
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
            onChanged={() => {
              // A link or unlink runs the match again: outcomes may change on other rows too.
              setPanelVersion((v) => v + 1);
              bump();
            }}
            onDecide={(verb) => {
              const r = panelRow ?? rows?.find((x) => x.key === panelKey);
              if (r) openDialog(verb, r);
            }}
          />
        )}
      </div>

      {dialog && gstin && (
        <DecideDialog
          gstin={gstin}
          verb={dialog.verb}
          rows={dialog.rows}
          onClose={() => setDialog(null)}
          onApplied={onApplied}
          restoreFocus={restoreFocus}
          scope={dialog.scope}
        />
      )}
    </div>
  );
}

/**
 * Counts and the decision buttons. Listens to the grid itself, so a filter or a selection
 * re-renders this bar only, not the page (and not the grid).
 */
function ActionBar({
  api,
  total,
  onDecide,
}: {
  api: GridApi<Row> | null;
  total: number | null;
  onDecide: (verb: DecideVerb) => void;
}) {
  const [counts, setCounts] = useState({ shown: 0, selected: 0 });
  useEffect(() => {
    if (!api) return;
    const update = (): void =>
      setCounts({ shown: api.getDisplayedRowCount(), selected: api.getSelectedNodes().length });
    update();
    api.addEventListener('modelUpdated', update);
    api.addEventListener('selectionChanged', update);
    return () => {
      if (api.isDestroyed()) return;
      api.removeEventListener('modelUpdated', update);
      api.removeEventListener('selectionChanged', update);
    };
  }, [api]);
  return (
    <div className="actionbar">
      <span className="counts" data-testid="grid-counts" aria-live="polite">
        {total !== null && api ? (
          <>
            Showing <b>{count(counts.shown)}</b> of {count(total)} records ·{' '}
            <b>{count(counts.selected)}</b> selected
          </>
        ) : (
          'Loading records…'
        )}
      </span>
      {(['accept', 'reject', 'pending', 'reset'] as DecideVerb[]).map((v) => (
        <button
          key={v}
          className={`decide decide-${v}`}
          disabled={counts.selected === 0}
          onClick={() => onDecide(v)}
        >
          {VERB_LABEL[v]} <kbd>{v === 'reset' ? 'n' : v[0]}</kbd>
        </button>
      ))}
      <span
        className="shortcuts muted small"
        title="a accept · r reject · p pending · n reset to No Action, on the selected records"
      >
        Keys: <kbd>/</kbd> search · <kbd>Space</kbd> select · <kbd>Enter</kbd> details ·{' '}
        <kbd>Esc</kbd> close
      </span>
    </div>
  );
}

/** Export of what the grid shows now (filters, sort, shown columns) as CSV or a workbook. */
function ExportButtons({ api, gstin }: { api: GridApi<Row> | null; gstin: string | null }) {
  const { toast } = useApp();
  const [busy, setBusy] = useState(false);
  const run = async (kind: 'CSV' | 'Excel'): Promise<void> => {
    if (!api || !gstin) return;
    setBusy(true);
    try {
      const n = kind === 'CSV' ? exportCsv(api, gstin) : await exportXlsx(api, gstin);
      toast('ok', `Exported ${count(n)} record${n === 1 ? '' : 's'} as shown to ${kind}.`);
    } catch (e) {
      toast('error', `The ${kind} export failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button
        disabled={!api || busy}
        onClick={() => void run('CSV')}
        aria-label="Export CSV"
        title="Export the records the grid shows now (filters and sort), with its shown columns, to CSV"
      >
        ⤓ CSV
      </button>
      <button
        disabled={!api || busy}
        onClick={() => void run('Excel')}
        aria-label="Export .xlsx"
        title="Export the records the grid shows now to an Excel workbook, amounts in Indian number format"
      >
        ⤓ .xlsx
      </button>
    </>
  );
}
