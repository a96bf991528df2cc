import { describe, expect, it } from 'vitest';
import type { Action } from './actions.js';
import type { IsoDate } from './dates.js';
import type { Paise } from './money.js';
import { recordKey } from './record.js';
import type { PortalRecord } from './record.js';
import type { Section } from './sections.js';
import { compileSelector, matchesSelector, selectorIsEmpty } from './select-records.js';
import type { RecordSelector } from './select-records.js';

const p = (n: number): Paise => n as Paise;
const day = (s: string): IsoDate => s as IsoDate;

function makeRecord(
  o: {
    section?: Section;
    supplierGstin?: string;
    docNumber?: string;
    docDate?: string;
    value?: number;
    portalAction?: Action;
  } = {},
): PortalRecord {
  const section = o.section ?? 'b2b';
  const supplierGstin = o.supplierGstin ?? '29AAACR5055K1Z3';
  const docNumber = o.docNumber ?? 'INV/001';
  const docDate = day(o.docDate ?? '2026-04-05');
  return {
    key: recordKey(section, supplierGstin, docNumber, docDate),
    section,
    supplierGstin,
    supplierName: null,
    docNumber,
    docDate,
    originalDocNumber: null,
    originalDocDate: null,
    invType: 'R',
    srcForm: 'R1',
    returnPeriod: '042026',
    supplierFiled: true,
    pos: '27',
    amounts: {
      value: p(o.value ?? 1180000),
      taxable: p(1000000),
      igst: p(180000),
      cgst: p(0),
      sgst: p(0),
      cess: p(0),
    },
    portalAction: o.portalAction ?? 'noAction',
    pendingBlocked: false,
    remarksBlocked: false,
    itcReductionBlocked: false,
    portalRemark: null,
    portalItcReduction: null,
    hash: null,
    extra: {},
  };
}

const records: PortalRecord[] = [
  makeRecord({
    docNumber: 'INV/001',
    supplierGstin: '29AAACR5055K1Z3',
    docDate: '2026-04-01',
    value: 100000,
  }),
  makeRecord({
    docNumber: 'inv/002',
    supplierGstin: '27AABCU9603R1ZN',
    docDate: '2026-04-15',
    value: 500000,
    portalAction: 'accept',
  }),
  makeRecord({
    section: 'b2bcn',
    docNumber: 'CN-7',
    supplierGstin: '29AAACR5055K1Z3',
    docDate: '2026-04-30',
    value: 118000,
  }),
  makeRecord({
    section: 'ecom',
    docNumber: 'E-1',
    supplierGstin: '07AAACT2727Q1ZY',
    docDate: '2026-05-01',
    value: 999,
    portalAction: 'pending',
  }),
  makeRecord({
    section: 'b2ba',
    docNumber: ' 0042 ',
    supplierGstin: '24AAACB1234C1ZL',
    docDate: '2026-03-31',
    value: 100001,
  }),
];

const pick = (s: RecordSelector): string[] =>
  records.filter(compileSelector(s)).map((r) => r.docNumber);

describe('selectorIsEmpty', () => {
  it('is true with no criterion, empty lists, or all: false', () => {
    expect(selectorIsEmpty({})).toBe(true);
    expect(
      selectorIsEmpty({
        sections: [],
        keys: [],
        docNumbers: [],
        supplierGstins: [],
        portalActions: [],
      }),
    ).toBe(true);
    expect(selectorIsEmpty({ all: false })).toBe(true);
  });
  it('is false with all: true or any criterion', () => {
    expect(selectorIsEmpty({ all: true })).toBe(false);
    expect(selectorIsEmpty({ sections: ['b2b'] })).toBe(false);
    expect(selectorIsEmpty({ supplierGstins: ['x'] })).toBe(false);
    expect(selectorIsEmpty({ docNumbers: ['x'] })).toBe(false);
    expect(selectorIsEmpty({ keys: ['k'] })).toBe(false);
    expect(selectorIsEmpty({ portalActions: ['accept'] })).toBe(false);
    expect(selectorIsEmpty({ from: day('2026-04-01') })).toBe(false);
    expect(selectorIsEmpty({ to: day('2026-04-01') })).toBe(false);
    expect(selectorIsEmpty({ minValue: p(0) })).toBe(false);
    expect(selectorIsEmpty({ maxValue: p(0) })).toBe(false);
  });
});

describe('matchesSelector / compileSelector', () => {
  it('all matches everything; an empty selector also matches (refusing it is the caller’s job)', () => {
    expect(pick({ all: true })).toHaveLength(5);
    expect(pick({})).toHaveLength(5);
  });

  it('sections: OR within the list', () => {
    expect(pick({ sections: ['b2bcn', 'ecom'] })).toEqual(['CN-7', 'E-1']);
  });

  it('supplier GSTINs are trimmed and upper-cased', () => {
    expect(pick({ supplierGstins: [' 29aaacr5055k1z3 '] })).toEqual(['INV/001', 'CN-7']);
  });

  it('document numbers compared trimmed and case-insensitively, on both sides', () => {
    expect(pick({ docNumbers: ['inv/001', 'INV/002 '] })).toEqual(['INV/001', 'inv/002']);
    expect(pick({ docNumbers: ['0042'] })).toEqual([' 0042 ']);
    expect(pick({ docNumbers: ['42'] })).toEqual([]); // leading zeros matter
  });

  it('dates are inclusive on docDate', () => {
    expect(pick({ from: day('2026-04-01'), to: day('2026-04-30') })).toEqual([
      'INV/001',
      'inv/002',
      'CN-7',
    ]);
    expect(pick({ from: day('2026-04-30') })).toEqual(['CN-7', 'E-1']);
    expect(pick({ to: day('2026-03-31') })).toEqual([' 0042 ']);
  });

  it('value bounds are inclusive on amounts.value', () => {
    expect(pick({ minValue: p(100000), maxValue: p(118000) })).toEqual([
      'INV/001',
      'CN-7',
      ' 0042 ',
    ]);
    expect(pick({ minValue: p(100001) })).toEqual(['inv/002', 'CN-7', ' 0042 ']);
    expect(pick({ maxValue: p(999) })).toEqual(['E-1']);
  });

  it('keys and portal actions', () => {
    const key = records[2]?.key ?? '';
    expect(pick({ keys: [key, 'nope'] })).toEqual(['CN-7']);
    expect(pick({ portalActions: ['accept', 'pending'] })).toEqual(['inv/002', 'E-1']);
  });

  it('criteria combine with AND', () => {
    expect(pick({ supplierGstins: ['29AAACR5055K1Z3'], sections: ['b2b'] })).toEqual(['INV/001']);
    expect(pick({ supplierGstins: ['29AAACR5055K1Z3'], from: day('2026-04-02') })).toEqual([
      'CN-7',
    ]);
    expect(
      pick({ sections: ['b2b', 'b2ba'], minValue: p(100001), portalActions: ['noAction'] }),
    ).toEqual([' 0042 ']);
    expect(pick({ all: true, sections: ['ecom'] })).toEqual(['E-1']);
    expect(pick({ sections: ['ecom'], docNumbers: ['INV/001'] })).toEqual([]);
  });

  it('matchesSelector agrees with compileSelector', () => {
    const s: RecordSelector = { sections: ['b2b', 'b2bcn'], to: day('2026-04-20') };
    for (const r of records) expect(matchesSelector(r, s)).toBe(compileSelector(s)(r));
  });

  it('selects exactly the listed numbers among 100,000 records', () => {
    const big: PortalRecord[] = [];
    for (let i = 0; i < 100_000; i++) big.push(makeRecord({ docNumber: `INV-${i}`, value: i }));
    const wanted = Array.from({ length: 1000 }, (_, i) => `inv-${i * 7}`);
    const f = compileSelector({ docNumbers: wanted, minValue: p(0) });
    const n = big.filter(f).length;
    expect(n).toBe(1000);
  });
});
