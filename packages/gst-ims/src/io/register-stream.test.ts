// A CSV register is read a row at a time (issue 18, decision 0054): the result must be what
// reading the whole grid gives, for rows of one document far apart, copies, bad rows late in the
// file, a month-first file that only says so late, and every encoding.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadInputError } from '../core/index.js';
import { parseCsvText } from './csv-text.js';
import { readRegister, readRegisterSource } from './read-register.js';
import { readSource } from './register-source.js';
import type { Cell } from './register-values.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gst-ims-register-stream-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const HEADER =
  'Voucher No,Supplier GSTIN,Supplier Name,Invoice No,Invoice Date,Taxable Value,IGST,CGST,SGST,Cess,Invoice Value,Narration';
const GSTINS = ['29AAACR5055K1Z3', '27AAACT2727Q1ZW', '24AAACC1206D1ZM'];

/** 300 data rows after two title rows, with what grouping has to see across the whole file. */
function register(date: (n: number) => string): string {
  const lines = ['Purchase Register', 'Café Traders, Pune', HEADER];
  for (let n = 1; n <= 300; n++) {
    const g = GSTINS[n % 3] as string;
    lines.push(
      `V-${n},${g},Supplier ${n % 3} Pvt Ltd,INV-${n},${date(n)},1000.00,180.00,0,0,0,1180.00,${n % 7 === 0 ? `note ${n}` : ''}`,
    );
  }
  // A second rate row of document 10, far below it, and an exact copy of row 5's line.
  lines.push(
    `V-10,${GSTINS[1]},Supplier 1 Pvt Ltd,INV-10,${date(10)},500.00,0,45.00,45.00,0,590.00,`,
  );
  lines.push(lines[3 + 4] as string);
  // A bad row of document 20 (its amount has three decimals): the whole document is left out.
  lines.push(`V-20,${GSTINS[2]},Supplier 2 Pvt Ltd,INV-20,${date(20)},1.005,0,0,0,0,,`);
  lines.push('', 'Grand Total,,,,,,,,,,,', HEADER);
  lines.push(
    `V-301,${GSTINS[0]},Supplier 0 Pvt Ltd,INV-9,${date(9)},-100.00,-18.00,0,0,0,-118.00,`,
  );
  return lines.join('\r\n') + '\r\n';
}

/** The whole file as one grid (blank cells null): the reading before rows were streamed. */
function wholeGrid(text: string): Cell[][] {
  return parseCsvText(text, ',').map((r) => r.map((c) => (c.trim() === '' ? null : c)));
}

const dmy = (n: number): string => `${String((n % 28) + 1).padStart(2, '0')}-10-2026`;
const G = '27AABCU9603R1ZN';

describe('a CSV register read a row at a time', () => {
  it('keeps only its first rows as cells, and reads what the whole grid reads', async () => {
    const text = register(dmy);
    const p = join(dir, 'register.csv');
    await writeFile(p, text);
    const source = await readSource(p);
    expect(source.sheets[0]?.grid.length).toBe(64);

    const streamed = await readRegister(p, { recipientGstin: G });
    const whole = readRegisterSource(
      {
        kind: 'csv',
        sheets: [{ name: 'csv', grid: wholeGrid(text) }],
        encoding: 'utf-8',
        delimiter: ',',
      },
      'register.csv',
      { recipientGstin: G },
    );
    expect(streamed).toEqual(whole);
    // What the file holds, as a person would count it.
    const doc10 = streamed.documents.find((d) => d.ref === 'V-10');
    expect(doc10?.sourceRows).toEqual([13, 304]);
    expect(doc10?.amounts.value).toBe(118000 + 59000);
    expect(streamed.warnings.find((w) => w.code === 'DUPLICATE_ROW')?.rows).toEqual([305]);
    expect(streamed.badRows.map((b) => [b.row, b.code])).toEqual([
      [23, 'DOCUMENT_HAS_BAD_ROW'],
      [306, 'AMOUNT_DECIMALS'],
    ]);
    expect(streamed.documents.find((d) => d.ref === 'V-301')?.docType).toBe('creditNote');
    expect(streamed.counts).toEqual({
      dataRows: 307,
      documents: 300,
      merged: 1,
      duplicates: 1,
      skipped: 2,
      bad: 2,
      blank: 1,
    });
  });

  it('reads the same documents from a UTF-8 file with a BOM, from UTF-16 and from Windows-1252', async () => {
    const text = register(dmy);
    const plain = await readRegister(await put('plain.csv', Buffer.from(text, 'utf8')));
    const variants = [
      [
        'bom.csv',
        Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]),
        'utf-8 (BOM)',
      ],
      [
        'utf16.csv',
        Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf16le')]),
        'utf-16le',
      ],
      ['ansi.csv', iconv.encode(text, 'win1252'), 'windows-1252'],
    ] as const;
    for (const [name, bytes, encoding] of variants) {
      const r = await readRegister(await put(name, bytes));
      expect(r.encoding).toBe(encoding);
      expect({ ...r, file: plain.file, encoding: plain.encoding }).toEqual(plain);
    }
  });

  it('reads every date month first when only rows past the first ones say so', async () => {
    // Day 13 and later show only from row 80 on: the rows before were read day first, and are read again.
    const mdy = (n: number): string =>
      n < 80 ? `10/${String((n % 12) + 1).padStart(2, '0')}/2026` : `10/${(n % 15) + 13}/2026`;
    const text = register(mdy);
    const p = await put('mdy.csv', Buffer.from(text, 'utf8'));
    const streamed = await readRegister(p);
    expect(streamed.warnings[0]?.code).toBe('DATE_ORDER_MDY');
    expect(streamed.documents.find((d) => d.ref === 'V-2')?.docDate).toBe('2026-10-03');
    expect(streamed.documents.find((d) => d.ref === 'V-100')?.docDate).toBe('2026-10-23');
    const whole = readRegisterSource(
      {
        kind: 'csv',
        sheets: [{ name: 'csv', grid: wholeGrid(text) }],
        encoding: 'utf-8',
        delimiter: ',',
      },
      'mdy.csv',
    );
    expect(streamed).toEqual(whole);
  });

  it('refuses a file for a quote never closed far below its first rows, as when it was read whole', async () => {
    // No header row either: the CSV's fault is still the one named.
    const lines = Array.from({ length: 100 }, (_, i) => `a${i},b${i},c${i}`);
    lines.push('"never closed,x,y');
    const p = await put('unclosed.csv', Buffer.from(lines.join('\n') + '\n', 'utf8'));
    const e = await readRegister(p).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(BadInputError);
    expect((e as Error).message).toMatch(
      /cannot read the CSV: row 101: a quoted cell opened there is never closed/,
    );
  });
});

async function put(name: string, bytes: Buffer): Promise<string> {
  const p = join(dir, name);
  await writeFile(p, bytes);
  return p;
}
