// The practice view (issue 16): every client GSTIN the person may see, for one GSTR-2B period,
// with what is left to do on each (undecided, waiting for approval, waiting for upload, the
// portal's errors) and the period's dates. On a server the store lists only the granted GSTINs.
import type { IsoDate, WorkspaceRecord } from '../core/index.js';
import { addPeriods, isDirty, periodIndex, twoBPeriod } from '../core/index.js';
import { isMultiUser } from './approvals.js';
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

const live = (r: WorkspaceRecord): boolean => !r.state.gone;

export async function practiceView(ctx: AppContext, period?: string): Promise<PracticeView> {
  const gstins = (await ctx.store.listGstins()).map((g) => g.gstin);
  const loaded = await Promise.all(
    gstins.map(async (gstin) => ({
      gstin,
      rows: (await ctx.store.loadRecords(gstin)).filter(live),
    })),
  );
  const all = new Set<string>();
  for (const { rows } of loaded)
    for (const r of rows) {
      const p = twoBPeriod(r.record);
      if (p !== null) all.add(p);
    }
  const periods = [...all].sort((a, b) => (periodIndex(b) ?? 0) - (periodIndex(a) ?? 0));
  const shown = period ?? periods[0] ?? null;
  const approvals = await isMultiUser(ctx.store);
  const clients: PracticeClient[] = [];
  for (const { gstin, rows } of loaded)
    clients.push(await clientOf(ctx, gstin, shown, rows, approvals));
  const next = shown === null ? null : addPeriods(shown, 1);
  const day = (d: string): IsoDate | null =>
    next === null ? null : (`${next.slice(2)}-${next.slice(0, 2)}-${d}` as IsoDate);
  return { period: shown, gstr2bOn: day('14'), gstr3bDue: day('20'), periods, clients };
}

async function clientOf(
  ctx: AppContext,
  gstin: string,
  period: string | null,
  all: readonly WorkspaceRecord[],
  approvals: boolean,
): Promise<PracticeClient> {
  const rows = period === null ? [] : all.filter((r) => twoBPeriod(r.record) === period);
  const keys = new Set(rows.map((r) => r.record.key));
  const unapproved = approvals ? await ctx.store.unapprovedRecords(gstin, null) : [];
  // The list leaves the returns' data out: only whether the period's 2B is in, and when.
  const stored2b = (await ctx.store.listReturns(gstin)).find(
    (r) => r.kind === 'gstr2b' && r.period === period,
  );
  return {
    gstin,
    records: rows.length,
    undecided: rows.filter(
      (r) => r.state.decision.action === 'noAction' && r.record.portalAction === 'noAction',
    ).length,
    waitingApproval: approvals ? unapproved.filter((u) => keys.has(u.key)).length : null,
    waitingUpload: rows.filter((r) => isDirty(r.record, r.state.decision)).length,
    portalErrors: rows.filter((r) => r.state.portalError !== null).length,
    gstr2bImportedAt: stored2b?.at ?? null,
  };
}
