// The practice view (issue 16): every client GSTIN the person may see, for one GSTR-2B period,
// with what is left to do on each (undecided, waiting for approval, waiting for upload, the
// portal's errors) and the period's dates. On a server the store lists only the granted GSTINs.
import type { IsoDate } from '../core/index.js';
import { addPeriods, periodIndex } from '../core/index.js';
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

/** A turn of the event loop: a SQLite server serves other requests between two clients. */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function practiceView(ctx: AppContext, period?: string): Promise<PracticeView> {
  const gstins = await ctx.store.gstinIds();
  const all = new Set<string>();
  for (const gstin of gstins) for (const p of await ctx.store.practicePeriods(gstin)) all.add(p);
  const periods = [...all].sort((a, b) => (periodIndex(b) ?? 0) - (periodIndex(a) ?? 0));
  const shown = period ?? periods[0] ?? null;
  const approvals = await isMultiUser(ctx.store);
  // One client at a time, with a turn between: each is one aggregate over the period's records
  // (tens of ms at 100,000 records), which on SQLite holds the server's thread while it runs.
  const clients: PracticeClient[] = [];
  for (const gstin of gstins) {
    await turn();
    clients.push(await clientOf(ctx, gstin, shown, approvals));
  }
  const next = shown === null ? null : addPeriods(shown, 1);
  const day = (d: string): IsoDate | null =>
    next === null ? null : (`${next.slice(2)}-${next.slice(0, 2)}-${d}` as IsoDate);
  return { period: shown, gstr2bOn: day('14'), gstr3bDue: day('20'), periods, clients };
}

async function clientOf(
  ctx: AppContext,
  gstin: string,
  period: string | null,
  approvals: boolean,
): Promise<PracticeClient> {
  const counts =
    period === null
      ? { records: 0, undecided: 0, unapproved: 0, waitingUpload: 0, portalErrors: 0 }
      : await ctx.store.practiceCounts(gstin, period);
  // The list leaves the returns' data out: only whether the period's 2B is in, and when.
  const stored2b = (await ctx.store.listReturns(gstin)).find(
    (r) => r.kind === 'gstr2b' && r.period === period,
  );
  return {
    gstin,
    records: counts.records,
    undecided: counts.undecided,
    waitingApproval: approvals ? counts.unapproved : null,
    waitingUpload: counts.waitingUpload,
    portalErrors: counts.portalErrors,
    gstr2bImportedAt: stored2b?.at ?? null,
  };
}
