import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateImsDownload } from '../generator/generate-ims.js';
import { accuracyByCase, formatAccuracy } from '../generator/accuracy.js';
import { generateRegister } from '../generator/generate-register.js';
import type { Action } from './actions.js';
import type { IsoDate } from './dates.js';
import { UsageError } from './errors.js';
import type { Paise } from './money.js';
import { parseImsDownload } from './parse-ims-download.js';
import type { PortalRecord } from './record.js';
import { recordKey } from './record.js';
import { explainRecord, gstinTypo, reconcile } from './reconcile.js';
import type { ReconcileInput } from './reconcile.js';
import type { MatchResult, RegisterDocument, Tolerances } from './register.js';
import { DEFAULT_TOLERANCES, formatReason } from './register.js';
import type { DocType, Section } from './sections.js';

// ---------------------------------------------------------------------------------------------
// Builders. Amounts in rupees; intra-state 18 % on 10,000 by default.

const SUP = '24AAACC4175D1Z4';
const SUP_OTHER_STATE = '27AAACC4175D1ZY'; // same PAN AAACC4175D
const SUP2 = '24AABCU9603R1ZT';
const p = (rupees: number): Paise => Math.round(rupees * 100) as Paise;

interface AmountsIn {
  taxable?: number;
  igst?: number;
  cgst?: number;
  sgst?: number;
  cess?: number;
}

function amountsOf(a: AmountsIn) {
  const taxable = a.taxable ?? 10000;
  const igst = a.igst ?? 0;
  const cgst = a.cgst ?? (a.igst === undefined ? 900 : 0);
  const sgst = a.sgst ?? (a.igst === undefined ? 900 : 0);
  const cess = a.cess ?? 0;
  return {
    value: p(taxable + igst + cgst + sgst + cess),
    taxable: p(taxable),
    igst: p(igst),
    cgst: p(cgst),
    sgst: p(sgst),
    cess: p(cess),
  };
}

interface RecIn extends AmountsIn {
  section?: Section;
  gstin?: string;
  num: string;
  date: string;
  orig?: string;
  origDate?: string;
  supplierFiled?: boolean | null;
  pendingBlocked?: boolean;
  portalAction?: Action;
}

function rec(o: RecIn): PortalRecord {
  const section = o.section ?? 'b2b';
  const gstin = o.gstin ?? SUP;
  return {
    key: recordKey(section, gstin, o.num, o.date as IsoDate),
    section,
    supplierGstin: gstin,
    supplierName: 'Supplier',
    docNumber: o.num,
    docDate: o.date as IsoDate,
    originalDocNumber: o.orig ?? null,
    originalDocDate: (o.origDate ?? (o.orig !== undefined ? o.date : null)) as IsoDate | null,
    invType: 'R',
    srcForm: 'R1',
    returnPeriod: '102025',
    supplierFiled: o.supplierFiled === undefined ? true : o.supplierFiled,
    pos: '24',
    amounts: amountsOf(o),
    portalAction: o.portalAction ?? 'noAction',
    pendingBlocked: o.pendingBlocked ?? false,
    remarksBlocked: false,
    itcReductionBlocked: false,
    portalRemark: null,
    portalItcReduction: null,
    hash: null,
    extra: {},
  };
}

interface DocIn extends AmountsIn {
  ref: string;
  gstin?: string;
  num: string;
  date: string;
  type?: DocType;
  received?: string;
  outside?: RegisterDocument['outsideIms'];
}

function doc(o: DocIn): RegisterDocument {
  return {
    ref: o.ref,
    supplierGstin: o.gstin ?? SUP,
    supplierName: 'Supplier',
    docNumber: o.num,
    docDate: o.date as IsoDate,
    docType: o.type ?? 'invoice',
    amounts: amountsOf(o),
    pos: '24',
    receivedDate: (o.received ?? null) as IsoDate | null,
    sourceRows: [1],
    extra: {},
    ...(o.outside !== undefined ? { outsideIms: o.outside } : {}),
  };
}

function run(
  records: PortalRecord[],
  documents: RegisterDocument[],
  extra: Partial<ReconcileInput> = {},
  tolerances: Tolerances = DEFAULT_TOLERANCES,
): MatchResult[] {
  const results = reconcile({ records, documents, tolerances, ...extra });
  checkInvariants(records, documents, results);
  return results;
}

/** Every input in exactly one result; no record key or ref used twice. */
function checkInvariants(
  records: readonly PortalRecord[],
  documents: readonly RegisterDocument[],
  results: readonly MatchResult[],
): void {
  const keys = results.filter((r) => r.recordKey !== null).map((r) => r.recordKey);
  const refs = results.filter((r) => r.registerRef !== null).map((r) => r.registerRef);
  expect(new Set(keys).size).toBe(keys.length);
  expect(new Set(refs).size).toBe(refs.length);
  expect(new Set(keys)).toEqual(new Set(records.map((r) => r.key)));
  expect(new Set(refs)).toEqual(new Set(documents.map((d) => d.ref)));
  for (const r of results) {
    expect(r.recordKey !== null || r.registerRef !== null).toBe(true);
    if (r.recordKey === null) expect(['missingInPortal', 'notInIms']).toContain(r.outcome);
    else if (r.registerRef === null) expect(r.outcome).toBe('missingInRegister');
    expect(r.score).toBeGreaterThanOrEqual(0);
    expect(r.score).toBeLessThanOrEqual(100);
  }
}

const of = (results: readonly MatchResult[], key: string): MatchResult => {
  const r = results.find((x) => x.recordKey === key);
  if (!r) throw new Error(`no result for ${key}`);
  return r;
};
const ofRef = (results: readonly MatchResult[], ref: string): MatchResult => {
  const r = results.find((x) => x.registerRef === ref);
  if (!r) throw new Error(`no result for ${ref}`);
  return r;
};
const codes = (r: MatchResult): string[] => r.reasons.map(formatReason);

// ---------------------------------------------------------------------------------------------

describe('reconcile: outcomes', () => {
  it('exact: same GSTIN, type, number, date and amounts', () => {
    const r = rec({ num: 'INV-1', date: '2025-10-05' });
    const res = run([r], [doc({ ref: 'PV1', num: 'INV-1', date: '2025-10-05' })]);
    expect(of(res, r.key)).toMatchObject({
      registerRef: 'PV1',
      outcome: 'exact',
      score: 100,
      manual: false,
    });
    expect(codes(of(res, r.key))).toEqual(['numberExact']);
  });

  it('exact despite a case-only difference or stray spaces (IC misses "inv-5" vs "INV-5")', () => {
    const a = rec({ num: 'INV-5', date: '2025-10-05' });
    const b = rec({ num: 'ab/77', date: '2025-10-06' });
    const res = run(
      [a, b],
      [
        doc({ ref: 'PV1', num: 'inv-5', date: '2025-10-05' }),
        doc({ ref: 'PV2', num: ' AB/77 ', date: '2025-10-06' }),
      ],
    );
    expect(of(res, a.key)).toMatchObject({ registerRef: 'PV1', outcome: 'exact' });
    expect(of(res, b.key)).toMatchObject({ registerRef: 'PV2', outcome: 'exact' });
  });

  it('exact with rounding under the tolerance, reasons carry the differences (books minus portal)', () => {
    const r = rec({
      num: 'INV-1',
      date: '2025-10-05',
      taxable: 10000.4,
      cgst: 900.05,
      sgst: 900.05,
    });
    const res = run([r], [doc({ ref: 'PV1', num: 'INV-1', date: '2025-10-05' })]);
    expect(of(res, r.key).outcome).toBe('exact');
    expect(codes(of(res, r.key))).toEqual([
      'numberExact',
      'taxableDiff:-0.40',
      'cgstDiff:-0.05',
      'sgstDiff:-0.05',
      'totalTaxDiff:-0.10',
    ]);
  });

  it('probable: number equal after full normalisation (punctuation, FY spelling, zero padding)', () => {
    const cases: [string, string][] = [
      ['INV/2025-26/0045', 'INV-45'],
      ['SI2526/0045', 'si/25-26/45'],
      ['TI/0045', 'TI 45'],
      ['0001234', '1234'],
      ['MH/25-26/T-18', 'MH/2025-2026/T/18'],
    ];
    const records = cases.map(([a], i) =>
      rec({ num: a, date: '2025-10-05', taxable: 1000 * (i + 1) }),
    );
    const docs = cases.map(([, b], i) =>
      doc({ ref: `PV${i}`, num: b, date: '2025-10-05', taxable: 1000 * (i + 1) }),
    );
    const res = run(records, docs);
    records.forEach((r, i) => {
      expect(of(res, r.key)).toMatchObject({ registerRef: `PV${i}`, outcome: 'probable' });
      expect(codes(of(res, r.key))).toContain('numberNormalised');
    });
  });

  it('probable: look-alike letters (O/0, I/1) score below normalised numbers', () => {
    const r = rec({ num: 'INV-O045', date: '2025-10-05' });
    const res = run([r], [doc({ ref: 'PV1', num: 'INV-0045', date: '2025-10-05' })]);
    expect(of(res, r.key)).toMatchObject({ registerRef: 'PV1', outcome: 'probable' });
    expect(codes(of(res, r.key))).toContain('numberConfusable');
    expect(of(res, r.key).score).toBeLessThan(95);
  });

  it('probable within the date window, mismatch at 11+ days in the same month, periodShift across months (dateDiff = books minus portal)', () => {
    const a = rec({ num: 'INV-1', date: '2025-10-05' });
    const b = rec({ num: 'INV-2', date: '2025-10-05', taxable: 2000 });
    const c = rec({ num: 'INV/25-26/3', date: '2025-10-05', taxable: 3000 });
    const res = run(
      [a, b, c],
      [
        doc({ ref: 'PV1', num: 'INV-1', date: '2025-10-15' }),
        doc({ ref: 'PV2', num: 'INV-2', date: '2025-09-24', taxable: 2000 }),
        doc({ ref: 'PV3', num: 'INV-3', date: '2025-10-19', taxable: 3000 }),
      ],
    );
    expect(of(res, a.key)).toMatchObject({ registerRef: 'PV1', outcome: 'probable' });
    expect(codes(of(res, a.key))).toContain('dateDiff:10');
    // 11 days apart but in the month before: a timing difference, not a wrong date.
    expect(of(res, b.key)).toMatchObject({ registerRef: 'PV2', outcome: 'probable' });
    expect(codes(of(res, b.key))).toEqual(
      expect.arrayContaining(['dateDiff:-11', 'periodShift:-1']),
    );
    expect(of(res, c.key)).toMatchObject({ registerRef: 'PV3', outcome: 'mismatch' });
    expect(codes(of(res, c.key))).toEqual(
      expect.arrayContaining(['numberNormalised', 'dateDiff:14']),
    );
  });

  it('mismatch: taxable value off beyond tolerance', () => {
    const r = rec({ num: 'INV-1', date: '2025-10-05', taxable: 10500, cgst: 945, sgst: 945 });
    const res = run([r], [doc({ ref: 'PV1', num: 'INV-1', date: '2025-10-05' })]);
    expect(of(res, r.key)).toMatchObject({ registerRef: 'PV1', outcome: 'mismatch' });
    expect(codes(of(res, r.key))).toEqual([
      'numberExact',
      'taxableDiff:-500.00',
      'cgstDiff:-45.00',
      'sgstDiff:-45.00',
      'totalTaxDiff:-90.00',
    ]);
  });

  it('mismatch with headSwap: IGST booked as CGST+SGST', () => {
    const r = rec({ num: 'INV-1', date: '2025-10-05', igst: 1800 });
    const res = run(
      [r],
      [doc({ ref: 'PV1', num: 'INV-1', date: '2025-10-05', cgst: 900, sgst: 900 })],
    );
    expect(of(res, r.key)).toMatchObject({ registerRef: 'PV1', outcome: 'mismatch' });
    expect(codes(of(res, r.key))).toEqual(
      expect.arrayContaining(['headSwap', 'igstDiff:-1800.00', 'cgstDiff:900.00']),
    );
    expect(codes(of(res, r.key))).not.toContain('totalTaxDiff');
  });

  it('percentage tolerance widens the amount check when set', () => {
    const r = rec({ num: 'INV-1', date: '2025-10-05', taxable: 10050 });
    const docs = [doc({ ref: 'PV1', num: 'INV-1', date: '2025-10-05' })];
    expect(of(run([r], docs), r.key).outcome).toBe('mismatch');
    expect(of(run([r], docs, {}, { ...DEFAULT_TOLERANCES, percent: 1 }), r.key).outcome).toBe(
      'exact',
    );
  });

  it('total-tax check can be switched off', () => {
    // Each head within Rs 1 but together Rs 1.50 apart.
    const r = rec({ num: 'INV-1', date: '2025-10-05', cgst: 900.75, sgst: 900.75 });
    const docs = [doc({ ref: 'PV1', num: 'INV-1', date: '2025-10-05' })];
    expect(of(run([r], docs), r.key).outcome).toBe('mismatch');
    expect(
      of(run([r], docs, {}, { ...DEFAULT_TOLERANCES, totalTaxCheck: false }), r.key).outcome,
    ).toBe('exact');
  });

  it('missing on either side', () => {
    const r = rec({ num: 'INV-1', date: '2025-10-05' });
    const res = run([r], [doc({ ref: 'PV9', num: 'X-9', date: '2025-10-05', taxable: 77 })]);
    expect(of(res, r.key)).toMatchObject({
      registerRef: null,
      outcome: 'missingInRegister',
      score: 0,
    });
    expect(ofRef(res, 'PV9')).toMatchObject({
      recordKey: null,
      outcome: 'missingInPortal',
      score: 0,
    });
  });
});

describe('reconcile: the cases other tools get wrong', () => {
  it('substring numbers 1 / 12 / 123 pair with their own numbers, even with identical amounts', () => {
    const rs = ['INV-1', 'INV-12', 'INV-123'].map((num) => rec({ num, date: '2025-10-05' }));
    const ds = ['INV-123', 'INV-1', 'INV-12'].map((num, i) =>
      doc({ ref: `PV${i}`, num, date: '2025-10-05' }),
    );
    const res = run(rs, ds);
    expect(of(res, rs[0]!.key).registerRef).toBe('PV1');
    expect(of(res, rs[1]!.key).registerRef).toBe('PV2');
    expect(of(res, rs[2]!.key).registerRef).toBe('PV0');
    for (const r of rs) expect(of(res, r.key).outcome).toBe('exact');
  });

  it('INV-1 never pairs with INV-12 on the numbers', () => {
    const r = rec({ num: 'INV-1', date: '2025-10-05', taxable: 5000, cgst: 450, sgst: 450 });
    const res = run([r], [doc({ ref: 'PV1', num: 'INV-12', date: '2025-10-05' })]);
    expect(of(res, r.key).outcome).toBe('missingInRegister');
    expect(ofRef(res, 'PV1').outcome).toBe('missingInPortal');
  });

  it('two same-amount invoices of one supplier never cross-match (number wins, dates far apart too)', () => {
    const a = rec({ num: 'QKI/055190', date: '2025-10-02' });
    const b = rec({ num: 'QKI/053612', date: '2025-10-04' });
    const res = run(
      [a, b],
      [
        doc({ ref: 'PV1', num: 'QKI/053612', date: '2025-10-21' }),
        doc({ ref: 'PV2', num: 'QKI/055190', date: '2025-10-20' }),
      ],
    );
    expect(of(res, a.key)).toMatchObject({ registerRef: 'PV2', outcome: 'mismatch' });
    expect(of(res, b.key)).toMatchObject({ registerRef: 'PV1', outcome: 'mismatch' });
  });

  it('amount-only pairs only when unique both ways: two same-amount candidates pair with nothing', () => {
    const r = rec({ num: 'A-77', date: '2025-10-05' });
    const one = run([r], [doc({ ref: 'PV1', num: 'DC-5521', date: '2025-10-07' })]);
    expect(of(one, r.key)).toMatchObject({ registerRef: 'PV1', outcome: 'probable' });
    expect(codes(of(one, r.key))).toEqual(['amountOnly', 'dateDiff:2']);
    expect(of(one, r.key).score).toBeLessThanOrEqual(40);

    const two = run(
      [r],
      [
        doc({ ref: 'PV1', num: 'DC-5521', date: '2025-10-07' }),
        doc({ ref: 'PV2', num: 'DC-5522', date: '2025-10-08' }),
      ],
    );
    expect(of(two, r.key).outcome).toBe('missingInRegister');

    const r2 = rec({ num: 'A-78', date: '2025-10-06' });
    const both = run(
      [r, r2],
      [
        doc({ ref: 'PV1', num: 'DC-5521', date: '2025-10-07' }),
        doc({ ref: 'PV2', num: 'DC-5522', date: '2025-10-08' }),
      ],
    );
    expect(both.filter((x) => x.recordKey !== null && x.registerRef !== null)).toHaveLength(0);
  });

  it('amount-only never takes a document with number evidence, and needs the date window', () => {
    const a = rec({ num: 'A-1', date: '2025-10-05' });
    const b = rec({ num: 'A-2', date: '2025-10-05' });
    const res = run(
      [a, b],
      [doc({ ref: 'PV1', num: 'A-1', date: '2025-10-05', taxable: 9000, cgst: 810, sgst: 810 })],
    );
    expect(of(res, a.key)).toMatchObject({ registerRef: 'PV1', outcome: 'mismatch' });
    expect(of(res, b.key).outcome).toBe('missingInRegister');
    const far = run([b], [doc({ ref: 'PV3', num: 'X', date: '2025-10-20' })]);
    expect(of(far, b.key).outcome).toBe('missingInRegister');
  });

  it('the same number in two fiscal years: the same-year document wins, another year is another document', () => {
    const r = rec({ num: 'INV-1', date: '2025-05-10' });
    const res = run(
      [r],
      [
        doc({ ref: 'PV-OLD', num: 'INV-1', date: '2024-05-10' }),
        doc({
          ref: 'PV-NEW',
          num: 'INV-1',
          date: '2025-05-14',
          taxable: 12000,
          cgst: 1080,
          sgst: 1080,
        }),
      ],
    );
    expect(of(res, r.key)).toMatchObject({ registerRef: 'PV-NEW', outcome: 'mismatch' });
    expect(ofRef(res, 'PV-OLD').outcome).toBe('missingInPortal');

    const onlyOld = run([r], [doc({ ref: 'PV-OLD', num: 'INV-1', date: '2024-05-10' })]);
    expect(of(onlyOld, r.key).outcome).toBe('missingInRegister');
  });

  it('across 31 March / 1 April the same number is a mismatch with fiscalYearDiff', () => {
    const r = rec({ num: 'INV-9', date: '2025-04-02' });
    const res = run([r], [doc({ ref: 'PV1', num: 'INV-9', date: '2025-03-30' })]);
    expect(of(res, r.key)).toMatchObject({ registerRef: 'PV1', outcome: 'mismatch' });
    expect(codes(of(res, r.key))).toEqual(
      expect.arrayContaining(['fiscalYearDiff:2024-25', 'dateDiff:-3']),
    );
  });

  it('PAN-level pair: same PAN, other GSTIN -> probable with panLevel; a GSTIN-level pair wins', () => {
    const r = rec({ num: 'INV-9', date: '2025-10-05' });
    const res = run(
      [r],
      [doc({ ref: 'PV1', gstin: SUP_OTHER_STATE, num: 'INV-9', date: '2025-10-05' })],
    );
    expect(of(res, r.key)).toMatchObject({ registerRef: 'PV1', outcome: 'probable' });
    expect(codes(of(res, r.key))).toEqual([
      'numberExact',
      'panLevel',
      `gstinDiff:${SUP_OTHER_STATE}`,
    ]);

    const both = run(
      [r],
      [
        doc({ ref: 'PV1', gstin: SUP_OTHER_STATE, num: 'INV-9', date: '2025-10-05' }),
        doc({ ref: 'PV2', num: 'INV-9', date: '2025-10-07' }),
      ],
    );
    expect(of(both, r.key).registerRef).toBe('PV2');

    // At PAN level the amounts must agree; another PAN never pairs.
    const off = run(
      [r],
      [
        doc({
          ref: 'PV1',
          gstin: SUP_OTHER_STATE,
          num: 'INV-9',
          date: '2025-10-05',
          taxable: 20000,
        }),
      ],
    );
    expect(of(off, r.key).outcome).toBe('missingInRegister');
    const otherPan = run([r], [doc({ ref: 'PV1', gstin: SUP2, num: 'INV-9', date: '2025-10-05' })]);
    expect(of(otherPan, r.key).outcome).toBe('missingInRegister');
  });

  it('amendment chains b2b -> b2ba -> b2ba: the books document goes to the best member', () => {
    const o = rec({
      section: 'b2b',
      num: 'N1',
      date: '2025-09-10',
      taxable: 1000,
      cgst: 90,
      sgst: 90,
    });
    const a1 = rec({
      section: 'b2ba',
      num: 'N2',
      date: '2025-09-12',
      orig: 'N1',
      origDate: '2025-09-10',
      taxable: 1100,
      cgst: 99,
      sgst: 99,
    });
    const a2 = rec({
      section: 'b2ba',
      num: 'N3',
      date: '2025-09-15',
      orig: 'N2',
      origDate: '2025-09-12',
      taxable: 1200,
      cgst: 108,
      sgst: 108,
    });
    const chain = [o, a1, a2];

    // Books still under the original number but with the latest values: the last amendment pairs via the chain.
    const latest = run(chain, [
      doc({ ref: 'PV1', num: 'N1', date: '2025-09-10', taxable: 1200, cgst: 108, sgst: 108 }),
    ]);
    expect(of(latest, a2.key)).toMatchObject({ registerRef: 'PV1', outcome: 'probable' });
    expect(codes(of(latest, a2.key))).toContain('viaOriginalNumber:N1');
    expect(of(latest, o.key).outcome).toBe('missingInRegister');
    expect(codes(of(latest, o.key))).toEqual([`amendedBy:${a2.key}`]);

    // Books kept the original values: the original pairs exact.
    const kept = run(chain, [
      doc({ ref: 'PV1', num: 'N1', date: '2025-09-10', taxable: 1000, cgst: 90, sgst: 90 }),
    ]);
    expect(of(kept, o.key)).toMatchObject({ registerRef: 'PV1', outcome: 'exact' });

    // Books updated to the latest number: exact with the last amendment.
    const renumbered = run(chain, [
      doc({ ref: 'PV1', num: 'N3', date: '2025-09-15', taxable: 1200, cgst: 108, sgst: 108 }),
    ]);
    expect(of(renumbered, a2.key)).toMatchObject({ registerRef: 'PV1', outcome: 'exact' });

    // Books under the original number with stale values and no original in the download: mismatch via the original.
    const lone = run(
      [a1],
      [doc({ ref: 'PV1', num: 'N1', date: '2025-09-10', taxable: 1000, cgst: 90, sgst: 90 })],
    );
    expect(of(lone, a1.key)).toMatchObject({ registerRef: 'PV1', outcome: 'mismatch' });
    expect(codes(of(lone, a1.key))).toEqual(
      expect.arrayContaining(['viaOriginalNumber:N1', 'taxableDiff:-100.00']),
    );
  });

  it('credit notes match only credit notes (positive amounts on both sides)', () => {
    const cn = rec({ section: 'b2bcn', num: 'CN-1', date: '2025-10-05' });
    const asInvoice = run(
      [cn],
      [doc({ ref: 'PV1', num: 'CN-1', date: '2025-10-05', type: 'invoice' })],
    );
    expect(of(asInvoice, cn.key).outcome).toBe('missingInRegister');
    const asCn = run(
      [cn],
      [doc({ ref: 'PV1', num: 'CN-1', date: '2025-10-05', type: 'creditNote' })],
    );
    expect(of(asCn, cn.key)).toMatchObject({ registerRef: 'PV1', outcome: 'exact' });
    const inv = rec({ section: 'b2b', num: 'CN-1', date: '2025-10-05' });
    expect(
      of(
        run([inv], [doc({ ref: 'PV1', num: 'CN-1', date: '2025-10-05', type: 'creditNote' })]),
        inv.key,
      ).outcome,
    ).toBe('missingInRegister');
  });

  it('debit notes prefer books debit notes, else an invoice (probable, docTypeDiff)', () => {
    const dn = rec({ section: 'b2bdn', num: 'DN-1', date: '2025-10-05' });
    const inv = run([dn], [doc({ ref: 'PV1', num: 'DN-1', date: '2025-10-05', type: 'invoice' })]);
    expect(of(inv, dn.key)).toMatchObject({ registerRef: 'PV1', outcome: 'probable' });
    expect(codes(of(inv, dn.key))).toContain('docTypeDiff:invoice');
    const both = run(
      [dn],
      [
        doc({ ref: 'PV1', num: 'DN-1', date: '2025-10-05', type: 'invoice' }),
        doc({ ref: 'PV2', num: 'DN-1', date: '2025-10-05', type: 'debitNote' }),
      ],
    );
    expect(of(both, dn.key)).toMatchObject({ registerRef: 'PV2', outcome: 'exact' });
  });
});

describe('reconcile: manual links, unlinks, exclusions', () => {
  const r = rec({ num: 'INV-1', date: '2025-10-05' });
  const docs = [
    doc({ ref: 'PV1', num: 'INV-1', date: '2025-10-05' }),
    doc({ ref: 'PV2', num: 'OTHER', date: '2025-10-06', taxable: 10000.5 }),
  ];

  it('a manual link overrides the matcher; the outcome comes from the comparison', () => {
    const res = run([r], docs, { manualLinks: [{ recordKey: r.key, registerRef: 'PV2' }] });
    expect(of(res, r.key)).toMatchObject({ registerRef: 'PV2', outcome: 'probable', manual: true });
    expect(codes(of(res, r.key))).toEqual(['manualLink', 'dateDiff:1', 'taxableDiff:0.50']);
    expect(ofRef(res, 'PV1').outcome).toBe('missingInPortal');
  });

  it('manual links to unknown sides are ignored; the first link of a side wins', () => {
    const res = run([r], docs, {
      manualLinks: [
        { recordKey: 'nope', registerRef: 'PV1' },
        { recordKey: r.key, registerRef: 'PV1' },
        { recordKey: r.key, registerRef: 'PV2' },
      ],
    });
    expect(of(res, r.key)).toMatchObject({ registerRef: 'PV1', outcome: 'exact', manual: true });
  });

  it('an unlinked pair is never paired again; an excluded ref is left out', () => {
    const res = run([r], docs.slice(0, 1), {
      unlinkedPairs: [{ recordKey: r.key, registerRef: 'PV1' }],
    });
    expect(of(res, r.key).outcome).toBe('missingInRegister');
    const ex = run([r], docs.slice(0, 1), { excludedRefs: ['PV1'] });
    expect(of(ex, r.key).outcome).toBe('missingInRegister');
    expect(ofRef(ex, 'PV1')).toMatchObject({
      outcome: 'missingInPortal',
      reasons: [{ code: 'excluded' }],
    });
  });

  it('refuses duplicate record keys and refs', () => {
    expect(() =>
      reconcile({ records: [r, r], documents: [], tolerances: DEFAULT_TOLERANCES }),
    ).toThrow(UsageError);
    expect(() =>
      reconcile({ records: [], documents: [docs[0]!, docs[0]!], tolerances: DEFAULT_TOLERANCES }),
    ).toThrow(UsageError);
  });
});

describe('reconcile: real books (issue 13)', () => {
  // 24AAACC4175D1Z4 with one character changed, two swapped, the state code changed: every one
  // fails the check character and no portal record carries it.
  const substituted = '24AAACC4176D1Z4';
  const transposed = '24AAACC1475D1Z4';
  const otherState = '27AAACC4175D1Z4';

  it('names the kind of GSTIN typo', () => {
    expect(gstinTypo(SUP, substituted)).toBe('substitution@11');
    expect(gstinTypo(SUP, transposed)).toBe('transposition@8');
    expect(gstinTypo(SUP, otherState)).toBe('stateCode');
    expect(gstinTypo(SUP, SUP2)).toBeNull();
    expect(gstinTypo(SUP, SUP)).toBeNull();
  });

  it('pairs a mistyped supplier GSTIN as probable with gstinTypo, never exact', () => {
    const a = rec({ num: 'INV-1', date: '2025-10-05' });
    const b = rec({ num: 'INV-2', date: '2025-10-05', taxable: 2000 });
    const c = rec({ num: 'INV-3', date: '2025-10-05', taxable: 3000 });
    const res = run(
      [a, b, c],
      [
        doc({ ref: 'PV1', num: 'INV-1', date: '2025-10-05', gstin: substituted }),
        doc({ ref: 'PV2', num: 'INV-2', date: '2025-10-05', taxable: 2000, gstin: transposed }),
        doc({ ref: 'PV3', num: 'INV-3', date: '2025-10-05', taxable: 3000, gstin: otherState }),
      ],
    );
    expect(of(res, a.key)).toMatchObject({ registerRef: 'PV1', outcome: 'probable' });
    expect(codes(of(res, a.key))).toEqual(
      expect.arrayContaining(['gstinTypo:substitution@11', `gstinDiff:${substituted}`]),
    );
    expect(codes(of(res, b.key))).toContain('gstinTypo:transposition@8');
    expect(of(res, c.key)).toMatchObject({ registerRef: 'PV3', outcome: 'probable' });
    expect(codes(of(res, c.key))).toContain('gstinTypo:stateCode');
    expect(codes(of(res, c.key))).not.toContain('panLevel');
  });

  it('does not pair a GSTIN typo on the number alone: amounts and date must agree', () => {
    const a = rec({ num: 'INV-1', date: '2025-10-05' });
    const res = run(
      [a],
      [doc({ ref: 'PV1', num: 'INV-1', date: '2025-10-05', taxable: 12000, gstin: substituted })],
    );
    expect(of(res, a.key).outcome).toBe('missingInRegister');
    expect(ofRef(res, 'PV1').outcome).toBe('missingInPortal');
  });

  it('keeps a valid sibling GSTIN of the same PAN a PAN-level pair, not a typo', () => {
    const a = rec({ num: 'INV-1', date: '2025-10-05' });
    const res = run(
      [a],
      [doc({ ref: 'PV1', num: 'INV-1', date: '2025-10-05', gstin: SUP_OTHER_STATE })],
    );
    expect(codes(of(res, a.key))).toContain('panLevel');
    expect(codes(of(res, a.key)).some((c) => c.startsWith('gstinTypo'))).toBe(false);
  });

  it('documents that never enter IMS end as notInIms with their kind, and are never paired automatically', () => {
    const a = rec({ num: 'INV-1', date: '2025-10-05' });
    const res = run(
      [a],
      [
        doc({ ref: 'RC1', num: 'INV-1', date: '2025-10-05', outside: 'reverseCharge' }),
        doc({ ref: 'BE1', num: 'BE-7', date: '2025-10-05', outside: 'import' }),
        doc({ ref: 'IS1', num: 'ISD-1', date: '2025-10-05', outside: 'isd' }),
        doc({ ref: 'UR1', num: 'CASH-1', date: '2025-10-05', gstin: '', outside: 'unregistered' }),
      ],
    );
    expect(of(res, a.key).outcome).toBe('missingInRegister');
    expect(ofRef(res, 'RC1')).toMatchObject({
      outcome: 'notInIms',
      reasons: [{ code: 'reverseCharge' }],
    });
    expect(codes(ofRef(res, 'BE1'))).toEqual(['import']);
    expect(codes(ofRef(res, 'IS1'))).toEqual(['isd']);
    expect(codes(ofRef(res, 'UR1'))).toEqual(['unregistered']);
    const linked = run(
      [a],
      [doc({ ref: 'RC1', num: 'INV-1', date: '2025-10-05', outside: 'reverseCharge' })],
      {
        manualLinks: [{ recordKey: a.key, registerRef: 'RC1' }],
      },
    );
    expect(of(linked, a.key)).toMatchObject({ registerRef: 'RC1', manual: true });
  });

  it('pairs a document booked one or two months later (or earlier) with periodShift, also across 31 March', () => {
    const a = rec({ num: 'INV-1', date: '2025-10-05' });
    const b = rec({ num: 'INV-2', date: '2026-03-20', taxable: 2000 });
    const c = rec({ num: 'INV-3', date: '2025-10-05', taxable: 3000 });
    const d = rec({ num: 'INV-4', date: '2025-10-05', taxable: 4000 });
    const res = run(
      [a, b, c, d],
      [
        doc({ ref: 'PV1', num: 'INV-1', date: '2025-11-20' }),
        doc({ ref: 'PV2', num: 'INV-2', date: '2026-04-12', taxable: 2000 }),
        doc({ ref: 'PV3', num: 'INV-3', date: '2026-01-20', taxable: 3000 }),
        doc({ ref: 'PV4', num: 'INV-4', date: '2025-11-20', taxable: 4500 }),
      ],
    );
    expect(of(res, a.key)).toMatchObject({ registerRef: 'PV1', outcome: 'probable' });
    expect(codes(of(res, a.key))).toEqual(
      expect.arrayContaining(['periodShift:+1', 'dateDiff:46']),
    );
    expect(of(res, b.key)).toMatchObject({ registerRef: 'PV2', outcome: 'probable' });
    expect(codes(of(res, b.key))).toEqual(
      expect.arrayContaining(['periodShift:+1', 'fiscalYearDiff:2026-27']),
    );
    // Three months later is not a timing difference: same number, so a mismatch on the date.
    expect(of(res, c.key)).toMatchObject({ registerRef: 'PV3', outcome: 'mismatch' });
    expect(codes(of(res, c.key)).some((x) => x.startsWith('periodShift'))).toBe(false);
    // Amounts must agree for a timing difference.
    expect(of(res, d.key)).toMatchObject({ registerRef: 'PV4', outcome: 'mismatch' });
  });
});

// ---------------------------------------------------------------------------------------------
// Generated data.

const RECIPIENT = '27AABCU9603R1ZN';

function generated(count: number, seed: number) {
  const ims = generateImsDownload({
    seed,
    count,
    recipientGstin: RECIPIENT,
    returnPeriod: '102026',
  });
  const books = generateRegister({ seed, imsJson: ims.json, recipientGstin: RECIPIENT });
  const records = parseImsDownload(ims.json, { file: 'generated', gstin: RECIPIENT }).records;
  return { records, books };
}

function shuffled<T>(list: readonly T[], seed: number): T[] {
  const out = [...list];
  let s = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const canonical = (results: readonly MatchResult[]): string[] =>
  results
    .map((r) =>
      JSON.stringify([
        r.recordKey,
        r.registerRef,
        r.outcome,
        r.score,
        r.reasons.map(formatReason),
        r.manual,
      ]),
    )
    .sort();

describe('reconcile: determinism and one-to-one on generated data', () => {
  const { records, books } = generated(3000, 11);

  it('every input ends in exactly one result, no side used twice', () => {
    run(records, books.rows);
  });

  it('shuffling the inputs gives the same results', () => {
    const a = reconcile({ records, documents: books.rows, tolerances: DEFAULT_TOLERANCES });
    const b = reconcile({
      records: shuffled(records, 1),
      documents: shuffled(books.rows, 2),
      tolerances: DEFAULT_TOLERANCES,
    });
    expect(canonical(b)).toEqual(canonical(a));
  });
});

describe('reconcile: accuracy harness (10,000 generated records with known truth)', () => {
  it('pair precision >= 99.5 %, recall >= 99 %, outcome agreement >= 98 %', () => {
    const { records, books } = generated(10000, 2026);
    const results = run(records, books.rows);
    const { overall } = accuracyByCase(results, books.truth);
    console.log(
      `accuracy harness: ${records.length} records, ${books.rows.length} books documents, ${overall.truePairs} true pairs: ` +
        `precision ${(100 * overall.precision).toFixed(2)} %, recall ${(100 * overall.recall).toFixed(2)} %, outcome agreement ${(100 * overall.agreement).toFixed(2)} %`,
    );
    expect(books.truth.length).toBe(
      records.length + books.truth.filter((t) => t.recordKey === null).length,
    );
    expect(overall.precision).toBeGreaterThanOrEqual(0.995);
    expect(overall.recall).toBeGreaterThanOrEqual(0.99);
    expect(overall.agreement).toBeGreaterThanOrEqual(0.98);
  });

  it('real books, two months: GSTIN typos, timing shifts, reverse charge, imports, ISD, unregistered, reported per case', () => {
    const oct = generateImsDownload({
      seed: 13,
      count: 5000,
      recipientGstin: RECIPIENT,
      returnPeriod: '102026',
    });
    const nov = generateImsDownload({
      seed: 14,
      count: 5000,
      recipientGstin: RECIPIENT,
      returnPeriod: '112026',
    });
    const books = generateRegister({
      seed: 13,
      imsJson: oct.json,
      moreImsJsons: [nov.json],
      recipientGstin: RECIPIENT,
      realBooksShare: 0.01,
    });
    const keys = new Set<string>();
    const records = [oct.json, nov.json]
      .flatMap((json) => parseImsDownload(json, { file: 'generated', gstin: RECIPIENT }).records)
      .filter((r) => (keys.has(r.key) ? false : (keys.add(r.key), true)));
    const results = run(records, books.rows);
    const report = accuracyByCase(results, books.truth);
    console.log(
      `accuracy harness, real books, two months (${records.length} records, ${books.rows.length} books documents):\n${formatAccuracy(report)}`,
    );
    const byCase = new Map(report.cases.map((c) => [c.case, c]));
    for (const name of [
      'gstinTypo',
      'timingShift',
      'reverseCharge',
      'import',
      'isd',
      'unregistered',
    ]) {
      const c = byCase.get(name);
      expect(c?.entries ?? 0, name).toBeGreaterThan(10);
      expect(c!.agreement, name).toBeGreaterThanOrEqual(0.98);
      expect(c!.precision, name).toBeGreaterThanOrEqual(0.995);
    }
    for (const name of ['gstinTypo', 'timingShift'])
      expect(byCase.get(name)!.recall, name).toBeGreaterThanOrEqual(0.99);
    // Two months in the books: records of both periods paired.
    expect([...new Set(records.map((r) => r.returnPeriod))]).toEqual(
      expect.arrayContaining(['102026', '112026']),
    );
    expect(report.overall.precision).toBeGreaterThanOrEqual(0.995);
    expect(report.overall.recall).toBeGreaterThanOrEqual(0.99);
    expect(report.overall.agreement).toBeGreaterThanOrEqual(0.98);
    // Documents outside IMS never pair, and end as notInIms.
    const outside = new Set(books.rows.filter((d) => d.outsideIms).map((d) => d.ref));
    for (const r of results)
      if (r.registerRef !== null && outside.has(r.registerRef))
        expect(r).toMatchObject({ recordKey: null, outcome: 'notInIms' });
  });
});

describe('explainRecord', () => {
  const a = rec({ num: 'INV-1', date: '2025-10-05' });
  const b = rec({ num: 'INV-2', date: '2025-10-05', taxable: 5000, cgst: 450, sgst: 450 });
  const docs = [
    doc({ ref: 'PV1', num: 'INV-1', date: '2025-10-05' }),
    doc({ ref: 'PV2', num: 'INV-12', date: '2025-10-05', taxable: 5000, cgst: 450, sgst: 450 }),
    doc({ ref: 'PV3', num: 'INV-2', date: '2025-11-30', taxable: 7000, cgst: 630, sgst: 630 }),
    doc({ ref: 'PV4', num: 'INV-1', date: '2025-10-08', taxable: 10000.5 }),
  ];
  const input: ReconcileInput = {
    records: [a, b],
    documents: docs,
    tolerances: DEFAULT_TOLERANCES,
  };

  it('shows the chosen pair first, then why the others lost', () => {
    const ex = explainRecord(input, { recordKey: a.key });
    expect(ex.result).toMatchObject({ registerRef: 'PV1', outcome: 'exact' });
    expect(ex.candidates[0]).toMatchObject({ other: 'PV1', score: 100 });
    expect(ex.candidates[0]!.whyNot).toMatch(/^paired: exact/);
    const pv4 = ex.candidates.find((c) => c.other === 'PV4');
    expect(pv4?.whyNot).toMatch(/a better pair was chosen: books PV1/);
    const pv2 = ex.candidates.find((c) => c.other === 'PV2');
    expect(pv2?.whyNot).toMatch(
      /number INV-12 differs from INV-1 after normalisation \(INV12 vs INV1\)/,
    );
  });

  it('explains a register document taken by a better pair', () => {
    const ex = explainRecord(input, { registerRef: 'PV4' });
    expect(ex.result.outcome).toBe('missingInPortal');
    const c = ex.candidates.find((x) => x.other === a.key);
    expect(c?.whyNot).toBe('taken by a better pair with books PV1 (INV-1), exact, score 100');
  });

  it('names the date window and amount differences', () => {
    const ex = explainRecord(input, { recordKey: b.key }, 10);
    expect(ex.result).toMatchObject({ registerRef: 'PV3', outcome: 'mismatch' });
    const pv2 = ex.candidates.find((c) => c.other === 'PV2');
    expect(pv2?.whyNot).toMatch(/INV-12 differs from INV-2/);
    const far = explainRecord(
      {
        ...input,
        records: [b],
        documents: [
          doc({ ref: 'PV9', num: 'ZZ', date: '2025-10-19', taxable: 5000, cgst: 450, sgst: 450 }),
        ],
      },
      { recordKey: b.key },
    );
    expect(far.result.outcome).toBe('missingInRegister');
    expect(far.candidates[0]?.whyNot).toMatch(/date 14 days apart, window is 10/);
  });

  it('refuses unknown targets and honours the limit', () => {
    expect(() => explainRecord(input, { recordKey: 'nope' })).toThrow(UsageError);
    expect(explainRecord(input, { recordKey: a.key }, 2).candidates).toHaveLength(2);
  });
});

// ---------------------------------------------------------------------------------------------
// Conformance with india-compliance's reconciliation fixtures (GPL-3.0 data, read at run time,
// nothing copied). Their statuses map to ours where the definitions agree: Exact Match -> exact,
// Suggested Match -> probable, Mismatch -> mismatch. Deliberate differences are asserted as such
// and explained where they occur.

const FIXTURES = new URL(
  '../../../../../shared/fixtures/public/india-compliance/',
  import.meta.url,
);
const fixturePath = (name: string): string => fileURLToPath(new URL(name, FIXTURES));
const fixturesPresent =
  existsSync(fixturePath('test_purchase_reconciliation_tool.json')) &&
  existsSync(fixturePath('test_purchase_reconciliation.json'));
if (!fixturesPresent) {
  console.warn(
    `\n*** SKIPPING india-compliance conformance tests: fixtures not found at ${fileURLToPath(FIXTURES)} ***\n`,
  );
}
const loadFixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(fixturePath(name), 'utf8')) as Record<string, unknown>;

const IC_STATUS: Readonly<Record<string, MatchResult['outcome']>> = {
  'Exact Match': 'exact',
  'Suggested Match': 'probable',
  Mismatch: 'mismatch',
};

/** Portal precision: two decimals, half up (2B item sums like 900.045 become 900.05 on IMS). */
const paiseOf = (rupees: number): number => Math.round(Number((rupees * 100).toFixed(6)));

describe.skipIf(!fixturesPresent)(
  'conformance: test_purchase_reconciliation_tool.json (fixture A)',
  () => {
    // Defaults from SOURCES.md (test_purchase_reconciliation_tool.py): PI BILL-23-00001 of
    // 2023-12-11, taxable 10,000, CGST 900 + SGST 900, supplier 24AABCR6898M1ZN, company
    // 24AAQCA8719H1ZC; the inward supply the same.
    const SUPPLIER = '24AABCR6898M1ZN';
    const COMPANY = '24AAQCA8719H1ZC';
    const DATE = '2023-12-11';
    type Item = { taxable_value?: number; igst?: number; cgst?: number; sgst?: number };
    type Case = {
      PURCHASE_INVOICE?: { bill_no?: string; company_gstin?: string; is_out_state?: number };
      BILL_OF_ENTRY?: unknown;
      INWARD_SUPPLY: {
        bill_no?: string;
        company_gstin?: string;
        classification?: string;
        items?: Item[];
      };
      RECONCILED_DATA: { match_status?: string; taxable_value_difference?: number };
    };
    const cases = fixturesPresent
      ? ((loadFixture('test_purchase_reconciliation_tool.json').TEST_CASES ?? {}) as Record<
          string,
          Case[]
        >)
      : {};

    function sides(name: string, i: number, c: Case) {
      const pi = c.PURCHASE_INVOICE ?? {};
      const is = c.INWARD_SUPPLY;
      const piOut = pi.is_out_state === 1;
      const books: RegisterDocument = {
        ...doc({
          ref: `${name}-${i}-PI`,
          gstin: SUPPLIER,
          num: pi.bill_no ?? 'BILL-23-00001',
          date: DATE,
          ...(piOut ? { igst: 1800 } : {}),
        }),
      };
      const items = is.items ?? [{ taxable_value: 10000, cgst: 900, sgst: 900 }];
      const sum = (f: 'taxable_value' | 'igst' | 'cgst' | 'sgst'): number =>
        items.reduce((t, it) => t + (it[f] ?? 0), 0);
      const base = rec({ gstin: SUPPLIER, num: is.bill_no ?? 'BILL-23-00001', date: DATE });
      const portal: PortalRecord = {
        ...base,
        amounts: {
          value: p(0),
          taxable: paiseOf(sum('taxable_value')) as Paise,
          igst: paiseOf(sum('igst')) as Paise,
          cgst: paiseOf(sum('cgst')) as Paise,
          sgst: paiseOf(sum('sgst')) as Paise,
          cess: p(0),
        },
      };
      return {
        books,
        portal,
        piCompany: pi.company_gstin ?? COMPANY,
        isCompany: is.company_gstin ?? COMPANY,
      };
    }

    it('has the cases we expect', () => {
      expect(Object.keys(cases).sort()).toEqual([
        'TEST_BILL_NO_SUGGESTED_MATCH',
        'TEST_DIFFERENT_COMPANY_GSTIN_MISMATCH',
        'TEST_EXACT_MATCH',
        'TEST_ROUNDING_DIFFERENCE_SUGGESTED_MATCH',
      ]);
    });

    it('each case, reconciled per company GSTIN (our workspace is one recipient GSTIN)', () => {
      let compared = 0;
      for (const [name, list] of Object.entries(cases)) {
        list.forEach((c, i) => {
          const icStatus = c.RECONCILED_DATA.match_status ?? '';
          if (c.BILL_OF_ENTRY !== undefined) {
            // Imports (IMPG, Bill of Entry) never reach IMS: out of scope.
            expect(c.INWARD_SUPPLY.classification).toBe('IMPG');
            return;
          }
          const { books, portal, piCompany, isCompany } = sides(name, i, c);
          const results = [...new Set([piCompany, isCompany])].flatMap((company) =>
            run(isCompany === company ? [portal] : [], piCompany === company ? [books] : []),
          );
          const mine = of(results, portal.key);
          compared++;
          switch (name) {
            case 'TEST_EXACT_MATCH':
              expect(mine.outcome).toBe(IC_STATUS[icStatus]);
              expect(mine.registerRef).toBe(books.ref);
              break;
            case 'TEST_DIFFERENT_COMPANY_GSTIN_MISMATCH':
              // DELIBERATE DIFFERENCE. IC: Mismatch (COMPANY_GSTIN). Ours: the purchase was booked
              // for GSTIN 24 and the supplier reported it to GSTIN 29; each GSTIN's IMS is
              // reconciled with that GSTIN's register, so it is missing on both sides: the 29
              // record must not be accepted against books of another registration.
              expect(icStatus).toBe('Mismatch');
              expect(mine.outcome).toBe('missingInRegister');
              expect(ofRef(results, books.ref).outcome).toBe('missingInPortal');
              break;
            case 'TEST_ROUNDING_DIFFERENCE_SUGGESTED_MATCH':
              // DELIBERATE DIFFERENCE. IC: Suggested (its Exact needs float equality). Ours: exact,
              // because every amount is within the Rs 1 tolerance (the definition); the
              // rounding shows in the reasons. IC's 2B keeps 900.045; IMS amounts have two decimals.
              expect(icStatus).toBe('Suggested Match');
              expect(mine.outcome).toBe('exact');
              expect(codes(mine)).toEqual([
                'numberExact',
                'taxableDiff:-0.50',
                'cgstDiff:-0.05',
                'sgstDiff:-0.05',
                'totalTaxDiff:-0.10',
              ]);
              expect(c.RECONCILED_DATA.taxable_value_difference).toBe(-0.5);
              break;
            case 'TEST_BILL_NO_SUGGESTED_MATCH':
              // PARTLY DELIBERATE. IC: Suggested on the fuzzy bill number (BILL-23-00040 vs
              // BILL-23-00045 scores 92). To us these are different numbers (BILL23-40 vs
              // BILL23-45). The pair still comes out probable here, on amount-only evidence (the only
              // document of that supplier with these amounts and date), flagged amountOnly; with a
              // second same-amount document it would not pair at all (next test).
              expect(icStatus).toBe('Suggested Match');
              expect(mine.outcome).toBe('probable');
              expect(codes(mine)).toEqual(['amountOnly']);
              break;
            default:
              throw new Error(`unexpected case ${name}`);
          }
        });
      }
      expect(compared).toBe(5);
    });

    it('all cases in one run: BILL-23-00045 has two same-amount books documents left, so it pairs with neither', () => {
      const all = Object.entries(cases).flatMap(([name, list]) =>
        list.flatMap((c, i) => (c.BILL_OF_ENTRY !== undefined ? [] : [{ ...sides(name, i, c) }])),
      );
      const portal24 = all.filter((s) => s.isCompany === COMPANY).map((s) => s.portal);
      const books24 = all.filter((s) => s.piCompany === COMPANY).map((s) => s.books);
      const res = run(portal24, books24);
      const byNumber = (num: string) => of(res, portal24.find((r) => r.docNumber === num)!.key);
      expect(byNumber('BILL-23-00001').outcome).toBe('exact');
      expect(byNumber('BILL-23-00030').outcome).toBe('exact');
      // Left over: IS BILL-23-00045, PIs BILL-23-00040 and BILLXYZ-23-00021 (booked for GSTIN 24,
      // reported to 29), all 10,000 + 900 + 900 on 11-12-2023: ambiguous, so no guess.
      expect(byNumber('BILL-23-00045').outcome).toBe('missingInRegister');
    });
  },
);

describe.skipIf(!fixturesPresent)(
  'conformance: test_purchase_reconciliation.json (fixture B)',
  () => {
    const data = fixturesPresent ? loadFixture('test_purchase_reconciliation.json') : {};
    type Is = {
      bill_no: string;
      bill_date: string;
      supplier_gstin: string;
      items: { taxable_value: number; cgst: number; sgst: number }[];
    };
    type Row = {
      bill_no: string;
      match_status: string;
      purchase_invoice_name: string;
      inward_supply_name: string;
    };
    const toRecord = (is: Is): PortalRecord =>
      rec({
        gstin: is.supplier_gstin,
        num: is.bill_no,
        date: is.bill_date,
        taxable: is.items[0]!.taxable_value,
        cgst: is.items[0]!.cgst,
        sgst: is.items[0]!.sgst,
      });
    // Purchase invoices: qty 10 at the test's default rate 100, in-state 18 %: 1,000 + 90 + 90.
    const toDoc = (name: string, bill: string, date: string): RegisterDocument =>
      doc({
        ref: name,
        gstin: '24AAACC4175D1Z4',
        num: bill,
        date,
        taxable: 1000,
        cgst: 90,
        sgst: 90,
      });

    it('Exact Match: bill 123 -> exact', () => {
      const exact = data['Exact Match'] as {
        'Inward Supply': Is;
        'Purchase Invoice': { bill_no: string; bill_date: string };
        reconciliation_data: Row[];
      };
      const r = toRecord(exact['Inward Supply']);
      const res = run(
        [r],
        [
          toDoc(
            'PINV-23-00007',
            exact['Purchase Invoice'].bill_no,
            exact['Purchase Invoice'].bill_date,
          ),
        ],
      );
      expect(IC_STATUS[exact.reconciliation_data[0]!.match_status]).toBe('exact');
      expect(of(res, r.key)).toMatchObject({ registerRef: 'PINV-23-00007', outcome: 'exact' });
    });

    it('Suggested Match steps: "456" vs "456-1" / "456-2" are different numbers to us', () => {
      const exact = data['Exact Match'] as { 'Inward Supply': Is };
      const sug = data['Suggested Match'] as {
        'Inward Supply': Is[];
        reconciliation_data: Row[];
        reconciliation_data_1: Row[];
        reconciliation_data_2: Row[];
      };
      const r123 = toRecord(exact['Inward Supply']);
      const iss = sug['Inward Supply'].map(toRecord); // 456-1, 456 (999.89), 456-2 (999.89, 89.99)
      const pis = ['PINV-23-00008', 'PINV-23-00009', 'PINV-23-00010'].map((n) =>
        toDoc(n, '456', '2023-10-23'),
      );
      const pi123 = toDoc('PINV-23-00007', '123', '2023-10-23');
      const steps = [sug.reconciliation_data, sug.reconciliation_data_1, sug.reconciliation_data_2];
      steps.forEach((icRows, k) => {
        // IC: every row Exact (123) or Suggested (the 456 family), all paired.
        expect(icRows.map((x) => x.match_status)).toEqual([
          'Exact Match',
          ...Array.from({ length: k + 1 }, () => 'Suggested Match'),
        ]);
        const res = run([r123, ...iss.slice(0, k + 1)], [pi123, ...pis.slice(0, k + 1)]);
        expect(of(res, r123.key)).toMatchObject({ registerRef: 'PINV-23-00007', outcome: 'exact' });
        const is1 = of(res, iss[0]!.key);
        if (k === 0) {
          // Agrees on the outcome (probable), but on amount-only evidence: 456-1 is another number.
          expect(is1).toMatchObject({ registerRef: 'PINV-23-00008', outcome: 'probable' });
          expect(codes(is1)).toEqual(['amountOnly']);
        }
        if (k >= 1) {
          // "456" with taxable 999.89 pairs by number; 0.11 is within Rs 1, so exact (IC: Suggested).
          const is2 = of(res, iss[1]!.key);
          expect(is2).toMatchObject({ registerRef: 'PINV-23-00008', outcome: 'exact' });
          expect(codes(is2)).toEqual(['numberExact', 'taxableDiff:0.11']);
        }
        if (k === 1) {
          // One identical PI left for 456-1: unique on amounts -> probable (IC paired it too,
          // with PINV-8 instead of PINV-9; the two PIs are identical).
          expect(is1).toMatchObject({ registerRef: 'PINV-23-00009', outcome: 'probable' });
        }
        if (k === 2) {
          // DELIBERATE DIFFERENCE. Two identical PIs "456" left for 456-1 and 456-2: amounts cannot
          // tell them apart, so we do not guess (IC pairs them by partial_ratio = 100).
          expect(is1.outcome).toBe('missingInRegister');
          expect(of(res, iss[2]!.key).outcome).toBe('missingInRegister');
          expect(ofRef(res, 'PINV-23-00009').outcome).toBe('missingInPortal');
          expect(ofRef(res, 'PINV-23-00010').outcome).toBe('missingInPortal');
        }
      });
    });

    it("PAN-level: the same bill booked under the supplier's Maharashtra GSTIN (same PAN) -> probable, panLevel", () => {
      const suppliers = data.Supplier as { gstin: string }[];
      const addresses = data.Address as { gstin: string }[];
      const canonGstins = addresses
        .map((a) => a.gstin)
        .filter((g) => g.slice(2, 12) === suppliers[0]!.gstin.slice(2, 12));
      expect(canonGstins).toEqual(['24AAACC4175D1Z4', '27AAACC4175D1ZY']);
      const r = rec({
        gstin: canonGstins[0]!,
        num: '789',
        date: '2023-10-23',
        taxable: 1000,
        cgst: 90,
        sgst: 90,
      });
      const res = run(
        [r],
        [
          doc({
            ref: 'PINV-X',
            gstin: canonGstins[1]!,
            num: '789',
            date: '2023-10-23',
            taxable: 1000,
            cgst: 90,
            sgst: 90,
          }),
        ],
      );
      expect(of(res, r.key)).toMatchObject({ registerRef: 'PINV-X', outcome: 'probable' });
      expect(codes(of(res, r.key))).toContain('panLevel');
    });
  },
);

describe('conformance: IC cases added in 2025-26 (from the notes)', () => {
  it('"BILL-2324-50" vs "BILL-23-24-50" with the 2B date 7 days later -> probable', () => {
    const r = rec({ num: 'BILL-23-24-50', date: '2023-12-18' });
    const res = run([r], [doc({ ref: 'PI', num: 'BILL-2324-50', date: '2023-12-11' })]);
    expect(of(res, r.key)).toMatchObject({ registerRef: 'PI', outcome: 'probable' });
    expect(codes(of(res, r.key))).toEqual(['numberNormalised', 'dateDiff:-7']);
  });
});
