import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BadInputError } from '../errors.js';
import { parseOutwardDownload } from './parse-outward-download.js';

const FIXTURES = join(import.meta.dirname, '../../../../../tests/fixtures/outward');
const load = (name: string): unknown =>
  JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as unknown;
const parse = (data: unknown) => parseOutwardDownload(data, { file: 'f.json' });

/** The message of the BadInputError `run` throws. */
function refusal(run: () => unknown): { message: string; code: string | undefined } {
  try {
    run();
  } catch (e) {
    if (e instanceof BadInputError) return { message: e.message, code: e.details.code };
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('parseOutwardDownload: sales with the customers actions (supplier-view.md §3.1)', () => {
  it('reads every section of GSTR-1, with amounts summed over the rate-wise items', () => {
    const p = parse(load('sales-gstr1-112026.json'));
    if (p.kind !== 'sales') throw new Error(p.kind);
    expect(p.supplierGstin).toBe('27AABCU9603R1ZN');
    expect(p.period).toBe('112026');
    expect(p.forms).toEqual(['gstr1']);
    expect(p.warnings).toEqual([]);
    expect(p.documents.map((d) => `${d.section} ${d.docNumber} ${d.action}`)).toEqual([
      'b2b INV-101 accepted',
      'b2b INV-102 rejected',
      'b2b INV-103 pending',
      'b2b INV-201 noAction',
      'b2b INV-202 rejected',
      'b2ba INV-150 accepted',
      'cdnr CN-11 rejected',
      'cdnr DN-5 accepted',
      'cdnra CN-12 rejected',
      'ecomB2b ECO-1 pending',
      'ecomaB2ba ECO-2 accepted',
    ]);
    const byNumber = new Map(p.documents.map((d) => [d.docNumber, d]));
    expect(byNumber.get('INV-202')).toMatchObject({
      customerGstin: '27AAACS1234F1ZS',
      docType: 'invoice',
      docDate: '2026-11-12',
      remarks: null,
      amounts: { value: 354050, taxable: 300050, igst: 0, cgst: 27000, sgst: 27000, cess: 0 },
    });
    expect(byNumber.get('INV-102')?.remarks).toBe('Goods not received');
    expect(byNumber.get('CN-11')).toMatchObject({ docType: 'creditNote', section: 'cdnr' });
    expect(byNumber.get('DN-5')?.docType).toBe('debitNote');
    expect(byNumber.get('CN-12')).toMatchObject({
      originalNumber: 'CN-9',
      originalDate: '2026-10-05',
    });
    expect(byNumber.get('INV-150')).toMatchObject({ originalNumber: 'INV-099' });
    // E-commerce documents are keyed by the recipient (rtin).
    expect(byNumber.get('ECO-1')).toMatchObject({
      customerGstin: '07AAACT2727Q1ZY',
      key: 'gstr1:ecomB2b:07AAACT2727Q1ZY:ECO-1',
    });
    expect(byNumber.get('ECO-2')?.originalNumber).toBe('ECO-0');
  });

  it('unwraps a GSP envelope and reads GSTR-1A; an empty imsactn is no action', () => {
    const p = parse(load('sales-gstr1a-112026-gsp.json'));
    if (p.kind !== 'sales') throw new Error(p.kind);
    expect(p.forms).toEqual(['gstr1a']);
    expect(p.documents).toHaveLength(1);
    expect(p.documents[0]).toMatchObject({
      form: 'gstr1a',
      docNumber: 'INV-202',
      action: 'noAction',
    });
  });

  it('reads imsactn "N" as no action with a warning (the schema lists A, R, P)', () => {
    const data = load('sales-gstr1a-112026-gsp.json') as {
      data: { gstr1a: { b2b: { inv: { imsactn: string }[] }[] } };
    };
    const inv = data.data.gstr1a.b2b[0]?.inv[0];
    if (inv) inv.imsactn = 'N';
    const p = parse(data);
    expect(p.warnings.map((w) => w.code)).toEqual(['UNKNOWN_ACTION_N']);
  });

  it('refuses a bad field naming the file, the record, the document and the field', () => {
    const data = load('sales-gstr1-112026.json') as {
      gstr1: { b2b: { inv: Record<string, unknown>[] }[] };
    };
    const inv = data.gstr1.b2b[1]?.inv[1];
    if (!inv) throw new Error('fixture');
    inv.idt = '2026-11-12';
    expect(refusal(() => parse(data))).toEqual({
      message:
        'f.json: gstr1.b2b[1].inv[1] (document "INV-202"): idt: expected a date DD-MM-YYYY, found "2026-11-12" [BAD_DATE]',
      code: 'BAD_DATE',
    });
    inv.idt = '12-11-2026';
    inv.imsactn = 'X';
    expect(refusal(() => parse(data)).code).toBe('BAD_ACTION');
    inv.imsactn = 'R';
    (inv.itms as { itm_det: Record<string, unknown> }[])[1]!.itm_det.camt = '90,00';
    expect(refusal(() => parse(data)).message).toContain(
      'gstr1.b2b[1].inv[1] (document "INV-202").itms[1].itm_det: camt: expected an amount in rupees with at most 2 decimals, found "90,00" [BAD_AMOUNT]',
    );
  });

  it('refuses a missing customer GSTIN and the same document twice', () => {
    const data = load('sales-gstr1-112026.json') as { gstr1: { b2b: Record<string, unknown>[] } };
    const first = data.gstr1.b2b[0]!;
    const twice = structuredClone(data);
    delete first.ctin;
    expect(refusal(() => parse(data))).toEqual({
      message: 'f.json: gstr1.b2b[0]: ctin: a GSTIN (15 characters) is missing [MISSING_FIELD]',
      code: 'MISSING_FIELD',
    });
    twice.gstr1.b2b.push(structuredClone(twice.gstr1.b2b[0]!));
    expect(refusal(() => parse(twice)).code).toBe('DUPLICATE_DOCUMENT');
  });
});

describe('parseOutwardDownload: added-back liabilities (supplier-view.md §3.2)', () => {
  it('reads the four sections with their own spellings (tradenm, supPrd, form, csamt)', () => {
    const p = parse(load('added-back-112026.json'));
    if (p.kind !== 'addedBack') throw new Error(p.kind);
    expect(p.period).toBe('112026');
    expect(p.records.map((r) => `${r.section} ${r.docNumber} ${r.customerName}`)).toEqual([
      'cdnr CN-11 Rao Traders',
      'b2ba INV-160 Rao Traders',
      'cdnra CN-12 Sharma Steel',
      'ecoma ECO-3 Tiwari Mart',
    ]);
    expect(p.records[3]).toMatchObject({
      customerGstin: '07AAACT2727Q1ZY',
      form: 'gstr1a',
      amounts: { igst: 1825, value: 11825 },
      remarks: 'Rate wrong',
    });
    expect(p.records[1]).toMatchObject({ supplyPeriod: '102026', originalNumber: 'INV-060' });
  });

  it('refuses a record without a required field, or with a form other than R1/R1A', () => {
    const data = load('added-back-112026.json') as {
      rejInvAddBackLiab: { cdnr: Record<string, unknown>[] };
    };
    const cn = data.rejInvAddBackLiab.cdnr[0]!;
    cn.form = 'R2';
    expect(refusal(() => parse(data))).toEqual({
      message:
        'f.json: rejInvAddBackLiab.cdnr[0] (document "CN-11"): form: expected one of "R1", "R1A", found "R2" [BAD_VALUE]',
      code: 'BAD_VALUE',
    });
    cn.form = 'R1';
    delete cn.csamt;
    expect(refusal(() => parse(data)).message).toContain(
      'csamt: an amount in rupees with at most 2 decimals is missing [MISSING_FIELD]',
    );
  });
});

describe('parseOutwardDownload: the empty answer and other files (supplier-view.md §1)', () => {
  it('reads IMS0027 as none, nested under error or flat, bare or wrapped', () => {
    expect(parse(load('added-back-none-ims0027.json'))).toMatchObject({
      kind: 'none',
      code: 'IMS0027',
    });
    expect(parse({ status_cd: '0', error_cd: 'IMS0027', message: 'No added back' }).kind).toBe(
      'none',
    );
    expect(parse({ data: { status_cd: '0', error: { error_cd: 'IMS0027' } } }).kind).toBe('none');
  });

  it('refuses any other error answer instead of reading it as none', () => {
    expect(
      refusal(() =>
        parse({ status_cd: '0', error: { error_cd: 'RET191106', message: 'Invalid GSTIN' } }),
      ),
    ).toEqual({
      message:
        'f.json: this is the portal\'s error answer RET191106 ("Invalid GSTIN"), not a download; nothing was imported [PORTAL_ERROR_ANSWER]',
      code: 'PORTAL_ERROR_ANSWER',
    });
  });

  it('refuses the recipient download and names the command for it', () => {
    const r = refusal(() => parse({ gstin: '27AABCU9603R1ZN', b2b: [] }));
    expect(r.code).toBe('NOT_OUTWARD_DOWNLOAD');
    expect(r.message).toContain('gst-ims import ims');
  });

  it('refuses a period that is not MMYYYY and a GSTIN of the wrong layout', () => {
    expect(
      refusal(() => parse({ gstin: '27AABCU9603R1ZN', rtnprd: '2026-11', gstr1: {} })).code,
    ).toBe('BAD_PERIOD');
    expect(refusal(() => parse({ gstin: 'NOT-A-GSTIN', rtnprd: '112026', gstr1: {} })).code).toBe(
      'BAD_GSTIN',
    );
  });
});
