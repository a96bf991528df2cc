// The workbook reader on hand-made .xlsx files: the SpreadsheetML variants other programs write
// (namespace prefixes, inline strings, cells without references, rich and phonetic text,
// escapes, formula results, ISO dates, absolute part paths), and damaged containers.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BadInputError } from '../core/index.js';
import { readImsWorkbook } from './excel-read.js';

/** A minimal ZIP writer (deflate, no CRC check needed by the reader). */
function zip(files: Readonly<Record<string, string>>, method: 0 | 8 = 8): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const raw = Buffer.from(text, 'utf8');
    const data = method === 8 ? deflateRawSync(raw) : raw;
    const n = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(n.length, 26);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(method, 10);
    c.writeUInt32LE(data.length, 20);
    c.writeUInt32LE(raw.length, 24);
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

const KEY =
  'ims1|27AABCU9603R1ZN|a1b2c3d4e5f6|0123456789ab|3|b2b|29AAACR5055K1Z3|INV&lt;1&gt;|2026-27';
const NS =
  'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

function workbook(): Record<string, string> {
  return {
    '[Content_Types].xml': '<Types/>',
    'xl/workbook.xml': `<x:workbook ${NS}><x:sheets><x:sheet name="Home" sheetId="1" r:id="rId1"/><x:sheet name="My own B2B" sheetId="2" r:id="rId2"/><x:sheet name="Notes" sheetId="3" r:id="rId3"/></x:sheets></x:workbook>`,
    'xl/_rels/workbook.xml.rels':
      '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Target="/xl/worksheets/data.xml"/><Relationship Id="rId3" Target="worksheets/sheet3.xml"/><Relationship Id="rId9" Target="sharedStrings.xml"/></Relationships>',
    'xl/sharedStrings.xml':
      '<sst><si><t>Key</t></si><si><r><rPr><b/></rPr><t>Act</t></r><r><t xml:space="preserve">ion</t></r></si><si><t>Remarks</t></si><si><t>漢字</t><rPh sb="0" eb="2"><t>カンジ</t></rPh></si><si><t>Invoice date</t></si><si><t>IGST</t></si><si><t>Supplier GSTIN</t></si><si><t> invoice  NUMBER </t></si></sst>',
    'xl/worksheets/sheet1.xml':
      `<x:worksheet ${NS}><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>gst-ims IMS workbook</x:t></x:is></x:c></x:row>` +
      '<x:row r="3"><x:c r="A3" t="inlineStr"><x:is><x:t>Workbook format</x:t></x:is></x:c><x:c r="B3"><x:v>1</x:v></x:c></x:row>' +
      '<x:row r="4"><x:c r="A4" t="inlineStr"><x:is><x:t>GSTIN</x:t></x:is></x:c><x:c r="B4" t="str"><x:v>27aabcu9603r1zn</x:v></x:c></x:row>' +
      '<x:row r="5"><x:c r="A5" t="inlineStr"><x:is><x:t>Exported at</x:t></x:is></x:c><x:c r="B5" t="inlineStr"><x:is><x:t>2026-11-05T10:00:00.000Z</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>',
    'xl/worksheets/data.xml':
      `<x:worksheet ${NS}><x:sheetData>` +
      '<x:row><x:c t="s"><x:v>0</x:v></x:c><x:c t="s"><x:v>1</x:v></x:c><x:c t="s"><x:v>2</x:v></x:c><x:c t="s"><x:v>4</x:v></x:c><x:c t="s"><x:v>5</x:v></x:c><x:c t="s"><x:v>6</x:v></x:c><x:c t="s"><x:v>7</x:v></x:c></x:row>' +
      `<x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>${KEY}</x:t></x:is></x:c><x:c r="B2" t="str"><x:f>"Re"&amp;"ject"</x:f><x:v>Reject</x:v></x:c>` +
      '<x:c r="C2" t="inlineStr"><x:is><x:t>Line one_x000D_ two &amp; more</x:t></x:is></x:c><x:c r="D2" t="d"><x:v>2026-04-05T00:00:00</x:v></x:c><x:c r="E2"><x:v>1800.5</x:v></x:c></x:row>' +
      '<x:row r="3"/><x:row r="4"><x:c r="C4" s="3"/></x:row>' +
      `<x:row r="5"><x:c r="A5" t="inlineStr"><x:is><x:t>${KEY}</x:t></x:is></x:c><x:c r="B5" t="s"><x:v>3</x:v></x:c><x:c r="E5" t="b"><x:v>1</x:v></x:c></x:row>` +
      '</x:sheetData></x:worksheet>',
    'xl/worksheets/sheet3.xml':
      '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>just notes</t></is></c></row></sheetData></worksheet>',
  };
}

const dir = mkdtempSync(join(tmpdir(), 'gst-ims-xlsx-'));
const write = (name: string, content: Buffer | string): string => {
  const f = join(dir, name);
  writeFileSync(f, content);
  return f;
};

describe('readImsWorkbook', () => {
  it('reads values from the SpreadsheetML variants other programs write', async () => {
    for (const method of [8, 0] as const) {
      const r = await readImsWorkbook(write(`variants-${method}.xlsx`, zip(workbook(), method)));
      expect(r.home).toEqual({
        format: '1',
        gstin: '27AABCU9603R1ZN',
        exportedAt: '2026-11-05T10:00:00.000Z',
        part: null,
      });
      expect(r.otherSheets).toEqual(['Notes']);
      expect(r.sheets).toHaveLength(1);
      const s = r.sheets[0];
      expect(s?.name).toBe('My own B2B');
      expect(s?.section).toBe('b2b');
      expect([...(s?.columns ?? [])]).toEqual([
        ['key', 1],
        ['action', 2],
        ['remarks', 3],
        ['docDate', 4],
        ['igst', 5],
        ['supplierGstin', 6],
        ['docNumber', 7],
      ]);
      expect(s?.rows.map((x) => x.row)).toEqual([2, 5]);
      const [a, b] = s?.rows ?? [];
      expect(a?.cells.get('key')).toBe(KEY.replace('&lt;', '<').replace('&gt;', '>'));
      expect(a?.cells.get('action')).toBe('Reject');
      expect(a?.formulas).toEqual(['action']);
      expect(a?.cells.get('remarks')).toBe('Line one\r two & more');
      expect(a?.cells.get('docDate')).toBe('2026-04-05T00:00:00');
      expect(a?.cells.get('igst')).toBe(1800.5);
      expect(b?.cells.get('action')).toBe('漢字');
      expect(b?.cells.get('igst')).toBe(true);
    }
  });

  it('refuses damaged and foreign files by name, saying what was expected', async () => {
    const good = zip(workbook());
    const cases: [string, Buffer | string, RegExp][] = [
      [
        'cut.xlsx',
        good.subarray(0, good.length - 30),
        /cut\.xlsx: the file is truncated or damaged/,
      ],
      [
        'middle.xlsx',
        Buffer.concat([good.subarray(0, 200), good.subarray(260)]),
        /middle\.xlsx: .*(damaged|truncated)/,
      ],
      [
        'doc.xlsx',
        zip({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<w/>' }),
        /doc\.xlsx: this is a Word document, not a workbook/,
      ],
      [
        'old.xls',
        Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
        /old\.xls: not an \.xlsx file \(it looks like an old \.xls/,
      ],
      [
        'text.xlsx',
        'Supplier,Amount\n',
        /text\.xlsx: not an \.xlsx file; expected an \.xlsx workbook written by `gst-ims export excel`/,
      ],
      [
        'nosheets.xlsx',
        zip({
          ...workbook(),
          'xl/worksheets/data.xml':
            '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Other</t></is></c></row></sheetData></worksheet>',
        }),
        /nosheets\.xlsx: not a gst-ims IMS workbook: it has the Home sheet but no section sheet with a Key column/,
      ],
    ];
    for (const [name, content, msg] of cases) {
      const e: unknown = await readImsWorkbook(write(name, content)).catch((x: unknown) => x);
      expect(e, name).toBeInstanceOf(BadInputError);
      expect((e as Error).message, name).toMatch(msg);
    }
  });
});
