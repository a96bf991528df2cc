// A fresh match saved: what every reconciliation use case that changes the pairs runs.
import type { AppContext } from './context.js';
import type { Run } from './reconcile-engine-run.js';
import { run } from './reconcile-engine-run.js';
import type { ReconcileSummary } from './reconcile-rows.js';
import { rowsOf, summaryOf } from './reconcile-rows.js';

/**
 * Matches every record and register document and saves the results, in one transaction.
 * `collect` (a full garbage collection) runs once the engine is done: see ReconcileOptions.
 */
export async function matchAndSave(
  ctx: AppContext,
  gstin: string,
  collect?: () => void,
): Promise<Run> {
  return ctx.store.transaction(async (tx) => {
    const res = await run(tx, gstin, ctx.progress, undefined, collect);
    await tx.saveMatches(gstin, res.results);
    return res;
  });
}

/** The same, summarised: reconcileWorkspace without a result file. */
export async function rematch(ctx: AppContext, gstin: string): Promise<ReconcileSummary> {
  const r = await matchAndSave(ctx, gstin);
  return summaryOf(gstin, r, rowsOf(r), null);
}
