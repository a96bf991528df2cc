// Hostile workbooks on the built binary: oversized and zip-bomb .xlsx files end in exit 3 with
// the file, sheet and limit named (generated small, with a small limit configured), and a
// workbook whose hidden keys were swapped between rows changes nothing for those rows.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateImsDownload } from '../../packages/gst-ims/src/generator/generate-ims.js';
import { runCli, tempDir } from '../support/cli.js';

const GSTIN = '27AABCU9603R1ZN';

/** A minimal deflate ZIP; `declared` overrides a part's uncompressed size in the directory. */
function zip(
  files: Readonly<Record<string, string>>,
  declared: Readonly<Record<string, number>> = {},
): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const raw = Buffer.from(text, 'utf8');
    const data = deflateRawSync(raw);
    const size = declared[name] ?? raw.length;
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

const WORKBOOK = {
  '[Content_Types].xml': '<Types/>',
  'xl/workbook.xml':
    '<workbook xmlns:r="r"><sheets><sheet name="B2B" sheetId="1" r:id="rId1"/></sheets></workbook>',
  'xl/_rels/workbook.xml.rels':
    '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>',
};
/** About 6 MB of empty rows: a few kilobytes once deflated. */
const BOMB_SHEET = `<worksheet><sheetData>${'<row/>'.repeat(1_000_000)}</sheetData></worksheet>`;

describe('hostile workbooks on the built binary', () => {
  const dir = tempDir('gst-ims-xlsx-hostile-');
  const db = join(dir, 'ws.sqlite');
  const cli = (args: string[], env: Record<string, string> = {}) =>
    runCli(['--db', db, '--user', 'ravi', ...args], { env });
  const full = join(dir, 'month.xlsx');

  beforeAll(() => {
    const file = join(dir, 'ims.json');
    writeFileSync(
      file,
      JSON.stringify(
        generateImsDownload({ seed: 5, count: 120, recipientGstin: GSTIN, returnPeriod: '102026' })
          .json,
      ),
    );
    expect(cli(['import', 'ims', file]).code).toBe(0);
    const e = cli(['export', 'excel', '--out', full]);
    expect(e.code, e.stderr).toBe(0);
  });

  it('a register with more rows than the limit: exit 3 naming file, sheet and limit', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Purchases');
    ws.addRow(['Supplier GSTIN', 'Invoice No', 'Invoice Date', 'Taxable Value', 'IGST']);
    for (let i = 1; i <= 150; i++)
      ws.addRow(['29AAACR5055K1Z3', `INV-${i}`, '05-10-2026', 1000, 180]);
    const register = join(dir, 'register.xlsx');
    await wb.xlsx.writeFile(register);
    const r = cli(['import', 'register', register], { GST_IMS_XLSX_MAX_ROWS: '100' });
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain(
      'register.xlsx, sheet "Purchases": more than 100 rows; the limit is 100 rows per workbook (set GST_IMS_XLSX_MAX_ROWS to change it)',
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
    // Inside the default limits the same file imports.
    const ok = cli(['import', 'register', register]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('150 row(s)');
  });

  it('zip bombs: refused by the declared size, or by the bytes inflated (exit 3)', () => {
    const declared = join(dir, 'declared.xlsx');
    writeFileSync(
      declared,
      zip(
        { ...WORKBOOK, 'xl/worksheets/sheet1.xml': BOMB_SHEET },
        { 'xl/worksheets/sheet1.xml': 0xfffffff0 },
      ),
    );
    const a = cli(['import', 'excel', declared]);
    expect(a.code, a.stderr).toBe(3);
    expect(a.stderr).toContain(
      'declared.xlsx, sheet "B2B": the ZIP directory says it unpacks to 4,294,967,280 bytes',
    );

    const lying = join(dir, 'lying.xlsx');
    const content = zip(
      { ...WORKBOOK, 'xl/worksheets/sheet1.xml': BOMB_SHEET },
      { 'xl/worksheets/sheet1.xml': 64 },
    );
    expect(content.length).toBeLessThan(64 * 1024);
    writeFileSync(lying, content);
    const b = cli(['import', 'excel', lying, '--max-xml-bytes', '1M', '--max-rows', '5000000']);
    expect(b.code, b.stderr).toBe(3);
    expect(b.stderr).toContain(
      'lying.xlsx, sheet "B2B": it unpacks to more than 1,048,576 bytes of XML',
    );
    // The row limit, set by flag, meets the same file first.
    const c = cli(['import', 'excel', lying, '--max-rows', '1000']);
    expect(c.code).toBe(3);
    expect(c.stderr).toContain('lying.xlsx, sheet "B2B": more than 1,000 rows');
    expect(cli(['import', 'excel', lying, '--max-rows', 'many']).code).toBe(2);
  });

  it('swapped hidden keys: both rows refused with EXCEL_KEY_MISMATCH, dry run and real, the rest applied', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(full);
    const ws = wb.getWorksheet('B2B') as ExcelJS.Worksheet;
    const h = new Map<string, number>();
    ws.getRow(1).eachCell((c, n) => h.set(c.text, n));
    const keyCol = h.get('Key') as number;
    const actionCol = h.get('Action') as number;
    const open: ExcelJS.Row[] = [];
    ws.eachRow((row, n) => {
      if (
        n > 1 &&
        row.getCell(h.get('Portal action') as number).text === 'No Action' &&
        row.getCell(h.get('Supplier filing') as number).text !== 'Not filed'
      )
        open.push(row);
    });
    const [x, y, z] = open as [ExcelJS.Row, ExcelJS.Row, ExcelJS.Row];
    const recordOf = (row: ExcelJS.Row): string =>
      row.getCell(keyCol).text.split('|').slice(5).join('|');
    const [kx, ky, kz] = [recordOf(x), recordOf(y), recordOf(z)];
    const keyX = x.getCell(keyCol).value;
    x.getCell(keyCol).value = y.getCell(keyCol).value;
    y.getCell(keyCol).value = keyX;
    x.getCell(actionCol).value = 'Reject';
    y.getCell(actionCol).value = 'Accept';
    z.getCell(actionCol).value = 'Accept';
    const swapped = join(dir, 'swapped.xlsx');
    await wb.xlsx.writeFile(swapped);

    const dry = cli(['import', 'excel', swapped, '--dry-run']);
    expect(dry.code).toBe(3);
    expect(dry.stderr).toContain('EXCEL_KEY_MISMATCH');
    const real = cli(['--format', 'json', 'import', 'excel', swapped]);
    expect(real.code).toBe(3);
    const r = JSON.parse(real.stdout) as {
      changes: { key: string }[];
      findings: { code: string; recordKey: string }[];
    };
    expect(r.changes.map((c) => c.key)).toEqual([kz]);
    expect(
      r.findings
        .filter((f) => f.code === 'EXCEL_KEY_MISMATCH')
        .map((f) => f.recordKey)
        .sort(),
    ).toEqual([kx, ky].sort());
    // The two records stay undecided: a fresh export shows them as No Action.
    const again = join(dir, 'again.xlsx');
    expect(cli(['export', 'excel', '--out', again]).code).toBe(0);
    const check = new ExcelJS.Workbook();
    await check.xlsx.readFile(again);
    const sheet = check.getWorksheet('B2B') as ExcelJS.Worksheet;
    const actions = new Map<string, string>();
    sheet.eachRow((row, n) => {
      if (n > 1) actions.set(recordOf(row), row.getCell(actionCol).text);
    });
    expect([actions.get(kx), actions.get(ky), actions.get(kz)]).toEqual([
      'No Action',
      'No Action',
      'Accept',
    ]);
  });
});
