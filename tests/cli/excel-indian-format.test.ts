// Issue 14's "Indian number format everywhere, the Excel workbook included": the built binary's
// `export excel` and `export followups` on the demo workspace (reconciled, so the Differences
// column is filled), read back with exceljs, and the workbook rendered by LibreOffice on an
// Indian-locale machine (lakh grouping comes from the locale; the format code asks for grouping).
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Paise } from '../../packages/gst-ims/src/core/money.js';
import { MONEY_NUMFMT, formatIndian } from '../../packages/gst-ims/src/core/money.js';
import { MATCH_REASON_CODES } from '../../packages/gst-ims/src/core/vocabulary/match-reasons.js';
import { FOLLOWUP_COLUMNS } from '../../packages/gst-ims/src/app/export-followups.js';
import { SHEET_SECTION, sheetColumns } from '../../packages/gst-ims/src/io/excel-layout.js';
import { runCli, tempDir } from '../support/cli.js';

const SOFFICE = ['soffice', 'libreoffice'].find(
  (bin) => spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 60_000 }).status === 0,
);
const SOFFICE_REQUIRED = process.env.GST_IMS_REQUIRE_SOFFICE === '1';

/** Reason codes that are no English word (taxableDiff, in2b ...): none may reach a person. */
const CODE = new RegExp(
  `\\b(${MATCH_REASON_CODES.filter((c) => /[A-Z0-9]/.test(c)).join('|')})\\b`,
);
/** A rupee amount of four or more digits written without grouping: "Rs 34749.62". */
const UNGROUPED = /Rs -?\d{4,}/;

describe('the exported workbooks write rupees in the Indian number format', () => {
  const dir = tempDir('gst-ims-indian-format-');
  const db = join(dir, 'ws.sqlite');
  const book = join(dir, 'ims.xlsx');
  const followups = join(dir, 'followups');
  const cli = (...args: string[]) => runCli(['--db', db, ...args], { cwd: dir });

  beforeAll(() => {
    for (const args of [
      ['demo', '--dir', dir],
      ['reconcile'],
      ['export', 'excel', '--out', book],
      ['export', 'followups', '--out', followups],
    ]) {
      const r = cli(...args);
      expect([args.join(' '), r.code, r.stderr]).toEqual([args.join(' '), 0, '']);
    }
  }, 300_000);

  it('gives every rupee cell of every section sheet #,##,##0.00, and no other cell', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(book);
    let amounts = 0;
    let differences = 0;
    for (const ws of wb.worksheets) {
      const section = SHEET_SECTION.get(ws.name);
      if (section === undefined) continue;
      const kinds = new Map(sheetColumns(section, true).map((c) => [c.header, c.kind]));
      const headers: string[] = [];
      ws.getRow(1).eachCell((c, n) => (headers[n] = c.text));
      expect(headers).toContain('Differences');
      ws.eachRow((row, n) => {
        if (n === 1) return;
        row.eachCell((cell, c) => {
          const where = `${ws.name}!${cell.address} (${headers[c]})`;
          if (kinds.get(headers[c]!) === 'money') {
            expect([where, typeof cell.value, cell.numFmt]).toEqual([
              where,
              'number',
              MONEY_NUMFMT,
            ]);
            amounts++;
          } else {
            expect([where, cell.numFmt]).not.toEqual([where, MONEY_NUMFMT]);
          }
          if (headers[c] === 'Differences' && cell.text !== '') {
            differences++;
            expect([where, cell.text, CODE.test(cell.text)]).toEqual([where, cell.text, false]);
            expect([where, cell.text, UNGROUPED.test(cell.text)]).toEqual([
              where,
              cell.text,
              false,
            ]);
          }
        });
      });
    }
    // The demo's 1,500 records, six amounts each; reconciled, so some rows tell their differences.
    expect(amounts).toBeGreaterThanOrEqual(1500 * 6);
    expect(differences).toBeGreaterThan(0);
  });

  it('gives the follow-ups their amounts in #,##,##0.00, reasons grouped, the period in words', async () => {
    const files = readdirSync(followups).filter((f) => f.endsWith('.xlsx'));
    expect(files.length).toBeGreaterThan(0);
    const money = FOLLOWUP_COLUMNS.filter((h) => /taxable|igst|cgst|sgst|cess|value/.test(h));
    expect(money.length).toBe(12);
    let amounts = 0;
    for (const f of files) {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(join(followups, f));
      const ws = wb.worksheets[0]!;
      let header = 0;
      const text: string[] = [];
      ws.eachRow((row, n) => {
        const cells: string[] = [];
        row.eachCell({ includeEmpty: true }, (c) => cells.push(c.text));
        if (header === 0) {
          text.push(cells.join(' '));
          if (cells[0] === FOLLOWUP_COLUMNS[0]) header = n;
          return;
        }
        FOLLOWUP_COLUMNS.forEach((h, i) => {
          const cell = row.getCell(i + 1);
          if (money.includes(h) && cell.value !== null) {
            expect([f, h, typeof cell.value, cell.numFmt]).toEqual([f, h, 'number', MONEY_NUMFMT]);
            amounts++;
          }
          if (h === 'differences') {
            expect([f, cell.text, UNGROUPED.test(cell.text)]).toEqual([f, cell.text, false]);
            expect([f, cell.text, CODE.test(cell.text)]).toEqual([f, cell.text, false]);
          }
        });
      });
      expect(header).toBeGreaterThan(0);
      expect(text.join('\n')).toContain('for the return period Oct 2026');
    }
    expect(amounts).toBeGreaterThan(0);
  });

  it('names return periods in words in the human output, never as MMYYYY', () => {
    const r = cli('import', 'ims', join(dir, 'ims-download-27AABCU9603R1ZN-112026.json'));
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toContain('  return periods in the download: Nov 2026 (');
    // The file's own name carries 112026; nothing else may.
    expect(r.stdout.replaceAll('ims-download-27AABCU9603R1ZN-112026.json', '')).not.toMatch(
      /\b(0[1-9]|1[0-2])(\/)?20\d\d\b/,
    );
  });

  it('gives the backup size in KB or MB, grouped', () => {
    const copy = join(dir, 'copy.sqlite');
    const r = cli('backup', copy);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const bytes = statSync(copy).size;
    const size =
      bytes < 1024 * 1024
        ? `${(bytes / 1024).toLocaleString('en-IN', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} KB`
        : `${(bytes / 1048576).toLocaleString('en-IN', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} MB`;
    expect(r.stdout).toContain(`to ${copy}: ${size}, holding 27AABCU9603R1ZN (`);
  });

  it.skipIf(!SOFFICE && !SOFFICE_REQUIRED)(
    'shows lakh grouping in LibreOffice on an Indian-locale machine (12,34,567.89)',
    async () => {
      if (!SOFFICE)
        throw new Error(
          'GST_IMS_REQUIRE_SOFFICE=1 but soffice was not found: apt-get install -y libreoffice-calc-nogui',
        );
      // The largest invoice value of the B2B sheet: lakhs at least in the demo (up to Rs 75 lakh).
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(book);
      const ws = wb.getWorksheet('B2B')!;
      const headers: string[] = [];
      ws.getRow(1).eachCell((c, n) => (headers[n] = c.text));
      const col = headers.indexOf('Invoice value');
      let top = 0;
      ws.eachRow((row, n) => {
        const v = row.getCell(col).value;
        if (n > 1 && typeof v === 'number' && v > top) top = v;
      });
      expect(top).toBeGreaterThanOrEqual(1_00_000);
      const indian = formatIndian(Math.round(top * 100) as Paise);
      const western = top.toLocaleString('en-US', { minimumFractionDigits: 2 });
      expect(indian).not.toBe(western);

      const out = join(dir, 'lo');
      const r = spawnSync(
        SOFFICE,
        [
          `-env:UserInstallation=file://${join(dir, 'lo-profile')}`,
          '--headless',
          '--convert-to',
          // Comma, double quote, UTF-8, from row 1, -, -, quote text, -, save as shown, -, -, all sheets.
          'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,true,true,true,false,false,-1',
          '--outdir',
          out,
          book,
        ],
        {
          encoding: 'utf8',
          timeout: 180_000,
          env: { ...process.env, LANG: 'en_IN.UTF-8', LC_ALL: 'en_IN.UTF-8' },
        },
      );
      expect(r.status, r.stderr).toBe(0);
      const csv = readFileSync(join(out, 'ims-B2B.csv'), 'utf8');
      expect(csv).toContain(`"${indian}"`);
      expect(csv).not.toContain(`"${western}"`);
    },
    240_000,
  );
});
