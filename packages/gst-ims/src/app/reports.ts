import type { ItcSummary, ItcSummaryItem, KnownRecord, SupplierItcSummary, WorkspaceRecord } from '../core/index.js';
import { itcSummary, itcSummaryBySupplier, twoBPeriod } from '../core/index.js';
import type { AppContext } from './context.js';

export interface ReportOptions {
  /** Only records of this GSTR-2B period ("MMYYYY"). */
  readonly period?: string | undefined;
}

function items(rows: readonly WorkspaceRecord[], period: string | undefined): ItcSummaryItem[] {
  return rows
    .filter((r) => !r.state.gone && (period === undefined || twoBPeriod(r.record) === period))
    .map((r) => ({ record: r.record, action: r.state.decision.action, itcReduction: r.state.decision.itcReduction }));
}

/** Every record of the GSTIN, gone ones too: an amendment's original may have left IMS. */
function known(rows: readonly WorkspaceRecord[]): Map<string, KnownRecord> {
  return new Map(rows.map((r) => [r.record.key, { record: r.record, action: r.state.decision.action }]));
}

/** The projected GSTR-2B effect of the current local decisions (of one 2B period when given). */
export async function itcReport(ctx: AppContext, gstin: string, opts: ReportOptions = {}): Promise<ItcSummary> {
  const rows = await ctx.store.loadRecords(gstin);
  return itcSummary(items(rows, opts.period), { known: known(rows) });
}

export async function supplierReport(ctx: AppContext, gstin: string, opts: ReportOptions = {}): Promise<SupplierItcSummary[]> {
  const rows = await ctx.store.loadRecords(gstin);
  return itcSummaryBySupplier(items(rows, opts.period), { known: known(rows) });
}
