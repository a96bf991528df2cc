// What waits and until when: pending records, Rule 37 and 37A, the deadlines of the period.
import type { DeadlineState, IsoDate, Paise } from '../core/index.js';
import {
  DEADLINE_WARN_DAYS,
  daysBetween,
  deadlineState,
  decideBy,
  periodIndex,
  periodsBetween,
  rule37Status,
  rule37aDates,
  twoBPeriod,
} from '../core/index.js';
import type { AppContext } from './context.js';
import { todayOf } from './context.js';

export interface PendingRow {
  readonly recordKey: string;
  readonly section: string;
  readonly supplierGstin: string;
  readonly docNumber: string;
  readonly docDate: IsoDate;
  readonly twoBPeriod: string | null;
  /** Tax periods carried since its 2B period, up to `asOf`. */
  readonly periodsCarried: number | null;
  readonly ageDays: number | null;
  readonly decideBy: IsoDate | null;
  readonly rule: 'pendingWindow' | 's16(4)';
  readonly state: DeadlineState;
  readonly daysLeft: number | null;
  readonly tax: Paise;
}

/**
 * `report pending`: the records kept Pending (locally or on the portal), carried from month to
 * month, with their age and the date each must be decided by.
 */
export async function pendingReport(
  ctx: AppContext,
  gstin: string,
  opts: { period?: string | undefined; warnDays?: number | undefined } = {},
): Promise<{ asOf: IsoDate | null; period: string | null; rows: PendingRow[] }> {
  const today = todayOf(ctx);
  const asOf = opts.period ?? (today === null ? null : `${today.slice(5, 7)}${today.slice(0, 4)}`);
  const upTo = asOf === null ? null : periodIndex(asOf);
  const rows: PendingRow[] = [];
  for (const { record, state } of await ctx.store.loadRecords(gstin)) {
    if (state.gone || state.decision.action !== 'pending') continue;
    const tp = twoBPeriod(record);
    if (upTo !== null && tp !== null && (periodIndex(tp) ?? 0) > upTo) continue;
    const by = decideBy(record);
    const d = deadlineState(by.date, today, opts.warnDays ?? DEADLINE_WARN_DAYS);
    rows.push({
      recordKey: record.key,
      section: record.section,
      supplierGstin: record.supplierGstin,
      docNumber: record.docNumber,
      docDate: record.docDate,
      twoBPeriod: tp,
      periodsCarried: tp === null || asOf === null ? null : periodsBetween(tp, asOf),
      ageDays: today === null ? null : daysBetween(record.docDate, today),
      decideBy: by.date,
      rule: by.rule,
      ...d,
      tax: (record.amounts.igst +
        record.amounts.cgst +
        record.amounts.sgst +
        record.amounts.cess) as Paise,
    });
  }
  rows.sort(
    (a, b) =>
      (a.decideBy ?? '9999').localeCompare(b.decideBy ?? '9999') ||
      a.recordKey.localeCompare(b.recordKey),
  );
  return { asOf: today, period: asOf, rows };
}

export interface DeadlineSummary {
  /** Open records (Pending, or waiting for the supplier) past or near their s.16(4) / pending limit. */
  readonly past: readonly string[];
  readonly near: readonly string[];
  /** Rule 37A: records whose supplier has still not filed after 30 September following the FY. */
  readonly rule37a: readonly { recordKey: string; reverseBy: IsoDate; tax: Paise }[];
  /** Rule 37, from the books' payment dates; null when the register carries none. */
  readonly rule37: Rule37Summary | null;
  readonly warnDays: number;
}

export interface Rule37Row {
  readonly ref: string;
  readonly supplierGstin: string;
  readonly docNumber: string;
  readonly docDate: IsoDate;
  readonly lastDay: IsoDate;
  /** The 3B period to reverse in (reverse), or to claim again in (reclaim). */
  readonly period: string;
  readonly daysLeft: number | null;
  readonly tax: Paise;
}

export interface Rule37Summary {
  /** Unpaid after 180 days: reverse in 4(B)(2). */
  readonly reverse: readonly Rule37Row[];
  /** Paid after the 180 days: claim again in 4(A)(5) and 4(D)(1). */
  readonly reclaim: readonly Rule37Row[];
  /** Unpaid, within warnDays of the 180th day. */
  readonly near: readonly Rule37Row[];
}

/**
 * Rule 37 over the register. It applies only when the register carries payment dates: a register
 * without the column says nothing of payments, and its documents are not taken as unpaid.
 */
export async function rule37Summary(
  ctx: AppContext,
  gstin: string,
  warnDays = DEADLINE_WARN_DAYS,
): Promise<Rule37Summary | null> {
  const docs = await ctx.store.loadRegister(gstin);
  if (!docs.some((d) => (d.paymentDate ?? null) !== null)) return null;
  const today = todayOf(ctx);
  const reverse: Rule37Row[] = [];
  const reclaim: Rule37Row[] = [];
  const near: Rule37Row[] = [];
  for (const d of docs) {
    const st = rule37Status(
      {
        docDate: d.docDate,
        docType: d.docType,
        paymentDate: d.paymentDate ?? null,
        reverseCharge: d.outsideIms === 'reverseCharge',
      },
      today,
    );
    if (st === null) continue;
    const row = {
      ref: d.ref,
      supplierGstin: d.supplierGstin,
      docNumber: d.docNumber,
      docDate: d.docDate,
      lastDay: st.lastDay,
      daysLeft: st.daysLeft,
      tax: (d.amounts.igst + d.amounts.cgst + d.amounts.sgst + d.amounts.cess) as Paise,
    };
    if (st.state === 'reverse') reverse.push({ ...row, period: st.reverseInPeriod });
    else if (st.state === 'reclaim')
      reclaim.push({ ...row, period: st.reclaimInPeriod ?? st.reverseInPeriod });
    else if (st.state === 'running' && (st.daysLeft ?? Infinity) <= warnDays)
      near.push({ ...row, period: st.reverseInPeriod });
  }
  const byDay = (a: Rule37Row, b: Rule37Row): number =>
    a.lastDay.localeCompare(b.lastDay) || a.ref.localeCompare(b.ref);
  return { reverse: reverse.sort(byDay), reclaim: reclaim.sort(byDay), near: near.sort(byDay) };
}

export async function deadlineSummary(
  ctx: AppContext,
  gstin: string,
  warnDays = DEADLINE_WARN_DAYS,
): Promise<DeadlineSummary> {
  const today = todayOf(ctx);
  const past: string[] = [];
  const near: string[] = [];
  const rule37a: { recordKey: string; reverseBy: IsoDate; tax: Paise }[] = [];
  for (const { record, state } of await ctx.store.loadRecords(gstin)) {
    if (state.gone) continue;
    const open = state.decision.action === 'pending' || record.supplierFiled === false;
    if (open) {
      const s = deadlineState(decideBy(record).date, today, warnDays).state;
      if (s === 'past') past.push(record.key);
      if (s === 'near') near.push(record.key);
    }
    const r37 =
      record.supplierFiled === false && state.decision.action !== 'reject'
        ? rule37aDates(record)
        : null;
    if (r37 !== null && today !== null && today > r37.checkOn)
      rule37a.push({
        recordKey: record.key,
        reverseBy: r37.reverseBy,
        tax: (record.amounts.igst +
          record.amounts.cgst +
          record.amounts.sgst +
          record.amounts.cess) as Paise,
      });
  }
  return { past, near, rule37a, rule37: await rule37Summary(ctx, gstin, warnDays), warnDays };
}
