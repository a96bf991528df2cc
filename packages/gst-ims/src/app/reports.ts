import type {
  ItcSummary,
  ItcSummaryItem,
  KnownRecord,
  Paise,
  SupplierItcSummary,
  WorkspaceRecord,
} from '../core/index.js';
import { itcSummary, itcSummaryBySupplier, totalTax, twoBPeriod } from '../core/index.js';
import type { AppContext } from './context.js';

export interface ReportOptions {
  /** Only records of this GSTR-2B period ("MMYYYY"). */
  readonly period?: string | undefined;
}

function items(rows: readonly WorkspaceRecord[], period: string | undefined): ItcSummaryItem[] {
  return rows
    .filter((r) => !r.state.gone && (period === undefined || twoBPeriod(r.record) === period))
    .map((r) => ({
      record: r.record,
      action: r.state.decision.action,
      itcReduction: r.state.decision.itcReduction,
    }));
}

/** Every record of the GSTIN, gone ones too: an amendment's original may have left IMS. */
function known(rows: readonly WorkspaceRecord[]): Map<string, KnownRecord> {
  return new Map(
    rows.map((r) => [r.record.key, { record: r.record, action: r.state.decision.action }]),
  );
}

/**
 * Records on No Action that the supplier changed after a decision the portal held: they count as
 * deemed accepted in the projection, as the portal will if nobody decides, and are named apart so
 * that this is never silent.
 */
export interface DecideAgain {
  readonly count: number;
  readonly tax: Paise;
  readonly keys: string[];
}

/** The projected GSTR-2B effect of the current local decisions (of one 2B period when given). */
export async function itcReport(
  ctx: AppContext,
  gstin: string,
  opts: ReportOptions = {},
): Promise<ItcSummary & { decideAgain: DecideAgain }> {
  const rows = await ctx.store.loadRecords(gstin);
  const again = rows.filter(
    (r) =>
      !r.state.gone &&
      r.state.changedBySupplier &&
      r.state.decision.action === 'noAction' &&
      (opts.period === undefined || twoBPeriod(r.record) === opts.period),
  );
  let tax = 0;
  for (const r of again) tax += totalTax(r.record.amounts);
  return {
    ...itcSummary(items(rows, opts.period), { known: known(rows) }),
    decideAgain: { count: again.length, tax: tax as Paise, keys: again.map((r) => r.record.key) },
  };
}

export async function supplierReport(
  ctx: AppContext,
  gstin: string,
  opts: ReportOptions = {},
): Promise<SupplierItcSummary[]> {
  const rows = await ctx.store.loadRecords(gstin);
  return itcSummaryBySupplier(items(rows, opts.period), { known: known(rows) });
}
