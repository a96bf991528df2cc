// Purchase registers on the built binary: no row vanishes and no amount is made up.
// Every row below the header is a document, a rate row summed into one, an exact copy left out,
// skipped with a warning, bad with a reason code, or blank; the counts add up and are printed.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, runCli, tempDir } from '../support/cli.js';

interface ImportJson {
  documents: number;
  counts: {
    dataRows: number;
    documents: number;
    merged: number;
    duplicates: number;
    skipped: number;
    bad: number;
    blank: number;
  };
  badRows: { row: number; code: string; column: string | null; value: string }[];
  warnings: { code: string; rows: number[] }[];
}

describe('gst-ims import register: every row accounted for (built binary)', () => {
  const dir = tempDir('gst-ims-register-rows-');
  const db = join(dir, 'ws.sqlite');
  const cli = (...args: string[]) => runCli(['--db', db, '--user', 'asha', ...args]);
  beforeAll(() => {
    const setUp = cli('import', 'ims', join(FIXTURES, 'ims', 'offline-download.json'));
    expect(setUp.code, setUp.stderr).toBe(0);
  });

  it('a file switching from CRLF to LF rows imports all 40 documents, and the counts add up to its 45 rows', () => {
    const file = join(FIXTURES, 'register', 'mixed-line-endings.csv');
    const r = cli('--format', 'json', 'import', 'register', file);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as ImportJson;
    expect(j.documents).toBe(40);
    expect(j.counts).toEqual({
      dataRows: 45,
      documents: 40,
      merged: 1,
      duplicates: 1,
      skipped: 1,
      bad: 1,
      blank: 1,
    });
    const c = j.counts;
    expect(c.documents + c.merged + c.duplicates + c.skipped + c.bad + c.blank).toBe(c.dataRows);
    // Rows 6.. are data: the copy of P-015 is row 22, the bad date (P-999) row 39.
    expect(j.warnings.find((w) => w.code === 'DUPLICATE_ROW')?.rows).toEqual([22]);
    expect(j.badRows.map((b) => [b.row, b.code])).toEqual([[39, 'BAD_DATE']]);

    const human = cli('import', 'register', file);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toContain(
      '45 row(s) below the header: 40 document(s), 1 further rate row(s) summed into them, 1 exact duplicate row(s) left out (see warnings), 1 skipped (see warnings), 1 bad, 1 blank',
    );
    expect(human.stderr).toContain('DUPLICATE_ROW');
    expect(human.stderr).toMatch(/39 .*BAD_DATE/);
  });

  it('refuses a register without a taxable-value column (exit 3), showing the columns it read; the register stays', () => {
    const before = cli('--format', 'json', 'status');
    const file = join(dir, 'no-taxable.csv');
    writeFileSync(
      file,
      'Supplier GSTIN,Invoice No,Invoice Date,IGST,Invoice Value\r\n24AAACB1234C1ZL,A-1,05-04-2026,18.00,118.00\r\n',
    );
    const r = cli('import', 'register', file);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('no column for: taxable value (taxable); nothing imported');
    expect(r.stderr).toContain('docNumber <- "Invoice No"');
    expect(r.stderr).toContain('igst <- "IGST"');
    expect(r.stderr).toContain('--map "Header=field"');
    expect(cli('--format', 'json', 'status').stdout).toBe(before.stdout);
  });

  it('lists amounts with three decimals as bad rows (AMOUNT_DECIMALS), as the IMS import refuses them; --strict refuses the file', () => {
    const file = join(dir, 'decimals.csv');
    writeFileSync(
      file,
      'Supplier GSTIN,Invoice No,Invoice Date,Taxable Value,IGST,Invoice Value\r\n24AAACB1234C1ZL,A-1,05-04-2026,1000.005,180.00,1180.01\r\n24AAACB1234C1ZL,A-2,05-04-2026,1000.00,180.00,1180.00\r\n',
    );
    const r = cli('--format', 'json', 'import', 'register', file);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as ImportJson;
    expect(j.documents).toBe(1);
    expect(j.badRows).toMatchObject([
      { row: 2, code: 'AMOUNT_DECIMALS', column: 'Taxable Value', value: '1000.005' },
    ]);
    const strict = cli('import', 'register', file, '--strict');
    expect(strict.code).toBe(3);
    expect(strict.stderr).toContain(
      'expected an amount in rupees with at most 2 decimals [AMOUNT_DECIMALS]',
    );
  });
});
