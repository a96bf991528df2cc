import type { IsoDate, Paise } from '../core/index.js';
import { UsageError, parseIsoDate, parsePortalDate, parseRupeeInput } from '../core/index.js';

/** "1,23,456.50", "₹ 1200", "1200" -> paise. */
export function parseRupeesOption(flag: string, raw: string): Paise {
  const p = parseRupeeInput(raw);
  if (p === null)
    throw new UsageError(`${flag}: expected an amount in rupees such as 1250.50, found "${raw}"`);
  return p;
}

export function parseDateOption(flag: string, raw: string): IsoDate {
  const d = parsePortalDate(raw) ?? parseIsoDate(raw);
  if (d === null)
    throw new UsageError(`${flag}: expected a date as DD-MM-YYYY (or YYYY-MM-DD), found "${raw}"`);
  return d;
}

export function parsePositiveInt(flag: string, raw: string): number {
  if (!/^\d+$/.test(raw.trim()) || Number(raw) <= 0)
    throw new UsageError(`${flag}: expected a whole number above 0, found "${raw}"`);
  return Number(raw);
}

export const collect = (value: string, previous: string[] = []): string[] => [
  ...previous,
  ...value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean),
];
