// The practice view (issue 16): every client GSTIN the person may see, for one GSTR-2B period,
// with what is left to do on each (undecided, waiting for approval, waiting for upload, the
// portal's errors) and the period's dates. On a server the store lists only the granted GSTINs.
import type { IsoDate, PortalRecord } from '../core/index.js';
import { addPeriods, isDirty, periodIndex, twoBPeriod } from '../core/index.js';
import { isMultiUser } from './approvals.js';
import type { PracticeState } from '../store/index.js';
import type { AppContext } from './context.js';

export interface PracticeClient {
  readonly gstin: string;
  /** The client's records of the period (those gone from the portal aside). */
  readonly records: number;
  /** Decided neither here nor on the portal. */
  readonly undecided: number;
  /** Decided since the last approval; null in a one-person workspace (no approval there). */
  readonly waitingApproval: number | null;
  /** Decisions that differ from what the portal holds. */
  readonly waitingUpload: number;
  /** Records the portal refused in the last upload. */
  readonly portalErrors: number;
  /** When the imported GSTR-2B of the period was read in; null when none is. */
  readonly gstr2bImportedAt: string | null;
}

export interface PracticeView {
  /** The period shown; null when no client has any record. */
  readonly period: string | null;
  /** The portal's dates for the period: 2B generated on the 14th, 3B due the 20th of the next month. */
  readonly gstr2bOn: IsoDate | null;
  readonly gstr3bDue: IsoDate | null;
  /** Every period of any client's records, newest first. */
  readonly periods: string[];
  readonly clients: PracticeClient[];
}

/**
 * What a client's records' periods are, kept per store and GSTIN while its practiceStamp holds:
 * reading them means parsing every record's description, and they change only on an import.
 */
interface PeriodMemo {
  readonly stamp: string;
  /** Record id -> its 2B period (null when unknown). */
  readonly periodOf: Map<number, string | null>;
  /** 2B period -> live records. */
  readonly records: Map<string, number>;
}
const memos = new WeakMap<object, Map<string, PeriodMemo>>();

async function periodsOf(ctx: AppContext, gstin: string): Promise<PeriodMemo> {
  let perStore = memos.get(ctx.store);
  if (perStore === undefined) memos.set(ctx.store, (perStore = new Map<string, PeriodMemo>()));
  const stamp = await ctx.store.practiceStamp(gstin);
  const held = perStore.get(gstin);
  if (held?.stamp === stamp) return held;
  const periodOf = new Map<number, string | null>();
  const records = new Map<string, number>();
  for (const p of await ctx.store.recordPeriodParts(gstin)) {
    // twoBPeriod reads only these two fields of the record.
    const period = twoBPeriod(p as Pick<PortalRecord, 'returnPeriod' | 'srcForm'> as PortalRecord);
    periodOf.set(p.id, period);
    if (period !== null) records.set(period, (records.get(period) ?? 0) + 1);
  }
  const memo = { stamp, periodOf, records };
  perStore.set(gstin, memo);
  return memo;
}

export async function practiceView(ctx: AppContext, period?: string): Promise<PracticeView> {
  const gstins = await ctx.store.gstinIds();
  const loaded = await Promise.all(
    gstins.map(async (gstin) => ({ gstin, memo: await periodsOf(ctx, gstin) })),
  );
  const all = new Set<string>();
  for (const { memo } of loaded) for (const p of memo.records.keys()) all.add(p);
  const periods = [...all].sort((a, b) => (periodIndex(b) ?? 0) - (periodIndex(a) ?? 0));
  const shown = period ?? periods[0] ?? null;
  const approvals = await isMultiUser(ctx.store);
  const clients = await Promise.all(
    loaded.map(({ gstin, memo }) => clientOf(ctx, gstin, shown, memo, approvals)),
  );
  const next = shown === null ? null : addPeriods(shown, 1);
  const day = (d: string): IsoDate | null =>
    next === null ? null : (`${next.slice(2)}-${next.slice(0, 2)}-${d}` as IsoDate);
  return { period: shown, gstr2bOn: day('14'), gstr3bDue: day('20'), periods, clients };
}

async function clientOf(
  ctx: AppContext,
  gstin: string,
  period: string | null,
  memo: PeriodMemo,
  approvals: boolean,
): Promise<PracticeClient> {
  const records = period === null ? 0 : (memo.records.get(period) ?? 0);
  // Only the records with something set are read; the rest are undecided on both sides.
  const states =
    records === 0
      ? []
      : (await ctx.store.practiceStates(gstin)).filter((s) => memo.periodOf.get(s.id) === period);
  // The list leaves the returns' data out: only whether the period's 2B is in, and when.
  const stored2b = (await ctx.store.listReturns(gstin)).find(
    (r) => r.kind === 'gstr2b' && r.period === period,
  );
  const count = (f: (s: PracticeState) => boolean): number => states.filter(f).length;
  return {
    gstin,
    records,
    undecided:
      records - count((s) => s.localAction !== 'noAction' || s.portalAction !== 'noAction'),
    waitingApproval: approvals ? count((s) => s.unapproved) : null,
    waitingUpload: count(dirty),
    portalErrors: count((s) => s.portalError),
    gstr2bImportedAt: stored2b?.at ?? null,
  };
}

/** isDirty of the record's decision, from what the state row holds. */
function dirty(s: PracticeState): boolean {
  if (s.sameAction === null) return s.localAction !== s.portalAction;
  const a = s.sameAction;
  return isDirty(
    {
      portalAction: s.portalAction,
      portalRemark: a.portalRemark,
      portalItcReduction: a.portalItcReduction,
    },
    { action: s.localAction, remark: a.localRemark, itcReduction: a.localItcReduction },
  );
}
