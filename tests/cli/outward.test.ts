// The supplier side on the built binary (issue 17): import outward in each documented shape
// (tests/fixtures/outward), the IMS0027 answer, refusals that change nothing, report outward
// (table and JSON), and the customer follow-up pack.
import { copyFileSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runCli, tempDir } from '../support/cli.js';

const G = '27AABCU9603R1ZN';
const fx = (name: string): string => join(FIXTURES, 'outward', name);

function workspace(): {
  db: string;
  dir: string;
  cli: (...args: string[]) => ReturnType<typeof runCli>;
} {
  const dir = tempDir('gst-ims-outward-cli-');
  const db = join(dir, 'w.sqlite');
  return { db, dir, cli: (...args) => runCli(['--db', db, ...args]) };
}

describe('gst-ims import outward / report outward', () => {
  it('imports the three shapes and reports the period by customer, action and tax head', () => {
    const { cli } = workspace();
    const s = cli('import', 'outward', fx('sales-gstr1-112026.json'));
    expect(s.stderr).toBe('');
    expect(s.code).toBe(0);
    expect(s.stdout).toContain(
      `Imported sales-gstr1-112026.json for ${G}, return period Nov 2026: GSTR-1 documents, 11 record(s) of 3 customer(s)`,
    );
    expect(s.stdout).toContain('accepted 4, rejected 4, pending 2, no action 1');
    expect(cli('import', 'outward', fx('sales-gstr1a-112026-gsp.json')).code).toBe(0);
    expect(cli('import', 'outward', fx('added-back-112026.json')).code).toBe(0);

    const r = cli('report', 'outward', '--period', '112026');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /29AAACR5055K1Z3\s+Rao Traders\s+4\s+1 \/ 11,800.00\s+2 \/ 7,080.00\s+1 \/ 2,360.00\s+-/,
    );
    expect(r.stdout).toContain(
      'Liability added back (your GSTR-3B), from the added-back download, 4 record(s):',
    );
    expect(r.stdout).toContain('IGST 288.25, CGST 18.00, SGST 18.00, cess 0.00: total 324.25');
    expect(r.stdout).toContain('Rejected, waiting for a correction: 1');
    expect(r.stdout).toMatch(/invoice INV-102\s+05-11-2026/);

    const j = cli('--format', 'json', 'report', 'outward', '--older-than', '10');
    expect(j.code).toBe(0);
    const body = JSON.parse(j.stdout) as {
      period: string;
      addedBack: { heads: Record<string, string> };
      pendingOlder: { docNumber: string; todo: string[] }[];
      documents: { docNumber: string; form: string; corrected: boolean; todo: string[] }[];
    };
    expect(body.period).toBe('112026');
    expect(body.addedBack.heads).toEqual({
      igst: '288.25',
      cgst: '18.00',
      sgst: '18.00',
      cess: '0.00',
      total: '324.25',
    });
    expect(body.pendingOlder.map((d) => d.docNumber)).toEqual(['INV-103', 'ECO-1']);
    expect(body.pendingOlder[0]?.todo).toEqual(['FOLLOW_UP_CUSTOMER']);
    const inv202 = body.documents.find((d) => d.docNumber === 'INV-202' && d.form === 'gstr1');
    expect(inv202).toMatchObject({ corrected: true, todo: ['CORRECTED'] });
  });

  it('reads IMS0027 as none only with --period, and refuses files without changing anything', () => {
    const { cli, dir } = workspace();
    expect(cli('import', 'outward', fx('sales-gstr1-112026.json')).code).toBe(0);
    const noPeriod = cli('import', 'outward', fx('added-back-none-ims0027.json'));
    expect(noPeriod.code).toBe(2);
    expect(noPeriod.stderr).toContain('give it with --period MMYYYY');
    const none = cli('import', 'outward', fx('added-back-none-ims0027.json'), '--period', '112026');
    expect(none.code).toBe(0);
    expect(none.stdout).toContain(
      'the portal answered IMS0027, no added-back liability for Nov 2026',
    );
    expect(cli('report', 'outward').stdout).toContain('none: the portal answered IMS0027');

    const before = cli('--format', 'json', 'report', 'outward').stdout;
    const bad = join(dir, 'bad-added-back.json');
    const data = JSON.parse(readFileSync(fx('added-back-112026.json'), 'utf8')) as {
      rejInvAddBackLiab: { cdnra: Record<string, unknown>[] };
    };
    data.rejInvAddBackLiab.cdnra[0]!.nt_dt = '31-02-2026';
    writeFileSync(bad, JSON.stringify(data));
    const refused = cli('import', 'outward', bad);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toBe(
      'gst-ims: bad-added-back.json: rejInvAddBackLiab.cdnra[0] (document "CN-12"): nt_dt: expected a date DD-MM-YYYY, found "31-02-2026" [BAD_DATE]\n',
    );
    const error = join(dir, 'error.json');
    writeFileSync(
      error,
      JSON.stringify({
        status_cd: '0',
        error: { error_cd: 'RET11416', message: 'No invoices found' },
      }),
    );
    const e = cli('import', 'outward', error, '--period', '112026');
    expect(e.code).toBe(3);
    expect(e.stderr).toContain('[PORTAL_ERROR_ANSWER]');
    const recipient = join(dir, 'ims.json');
    copyFileSync(join(FIXTURES, 'ims/offline-download.json'), recipient);
    const r = cli('import', 'outward', recipient);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('import it with gst-ims import ims');
    // Nothing of the refused files reached the workspace.
    expect(cli('--format', 'json', 'report', 'outward').stdout).toBe(before);
  });

  it('says there is nothing to report in a workspace without a supplier-view import', () => {
    const { cli } = workspace();
    expect(cli('import', 'ims', join(FIXTURES, 'ims/offline-download.json')).code).toBe(0);
    const r = cli('report', 'outward');
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('gst-ims import outward FILE');
    expect(cli('report', 'outward', '--older-than', 'x').code).toBe(2);
  });
});

describe('gst-ims export customer-followups', () => {
  it('writes one file per customer with its rejections, pending documents and remarks', () => {
    const { cli, dir } = workspace();
    expect(cli('import', 'outward', fx('sales-gstr1-112026.json')).code).toBe(0);
    const out = join(dir, 'letters');
    const r = cli(
      'export',
      'customer-followups',
      '--out',
      out,
      '--as',
      'csv',
      '--message',
      'Dear {customer_name},\\n{count} document(s)',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Wrote 3 follow-up file(s) for Nov 2026');
    const files = readdirSync(out).sort();
    expect(files).toEqual([
      'customer-followup-07AAACT2727Q1ZY.csv',
      'customer-followup-27AAACS1234F1ZS.csv',
      'customer-followup-29AAACR5055K1Z3.csv',
    ]);
    const text = readFileSync(join(out, files[2]!), 'utf8').replace(/^\ufeff/, '');
    const lines = text.split(/\r?\n/);
    expect(lines.slice(0, 2)).toEqual(['"Dear 29AAACR5055K1Z3,"', '3 document(s)']);
    expect(lines).toContain(
      'rejected,Goods not received,we will correct it or re-report it; please accept it then,GSTR-1,invoice,INV-102,05-11-2026,,5000.00,900.00,0.00,0.00,0.00,5900.00',
    );
  });
});

describe('gst-ims import sales-register', () => {
  it('reads the books with the register machinery and links the report to them', () => {
    const { cli } = workspace();
    expect(cli('import', 'outward', fx('sales-gstr1-112026.json')).code).toBe(0);
    const r = cli('import', 'sales-register', fx('sales-register-nov.csv'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      `Imported sales-register-nov.csv for ${G}: 6 sales document(s) dated in Oct 2026, Nov 2026`,
    );
    expect(r.stdout).toContain('supplierGstin <- "Customer GSTIN"');
    const rep = cli('report', 'outward');
    expect(rep.stdout).toContain(
      'Books (sales register): 5 document(s) linked, 1 of them with other amounts in the books; 6 not in the books.',
    );
    expect(rep.stdout).toMatch(/27AAACS1234F1ZS\s+Sharma Steel/);
    expect(rep.stdout).toMatch(
      /invoice INV-102\s+05-11-2026\s+\d+\s+5,900.00\s+S-2\s+Goods not received/,
    );
    const bad = cli('import', 'sales-register', fx('sales-register-nov.csv'), '--map', 'Nope');
    expect(bad.code).toBe(2);
  });
});
