// How long a record may be kept Pending when the portal's own flag (ispendactblocked) is absent
// from the download (periods-and-time-limits.md §2). The portal's flag, when present, wins.
// Pure: "today" comes from the caller.
import type { IsoDate } from './dates.js';
import { daysBetween, isoDate } from './dates.js';
import type { PortalRecord } from './record.js';
import { SECTION_INFO } from './sections.js';

/** The first GSTR-2B period in which credit notes may be kept Pending at all ("MMYYYY"). */
export const SPECIFIED_PENDING_FROM = '102025';

/** Days before the window closes in which keeping a record Pending draws a warning. */
export const PENDING_WINDOW_WARN_DAYS = 7;

/** "MMYYYY" -> a month count that sorts and subtracts; null when not a period. */
export function periodIndex(period: string): number | null {
  const m = /^(0[1-9]|1[0-2])(\d{4})$/.exec(period);
  if (m === null) return null;
  return Number(m[2]) * 12 + Number(m[1]) - 1;
}

export function periodFromIndex(index: number): string {
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return `${String(month).padStart(2, '0')}${String(year).padStart(4, '0')}`;
}

export function addPeriods(period: string, n: number): string | null {
  const i = periodIndex(period);
  return i === null ? null : periodFromIndex(i + n);
}

/** The supplier's form was GSTR-1A: its records go to the next open 2B (FAQ 17-Oct-2025). */
function fromGstr1a(record: PortalRecord): boolean {
  const f = (record.srcForm ?? '').toUpperCase().replace(/[^0-9A-Z]/g, '');
  return f === 'R1A' || f === 'GSTR1A';
}

/** The GSTR-2B period a record falls in ("MMYYYY"), or null when its return period is unknown. */
export function twoBPeriod(record: PortalRecord): string | null {
  if (record.returnPeriod === null) return null;
  return fromGstr1a(record) ? addPeriods(record.returnPeriod, 1) : record.returnPeriod;
}

/** Due date of a monthly recipient's GSTR-3B for a period: the 20th of the next month. */
export function gstr3bDueDate(period: string): IsoDate | null {
  const i = periodIndex(period);
  if (i === null) return null;
  const next = i + 1;
  return isoDate(Math.floor(next / 12), (next % 12) + 1, 20);
}

/**
 * Credit notes are the "specified records" whose Pending is limited to one tax period. The
 * ITC-reducing amendments (b2ba, b2bdna) are specified only when they reduce ITC, which the
 * download says through the flag alone; without it they are left to the portal.
 */
export function pendingIsTimeLimited(record: PortalRecord): boolean {
  return SECTION_INFO[record.section].docType === 'creditNote';
}

/** Last day a time-limited record may stay Pending: the 3B due date of (its 2B period + 1). */
export function pendingUntil(record: PortalRecord): IsoDate | null {
  const p = twoBPeriod(record);
  const next = p === null ? null : addPeriods(p, 1);
  return next === null ? null : gstr3bDueDate(next);
}

export type PendingWindow =
  | { readonly kind: 'unlimited' }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'beforeOct2025'; readonly period: string }
  | { readonly kind: 'open'; readonly until: IsoDate; readonly daysLeft: number | null }
  | { readonly kind: 'closed'; readonly until: IsoDate };

/**
 * Whether Pending is open for a record whose download carried no ispendactblocked flag, on the
 * caller's `today` (without it, only the October-2025 start is checked).
 */
export function pendingWindow(record: PortalRecord, today: IsoDate | null): PendingWindow {
  if (!pendingIsTimeLimited(record)) return { kind: 'unlimited' };
  const period = twoBPeriod(record);
  const index = period === null ? null : periodIndex(period);
  const until = pendingUntil(record);
  if (period === null || index === null || until === null) return { kind: 'unknown' };
  if (index < (periodIndex(SPECIFIED_PENDING_FROM) ?? 0)) return { kind: 'beforeOct2025', period };
  if (today === null) return { kind: 'open', until, daysLeft: null };
  const daysLeft = daysBetween(today, until);
  return daysLeft < 0 ? { kind: 'closed', until } : { kind: 'open', until, daysLeft };
}
