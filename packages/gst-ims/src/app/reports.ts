import type { ItcSummary, ItcSummaryItem, SupplierItcSummary, WorkspaceRecord } from '../core/index.js';
import { itcSummary, itcSummaryBySupplier } from '../core/index.js';
import type { AppContext } from './context.js';

function items(rows: readonly WorkspaceRecord[]): ItcSummaryItem[] {
  return rows
    .filter((r) => !r.state.gone)
    .map((r) => ({ record: r.record, action: r.state.decision.action, itcReduction: r.state.decision.itcReduction }));
}

/** The projected GSTR-2B effect of the current local decisions. */
export async function itcReport(ctx: AppContext, gstin: string): Promise<ItcSummary> {
  return itcSummary(items(await ctx.store.loadRecords(gstin)));
}

export async function supplierReport(ctx: AppContext, gstin: string): Promise<SupplierItcSummary[]> {
  return itcSummaryBySupplier(items(await ctx.store.loadRecords(gstin)));
}
