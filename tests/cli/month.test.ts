// The monthly cycle on the built binary (issue 12), over the hand-computed months in
// tests/fixtures/gstr2b: October's invoice OCT-0001 (CGST 3,537.29 + SGST 3,537.29) is deemed
// accepted in October's 2B and claimed again in November's 3B: an excess of Rs 7,074.58.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, SHARED_FIXTURES, runCli, tempDir } from '../support/cli.js';

const F = join(FIXTURES, 'gstr2b');
const IC = join(SHARED_FIXTURES, 'india-compliance');

describe('a month end to end: IMS, 2B, 3B', () => {
  let db: string;
  const cli = (...args: string[]) => runCli(['--db', db, ...args]);
  beforeAll(() => {
    db = join(tempDir(), 'w.sqlite');
    expect(cli('import', 'ims', join(F, 'ims-oct-nov.json')).code).toBe(0);
  });

  it('refuses one file of a two-file 2B, and imports both together', () => {
    const one = cli('import', 'gstr2b', join(F, 'gstr2b-102026-part1.json'));
    expect(one.code).toBe(3);
    expect(one.stderr).toContain('comes in 2 files');
    const both = cli(
      '--format',
      'json',
      'import',
      'gstr2b',
      join(F, 'gstr2b-102026-part1.json'),
      join(F, 'gstr2b-102026-part2.json'),
    );
    expect(both.code).toBe(0);
    const r = JSON.parse(both.stdout) as {
      period: string;
      check: { decisions: { recompute: boolean } };
    };
    expect(r.period).toBe('102026');
    expect(r.check.decisions.recompute).toBe(false);
  });

  it("imports November's 2B with all its sections and finds it agrees with the decisions", () => {
    const r = cli('--format', 'json', 'import', 'gstr2b', join(F, 'gstr2b-112026.json'));
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as {
      documents: Record<string, Record<string, number>>;
      check: { decisions: { recompute: boolean; compared: number }; totals: { equal: boolean } };
    };
    expect(j.documents).toEqual({ docdata: { b2b: 2, isd: 1, impg: 1 }, docRejdata: { b2b: 1 } });
    // NOV-0001 (no action), NOV-0002 (rejected), NOV-0004 (pending); NOV-0003's supplier has not filed.
    expect(j.check.decisions).toMatchObject({ recompute: false, compared: 3 });
    expect(j.check.totals.equal).toBe(true);
  });

  it('report itc --period keeps records waiting for the supplier apart', () => {
    const r = cli('--format', 'json', 'report', 'itc', '--period', '112026');
    const j = JSON.parse(r.stdout) as Record<string, { total: string; count: number }>;
    expect(j.netAvailable?.total).toBe('18000.00');
    expect(j.waitingForSupplier).toMatchObject({ count: 1, total: '1800.00' });
    const oct = JSON.parse(
      cli('--format', 'json', 'report', 'itc', '--period', '102026').stdout,
    ) as Record<string, { total: string }>;
    expect(oct.netAvailable?.total).toBe('7074.58');
  });

  it('report 3b names the excess of Rs 7,074.58 and exits 0', () => {
    expect(cli('import', 'gstr3b', join(F, 'gstr3b-112026.json')).code).toBe(0);
    const r = cli('--format', 'json', 'report', '3b', '--period', '112026');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      period: '112026',
      claimed: {
        igst: '0.00',
        cgst: '12537.29',
        sgst: '12537.29',
        cess: '0.00',
        total: '25074.58',
      },
      available: {
        igst: '0.00',
        cgst: '9000.00',
        sgst: '9000.00',
        cess: '0.00',
        total: '18000.00',
      },
      excess: { igst: '0.00', cgst: '3537.29', sgst: '3537.29', cess: '0.00', total: '7074.58' },
    });
  });

  it('with the books, the October invoice booked in November explains the excess', () => {
    expect(cli('import', 'register', join(F, 'register-nov.csv')).code).toBe(0);
    expect(cli('reconcile').code).toBe(0);
    const r = cli('report', '3b', '--period', '112026');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Excess ITC Rs 7,074\.58/);
    expect(r.stdout).toMatch(
      /b2b\|27AAACS1234F1ZS\|OCT-0001\|2026-27 +Oct 2026 +7,074\.58 +in the 2B of Oct 2026 \(deemed accepted\)/,
    );
    expect(r.stdout).toContain('not crossed');
    // A limit of Rs 5,000 and 20%: crossed.
    expect(
      cli('report', '3b', '--period', '112026', '--threshold-amount', '5000').stdout,
    ).toContain('CROSSED');
  });

  it('a rejection after the 2B was generated asks for a recompute, with the record', () => {
    expect(cli('act', 'reject', '--number', 'NOV-0001', '--remark', 'wrong rate').code).toBe(0);
    const r = cli('report', '2b', '--period', '112026');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Recompute the 2B on the portal before filing 3B');
    expect(r.stdout).toContain('TWOB_REJECTED_PRESENT');
    expect(r.stdout).toContain('NOV-0001');
    expect(r.stdout).toContain('upload the decision, then recompute');
  });

  it('report pending lists the record kept Pending with its decide-by date', () => {
    const r = cli('--format', 'json', 'report', 'pending', '--period', '122026');
    const j = JSON.parse(r.stdout) as {
      rows: {
        docNumber: string;
        twoBPeriod: string;
        periodsCarried: number;
        decideBy: string;
        rule: string;
      }[];
    };
    expect(
      j.rows.map((x) => [x.docNumber, x.twoBPeriod, x.periodsCarried, x.decideBy, x.rule]),
    ).toEqual([['NOV-0004', '112026', 1, '2027-11-30', 's16(4)']]);
  });

  it('--period narrows status and export upload to one 2B period', () => {
    const s = JSON.parse(cli('--format', 'json', 'status', '--period', '102026').stdout) as {
      totals: { total: number };
    };
    expect(s.totals.total).toBe(1);
    const none = cli('export', 'upload', '--period', '102026', '--out', join(tempDir(), 'up.json'));
    expect(none.code).toBe(4); // October holds no decision to upload; the November reject is left out
    const nov = cli(
      '--format',
      'json',
      'export',
      'upload',
      '--period',
      '112026',
      '--out',
      join(tempDir(), 'up.json'),
    );
    expect(nov.code).toBe(0);
    expect((JSON.parse(nov.stdout) as { save: number }).save).toBe(1);
    expect(cli('status', '--period', '13-2026').code).toBe(2);
  });

  it('--period narrows export excel, its Home sheet counts included', async () => {
    const file = join(tempDir(), 'oct.xlsx');
    expect(cli('export', 'excel', '--period', '102026', '--out', file).code).toBe(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const b2b = book.getWorksheet('B2B');
    expect(b2b?.actualRowCount).toBe(2); // the header and October's one record
    const home = book.worksheets[0];
    const counts: unknown[][] = [];
    home?.eachRow((row) => {
      const v = row.values as unknown[];
      if (v.includes('B2B') || v.includes('Total')) counts.push(v.filter((x) => x != null));
    });
    expect(counts).toEqual([
      ['B2B', 'B2B invoices', 1, 0, 0],
      ['Total', '', 1],
    ]);
  });

  it('refuses a 3B report for a period without a 3B (exit 4) and a file that is not a 2B (exit 3)', () => {
    expect(cli('report', '3b', '--period', '102026').code).toBe(4);
    const bad = cli('import', 'gstr2b', join(F, 'gstr3b-112026.json'));
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain('GSTR-2B');
  });
});

describe.runIf(existsSync(IC))('the shared india-compliance 2B fixtures import', () => {
  it.each(['test_gstr_2b.json', 'test_gstr_2b_v4_0.json'])('%s', (name) => {
    const db = join(tempDir(), 'w.sqlite');
    const r = runCli([
      '--db',
      db,
      '--gstin',
      '01AABCE2207R1Z5',
      '--format',
      'json',
      'import',
      'gstr2b',
      join(IC, name),
    ]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as {
      period: string;
      documents: Record<string, Record<string, number>>;
    };
    expect(j.period).toBe('032020');
    expect(Object.keys(j.documents.docdata ?? {}).sort()).toEqual(
      name.includes('v4')
        ? ['b2b', 'b2ba', 'cdnr', 'cdnra', 'ecom', 'ecoma', 'impg', 'impgsez', 'isd', 'isda']
        : ['b2b', 'b2ba', 'cdnr', 'cdnra', 'impg', 'impgsez', 'isd', 'isda'],
    );
    if (name.includes('v4')) {
      expect(j.documents.itcrev).toEqual({ b2b: 1, b2ba: 1, cdnr: 1, cdnra: 1 });
      expect(Object.keys(j.documents.docRejdata ?? {}).length).toBeGreaterThan(0);
    }
  });
});
