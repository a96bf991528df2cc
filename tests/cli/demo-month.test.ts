// The README's "month end to end on the demo" on the built binary: the demo writes the month's
// files beside its download without importing them; October's 2B asks for a recompute (two
// rejects after it was generated); November's 3B exceeds its 2B by the October invoice booked on
// 3 November, and that invoice alone explains it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../support/cli.js';

const G = '27AABCU9603R1ZN';

describe('the demo month end', () => {
  let db: string;
  let d: string;
  const cli = (...args: string[]) => runCli(['--db', db, ...args]);
  let demoOut = '';
  beforeAll(() => {
    const dir = tempDir();
    db = join(dir, 'w.sqlite');
    d = join(dir, 'demo');
    const r = cli('demo', '--dir', d);
    expect(r.code, r.stderr).toBe(0);
    demoOut = r.stdout;
  });

  it('says how many records the demo holds, grouped as Indian readers expect', () => {
    expect(demoOut).toContain(': 1,500 records');
  });

  it('writes the month files and keeps the workspace to October: 1,500 records, no 2B', () => {
    for (const f of [
      'gstr2b-102026.json',
      `ims-download-${G}-112026.json`,
      'gstr2b-112026.json',
      'gstr3b-112026.json',
      'purchase-register-oct-nov-tally.csv',
    ])
      expect(existsSync(join(d, f)), f).toBe(true);
    expect(
      (JSON.parse(cli('--format', 'json', 'status').stdout) as { totals: { total: number } }).totals
        .total,
    ).toBe(1500);
    expect(cli('report', '2b', '--period', '102026').code).toBe(4);
  });

  it("October's 2B: recompute, for the two invoices rejected after it was generated", () => {
    const r = cli('import', 'gstr2b', join(d, 'gstr2b-102026.json'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'Recompute the 2B on the portal before filing 3B: 2 record(s) of Oct 2026',
    );
    expect(r.stdout.match(/TWOB_REJECTED_PRESENT/g)).toHaveLength(2);
  });

  it("November: download, books, reconcile, 2B agrees; the 3B's excess is the October invoice booked in November", () => {
    expect(cli('import', 'ims', join(d, `ims-download-${G}-112026.json`)).stdout).toContain(
      'gone 0',
    );
    expect(cli('import', 'register', join(d, 'purchase-register-oct-nov-tally.csv')).code).toBe(0);
    expect(cli('reconcile').code).toBe(0);
    const twoB = cli('import', 'gstr2b', join(d, 'gstr2b-112026.json'));
    expect(twoB.stdout).toContain(
      'docdata: b2b 187, b2ba 23, cdnr 43, cdnra 6, ecom 8, ecoma 6, isd 1, impg 1',
    );
    expect(twoB.stdout).toContain(
      'The 2B agrees with the IMS actions on all 291 record(s) of Nov 2026.',
    );
    expect(cli('import', 'gstr3b', join(d, 'gstr3b-112026.json')).code).toBe(0);
    const j = JSON.parse(cli('--format', 'json', 'report', '3b', '--period', '112026').stdout) as {
      excess: Record<string, string>;
    };
    expect(j.excess).toEqual({
      igst: '7230.38',
      cgst: '0.00',
      sgst: '0.00',
      cess: '0.00',
      total: '7230.38',
    });
    const r = cli('report', '3b', '--period', '112026');
    expect(r.stdout).toContain('Records that may explain it (Rs 7,230.38, exactly the excess):');
    expect(r.stdout).toMatch(
      /b2b\|07APOCM0861N1Z3\|MMH-2560\|2026-27 +Oct 2026 +7,230\.38 +in the 2B of Oct 2026 \(deemed accepted\) but booked on 2026-11-03/,
    );
  });
});
