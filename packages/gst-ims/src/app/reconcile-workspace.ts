// Reconciliation use cases: match the IMS records with the purchase register, explain, link,
// propose and apply actions, summarise per supplier.
import { writeTableFile } from '../io/register-tables.js';
import type { TableCell } from '../io/register-tables.js';
import type { AppContext } from './context.js';
import { matchAndSave } from './match-and-save.js';
import { PHASE_WRITE, PROGRESS_EVERY } from './reconcile-engine-run.js';
import type { ReconcileSummary } from './reconcile-rows.js';
import { RESULT_COLUMNS, resultCells, summaryOf } from './reconcile-rows.js';

export interface ReconcileOptions {
  /** Write the result here: .csv, .json or .xlsx. */
  readonly out?: string | undefined;
}

/** Matches every record and register document, saves the results, proposes actions. */
export async function reconcileWorkspace(
  ctx: AppContext,
  gstin: string,
  opts: ReconcileOptions = {},
): Promise<ReconcileSummary> {
  const progress = ctx.progress;
  const { run: r, rows } = await matchAndSave(ctx, gstin);
  if (opts.out !== undefined) {
    const money = RESULT_COLUMNS.flatMap((c, i) => (/_(value|taxable|tax)$/.test(c) ? [i] : []));
    // Cells made row by row as the file is written: 100,000 rows of cells never live at once.
    const cells = function* (): Generator<TableCell[]> {
      let n = 0;
      for (const row of rows) {
        if (progress && n % PROGRESS_EVERY === 0) progress(PHASE_WRITE, n, rows.length);
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
    progress?.(PHASE_WRITE, rows.length, rows.length);
  }
  return summaryOf(gstin, r, rows, opts.out ?? null);
}

export { heldDecisions } from './reconcile-engine-run.js';
export * from './reconcile-rows.js';
export * from './explain-match.js';
export * from './apply-proposals.js';
export * from './manual-links.js';
export * from './reconcile-report.js';
