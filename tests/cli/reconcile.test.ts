// The reconciliation flow on the built binary: demo -> import register (a CSV written here from
// the demo download) -> reconcile --out -> explain / link / unlink -> apply-proposals --only-safe
// -> status, plus config, rules, reports, follow-ups and the exit codes.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../support/cli.js';

const RECIPIENT = '27AABCU9603R1ZN';
const FIRST_COLUMNS = [
  'section',
  'supplier_gstin',
  'document_number',
  'document_date',
  'register_ref',
  'outcome',
  'score',
  'reasons',
  'proposed_action',
];

interface DemoRecord {
  stin: string;
  tradenm: string;
  inum?: string;
  idt?: string;
  nt_num?: string;
  nt_dt?: string;
  srcfilstatus: string;
  action: string;
  val: number;
  txval: number;
  iamt: number;
  camt: number;
  samt: number;
  cess: number;
}

/** A tiny CSV reader for the files we write (quoted cells, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length) rows.push([...row, cell]);
  return rows;
}

const rupees = (n: number): string =>
  n.toLocaleString('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

describe('gst-ims CLI: purchase-register reconciliation on the built binary', () => {
  const dir = tempDir('gst-ims-recon-');
  const db = join(dir, 'ws.sqlite');
  const demoDir = join(dir, 'demo');
  const cli = (...args: string[]) => runCli(['--db', db, '--user', 'asha', ...args]);
  const json = <T>(...args: string[]): T => {
    const r = cli('--format', 'json', ...args);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as T;
  };
  const picked: {
    exact: DemoRecord[];
    mismatch: DemoRecord;
    caseOnly: DemoRecord;
    creditNote: DemoRecord;
  } = {} as never;
  const registerFile = join(dir, 'purchase-register.csv');

  beforeAll(() => {
    // The demo imports its own register; this suite starts from its download alone.
    const r = runCli(['--db', join(dir, 'demo.sqlite'), 'demo', '--dir', demoDir]);
    expect(r.code, r.stderr).toBe(0);
    const imported = cli('import', 'ims', join(demoDir, `ims-download-${RECIPIENT}.json`));
    expect(imported.code, imported.stderr).toBe(0);
    const download = JSON.parse(
      readFileSync(join(demoDir, `ims-download-${RECIPIENT}.json`), 'utf8'),
    ) as { imsDetails: Record<string, DemoRecord[]> };
    // Filed, undecided invoices dated in September or October 2026 (inside the demo's IMS period 10/2026).
    const usable = (x: DemoRecord, d: string | undefined): boolean =>
      x.srcfilstatus === 'Filed' && x.action === 'N' && /^\d{2}-(09|10)-2026$/.test(d ?? '');
    const b2b = (download.imsDetails.b2b ?? []).filter((x) => usable(x, x.idt));
    const cn = (download.imsDetails.b2bcn ?? []).filter((x) => usable(x, x.nt_dt));
    expect(b2b.length).toBeGreaterThan(40);
    expect(cn.length).toBeGreaterThan(0);
    picked.exact = b2b.slice(0, 30);
    picked.caseOnly = b2b[30] as DemoRecord;
    picked.mismatch = b2b[31] as DemoRecord;
    picked.creditNote = cn[0] as DemoRecord;

    // A Tally-style export: title rows, Indian grouping, the credit note negative, a rate split.
    const lines = [
      'Demo Buyer Pvt Ltd',
      'Purchase Register',
      '1-Sep-2026 to 31-Oct-2026',
      '',
      'Date,Particulars,Voucher Type,Voucher No.,Supplier Invoice No.,Supplier Invoice Date,GSTIN/UIN,Taxable Value,Integrated Tax Amount,Central Tax Amount,State Tax Amount,Cess Amount,Gross Total',
    ];
    const row = (
      vch: string,
      type: string,
      x: DemoRecord,
      num: string,
      date: string,
      sign: 1 | -1,
      txval = x.txval,
    ): string =>
      [
        date,
        `"${x.tradenm}"`,
        type,
        vch,
        `"${num}"`,
        date,
        x.stin,
        ...[txval, x.iamt, x.camt, x.samt, x.cess, txval + x.iamt + x.camt + x.samt + x.cess].map(
          (n) => `"${rupees(sign * n)}"`,
        ),
      ].join(',');
    picked.exact.forEach((x, i) => {
      if (i === 0 && x.txval > 100) {
        // Two rate rows of one document: summed back into one.
        const part = Math.round(x.txval * 60) / 100;
        const head = { ...x, iamt: 0, camt: 0, samt: 0, cess: 0 };
        lines.push(row(`P-${i}`, 'Purchase', head, x.inum ?? '', x.idt ?? '', 1, part));
        lines.push(
          row(
            `P-${i}`,
            'Purchase',
            x,
            x.inum ?? '',
            x.idt ?? '',
            1,
            Math.round((x.txval - part) * 100) / 100,
          ),
        );
      } else lines.push(row(`P-${i}`, 'Purchase', x, x.inum ?? '', x.idt ?? '', 1));
    });
    lines.push(
      row(
        'P-30',
        'Purchase',
        picked.caseOnly,
        (picked.caseOnly.inum ?? '').toLowerCase(),
        picked.caseOnly.idt ?? '',
        1,
      ),
    );
    lines.push(
      row(
        'P-31',
        'Purchase',
        picked.mismatch,
        picked.mismatch.inum ?? '',
        picked.mismatch.idt ?? '',
        1,
        picked.mismatch.txval + 500,
      ),
    );
    lines.push(
      row(
        'CN-1',
        'Credit Note',
        picked.creditNote,
        picked.creditNote.nt_num ?? '',
        picked.creditNote.nt_dt ?? '',
        -1,
      ),
    );
    lines.push(
      row(
        'P-99',
        'Purchase',
        { ...(picked.exact[1] as DemoRecord) },
        'ONLY-IN-BOOKS-1',
        '15-10-2026',
        1,
        777,
      ),
    );
    lines.push(',Grand Total,,,,,,,,,,,');
    writeFileSync(registerFile, lines.join('\r\n'));
  });

  it('says what to do before the register is imported (exit 4)', () => {
    const r = cli('reconcile');
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('import it first (gst-ims import register FILE)');
  });

  it('imports the register, prints and saves the mapping', () => {
    const r = cli('import', 'register', registerFile);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      'Imported 34 document(s) from 36 row(s) of purchase-register.csv for 27AABCU9603R1ZN',
    );
    expect(r.stdout).toMatch(/preset tally; header row 5/);
    expect(r.stdout).toMatch(/docNumber\s+document number\s+Supplier Invoice No\./);
    expect(r.stdout).toMatch(/voucherDate\s+.*\s+Date/);
    expect(r.stderr).toContain('[TOTAL_ROW]');
  });

  it('refuses a bad file under --strict (exit 3) and leaves the register as it was', () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(
      bad,
      [
        'Supplier GSTIN,Invoice No,Invoice Date,Taxable Value,IGST',
        `${picked.exact[0]?.stin ?? ''},X-1,31-09-2026,100,18`,
      ].join('\n'),
    );
    const r = cli('import', 'register', bad, '--strict');
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('row 2, column "Invoice Date", value "31-09-2026"');
    expect(cli('import', 'register', bad, '--preset', 'marg').code).toBe(2);
    expect(cli('import', 'register', bad, '--map', 'Nope=docNumber').code).toBe(2);
    expect(cli('import', 'register', join(dir, 'absent.csv')).code).toBe(3);
  });

  it('reconciles: counts by outcome and a result file with the agreed columns', () => {
    const out = join(dir, 'result.csv');
    const r = cli('reconcile', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /Reconciled \d+ record\(s\) with 34 register document\(s\) for 27AABCU9603R1ZN; IMS period Oct 2026/,
    );
    expect(r.stdout).toMatch(/exact\s+3\d\b/);
    expect(r.stdout).toContain(`Wrote ${out}`);
    const rows = parseCsv(readFileSync(out, 'utf8'));
    const header = rows[0] as string[];
    expect(header.slice(0, 9)).toEqual(FIRST_COLUMNS);
    const col = (name: string): number => header.indexOf(name);
    const byNumber = (n: string): string[] =>
      rows.find((x) => x[col('document_number')] === n) as string[];
    const first = picked.exact[0] as DemoRecord;
    const exactRow = byNumber(first.inum ?? '');
    expect(exactRow.slice(0, 7)).toEqual([
      'b2b',
      first.stin,
      first.inum,
      first.idt,
      'P-0',
      'exact',
      '100',
    ]);
    expect(exactRow[col('proposed_action')]).toBe('accept');
    const caseRow = byNumber(picked.caseOnly.inum ?? '');
    expect(caseRow[col('register_ref')]).toBe('P-30');
    expect(caseRow[col('outcome')]).toBe('exact');
    const mm = byNumber(picked.mismatch.inum ?? '');
    expect(mm[col('outcome')]).toBe('mismatch');
    expect(mm[col('reasons')]).toContain('taxableDiff:500.00');
    expect(mm[col('proposed_action')]).toBe('pending');
    const cnRow = byNumber(picked.creditNote.nt_num ?? '');
    expect([cnRow[col('section')], cnRow[col('register_ref')], cnRow[col('outcome')]]).toEqual([
      'b2bcn',
      'CN-1',
      'exact',
    ]);
    const books = rows.find((x) => x[col('register_ref')] === 'P-99') as string[];
    expect(books.slice(0, 6)).toEqual([
      '',
      picked.exact[1]?.stin,
      '',
      '',
      'P-99',
      'missing_in_portal',
    ]);
    expect(books[col('register_document_number')]).toBe('ONLY-IN-BOOKS-1');
    const missing = rows.filter((x) => x[col('outcome')] === 'missing_in_register');
    expect(missing.length).toBeGreaterThan(1000);
    // Never a new Accept for a record missing in the books (an Accept the portal already holds is kept).
    const accepts = missing.filter((x) => x[col('proposed_action')] === 'accept');
    expect(
      accepts.every(
        (x) => x[col('current_action')] === 'accept' && x[col('proposal_safe')] === 'no',
      ),
    ).toBe(true);
  });

  it('writes the result as JSON and .xlsx too', async () => {
    const outJson = join(dir, 'result.json');
    expect(cli('reconcile', '--out', outJson).code).toBe(0);
    const rows = JSON.parse(readFileSync(outJson, 'utf8')) as Record<string, unknown>[];
    expect(Object.keys(rows[0] ?? {}).slice(0, 9)).toEqual(FIRST_COLUMNS);
    const outX = join(dir, 'result.xlsx');
    expect(cli('reconcile', '--out', outX).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(outX);
    const values = (wb.worksheets[0]?.getRow(1).values as unknown[]).slice(1, 10);
    expect(values).toEqual(FIRST_COLUMNS);
    expect(cli('reconcile', '--out', join(dir, 'result.txt')).code).toBe(2);
  });

  it('explains a match and a miss', () => {
    const mm = cli('explain', picked.mismatch.inum ?? '');
    expect(mm.code, mm.stderr).toBe(0);
    expect(mm.stdout).toContain('Outcome: mismatch');
    expect(mm.stdout).toContain('P-31');
    const books = json<{ kind: string; result: { outcome: string }; candidates: unknown[] }>(
      'explain',
      'P-99',
    );
    expect(books.kind).toBe('register');
    expect(books.result.outcome).toBe('missing_in_portal');
    expect(cli('explain', 'NO-SUCH-THING').code).toBe(3);
  });

  it('links and unlinks by hand', () => {
    const key = json<{ rows?: unknown }>('explain', picked.mismatch.inum ?? '') as unknown as {
      target: string;
    };
    const unl = cli('unlink', key.target);
    expect(unl.code, unl.stderr).toBe(0);
    expect(unl.stdout).toContain('will not be paired again');
    expect(json<{ result: { outcome: string } }>('explain', key.target).result.outcome).toBe(
      'missing_in_register',
    );
    const lnk = cli('link', key.target, 'P-31');
    expect(lnk.code, lnk.stderr).toBe(0);
    expect(lnk.stdout).toContain('Now mismatch');
    const again = cli('unlink', key.target);
    expect(again.stdout).toContain('Removed the link');
    expect(cli('link', key.target, 'P-31').code).toBe(0);
  });

  it('reads and changes settings and rules', () => {
    const all = json<{ name: string; value: string }[]>('config', 'get');
    expect(all.map((x) => [x.name, x.value])).toEqual([
      ['amount', '1.00'],
      ['total-tax-check', 'on'],
      ['percent', 'off'],
      ['date-window', '10'],
      ['period', 'auto'],
    ]);
    expect(cli('config', 'set', 'amount', '600').code).toBe(0);
    expect(json<{ name: string; value: string }[]>('config', 'get', 'amount')[0]?.value).toBe(
      '600.00',
    );
    const r = cli('reconcile', '--out', join(dir, 'wide.csv'));
    expect(r.code).toBe(0);
    expect(cli('config', 'set', 'amount', '1').code).toBe(0);
    expect(cli('config', 'set', 'date-window', 'ten').code).toBe(2);
    expect(cli('config', 'set', 'colour', 'red').code).toBe(2);

    const rules = json<unknown[]>('rules', 'list');
    expect(rules.length).toBeGreaterThan(3);
    const file = join(dir, 'rules.json');
    writeFileSync(file, JSON.stringify(rules.slice(0, 2)));
    expect(cli('rules', 'set', file).code).toBe(0);
    expect(json<unknown[]>('rules', 'list')).toHaveLength(2);
    writeFileSync(file, JSON.stringify([{ nonsense: true }]));
    expect(cli('rules', 'set', file).code).toBe(3);
    expect(cli('rules', 'reset').code).toBe(0);
    expect(json<unknown[]>('rules', 'list')).toEqual(rules);
  });

  it('reports per supplier and writes the follow-up pack', async () => {
    const rep = cli('report', 'reconcile');
    expect(rep.code, rep.stderr).toBe(0);
    expect(rep.stdout).toContain(picked.mismatch.stin);
    const out = join(dir, 'followups');
    const f = cli('export', 'followups', '--out', out);
    expect(f.code, f.stderr).toBe(0);
    const files = readdirSync(out);
    expect(
      files.some((x) => x.startsWith(`followup-${picked.mismatch.stin}`) && x.endsWith('.xlsx')),
    ).toBe(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(
      join(out, files.find((x) => x.startsWith(`followup-${picked.mismatch.stin}`)) as string),
    );
    expect(String(wb.worksheets[0]?.getCell('A1').value as string)).toContain(
      `GSTIN ${picked.mismatch.stin}`,
    );
    const csvOut = join(dir, 'followups-csv');
    const c = cli(
      'export',
      'followups',
      '--as',
      'csv',
      '--out',
      csvOut,
      '--message',
      'Dear {supplier_name},\\nplease check {count} document(s).',
    );
    expect(c.code, c.stderr).toBe(0);
    const csvFile = readdirSync(csvOut).find((x) =>
      x.startsWith(`followup-${picked.mismatch.stin}`),
    ) as string;
    const text = readFileSync(join(csvOut, csvFile), 'utf8');
    expect(text).toMatch(
      /^\ufeff"Dear .+,"\r\nplease check \d+ document\(s\)\.\r\n\r\nissue,our_ref,/,
    );
    expect(cli('--format', 'csv', 'status').code).toBe(2);
    expect(cli('export', 'followups', '--as', 'pdf', '--out', csvOut).code).toBe(2);
  });

  it('applies the safe proposals through the decision path, then status shows them', () => {
    const dry = cli('apply-proposals', '--only-safe', '--dry-run');
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/Would change: [1-9]/);
    const before = json<{ totals: { waitingUpload: number } }>('status');
    expect(before.totals.waitingUpload).toBe(0);
    const r = cli('apply-proposals', '--only-safe');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Changed: [1-9]/);
    const after = json<{ totals: { waitingUpload: number; byDecision: Record<string, number> } }>(
      'status',
    );
    expect(after.totals.waitingUpload).toBeGreaterThan(30);
    const first = picked.exact[0] as DemoRecord;
    const hist = json<{ entries: { source: string; toAction: string }[] }>(
      'history',
      first.inum ?? '',
      '--supplier',
      first.stin,
    );
    expect(hist.entries.map((e) => e.toAction)).toEqual(['accept']);
    expect(hist.entries[0]?.source).toMatch(/^rule:/);
    // The mismatch was never safe to accept; a second run has nothing left to do.
    expect(
      json<{ entries: unknown[] }>(
        'history',
        picked.mismatch.inum ?? '',
        '--supplier',
        picked.mismatch.stin,
      ).entries.every((e) => (e as { toAction: string }).toAction !== 'accept'),
    ).toBe(true);
    const again = cli('apply-proposals', '--only-safe');
    expect(again.code).toBe(4);
  });

  it('keeps decisions when the register is imported again', () => {
    const before = json<{ totals: { byDecision: Record<string, number> } }>('status');
    const r = cli('import', 'register', registerFile);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('replaced 34 document(s)');
    expect(
      json<{ totals: { byDecision: Record<string, number> } }>('status').totals.byDecision,
    ).toEqual(before.totals.byDecision);
    expect(existsSync(db)).toBe(true);
  });
});

describe('gst-ims CLI: real books (issue 13) on the built binary', () => {
  const dir = tempDir('gst-ims-realbooks-');
  const db = join(dir, 'ws.sqlite');
  const cli = (...args: string[]) => runCli(['--db', db, '--user', 'asha', ...args]);
  const INV1 = 'b2b|27AAACS1234F1ZS|INV/2026-27/0001|2026-27';
  const HEADER =
    'Voucher No,Supplier GSTIN,Supplier Name,Invoice No,Invoice Date,Document Type,Reverse Charge,Taxable Value,IGST,CGST,SGST';
  const OCTOBER = [
    'V1,27AAACS1234F1ZS,Shree Steel,INV/2026-27/0001,03-10-2026,Invoice,N,10000,0,900,900',
    'V5,27AABCK5678M1ZW,Speedy Roadways,LR-5521,17-10-2026,Invoice,Yes,25000,0,625,625',
    'V6,27AABCK5678M1ZW,Kiran Traders,OB-1,19-10-2026,Invoice,N,3000,0,270,270',
  ];
  const NOVEMBER = ['N1,27AABCK5678M1ZW,Kiran Traders,OB-2,05-11-2026,Invoice,N,4000,0,360,360'];

  beforeAll(() => {
    const ims = JSON.parse(
      readFileSync(join(import.meta.dirname, '../fixtures/ims/offline-download.json'), 'utf8'),
    ) as { imsDetails: { b2b: { inum: string; action: string }[] } };
    for (const r of ims.imsDetails.b2b) if (r.inum === 'INV/2026-27/0001') r.action = 'P';
    writeFileSync(join(dir, 'ims.json'), JSON.stringify(ims));
    writeFileSync(join(dir, 'books.csv'), [HEADER, ...OCTOBER, ...NOVEMBER].join('\n'));
    writeFileSync(
      join(dir, 'november.csv'),
      [HEADER, 'N1,27AABCK5678M1ZW,Kiran Traders,OB-2,05-11-2026,Invoice,N,4100,0,369,369'].join(
        '\n',
      ),
    );
    expect(cli('import', 'ims', join(dir, 'ims.json')).code).toBe(0);
    const r = cli('import', 'register', join(dir, 'books.csv'));
    expect(r.code, r.stderr).toBe(0);
  });

  it('reconcile counts the reverse-charge purchase as not_in_ims', () => {
    const r = cli('--format', 'json', 'reconcile');
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { counts: Record<string, number> }).counts.not_in_ims).toBe(1);
    const human = cli('reconcile');
    expect(human.stdout).toContain('never enter IMS');
  });

  it('apply-proposals --only-safe --dry-run keeps the Pending the portal holds and says why', () => {
    const r = cli('apply-proposals', '--only-safe', '--dry-run');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('kept their decision (no rule names it)');
    const line = r.stdout.split('\n').find((l) => l.includes(INV1));
    expect(line).toMatch(/pending\s+portal\s+accept\s+exact-accept/);
    const j = JSON.parse(
      cli('--format', 'json', 'apply-proposals', '--only-safe', '--dry-run').stdout,
    ) as { byRule: { changes: { key: string }[] }[] };
    expect(j.byRule.flatMap((b) => b.changes.map((c) => c.key))).not.toContain(INV1);
  });

  it('follow-ups never carry the reverse-charge purchase', () => {
    const out = join(dir, 'followups');
    const r = cli('export', 'followups', '--as', 'csv', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const text = readdirSync(out)
      .map((f) => readFileSync(join(out, f), 'utf8'))
      .join('\n');
    expect(text).toContain('OB-1');
    expect(text).not.toContain('LR-5521');
  });

  it('accepting a record missing in the books warns NOT_IN_BOOKS', () => {
    const r = cli('act', 'accept', '--number', 'ECO-401A', '--dry-run');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).toContain('NOT_IN_BOOKS');
  });

  it('re-importing November keeps October', () => {
    expect(cli('import', 'register', join(dir, 'november.csv')).code).toBe(0);
    const j = JSON.parse(
      cli('--format', 'json', 'reconcile', '--out', join(dir, 'r.json')).stdout,
    ) as { counts: Record<string, number> };
    expect(j.counts.not_in_ims).toBe(1);
    const rows = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as {
      register_ref: string;
      register_taxable: string | null;
    }[];
    expect(
      rows
        .map((x) => x.register_ref)
        .filter(Boolean)
        .sort(),
    ).toEqual(['N1', 'V1', 'V5', 'V6']);
    expect(rows.find((x) => x.register_ref === 'N1')?.register_taxable).toBe('4100.00');
  });
});
