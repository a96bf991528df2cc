// The Records page in paged mode (issue 18, decision 0040): the grid asks the server for the
// rows it shows (use-paged-grid), the tabs' counts and suppliers come from the summary, a
// decision on ticked rows goes through the same dialog as in the client mode, and "all N
// matching" goes to the server's bulk job. The record panel loads its record by key, as before.
import { AgGridReact } from 'ag-grid-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DecidePayload, DecideVerb } from '../../../../gst-ims/src/server/api-types.js';
import type { RecordPositionPayload } from '../../../../gst-ims/src/server/record-page-api-types.js';
import { errorText, getJson } from '../../api.js';
import { useApp } from '../../app-state.js';
import type { Row } from '../../records.js';
import { DecideDialog } from '../../components/DecideDialog.js';
import { JobProgress } from '../../components/JobProgress.js';
import { useUndoToastAction } from '../../undo.js';
import { BulkDecideDialog } from './BulkDecideDialog.js';
import type { BulkAvailability } from './PagedActionBar.js';
import { PagedActionBar } from './PagedActionBar.js';
import { PagedToolbar } from './PagedToolbar.js';
import { RecordsSidePanel } from './RecordsSidePanel.js';
import { SELECTION_COLUMN_DEF } from './records-columns.js';
import { NO_FILTER, scopeText, searchTerms } from './records-filter.js';
import type { PagedFilter } from './records-paged.js';
import { useBulkDecision } from './use-bulk-decision.js';
import { noteSeenVersions } from './seen-versions.js';
import { useColumnState } from './use-column-state.js';
import { useDecideDialog } from './use-decide-dialog.js';
import { usePagedGrid } from './use-paged-grid.js';
import { usePagedKeyLink } from './use-paged-key-link.js';
import { useRecordPanel } from './use-record-panel.js';
import { useRecordsKeys } from './use-records-keys.js';
import { useRecordsSummary } from './use-records-summary.js';

/** "All N matching" is decided by the server's job (POST /api/decide-filtered, decision 0044). */
const BULK: BulkAvailability = { available: true, reason: '' };

export function PagedRecords({ gstin }: { gstin: string }) {
  const { version, bump, toast } = useApp();
  const onError = useCallback((text: string) => toast('error', text), [toast]);
  const grid = usePagedGrid(gstin, onError);
  // Asked once the first rows have come: the server answers one request at a time, and the
  // summary (every view counted, every supplier) costs it more than a page of rows.
  const { summary } = useRecordsSummary(grid.shown ? gstin : null, version, onError);
  const [allMatching, setAllMatching] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const panel = useRecordPanel(grid.apiRef, null);
  const columns = useColumnState(grid.apiRef);
  const { current, setFilter: setGridFilter, refresh, apiRef } = grid;
  const scope = useCallback(() => scopeText(current()), [current]);
  const decide = useDecideDialog({ apiRef, scope, toast });
  const undoToast = useUndoToastAction();
  const bulk = useBulkDecision({
    gstin,
    version,
    filter: current,
    matching: grid.total,
    toast,
    undoToast,
    onWritten: bump,
  });

  const setFilter = useCallback(
    (patch: Partial<PagedFilter>, o?: { quiet?: boolean }) => {
      setAllMatching(false);
      setGridFilter(patch, o);
    },
    [setGridFilter],
  );
  const onSearch = useCallback(
    (typed: string) => setFilter({ terms: searchTerms(typed) }, { quiet: true }),
    [setFilter],
  );
  const onClear = useCallback(() => {
    if (searchRef.current) searchRef.current.value = '';
    setFilter({ ...NO_FILTER, section: null });
  }, [setFilter]);

  // The page's own decisions and changes made elsewhere both move the app's version on: the
  // rows shown are asked for again where they are (the scroll position stays).
  // A link to a record (?key=): its row scrolled to, ticked and focused.
  usePagedKeyLink({
    gstin,
    api: grid.gridApi,
    total: grid.total,
    filter: current,
    load: (url) => getJson<RecordPositionPayload>(url),
    onError: (e) => toast('error', errorText(e)),
  });

  const seenVersion = useRef(version);
  const refreshPanel = panel.refresh;
  useEffect(() => {
    if (version === seenVersion.current) return;
    seenVersion.current = version;
    refresh();
    refreshPanel();
  }, [version, refresh, refreshPanel]);

  const onApplied = useCallback(
    (r: DecidePayload, message: string) => {
      decide.close();
      toast(r.changed ? 'ok' : 'info', message, r.applied && r.changed ? undoToast() : undefined);
      if (r.applied && r.changed > 0) {
        // Decided records may leave the view: the ticks go with the rows they were on.
        apiRef.current?.deselectAll();
        bump();
      } else refreshPanel();
    },
    [decide, toast, undoToast, apiRef, bump, refreshPanel],
  );

  // A multi-user server wants the versions of the records decided (seen-versions.ts).
  const openDecide = useCallback(
    (verb: DecideVerb, only?: Row) => {
      const keys = only ? [only.key] : (apiRef.current?.getSelectedRows() ?? []).map((r) => r.key);
      noteSeenVersions(gstin, keys).then(
        () => decide.open(verb, only),
        (e: unknown) => toast('error', errorText(e)),
      );
    },
    [apiRef, gstin, decide, toast],
  );
  const onVerb = useCallback(
    (verb: DecideVerb) => {
      if (!allMatching) openDecide(verb);
      else if (BULK.available) bulk.ask(verb);
      else toast('info', BULK.reason);
    },
    [allMatching, openDecide, toast, bulk],
  );
  useRecordsKeys({
    paused: decide.dialog !== null || bulk.asking !== null || bulk.title !== null,
    searchRef,
    onEscape: panel.close,
    onVerb,
  });

  return (
    <div className={`records paged ${panel.key ? 'with-panel' : ''}`}>
      <PagedToolbar
        searchRef={searchRef}
        onSearch={onSearch}
        filter={grid.filter}
        setFilter={setFilter}
        summary={summary}
        onClear={onClear}
        apiRef={apiRef}
        columns={columns}
      />
      <PagedActionBar
        api={grid.gridApi}
        matching={grid.total}
        counting={grid.counting}
        records={summary?.total ?? null}
        allMatching={allMatching}
        onAllMatching={setAllMatching}
        onDecide={onVerb}
        bulk={BULK}
      />
      <div className="grid-and-panel">
        <div className="grid-wrap">
          <AgGridReact
            selectionColumnDef={SELECTION_COLUMN_DEF}
            {...grid.gridProps}
            onColumnResized={columns.onColumnChanged}
            onColumnMoved={columns.onColumnChanged}
            onCellClicked={panel.onCellClicked}
            onCellKeyDown={panel.onCellKeyDown}
            suppressCellFocus={false}
          />
        </div>
        {panel.key && (
          <RecordsSidePanel
            gstin={gstin}
            panel={{ ...panel, key: panel.key }}
            apiRef={apiRef}
            rows={null}
            onDecide={(verb, r) => openDecide(verb, r)}
            onChanged={bump}
          />
        )}
      </div>
      {decide.dialog && (
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
      {bulk.asking && bulk.base && grid.total !== null && (
        <BulkDecideDialog
          verb={bulk.asking}
          matching={grid.total}
          scope={scope()}
          base={bulk.base}
          onCancel={bulk.cancelAsk}
          onConfirm={bulk.confirm}
        />
      )}
      {bulk.title !== null && (
        <JobProgress
          job={bulk.job.job}
          error={bulk.job.error}
          title={bulk.title}
          onCancel={bulk.job.cancel}
          onClose={() => {
            bulk.closeJob();
            setAllMatching(false);
          }}
        />
      )}
    </div>
  );
}
