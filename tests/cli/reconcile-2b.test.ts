// Books documents that never enter IMS, against the GSTR-2B (issue 12 (c), issue 13 point 2), on
// the built binary over tests/fixtures/gstr2b/*-outside-ims.*: December's register with reverse
// charge, imports and ISD documents, and December's 2B carrying some of them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, runCli, tempDir } from '../support/cli.js';

const F = join(FIXTURES, 'gstr2b');

describe('reconcile and report 2b: documents outside IMS found in the 2B', () => {
  let dir: string;
  const cli = (...args: string[]) => runCli(['--db', join(dir, 'w.sqlite'), ...args]);
  const reasons = (out: string): Record<string, string> => {
    const rows = parse<Record<string, string>>(readFileSync(out, 'utf8'), { columns: true });
    return Object.fromEntries(rows.map((r) => [r.register_ref ?? '', r.reasons ?? '']));
  };
  beforeAll(() => {
    dir = tempDir();
    expect(cli('import', 'ims', join(F, 'ims-oct-nov.json')).code).toBe(0);
    expect(cli('import', 'register', join(F, 'register-dec-outside-ims.csv')).code).toBe(0);
  });

  it('before a 2B of the period is imported, not_in_ims rows carry only their kind', () => {
    expect(cli('reconcile', '--period', '122026', '--out', join(dir, 'before.csv')).code).toBe(0);
    const r = reasons(join(dir, 'before.csv'));
    expect(r.D01).toBe('reverseCharge');
    expect(r.D06).toBe('import');
  });

  it('after it, each row says whether the 2B carries it, in which section, with the differences', () => {
    expect(cli('import', 'gstr2b', join(F, 'gstr2b-122026-outside-ims.json')).code).toBe(0);
    const run = cli('reconcile', '--period', '122026', '--out', join(dir, 'after.csv'));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('against the GSTR-2B of Dec 2026: 6 in the 2B');
    expect(reasons(join(dir, 'after.csv'))).toEqual({
      D01: 'reverseCharge; in2b:b2b',
      D02: 'reverseCharge; in2b:cdnr',
      D03: 'reverseCharge; notIn2b:122026',
      D04: 'isd; in2b:isd',
      D05: 'isd; notIn2b:122026',
      D06: 'import; in2b:impg',
      D07: 'import; in2b:impg; igstDiff2b:-100.00',
      D08: 'import; in2b:impgsez',
      D09: 'import; notIn2b:122026',
      D10: 'unregistered; neverIn2b',
      D11: '', // an ordinary purchase: IMS's business (missing_in_portal here)
    });
  });

  it('report 2b shows the 2B against the books: per section, and the unmatched on either side', () => {
    const j = cli('--format', 'json', 'report', '2b', '--period', '122026');
    expect(j.code).toBe(0);
    const books = (
      JSON.parse(j.stdout) as {
        books: {
          byKind: Record<string, Record<string, number>>;
          notInBooks: { docNumber: string }[];
        };
      }
    ).books;
    expect(books.byKind.import).toMatchObject({
      matched: 3,
      matchedBooksTax: '14500.00',
      matchedTwoBTax: '14400.00',
      withDifferences: 1,
      notIn2b: 1,
      notIn2bTax: '540.00',
    });
    expect(books.byKind.reverseCharge).toMatchObject({
      matched: 2,
      notIn2b: 1,
      notIn2bTax: '900.00',
      notInBooks: 0,
    });
    expect(books.notInBooks.map((x) => x.docNumber)).toEqual(['ISD-13']);
    const t = cli('report', '2b', '--period', '122026');
    expect(t.code).toBe(0);
    expect(t.stdout).toContain('2B against the books');
    expect(t.stdout).toMatch(/imports +3 +14,500\.00 +14,400\.00 +1 +1 +540\.00 +0 +0\.00/);
    expect(t.stdout).toMatch(/D07 +2222222 +impg +igstDiff2b:-100\.00/);
    expect(t.stdout).toMatch(/D03 +reverse charge +29AAACR5055K1Z3 +RCM-0011 +15-12-2026 +900\.00/);
    expect(t.stdout).toMatch(/isd +27AAACI1234H1Z2 +ISD-13 +24-12-2026 +100\.00/);
  });
});
