// CSV outputs opened in a spreadsheet: text from other people's files (supplier names, document
// numbers from a purchase register) must never run as a formula. The built binary writes
// `reconcile --out x.csv` and `export followups --as csv`; LibreOffice opens them with formula
// evaluation on, as a person's spreadsheet would, and every such cell arrives as text. A raw
// control file, opened the same way, shows that the same text would have run.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsvText } from '../../packages/gst-ims/src/io/csv-text.js';
import { FIXTURES, runCli, tempDir } from '../support/cli.js';

/** The rows of tests/fixtures/register/hostile-text.csv. */
const HOSTILE = [
  { gstin: '27AAAFH0001H1Z6', name: '=HYPERLINK("http://evil.example/x","click")', number: '=1+1' },
  { gstin: '27AAAFH0002H1Z5', name: '+91 98200 00000', number: '-2+3' },
  { gstin: '27AAAFH0003H1Z4', name: '@SUM(A1:A2)', number: '@A1' },
  { gstin: '27AAAFH0004H1Z3', name: '=1+1', number: '+7' },
  { gstin: '29AAAFH0005H1ZY', name: 'Plain Traders', number: "=cmd|' /C calc'!A0" },
];
const quoted = (t: string): string => (/^[=+\-@]/.test(t) ? `'${t}` : t);
/** A cell a spreadsheet would run: starts with = + - @ tab CR, and is not a plain number. */
const runnable = (c: string): boolean => /^[=+\-@\t\r]/.test(c) && !/^-?\d+(\.\d+)?$/.test(c);

const findSoffice = (): string | null => {
  for (const bin of ['soffice', 'libreoffice']) {
    const r = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 60_000 });
    if (r.status === 0) return bin;
  }
  return null;
};
const SOFFICE = findSoffice();
/** CI sets this: there a missing LibreOffice fails the test instead of skipping it. */
const SOFFICE_REQUIRED = process.env.GST_IMS_REQUIRE_SOFFICE === '1';
if (!SOFFICE) {
  const bar = '!'.repeat(78);
  console.warn(
    `\n${bar}\n!! LIBREOFFICE TEST ${SOFFICE_REQUIRED ? 'FAILS' : 'SKIPPED'}: soffice is not installed, so the CSV outputs are not\n` +
      `!! opened in LibreOffice. Install it: apt-get install -y libreoffice-calc-nogui\n${bar}\n`,
  );
}

describe('CSV outputs neutralise formula text (built binary)', () => {
  const dir = tempDir('gst-ims-csv-formulas-');
  const db = join(dir, 'ws.sqlite');
  const cli = (...args: string[]) => runCli(['--db', db, '--user', 'asha', ...args]);
  const resultCsv = join(dir, 'result.csv');
  const resultJson = join(dir, 'result.json');
  const followDir = join(dir, 'followups');
  const followup = (gstin: string): string => {
    const f = readdirSync(followDir).find((n) => n.startsWith(`followup-${gstin}`));
    if (f === undefined) throw new Error(`no follow-up file for ${gstin}`);
    return join(followDir, f);
  };

  beforeAll(() => {
    for (const args of [
      ['demo', '--dir', join(dir, 'demo')],
      ['import', 'register', join(FIXTURES, 'register', 'hostile-text.csv')],
      ['reconcile', '--out', resultCsv],
      ['reconcile', '--out', resultJson],
      [
        'export',
        'followups',
        '--as',
        'csv',
        '--out',
        followDir,
        '--message',
        '{supplier_name}\\nPlease report these documents.',
      ],
    ]) {
      const r = cli(...args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
  });

  it('reconcile --out x.csv writes names and numbers with a quote in front; no cell would run', () => {
    const rows = parseCsvText(readFileSync(resultCsv, 'utf8'), ',');
    const head = rows[0] ?? [];
    const col = (name: string): number => head.indexOf(name);
    for (const h of HOSTILE) {
      const row = rows.find((r) => r[col('supplier_gstin')] === h.gstin);
      expect(row, h.gstin).toBeDefined();
      expect(row?.[col('supplier_name')]).toBe(quoted(h.name));
      expect(row?.[col('register_document_number')]).toBe(quoted(h.number));
    }
    expect(rows.flat().filter(runnable)).toEqual([]);
  });

  it('JSON output keeps the text as it was', () => {
    const rows = JSON.parse(readFileSync(resultJson, 'utf8')) as Record<string, string | null>[];
    for (const h of HOSTILE) {
      const row = rows.find((r) => r.supplier_gstin === h.gstin);
      expect(row?.supplier_name).toBe(h.name);
      expect(row?.register_document_number).toBe(h.number);
    }
  });

  it('export followups --as csv neutralises the message lines and the table', () => {
    for (const h of HOSTILE) {
      const rows = parseCsvText(readFileSync(followup(h.gstin), 'utf8'), ',');
      // The message: its first line is the supplier's name ({supplier_name}).
      expect(rows[0]).toEqual([quoted(h.name)]);
      const headAt = rows.findIndex((r) => r[0] === 'issue');
      const head = rows[headAt] ?? [];
      const data = rows.slice(headAt + 1);
      expect(data.map((r) => r[head.indexOf('document_number')])).toEqual([quoted(h.number)]);
      // Amounts the tool formatted are plain numbers, written as they are.
      expect(data[0]?.[head.indexOf('our_taxable')]).toMatch(/^\d+\.\d{2}$/);
      expect(rows.flat().filter(runnable)).toEqual([]);
    }
  });

  it.skipIf(!SOFFICE && !SOFFICE_REQUIRED)(
    'LibreOffice, evaluating formulas, reads every such cell as text; the raw control runs',
    async () => {
      if (!SOFFICE)
        throw new Error(
          'GST_IMS_REQUIRE_SOFFICE=1 but soffice was not found: apt-get install -y libreoffice-calc-nogui',
        );
      // The control: the same text written raw, as the tool once did.
      const control = join(dir, 'control.csv');
      writeFileSync(
        control,
        `name,number\r\n${HOSTILE.map((h) => `"${h.name.replace(/"/g, '""')}",${h.number}`).join('\r\n')}\r\n`,
      );
      const follow = followup(HOSTILE[0]?.gstin ?? '');
      const out = join(dir, 'lo');
      // Tokens: comma, double quote, UTF-8, from row 1, -, -, quoted text not forced to text,
      // detect numbers, -, -, -, -, evaluate formulas.
      const r = spawnSync(
        SOFFICE,
        [
          `-env:UserInstallation=file://${join(dir, 'lo-profile')}`,
          '--headless',
          '--infilter=CSV:44,34,76,1,,0,false,true,false,false,false,-1,true',
          '--convert-to',
          'xlsx',
          '--outdir',
          out,
          resultCsv,
          follow,
          control,
        ],
        { encoding: 'utf8', timeout: 180_000 },
      );
      expect(r.status, r.stderr).toBe(0);
      const cellsOf = async (file: string): Promise<ExcelJS.CellValue[]> => {
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.readFile(file);
        const cells: ExcelJS.CellValue[] = [];
        wb.worksheets[0]?.eachRow((row) => row.eachCell((c) => cells.push(c.value)));
        return cells;
      };
      const isFormula = (v: ExcelJS.CellValue): boolean =>
        typeof v === 'object' && v !== null && 'formula' in v;

      const raw = await cellsOf(join(out, 'control.xlsx'));
      expect(raw.filter(isFormula).map((v) => (v as ExcelJS.CellFormulaValue).formula)).toEqual(
        expect.arrayContaining(['HYPERLINK("http://evil.example/x","click")', '1+1']),
      );

      const result = await cellsOf(join(out, 'result.xlsx'));
      expect(result.filter(isFormula)).toEqual([]);
      for (const h of HOSTILE) {
        expect(result).toContain(quoted(h.name));
        expect(result).toContain(quoted(h.number));
      }
      const letter = await cellsOf(
        join(out, follow.slice(follow.lastIndexOf('/') + 1).replace(/\.csv$/, '.xlsx')),
      );
      expect(letter.filter(isFormula)).toEqual([]);
      expect(letter).toContain(quoted(HOSTILE[0]?.name ?? ''));
      expect(letter).toContain(quoted(HOSTILE[0]?.number ?? ''));
    },
  );
});
