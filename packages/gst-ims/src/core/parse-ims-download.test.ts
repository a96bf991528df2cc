// node:* imports are for reading the shared conformance fixture (tests only; core code is pure).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BadInputError } from './errors.js';
import { withCheckChar } from './gstin.js';
import { isWellFormedText, parseImsDownload } from './parse-ims-download.js';
import { recordKey } from './record.js';
import type { Section } from './sections.js';
import { SECTIONS } from './sections.js';

const SUP = '29AAACR5055K1Z3';
const SUP2 = '24AAACB1234C1ZL';
const ME = '27AABCU9603R1ZN';
const BAD_CHECK = '24MAYAS0100J1JD';

type Json = Record<string, unknown>;

function b2b(over: Json = {}): Json {
  return {
    stin: SUP,
    inum: 'INV/001',
    inv_typ: 'R',
    srcform: 'R1',
    rtnprd: '042026',
    idt: '05-04-2026',
    val: 11800,
    pos: '27',
    txval: 10000,
    iamt: 1800,
    camt: 0,
    samt: 0,
    cess: 0,
    action: 'N',
    ...over,
  };
}

function note(over: Json = {}): Json {
  return {
    stin: SUP,
    nt_num: 'CN-7',
    inv_typ: 'R',
    srcform: 'R1',
    rtnprd: '042026',
    nt_dt: '20-04-2026',
    val: 1180,
    pos: '27',
    txval: 1000,
    iamt: 180,
    ...over,
  };
}

const parse = (data: unknown, gstin?: string) =>
  parseImsDownload(data, gstin === undefined ? { file: 'ims.json' } : { file: 'ims.json', gstin });

function one(rec: Json, section: Section = 'b2b') {
  const out = parse({ [section]: [rec] });
  const r = out.records[0];
  if (r === undefined) throw new Error('no record');
  return r;
}

/** The BadInputError message thrown by fn. */
function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(BadInputError);
    return (e as Error).message;
  }
  throw new Error('expected a BadInputError, nothing was thrown');
}

describe('parseImsDownload: shapes', () => {
  it('reads the API GETINV shape (sections at the top level)', () => {
    const out = parse({ b2b: [b2b()] });
    expect(out.recipientGstin).toBeNull();
    expect(out.warnings).toEqual([]);
    expect(out.records).toHaveLength(1);
    expect(out.records[0]).toEqual({
      key: `b2b|${SUP}|INV/001|2026-27`,
      section: 'b2b',
      supplierGstin: SUP,
      supplierName: null,
      docNumber: 'INV/001',
      docDate: '2026-04-05',
      originalDocNumber: null,
      originalDocDate: null,
      invType: 'R',
      srcForm: 'R1',
      returnPeriod: '042026',
      supplierFiled: null,
      pos: '27',
      amounts: { value: 1180000, taxable: 1000000, igst: 180000, cgst: 0, sgst: 0, cess: 0 },
      portalAction: 'noAction',
      pendingBlocked: false,
      pendingFlagAbsent: true,
      remarksBlocked: false,
      itcReductionBlocked: false,
      portalRemark: null,
      portalItcReduction: null,
      hash: null,
      extra: {},
    });
    expect(out.counts).toEqual({
      b2b: 1,
      b2ba: 0,
      b2bdn: 0,
      b2bdna: 0,
      b2bcn: 0,
      b2bcna: 0,
      ecom: 0,
      ecoma: 0,
    });
  });

  it('reads the offline envelope {gstin, imsDetails} and normalises the recipient GSTIN', () => {
    const out = parse({
      gstin: ` ${ME.toLowerCase()} `,
      imsDetails: { b2b: [b2b()], b2bcn: [note()] },
    });
    expect(out.recipientGstin).toBe(ME);
    expect(out.records.map((r) => r.section)).toEqual(['b2b', 'b2bcn']);
  });

  it('reads gstin or rtin inside imsDetails', () => {
    expect(parse({ imsDetails: { gstin: ME, b2b: [b2b()] } }).recipientGstin).toBe(ME);
    expect(parse({ imsDetails: { rtin: ME, b2b: [b2b()] } }).recipientGstin).toBe(ME);
    expect(parse({ rtin: ME, imsDetails: { gstin: ME, b2b: [] } }).recipientGstin).toBe(ME);
  });

  it('unwraps {"data": {...}} around either shape', () => {
    expect(parse({ status_cd: '1', data: { b2b: [b2b()] } }).records).toHaveLength(1);
    const out = parse({ data: { gstin: ME, imsDetails: { b2b: [b2b()] } } });
    expect(out.recipientGstin).toBe(ME);
    expect(out.records).toHaveLength(1);
    expect(errorOf(() => parse({ data: { b2b: [b2b({ val: 'x' })] } }))).toBe(
      'ims.json: data.b2b[0].val: expected an amount in rupees with at most 2 decimals, found "x"',
    );
  });

  it('takes section keys case-insensitively', () => {
    const out = parse({ B2B: [b2b()], B2BCN: [note()] });
    expect(out.records.map((r) => r.section)).toEqual(['b2b', 'b2bcn']);
    expect(errorOf(() => parse({ B2B: [b2b({ val: null })] }))).toBe(
      'ims.json: B2B[0].val: expected an amount in rupees with at most 2 decimals, found null',
    );
    expect(errorOf(() => parse({ b2b: [], B2B: [] }))).toBe(
      'ims.json: B2B: section b2b appears twice (also as b2b)',
    );
  });

  it('reads all eight sections with their own number, date and original-document keys', () => {
    const inv = { stin: SUP, inum: 'A1', idt: '01-05-2026', val: 1, txval: 1 };
    const nt = { stin: SUP, nt_num: 'N1', nt_dt: '02-05-2026', val: 1, txval: 1 };
    const out = parse({
      ecoma: [{ ...inv, oinum: 'O5', oidt: '01-04-2026' }],
      ecom: [inv],
      b2bcna: [{ ...nt, ont_num: 'O4', ont_dt: '01-04-2026' }],
      b2bcn: [nt],
      b2bdna: [{ ...nt, ont_num: 'O3', ont_dt: '01-04-2026' }],
      b2bdn: [nt],
      b2ba: [{ ...inv, oinum: 'O1', oidt: '31-03-2026' }],
      b2b: [inv],
    });
    // SECTIONS order, whatever the file's key order.
    expect(out.records.map((r) => r.section)).toEqual([...SECTIONS]);
    expect(
      out.records.map((r) => [r.docNumber, r.docDate, r.originalDocNumber, r.originalDocDate]),
    ).toEqual([
      ['A1', '2026-05-01', null, null],
      ['A1', '2026-05-01', 'O1', '2026-03-31'],
      ['N1', '2026-05-02', null, null],
      ['N1', '2026-05-02', 'O3', '2026-04-01'],
      ['N1', '2026-05-02', null, null],
      ['N1', '2026-05-02', 'O4', '2026-04-01'],
      ['A1', '2026-05-01', null, null],
      ['A1', '2026-05-01', 'O5', '2026-04-01'],
    ]);
    for (const s of SECTIONS) expect(out.counts[s]).toBe(1);
    expect(out.warnings).toEqual([]);
  });

  it('keys every record exactly as recordKey() does', () => {
    const out = parse({
      b2b: [b2b(), b2b({ inum: 'X|1', idt: '31-03-2026' })],
      b2bcna: [note({ ont_num: 'C1', ont_dt: '01-01-2026' })],
    });
    for (const r of out.records) {
      expect(r.key).toBe(recordKey(r.section, r.supplierGstin, r.docNumber, r.docDate));
    }
    expect(out.records[1]?.key).toBe(`b2b|${SUP}|X|1|2025-26`);
  });

  it('accepts empty files: empty envelope, empty sections, null sections', () => {
    for (const data of [
      { imsDetails: {} },
      { imsDetails: null },
      {
        gstin: ME,
        imsDetails: {
          b2b: [],
          b2ba: [],
          b2bdn: [],
          b2bdna: [],
          b2bcn: [],
          b2bcna: [],
          ecom: [],
          ecoma: [],
        },
      },
      { b2b: [] },
      { b2b: null, b2bcn: [] },
    ]) {
      const out = parse(data);
      expect(out.records).toEqual([]);
      expect(Object.values(out.counts).every((n) => n === 0)).toBe(true);
    }
  });

  it('warns about array keys that are not IMS sections and ignores them', () => {
    const out = parse({ b2b: [b2b()], isd: [{ x: 1 }, { x: 2 }] });
    expect(out.records).toHaveLength(1);
    expect(out.warnings).toEqual([
      expect.objectContaining({ code: 'UNKNOWN_SECTION', severity: 'warning', field: 'isd' }),
    ]);
    expect(out.warnings[0]?.message).toContain('2 entries were ignored');
  });
});

describe('parseImsDownload: recipient GSTIN', () => {
  it('uses opts.gstin when the file names none', () => {
    expect(parse({ b2b: [] }, ` ${ME.toLowerCase()}`).recipientGstin).toBe(ME);
  });

  it('accepts the same GSTIN in the file and the options, in any case', () => {
    expect(parse({ gstin: ME, imsDetails: {} }, ME.toLowerCase()).recipientGstin).toBe(ME);
  });

  it('refuses a file for another GSTIN than the one given', () => {
    expect(errorOf(() => parse({ gstin: ME, imsDetails: {} }, SUP2))).toBe(
      `ims.json: the file is for recipient GSTIN ${ME} (gstin), but GSTIN ${SUP2} was given`,
    );
  });

  it('refuses a file naming two different recipients', () => {
    expect(errorOf(() => parse({ gstin: ME, imsDetails: { rtin: SUP2 } }))).toBe(
      `ims.json: the file names two different recipient GSTINs: gstin ${ME} and imsDetails.rtin ${SUP2}`,
    );
  });

  it('warns, not fails, when the recipient GSTIN fails only its check character', () => {
    const out = parse({ gstin: BAD_CHECK, imsDetails: {} });
    expect(out.recipientGstin).toBe(BAD_CHECK);
    expect(out.warnings).toEqual([
      expect.objectContaining({
        code: 'GSTIN_CHECKSUM',
        severity: 'warning',
        recordKey: null,
        field: 'gstin',
      }),
    ]);
  });

  it('refuses a recipient GSTIN without the GSTIN layout', () => {
    expect(errorOf(() => parse({ gstin: '27AABCU9603R1Z', imsDetails: {} }))).toBe(
      'ims.json: gstin: GSTIN "27AABCU9603R1Z" has 14 characters, expected 15',
    );
    expect(errorOf(() => parse({ gstin: 12, imsDetails: {} }))).toBe(
      'ims.json: gstin: expected the recipient GSTIN as a string, found 12',
    );
    expect(errorOf(() => parse({ b2b: [] }, 'hello'))).toContain('recipient GSTIN given');
  });
});

describe('parseImsDownload: amounts', () => {
  it('converts rupees to exact paise', () => {
    const r = one(
      b2b({ val: 1000.1, txval: 0.29, iamt: 0.07, camt: 123456789.99, samt: '45.5', cess: ' 1 ' }),
    );
    expect(r.amounts).toEqual({
      value: 100010,
      taxable: 29,
      igst: 7,
      cgst: 12345678999,
      sgst: 4550,
      cess: 100,
    });
  });

  it('reads missing or null tax heads as zero', () => {
    const rec = b2b();
    delete rec.iamt;
    delete rec.camt;
    const r = one({ ...rec, samt: null, cess: '' });
    expect(r.amounts).toMatchObject({ igst: 0, cgst: 0, sgst: 0, cess: 0 });
  });

  it('refuses amounts that are not rupees with at most 2 decimals', () => {
    const cases: [Json, string][] = [
      [
        { val: '12,00' },
        'b2b[0].val: expected an amount in rupees with at most 2 decimals, found "12,00"',
      ],
      [
        { txval: 1.005 },
        'b2b[0].txval: expected an amount in rupees with at most 2 decimals, found 1.005',
      ],
      [
        { iamt: true },
        'b2b[0].iamt: expected an amount in rupees with at most 2 decimals, found true',
      ],
      [
        { camt: [] },
        'b2b[0].camt: expected an amount in rupees with at most 2 decimals, found an array',
      ],
      [
        { cess: 'abc' },
        'b2b[0].cess: expected an amount in rupees with at most 2 decimals, found "abc"',
      ],
      [
        { samt: 1e21 },
        'b2b[0].samt: expected an amount in rupees with at most 2 decimals, found 1e+21',
      ],
    ];
    for (const [over, msg] of cases)
      expect(errorOf(() => parse({ b2b: [b2b(over)] }))).toBe(`ims.json: ${msg}`);
  });

  it('refuses negative amounts: the portal writes them positive, credit notes too', () => {
    expect(errorOf(() => parse({ b2b: [b2b({ txval: -100 })] }))).toBe(
      'ims.json: b2b[0].txval: expected an amount of zero or more, found -100 (the portal writes amounts positive, credit notes too)',
    );
    expect(errorOf(() => parse({ b2bcn: [note({ samt: '-9.50' })] }))).toContain(
      'b2bcn[0].samt: expected an amount of zero or more, found "-9.50"',
    );
    expect(errorOf(() => parse({ b2bcn: [note({ itcRedReq: 'Y', declIgst: -1 })] }))).toContain(
      'b2bcn[0].declIgst: expected an amount of zero or more',
    );
    expect(one(b2b({ iamt: -0, camt: '-0.00' })).amounts).toMatchObject({ igst: 0, cgst: 0 });
  });

  it('requires val and txval', () => {
    const rec = b2b({ inum: 'I2' });
    delete rec.val;
    expect(errorOf(() => parse({ b2b: [b2b(), rec] }))).toBe(
      'ims.json: b2b[1].val: expected an amount in rupees with at most 2 decimals, found no value',
    );
    expect(errorOf(() => parse({ b2b: [b2b({ txval: '' })] }))).toBe(
      'ims.json: b2b[0].txval: expected an amount in rupees with at most 2 decimals, found ""',
    );
  });

  it('shows the record path inside the offline envelope', () => {
    const recs = Array.from({ length: 42 }, (_, i) => b2b({ inum: `I${i}` }));
    recs[41] = b2b({ inum: 'I41', val: '12,00' });
    expect(errorOf(() => parse({ imsDetails: { b2b: recs } }))).toBe(
      'ims.json: imsDetails.b2b[41].val: expected an amount in rupees with at most 2 decimals, found "12,00"',
    );
  });
});

describe('parseImsDownload: identity fields', () => {
  it('keeps document numbers verbatim except trimming, leading zeros included', () => {
    expect(one(b2b({ inum: '000123' })).docNumber).toBe('000123');
    expect(one(b2b({ inum: '  inv/7 ' })).docNumber).toBe('inv/7');
  });

  it('refuses document numbers written as JSON numbers, saying why', () => {
    expect(errorOf(() => parse({ b2b: [b2b({ inum: 123 })] }))).toBe(
      'ims.json: b2b[0].inum: expected a string, found 123 (document numbers must be JSON strings: a number loses leading zeros and cannot be trusted)',
    );
    expect(errorOf(() => parse({ b2bcn: [note({ nt_num: 7 })] }))).toContain(
      'b2bcn[0].nt_num: expected a string, found 7',
    );
    expect(errorOf(() => parse({ b2b: [b2b({ inum: ' ' })] }))).toBe(
      'ims.json: b2b[0].inum: expected a document number (non-empty string), found " "',
    );
  });

  it('refuses a record without its section number key', () => {
    const rec = b2b({ nt_num: 'X' });
    delete rec.inum;
    expect(errorOf(() => parse({ b2b: [rec] }))).toBe(
      'ims.json: b2b[0].inum: expected a document number (non-empty string), found no value',
    );
  });

  it('reads DD-MM-YYYY dates and refuses others', () => {
    expect(one(b2b({ idt: '29-02-2024' })).docDate).toBe('2024-02-29');
    expect(errorOf(() => parse({ b2b: [b2b({ idt: '29-02-2026' })] }))).toBe(
      'ims.json: b2b[0].idt: expected a date DD-MM-YYYY, found "29-02-2026" (there is no such day in the calendar)',
    );
    expect(errorOf(() => parse({ b2b: [b2b({ idt: '05-13-2026' })] }))).toContain(
      '(there is no such day in the calendar)',
    );
    expect(errorOf(() => parse({ b2b: [b2b({ idt: '2026-04-05' })] }))).toContain(
      'b2b[0].idt: expected a date DD-MM-YYYY',
    );
    expect(errorOf(() => parse({ b2bcn: [note({ nt_dt: 20260420 })] }))).toBe(
      'ims.json: b2bcn[0].nt_dt: expected a date DD-MM-YYYY, found 20260420',
    );
    expect(errorOf(() => parse({ b2ba: [b2b({ oinum: 'O', oidt: '1-1-2026' })] }))).toBe(
      'ims.json: b2ba[0].oidt: expected a date DD-MM-YYYY, found "1-1-2026"',
    );
  });

  it('warns when an amendment lacks its original document', () => {
    const out = parse({ b2ba: [b2b()] });
    expect(out.records[0]?.originalDocNumber).toBeNull();
    expect(out.warnings).toEqual([
      expect.objectContaining({
        code: 'ORIGINAL_DOC_MISSING',
        field: 'oinum',
        recordKey: out.records[0]?.key,
      }),
    ]);
  });

  it('refuses a missing or malformed supplier GSTIN', () => {
    const rec = b2b();
    delete rec.stin;
    expect(errorOf(() => parse({ b2b: [rec] }))).toBe(
      'ims.json: b2b[0].stin: expected the supplier GSTIN as a 15-character string, found no value',
    );
    expect(errorOf(() => parse({ b2b: [b2b({ stin: '29AAACR5055K1Z' })] }))).toBe(
      'ims.json: b2b[0].stin: GSTIN "29AAACR5055K1Z" has 14 characters, expected 15',
    );
    expect(errorOf(() => parse({ b2b: [b2b({ stin: '29AAACR5055K1Z3X' })] }))).toContain(
      'has 16 characters',
    );
    expect(errorOf(() => parse({ b2b: [b2b({ stin: 'ABCDEFGHIJKLMNO' })] }))).toBe(
      'ims.json: b2b[0].stin: GSTIN "ABCDEFGHIJKLMNO" does not have the GSTIN layout (state code, PAN, entity, check character)',
    );
  });

  it('normalises the supplier GSTIN', () => {
    expect(one(b2b({ stin: ` ${SUP.toLowerCase()} ` })).supplierGstin).toBe(SUP);
  });

  it('warns once per supplier GSTIN that fails only its check character', () => {
    const out = parse({
      b2b: [b2b({ stin: BAD_CHECK }), b2b({ stin: BAD_CHECK, inum: 'I2' }), b2b({ inum: 'I3' })],
      b2bcn: [note({ stin: BAD_CHECK })],
    });
    expect(out.records).toHaveLength(4);
    expect(out.warnings).toHaveLength(1);
    const w = out.warnings[0];
    expect(w).toMatchObject({ code: 'GSTIN_CHECKSUM', severity: 'warning', field: 'stin' });
    expect(w?.recordKey).toBe(out.records[0]?.key);
    expect(w?.message).toContain(BAD_CHECK);
    expect(w?.message).toContain('3 records, first at b2b[0].stin');
  });
});

describe('parseImsDownload: other fields', () => {
  it('maps the portal action codes', () => {
    const actions = ['N', 'A', 'R', 'P'].map((a) => one(b2b({ action: a })).portalAction);
    expect(actions).toEqual(['noAction', 'accept', 'reject', 'pending']);
    const rec = b2b();
    delete rec.action;
    expect(one(rec).portalAction).toBe('noAction');
    expect(errorOf(() => parse({ b2b: [b2b({ action: 'X' })] }))).toBe(
      'ims.json: b2b[0].action: expected one of "N", "A", "R", "P", found "X"',
    );
    expect(errorOf(() => parse({ b2b: [b2b({ action: 1 })] }))).toContain('b2b[0].action');
  });

  it('reads the pending-blocked flag in both spellings', () => {
    expect(one(b2b({ ispendactblocked: 'Y' })).pendingBlocked).toBe(true);
    expect(one(b2b({ ispendactblocked: 'N' })).pendingBlocked).toBe(false);
    expect(one(b2b({ ispendactblocked: true })).pendingBlocked).toBe(true);
    expect(one(b2b({ ispendactblocked: false })).pendingBlocked).toBe(false);
    expect(one(b2b({ ispendactblocked: 'y' })).pendingBlocked).toBe(true);
    expect(one(b2b({ ispendactnallwd: 'N' })).pendingBlocked).toBe(true);
    expect(one(b2b({ ispendactnallwd: 'Y' })).pendingBlocked).toBe(false);
    expect(one(b2b({ ispendactblocked: 'N', ispendactnallwd: 'N' })).pendingBlocked).toBe(true);
    expect(one(b2b()).pendingBlocked).toBe(false);
    expect(errorOf(() => parse({ b2b: [b2b({ ispendactblocked: 'X' })] }))).toBe(
      'ims.json: b2b[0].ispendactblocked: expected "Y" or "N" (or true/false), found "X"',
    );
  });

  it('reads the remarks and ITC-reduction blocked flags', () => {
    expect(one(b2b({ isRemarksBlocked: 'Y' })).remarksBlocked).toBe(true);
    expect(one(b2b({ isRemarksBlocked: false })).remarksBlocked).toBe(false);
    expect(one(b2b({ isItcRedReqBlocked: 'Y' })).itcReductionBlocked).toBe(true);
    expect(one(b2b({ itcRedReqBlocked: true })).itcReductionBlocked).toBe(true);
    expect(one(b2b({ isItcRedReqBlocked: 'N' })).itcReductionBlocked).toBe(false);
    expect(errorOf(() => parse({ b2b: [b2b({ itcRedReqBlocked: 2 })] }))).toContain(
      'b2b[0].itcRedReqBlocked',
    );
  });

  it('reads srcfilstatus tolerantly', () => {
    const table: [unknown, boolean | null][] = [
      ['Filed', true],
      ['F', true],
      ['FILED', true],
      ['filed', true],
      ['Not Filed', false],
      ['NotFiled', false],
      ['NOT_FILED', false],
      ['NF', false],
      ['SAVED', false],
      ['Saved', false],
      ['S', false],
      [undefined, null],
      [null, null],
      ['', null],
    ];
    for (const [v, want] of table) {
      const rec = b2b(v === undefined ? {} : { srcfilstatus: v });
      expect([v, one(rec).supplierFiled]).toEqual([v, want]);
    }
  });

  it('reads an unknown srcfilstatus as unknown, with one warning per value', () => {
    const out = parse({
      b2b: [b2b({ srcfilstatus: 'Draft' }), b2b({ inum: 'I2', srcfilstatus: 'Draft' })],
    });
    expect(out.records.map((r) => r.supplierFiled)).toEqual([null, null]);
    expect(out.warnings).toEqual([
      expect.objectContaining({ code: 'UNKNOWN_FILING_STATUS', field: 'srcfilstatus' }),
    ]);
    expect(out.warnings[0]?.message).toContain('2 records, first at b2b[0].srcfilstatus');
  });

  it('reads the return period as MMYYYY, its aliases, and MM with an inferred year', () => {
    expect(one(b2b({ rtnprd: '012023' })).returnPeriod).toBe('012023');
    expect(one(b2b({ rtnprd: 12023 })).returnPeriod).toBe('012023');
    const alias = b2b({ sRtnPrd: '052026', rtnTyp: 'R1A' });
    delete alias.rtnprd;
    delete alias.srcform;
    expect(one(alias)).toMatchObject({ returnPeriod: '052026', srcForm: 'R1A' });
    // MM: the earliest year that does not put the period before the document month.
    const out = parse({
      b2b: [
        b2b({ rtnprd: '04', idt: '05-04-2026' }),
        b2b({ inum: 'I2', rtnprd: '05', idt: '05-04-2026' }),
        b2b({ inum: 'I3', rtnprd: '01', idt: '28-12-2025' }),
        b2b({ inum: 'I4', rtnprd: '3', idt: '28-12-2025' }),
      ],
    });
    expect(out.records.map((r) => r.returnPeriod)).toEqual([
      '042026',
      '052026',
      '012026',
      '032026',
    ]);
    expect(out.warnings).toEqual([
      expect.objectContaining({ code: 'RETURN_PERIOD_YEAR_INFERRED', field: 'rtnprd' }),
    ]);
    expect(out.warnings[0]?.message).toContain('4 records');
    expect(errorOf(() => parse({ b2b: [b2b({ rtnprd: '132026' })] }))).toBe(
      'ims.json: b2b[0].rtnprd: expected a return period "MMYYYY" (or "MM"), found "132026"',
    );
    expect(errorOf(() => parse({ b2b: [b2b({ rtnprd: '13' })] }))).toContain('b2b[0].rtnprd');
    expect(one(b2b({ rtnprd: null })).returnPeriod).toBeNull();
  });

  it('reads remarks, trade name, hash, pos and inv_typ', () => {
    const r = one(
      b2b({
        remarks: ' partly ',
        tradenm: ' ACME Pvt Ltd ',
        hash: 'ab'.repeat(32),
        pos: 7,
        inv_typ: 'SEWP',
      }),
    );
    expect(r).toMatchObject({
      portalRemark: ' partly ',
      supplierName: 'ACME Pvt Ltd',
      hash: 'ab'.repeat(32),
      pos: '07',
      invType: 'SEWP',
    });
    expect(one(b2b({ pos: '7' })).pos).toBe('07');
    expect(one(b2b({ pos: ' 96 ' })).pos).toBe('96');
    expect(one(b2b({ pos: '' })).pos).toBeNull();
    expect(one(b2b({ remarks: '' })).portalRemark).toBeNull();
    expect(errorOf(() => parse({ b2b: [b2b({ pos: '7a' })] }))).toBe(
      'ims.json: b2b[0].pos: expected a 2-digit state code such as "07", found "7a"',
    );
    expect(errorOf(() => parse({ b2b: [b2b({ remarks: 5 })] }))).toBe(
      'ims.json: b2b[0].remarks: expected a string, found 5',
    );
    expect(errorOf(() => parse({ b2b: [b2b({ tradenm: {} })] }))).toBe(
      'ims.json: b2b[0].tradenm: expected a string, found an object',
    );
  });

  it('reads the ITC-reduction declaration in camelCase and snake_case', () => {
    const r = (over: Json) => one(note(over), 'b2bcn').portalItcReduction;
    expect(r({})).toBeNull();
    expect(r({ itcRedReq: 'Y' })).toEqual({ kind: 'full' });
    expect(r({ itcRedReq: 'N' })).toEqual({ kind: 'none' });
    expect(r({ itcRedReq: 'Y', declIgst: 90, declCess: '0.5' })).toEqual({
      kind: 'partial',
      igst: 9000,
      cgst: 0,
      sgst: 0,
      cess: 50,
    });
    expect(r({ itc_red_req: 'Y', decl_cgst: 45.05, decl_sgst: 45.05 })).toEqual({
      kind: 'partial',
      igst: 0,
      cgst: 4505,
      sgst: 4505,
      cess: 0,
    });
    expect(r({ itc_red_req: 'N' })).toEqual({ kind: 'none' });
    // Amounts without the flag are the partial declaration they describe.
    expect(r({ declIgst: 10 })).toMatchObject({ kind: 'partial', igst: 1000 });
    expect(errorOf(() => parse({ b2bcn: [note({ itcRedReq: 'Y', decl_igst: '1.234' })] }))).toBe(
      'ims.json: b2bcn[0].decl_igst: expected an amount in rupees with at most 2 decimals, found "1.234"',
    );
    expect(errorOf(() => parse({ b2bcn: [note({ itc_red_req: 'maybe' })] }))).toContain(
      'b2bcn[0].itc_red_req',
    );
  });

  it('warns when itcRedReq is N but amounts are declared', () => {
    const out = parse({ b2bcn: [note({ itcRedReq: 'N', declIgst: 5 })] });
    expect(out.records[0]?.portalItcReduction).toEqual({ kind: 'none' });
    expect(out.warnings).toEqual([
      expect.objectContaining({ code: 'ITC_REDUCTION_AMOUNTS_IGNORED', field: 'itcRedReq' }),
    ]);
  });

  it('keeps unknown keys verbatim in extra, and drops known download-only keys', () => {
    const r = one(
      b2b({
        hash: 'h',
        srcfilstatus: 'Filed',
        ispendactblocked: 'N',
        isRemarksBlocked: 'N',
        isItcRedReqBlocked: 'N',
        ItcAvailabilityCheck: 'Y',
        tradenm: 'T',
        irn: 'abc',
        nested: { a: [1, { b: 2 }] },
        nt_num: 'other section key',
      }),
    );
    expect(r.extra).toEqual({
      irn: 'abc',
      nested: { a: [1, { b: 2 }] },
      nt_num: 'other section key',
    });
  });

  it('does not let one record’s unknown keys leak into the next', () => {
    const out = parse({
      b2b: [
        b2b(),
        b2b({ inum: 'I2', irn: 'x' }),
        b2b({ inum: 'I3' }),
        b2b({ inum: 'I4', irn: 'y' }),
      ],
    });
    expect(out.records.map((r) => r.extra)).toEqual([{}, { irn: 'x' }, {}, { irn: 'y' }]);
  });
});

describe('parseImsDownload: refused input', () => {
  it('refuses non-objects at the top', () => {
    expect(errorOf(() => parse([]))).toBe(
      'ims.json: expected a JSON object at the top level, found an array',
    );
    expect(errorOf(() => parse(null))).toBe(
      'ims.json: expected a JSON object at the top level, found null',
    );
    expect(errorOf(() => parse('b2b'))).toBe(
      'ims.json: expected a JSON object at the top level, found "b2b"',
    );
  });

  it('refuses objects with no IMS section', () => {
    expect(errorOf(() => parse({}))).toBe(
      'ims.json: not an IMS download: expected keys such as b2b, b2bcn or imsDetails',
    );
    expect(errorOf(() => parse({ gstin: ME, foo: [] }))).toBe(
      'ims.json: not an IMS download: expected keys such as b2b, b2bcn or imsDetails',
    );
    expect(errorOf(() => parse({ token: 'abc', est: 5 }))).toContain('GETINV "token" response');
  });

  it('recognises an error file or an upload file given by mistake', () => {
    expect(errorOf(() => parse({ imsDetailsErr: { b2b: [] } }))).toContain(
      'this is an IMS error file',
    );
    expect(errorOf(() => parse({ rtin: ME, reqtyp: 'SAVE', invdata: { b2b: [] } }))).toContain(
      'this is an upload file',
    );
  });

  it('refuses both imsDetails and top-level sections', () => {
    expect(errorOf(() => parse({ imsDetails: {}, b2b: [] }))).toBe(
      'ims.json: both imsDetails and top-level sections are present; expected one or the other',
    );
  });

  it('refuses sections that are not arrays and records that are not objects', () => {
    expect(errorOf(() => parse({ b2b: {} }))).toBe(
      'ims.json: b2b: expected an array of records, found an object',
    );
    expect(errorOf(() => parse({ imsDetails: { b2bcn: 'x' } }))).toBe(
      'ims.json: imsDetails.b2bcn: expected an array of records, found "x"',
    );
    expect(errorOf(() => parse({ b2b: [b2b(), 5] }))).toBe(
      'ims.json: b2b[1]: expected a record object, found 5',
    );
    expect(errorOf(() => parse({ b2b: [[]] }))).toBe(
      'ims.json: b2b[0]: expected a record object, found an array',
    );
    expect(errorOf(() => parse({ imsDetails: [] }))).toBe(
      'ims.json: imsDetails: expected an object of sections (b2b, b2bcn, ...), found an array',
    );
  });

  it('refuses __proto__ keys anywhere (JSON.parse makes them own keys)', () => {
    const rec = JSON.stringify(b2b());
    const cases: [string, string][] = [
      [
        `{"__proto__":{"x":1},"b2b":[]}`,
        'ims.json: __proto__: a "__proto__" key is not allowed in portal JSON',
      ],
      [
        `{"imsDetails":{"__proto__":{},"b2b":[]}}`,
        'ims.json: imsDetails.__proto__: a "__proto__" key is not allowed in portal JSON',
      ],
      [
        `{"b2b":[${rec},${rec.replace('{', '{"__proto__":{"polluted":1},').replace('INV/001', 'I2')}]}`,
        'ims.json: b2b[1].__proto__: a "__proto__" key is not allowed in portal JSON',
      ],
      [
        `{"b2b":[${rec.replace('{', '{"irn":{"a":[{"__proto__":1}]},')}]}`,
        'ims.json: b2b[0].irn.a[0].__proto__: a "__proto__" key is not allowed in portal JSON',
      ],
      [
        `{"gstin":"${ME}","meta":{"__proto__":1},"imsDetails":{}}`,
        'ims.json: meta.__proto__: a "__proto__" key is not allowed in portal JSON',
      ],
    ];
    for (const [text, msg] of cases) expect(errorOf(() => parse(JSON.parse(text)))).toBe(msg);
    expect(({} as Json).polluted).toBeUndefined();
  });

  it('refuses duplicate records, naming both paths', () => {
    expect(
      errorOf(() => parse({ b2b: [b2b(), b2b({ inum: 'I2' }), b2b({ idt: '01-03-2027' })] })),
    ).toBe(
      `ims.json: b2b[2]: duplicate record: b2b[0] has the same supplier GSTIN ${SUP}, document number "INV/001" and financial year`,
    );
    expect(
      errorOf(() => parse({ imsDetails: { b2bcn: [note(), note({ stin: SUP.toLowerCase() })] } })),
    ).toContain('imsDetails.b2bcn[1]: duplicate record: imsDetails.b2bcn[0]');
  });

  it('allows the same number for another supplier, section or financial year', () => {
    const out = parse({
      b2b: [b2b(), b2b({ stin: SUP2 }), b2b({ idt: '05-04-2027' }), b2b({ idt: '31-03-2026' })],
      b2ba: [b2b({ oinum: 'INV/000', oidt: '01-04-2026' })],
    });
    expect(out.records).toHaveLength(5);
    expect(new Set(out.records.map((r) => r.key)).size).toBe(5);
  });

  it('finds duplicates among many records sharing common numbers', () => {
    const suppliers = Array.from({ length: 50 }, (_, i) =>
      withCheckChar(`29AAACR${String(1000 + i)}K1Z`),
    );
    const recs: Json[] = [];
    for (let n = 1; n <= 20; n++)
      for (const s of suppliers) recs.push(b2b({ stin: s, inum: String(n) }));
    expect(parse({ b2b: recs }).records).toHaveLength(1000);
    recs.push(b2b({ stin: suppliers[7], inum: '13' }));
    expect(errorOf(() => parse({ b2b: recs }))).toBe(
      `ims.json: b2b[1000]: duplicate record: b2b[607] has the same supplier GSTIN ${suppliers[7]}, document number "13" and financial year`,
    );
  });
});

describe('parseImsDownload: volume', () => {
  it('parses 20,000 records with mixed shapes correctly', () => {
    const suppliers = Array.from({ length: 200 }, (_, i) =>
      withCheckChar(`27AAACT${String(1000 + i)}Q1Z`),
    );
    const recs: Json[] = [];
    for (let i = 0; i < 20000; i++) {
      const rec = b2b({
        stin: suppliers[i % 200],
        inum: `INV-${i}`,
        val: 100 + (i % 100) / 100,
        idt: `${String((i % 28) + 1).padStart(2, '0')}-0${(i % 9) + 1}-2026`,
      });
      if (i % 1000 === 0) rec.irn = `irn-${i}`;
      recs.push(rec);
    }
    const out = parse({ imsDetails: { b2b: recs } });
    expect(out.records).toHaveLength(20000);
    expect(out.records[12345]?.amounts.value).toBe(10045);
    expect(out.records.filter((r) => Object.keys(r.extra).length > 0)).toHaveLength(20);
    expect(out.warnings).toEqual([]);
  });
});

// Conformance: the GSTN sample as India Compliance ships it (GPL-3.0 data, kept outside the repo).
const FIXTURE = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../../../shared/fixtures/public/india-compliance/test_ims.json',
);
const haveFixture = existsSync(FIXTURE);
if (!haveFixture) console.log('shared fixtures absent: conformance test not run');

describe('parseImsDownload: conformance', () => {
  it.skipIf(!haveFixture)('parses the India Compliance test_ims.json sample', () => {
    const out = parseImsDownload(JSON.parse(readFileSync(FIXTURE, 'utf8')), {
      file: 'test_ims.json',
    });
    expect(out.records).toHaveLength(6);
    expect(out.counts).toEqual({
      b2b: 1,
      b2ba: 1,
      b2bdn: 1,
      b2bdna: 1,
      b2bcn: 1,
      b2bcna: 1,
      ecom: 0,
      ecoma: 0,
    });
    expect(out.warnings).toEqual([
      expect.objectContaining({ code: 'GSTIN_CHECKSUM', severity: 'warning', field: 'stin' }),
    ]);
    expect(out.warnings[0]?.message).toContain('24MAYAS0100J1JD');
    const dn = out.records.find((r) => r.section === 'b2bdn');
    expect(dn?.amounts.value).toBe(100010);
    expect(dn?.supplierFiled).toBe(true);
    const first = out.records[0];
    expect(first).toMatchObject({
      section: 'b2b',
      docNumber: 'b1',
      docDate: '2023-01-23',
      supplierFiled: false,
      portalAction: 'accept',
      returnPeriod: '012023',
      hash: '1f5fb5de9e491c24dcdee9ac01d3fa5f7889f20d3a8c923bfd2e3c7f0d0125f1',
      extra: {},
    });
    const b2ba = out.records.find((r) => r.section === 'b2ba');
    expect(b2ba).toMatchObject({ originalDocNumber: 'ab2', originalDocDate: '2023-02-24' });
  });
});

describe('parseImsDownload: text must be valid Unicode', () => {
  const badError = (fn: () => unknown): BadInputError => {
    try {
      fn();
    } catch (e) {
      if (e instanceof BadInputError) return e;
      throw e;
    }
    throw new Error('expected a BadInputError, nothing was thrown');
  };

  it('refuses a lone surrogate in a document number with the field path and a code', () => {
    const e = badError(() =>
      parse({
        gstin: ME,
        imsDetails: {
          b2b: [b2b(), b2b({ inum: 'I-2' }), b2b({ inum: 'I-3' }), b2b({ inum: 'INV\ud800/9' })],
        },
      }),
    );
    expect(e.details.path).toBe('imsDetails.b2b[3].inum');
    expect(e.details.code).toBe('INVALID_UNICODE');
    expect(e.message).toContain(
      'ims.json: imsDetails.b2b[3].inum: not valid Unicode text [INVALID_UNICODE]',
    );
    expect(e.message).toContain('\\ud800 at character 4');
    // The message itself is valid text (it is printed on a terminal).
    expect(isWellFormedText(e.message)).toBe(true);
  });

  it('refuses a lone low surrogate, and one in every kept text field, original numbers and unknown fields included', () => {
    const cases: [Json, Section, string][] = [
      [b2b({ inum: 'A\udc00' }), 'b2b', 'b2b[0].inum'],
      [b2b({ tradenm: 'Acme \ud83d' }), 'b2b', 'b2b[0].tradenm'],
      [b2b({ inv_typ: '\ud800' }), 'b2b', 'b2b[0].inv_typ'],
      [b2b({ srcform: 'R1\udfff' }), 'b2b', 'b2b[0].srcform'],
      [b2b({ hash: 'ab\ud800cd' }), 'b2b', 'b2b[0].hash'],
      [b2b({ remarks: 'late \ud800' }), 'b2b', 'b2b[0].remarks'],
      [b2b({ srcfilstatus: 'Filed\ud800' }), 'b2b', 'b2b[0].srcfilstatus'],
      [b2b({ extraNote: 'x\ud800' }), 'b2b', 'b2b[0].extraNote'],
      [b2b({ extraList: [{ deep: ['ok', 'bad\udc01'] }] }), 'b2b', 'b2b[0].extraList[0].deep[1]'],
      [b2b({ 'odd\ud800key': 1 }), 'b2b', 'b2b[0].odd\ud800key'],
      [note({ nt_num: 'CN\ud800' }), 'b2bcn', 'b2bcn[0].nt_num'],
      [{ ...b2b({ inum: 'A-2' }), oinum: 'A\ud800', oidt: '01-04-2026' }, 'b2ba', 'b2ba[0].oinum'],
    ];
    for (const [rec, section, path] of cases) {
      const e = badError(() => parse({ [section]: [rec] }));
      expect(e.details.path, path).toBe(path);
      expect(e.details.code, path).toBe('INVALID_UNICODE');
    }
  });

  it('keeps valid text as it is: surrogate pairs, other scripts, control characters', () => {
    const r = one(b2b({ inum: 'बिल/2026/०१', tradenm: 'Acme 😀 Traders', remarks: 'tab\there' }));
    expect(r.docNumber).toBe('बिल/2026/०१');
    expect(r.supplierName).toBe('Acme 😀 Traders');
    expect(r.portalRemark).toBe('tab\there');
  });
});
