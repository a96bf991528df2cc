// @vitest-environment jsdom
// What the Dashboard works out: the period's return dates and their urgency, what needs attention.
import { describe, expect, it } from 'vitest';
import { attentionOf, deadlines, relativeDays, toneOfDays } from './dashboard-facts.js';

describe('relativeDays and toneOfDays', () => {
  it('says how far a date is in words', () => {
    expect([0, 1, -1, 5, -3, 1200].map(relativeDays)).toEqual([
      'today',
      'tomorrow',
      'yesterday',
      'in 5 days',
      '3 days ago',
      'in 1,200 days',
    ]);
  });

  it('is urgent within 3 days, a warning within a week, and says nothing once passed', () => {
    expect([0, 3, 4, 7, 8, -1].map(toneOfDays)).toEqual([
      'bad',
      'bad',
      'warn',
      'warn',
      'ok',
      undefined,
    ]);
  });
});

describe('deadlines', () => {
  it("dates a period's 2B on the 14th and its 3B on the 20th of the next month", () => {
    const d = deadlines('102026', new Date(2026, 10, 10));
    expect(d.r2b).toEqual({ days: 4, date: '14-11-2026' });
    expect(d.r3b).toEqual({ days: 10, date: '20-11-2026' });
    expect(d.of).toBe(' of Oct 2026');
  });

  it('without a period, the next 14th and 20th', () => {
    const d = deadlines(null, new Date(2026, 10, 16));
    expect(d.r2b).toEqual({ days: 28, date: '14-12-2026' });
    expect(d.r3b).toEqual({ days: 4, date: '20-11-2026' });
    expect(d.of).toBe('');
  });
});

describe('attentionOf', () => {
  it('lists portal errors (with their code) before records the supplier changed', () => {
    const a = attentionOf({
      errors: [
        { recordKey: 'k1', code: 'IMSSAV0010', message: 'stale' },
        { recordKey: 'k2', code: null, message: 'refused' },
      ],
      flagged: ['k3'],
    });
    expect(a.map((x) => [x.key, x.kind, x.text])).toEqual([
      ['k1', 'Portal error', 'IMSSAV0010: stale'],
      ['k2', 'Portal error', 'refused'],
      [
        'k3',
        'Changed by supplier',
        'The supplier changed this document after you decided on it: check it again.',
      ],
    ]);
  });
});
