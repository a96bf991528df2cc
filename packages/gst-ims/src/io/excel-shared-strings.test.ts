import { createRequire } from 'node:module';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sharedStringsXml, streamSharedStrings } from './excel-shared-strings.js';

const require = createRequire(import.meta.url);
const SharedStringsXform =
  require('exceljs/lib/xlsx/xform/strings/shared-strings-xform.js') as new () => {
    toXml(model: unknown): string;
  };

/** The part as exceljs renders it whole at commit. */
const whole = (values: string[]): string =>
  new SharedStringsXform().toXml({ count: values.length, values });

describe('the shared strings written as a stream', () => {
  it("are exceljs' own part, byte for byte, in chunks", () => {
    const tricky = [
      '',
      ' leading',
      'trailing ',
      'two\nlines',
      '<b>&amp; "quoted" \'single\'</b>',
      '=HYPERLINK("x")',
      '\t-tab',
      'कर चालान ₹',
      'ims1|27AABCU9603R1ZN|0123456789ab|cdef0123|3|b2b|29AAACR5055K1Z3|INV/1|2026-27',
    ];
    expect([...sharedStringsXml(tricky)].join('')).toBe(whole(tricky));
    // Many chunks.
    const many = Array.from({ length: 12_345 }, (_, i) => `K${i}${i % 7 === 0 ? ' ' : ''}`);
    const parts = [...sharedStringsXml(many)];
    expect(parts.length).toBeGreaterThan(3);
    expect(parts.join('')).toBe(whole(many));
    fc.assert(
      // Never empty: without strings the part is not written at all (as exceljs does).
      fc.property(
        fc.array(fc.string({ maxLength: 12 }), { minLength: 1, maxLength: 30 }),
        (values) => {
          expect([...sharedStringsXml(values)].join('')).toBe(whole(values));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('write a workbook exceljs reads back', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gst-ims-sst-')), 'sst.xlsx');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
    expect(streamSharedStrings(wb)).toBe(true);
    const ws = wb.addWorksheet('S');
    const texts = Array.from({ length: 11_000 }, (_, i) => `row ${i} <&>`);
    for (const t of texts) ws.addRow([t, 'same']).commit();
    ws.commit();
    await wb.commit();
    const back = new ExcelJS.Workbook();
    await back.xlsx.readFile(file);
    const sheet = back.getWorksheet('S') as ExcelJS.Worksheet;
    expect(sheet.rowCount).toBe(texts.length);
    expect(sheet.getRow(1).getCell(1).value).toBe(texts[0]);
    expect(sheet.getRow(10_999).getCell(1).value).toBe(texts[10_998]);
    expect(sheet.getRow(10_999).getCell(2).value).toBe('same');
  });
});
