// The bounded-memory xlsx reader: its limits (rows, cells, uncompressed XML declared and actual)
// on hostile workbooks generated small, the limits' sources (options, environment), dates by
// cell style, and the register reader's use of it.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BadInputError, UsageError } from '../core/index.js';
import type { XlsxLimits, XlsxRow } from './open-xlsx.js';
import { DEFAULT_XLSX_LIMITS, openXlsx, parseLimit, xlsxLimits } from './open-xlsx.js';
import { readSource } from './register-source.js';
import { UncomputedFormula } from './register-values.js';

interface Part {
  readonly text: string | Buffer;
  /** The uncompressed size written in the ZIP directory, when it should lie. */
  readonly declared?: number;
}

/** A minimal ZIP writer (deflate); a part may declare an uncompressed size of its choosing. */
function zip(files: Readonly<Record<string, string | Part>>): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const part: Part = typeof content === 'string' ? { text: content } : content;
    const raw = typeof part.text === 'string' ? Buffer.from(part.text, 'utf8') : part.text;
    const data = deflateRawSync(raw);
    const size = part.declared ?? raw.length;
    const n = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(n.length, 26);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(8, 10);
    c.writeUInt32LE(data.length, 20);
    c.writeUInt32LE(size, 24);
    c.writeUInt16LE(n.length, 28);
    c.writeUInt32LE(offset, 42);
    parts.push(local, n, data);
    central.push(c, n);
    offset += 30 + n.length + data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cd, end]);
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';

/** A one-sheet workbook ("Purchases") whose sheet XML is given (or a part describing it). */
function book(sheet: string | Part, extra: Readonly<Record<string, string>> = {}): Buffer {
  return zip({
    '[Content_Types].xml': '<Types/>',
    'xl/workbook.xml': `<workbook ${NS} xmlns:r="r"><workbookPr/><sheets><sheet name="Purchases" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels':
      '<Relationships><Relationship Id="rId1" Type="http://x/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>',
    'xl/worksheets/sheet1.xml': sheet,
    ...extra,
  });
}

/** Sheet XML of `rows` rows of `cols` numeric cells, built as one string. */
function sheetXml(rows: number, cols: number): string {
  const out: string[] = [`<worksheet ${NS}><sheetData>`];
  for (let r = 1; r <= rows; r++) {
    let cells = '';
    for (let c = 0; c < cols; c++)
      cells += `<c r="${String.fromCharCode(65 + c)}${r}"><v>${r}</v></c>`;
    out.push(`<row r="${r}">${cells}</row>`);
  }
  out.push('</sheetData></worksheet>');
  return out.join('');
}

const dir = mkdtempSync(join(tmpdir(), 'gst-ims-open-xlsx-'));
const write = (name: string, content: Buffer): string => {
  const f = join(dir, name);
  writeFileSync(f, content);
  return f;
};

const bad = (why: string): BadInputError => new BadInputError(`test: ${why}`);

/** Reads every row of every sheet; the error thrown, if any. */
async function readAll(file: string, limits: Partial<XlsxLimits>): Promise<XlsxRow[]> {
  const x = await openXlsx(file, { bad, limits });
  try {
    const rows: XlsxRow[] = [];
    for (const s of x.sheets) for await (const r of x.rows(s)) rows.push(r);
    return rows;
  } finally {
    await x.close();
  }
}

const failure = async (p: Promise<unknown>): Promise<BadInputError> => {
  const e: unknown = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(BadInputError);
  return e as BadInputError;
};

describe('openXlsx limits', () => {
  it('reads a workbook inside the limits, row by row', async () => {
    const f = write('fine.xlsx', book(sheetXml(50, 4)));
    const rows = await readAll(f, { maxRows: 50, maxCells: 200 });
    expect(rows).toHaveLength(50);
    expect(rows[49]?.row).toBe(50);
    expect([...(rows[49]?.values ?? [])]).toEqual([
      [1, 50],
      [2, 50],
      [3, 50],
      [4, 50],
    ]);
  });

  it('refuses too many rows, naming the file, sheet and limit', async () => {
    const f = write('rows.xlsx', book(sheetXml(101, 1)));
    const e = await failure(readAll(f, { maxRows: 100 }));
    expect(e.message).toBe(
      'rows.xlsx, sheet "Purchases": more than 100 rows; the limit is 100 rows per workbook (set GST_IMS_XLSX_MAX_ROWS to change it)',
    );
    expect(e.details).toMatchObject({ file: f, field: 'maxRows' });
  });

  it('refuses too many cells', async () => {
    const f = write('cells.xlsx', book(sheetXml(30, 10)));
    const e = await failure(readAll(f, { maxCells: 250 }));
    expect(e.message).toMatch(
      /^cells\.xlsx, sheet "Purchases": more than 250 cells; the limit is 250 cells per workbook \(set GST_IMS_XLSX_MAX_CELLS/,
    );
  });

  it('refuses a zip bomb by the size its directory declares, before inflating it', async () => {
    // 8 KB stored, 4 GB declared.
    const f = write('declared.xlsx', book({ text: sheetXml(200, 2), declared: 0xfffffff0 }));
    const e = await failure(readAll(f, { maxXmlBytes: 1024 * 1024 }));
    expect(e.message).toMatch(
      /^declared\.xlsx, sheet "Purchases": the ZIP directory says it unpacks to 4,294,967,280 bytes.*more than allowed; the limit is 1,048,576 bytes of uncompressed XML per workbook \(set GST_IMS_XLSX_MAX_XML_BYTES/,
    );
  });

  it('refuses a zip bomb that lies about its size, counting the bytes as they are inflated', async () => {
    // About 4 MB of XML that deflates to a few kilobytes, declared as 100 bytes.
    const filler = `<worksheet ${NS}><sheetData>${'<row/>'.repeat(700_000)}</sheetData></worksheet>`;
    const content = book({ text: filler, declared: 100 });
    expect(content.length).toBeLessThan(64 * 1024);
    const f = write('lying.xlsx', content);
    const e = await failure(readAll(f, { maxXmlBytes: 1024 * 1024, maxRows: 10_000_000 }));
    expect(e.message).toMatch(
      /^lying\.xlsx, sheet "Purchases": it unpacks to more than 1,048,576 bytes of XML/,
    );
    expect(e.details).toMatchObject({ field: 'maxXmlBytes' });
    // The same file inside a larger limit reads: the declared size alone does not refuse it.
    expect(await readAll(f, { maxXmlBytes: 8 * 1024 * 1024, maxRows: 10_000_000 })).toEqual([]);
  });

  it('counts the shared strings against the XML limit too', async () => {
    const sst = `<sst>${'<si><t>abcdefghij</t></si>'.repeat(50_000)}</sst>`;
    const f = write('sst.xlsx', book(sheetXml(1, 1), { 'xl/sharedStrings.xml': sst }));
    const e = await failure(readAll(f, { maxXmlBytes: 512 * 1024 }));
    expect(e.message).toMatch(/^sst\.xlsx, the shared strings \(xl\/sharedStrings\.xml\): /);
  });
});

describe('xlsxLimits', () => {
  it('takes the options, else the environment, else the defaults', () => {
    expect(xlsxLimits({}, {})).toEqual(DEFAULT_XLSX_LIMITS);
    expect(DEFAULT_XLSX_LIMITS).toEqual({
      maxRows: 1_100_000,
      maxCells: 40_000_000,
      maxXmlBytes: 1024 ** 3,
    });
    const env = {
      GST_IMS_XLSX_MAX_ROWS: '2,000,000',
      GST_IMS_XLSX_MAX_CELLS: '30_000_000',
      GST_IMS_XLSX_MAX_XML_BYTES: '2G',
    };
    expect(xlsxLimits({}, env)).toEqual({
      maxRows: 2_000_000,
      maxCells: 30_000_000,
      maxXmlBytes: 2 * 1024 ** 3,
    });
    expect(xlsxLimits({ maxRows: 5 }, env).maxRows).toBe(5);
    expect(() => xlsxLimits({}, { GST_IMS_XLSX_MAX_ROWS: 'lots' })).toThrow(UsageError);
    expect(() => xlsxLimits({}, { GST_IMS_XLSX_MAX_ROWS: 'lots' })).toThrow(
      /GST_IMS_XLSX_MAX_ROWS: expected a whole number above 0/,
    );
    expect(() => xlsxLimits({ maxCells: 0 }, {})).toThrow(UsageError);
    expect([parseLimit('512M'), parseLimit('64kb'), parseLimit('0'), parseLimit('1.5G')]).toEqual([
      512 * 1024 ** 2,
      64 * 1024,
      null,
      null,
    ]);
  });
});

describe('openXlsx values', () => {
  it('reads numbers in a date format as dates when asked (1900 and 1904 systems)', async () => {
    const styles =
      '<styleSheet><numFmts count="2"><numFmt numFmtId="164" formatCode="dd\\-mm\\-yyyy"/><numFmt numFmtId="165" formatCode="#,##0.00;[Red]\\-#,##0.00"/></numFmts>' +
      '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="14"/></cellXfs></styleSheet>';
    const sheet = `<worksheet ${NS}><sheetData><row r="1"><c r="A1" s="1"><v>46117</v></c><c r="B1" s="2"><v>46117</v></c><c r="C1" s="3"><v>46117.5</v></c><c r="D1"><v>46117</v></c></row></sheetData></worksheet>`;
    const f = write('dates.xlsx', book(sheet, { 'xl/styles.xml': styles }));
    const x = await openXlsx(f, { bad, dates: true });
    const [row] = await (async () => {
      const out: XlsxRow[] = [];
      for await (const r of x.rows(x.sheets[0] as (typeof x.sheets)[number])) out.push(r);
      await x.close();
      return out;
    })();
    expect(row?.values.get(1)).toEqual(new Date(Date.UTC(2026, 3, 5)));
    expect(row?.values.get(2)).toBe(46117);
    expect(row?.values.get(3)).toEqual(new Date(Date.UTC(2026, 3, 5, 12)));
    expect(row?.values.get(4)).toBe(46117);
    // Without `dates` every number stays a number.
    expect((await readAll(f, {}))[0]?.values.get(1)).toBe(46117);
  });
});

describe('formulas saved without a value', () => {
  it('are reported with their text, and reach the register grid as UncomputedFormula', async () => {
    const sheet = `<worksheet ${NS}><sheetData><row r="1"><c r="A1"><f>B1*2</f></c><c r="B1"><f>1+1</f><v>2</v></c><c r="C1"><f t="shared" si="0"/></c><c r="D1" t="str"><f>"a"&amp;"b"</f><v></v></c></row></sheetData></worksheet>`;
    const f = write('formulas.xlsx', book(sheet));
    const [row] = await readAll(f, {});
    expect([...(row?.formulas ?? [])]).toEqual([1, 2, 3, 4]);
    expect(row?.uncomputed).toEqual(
      new Map([
        [1, 'B1*2'],
        [3, ''],
      ]),
    );
    expect(row?.values.get(2)).toBe(2);
    const grid = (await readSource(f)).sheets[0]?.grid;
    expect(grid?.[0]?.[0]).toEqual(new UncomputedFormula('B1*2'));
    expect(grid?.[0]?.[1]).toBe(2);
    expect(grid?.[0]?.[2]).toBeInstanceOf(UncomputedFormula);
    expect(grid?.[0]?.[3]).toBeNull();
  });
});

describe('readSource (registers) on hostile workbooks', () => {
  it('ends a register over the row limit with a BadInputError naming the sheet', async () => {
    const f = write('register.xlsx', book(sheetXml(60, 3)));
    const prev = process.env.GST_IMS_XLSX_MAX_ROWS;
    process.env.GST_IMS_XLSX_MAX_ROWS = '50';
    try {
      const e = await failure(readSource(f));
      expect(e.message).toMatch(/^register\.xlsx, sheet "Purchases": more than 50 rows/);
    } finally {
      if (prev === undefined) delete process.env.GST_IMS_XLSX_MAX_ROWS;
      else process.env.GST_IMS_XLSX_MAX_ROWS = prev;
    }
    const ok = await readSource(f);
    expect(ok.sheets[0]?.grid).toHaveLength(60);
    expect(ok.sheets[0]?.grid[59]).toEqual([60, 60, 60]);
  });
});
