// The 3B's ITC against the 2B and the decisions: the excess-ITC check (DRC-01C) and the
// records that explain an excess.
import type {
  Drc01cThreshold,
  ExcessCheck,
  Gstr3b,
  Heads,
  Paise,
  WorkspaceRecord,
} from '../core/index.js';
import {
  DEFAULT_DRC01C_THRESHOLD,
  NothingToDoError,
  ZERO_HEADS,
  addHeads,
  checkExcess,
  claimedAllOther,
  gstr2bTable4,
  headsTotal,
  periodLabel,
  periodIndex,
  twoBPeriod,
} from '../core/index.js';
import type { AppContext } from './context.js';
import { periodDays } from './period-scope.js';
import { itcReport } from './reports.js';
import { storedGstr2b } from './gstr2b-check.js';

export interface ExplainingRecord {
  readonly recordKey: string;
  readonly why: 'deemedEarlier' | 'notFiled' | 'pending';
  readonly twoBPeriod: string | null;
  readonly tax: Heads;
  readonly note: string;
}

export interface Report3b {
  readonly gstin: string;
  readonly period: string;
  /** Where `available` came from: the imported 2B of the period, or the projection of the decisions. */
  readonly availableFrom: 'gstr2b' | 'projection';
  readonly check: ExcessCheck;
  readonly threshold: Drc01cThreshold;
  /** Other Table-4 lines beside the 2B's (claimed, available): imports, reverse charge, ISD. */
  readonly lines: {
    readonly name: string;
    readonly row: string;
    readonly claimed: Heads;
    readonly available: Heads | null;
  }[];
  /** Records that may explain an excess; their tax adds up to `explained`. */
  readonly explaining: readonly ExplainingRecord[];
  readonly explained: Paise;
  readonly advice: readonly string[];
}

/**
 * `report 3b --period`: Table 4 of the imported 3B against the 2B of the period (imported, else
 * projected). The excess is named with the records that may explain it: deemed accepted in an
 * earlier 2B yet booked in this period (from the register), claimed before the supplier filed,
 * pending on the portal.
 */
export async function report3b(
  ctx: AppContext,
  gstin: string,
  period: string,
  threshold: Drc01cThreshold = DEFAULT_DRC01C_THRESHOLD,
): Promise<Report3b> {
  const stored = await ctx.store.loadReturn(gstin, 'gstr3b', period);
  if (stored === null)
    throw new NothingToDoError(
      `no GSTR-3B of ${period} in the workspace for ${gstin}: import it with gst-ims import gstr3b FILE`,
    );
  const threeB = JSON.parse(stored.data) as Gstr3b;
  const twoB = await storedGstr2b(ctx.store, gstin, period);
  const t4 = twoB === null ? null : gstr2bTable4(twoB);
  const available = t4?.allOther ?? (await itcReport(ctx, gstin, { period })).netAvailable;
  const check = checkExcess(
    claimedAllOther(threeB.table4),
    addHeads(ZERO_HEADS, available),
    threshold,
  );
  const a = threeB.table4.available;
  const lines = [
    { name: 'imports of goods', row: '4(A)(1)', claimed: a.IMPG, available: t4?.imports ?? null },
    {
      name: 'reverse charge',
      row: '4(A)(3)',
      claimed: a.ISRC,
      available: t4?.reverseCharge ?? null,
    },
    { name: 'from ISD', row: '4(A)(4)', claimed: a.ISD, available: t4?.isd ?? null },
  ];
  const explaining =
    check.excessTotal > 0 ? await explainExcess(ctx, gstin, period, check.excessTotal) : [];
  const explained = explaining.reduce((n, e) => n + headsTotal(e.tax), 0) as Paise;
  const advice: string[] = [];
  if (check.excessTotal > 0) {
    advice.push(
      'Before the 2B is generated on the 14th, keep Pending the records you will not claim this month, so the 2B and the 3B agree.',
    );
    advice.push(
      'ITC claimed above the 2B: reverse it in 4(B)(2) and reclaim it in the 3B of the period whose 2B carries it (4(A)(5), shown again in 4(D)(1)).',
    );
    if (check.crossesThreshold)
      advice.push(
        'The excess crosses the DRC-01C limit: expect Part A of DRC-01C; pay it with DRC-03 or explain it in Part B within 7 days, or GSTR-1/IFF of the next period is blocked.',
      );
  }
  return {
    gstin,
    period,
    availableFrom: t4 === null ? 'projection' : 'gstr2b',
    check,
    threshold,
    lines,
    explaining,
    explained,
    advice,
  };
}

async function explainExcess(
  ctx: AppContext,
  gstin: string,
  period: string,
  excessTotal: Paise,
): Promise<ExplainingRecord[]> {
  const p = periodIndex(period) ?? 0;
  const { from, to } = periodDays(period);
  const rows = (await ctx.store.loadRecords(gstin)).filter((r) => !r.state.gone);
  const byKey = new Map(rows.map((r) => [r.record.key, r]));
  const docs = new Map((await ctx.store.loadRegister(gstin)).map((d) => [d.ref, d]));
  const out: ExplainingRecord[] = [];
  const taxOf = (r: WorkspaceRecord): Heads => ({
    igst: r.record.amounts.igst,
    cgst: r.record.amounts.cgst,
    sgst: r.record.amounts.sgst,
    cess: r.record.amounts.cess,
  });
  const seen = new Set<string>();
  // With books, a record explains this period's claim only when the books took it in this period;
  // without them, every open record is a candidate.
  const bookedInPeriod = new Set<string>();
  for (const m of await ctx.store.loadMatches(gstin)) {
    if (m.recordKey === null || m.registerRef === null) continue;
    const r = byKey.get(m.recordKey);
    const d = docs.get(m.registerRef);
    if (r === undefined || d === undefined) continue;
    const tp = twoBPeriod(r.record);
    const booked = d.receivedDate ?? d.docDate;
    if (booked >= from && booked <= to) bookedInPeriod.add(r.record.key);
    const earlier = tp !== null && (periodIndex(tp) ?? p) < p;
    const accepted = r.state.decision.action === 'accept' || r.state.decision.action === 'noAction';
    if (earlier && accepted && r.record.supplierFiled !== false && booked >= from && booked <= to) {
      seen.add(r.record.key);
      out.push({
        recordKey: r.record.key,
        why: 'deemedEarlier',
        twoBPeriod: tp,
        tax: taxOf(r),
        note: `in the 2B of ${periodLabel(tp)} (${r.state.decision.action === 'noAction' ? 'deemed accepted' : 'accepted'}) but booked on ${booked}, in this period: claimed now, it is not in this period's 2B`,
      });
    }
  }
  // Documents deemed accepted earlier that add up to the excess exactly are its explanation.
  if (out.reduce((n, e) => n + headsTotal(e.tax), 0) === excessTotal) return out;
  for (const r of rows) {
    if (seen.has(r.record.key) || (docs.size > 0 && !bookedInPeriod.has(r.record.key))) continue;
    const tp = twoBPeriod(r.record);
    if (tp === null || (periodIndex(tp) ?? p + 1) > p) continue;
    const action = r.state.decision.action;
    if (r.record.supplierFiled === false && action !== 'reject') {
      out.push({
        recordKey: r.record.key,
        why: 'notFiled',
        twoBPeriod: tp,
        tax: taxOf(r),
        note: 'the supplier has not filed: in no 2B yet; claimed before the supplier filed',
      });
    } else if (action === 'pending' || r.record.portalAction === 'pending') {
      out.push({
        recordKey: r.record.key,
        why: 'pending',
        twoBPeriod: tp,
        tax: taxOf(r),
        note: 'pending on the portal: left out of the 2B; claimed, it is excess',
      });
    }
  }
  return out;
}
