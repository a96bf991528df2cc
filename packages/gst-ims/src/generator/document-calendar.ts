// The days a generated download's documents fall on: two months before the IMS period, the
// period month, and the next month (documents dated after the period end: goods in transit).
import { dayNumber, fromDayNumber, isoDate, toPortalDate } from '../core/dates.js';
import { UsageError } from '../core/errors.js';
import type { Rng } from './rng.js';
import { pad } from './supplier-models.js';
import { Weighted } from './weighted.js';

export interface Month {
  readonly year: number;
  readonly month: number;
  readonly firstDay: number;
  readonly days: number;
  readonly rtnprd: string;
  readonly fy: number;
}

function monthAt(index: number): Month {
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const first = isoDate(year, month, 1);
  const next = isoDate(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1);
  if (first === null || next === null)
    throw new UsageError(`return period out of range: ${month}/${year}`);
  const firstDay = dayNumber(first);
  return {
    year,
    month,
    firstDay,
    days: dayNumber(next) - firstDay,
    rtnprd: `${pad(month, 2)}${year}`,
    fy: month >= 4 ? year : year - 1,
  };
}

const MONTH_PICK = new Weighted([16, 27, 55, 2]);

/** Days are numbered from the window's first day; months 0-3, the IMS period being 2. */
export class DocumentCalendar {
  readonly months: readonly [Month, Month, Month, Month];
  /** Each day in the portal's spelling, DD-MM-YYYY. */
  readonly dateText: readonly string[];
  /** Each day's month (0-3). */
  readonly monthOfDay: Uint8Array;
  /** The last day before the month after the period. */
  readonly lastDayBeforeNext: number;

  /** `returnPeriod` is MMYYYY, already checked. */
  constructor(returnPeriod: string) {
    const periodIndex = Number(returnPeriod.slice(2)) * 12 + Number(returnPeriod.slice(0, 2)) - 1;
    const months = [
      monthAt(periodIndex - 2),
      monthAt(periodIndex - 1),
      monthAt(periodIndex),
      monthAt(periodIndex + 1),
    ] as const;
    const [m0, , , mNext] = months;
    const windowStart = m0.firstDay;
    const dayCount = mNext.firstDay + mNext.days - windowStart;
    const dateText: string[] = [];
    const monthOfDay = new Uint8Array(dayCount);
    for (let d = 0; d < dayCount; d++) {
      dateText.push(toPortalDate(fromDayNumber(windowStart + d)));
      let mi = 0;
      while (mi < 3 && windowStart + d >= (months[mi + 1] as Month).firstDay) mi++;
      monthOfDay[d] = mi;
    }
    this.months = months;
    this.dateText = dateText;
    this.monthOfDay = monthOfDay;
    this.lastDayBeforeNext = mNext.firstDay - windowStart - 1;
  }

  /** A document's day: mostly in the period month; in the next month only when allowed. */
  drawDay(rng: Rng, allowNext: boolean): number {
    let mi = MONTH_PICK.pick(rng);
    if (mi === 3 && !allowNext) mi = 2;
    const m = this.months[mi] as Month;
    const dom = mi === 3 ? rng.int(Math.min(10, m.days)) : rng.int(m.days);
    return m.firstDay + dom - this.months[0].firstDay;
  }

  /** The month (0-3) of a day. */
  monthOf(day: number): number {
    return this.monthOfDay[day] ?? 2;
  }
}
