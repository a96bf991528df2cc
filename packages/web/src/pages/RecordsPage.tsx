// The Records page: every record of the GSTIN in one grid, a side panel for one record, and the
// decision dialog. Its parts live in pages/records/: the grid (use-records-grid, RecordsGrid),
// the filter and views (records-filter), the columns, the rows (use-record-rows), the selection's
// dialog (use-decide-dialog, use-applied-decision), the keys, the column state, the toolbar with
// its saved views, and the action bar. Above PAGED_THRESHOLD records (or with ?paged=1) the
// page is PagedRecords instead: the grid loads pages from the server (decision 0040).
import { useCallback, useMemo, useRef } from 'react';
import { useApp } from '../app-state.js';
import { DecideDialog } from '../components/DecideDialog.js';
import { ActionBar } from './records/ActionBar.js';
import { PagedRecords } from './records/PagedRecords.js';
import { RecordsGrid } from './records/RecordsGrid.js';
import { RecordsSidePanel } from './records/RecordsSidePanel.js';
import { RecordsToolbar } from './records/RecordsToolbar.js';
import { SavedViews } from './records/SavedViews.js';
import { scopeText, suppliersOf } from './records/records-filter.js';
import { pagedWanted } from './records/records-paged.js';
import { useAppliedDecision } from './records/use-applied-decision.js';
import { useColumnState } from './records/use-column-state.js';
import { useDecideDialog } from './records/use-decide-dialog.js';
import { useRecordPanel } from './records/use-record-panel.js';
import { useRecordRows } from './records/use-record-rows.js';
import { useRecordsGrid } from './records/use-records-grid.js';
import { useRecordsKeys } from './records/use-records-keys.js';
import { useSearchBox } from './records/use-search-box.js';

export function RecordsPage() {
  const { gstin, meta } = useApp();
  const records = meta.gstins.find((g) => g.gstin === gstin)?.records ?? 0;
  if (gstin && pagedWanted(location.search, records))
    return <PagedRecords key={gstin} gstin={gstin} />;
  return <ClientRecords />;
}

/** Every record of the GSTIN in the browser (ag-grid's client-side row model). */
function ClientRecords() {
  const { gstin, version, bump, toast } = useApp();
  const searchRef = useRef<HTMLInputElement>(null);
  const { filter, setFilter, apiRef, gridProps, current, gridApi } = useRecordsGrid();
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
  const onApplied = useAppliedDecision({
    apiRef,
    closeDialog: decide.close,
    noteOwnChange,
    refreshPanel: panel.refresh,
  });
  useRecordsKeys({
    paused: decide.dialog !== null,
    searchRef,
    onEscape: panel.close,
    onVerb: decide.open,
  });
  const { setSearch, clearFilters } = useSearchBox(searchRef, setFilter, apiRef);

  if (error) return <div className="error-box">{error}</div>;

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
        <RecordsGrid rows={rows} gridProps={gridProps} columns={columns} panel={panel} />
        {panel.key && gstin && (
          <RecordsSidePanel
            gstin={gstin}
            panel={{ ...panel, key: panel.key }}
            apiRef={apiRef}
            rows={rows}
            onDecide={(verb, r) => decide.open(verb, r)}
            onChanged={bump}
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
