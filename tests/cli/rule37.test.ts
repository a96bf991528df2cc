// Rule 37 on the built binary: lines in status and report pending from the register's payment
// dates. Dates of 2020 keep the 180 days long past whatever today is.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, runCli, tempDir } from '../support/cli.js';

describe('rule 37 in status and report pending', () => {
  let db: string;
  const cli = (...args: string[]) => runCli(['--db', db, '--gstin', '27AABCU9603R1ZN', ...args]);
  beforeAll(() => {
    const dir = tempDir();
    db = join(dir, 'w.sqlite');
    const csv = join(dir, 'books.csv');
    writeFileSync(
      csv,
      [
        'Voucher No,Supplier GSTIN,Invoice No,Invoice Date,Taxable Value,IGST,CGST,SGST,Payment Date',
        'V1,24AAACB1234C1ZL,A-1,10-04-2020,1000,180,,,',
        'V2,24AAACB1234C1ZL,A-2,10-04-2020,500,90,,,15-01-2021',
        'V3,24AAACB1234C1ZL,A-3,10-04-2020,500,90,,,01-05-2020',
      ].join('\n'),
    );
    expect(cli('import', 'ims', join(FIXTURES, 'gstr2b', 'ims-oct-nov.json')).code).toBe(0);
    const r = cli('import', 'register', csv);
    expect(r.code, r.stderr).toBe(0);
  });

  it('report pending names the invoice to reverse (7-Oct-2020, 11/2020) and the one to claim again', () => {
    const r = cli('report', 'pending');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'Rule 37: 1 invoice(s) in the books still unpaid 180 days after their date: reverse Rs 180.00',
    );
    expect(r.stdout).toMatch(/A-1 +24AAACB1234C1ZL +10-04-2020 +07-10-2020 +Nov 2020 +180\.00/);
    expect(r.stdout).toMatch(/A-2 +24AAACB1234C1ZL +10-04-2020 +07-10-2020 +Jan 2021 +90\.00/);
    expect(r.stdout).not.toContain('A-3');
    const j = JSON.parse(cli('--format', 'json', 'report', 'pending').stdout) as {
      rule37: { reverse: { docNumber: string; tax: string }[] };
    };
    expect(j.rule37.reverse).toMatchObject([{ docNumber: 'A-1', tax: '180.00' }]);
  });

  it('status says it too', () => {
    const r = cli('status');
    expect(r.stdout).toContain('Rule 37: 1 invoice(s)');
  });
});
