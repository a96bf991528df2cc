// The monthly cycle (issue 12): GSTR-2B and GSTR-3B imports per period, the 2B checks against
// the IMS decisions and the projection, the 3B excess-ITC check (DRC-01C), and the deadlines.
import type { Gstr2bTable4, Heads, IsoDate, Paise } from '../core/index.js';
import {
  DEADLINE_WARN_DAYS,
  ZERO_HEADS,
  addHeads,
  addPeriods,
  periodIndex,
} from '../core/index.js';
import type { AppContext } from './context.js';
import { periodDays } from './period-scope.js';
import { itcReport } from './reports.js';
import type { Gstr2bCheck } from './gstr2b-check.js';
import { gstr2bReport } from './gstr2b-check.js';
import type { Report3b } from './report-3b.js';
import { report3b } from './report-3b.js';
import { pendingReport, deadlineSummary } from './deadline-reports.js';

export async function workspacePeriods(ctx: AppContext, gstin: string): Promise<string[]> {
  // Each record's 2B period is a column (migration 0016, twoBPeriod's): the distinct periods of
  // the live records come off its index, with no record loaded (the web asks on every page).
  const periods = await ctx.store.practicePeriods(gstin);
  return [...periods].sort((a, b) => (periodIndex(b) ?? 0) - (periodIndex(a) ?? 0));
}

export interface MonthView {
  readonly gstin: string;
  readonly period: string;
  /** The periods of the workspace's records, newest first (the web's period switcher). */
  readonly periods: readonly string[];
  /** The portal's dates for the period: 2B generated on the 14th, 3B due on the 20th of the next month. */
  readonly dates: { readonly gstr2bOn: IsoDate; readonly gstr3bDue: IsoDate };
  /** The projection of the decisions for the period: net ITC per head and the buckets kept apart. */
  readonly projection: {
    readonly netAvailable: Heads;
    readonly waitingForSupplier: Heads;
    readonly pending: Heads;
    readonly rejected: Heads;
    readonly amendmentsOriginalUnknown: Heads;
  };
  /** The imported 2B of the period checked against the workspace; null when none is imported. */
  readonly gstr2b:
    (Gstr2bCheck & { readonly table4: Gstr2bTable4; readonly importedAt: string }) | null;
  /** The imported 3B's check against the 2B (imported, else projected); null when none is imported. */
  readonly gstr3b: (Report3b & { readonly importedAt: string }) | null;
  /** Books: the tax of the register documents dated in the period, per head (credit notes subtract). */
  readonly books: Heads | null;
  readonly deadlines: {
    readonly past: number;
    readonly near: number;
    readonly rule37a: number;
    readonly rule37Reverse: number | null;
    readonly rule37Near: number | null;
    readonly pending: number;
    readonly warnDays: number;
  };
}

const headsOf = (b: { igst: Paise; cgst: Paise; sgst: Paise; cess: Paise }): Heads => ({
  igst: b.igst,
  cgst: b.cgst,
  sgst: b.sgst,
  cess: b.cess,
});

/** Everything the web's Month page shows for one period (GET /api/month). */
export async function monthView(
  ctx: AppContext,
  gstin: string,
  period: string,
  warnDays = DEADLINE_WARN_DAYS,
): Promise<MonthView> {
  const itc = await itcReport(ctx, gstin, { period });
  const stored2b = await ctx.store.loadReturn(gstin, 'gstr2b', period);
  const stored3b = await ctx.store.loadReturn(gstin, 'gstr3b', period);
  const gstr2b =
    stored2b === null
      ? null
      : { ...(await gstr2bReport(ctx, gstin, period)), importedAt: stored2b.at };
  const gstr3b =
    stored3b === null ? null : { ...(await report3b(ctx, gstin, period)), importedAt: stored3b.at };
  const { from, to } = periodDays(period);
  const docs = (await ctx.store.loadRegister(gstin)).filter(
    (d) => d.docDate >= from && d.docDate <= to && (d.outsideIms ?? null) === null,
  );
  const books =
    docs.length === 0
      ? null
      : docs.reduce(
          (acc, d) => addHeads(acc, headsOf(d.amounts), d.docType === 'creditNote' ? -1 : 1),
          ZERO_HEADS,
        );
  const d = await deadlineSummary(ctx, gstin, warnDays);
  const pending = await pendingReport(ctx, gstin, { period, warnDays });
  const nextPeriod = addPeriods(period, 1) ?? period;
  return {
    gstin,
    period,
    periods: await workspacePeriods(ctx, gstin),
    dates: {
      gstr2bOn: `${nextPeriod.slice(2)}-${nextPeriod.slice(0, 2)}-14` as IsoDate,
      gstr3bDue: `${nextPeriod.slice(2)}-${nextPeriod.slice(0, 2)}-20` as IsoDate,
    },
    projection: {
      netAvailable: headsOf(itc.netAvailable),
      waitingForSupplier: headsOf(itc.waitingForSupplier),
      pending: headsOf(itc.pending),
      rejected: headsOf(itc.rejected),
      amendmentsOriginalUnknown: headsOf(itc.amendmentsOriginalUnknown),
    },
    gstr2b,
    gstr3b,
    books,
    deadlines: {
      past: d.past.length,
      near: d.near.length,
      rule37a: d.rule37a.length,
      rule37Reverse: d.rule37?.reverse.length ?? null,
      rule37Near: d.rule37?.near.length ?? null,
      pending: pending.rows.length,
      warnDays,
    },
  };
}

export * from './import-returns.js';
export * from './gstr2b-check.js';
export * from './report-3b.js';
export * from './deadline-reports.js';
