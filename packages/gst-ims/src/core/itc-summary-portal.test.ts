// The projection counts what the portal's GSTR-2B counts: records of suppliers who have not filed
// are kept apart, and an amendment counts as its difference from the original. Hand-computed.
import { describe, expect, it } from 'vitest';
import type { Action } from './actions.js';
import type { IsoDate } from './dates.js';
import { itcSummary, originalKeyOf } from './itc-summary.js';
import type { ItcSummaryItem, KnownRecord } from './itc-summary.js';
import type { Paise } from './money.js';
import { recordKey } from './record.js';
import type { ItcReduction, PortalRecord } from './record.js';
import type { Section } from './sections.js';

const S = '27AABCU9603R1ZN';
const p = (n: number): Paise => n as Paise;

function rec(
  section: Section,
  num: string,
  tax: { igst?: number; cgst?: number; sgst?: number },
  more: Partial<PortalRecord> = {},
): PortalRecord {
  const docDate = (more.docDate ?? '2025-10-05') as IsoDate;
  const igst = tax.igst ?? 0;
  const cgst = tax.cgst ?? 0;
  const sgst = tax.sgst ?? 0;
  return {
    key: recordKey(section, S, num, docDate),
    section,
    supplierGstin: S,
    supplierName: 'Supplier',
    docNumber: num,
    docDate,
    originalDocNumber: null,
    originalDocDate: null,
    invType: 'R',
    srcForm: 'R1',
    returnPeriod: '102025',
    supplierFiled: true,
    pos: '27',
    amounts: {
      value: p(100000),
      taxable: p(100000),
      igst: p(igst),
      cgst: p(cgst),
      sgst: p(sgst),
      cess: p(0),
    },
    portalAction: 'noAction',
    pendingBlocked: false,
    remarksBlocked: false,
    itcReductionBlocked: false,
    portalRemark: null,
    portalItcReduction: null,
    hash: null,
    extra: {},
    ...more,
  };
}

const amend = (
  section: Section,
  num: string,
  ofNum: string,
  tax: { igst?: number; cgst?: number; sgst?: number },
): PortalRecord =>
  rec(section, num, tax, {
    originalDocNumber: ofNum,
    originalDocDate: '2025-10-05' as IsoDate,
    returnPeriod: '112025',
  });

const it_ = (
  record: PortalRecord,
  action: Action,
  itcReduction: ItcReduction | null = null,
): ItcSummaryItem => ({ record, action, itcReduction });

describe('records whose supplier has not filed', () => {
  const s = itcSummary([
    it_(rec('b2b', 'F1', { igst: 1000 }), 'accept'),
    it_(rec('b2b', 'NF1', { igst: 700 }, { supplierFiled: false }), 'accept'),
    it_(rec('b2b', 'NF2', { cgst: 50, sgst: 50 }, { supplierFiled: false }), 'noAction'),
    it_(rec('b2b', 'NF3', { igst: 9 }, { supplierFiled: false }), 'reject'),
    it_(rec('b2bcn', 'NFC', { igst: 30 }, { supplierFiled: false }), 'noAction'),
    it_(rec('b2b', 'UNK', { igst: 5 }, { supplierFiled: null }), 'noAction'),
  ]);

  it('are shown apart and never in available ITC', () => {
    // Available: F1 1000 + UNK 5 (filing unknown counts as the download shows it).
    expect(s.available.igst).toBe(1005);
    expect(s.available.count).toBe(2);
    expect(s.netAvailable.total).toBe(1005);
    // Waiting: NF1 700 + NF2 100 + NF3 9, whatever the action.
    expect(s.waitingForSupplier).toMatchObject({
      count: 3,
      igst: 709,
      cgst: 50,
      sgst: 50,
      total: 809,
    });
    expect(s.waitingForSupplierCreditNotes).toMatchObject({ count: 1, igst: 30 });
    expect(s.creditNoteReduction.count).toBe(0);
    expect(s.rejected.count).toBe(0);
  });
});

describe('amendments', () => {
  it('count as their difference from an accepted original in the same set: never both in full', () => {
    const o = rec('b2b', 'INV-1', { igst: 1800 });
    const a = amend('b2ba', 'INV-1', 'INV-1', { igst: 2160 });
    const s = itcSummary([it_(o, 'accept'), it_(a, 'noAction')]);
    // 1800 (original) + 360 (difference) = 2160, the amended tax; not 1800 + 2160.
    expect(s.available.igst).toBe(2160);
    expect(s.available.count).toBe(2);
    expect(s.amendments).toEqual([
      { key: a.key, originalKey: o.key, basis: 'difference', igst: 360, cgst: 0, sgst: 0, cess: 0 },
    ]);
  });

  it('count as a negative difference when amended downwards', () => {
    const o = rec('b2b', 'INV-2', { cgst: 900, sgst: 900 });
    const a = amend('b2ba', 'INV-2', 'INV-2', { cgst: 450, sgst: 450 });
    // The original left IMS after its 3B: it is known from the workspace, not among the items.
    const known = new Map<string, KnownRecord>([[o.key, { record: o, action: 'accept' }]]);
    const s = itcSummary([it_(a, 'accept')], { known });
    expect(s.available).toMatchObject({ count: 1, cgst: -450, sgst: -450, total: -900 });
  });

  it('count in full when the original was rejected (or never gave ITC)', () => {
    const o = rec('b2b', 'INV-3', { igst: 500 });
    const a = amend('b2ba', 'INV-3A', 'INV-3', { igst: 600 });
    const s = itcSummary([it_(o, 'reject'), it_(a, 'accept')]);
    expect(s.available).toMatchObject({ count: 1, igst: 600 });
    expect(s.rejected).toMatchObject({ count: 1, igst: 500 });
    expect(s.amendments[0]?.basis).toBe('full');

    const pendingOriginal = itcSummary([it_(o, 'pending'), it_(a, 'accept')]);
    expect(pendingOriginal.available.igst).toBe(600);
    expect(pendingOriginal.pending.igst).toBe(500);
  });

  it('are kept apart when the original is unknown, with their signed effect', () => {
    const a = amend('b2ba', 'INV-9', 'INV-8', { igst: 300 });
    const cna = amend('b2bcna', 'CN-9', 'CN-8', { igst: 40 });
    const s = itcSummary([it_(a, 'accept'), it_(cna, 'noAction')]);
    expect(s.available.count).toBe(0);
    expect(s.creditNoteReduction.count).toBe(0);
    expect(s.amendmentsOriginalUnknown).toMatchObject({ count: 2, igst: 260 });
    expect(s.netAvailable.total).toBe(0);
    expect(s.amendments.map((x) => [x.basis, x.igst])).toEqual([
      ['unknownOriginal', 300],
      ['unknownOriginal', -40],
    ]);
  });

  it('credit-note amendments reduce by their difference, or by the declared amount', () => {
    const o = rec('b2bcn', 'CN-1', { igst: 1000 });
    const a = amend('b2bcna', 'CN-1', 'CN-1', { igst: 1200 });
    const s = itcSummary([it_(o, 'accept'), it_(a, 'accept', { kind: 'full' })]);
    expect(s.creditNoteReduction).toMatchObject({ count: 2, igst: 1200 });
    expect(s.amendments[0]).toMatchObject({ basis: 'difference', igst: -200 });

    const declared = itcSummary([
      it_(o, 'accept'),
      it_(a, 'accept', { kind: 'partial', igst: p(150), cgst: p(0), sgst: p(0), cess: p(0) }),
    ]);
    expect(declared.creditNoteReduction.igst).toBe(1150);
    expect(declared.amendments[0]).toMatchObject({ basis: 'declared', igst: -150 });
  });

  it('a rejected or pending amendment is not counted as available at all', () => {
    const o = rec('b2b', 'INV-4', { igst: 100 });
    const a = amend('b2ba', 'INV-4', 'INV-4', { igst: 130 });
    const s = itcSummary([it_(o, 'accept'), it_(a, 'reject')]);
    expect(s.available).toMatchObject({ count: 1, igst: 100 });
    expect(s.rejected).toMatchObject({ count: 1, igst: 130 });
    expect(s.amendments).toEqual([]);
  });

  it('finds the original by the key it has in the workspace', () => {
    const a = amend('b2bdna', 'DN-2', 'DN-1', { igst: 1 });
    expect(originalKeyOf(a)).toBe(recordKey('b2bdn', S, 'DN-1', '2025-10-05' as IsoDate));
    expect(originalKeyOf(rec('b2b', 'X', {}))).toBeNull();
  });
});
