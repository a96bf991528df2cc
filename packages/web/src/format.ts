// Display formats Indian accountants expect: 12,34,567.89 and DD-MM-YYYY. The formatters are the
// engine's own (core), so the grid, the CLI and the workbook print the same thing.
import type { Action } from '@core/actions.js';
import { actionLabel } from '@core/actions.js';
import type { IsoDate } from '@core/dates.js';
import { formatFileSize } from '@core/file-size.js';
import { toPortalDate } from '@core/dates.js';
import type { Paise } from '@core/money.js';
import { formatIndian } from '@core/money.js';
import { periodLabel } from '@core/period-label.js';
import type { Section } from '@core/sections.js';
import { SECTION_INFO } from '@core/sections.js';

export const money = (p: number | null | undefined): string =>
  p === null || p === undefined ? '' : formatIndian(p as Paise);
/** Rupees with the symbol, for headings and cards. */
export const rupees = (p: number): string => `₹ ${formatIndian(p as Paise)}`;

export const date = (iso: string | null | undefined): string =>
  iso ? toPortalDate(iso as IsoDate) : '';

/** "2026-11-22T10:15:30.000Z" -> "22-11-2026 15:45" in the browser's time zone. */
export function dateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${p(d.getDate())}-${p(d.getMonth() + 1)}-${d.getFullYear()} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

export const sectionLabel = (s: Section): string => SECTION_INFO[s].label;
export const sectionSheet = (s: Section): string => SECTION_INFO[s].sheet;
export const label = (a: Action): string => actionLabel(a);

export const ACTION_OF_CODE: Readonly<Record<'A' | 'R' | 'P' | 'N', Action>> = {
  A: 'accept',
  R: 'reject',
  P: 'pending',
  N: 'noAction',
};

// One formatter for all counts: toLocaleString('en-IN') builds a new one on every call.
const COUNT_FORMAT = new Intl.NumberFormat('en-IN');
export const count = (n: number): string => COUNT_FORMAT.format(n);

/** A file size: "812 bytes", "12.3 KB", "1,234.5 MB" (the engine's, grouped as the counts are). */
export const fileSize = (bytes: number): string => formatFileSize(bytes);

export const plural = (n: number, one: string, many = `${one}s`): string =>
  `${count(n)} ${n === 1 ? one : many}`;

/** "MMYYYY" -> "Oct 2026": the engine's periodLabel, so the CLI and the web name periods alike. */
export const period = (p: string | null): string => (p === null ? '' : periodLabel(p));

/** Short amounts for chart labels: 98,765 / 12.35 L / 3.40 Cr (rupees). */
export function compactInr(p: number): string {
  const r = Math.abs(p) / 100;
  const sign = p < 0 ? '-' : '';
  if (r >= 1e7) return `${sign}${(r / 1e7).toFixed(2)} Cr`;
  if (r >= 1e5) return `${sign}${(r / 1e5).toFixed(2)} L`;
  return `${sign}${COUNT_FORMAT.format(Math.round(r))}`;
}

/** Days from `today` to the next given day of the month (0 when it is today), and that date. */
export function nextDayOfMonth(today: Date, day: number): { days: number; date: string } {
  const t = new Date(today.getFullYear(), today.getMonth(), today.getDate());
  let target = new Date(t.getFullYear(), t.getMonth(), day);
  if (target < t) target = new Date(t.getFullYear(), t.getMonth() + 1, day);
  const days = Math.round((target.getTime() - t.getTime()) / 86_400_000);
  const p = (n: number): string => String(n).padStart(2, '0');
  return {
    days,
    date: `${p(target.getDate())}-${p(target.getMonth() + 1)}-${target.getFullYear()}`,
  };
}
