// Calendar dates without time zones. Inside: ISO "YYYY-MM-DD" strings (sortable, SQL-friendly).
// The portal writes "DD-MM-YYYY".
export type IsoDate = string & { readonly __brand: 'IsoDate' };

function isValidYmd(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || y < 1900 || y > 2999) return false;
  const days = [
    31,
    (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28,
    31,
    30,
    31,
    30,
    31,
    31,
    30,
    31,
    30,
    31,
  ];
  return d <= (days[m - 1] ?? 0);
}

export function isoDate(y: number, m: number, d: number): IsoDate | null {
  if (!isValidYmd(y, m, d)) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` as IsoDate;
}

/** "05-04-2026" -> "2026-04-05"; null when not a real DD-MM-YYYY date. */
export function parsePortalDate(text: string): IsoDate | null {
  const m = /^(\d{2})-(\d{2})-(\d{4})$/.exec(text.trim());
  if (!m) return null;
  return isoDate(Number(m[3]), Number(m[2]), Number(m[1]));
}

export function parseIsoDate(text: string): IsoDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!m) return null;
  return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

export function toPortalDate(d: IsoDate): string {
  return `${d.slice(8, 10)}-${d.slice(5, 7)}-${d.slice(0, 4)}`;
}

/** Indian financial year (April-March) of a date: "2025-04-01" -> "2025-26". */
export function fiscalYearOf(d: IsoDate): string {
  const y = Number(d.slice(0, 4));
  const m = Number(d.slice(5, 7));
  const start = m >= 4 ? y : y - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

/** Days since 1970-01-01 for a calendar date (pure arithmetic, no Date object). */
export function dayNumber(d: IsoDate): number {
  let y = Number(d.slice(0, 4));
  const m = Number(d.slice(5, 7));
  const day = Number(d.slice(8, 10));
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function daysBetween(a: IsoDate, b: IsoDate): number {
  return dayNumber(b) - dayNumber(a);
}

export function addDays(d: IsoDate, n: number): IsoDate {
  return fromDayNumber(dayNumber(d) + n);
}

export function fromDayNumber(z0: number): IsoDate {
  const z = z0 + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` as IsoDate;
}

/**
 * A return period "MMYYYY". The offline file is reported to carry "MM" only; the year is then
 * taken from `fallbackYear` when given.
 */
export function normaliseReturnPeriod(raw: string, fallbackYear?: number): string | null {
  const t = raw.trim();
  if (/^(0[1-9]|1[0-2])\d{4}$/.test(t)) return t;
  if (/^(0[1-9]|1[0-2])$/.test(t) && fallbackYear !== undefined) return `${t}${fallbackYear}`;
  if (/^[1-9]$/.test(t) && fallbackYear !== undefined) return `0${t}${fallbackYear}`;
  return null;
}

/**
 * The calendar date in India (UTC+05:30, no daylight saving) of an ISO-8601 timestamp such as
 * the app's clock gives: GST deadlines fall on Indian dates, whatever the machine's zone.
 */
export function indianDateOf(timestamp: string): IsoDate | null {
  const m =
    /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|([+-])(\d{2}):(\d{2}))$/.exec(
      timestamp.trim(),
    );
  if (m === null) return null;
  const day = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  if (day === null) return null;
  const offset = m[6] === 'Z' ? 0 : (m[7] === '-' ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9]));
  // Minutes into the day in UTC, then in India (+330); whole days carried into the date.
  const minutes = Number(m[4]) * 60 + Number(m[5]) - offset + 330;
  return fromDayNumber(dayNumber(day) + Math.floor(minutes / 1440));
}
