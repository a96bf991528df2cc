import { describe, expect, it } from 'vitest';
import type { IsoDate } from './dates.js';
import { deadlineState, decideBy, itcTimeLimit, periodsBetween, rule37aDates } from './deadlines.js';
import type { PortalRecord } from './record.js';
import type { Section } from './sections.js';

const d = (s: string): IsoDate => s as IsoDate;
function rec(section: Section, docDate: string, returnPeriod: string, more: Partial<PortalRecord> = {}): PortalRecord {
  return { section, docDate: d(docDate), returnPeriod, originalDocDate: null, srcForm: "R1", ...more } as unknown as PortalRecord;
}

describe('deadlines', () => {
  it('s.16(4): 30 November after the FY of the invoice (of the original, for an amendment)', () => {
    expect(itcTimeLimit(rec('b2b', '2026-03-31', '032026'))).toBe('2026-11-30');
    expect(itcTimeLimit(rec('b2b', '2026-04-01', '042026'))).toBe('2027-11-30');
    expect(itcTimeLimit({ ...rec('b2ba', '2026-05-02', '052026'), originalDocDate: d('2026-02-10') })).toBe('2026-11-30');
    expect(itcTimeLimit(rec('b2bcn', '2026-05-02', '052026'))).toBeNull();
  });

  it('decide by: credit notes one period after their 2B period (from Oct 2025), others s.16(4)', () => {
    expect(decideBy(rec('b2bcn', '2025-10-15', '102025'))).toEqual({ date: '2025-12-20', rule: 'pendingWindow' });
    expect(decideBy({ ...rec('b2bcn', '2025-09-20', '092025'), srcForm: 'R1A' })).toEqual({ date: '2025-12-20', rule: 'pendingWindow' });
    expect(decideBy(rec('b2bcn', '2025-09-15', '092025')).date).toBeNull();
    expect(decideBy(rec('b2bdn', '2025-09-15', '092025'))).toEqual({ date: '2026-11-30', rule: 's16(4)' });
  });

  it('flags past and near against the caller\'s today', () => {
    expect(deadlineState(d('2026-11-30'), d('2026-12-01'))).toEqual({ state: 'past', daysLeft: -1 });
    expect(deadlineState(d('2026-11-30'), d('2026-10-31'))).toEqual({ state: 'near', daysLeft: 30 });
    expect(deadlineState(d('2026-11-30'), d('2026-10-30'))).toEqual({ state: 'ok', daysLeft: 31 });
    expect(deadlineState(d('2026-11-30'), d('2026-11-20'), 5).state).toBe('ok');
    expect(deadlineState(null, d('2026-11-20')).state).toBe('unknown');
  });

  it('rule 37A: checked on 30 September after the FY of the 2B period, reversed by 30 November', () => {
    expect(rule37aDates(rec('b2b', '2024-05-10', '052024'))).toEqual({ checkOn: '2025-09-30', reverseBy: '2025-11-30' });
    expect(rule37aDates(rec('b2b', '2025-03-10', '032025'))).toEqual({ checkOn: '2025-09-30', reverseBy: '2025-11-30' });
  });

  it('counts periods carried', () => {
    expect(periodsBetween('102025', '012026')).toBe(3);
    expect(periodsBetween('x', '012026')).toBeNull();
  });
});
