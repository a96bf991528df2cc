// The Reconcile page: the match of the portal's records with the purchase register in one grid
// (a tab per outcome), a side panel for the row clicked (the record, the books, the reasons,
// the candidates), and the apply, link and unlink actions. Its parts live in pages/reconcile/.
import type { CellClickedEvent, CellKeyDownEvent } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useApp } from '../app-state.js';
import { useFilteredGrid } from '../grid.js';
import { periodQuery } from '../period-state.js';
import { ApplyConfirm } from './reconcile/ApplyConfirm.js';
import { NoRegister } from './reconcile/NoRegister.js';
import { ReconcilePanel } from './reconcile/ReconcilePanel.js';
import { ReconcileHead } from './reconcile/ReconcileHead.js';
import { ReconcileToolbar } from './reconcile/ReconcileToolbar.js';
import { COLUMNS, DEFAULT_COL_DEF, getRowId } from './reconcile/reconcile-columns.js';
import type { MatchRow, Tab } from './reconcile/reconcile-rows.js';
import {
  rowsOf,
  safeToApply,
  selectionUse,
  tabActive,
  tabPasses,
} from './reconcile/reconcile-rows.js';
import { useReconcileActions } from './reconcile/use-reconcile-actions.js';
import { useReconcileRun } from './reconcile/use-reconcile-run.js';

export function ReconcilePage() {
  const { gstin, version, bump, navigate, toast, period: topPeriod } = useApp();
  // The top bar's period is the IMS period of the match (books dated after it: in transit).
  const q = periodQuery(topPeriod);
  const { data, error, busy, run } = useReconcileRun(gstin, q, version);
  const [selected, setSelected] = useState<MatchRow[]>([]);
  const [panelId, setPanelId] = useState<string | null>(null);
  const { filter, setFilter, apiRef, gridProps } = useFilteredGrid<MatchRow, { tab: Tab }>({
    columnDefs: COLUMNS,
    defaultColDef: DEFAULT_COL_DEF,
    getRowId,
    initial: { tab: 'all' },
    active: tabActive,
    passes: tabPasses,
  });
  const actions = useReconcileActions({ gstin, q, toast, changed: bump });
  const rows = useMemo(() => rowsOf(data), [data]);
  const selection = selectionUse(selected);
  const panelRow = panelId === null ? null : (rows.find((r) => r.id === panelId) ?? null);

  // The selection as the grid holds it: after a click, a narrowing, and new rows of a new run
  // (the grid keeps the selection by id, with the run's new objects).
  const readSelection = useCallback(
    () => setSelected(apiRef.current?.getSelectedRows() ?? []),
    [apiRef],
  );
  const onCellClicked = useCallback((e: CellClickedEvent<MatchRow>) => {
    if (e.column.getColId() === 'ag-Grid-SelectionColumn' || !e.data) return;
    setPanelId(e.data.id);
  }, []);
  const onCellKeyDown = useCallback((e: CellKeyDownEvent<MatchRow>) => {
    if ((e.event as KeyboardEvent | null)?.key === 'Enter' && e.data) setPanelId(e.data.id);
  }, []);
  useEscape(panelRow !== null && actions.confirm === null, () => setPanelId(null));

  if (error) return <NoRegister error={error} onImport={() => navigate('import')} />;
  if (!data) return <div className="loading">Matching the portal's records with the books…</div>;

  return (
    <div className="reconcile">
      <ReconcileHead data={data} busy={busy} onRun={() => void run()} />
      <ReconcileToolbar
        data={data}
        tab={filter.tab}
        onTab={(t) => setFilter({ tab: t })}
        toApply={safeToApply(data.rows)}
        selection={selection}
        onApplySafe={() => void actions.applySafe()}
        onApplySelected={() => void actions.applySelected(selection.portalSide)}
        onLink={() => void actions.link(selection.portalSide[0], selection.booksOnly[0])}
        onUnlink={() => void actions.unlink(selected[0])}
      />
      <div className="grid-and-panel">
        <div className="grid-wrap reconcile-grid">
          <AgGridReact<MatchRow>
            rowData={rows}
            {...gridProps}
            // The browser's own tooltips: ag-grid's are left on screen when a new run re-renders
            // the rows under the pointer.
            enableBrowserTooltips
            onSelectionChanged={readSelection}
            onRowDataUpdated={readSelection}
            onCellClicked={onCellClicked}
            onCellKeyDown={onCellKeyDown}
          />
        </div>
        {panelRow && gstin && (
          <ReconcilePanel
            gstin={gstin}
            row={panelRow}
            run={data}
            onClose={() => setPanelId(null)}
            onLink={(ref, docNumber) =>
              void actions.link(panelRow, { registerRef: ref, registerDocNumber: docNumber })
            }
            onUnlink={() => void actions.unlink(panelRow)}
            onOpenRecord={(key) => navigate('records', `?key=${encodeURIComponent(key)}`)}
          />
        )}
      </div>
      {actions.confirm && <ApplyConfirm confirm={actions.confirm} onClose={actions.closeConfirm} />}
      <p className="muted small">
        Proposals come from the rules (exact → accept, mismatch → pending with a remark, …);
        applying them goes through the portal's rules like any decision and is recorded in each
        record's history.
      </p>
    </div>
  );
}

/** Esc closes what `active` says is open (a dialog open has Esc for itself). */
function useEscape(active: boolean, close: () => void): void {
  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') close();
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [active, close]);
}
