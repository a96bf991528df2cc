import { describe, expect, it } from 'vitest';
import type { IsoDate } from './dates.js';
import {
  deadlineState,
  decideBy,
  itcTimeLimit,
  periodsBetween,
  rule37Status,
  rule37aDates,
} from './deadlines.js';
import type { PortalRecord } from './record.js';
import type { Section } from './sections.js';

const d = (s: string): IsoDate => s as IsoDate;
function rec(
  section: Section,
  docDate: string,
  returnPeriod: string,
  more: Partial<PortalRecord> = {},
): PortalRecord {
  return {
    section,
    docDate: d(docDate),
    returnPeriod,
    originalDocDate: null,
    srcForm: 'R1',
    ...more,
  } as unknown as PortalRecord;
}

describe('deadlines', () => {
  it('s.16(4): 30 November after the FY of the invoice (of the original, for an amendment)', () => {
    expect(itcTimeLimit(rec('b2b', '2026-03-31', '032026'))).toBe('2026-11-30');
    expect(itcTimeLimit(rec('b2b', '2026-04-01', '042026'))).toBe('2027-11-30');
    expect(
      itcTimeLimit({ ...rec('b2ba', '2026-05-02', '052026'), originalDocDate: d('2026-02-10') }),
    ).toBe('2026-11-30');
    expect(itcTimeLimit(rec('b2bcn', '2026-05-02', '052026'))).toBeNull();
  });

  it('decide by: credit notes one period after their 2B period (from Oct 2025), others s.16(4)', () => {
    expect(decideBy(rec('b2bcn', '2025-10-15', '102025'))).toEqual({
      date: '2025-12-20',
      rule: 'pendingWindow',
    });
    expect(decideBy({ ...rec('b2bcn', '2025-09-20', '092025'), srcForm: 'R1A' })).toEqual({
      date: '2025-12-20',
      rule: 'pendingWindow',
    });
    expect(decideBy(rec('b2bcn', '2025-09-15', '092025')).date).toBeNull();
    expect(decideBy(rec('b2bdn', '2025-09-15', '092025'))).toEqual({
      date: '2026-11-30',
      rule: 's16(4)',
    });
  });

  it("flags past and near against the caller's today", () => {
    expect(deadlineState(d('2026-11-30'), d('2026-12-01'))).toEqual({
      state: 'past',
      daysLeft: -1,
    });
    expect(deadlineState(d('2026-11-30'), d('2026-10-31'))).toEqual({
      state: 'near',
      daysLeft: 30,
    });
    expect(deadlineState(d('2026-11-30'), d('2026-10-30'))).toEqual({ state: 'ok', daysLeft: 31 });
    expect(deadlineState(d('2026-11-30'), d('2026-11-20'), 5).state).toBe('ok');
    expect(deadlineState(null, d('2026-11-20')).state).toBe('unknown');
  });

  it('rule 37A: checked on 30 September after the FY of the 2B period, reversed by 30 November', () => {
    expect(rule37aDates(rec('b2b', '2024-05-10', '052024'))).toEqual({
      checkOn: '2025-09-30',
      reverseBy: '2025-11-30',
    });
    expect(rule37aDates(rec('b2b', '2025-03-10', '032025'))).toEqual({
      checkOn: '2025-09-30',
      reverseBy: '2025-11-30',
    });
  });

  it('counts periods carried', () => {
    expect(periodsBetween('102025', '012026')).toBe(3);
    expect(periodsBetween('x', '012026')).toBeNull();
  });
});

describe('rule 37: unpaid 180 days after the invoice date', () => {
  const inv = (
    docDate: string,
    paymentDate: string | null,
    more: { docType?: 'invoice' | 'debitNote' | 'creditNote'; reverseCharge?: boolean } = {},
  ) => ({
    docDate: d(docDate),
    paymentDate: paymentDate === null ? null : d(paymentDate),
    docType: more.docType ?? 'invoice',
    reverseCharge: more.reverseCharge ?? false,
  });

  it("the doc's example: 10-Apr-2025 must be paid by 7-Oct-2025; unpaid, reversed in November's 3B", () => {
    // 20 days left in April, 31 + 30 + 31 + 31 + 30 = 153 to 30 September, 7 in October: 180.
    expect(rule37Status(inv('2025-04-10', null), d('2025-10-08'))).toEqual({
      state: 'reverse',
      lastDay: '2025-10-07',
      reverseInPeriod: '112025',
      reclaimInPeriod: null,
      daysLeft: null,
    });
    expect(rule37Status(inv('2025-04-10', null), d('2025-10-07'))).toMatchObject({
      state: 'running',
      daysLeft: 0,
    });
    expect(rule37Status(inv('2025-04-10', null), d('2025-09-07'))).toMatchObject({
      state: 'running',
      daysLeft: 30,
    });
  });

  it('paid in time: nothing; paid late: claimed again in the period of the payment', () => {
    expect(rule37Status(inv('2025-04-10', '2025-10-07'), d('2026-01-20'))?.state).toBe(
      'paidInTime',
    );
    expect(rule37Status(inv('2025-04-10', '2026-01-15'), d('2026-01-20'))).toMatchObject({
      state: 'reclaim',
      reclaimInPeriod: '012026',
    });
  });

  it('December ends the year: an invoice of 5-Jul-2026 runs to 1-Jan-2027 and is reversed in February', () => {
    // 26 days left in July, 31 + 30 + 31 + 30 + 31 = 153 to 31 December, 1 in January: 180.
    expect(rule37Status(inv('2026-07-05', null), d('2027-01-02'))).toMatchObject({
      state: 'reverse',
      lastDay: '2027-01-01',
      reverseInPeriod: '022027',
    });
  });

  it('credit notes and reverse-charge documents are outside it; no today, unknown', () => {
    expect(
      rule37Status(inv('2025-04-10', null, { docType: 'creditNote' }), d('2026-01-01')),
    ).toBeNull();
    expect(
      rule37Status(inv('2025-04-10', null, { reverseCharge: true }), d('2026-01-01')),
    ).toBeNull();
    expect(rule37Status(inv('2025-04-10', null, { docType: 'debitNote' }), null)?.state).toBe(
      'unknown',
    );
  });
});
