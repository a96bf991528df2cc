// Reconciliation use cases: match the IMS records with the purchase register, explain, link,
// propose and apply actions, summarise per supplier.
import { writeTableFile } from '../io/register-tables.js';
import type { TableCell } from '../io/register-tables.js';
import type { AppContext } from './context.js';
import { matchAndSave } from './match-and-save.js';
import { GROUP_ABOVE, reconcileByGroups } from './reconcile-by-groups.js';
import { isPeriodScoped } from './period-scope.js';
import { PHASE_WRITE, PROGRESS_EVERY } from './reconcile-engine-run.js';
import type { GstinCorrection, ReconcileRow, ReconcileSummary } from './reconcile-rows.js';
import {
  RESULT_COLUMNS,
  correctionOf,
  correctionsOf,
  eachRow,
  resultCells,
  rowsOf,
  summaryOf,
} from './reconcile-rows.js';

export interface ReconcileOptions {
  /** Write the result here: .csv, .json or .xlsx. */
  readonly out?: string | undefined;
  /**
   * false: the rows are made one at a time as the result file is written and not kept (the
   * summary's `rows` is empty, `rowCount` counts them): for a caller that only writes them.
   */
  readonly keepRows?: boolean | undefined;
  /**
   * A full garbage collection, run once the engine is done (see run()): for a process that
   * reconciles once and exits (the CLI), where the engine's scratch would otherwise still sit in
   * the heap, uncollected, when the save and the result file reach the peak.
   */
  readonly collect?: (() => void) | undefined;
  /**
   * With the rows not kept: a GSTIN with more records than `groupAbove` (default GROUP_ABOVE)
   * is matched a batch of about `groupRecords` (GROUP_RECORDS) at a time, a whole group of
   * suppliers in each (reconcileByGroups), with the same results and file.
   */
  readonly groupAbove?: number | undefined;
  readonly groupRecords?: number | undefined;
}

/** Matches every record and register document, saves the results, proposes actions. */
export async function reconcileWorkspace(
  ctx: AppContext,
  gstin: string,
  opts: ReconcileOptions = {},
): Promise<ReconcileSummary> {
  const progress = ctx.progress;
  const keep = opts.keepRows !== false;
  if (!keep) {
    const held = (await ctx.store.listGstins()).find((g) => g.gstin === gstin)?.records ?? 0;
    // A period's view of the workspace runs whole (period-scope.ts: PERIOD_REFUSED).
    if (held > (opts.groupAbove ?? GROUP_ABOVE) && !isPeriodScoped(ctx.store))
      return reconcileByGroups(ctx, gstin, {
        out: opts.out,
        groupRecords: opts.groupRecords,
        collect: opts.collect,
      });
  }
  const r = await matchAndSave(ctx, gstin, opts.collect);
  const rows = keep ? rowsOf(r) : [];
  const total = r.results.length;
  // Rows not kept: the corrections are gathered as the rows go by to the file.
  const corrections: GstinCorrection[] = [];
  const pass = function* (): Generator<ReconcileRow> {
    for (const row of eachRow(r)) {
      const c = correctionOf(row);
      if (c !== null) corrections.push(c);
      yield row;
    }
  };
  if (opts.out !== undefined) {
    const money = RESULT_COLUMNS.flatMap((c, i) => (/_(value|taxable|tax)$/.test(c) ? [i] : []));
    // Cells made row by row as the file is written: 100,000 rows of cells never live at once.
    const cells = function* (): Generator<TableCell[]> {
      let n = 0;
      for (const row of keep ? rows : pass()) {
        if (progress && n % PROGRESS_EVERY === 0) progress(PHASE_WRITE, n, total);
        yield resultCells(row);
        n++;
      }
    };
    await writeTableFile(opts.out, {
      sheetName: 'Reconciliation',
      columns: RESULT_COLUMNS,
      rows: cells(),
      moneyColumns: money,
    });
    progress?.(PHASE_WRITE, total, total);
  }
  if (keep) return summaryOf(gstin, r, rows, opts.out ?? null);
  return summaryOf(
    gstin,
    r,
    rows,
    opts.out ?? null,
    opts.out === undefined ? correctionsOf(eachRow(r)) : corrections,
  );
}

export { heldDecisions } from './reconcile-engine-run.js';
export * from './reconcile-rows.js';
export * from './explain-match.js';
export * from './apply-proposals.js';
export * from './manual-links.js';
export * from './reconcile-report.js';
