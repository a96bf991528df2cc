import { describe, expect, it } from 'vitest';
import type { Action } from './actions.js';
import type { IsoDate } from './dates.js';
import { itcSummary, itcSummaryBySupplier } from './itc-summary.js';
import type { ItcBucket, ItcSummaryItem } from './itc-summary.js';
import type { Paise } from './money.js';
import { recordKey } from './record.js';
import type { ItcReduction, PortalRecord } from './record.js';
import { SECTIONS } from './sections.js';
import type { Section } from './sections.js';

const A = '27AABCU9603R1ZN';
const B = '29AAACR5055K1Z3';
const C = '07AAACT2727Q1ZY';
const D = '24AAACB1234C1ZL';

const p = (n: number): Paise => n as Paise;
let serial = 0;

interface Tax {
  igst?: number;
  cgst?: number;
  sgst?: number;
  cess?: number;
}

function makeRecord(
  section: Section,
  supplierGstin: string,
  tax: Tax,
  supplierName: string | null = null,
): PortalRecord {
  serial++;
  const docNumber = `DOC-${serial}`;
  const docDate = '2026-04-10' as IsoDate;
  const igst = tax.igst ?? 0;
  const cgst = tax.cgst ?? 0;
  const sgst = tax.sgst ?? 0;
  const cess = tax.cess ?? 0;
  return {
    key: recordKey(section, supplierGstin, docNumber, docDate),
    section,
    supplierGstin,
    supplierName,
    docNumber,
    docDate,
    originalDocNumber: null,
    originalDocDate: null,
    invType: section.startsWith('ecom') ? null : 'R',
    srcForm: 'R1',
    returnPeriod: '042026',
    supplierFiled: true,
    pos: '27',
    amounts: {
      value: p(100000 + igst + cgst + sgst + cess),
      taxable: p(100000),
      igst: p(igst),
      cgst: p(cgst),
      sgst: p(sgst),
      cess: p(cess),
    },
    portalAction: 'noAction',
    pendingBlocked: false,
    remarksBlocked: false,
    itcReductionBlocked: false,
    portalRemark: null,
    portalItcReduction: null,
    hash: null,
    extra: {},
  };
}

const item = (
  record: PortalRecord,
  action: Action,
  itcReduction: ItcReduction | null = null,
): ItcSummaryItem => ({ record, action, itcReduction });
const bucket = (count: number, t: Tax): ItcBucket => {
  const igst = t.igst ?? 0;
  const cgst = t.cgst ?? 0;
  const sgst = t.sgst ?? 0;
  const cess = t.cess ?? 0;
  return {
    count,
    igst: p(igst),
    cgst: p(cgst),
    sgst: p(sgst),
    cess: p(cess),
    total: p(igst + cgst + sgst + cess),
  };
};

// Hand-computed data set: one line per record, with the bucket it must land in.
const items: ItcSummaryItem[] = [
  /* 1 */ item(makeRecord('b2b', A, { igst: 18000 }), 'accept'), // available
  /* 2 */ item(
    makeRecord('b2bdn', A, { cgst: 900, sgst: 900, cess: 100 }, 'Alpha Ltd'),
    'noAction',
  ), // available (deemed)
  /* 3 */ item(makeRecord('ecoma', B, { igst: 500 }, 'Beta & Co'), 'accept'), // available
  /* 4 */ item(makeRecord('b2bcn', B, { igst: 1000 }), 'accept', {
    kind: 'partial',
    igst: p(400),
    cgst: p(0),
    sgst: p(0),
    cess: p(0),
  }), // CN 400
  /* 5 */ item(makeRecord('b2bcna', C, { cgst: 300, sgst: 300 }), 'accept', { kind: 'none' }), // CN 0
  /* 6 */ item(makeRecord('b2bcn', C, { igst: 200 }), 'noAction'), // CN 200 (deemed)
  /* 7 */ item(makeRecord('b2bcn', D, { igst: 700 }, 'Delta'), 'accept', { kind: 'full' }), // CN 700
  /* 8 */ item(makeRecord('b2ba', D, { igst: 5000 }), 'reject'), // rejected
  /* 9 */ item(makeRecord('b2bcn', D, { cgst: 50, sgst: 50 }), 'reject'), // rejected CN
  /* 10 */ item(makeRecord('b2b', C, { cgst: 2500, sgst: 2500 }, 'Gamma'), 'pending'), // pending
  /* 11 */ item(makeRecord('b2bcna', A, { igst: 60 }, 'Alpha Limited'), 'pending'), // pending CN
  /* 12 */ item(makeRecord('b2bcn', A, { igst: 10000 }), 'accept'), // CN 10000 (no declaration = full)
];

describe('itcSummary', () => {
  const s = itcSummary(items);

  it('fills every bucket with hand-computed totals', () => {
    expect(s.available).toEqual(bucket(3, { igst: 18500, cgst: 900, sgst: 900, cess: 100 }));
    expect(s.creditNoteReduction).toEqual(bucket(5, { igst: 11300 }));
    expect(s.netAvailable).toEqual(bucket(8, { igst: 7200, cgst: 900, sgst: 900, cess: 100 }));
    expect(s.netAvailable.total).toBe(9100);
    expect(s.rejected).toEqual(bucket(1, { igst: 5000 }));
    expect(s.rejectedCreditNotes).toEqual(bucket(1, { cgst: 50, sgst: 50 }));
    expect(s.pending).toEqual(bucket(1, { cgst: 2500, sgst: 2500 }));
    expect(s.pendingCreditNotes).toEqual(bucket(1, { igst: 60 }));
  });

  it('counts by action and by section, with every section present', () => {
    expect(s.count).toBe(12);
    expect(s.byAction).toEqual({ accept: 6, reject: 2, pending: 2, noAction: 2 });
    expect(Object.keys(s.bySection).sort()).toEqual([...SECTIONS].sort());
    expect(s.bySection.b2b).toEqual({
      count: 2,
      byAction: { accept: 1, reject: 0, pending: 1, noAction: 0 },
    });
    expect(s.bySection.b2bcn).toEqual({
      count: 5,
      byAction: { accept: 3, reject: 1, pending: 0, noAction: 1 },
    });
    expect(s.bySection.b2bcna).toEqual({
      count: 2,
      byAction: { accept: 1, reject: 0, pending: 1, noAction: 0 },
    });
    expect(s.bySection.b2bdn.byAction.noAction).toBe(1);
    expect(s.bySection.b2ba.byAction.reject).toBe(1);
    expect(s.bySection.ecoma.byAction.accept).toBe(1);
    expect(s.bySection.ecom).toEqual({
      count: 0,
      byAction: { accept: 0, reject: 0, pending: 0, noAction: 0 },
    });
    expect(s.bySection.b2bdna.count).toBe(0);
  });

  it('returns zeros for no items', () => {
    const e = itcSummary([]);
    expect(e.available).toEqual(bucket(0, {}));
    expect(e.netAvailable).toEqual(bucket(0, {}));
    expect(e.count).toBe(0);
    expect(e.bySection.b2b.count).toBe(0);
  });

  it('can go negative when credit notes outweigh invoices', () => {
    const e = itcSummary([
      item(makeRecord('b2b', A, { igst: 100 }), 'accept'),
      item(makeRecord('b2bcn', A, { igst: 250 }), 'noAction'),
    ]);
    expect(e.netAvailable).toEqual(bucket(2, { igst: -150 }));
  });

  it('ignores a declaration on an invoice amendment and on a No Action credit note', () => {
    const e = itcSummary([
      item(makeRecord('b2ba', A, { igst: 1000 }), 'accept', {
        kind: 'partial',
        igst: p(300),
        cgst: p(0),
        sgst: p(0),
        cess: p(0),
      }),
      item(makeRecord('b2bcn', A, { igst: 400 }), 'noAction', { kind: 'none' }),
    ]);
    expect(e.available).toEqual(bucket(1, { igst: 1000 }));
    expect(e.creditNoteReduction).toEqual(bucket(1, { igst: 400 }));
  });

  it('keeps paise exact where floating rupees would drift', () => {
    const many = Array.from({ length: 10 }, () =>
      item(makeRecord('b2b', A, { igst: 10 }), 'accept'),
    );
    expect(itcSummary(many).available.igst).toBe(100); // 0.1 rupee x 10 = exactly 1 rupee
  });
});

describe('itcSummaryBySupplier', () => {
  const rows = itcSummaryBySupplier(items);

  it('sorts by supplier GSTIN and takes the first non-null name', () => {
    expect(rows.map((r) => r.supplierGstin)).toEqual([C, D, A, B]);
    expect(rows.map((r) => r.supplierName)).toEqual(['Gamma', 'Delta', 'Alpha Ltd', 'Beta & Co']);
  });

  it('splits the buckets per supplier', () => {
    const [c, dd, a, b] = rows;
    expect(a?.count).toBe(4);
    expect(a?.byAction).toEqual({ accept: 2, reject: 0, pending: 1, noAction: 1 });
    expect(a?.available).toEqual(bucket(2, { igst: 18000, cgst: 900, sgst: 900, cess: 100 }));
    expect(a?.creditNoteReduction).toEqual(bucket(1, { igst: 10000 }));
    expect(a?.pendingCreditNotes).toEqual(bucket(1, { igst: 60 }));
    expect(a?.netAvailable).toEqual(bucket(3, { igst: 8000, cgst: 900, sgst: 900, cess: 100 }));

    expect(b?.netAvailable).toEqual(bucket(2, { igst: 100 }));

    expect(c?.creditNoteReduction).toEqual(bucket(2, { igst: 200 }));
    expect(c?.pending).toEqual(bucket(1, { cgst: 2500, sgst: 2500 }));
    expect(c?.netAvailable).toEqual(bucket(2, { igst: -200 }));

    expect(dd?.rejected).toEqual(bucket(1, { igst: 5000 }));
    expect(dd?.rejectedCreditNotes).toEqual(bucket(1, { cgst: 50, sgst: 50 }));
    expect(dd?.netAvailable).toEqual(bucket(1, { igst: -700 }));
  });

  it('adds up to the overall summary', () => {
    const overall = itcSummary(items);
    const sum = rows.reduce((acc, r) => acc + r.netAvailable.total, 0);
    expect(sum).toBe(overall.netAvailable.total);
    expect(rows.reduce((acc, r) => acc + r.count, 0)).toBe(overall.count);
  });

  it('returns an empty list for no items', () => {
    expect(itcSummaryBySupplier([])).toEqual([]);
  });
});
