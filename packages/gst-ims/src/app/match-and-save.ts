// A fresh match saved: what every reconciliation use case that changes the pairs runs.
import type { AppContext } from './context.js';
import type { Run } from './reconcile-engine-run.js';
import { run } from './reconcile-engine-run.js';
import type { ReconcileRow, ReconcileSummary } from './reconcile-rows.js';
import { rowsOf, summaryOf } from './reconcile-rows.js';

/** Matches every record and register document and saves the results, in one transaction. */
export async function matchAndSave(
  ctx: AppContext,
  gstin: string,
): Promise<{ run: Run; rows: ReconcileRow[] }> {
  const r = await ctx.store.transaction(async (tx) => {
    const res = await run(tx, gstin, ctx.progress);
    await tx.saveMatches(gstin, res.results);
    return res;
  });
  return { run: r, rows: rowsOf(r) };
}

/** The same, summarised: reconcileWorkspace without a result file. */
export async function rematch(ctx: AppContext, gstin: string): Promise<ReconcileSummary> {
  const { run: r, rows } = await matchAndSave(ctx, gstin);
  return summaryOf(gstin, r, rows, null);
}
