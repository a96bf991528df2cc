// What the Dashboard works out from the server's figures: the return dates of the period chosen
// and how far they are, and the records that need attention. Pure (today is given).
import type { StatusPayload } from '../../../../gst-ims/src/server/api-types.js';
import { count, nextDayOfMonth, period as periodLabel } from '../../format.js';
import { periodDate } from '../../period-state.js';

export type Tone = 'ok' | 'warn' | 'bad';

/** "today", "tomorrow", "in 5 days", "3 days ago". */
export function relativeDays(n: number): string {
  if (n === 0) return 'today';
  if (n === 1) return 'tomorrow';
  if (n === -1) return 'yesterday';
  return n < 0 ? `${count(-n)} days ago` : `in ${count(n)} days`;
}

/** How urgent a date this many days away is; a date already passed carries no tone. */
export const toneOfDays = (n: number): Tone | undefined =>
  n < 0 ? undefined : n <= 3 ? 'bad' : n <= 7 ? 'warn' : 'ok';

export interface Deadlines {
  /** GSTR-2B of the period, generated on the 14th of the next month. */
  readonly r2b: { days: number; date: string };
  /** GSTR-3B of the period, due on the 20th of the next month. */
  readonly r3b: { days: number; date: string };
  /** " of Oct 2026", or '' without a period. */
  readonly of: string;
}

/** The selected period's own dates; without one, the next 14th and 20th. */
export function deadlines(period: string | null, today: Date): Deadlines {
  return {
    r2b: period ? periodDate(period, 14, today) : nextDayOfMonth(today, 14),
    r3b: period ? periodDate(period, 20, today) : nextDayOfMonth(today, 20),
    of: period ? ` of ${periodLabel(period)}` : '',
  };
}

export interface Attention {
  readonly key: string;
  readonly kind: 'Portal error' | 'Changed by supplier';
  readonly text: string;
}

/** Records with a portal error, then records the supplier changed after a decision. */
export function attentionOf(status: Pick<StatusPayload, 'errors' | 'flagged'>): Attention[] {
  return [
    ...status.errors.map((e) => ({
      key: e.recordKey,
      kind: 'Portal error' as const,
      text: `${e.code ? `${e.code}: ` : ''}${e.message}`,
    })),
    ...status.flagged.map((k) => ({
      key: k,
      kind: 'Changed by supplier' as const,
      text: 'The supplier changed this document after you decided on it: check it again.',
    })),
  ];
}
