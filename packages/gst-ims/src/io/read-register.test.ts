import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadInputError, UsageError } from '../core/index.js';
import { readRegister, readRegisterSource } from './read-register.js';
import type { Cell } from './register-values.js';
import { UncomputedFormula } from './register-values.js';

const FIXTURES = join(import.meta.dirname, '../../../../tests/fixtures/register');
const HAKR =
  '/work/shared/fixtures/public/hakrNJN-gst-reconciliation-tool/Purchase Data Sample.xlsx';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gst-ims-register-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, content: string | Buffer): Promise<string> {
  const p = join(dir, name);
  await writeFile(p, content);
  return p;
}

async function xlsx(
  name: string,
  sheets: { name: string; rows: unknown[][]; merges?: string[] }[],
): Promise<string> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    for (const r of s.rows) ws.addRow(r);
    for (const m of s.merges ?? []) ws.mergeCells(m);
  }
  const p = join(dir, name);
  await wb.xlsx.writeFile(p);
  return p;
}

const GENERIC_HEADER =
  'Supplier GSTIN,Supplier Name,Invoice No,Invoice Date,Taxable Value,IGST,CGST,SGST,Cess,Invoice Value';

describe('readRegister: Tally export', () => {
  it('finds the header under title rows, sums rate rows, reads notes and skips totals', async () => {
    const r = await readRegister(join(FIXTURES, 'tally-purchase-register.csv'));
    expect(r.headerRow).toBe(5);
    expect(r.preset).toBe('tally');
    expect(r.mapping).toMatchObject({
      ref: 'Voucher No.',
      supplierName: 'Particulars',
      docNumber: 'Supplier Invoice No.',
      docDate: 'Supplier Invoice Date',
      voucherDate: 'Date',
      docType: 'Voucher Type',
      supplierGstin: 'GSTIN/UIN',
      taxable: 'Taxable Value',
      igst: 'Integrated Tax Amount',
      cgst: 'Central Tax Amount',
      sgst: 'State Tax Amount',
      cess: 'Cess Amount',
      value: 'Gross Total',
      pos: 'Place of Supply',
    });
    expect(r.badRows).toEqual([]);
    expect(
      r.documents.map((d) => [
        d.ref,
        d.docType,
        d.docNumber,
        d.docDate,
        d.amounts.taxable,
        d.amounts.value,
        d.sourceRows,
      ]),
    ).toEqual([
      ['P-101', 'invoice', 'BSC/26-27/0041', '2026-04-01', 10000000, 11800000, [6]],
      ['P-102', 'invoice', 'RP-778', '2026-04-02', 1500000, 1710000, [7, 8]],
      ['DN-7', 'debitNote', 'BSC/DN/12', '2026-04-09', 200000, 236000, [9]],
      ['CN-3', 'creditNote', 'RP-CN-9', '2026-04-11', 50000, 59000, [10]],
      ['P-104', 'invoice', 'KR/0099', '2026-04-20', 2000000, 2360000, [12]],
    ]);
    const p102 = r.documents[1];
    expect(p102?.amounts).toEqual({
      value: 1710000,
      taxable: 1500000,
      igst: 0,
      cgst: 105000,
      sgst: 105000,
      cess: 0,
    });
    expect(p102?.pos).toBe('27');
    expect(p102?.supplierName).toBe('Ravi Packaging');
    expect(p102?.extra).toEqual({ Date: '3-Apr-2026' });
    const codes = r.warnings.map((w) => w.code).sort();
    expect(codes).toEqual(['DATE_FROM_VOUCHER', 'NO_SUPPLIER_GSTIN', 'TOTAL_ROW']);
    expect(r.warnings.find((w) => w.code === 'NO_SUPPLIER_GSTIN')?.rows).toEqual([11]);
    expect(r.warnings.find((w) => w.code === 'TOTAL_ROW')?.rows).toEqual([13]);
    expect(r.skippedRows).toBe(2);
    // Rows 6-13 below the header: five documents, P-102's second rate row summed, two skipped.
    expect(r.counts).toEqual({
      dataRows: 8,
      documents: 5,
      merged: 1,
      duplicates: 0,
      skipped: 2,
      bad: 0,
      blank: 0,
    });
    // The credit note written negative is stored positive without a warning: its type says credit note.
    expect(codes).not.toContain('NEGATIVE_AS_CREDIT_NOTE');
  });
});

describe('readRegister: bad rows', () => {
  it('reports each bad row with its row number, column header and value, and imports the rest', async () => {
    const r = await readRegister(join(FIXTURES, 'bad-rows.csv'));
    expect(r.documents.map((d) => d.docNumber)).toEqual(['INV-1', 'INV-6']);
    expect(r.badRows).toEqual([
      {
        row: 3,
        code: 'GSTIN_LENGTH',
        column: 'Supplier GSTIN',
        value: '24AAACB1234C1Z',
        message: 'GSTIN "24AAACB1234C1Z" has 14 characters, expected 15',
      },
      {
        row: 4,
        code: 'BAD_DATE',
        column: 'Invoice Date',
        value: '31-02-2026',
        message: 'expected a date such as 05-04-2026, 05/04/2026, 05-Apr-26 or 2026-04-05',
      },
      {
        row: 5,
        code: 'BAD_AMOUNT',
        column: 'Taxable Value',
        value: '1O00.00',
        message: 'expected an amount in rupees such as 1,180.00',
      },
      {
        row: 6,
        code: 'NO_DOC_NUMBER',
        column: 'Invoice Number',
        value: '',
        message: 'no document number',
      },
      {
        row: 8,
        code: 'MIXED_SIGNS',
        column: null,
        value: '',
        message: 'the amounts mix positive and negative values',
      },
    ]);
    expect(r.counts).toEqual({
      dataRows: 7,
      documents: 2,
      merged: 0,
      duplicates: 0,
      skipped: 0,
      bad: 5,
      blank: 0,
    });
    expect(r.warnings.find((w) => w.code === 'GSTIN_CHECKSUM')?.rows).toEqual([7]);
  });

  it('--strict refuses the whole file, naming the first bad rows', async () => {
    const err = await readRegister(join(FIXTURES, 'bad-rows.csv'), { strict: true }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(BadInputError);
    const msg = (err as Error).message;
    expect(msg).toContain('5 bad row(s); nothing imported (--strict)');
    expect(msg).toContain('row 3, column "Supplier GSTIN", value "24AAACB1234C1Z"');
    expect(msg).toContain('row 4, column "Invoice Date", value "31-02-2026"');
  });

  it('a bad rate row makes the whole document bad', async () => {
    const p = await file(
      'partial.csv',
      `${GENERIC_HEADER}\n24AAACB1234C1ZL,B,A-1,05-04-2026,1000,180,,,,\n24AAACB1234C1ZL,B,A-1,05-04-2026,x,90,,,,\n24AAACB1234C1ZL,B,A-2,05-04-2026,100,18,,,,\n`,
    );
    const r = await readRegister(p);
    expect(r.documents.map((d) => d.docNumber)).toEqual(['A-2']);
    expect(r.badRows.map((b) => [b.row, b.column])).toEqual([
      [2, null],
      [3, 'Taxable Value'],
    ]);
    expect(r.badRows[0]?.message).toContain('another row of this document is bad (row 3)');
    expect(r.badRows.map((b) => b.code)).toEqual(['DOCUMENT_HAS_BAD_ROW', 'BAD_AMOUNT']);
  });

  it('refuses a file without a recognisable header, showing how it starts', async () => {
    const p = await file('noheader.csv', 'foo,bar,baz\n1,2,3\n');
    await expect(readRegister(p)).rejects.toThrow(
      /found no header row[\s\S]*foo \| bar \| baz[\s\S]*--map/,
    );
  });

  it('names the missing fields when the header lacks a date', async () => {
    const p = await file(
      'nodate.csv',
      'Supplier GSTIN,Invoice No,Taxable Value,IGST\n24AAACB1234C1ZL,A,1,1\n',
    );
    await expect(readRegister(p)).rejects.toThrow(/no column for: document date/);
  });

  it('refuses a register without a taxable-value or tax column, showing the columns it did read', async () => {
    // Once read as 0 taxable value on every row: every document a mismatch, without a word.
    const p = await file(
      'notaxable.csv',
      'Supplier GSTIN,Invoice No,Invoice Date,IGST,Invoice Value,Remarks\n24AAACB1234C1ZL,A,05-04-2026,18,118,x\n',
    );
    const err = await readRegister(p).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BadInputError);
    const msg = (err as Error).message;
    expect(msg).toContain('has no column for: taxable value (taxable); nothing imported');
    expect(msg).toContain('supplierGstin <- "Supplier GSTIN"');
    expect(msg).toContain('igst <- "IGST"');
    expect(msg).toContain('value <- "Invoice Value"');
    expect(msg).toContain('Other headers: Remarks.');
    expect(msg).toContain('--map "Header=field"');
    const noTax = await file(
      'notax.csv',
      'Supplier GSTIN,Invoice No,Invoice Date,Taxable Value,Invoice Value\n24AAACB1234C1ZL,A,05-04-2026,100,118\n',
    );
    await expect(readRegister(noTax)).rejects.toThrow(
      /no column for: a tax column: IGST, CGST or SGST/,
    );
    // A column named with --map fills the gap.
    const odd = await file(
      'odd-taxable.csv',
      'Supplier GSTIN,Invoice No,Invoice Date,Net Amt,IGST\n24AAACB1234C1ZL,A,05-04-2026,100,18\n',
    );
    await expect(readRegister(odd)).rejects.toThrow(/no column for: taxable value/);
    const r = await readRegister(odd, { map: { 'Net Amt': 'taxable' } });
    expect(r.documents.map((d) => d.amounts.taxable)).toEqual([10000]);
  });

  it('a formula cell saved without its value is a bad row (FORMULA_WITHOUT_VALUE), never 0', () => {
    const header = [
      'Supplier GSTIN',
      'Invoice No',
      'Invoice Date',
      'Taxable Value',
      'IGST',
      'Invoice Value',
    ];
    const grid: Cell[][] = [
      header,
      [
        '24AAACB1234C1ZL',
        'A-1',
        '05-04-2026',
        1000,
        new UncomputedFormula('D2*18%'),
        new UncomputedFormula('D2+E2'),
      ],
      ['24AAACB1234C1ZL', 'A-2', '05-04-2026', 1000, 180, 1180],
      ['24AAACB1234C1ZL', new UncomputedFormula('"A-"&ROW()'), '05-04-2026', 1000, 180, 1180],
    ];
    const r = readRegisterSource(
      { kind: 'xlsx', sheets: [{ name: 'Sheet1', grid }], encoding: null, delimiter: null },
      'f.xlsx',
    );
    expect(r.documents.map((d) => d.docNumber)).toEqual(['A-2']);
    // One problem per formula cell, and no second one for what it left unread (no document number).
    expect(r.badRows.map((b) => [b.row, b.code, b.column, b.value])).toEqual([
      [2, 'FORMULA_WITHOUT_VALUE', 'IGST', '=D2*18%'],
      [2, 'FORMULA_WITHOUT_VALUE', 'Invoice Value', '=D2+E2'],
      [4, 'FORMULA_WITHOUT_VALUE', 'Invoice No', '="A-"&ROW()'],
    ]);
    expect(r.badRows[0]?.message).toContain('save it again');
    expect(r.counts).toEqual({
      dataRows: 3,
      documents: 1,
      merged: 0,
      duplicates: 0,
      skipped: 0,
      bad: 2,
      blank: 0,
    });
  });

  it('refuses amounts with more than two decimals, as the IMS import does', async () => {
    const p = await file(
      'decimals.csv',
      [
        GENERIC_HEADER,
        '24AAACB1234C1ZL,B,A-1,05-04-2026,1000.005,180.00,,,,1180.01',
        '24AAACB1234C1ZL,B,A-2,05-04-2026,1000.500,180.00,,,,1180.50',
      ].join('\n'),
    );
    const r = await readRegister(p);
    expect(r.documents.map((d) => [d.docNumber, d.amounts.taxable])).toEqual([['A-2', 100050]]);
    expect(r.badRows).toEqual([
      {
        row: 2,
        code: 'AMOUNT_DECIMALS',
        column: 'Taxable Value',
        value: '1000.005',
        message: 'expected an amount in rupees with at most 2 decimals',
      },
    ]);
  });

  it('warns of rows identical in every cell and counts such a document once', async () => {
    const row = '24AAACB1234C1ZL,B,A-1,05-04-2026,1000.00,180.00,,,,1180.00';
    const p = await file(
      'dup.csv',
      [
        GENERIC_HEADER,
        row,
        '24AAACB1234C1ZL,B,A-1,05-04-2026,500.00,90.00,,,,590.00',
        row,
        '',
        row,
        '24AAACB1234C1ZL,B,A-2,05-04-2026,10,1.8,,,,11.8',
      ].join('\r\n'),
    );
    const r = await readRegister(p);
    expect(r.documents.map((d) => [d.docNumber, d.amounts.taxable, d.sourceRows])).toEqual([
      ['A-1', 150000, [2, 3]],
      ['A-2', 1000, [7]],
    ]);
    const w = r.warnings.find((x) => x.code === 'DUPLICATE_ROW');
    expect(w?.rows).toEqual([4, 6]);
    expect(w?.message).toContain('each left out, its document counted once');
    expect(r.counts).toEqual({
      dataRows: 6,
      documents: 2,
      merged: 1,
      duplicates: 2,
      skipped: 0,
      bad: 0,
      blank: 1,
    });
  });

  it('spots a copy that comes right after its row, blank cells at the end aside', async () => {
    // The first row of a document is remembered by its cells until a second row comes.
    const row = '24AAACB1234C1ZL,B,A-1,05-04-2026,1000.00,180.00,,,,1180.00';
    const p = await file('dup2.csv', [GENERIC_HEADER, row, `${row},,`, row].join('\n'));
    const r = await readRegister(p);
    expect(r.documents.map((d) => [d.docNumber, d.amounts.taxable, d.sourceRows])).toEqual([
      ['A-1', 100000, [2]],
    ]);
    expect(r.warnings.find((x) => x.code === 'DUPLICATE_ROW')?.rows).toEqual([3, 4]);
    expect(r.counts).toMatchObject({ dataRows: 3, documents: 1, merged: 0, duplicates: 2 });
  });

  it('a copy of a row of a bad document is listed as bad, not as a duplicate', async () => {
    const row = '24AAACB1234C1ZL,B,A-1,05-04-2026,1000.00,180.00,,,,1180.00';
    const p = await file(
      'dupbad.csv',
      [GENERIC_HEADER, row, row, '24AAACB1234C1ZL,B,A-1,05-04-2026,x,1,,,,1'].join('\n'),
    );
    const r = await readRegister(p);
    expect(r.documents).toEqual([]);
    expect(r.badRows.map((b) => [b.row, b.code])).toEqual([
      [2, 'DOCUMENT_HAS_BAD_ROW'],
      [3, 'DOCUMENT_HAS_BAD_ROW'],
      [4, 'BAD_AMOUNT'],
    ]);
    expect(r.warnings.map((x) => x.code)).not.toContain('DUPLICATE_ROW');
    expect(r.counts).toMatchObject({ dataRows: 3, bad: 3, duplicates: 0 });
  });

  it('imports every row of a file whose line endings change half way (CRLF rows, then LF rows)', async () => {
    // 40 documents; once 20 imported, one reported bad and 19 silently gone.
    const rows = Array.from(
      { length: 40 },
      (_, i) => `24AAACB1234C1ZL,Bharat,INV-${i + 1},05-04-2026,100.00,18.00,,,,118.00`,
    );
    const p = await file(
      'mixed-endings.csv',
      GENERIC_HEADER +
        '\r\n' +
        rows.slice(0, 20).join('\r\n') +
        '\r\n' +
        rows.slice(20).join('\n') +
        '\n',
    );
    const r = await readRegister(p);
    expect(r.documents).toHaveLength(40);
    expect(r.badRows).toEqual([]);
    const c = r.counts;
    expect(c.dataRows).toBe(40);
    expect(c.documents + c.merged + c.duplicates + c.skipped + c.bad + c.blank).toBe(40);
  });

  it('refuses old .xls files and damaged workbooks in words', async () => {
    const xls = await file(
      'old.xls',
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]),
    );
    await expect(readRegister(xls)).rejects.toThrow(/old Excel .xls workbook/);
    const fake = await file('fake.xlsx', 'not a zip');
    await expect(readRegister(fake)).rejects.toThrow(/not an Excel workbook/);
    await expect(readRegister(join(dir, 'absent.csv'))).rejects.toThrow(
      /cannot read the file \(ENOENT\)/,
    );
    const empty = await file('empty.csv', '');
    await expect(readRegister(empty)).rejects.toThrow(/empty/);
  });
});

describe('readRegister: documents', () => {
  it('sums rows of one document, taking a value repeated on every rate row once', async () => {
    const p = await file(
      'multirate.csv',
      [
        GENERIC_HEADER,
        '24AAACB1234C1ZL,Bharat,A-1,05-04-2026,1000.00,180.00,,,,1300.00',
        '24AAACB1234C1ZL,Bharat,A-1,05-04-2026,100.00,12.00,,,,1300.00',
        '24AAACB1234C1ZL,Bharat,A-2,05-04-2026,1000.00,180.00,,,,1180.00',
        '24AAACB1234C1ZL,Bharat,A-2,05-04-2026,100.00,12.00,,,,112.00',
        '24AAACB1234C1ZL,Bharat,A-3,05-04-2026,100.00,18.00,,,,',
      ].join('\n'),
    );
    const r = await readRegister(p);
    expect(
      r.documents.map((d) => [
        d.docNumber,
        d.amounts.taxable,
        d.amounts.igst,
        d.amounts.value,
        d.sourceRows,
      ]),
    ).toEqual([
      ['A-1', 110000, 19200, 130000, [2, 3]],
      ['A-2', 110000, 19200, 129200, [4, 5]],
      ['A-3', 10000, 1800, 11800, [6]],
    ]);
    expect(r.documents.map((d) => d.ref)).toEqual(['row 2', 'row 4', 'row 6']);
  });

  it('reads negative invoices as credit notes (with a warning), and keeps notes apart from invoices', async () => {
    const p = await file(
      'negatives.csv',
      [
        'Supplier GSTIN,Invoice No,Invoice Date,Document Type,Taxable Value,IGST,Invoice Value',
        '24AAACB1234C1ZL,N-1,05-04-2026,Invoice,-1000,-180,-1180',
        '24AAACB1234C1ZL,N-2,05-04-2026,Credit Note,-1000,-180,-1180',
        '24AAACB1234C1ZL,N-3,05-04-2026,Credit Note,1000,180,1180',
        '24AAACB1234C1ZL,N-3,05-04-2026,Invoice,1000,180,1180',
      ].join('\n'),
    );
    const r = await readRegister(p);
    expect(r.documents.map((d) => [d.docNumber, d.docType, d.amounts.value])).toEqual([
      ['N-1', 'creditNote', 118000],
      ['N-2', 'creditNote', 118000],
      ['N-3', 'creditNote', 118000],
      ['N-3', 'invoice', 118000],
    ]);
    expect(r.warnings.find((w) => w.code === 'NEGATIVE_AS_CREDIT_NOTE')?.rows).toEqual([2]);
  });

  it('recognises CDNR with CREDIT/DEBIT in two columns, and refuses a note that says neither', async () => {
    const p = await file(
      'cdnr.csv',
      [
        'Supplier GSTIN,Invoice Number,Invoice Date,Taxable Amount,IGST AMOUNT,Document Mode,Document Type',
        '24AAACB1234C1ZL,C-1,05-04-2026,100,18,CDNR,CREDIT',
        '24AAACB1234C1ZL,D-1,05-04-2026,100,18,CDNR,DEBIT',
        '24AAACB1234C1ZL,I-1,05-04-2026,100,18,B2B,',
        '24AAACB1234C1ZL,X-1,05-04-2026,100,18,CDNR,',
      ].join('\n'),
    );
    const r = await readRegister(p);
    expect(r.documents.map((d) => [d.docNumber, d.docType])).toEqual([
      ['C-1', 'creditNote'],
      ['D-1', 'debitNote'],
      ['I-1', 'invoice'],
    ]);
    expect(r.badRows).toEqual([
      {
        row: 5,
        code: 'NOTE_TYPE_UNKNOWN',
        column: 'Document Mode',
        value: 'CDNR',
        message: 'names a note without saying credit or debit',
      },
    ]);
  });

  it('makes refs unique: the voucher column, else "row N"; a voucher used twice gets #2', async () => {
    const p = await file(
      'refs.csv',
      [
        'Vch No,Supplier GSTIN,Invoice No,Invoice Date,Taxable Value,IGST',
        'V1,24AAACB1234C1ZL,A,05-04-2026,1,1',
        'V1,24AAACB1234C1ZL,B,05-04-2026,1,1',
        ',24AAACB1234C1ZL,C,05-04-2026,1,1',
        'V2,24AAACB1234C1ZL,A,05-04-2026,1,1',
      ].join('\n'),
    );
    const r = await readRegister(p);
    expect(r.documents.map((d) => [d.ref, d.docNumber])).toEqual([
      ['V1', 'A'],
      ['V1#2', 'B'],
      ['row 4', 'C'],
      ['V2', 'A'],
    ]);
    expect(r.warnings.find((w) => w.code === 'DUPLICATE_IN_REGISTER')?.rows).toEqual([5]);
  });

  it('skips rows of another recipient GSTIN when the file names it', async () => {
    const p = await file(
      'multi-gstin.csv',
      [
        'Company GSTIN,Supplier GSTIN,Invoice No,Invoice Date,Taxable Value,IGST',
        '27AABCU9603R1ZN,24AAACB1234C1ZL,A,05-04-2026,1,1',
        '29AAACR5055K1Z3,24AAACB1234C1ZL,B,05-04-2026,1,1',
      ].join('\n'),
    );
    const r = await readRegister(p, { recipientGstin: '27AABCU9603R1ZN' });
    expect(r.documents.map((d) => d.docNumber)).toEqual(['A']);
    expect(r.mapping.recipientGstin).toBe('Company GSTIN');
    expect(r.warnings.map((w) => w.code)).toEqual(['OTHER_RECIPIENT']);
  });

  it('reads goods-receipt dates and month-first date columns', async () => {
    const p = await file(
      'grn.csv',
      [
        'Supplier GSTIN,Invoice No,Invoice Date,GRN Date,Taxable Value,IGST',
        '24AAACB1234C1ZL,A,04/25/2026,05/02/2026,1,1',
        '24AAACB1234C1ZL,B,04/05/2026,,1,1',
      ].join('\n'),
    );
    const r = await readRegister(p);
    expect(r.documents.map((d) => [d.docNumber, d.docDate, d.receivedDate])).toEqual([
      ['A', '2026-04-25', '2026-05-02'],
      ['B', '2026-04-05', null],
    ]);
    expect(r.warnings.map((w) => w.code)).toEqual(['DATE_ORDER_MDY']);
  });
});

describe('readRegister: delimiters and encodings', () => {
  it('reads semicolon CSV in Windows-1252', async () => {
    const lines = [
      'Supplier GSTIN;Supplier Name;Invoice No;Invoice Date;Taxable Value;IGST',
      '24AAACB1234C1ZL;Café Ünique;A/1;05.04.2026;"1,234.00";0',
    ];
    const p = await file('win1252.csv', iconv.encode(lines.join('\r\n'), 'win1252'));
    const r = await readRegister(p);
    expect(r.encoding).toBe('windows-1252');
    expect(r.delimiter).toBe(';');
    expect(r.documents[0]?.supplierName).toBe('Café Ünique');
    expect(r.documents[0]?.amounts.taxable).toBe(123400);
  });
  it.each([
    ['utf16le', 'utf-16le'],
    ['utf16be', 'utf-16be'],
  ] as const)('reads tab-separated %s with a BOM', async (enc, label) => {
    const text = [
      'Supplier GSTIN\tSupplier Name\tInvoice No\tInvoice Date\tTaxable Value\tIGST',
      '24AAACB1234C1ZL\t₹ Traders\tA-1\t05-Apr-26\t₹ 1,180.00\t0',
    ].join('\n');
    const bom = enc === 'utf16le' ? Buffer.from([0xff, 0xfe]) : Buffer.from([0xfe, 0xff]);
    const p = await file(`u16-${enc}.csv`, Buffer.concat([bom, iconv.encode(text, enc)]));
    const r = await readRegister(p);
    expect(r.encoding).toBe(label);
    expect(r.delimiter).toBe('\t');
    expect(r.documents[0]).toMatchObject({
      supplierName: '₹ Traders',
      docDate: '2026-04-05',
      amounts: { taxable: 118000 },
    });
  });
  it('reads pipe-separated UTF-8 with a BOM', async () => {
    const p = await file(
      'pipe.csv',
      `\ufeffSupplier GSTIN|Invoice No|Invoice Date|Taxable Value|IGST\n24AAACB1234C1ZL|A-1|2026-04-05|"1,00,000"|18000\n`,
    );
    const r = await readRegister(p);
    expect(r.delimiter).toBe('|');
    expect(r.mapping.supplierGstin).toBe('Supplier GSTIN');
    expect(r.documents[0]?.amounts).toMatchObject({
      taxable: 10000000,
      igst: 1800000,
      value: 11800000,
    });
  });
});

describe('readRegister: presets and --map', () => {
  it('reads a GSTR-2B-style sheet with a two-row merged header', async () => {
    const p = await xlsx('2b.xlsx', [
      { name: 'Read me', rows: [['Goods and Services Tax - GSTR-2B']] },
      {
        name: 'B2B',
        rows: [
          ['Taxpayer details'],
          [],
          [
            'GSTIN of supplier',
            'Trade/Legal name',
            'Invoice details',
            null,
            null,
            null,
            'Place of supply',
            'Supply Attract Reverse Charge',
            'Rate(%)',
            'Taxable Value (₹)',
            'Tax Amount',
            null,
            null,
            null,
          ],
          [
            null,
            null,
            'Invoice number',
            'Invoice type',
            'Invoice Date',
            'Invoice Value(₹)',
            null,
            null,
            null,
            null,
            'Integrated Tax(₹)',
            'Central Tax(₹)',
            'State/UT Tax(₹)',
            'Cess(₹)',
          ],
          [
            '29AAACR5055K1Z3',
            'Karnataka Rubber',
            'KR/0099',
            'Regular',
            '20-04-2026',
            23600,
            '27-Maharashtra',
            'No',
            18,
            20000,
            3600,
            0,
            0,
            0,
          ],
          [
            '07AAACT2727Q1ZY',
            'Delhi Tools',
            'DT-1',
            'Regular',
            '21-04-2026',
            1300,
            '27-Maharashtra',
            'No',
            18,
            1000,
            180,
            0,
            0,
            0,
          ],
          [
            '07AAACT2727Q1ZY',
            'Delhi Tools',
            'DT-1',
            'Regular',
            '21-04-2026',
            1300,
            '27-Maharashtra',
            'No',
            12,
            100,
            12,
            0,
            0,
            0,
          ],
        ],
        merges: ['A3:A4', 'B3:B4', 'C3:F3', 'G3:G4', 'H3:H4', 'I3:I4', 'J3:J4', 'K3:N3'],
      },
    ]);
    const r = await readRegister(p);
    expect(r.sheet).toBe('B2B');
    expect(r.headerRow).toBe(4);
    expect(r.preset).toBe('gstr2b');
    expect(r.mapping).toMatchObject({
      supplierGstin: 'GSTIN of supplier',
      supplierName: 'Trade/Legal name',
      docNumber: 'Invoice number',
      docType: 'Invoice type',
      docDate: 'Invoice Date',
      value: 'Invoice Value(₹)',
      pos: 'Place of supply',
      taxable: 'Taxable Value (₹)',
      igst: 'Integrated Tax(₹)',
      cgst: 'Central Tax(₹)',
      sgst: 'State/UT Tax(₹)',
      cess: 'Cess(₹)',
    });
    expect(r.mapping).not.toHaveProperty('value', 'Rate(%)');
    expect(
      r.documents.map((d) => [d.docNumber, d.amounts.taxable, d.amounts.igst, d.amounts.value]),
    ).toEqual([
      ['KR/0099', 2000000, 360000, 2360000],
      ['DT-1', 110000, 19200, 130000],
    ]);
  });

  it('reads .xlsx date cells, numbers and formulas', async () => {
    const p = await xlsx('cells.xlsx', [
      {
        name: 'Sheet1',
        rows: [
          ['Purchase register', null, null],
          ['Voucher', 'GSTIN', 'Bill No', 'Bill Date', 'Assessable Value', 'CGST', 'SGST', 'Total'],
          [
            'J-1',
            '27AABCU9603R1ZN',
            1234,
            new Date(Date.UTC(2026, 3, 5)),
            1000.1,
            90,
            90,
            { formula: 'E3+F3+G3', result: 1180.1 },
          ],
          ['J-2', '27AABCU9603R1ZN', 'X-9', 46117, 10, 0.9, 0.9, 11.8],
        ],
      },
    ]);
    const r = await readRegister(p);
    expect(r.headerRow).toBe(2);
    expect(
      r.documents.map((d) => [d.ref, d.docNumber, d.docDate, d.amounts.taxable, d.amounts.value]),
    ).toEqual([
      ['J-1', '1234', '2026-04-05', 100010, 118010],
      ['J-2', 'X-9', '2026-04-05', 1000, 1180],
    ]);
  });

  it('a formula saved without its value in an .xlsx register is a bad row, never 0', async () => {
    const p = await xlsx('uncomputed.xlsx', [
      {
        name: 'Sheet1',
        rows: [
          [
            'Supplier GSTIN',
            'Invoice No',
            'Invoice Date',
            'Taxable Value',
            'IGST',
            'Invoice Value',
          ],
          ['24AAACB1234C1ZL', 'A-1', '05-04-2026', 1000, { formula: 'D2*18%' }, 1180],
          ['24AAACB1234C1ZL', 'A-2', '05-04-2026', 1000, { formula: 'D3*18%', result: 180 }, 1180],
        ],
      },
    ]);
    const r = await readRegister(p);
    expect(r.documents.map((d) => [d.docNumber, d.amounts.igst])).toEqual([['A-2', 18000]]);
    expect(r.badRows.map((b) => [b.row, b.code, b.column, b.value])).toEqual([
      [2, 'FORMULA_WITHOUT_VALUE', 'IGST', '=D2*18%'],
    ]);
  });

  it('--map names columns the synonyms do not know, and can ignore one', async () => {
    const p = await file(
      'odd.csv',
      [
        'Vendor Code,Bill Ref,Dt,Basic,Tax I,Tax C,Tax S,Memo',
        '24AAACB1234C1ZL,Z-1,05-04-2026,100,18,0,0,hello',
      ].join('\n'),
    );
    await expect(readRegister(p)).rejects.toThrow(BadInputError);
    const r = await readRegister(p, {
      map: {
        'Vendor Code': 'supplierGstin',
        'Bill Ref': 'docNumber',
        Dt: 'docDate',
        Basic: 'taxable',
        'Tax I': 'igst',
        'tax c': 'cgst',
        'Tax S': 'sgst',
      },
    });
    expect(r.documents[0]).toMatchObject({
      supplierGstin: '24AAACB1234C1ZL',
      docNumber: 'Z-1',
      amounts: { taxable: 10000, igst: 1800 },
      extra: { Memo: 'hello' },
    });
    expect(r.saved.map).toMatchObject({ 'Vendor Code': 'supplierGstin' });
    // The saved overrides read the next file of the same layout without --map.
    const again = await readRegister(p, { savedMapping: r.saved });
    expect(again.documents).toHaveLength(1);
    // A generic header mapped elsewhere, and a column ignored.
    const q = await file(
      'override.csv',
      [GENERIC_HEADER, '24AAACB1234C1ZL,B,A-1,05-04-2026,100,18,,,,999'].join('\n'),
    );
    const r2 = await readRegister(q, { map: { 'Invoice Value': 'ignore' } });
    expect(r2.mapping.value).toBeUndefined();
    expect(r2.documents[0]?.amounts.value).toBe(11800);
  });

  it('--map and --preset errors are usage errors', async () => {
    const p = await file(
      'g.csv',
      [GENERIC_HEADER, '24AAACB1234C1ZL,B,A-1,05-04-2026,100,18,,,,'].join('\n'),
    );
    await expect(readRegister(p, { map: { Nope: 'docNumber' } })).rejects.toThrow(UsageError);
    await expect(readRegister(p, { map: { 'Invoice No': 'colour' } })).rejects.toThrow(
      /unknown field "colour"/,
    );
    await expect(readRegister(p, { preset: 'marg' })).rejects.toThrow(/unknown preset "marg"/);
  });

  it('the tally preset reads "Reference No." as the supplier invoice number', async () => {
    const p = await file(
      'tally-erp9.csv',
      [
        'Date,Particulars,Voucher Type,Voucher No.,Reference No.,GSTIN/UIN,Taxable Value,Integrated Tax Amount',
        '2-Apr-2026,Bharat,Purchase,P-1,BSC-9,24AAACB1234C1ZL,100,18',
      ].join('\n'),
    );
    const r = await readRegister(p, { preset: 'tally' });
    expect(r.mapping).toMatchObject({
      docNumber: 'Reference No.',
      voucherDate: 'Date',
      ref: 'Voucher No.',
    });
    expect(r.documents[0]).toMatchObject({ docNumber: 'BSC-9', docDate: '2026-04-02' });
  });
});

describe('readRegister: an outside example', () => {
  it.skipIf(!existsSync(HAKR))(
    'maps the header of hakrNJN/gst-reconciliation-tool "Purchase Data Sample.xlsx" and skips its description row',
    async () => {
      const r = await readRegister(HAKR);
      expect(r.headerRow).toBe(1);
      expect(r.mapping).toMatchObject({
        supplierGstin: 'Supplier GSTIN',
        docNumber: 'Invoice Number',
        docDate: 'Invoice Date',
        taxable: 'Taxable Amount',
        igst: 'IGST AMOUNT',
        cgst: 'CGST AMOUNT',
        sgst: 'SGST AMOUNT',
        supplierName: 'Supplier Name',
        value: 'Invoice Amount',
        ref: 'Vno',
        docMode: 'Document Mode',
        docType: 'Document Type',
      });
      expect(r.badRows).toEqual([]);
      expect(r.documents).toEqual([]);
      expect(r.warnings.map((w) => w.code)).toEqual(['DESCRIPTION_ROW']);
    },
  );
  if (!existsSync(HAKR)) console.warn(`SKIPPED: outside example not found at ${HAKR}`);
});

describe('readRegister: real books layouts and purchases outside IMS (issue 13)', () => {
  const docsOf = (r: Awaited<ReturnType<typeof readRegister>>) =>
    r.documents.map((d) => [
      d.ref,
      d.supplierGstin,
      d.docNumber,
      d.docDate,
      d.amounts.taxable,
      d.outsideIms ?? null,
      d.paymentDate ?? null,
    ]);

  it('names the Busy layout by its headers: party invoice number and date, RCM column', async () => {
    const r = await readRegister(join(FIXTURES, 'busy-purchase-register.csv'));
    expect(r.preset).toBe('busy');
    expect(r.mapping).toMatchObject({
      ref: 'Vch/Bill No',
      docNumber: 'Party Inv No.',
      docDate: 'Party Inv Date',
      voucherDate: 'Date',
      reverseCharge: 'RCM',
      taxable: 'Taxable Amt.',
    });
    expect(r.badRows).toEqual([]);
    expect(docsOf(r)).toEqual([
      ['B-201', '27AAACS1234F1ZS', 'INV/2026-27/0001', '2026-10-03', 1000000, null, null],
      ['B-202', '07AAACT2727Q1ZY', 'ECO-501', '2026-10-12', 100000, null, null],
      ['B-203', '27AABCK5678M1ZW', 'LR-5521', '2026-10-17', 2500000, 'reverseCharge', null],
    ]);
    expect(r.counts).toMatchObject({ documents: 3, merged: 1 });
  });

  it('names the Zoho Books bill export: ISO dates, reverse charge true/false, unregistered vendor, last payment date', async () => {
    const r = await readRegister(join(FIXTURES, 'zoho-books-bills.csv'));
    expect(r.preset).toBe('zoho');
    expect(r.mapping).toMatchObject({
      ref: 'Bill ID',
      docNumber: 'Bill Number',
      supplierGstin: 'GST Identification Number (GSTIN)',
      reverseCharge: 'Is Reverse Charge Applied',
      paymentDate: 'Last Payment Date',
      taxable: 'SubTotal',
    });
    expect(docsOf(r)).toEqual([
      [
        '460000000012001',
        '27AAACS1234F1ZS',
        'INV/2026-27/0001',
        '2026-10-03',
        1000000,
        null,
        '2026-10-28',
      ],
      ['460000000012002', '29AAACR5055K1Z3', '0004513', '2026-10-20', 10050000, null, null],
      [
        '460000000012003',
        '27AAACM4567K1Z5',
        'LEGAL/77',
        '2026-10-21',
        5000000,
        'reverseCharge',
        '2026-11-02',
      ],
      ['460000000012004', '', 'R-19', '2026-10-22', 120000, 'unregistered', '2026-10-22'],
    ]);
    expect(r.warnings.find((w) => w.code === 'UNREGISTERED_SUPPLIER')?.rows).toEqual([5]);
  });

  it('names the SAP MIRO/MIGO layout: Reference is the supplier number, GRN date, clearing date, RCM flag X', async () => {
    const r = await readRegister(join(FIXTURES, 'sap-miro-register.csv'));
    expect(r.preset).toBe('sap');
    expect(r.mapping).toMatchObject({
      ref: 'Document Number',
      docNumber: 'Reference',
      docDate: 'Document Date',
      voucherDate: 'Posting Date',
      receivedDate: 'GRN Date',
      paymentDate: 'Clearing Date',
      reverseCharge: 'RCM Indicator',
    });
    expect(r.badRows).toEqual([]);
    expect(docsOf(r)).toEqual([
      [
        '5105600101',
        '27AAACS1234F1ZS',
        'INV/2026-27/0001',
        '2026-10-03',
        1000000,
        null,
        '2026-10-30',
      ],
      ['5105600102', '29AAACR5055K1Z3', '0004512', '2026-10-15', 2000000, null, null],
      ['5105600103', '27AACCG1122H1Z3', 'SEC-881', '2026-10-20', 4000000, 'reverseCharge', null],
    ]);
    expect(r.documents[1]?.receivedDate).toBe('2026-11-02');
  });

  it('reads reverse charge, imports (no GSTIN), ISD and unregistered purchases as outside IMS; a cash purchase without number is skipped', async () => {
    const r = await readRegister(join(FIXTURES, 'outside-ims.csv'));
    expect(r.badRows).toEqual([]);
    expect(r.documents.map((d) => [d.ref, d.outsideIms ?? null])).toEqual([
      ['V1', null],
      ['V2', 'reverseCharge'],
      ['V3', 'import'],
      ['V4', 'isd'],
      ['V5', 'unregistered'],
    ]);
    expect(r.warnings.find((w) => w.code === 'NO_SUPPLIER_GSTIN')?.rows).toEqual([7]);
    expect(r.counts).toEqual({
      dataRows: 6,
      documents: 5,
      merged: 0,
      duplicates: 0,
      skipped: 1,
      bad: 0,
      blank: 0,
    });
  });

  it('refuses a reverse-charge value it cannot read, naming row, column and value', async () => {
    const p = join(await mkdtemp(join(tmpdir(), 'gst-ims-rcm-')), 'r.csv');
    await writeFile(
      p,
      'Supplier GSTIN,Invoice No,Invoice Date,Taxable Value,IGST,RCM\n27AAACS1234F1ZS,A-1,03-10-2026,100,18,maybe\n',
    );
    const r = await readRegister(p);
    expect(r.badRows).toEqual([
      expect.objectContaining({
        row: 2,
        code: 'BAD_REVERSE_CHARGE',
        column: 'RCM',
        value: 'maybe',
      }),
    ]);
  });
});
