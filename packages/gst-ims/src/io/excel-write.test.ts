// The workbook writer renders data rows itself (for speed) instead of through exceljs' Row and
// Cell objects. These tests hold it to exceljs' own output: every part of the .xlsx the same,
// with the hidden keys in the shared strings as exceljs writes them; written as inline strings
// (the default, decision 0057), exceljs reads the same workbook back.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Decision, PortalRecord, Section } from '../core/index.js';
import { SECTIONS, SECTION_INFO, parseImsDownload } from '../core/index.js';
import { generateImsDownload } from '../generator/generate-ims.js';
import { HOME_SHEET } from './excel-layout.js';
import type { WorkbookContent, WorkbookRow } from './excel-write.js';
import { writeImsWorkbook } from './excel-write.js';

/** Every part of a ZIP file, by name, inflated, in directory order. */
function unzip(file: string): [string, string][] {
  const buf = readFileSync(file);
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  const count = buf.readUInt16LE(eocd + 10);
  const out: [string, string][] = [];
  for (let p = buf.readUInt32LE(eocd + 16), n = 0; n < count; n++) {
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    out.push([name, (method === 8 ? inflateRawSync(data) : data).toString('utf8')]);
    p += 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return out;
}

function records(count: number): PortalRecord[] {
  const { json } = generateImsDownload({
    seed: 5,
    count,
    recipientGstin: '27AABCU9603R1ZN',
    returnPeriod: '102026',
  });
  return parseImsDownload(json, { file: 'ims.json' }).records;
}

/** Every kind of cell: text that looks like a formula or needs escaping, reductions, empty cells. */
function decisionOf(r: PortalRecord, i: number): Decision {
  switch (i % 7) {
    case 0:
      return { action: 'reject', remark: '=SUM(A1:A9) <&> "quoted"', itcReduction: null };
    case 1:
      return { action: 'pending', remark: null, itcReduction: null };
    case 2:
      return {
        action: 'accept',
        remark: '  spaced out  ',
        itcReduction: SECTION_INFO[r.section].itcReductionAllowed
          ? {
              kind: 'partial',
              igst: 1234 as never,
              cgst: 0 as never,
              sgst: 5 as never,
              cess: 0 as never,
            }
          : null,
      };
    case 3:
      return { action: 'accept', remark: 'nil', itcReduction: { kind: 'none' } };
    case 4:
      return { action: 'accept', remark: null, itcReduction: { kind: 'full' } };
    default:
      return { action: r.portalAction, remark: null, itcReduction: null };
  }
}

/** Every sheet of a workbook as exceljs reads it: its cells' text, type, style and validation. */
async function cellsOf(file: string): Promise<unknown[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb.worksheets.map((ws) => {
    const cells: unknown[] = [];
    ws.eachRow({ includeEmpty: true }, (row) =>
      row.eachCell({ includeEmpty: true }, (cell) =>
        cells.push([
          cell.address,
          // An inline string reads as rich text of one run: its text is the value.
          cell.type === ExcelJS.ValueType.RichText ? cell.text : cell.value,
          cell.type === ExcelJS.ValueType.RichText ? ExcelJS.ValueType.String : cell.type,
          cell.style,
          cell.dataValidation,
        ]),
      ),
    );
    return { name: ws.name, state: ws.state, views: ws.views, cells };
  });
}

function content(
  list: readonly PortalRecord[],
  withMatch: boolean,
  odd: (i: number) => string = () => '',
): WorkbookContent {
  const sheets = Object.fromEntries(SECTIONS.map((s) => [s, [] as WorkbookRow[]])) as Record<
    Section,
    WorkbookRow[]
  >;
  list.forEach((record, i) => {
    sheets[record.section].push({
      record,
      decision: decisionOf(record, i),
      key: `ims1|27AABCU9603R1ZN|000000000000|000000000000|1|${record.key}${odd(i)}`,
      error: i % 5 === 0 ? `PORTAL_ERROR: row ${i} <failed> & "why"` : null,
      match:
        withMatch && i % 3 !== 0
          ? {
              match: i % 2 ? 'Exact (100)' : 'Mismatch (40)',
              registerRef: i % 2 ? `PR-${i}` : null,
              differences: i % 4 ? null : 'taxable value differs by 10.00',
              proposedAction: 'Accept',
            }
          : undefined,
    });
  });
  return {
    home: {
      gstin: '27AABCU9603R1ZN',
      exportedAt: '2026-11-22T10:00:00.000Z',
      exportedBy: 'asha',
      download: '#1 ims.json',
      part: 'all records',
    },
    withMatch,
    sheets,
  };
}

describe('writeImsWorkbook', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gst-ims-excel-write-'));
  const all = records(5200);

  it("writes data rows exactly as exceljs' own Row and Cell objects do", async () => {
    const c = content(all, false);
    const seen: number[] = [];
    const fast = join(dir, 'fast.xlsx');
    const reference = join(dir, 'exceljs.xlsx');
    const w = await writeImsWorkbook(fast, c, { onRows: (n) => seen.push(n), sharedKeys: true });
    await writeImsWorkbook(reference, c, { exceljsRows: true });
    expect(w.rows).toBe(5200);
    const parts = unzip(fast);
    expect(parts.map(([name]) => name)).toEqual(unzip(reference).map(([name]) => name));
    expect(parts).toEqual(unzip(reference));
    // Rows written, every 5,000 and once more when the file is complete.
    expect(seen).toEqual([5000, 5200]);
  });

  it('waits for the zip when it holds too much XML, and writes the very same parts', async () => {
    const c = content(all, false);
    const reference = join(dir, 'unhurried.xlsx');
    const waited = join(dir, 'waited.xlsx');
    const none: number[] = [];
    await writeImsWorkbook(reference, c, { onZipWait: (q) => none.push(q) });
    const waits: number[] = [];
    await writeImsWorkbook(waited, c, {
      maxQueuedBytes: 16 * 1024,
      onZipWait: (q) => waits.push(q),
    });
    // 5,200 rows never queue 8 MB; with a 16 KB bound the writer waited (1,000 rows between looks).
    expect(none).toEqual([]);
    expect(waits.length).toBeGreaterThan(0);
    for (const q of waits) expect(q).toBeGreaterThan(16 * 1024);
    expect(unzip(waited)).toEqual(unzip(reference));
  });

  it('with the match columns and empty sheets, too', async () => {
    const some = all.filter((r) => r.section === 'b2bcn' || r.section === 'b2b').slice(0, 700);
    const c = content(some, true);
    const fast = join(dir, 'fast-match.xlsx');
    const reference = join(dir, 'exceljs-match.xlsx');
    await writeImsWorkbook(fast, c, { sharedKeys: true });
    await writeImsWorkbook(reference, c, { exceljsRows: true });
    expect(unzip(fast)).toEqual(unzip(reference));
  });

  it('writes the keys as inline strings, Home first: exceljs reads the same workbook back', async () => {
    const some = all.filter((_r, i) => i % 4 === 0);
    // Keys that need escaping or keep their spaces, too.
    const c = content(some, true, (i) =>
      i % 7 === 0 ? ` <&> "it's" ` : i % 7 === 1 ? '\n&amp;' : '',
    );
    const inline = join(dir, 'inline-keys.xlsx');
    const shared = join(dir, 'shared-keys.xlsx');
    await writeImsWorkbook(inline, c);
    await writeImsWorkbook(shared, c, { sharedKeys: true });
    const parts = new Map(unzip(inline));
    const strings = parts.get('xl/sharedStrings.xml') ?? '';
    expect(strings).not.toContain('ims1|');
    expect(parts.get('xl/worksheets/sheet2.xml')).toContain('t="inlineStr"><is><t>ims1|');
    expect(parts.get('xl/worksheets/sheet2.xml')).toContain(
      '<t xml:space="preserve">ims1|27AABCU9603R1ZN|',
    );
    expect(new Map(unzip(shared)).get('xl/sharedStrings.xml')).toContain('ims1|');
    const read = await cellsOf(inline);
    expect((read[0] as { name: string }).name).toBe(HOME_SHEET);
    expect(read).toEqual(await cellsOf(shared));
  });
});
