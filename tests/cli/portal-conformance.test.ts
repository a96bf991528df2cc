// Portal conformance on the built binary (issue 10): the ITC-reduction declaration, what an
// upload carries, answers in every wrapper and for the right file, supplier edits, the scope of
// "gone", Pending windows without the portal's flag, backups and clean stops.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, FIXTURES, runCli, tempDir } from '../support/cli.js';

const RECIPIENT = '27AABCU9603R1ZN';
const SUP = '29AAACR5055K1Z3';
const ims = (f: string): string => join(FIXTURES, 'ims', f);

type Rec = Record<string, unknown>;
const inv = (n: string, o: Rec = {}): Rec => ({
  stin: SUP,
  inum: n,
  idt: '05-10-2026',
  inv_typ: 'R',
  srcform: 'R1',
  rtnprd: '102026',
  srcfilstatus: 'Filed',
  val: 1180,
  pos: '27',
  txval: 1000,
  iamt: 180,
  camt: 0,
  samt: 0,
  cess: 0,
  action: 'N',
  ispendactblocked: 'N',
  ...o,
});
const note = (n: string, o: Rec = {}): Rec => ({
  stin: SUP,
  nt_num: n,
  nt_dt: '06-10-2026',
  inv_typ: 'R',
  srcform: 'R1',
  rtnprd: '102026',
  srcfilstatus: 'Filed',
  val: 118,
  pos: '27',
  txval: 100,
  iamt: 18,
  camt: 0,
  samt: 0,
  cess: 0,
  action: 'N',
  ispendactblocked: 'N',
  isItcRedReqBlocked: 'N',
  ...o,
});
const download = (sections: Record<string, Rec[]>): string =>
  JSON.stringify({ gstin: RECIPIENT, imsDetails: sections });

function workspace() {
  const dir = tempDir();
  const db = join(dir, 'ws.sqlite');
  const cli = (...args: string[]) => runCli(['--db', db, '--user', 'ravi', ...args]);
  const json = <T>(...args: string[]): T => {
    const r = cli('--format', 'json', ...args);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as T;
  };
  const file = (name: string, text: string): string => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  return { dir, db, cli, json, file };
}

describe('the ITC-reduction declaration on Accept', () => {
  it('defaults to full on credit notes and says so; never on invoices; partial and none need a remark', () => {
    const w = workspace();
    expect(
      w.cli(
        'import',
        'ims',
        w.file(
          'd.json',
          download({
            b2b: [inv('INV-1')],
            b2bcn: [note('CN-1'), note('CN-2'), note('CN-3', { isItcRedReqBlocked: 'Y' })],
          }),
        ),
      ).code,
    ).toBe(0);
    const all = w.cli('act', 'accept', '--all');
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout).toContain("full reduction (the portal's default) on 2 records");
    const none = w.cli('act', 'accept', '--number', 'CN-2', '--itc-reduction', 'none');
    expect(none.code).toBe(3);
    expect(none.stderr).toContain('REMARK_REQUIRED');
    expect(
      w.cli(
        'act',
        'accept',
        '--number',
        'CN-2',
        '--itc-reduction',
        'none',
        '--remark',
        'ITC never availed',
      ).code,
    ).toBe(0);
    const out = join(w.dir, 'up.json');
    expect(w.cli('export', 'upload', '--out', out).code).toBe(0);
    const body = JSON.parse(readFileSync(out, 'utf8')) as { invdata: Record<string, Rec[]> };
    const cn = new Map((body.invdata.b2bcn ?? []).map((r) => [r.nt_num, r]));
    expect(cn.get('CN-1')).toMatchObject({ action: 'A', itcRedReq: 'Y' });
    expect(cn.get('CN-1')).not.toHaveProperty('declCgst');
    expect(cn.get('CN-2')).toMatchObject({
      action: 'A',
      itcRedReq: 'N',
      remarks: 'ITC never availed',
    });
    // Blocked by the portal: never carries the fields.
    expect(cn.get('CN-3')).toMatchObject({ action: 'A' });
    expect(cn.get('CN-3')).not.toHaveProperty('itcRedReq');
    expect(body.invdata.b2b?.[0]).not.toHaveProperty('itcRedReq');
    expect(w.cli('validate').code).toBe(0);
  });
});

describe("the portal's answers", () => {
  it('replays the real 2026 answer (GSP-wrapped, key cn, IMSSAV0054): the record is marked, never read as no errors', () => {
    const w = workspace();
    expect(w.cli('import', 'ims', ims('offline-download.json')).code).toBe(0);
    expect(w.cli('act', 'accept', '--number', 'CN-7').code).toBe(0);
    expect(w.cli('export', 'upload', '--out', join(w.dir, 'up.json')).code).toBe(0);
    const r = w.json<{
      statusCode: string;
      marked: { recordKey: string; code: string }[];
      uploadFile: { status: string };
    }>('import', 'errors', ims('status-gsp-wrapped-imssav0054.json'));
    expect(r.statusCode).toBe('PE');
    expect(r.marked).toEqual([
      expect.objectContaining({
        code: 'IMSSAV0054',
        recordKey: expect.stringContaining('CN-7') as string,
      }),
    ]);
    expect(r.uploadFile.status).toBe('partlyFailed');
  });

  it('refuses an answer it cannot read (exit 3), and changes nothing', () => {
    const w = workspace();
    expect(w.cli('import', 'ims', ims('offline-download.json')).code).toBe(0);
    expect(w.cli('act', 'accept', '--number', '0004512').code).toBe(0);
    expect(w.cli('export', 'upload', '--out', join(w.dir, 'up.json')).code).toBe(0);
    const before = w.cli('--format', 'json', 'status').stdout;
    for (const text of [
      '{"status_cd":1}',
      '{"result":{"whatever":true},"status_cd":1}',
      '{"status_cd":"DONE","error_report":{}}',
    ]) {
      const r = w.cli('import', 'errors', w.file('a.json', text));
      expect(r.code, text).toBe(3);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(w.cli('--format', 'json', 'status').stdout).toBe(before);
  });

  it('confirms only the file an answer belongs to, and status says which files wait', () => {
    const w = workspace();
    const invoices = Array.from({ length: 12 }, (_, i) => inv(`INV-${String(i).padStart(2, '0')}`));
    expect(w.cli('import', 'ims', w.file('d.json', download({ b2b: invoices }))).code).toBe(0);
    expect(w.cli('act', 'reject', '--all', '--remark', 'Not received').code).toBe(0);
    const exp = w.json<{
      files: { path: string; records: number; sha256: string }[];
      manifest: string;
    }>('export', 'upload', '--out', join(w.dir, 'up.json'), '--max-bytes', '900');
    expect(exp.files.length).toBeGreaterThanOrEqual(3);
    const manifest = JSON.parse(readFileSync(exp.manifest, 'utf8')) as {
      files: { name: string; sha256: string; records: number }[];
    };
    expect(manifest.files.map((f) => f.sha256)).toEqual(exp.files.map((f) => f.sha256));
    const first = exp.files[0] as { path: string; records: number };
    // A bare P names no record and three files wait: refused, naming them.
    const p = w.file(
      'answer.json',
      JSON.stringify({ status_cd: 'P', proc_cnt: String(first.records), err_cnt: '0' }),
    );
    const unsure = w.cli('import', 'errors', p);
    expect(unsure.code).toBe(3);
    for (const f of exp.files) expect(unsure.stderr).toContain(f.path);
    const r = w.json<{ confirmed: number; uploadFile: { name: string; status: string } }>(
      'import',
      'errors',
      p,
      '--for',
      first.path,
    );
    expect(r.confirmed).toBe(first.records);
    expect(r.uploadFile).toMatchObject({ name: first.path, status: 'accepted' });
    const s = w.json<{
      totals: { waitingUpload: number };
      uploadFiles: { name: string; status: string }[];
    }>('status');
    expect(s.totals.waitingUpload).toBe(12 - first.records);
    expect(s.uploadFiles.filter((f) => f.status === 'unanswered')).toHaveLength(
      exp.files.length - 1,
    );
    expect(w.cli('status').stdout).toContain('not yet answered');
  });

  it('writes the upload as a set: a re-export under the same name removes stale parts and temporaries', () => {
    const w = workspace();
    const invoices = Array.from({ length: 12 }, (_, i) => inv(`INV-${String(i).padStart(2, '0')}`));
    expect(w.cli('import', 'ims', w.file('d.json', download({ b2b: invoices }))).code).toBe(0);
    expect(w.cli('act', 'reject', '--all', '--remark', 'Not received').code).toBe(0);
    const out = join(w.dir, 'out', 'up.json');
    const big = w.json<{ files: { path: string }[] }>(
      'export',
      'upload',
      '--out',
      out,
      '--max-bytes',
      '900',
    );
    expect(big.files.length).toBeGreaterThanOrEqual(3);
    writeFileSync(join(w.dir, 'out', '.up.json.0a1b2c3d4e5f.tmp'), 'half a file');
    const small = w.json<{
      files: { path: string }[];
      removedStale: string[];
      cleanedTemporary: string[];
    }>('export', 'upload', '--out', out);
    expect(small.files).toHaveLength(1);
    expect(small.removedStale.length).toBe(big.files.length);
    expect(small.cleanedTemporary).toHaveLength(1);
    expect(readdirSync(join(w.dir, 'out')).sort()).toEqual(['up.json', 'up.manifest.json']);
  });
});

describe('re-imports', () => {
  it('scopes gone to the periods a download covers, and keeps an unsent decision as an error', () => {
    const w = workspace();
    const april = inv('APR-1', { rtnprd: '042026', idt: '05-04-2026' });
    const may = inv('MAY-1', { rtnprd: '052026', idt: '05-05-2026' });
    const may2 = inv('MAY-2', { rtnprd: '052026', idt: '06-05-2026' });
    expect(
      w.cli('import', 'ims', w.file('a.json', download({ b2b: [april, may, may2] }))).code,
    ).toBe(0);
    expect(w.cli('act', 'reject', '--number', 'MAY-2', '--remark', 'Not ours').code).toBe(0);
    const r = w.json<{
      summary: { gone: number };
      goneWithDecisionKeys: string[];
      periods: string[];
    }>('import', 'ims', w.file('b.json', download({ b2b: [may] })));
    expect(r.periods).toEqual(['052026']);
    expect(r.summary.gone).toBe(1);
    expect(r.goneWithDecisionKeys).toEqual([expect.stringContaining('MAY-2')]);
    const s = w.json<{ totals: { gone: number }; goneWithDecision: string[] }>('status');
    expect(s.totals.gone).toBe(1);
    expect(s.goneWithDecision).toEqual([expect.stringContaining('MAY-2')]);
    const v = w.cli('validate');
    expect(v.code).toBe(1);
    expect(v.stdout).toContain('GONE_NOT_UPLOADED');
  });

  it('refuses an empty download unless --allow-empty, and a new GSTIN unless named', () => {
    const w = workspace();
    expect(w.cli('import', 'ims', w.file('a.json', download({ b2b: [inv('X-1')] }))).code).toBe(0);
    const empty = w.file('empty.json', download({ b2b: [], b2bcn: [] }));
    const r = w.cli('import', 'ims', empty);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('--allow-empty');
    const ok = w.json<{ summary: { gone: number } }>('import', 'ims', empty, '--allow-empty');
    expect(ok.summary.gone).toBe(1);
    const other = w.file(
      'o.json',
      JSON.stringify({ gstin: '24AAACB1234C1ZL', imsDetails: { b2b: [inv('Y-1')] } }),
    );
    const refused = w.cli('import', 'ims', other);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('--gstin 24AAACB1234C1ZL');
    expect(w.cli('--gstin', '24AAACB1234C1ZL', 'import', 'ims', other).code).toBe(0);
  });
});

describe('Pending on credit notes without the portal flag', () => {
  it('refuses Pending before the October-2025 2B period, allows it for a later one', () => {
    const w = workspace();
    const old = note('CN-OLD', { rtnprd: '092025', nt_dt: '10-09-2025' });
    const fresh = note('CN-NEW', { rtnprd: '112026', nt_dt: '10-11-2026' });
    delete old.ispendactblocked;
    delete fresh.ispendactblocked;
    expect(w.cli('import', 'ims', w.file('d.json', download({ b2bcn: [old, fresh] }))).code).toBe(
      0,
    );
    const r = w.cli('act', 'pending', '--number', 'CN-OLD');
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('PENDING_NOT_YET_ALLOWED');
    // Today (Dec 2026) is within the window of a November-2026 note (until 20-01-2027).
    const ok = w.cli('act', 'pending', '--number', 'CN-NEW');
    expect(ok.code, ok.stderr).toBe(0);
  });
});

describe('a workspace can be copied safely', () => {
  it('backs up while the server runs, and a SIGTERM stop leaves no write-ahead log behind', async () => {
    const w = workspace();
    expect(w.cli('import', 'ims', ims('offline-download.json')).code).toBe(0);
    const server = spawn(process.execPath, [BIN, '--db', w.db, 'serve', '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, GST_IMS_DB: '' },
    });
    try {
      await new Promise<void>((resolve, reject) => {
        let out = '';
        server.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('serving')) resolve();
        });
        server.on('exit', (code) => reject(new Error(`server exited ${String(code)}`)));
        setTimeout(() => reject(new Error('server did not start')), 20_000);
      });
      expect(w.cli('act', 'accept', '--number', '0004512').code).toBe(0);
      const copy = join(w.dir, 'copy.sqlite');
      const b = w.cli('backup', copy);
      expect(b.code, b.stderr).toBe(0);
      expect(b.stdout).toContain('11 records');
      expect(w.cli('backup', copy).code).toBe(3);
      // The copy is a workspace of its own, holding the decision made while the server ran.
      const s = JSON.parse(runCli(['--db', copy, '--format', 'json', 'status']).stdout) as {
        totals: { waitingUpload: number };
      };
      expect(s.totals.waitingUpload).toBe(1);
    } finally {
      const stopped = new Promise<number | null>((resolve) =>
        server.on('exit', (code) => resolve(code)),
      );
      server.kill('SIGTERM');
      expect(await stopped).toBe(0);
    }
    const wal = `${w.db}-wal`;
    expect(!existsSync(wal) || statSync(wal).size === 0).toBe(true);
  });
});
