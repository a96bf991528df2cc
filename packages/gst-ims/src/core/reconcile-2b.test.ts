import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IsoDate } from './dates.js';
import type { Paise } from './money.js';
import type { Gstr2b } from './parse-gstr2b.js';
import { parseGstr2b } from './parse-gstr2b.js';
import { formatReason } from './register.js';
import type { OutsideIms, RegisterDocument } from './register.js';
import type { BooksVs2b } from './reconcile-2b.js';
import { booksPortCode, reconcileWith2b } from './reconcile-2b.js';
import type { DocType } from './sections.js';

const REPO = resolve(__dirname, '../../../..');
const DEC = parseGstr2b(
  JSON.parse(
    readFileSync(join(REPO, 'tests/fixtures/gstr2b/gstr2b-122026-outside-ims.json'), 'utf8'),
  ),
  'dec.json',
);

interface DocSpec {
  ref: string;
  outside: OutsideIms | null;
  gstin?: string;
  number: string;
  date: string;
  type?: DocType;
  taxable?: number;
  igst?: number;
  cgst?: number;
  sgst?: number;
  port?: string;
}

/** A books document; amounts in rupees as a register would give them. */
function doc(s: DocSpec): RegisterDocument {
  const p = (r = 0): Paise => Math.round(r * 100) as Paise;
  const tax = p(s.igst) + p(s.cgst) + p(s.sgst);
  return {
    ref: s.ref,
    supplierGstin: s.gstin ?? '',
    supplierName: null,
    docNumber: s.number,
    docDate: s.date as IsoDate,
    docType: s.type ?? 'invoice',
    amounts: {
      value: (p(s.taxable) + tax) as Paise,
      taxable: p(s.taxable),
      igst: p(s.igst),
      cgst: p(s.cgst),
      sgst: p(s.sgst),
      cess: 0 as Paise,
    },
    pos: null,
    receivedDate: null,
    sourceRows: [1],
    extra: s.port === undefined ? {} : { 'Port Code': s.port },
    outsideIms: s.outside,
  };
}

const RAVI = '29AAACR5055K1Z3';
const ISD = '27AAACI1234H1Z2';
const SEZ = '27AAACS1234F1ZS';

/** The books of tests/fixtures/gstr2b/register-dec-outside-ims.csv, as documents. */
const BOOKS: RegisterDocument[] = [
  doc({
    ref: 'D01',
    outside: 'reverseCharge',
    gstin: RAVI,
    number: 'RCM-0010',
    date: '2026-12-05',
    taxable: 10000,
    igst: 1800,
  }),
  doc({
    ref: 'D02',
    outside: 'reverseCharge',
    gstin: RAVI,
    number: 'RCN-3',
    date: '2026-12-12',
    type: 'creditNote',
    taxable: 1000,
    igst: 180,
  }),
  doc({
    ref: 'D03',
    outside: 'reverseCharge',
    gstin: RAVI,
    number: 'RCM-0011',
    date: '2026-12-15',
    taxable: 5000,
    igst: 900,
  }),
  doc({
    ref: 'D04',
    outside: 'isd',
    gstin: ISD,
    number: 'ISD-12',
    date: '2026-12-20',
    cgst: 250,
    sgst: 250,
  }),
  doc({
    ref: 'D05',
    outside: 'isd',
    gstin: ISD,
    number: 'ISD-14',
    date: '2026-12-28',
    cgst: 75,
    sgst: 75,
  }),
  doc({
    ref: 'D06',
    outside: 'import',
    number: 'BE-1234567',
    date: '2026-12-10',
    port: 'INNSA1',
    taxable: 50000,
    igst: 9000,
  }),
  doc({
    ref: 'D07',
    outside: 'import',
    number: '2222222',
    date: '2026-12-11',
    port: 'INMAA1',
    taxable: 20000,
    igst: 3700,
  }),
  doc({
    ref: 'D08',
    outside: 'import',
    gstin: SEZ,
    number: '7777',
    date: '2026-12-14',
    port: 'INBOM4',
    taxable: 10000,
    igst: 1800,
  }),
  doc({
    ref: 'D09',
    outside: 'import',
    number: '3333333',
    date: '2026-12-20',
    port: 'INNSA1',
    taxable: 3000,
    igst: 540,
  }),
  doc({ ref: 'D10', outside: 'unregistered', number: 'R-21', date: '2026-12-22', taxable: 1200 }),
  doc({
    ref: 'D11',
    outside: null,
    gstin: SEZ,
    number: 'DEC-0001',
    date: '2026-12-03',
    taxable: 20000,
    cgst: 1800,
    sgst: 1800,
  }),
  doc({
    ref: 'D12',
    outside: 'reverseCharge',
    gstin: RAVI,
    number: 'RCM-0008',
    date: '2026-11-11',
    taxable: 2000,
    igst: 360,
  }),
];

const line = (r: BooksVs2b['rows'][number]): string =>
  `${r.registerRef} ${r.status} ${r.reasons.map(formatReason).join(';')}`;

describe('reconcileWith2b: the December fixture, hand-checked', () => {
  const r = reconcileWith2b(BOOKS, DEC);

  it('finds each books document in its 2B section, or says why not', () => {
    expect(r.rows.map(line)).toEqual([
      'D01 matched in2b:b2b', // RCM/0010 in the 2B: the same number once normalised
      'D02 matched in2b:cdnr',
      'D03 notIn2b notIn2b:122026', // the supplier has not reported it: ITC not available yet
      'D04 matched in2b:isd',
      'D05 notIn2b notIn2b:122026',
      'D06 matched in2b:impg', // "BE-1234567" in the books is bill of entry 1234567
      'D07 matched in2b:impg;igstDiff2b:-100.00', // books IGST 3,700, the 2B 3,600
      'D08 matched in2b:impgsez', // 0007777 of the SEZ unit
      'D09 notIn2b notIn2b:122026',
      'D10 neverIn2b neverIn2b',
      'D12 otherPeriod ', // November's: an earlier 2B's business
    ]);
    expect(r.rows.find((x) => x.registerRef === 'D07')?.differences).toEqual([
      { field: 'igst', books: 370000, twoB: 360000 },
    ]);
    expect(r.rows.find((x) => x.registerRef === 'D08')).toMatchObject({
      section: 'impgsez',
      twoBDocNumber: '0007777',
      list: 'docdata',
      dateDiff: 0,
    });
  });

  it('lists the 2B documents no books document matched, and never the ordinary b2b invoice', () => {
    expect(
      r.notInBooks.map((x) => [x.kind, x.section, x.docNumber, x.tax.cgst + x.tax.sgst]),
    ).toEqual([['isd', 'isd', 'ISD-13', 10000]]);
  });

  it('adds up per kind in paise', () => {
    expect(r.byKind.reverseCharge).toEqual({
      matched: 2,
      matchedBooksTax: 198000,
      matchedTwoBTax: 198000,
      withDifferences: 0,
      notIn2b: 1,
      notIn2bTax: 90000,
      notInBooks: 0,
      notInBooksTax: 0,
    });
    expect(r.byKind.isd).toEqual({
      matched: 1,
      matchedBooksTax: 50000,
      matchedTwoBTax: 50000,
      withDifferences: 0,
      notIn2b: 1,
      notIn2bTax: 15000,
      notInBooks: 1,
      notInBooksTax: 10000,
    });
    expect(r.byKind.import).toEqual({
      matched: 3,
      matchedBooksTax: 1450000,
      matchedTwoBTax: 1440000,
      withDifferences: 1,
      notIn2b: 1,
      notIn2bTax: 54000,
      notInBooks: 0,
      notInBooksTax: 0,
    });
    expect(r.neverIn2b).toBe(1);
  });
});

describe('reconcileWith2b: what keeps a pair apart', () => {
  const only = (docs: RegisterDocument[], twoB: Gstr2b = DEC) =>
    reconcileWith2b(docs, twoB).rows.map(line);

  it('a bill of entry of the same number at another port is not the one in the 2B', () => {
    const r = reconcileWith2b(
      [
        doc({
          ref: 'X',
          outside: 'import',
          number: '1234567',
          date: '2026-12-10',
          port: 'INMAA1',
          taxable: 50000,
          igst: 9000,
        }),
      ],
      DEC,
    );
    expect(r.rows.map(line)).toEqual(['X notIn2b notIn2b:122026']);
    expect(r.notInBooks.map((x) => x.docNumber)).toContain('1234567');
  });

  it('without a port code in the books, number and date decide', () => {
    expect(
      only([
        doc({
          ref: 'X',
          outside: 'import',
          number: '1234567',
          date: '2026-12-10',
          taxable: 50000,
          igst: 9000,
        }),
      ]),
    ).toEqual(['X matched in2b:impg']);
  });

  it('a number reused outside the date window is another document', () => {
    expect(
      only([
        doc({
          ref: 'X',
          outside: 'isd',
          gstin: ISD,
          number: 'ISD-12',
          date: '2026-12-01',
          cgst: 250,
          sgst: 250,
        }),
      ]),
    ).toEqual(['X notIn2b notIn2b:122026']);
    expect(
      only([
        doc({
          ref: 'X',
          outside: 'isd',
          gstin: ISD,
          number: 'ISD-12',
          date: '2026-12-15',
          cgst: 250,
          sgst: 250,
        }),
      ]),
    ).toEqual(['X matched in2b:isd;dateDiff2b:5']);
  });

  it('another supplier, or an invoice against a credit note, does not match', () => {
    expect(
      only([
        doc({
          ref: 'X',
          outside: 'reverseCharge',
          gstin: ISD,
          number: 'RCM-0010',
          date: '2026-12-05',
          taxable: 10000,
          igst: 1800,
        }),
      ]),
    ).toEqual(['X notIn2b notIn2b:122026']);
    expect(
      only([
        doc({
          ref: 'X',
          outside: 'reverseCharge',
          gstin: RAVI,
          number: 'RCN-3',
          date: '2026-12-12',
          taxable: 1000,
          igst: 180,
        }),
      ]),
    ).toEqual(['X notIn2b notIn2b:122026']);
  });

  it('a reverse-charge document never matches a 2B row the supplier reported without reverse charge', () => {
    expect(
      only([
        doc({
          ref: 'X',
          outside: 'reverseCharge',
          gstin: SEZ,
          number: 'DEC-0001',
          date: '2026-12-03',
          taxable: 20000,
          cgst: 1800,
          sgst: 1800,
        }),
      ]),
    ).toEqual(['X notIn2b notIn2b:122026']);
  });

  it('a SEZ bill of entry is found in impg when the 2B lists it there', () => {
    expect(
      only([
        doc({
          ref: 'X',
          outside: 'import',
          gstin: SEZ,
          number: '2222222',
          date: '2026-12-11',
          taxable: 20000,
          igst: 3600,
        }),
      ]),
    ).toEqual(['X matched in2b:impg']);
  });

  it('two books documents for one 2B row: the nearer date takes it, the other is not in the 2B', () => {
    const twice = [
      doc({
        ref: 'A',
        outside: 'isd',
        gstin: ISD,
        number: 'ISD-12',
        date: '2026-12-18',
        cgst: 250,
        sgst: 250,
      }),
      doc({
        ref: 'B',
        outside: 'isd',
        gstin: ISD,
        number: 'ISD-12',
        date: '2026-12-20',
        cgst: 250,
        sgst: 250,
      }),
    ];
    expect(only(twice)).toEqual(['A notIn2b notIn2b:122026', 'B matched in2b:isd']);
  });

  it('a document dated after the period waits for a later 2B', () => {
    expect(
      reconcileWith2b(
        [
          doc({
            ref: 'X',
            outside: 'isd',
            gstin: ISD,
            number: 'ISD-20',
            date: '2027-01-02',
            cgst: 1,
            sgst: 1,
          }),
        ],
        DEC,
      ).rows[0]?.status,
    ).toBe('laterPeriod');
  });

  it('reads the port code from the usual headers', () => {
    expect(
      booksPortCode({
        ...doc({ ref: 'X', outside: 'import', number: '1', date: '2026-12-01' }),
        extra: { 'Port of Entry': ' innsa1 ' },
      }),
    ).toBe('INNSA1');
    expect(
      booksPortCode({
        ...doc({ ref: 'X', outside: 'import', number: '1', date: '2026-12-01' }),
        extra: { Report: 'x' },
      }),
    ).toBeNull();
  });
});

describe('reconcileWith2b: properties', () => {
  it('does not depend on the order of the books, and pairs each 2B document once', () => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray(BOOKS, { minLength: 0, maxLength: BOOKS.length }),
        fc.boolean(),
        (docs, dup) => {
          const input =
            dup && docs[0] !== undefined ? [...docs, { ...docs[0], ref: 'COPY' }] : docs;
          const a = reconcileWith2b(input, DEC);
          const b = reconcileWith2b([...input].reverse(), DEC);
          const byRef = (x: BooksVs2b) => new Map(x.rows.map((r) => [r.registerRef, line(r)]));
          expect(byRef(b)).toEqual(byRef(a));
          const paths = a.rows.flatMap((r) => (r.twoBPath === null ? [] : [r.twoBPath]));
          expect(new Set(paths).size).toBe(paths.length);
          // Every 2B document of these sections is either matched or listed as not in the books.
          expect(paths.length + a.notInBooks.length).toBe(7);
        },
      ),
    );
  });
});
