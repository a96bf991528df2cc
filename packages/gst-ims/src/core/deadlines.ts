// The dates by which ITC must be decided, claimed or reversed (periods-and-time-limits.md §2, §5,
// §7). Pure: "today" always comes from the caller.
import type { IsoDate } from './dates.js';
import { addDays, daysBetween, fiscalYearOf, isoDate } from './dates.js';
import {
  addPeriods,
  pendingIsTimeLimited,
  pendingUntil,
  periodIndex,
  SPECIFIED_PENDING_FROM,
  twoBPeriod,
} from './pending-window.js';
import type { PortalRecord } from './record.js';
import type { DocType } from './sections.js';

/** Days before a deadline from which it is flagged "near" (configurable by the caller). */
export const DEADLINE_WARN_DAYS = 30;

export type DeadlineState = 'past' | 'near' | 'ok' | 'unknown';

/** The year in which a financial year ("2025-26") ends: 2026. */
function fyEndYear(d: IsoDate): number {
  return Number(fiscalYearOf(d).slice(0, 4)) + 1;
}

/** First day of a period "MMYYYY" (its FY is the FY of that day). */
function periodStart(period: string): IsoDate | null {
  return periodIndex(period) === null
    ? null
    : isoDate(Number(period.slice(2)), Number(period.slice(0, 2)), 1);
}

/**
 * s.16(4): no ITC on an invoice or debit note after 30 November following the end of the FY it
 * pertains to (the earlier annual-return date is the user's to know). An amendment pertains to
 * its original's FY. Credit notes give no ITC: null.
 */
export function itcTimeLimit(record: PortalRecord): IsoDate | null {
  if (pendingIsTimeLimited(record)) return null;
  return isoDate(fyEndYear(record.originalDocDate ?? record.docDate), 11, 30);
}

/**
 * The last day a record can stay undecided: a credit note from the October-2025 2B period on,
 * the 3B due date of its 2B period + 1 (earlier ones could not be kept Pending: null); an
 * invoice or debit note, its s.16(4) limit.
 */
export function decideBy(record: PortalRecord): {
  date: IsoDate | null;
  rule: 'pendingWindow' | 's16(4)';
} {
  if (!pendingIsTimeLimited(record)) return { date: itcTimeLimit(record), rule: 's16(4)' };
  const period = twoBPeriod(record);
  const from = periodIndex(SPECIFIED_PENDING_FROM) ?? 0;
  const index = period === null ? null : periodIndex(period);
  return {
    date: index === null || index < from ? null : pendingUntil(record),
    rule: 'pendingWindow',
  };
}

export function deadlineState(
  date: IsoDate | null,
  today: IsoDate | null,
  warnDays = DEADLINE_WARN_DAYS,
): { state: DeadlineState; daysLeft: number | null } {
  if (date === null || today === null) return { state: 'unknown', daysLeft: null };
  const daysLeft = daysBetween(today, date);
  return { state: daysLeft < 0 ? 'past' : daysLeft <= warnDays ? 'near' : 'ok', daysLeft };
}

/**
 * Rule 37A: a supplier whose return for the period is still not filed on 30 September after the
 * FY of that period; the recipient reverses the ITC in a 3B filed by 30 November. The FY is the
 * record's 2B period's (the period ITC would have been availed in).
 */
export function rule37aDates(
  record: PortalRecord,
): { checkOn: IsoDate; reverseBy: IsoDate } | null {
  const period = twoBPeriod(record);
  const start = period === null ? null : periodStart(period);
  if (start === null) return null;
  const y = fyEndYear(start);
  return { checkOn: isoDate(y, 9, 30) as IsoDate, reverseBy: isoDate(y, 11, 30) as IsoDate };
}

/** Whole months between two periods ("102025" -> "122025" = 2); null when either is not a period. */
export function periodsBetween(from: string, to: string): number | null {
  const a = periodIndex(from);
  const b = periodIndex(to);
  return a === null || b === null ? null : b - a;
}

/** Rule 37: days from the invoice date within which the supplier must be paid. */
export const RULE37_DAYS = 180;

export type Rule37State =
  /** Paid on or before the 180th day: nothing to do. */
  | 'paidInTime'
  /** Unpaid, the 180 days still running. */
  | 'running'
  /** Unpaid after the 180 days: reverse the ITC. */
  | 'reverse'
  /** Paid after the 180 days: the ITC reversed can be claimed again. */
  | 'reclaim'
  /** No today to judge by. */
  | 'unknown';

export interface Rule37Status {
  readonly state: Rule37State;
  /** The 180th day from the invoice date: paid after it, the ITC is reversed. */
  readonly lastDay: IsoDate;
  /** The 3B period the reversal goes in (4(B)(2)): the period after the one the 180 days end in. */
  readonly reverseInPeriod: string;
  /** The 3B period the ITC is claimed again in (4(A)(5) and 4(D)(1)): the period of the payment. */
  readonly reclaimInPeriod: string | null;
  /** Days left to pay while running (0 on the last day). */
  readonly daysLeft: number | null;
}

const periodOf = (d: IsoDate): string => `${d.slice(5, 7)}${d.slice(0, 4)}`;

/**
 * Rule 37 for one document of the books (periods-and-time-limits.md §6): invoices and debit notes
 * not paid within 180 days of their date lose their ITC until paid. Credit notes and reverse-charge
 * documents are outside it: null. The 180th day is the date plus 180 days (an invoice of
 * 10-Apr-2025 must be paid by 7-Oct-2025); the reversal goes in the 3B of the following period,
 * the reading of the rule text the doc reports.
 */
export function rule37Status(
  doc: {
    readonly docDate: IsoDate;
    readonly docType: DocType;
    readonly paymentDate: IsoDate | null;
    readonly reverseCharge: boolean;
  },
  today: IsoDate | null,
): Rule37Status | null {
  if (doc.docType === 'creditNote' || doc.reverseCharge) return null;
  const lastDay = addDays(doc.docDate, RULE37_DAYS);
  const reverseInPeriod = addPeriods(periodOf(lastDay), 1) ?? periodOf(lastDay);
  const base = { lastDay, reverseInPeriod, reclaimInPeriod: null, daysLeft: null };
  if (doc.paymentDate !== null) {
    return doc.paymentDate <= lastDay
      ? { ...base, state: 'paidInTime' }
      : { ...base, state: 'reclaim', reclaimInPeriod: periodOf(doc.paymentDate) };
  }
  if (today === null) return { ...base, state: 'unknown' };
  const daysLeft = daysBetween(today, lastDay);
  return daysLeft < 0 ? { ...base, state: 'reverse' } : { ...base, state: 'running', daysLeft };
}
