// The Records page: every record of the GSTIN in one grid, a side panel for one record, and the
// decision dialog. Its parts live in pages/records/: the filter and views (records-filter), the
// columns, the rows (use-record-rows), the selection's dialog (use-decide-dialog), the keys, the
// column state, the toolbar and the action bar.
import type { GridApi } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useCallback, useMemo, useRef, useState } from 'react';
import type { DecidePayload } from '../../../gst-ims/src/server/api-types.js';
import { useApp } from '../app-state.js';
import { DecideDialog } from '../components/DecideDialog.js';
import { RecordPanel } from '../components/RecordPanel.js';
import { useFilteredGrid } from '../grid.js';
import type { Row } from '../records.js';
import { decodeRecords } from '../records.js';
import { ActionBar } from './records/ActionBar.js';
import { SavedViews } from './records/SavedViews.js';
import { useUndoToastAction } from '../undo.js';
import { RecordsToolbar } from './records/RecordsToolbar.js';
import {
  COLUMNS,
  DEFAULT_COL_DEF,
  RECORDS_THEME,
  SELECTION_COLUMN_DEF,
  getRowId,
} from './records/records-columns.js';
import type { RecordsFilter } from './records/records-filter.js';
import {
  NO_FILTER,
  filterActive,
  filterFromSearch,
  filterPasses,
  scopeText,
  searchTerms,
  suppliersOf,
} from './records/records-filter.js';
import { restoreColumns, useColumnState } from './records/use-column-state.js';
import { useDecideDialog } from './records/use-decide-dialog.js';
import { useRecordPanel } from './records/use-record-panel.js';
import { useRecordRows } from './records/use-record-rows.js';
import { useRecordsKeys } from './records/use-records-keys.js';

export function RecordsPage() {
  const { gstin, version, bump, toast } = useApp();
  const [gridApi, setGridApi] = useState<GridApi<Row> | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  const onGridReady = useCallback((api: GridApi<Row>) => {
    // For the benchmark and for diagnosing from the browser console.
    (window as unknown as { __gstImsGrid?: GridApi<Row> }).__gstImsGrid = api;
    restoreColumns(api);
    setGridApi(api);
  }, []);
  const { filter, setFilter, apiRef, gridProps, current } = useFilteredGrid<Row, RecordsFilter>({
    columnDefs: COLUMNS,
    defaultColDef: DEFAULT_COL_DEF,
    getRowId,
    initial: () => filterFromSearch(location.search),
    active: filterActive,
    passes: filterPasses,
    onReady: onGridReady,
    theme: RECORDS_THEME,
  });

  const panelRefresh = useRef<() => void>(() => undefined);
  const { rows, error, noteOwnChange } = useRecordRows(gstin, version, () =>
    panelRefresh.current(),
  );
  const panel = useRecordPanel(apiRef, rows);
  panelRefresh.current = panel.refresh;
  const suppliers = useMemo(() => suppliersOf(rows ?? []), [rows]);
  const columns = useColumnState(apiRef);

  const scope = useCallback(() => scopeText(current()), [current]);
  const decide = useDecideDialog({ apiRef, scope, toast });
  const undoToast = useUndoToastAction();
  useRecordsKeys({
    paused: decide.dialog !== null,
    searchRef,
    onEscape: panel.close,
    onVerb: decide.open,
  });

  const onApplied = useCallback(
    (r: DecidePayload, message: string) => {
      decide.close();
      // An applied decision can be taken back from its toast (the same undo as History's).
      toast(r.changed ? 'ok' : 'info', message, r.applied && r.changed ? undoToast() : undefined);
      if (!gstin) return;
      if (r.updated && r.updated.rows.length) {
        const updated = decodeRecords(r.updated);
        apiRef.current?.applyTransaction({ update: updated });
        noteOwnChange(updated);
        bump();
      }
      panel.refresh();
    },
    [gstin, toast, undoToast, bump, apiRef, noteOwnChange, decide.close, panel.refresh],
  );

  // The search text is no state of the page: typing filters the grid without rendering the page.
  const setSearch = useCallback(
    (typed: string) => setFilter({ terms: searchTerms(typed) }, { quiet: true }),
    [setFilter],
  );
  const clearFilters = (): void => {
    if (searchRef.current) searchRef.current.value = '';
    setFilter(NO_FILTER);
    apiRef.current?.setFilterModel(null);
  };

  if (error) return <div className="error-box">{error}</div>;
  const panelRow =
    panel.key && apiRef.current ? (apiRef.current.getRowNode(panel.key)?.data ?? null) : null;

  return (
    <div className={`records ${panel.key ? 'with-panel' : ''}`}>
      <RecordsToolbar
        searchRef={searchRef}
        onSearch={setSearch}
        suppliers={suppliers}
        supplier={filter.supplier}
        onSupplier={(g) => setFilter({ supplier: g })}
        view={filter.view}
        onView={(v) => setFilter({ view: v })}
        onClear={clearFilters}
        apiRef={apiRef}
        gridApi={gridApi}
        gstin={gstin}
        columns={columns}
      >
        <SavedViews
          gstin={gstin}
          apiRef={apiRef}
          searchRef={searchRef}
          filter={filter}
          setFilter={setFilter}
          columns={columns}
        />
      </RecordsToolbar>

      <ActionBar api={gridApi} total={rows?.length ?? null} onDecide={decide.open} />

      <div className="grid-and-panel">
        <div className="grid-wrap">
          <AgGridReact<Row>
            rowData={rows}
            selectionColumnDef={SELECTION_COLUMN_DEF}
            {...gridProps}
            onColumnResized={columns.onColumnChanged}
            onColumnMoved={columns.onColumnChanged}
            onCellClicked={panel.onCellClicked}
            onCellKeyDown={panel.onCellKeyDown}
            suppressCellFocus={false}
            loading={rows === null}
            overlayNoRowsTemplate="No record matches the filters."
          />
        </div>
        {panel.key && gstin && (
          <RecordPanel
            gstin={gstin}
            recordKey={panel.key}
            version={panel.version}
            onClose={panel.close}
            onChanged={() => {
              // A link or unlink runs the match again: outcomes may change on other rows too.
              panel.refresh();
              bump();
            }}
            onDecide={(verb) => {
              const r = panelRow ?? rows?.find((x) => x.key === panel.key);
              if (r) decide.open(verb, r);
            }}
          />
        )}
      </div>

      {decide.dialog && gstin && (
        <DecideDialog
          gstin={gstin}
          verb={decide.dialog.verb}
          rows={decide.dialog.rows}
          onClose={decide.close}
          onApplied={onApplied}
          restoreFocus={decide.restoreFocus}
          scope={decide.dialog.scope}
        />
      )}
    </div>
  );
}
