// Ctrl+C (SIGINT) during `gst-ims act accept --all` on a 100,000-record workspace (issue 18,
// decision 0044): the run stops at once with exit code 130 and says whether anything was saved
// (a signal that comes only once the decision is committed lets the run finish, exit 0);
// stopped before its commit, the workspace is exactly as it was (status counts, every record's
// state, the audit log), intact, and the same command then runs to its end.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateImsDownload } from '../../packages/gst-ims/src/generator/generate-ims.js';
import { BIN, REPO, runCli, tempDir } from '../support/cli.js';

const RECIPIENT = '27AABCU9603R1ZN';
const COUNT = 100_000;
/** Milliseconds after the run is seen inside its transaction that each SIGINT is sent. */
// The first two land early in the write (on any machine the decision's write of 100,000 records
// holds the lock far longer); the last may come after the run has ended, which must then be whole.
const DELAYS = [20, 200, 1500];
const ENV = { GST_IMS_NO_PROGRESS: '1', GST_IMS_DB: '' };
const ACT = ['act', 'accept', '--all', '--skip-refused'];

/** What a person can see of the workspace: status counts, each record's state, the audit log. */
function fingerprint(file: string): { status: unknown; audit: number; states: string } {
  const status = runCli(['--db', file, '--format', 'json', 'status'], { env: ENV });
  expect(status.code, status.stderr).toBe(0);
  const s = JSON.parse(status.stdout) as { totals: unknown; sections: unknown };
  const db = new Database(file, { readonly: true });
  try {
    const audit = db.prepare('select count(*) from audit_changes').pluck().get() as number;
    const hash = createHash('sha256');
    for (const row of db.prepare('select * from record_states order by rowid').raw().iterate())
      hash.update(JSON.stringify(row));
    return {
      status: { totals: s.totals, sections: s.sections },
      audit,
      states: hash.digest('hex'),
    };
  } finally {
    db.close();
  }
}

function integrity(file: string): string {
  const db = new Database(file);
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

/** Whether another connection holds the workspace's write lock (a transaction under way). */
function writeLocked(probe: Database.Database): boolean {
  try {
    probe.exec('BEGIN IMMEDIATE');
    probe.exec('ROLLBACK');
    return false;
  } catch (e) {
    if ((e as { code?: string }).code === 'SQLITE_BUSY') return true;
    throw e;
  }
}

/**
 * Starts the act and sends SIGINT `ms` after it is seen inside its transaction (holding the
 * write lock), so that the signal lands mid-way whatever the machine's speed.
 */
function actInterruptedInside(
  db: string,
  ms: number,
): Promise<{ code: number | null; signal: string | null; stderr: string; sent: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, '--db', db, '--user', 'asha', ...ACT], {
      cwd: REPO,
      env: { ...process.env, ...ENV },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const probe = new Database(db, { timeout: 0 });
    let sent = false;
    let timer: NodeJS.Timeout | undefined;
    const poll = setInterval(() => {
      if (timer !== undefined || !writeLocked(probe)) return;
      clearInterval(poll);
      timer = setTimeout(() => (sent = child.kill('SIGINT')), ms);
    }, 20);
    child.on('exit', (code, signal) => {
      clearInterval(poll);
      clearTimeout(timer);
      probe.close();
      resolve({ code, signal, stderr, sent });
    });
  });
}

describe('Ctrl+C during a bulk decision on 100,000 records', () => {
  const dir = tempDir('gst-ims-ctrl-c-');
  const base = join(dir, 'base.sqlite');
  let before: ReturnType<typeof fingerprint>;
  let after: ReturnType<typeof fingerprint>;
  let referenceMs = 0;

  beforeAll(() => {
    const file = join(dir, 'ims.json');
    writeFileSync(
      file,
      JSON.stringify(
        generateImsDownload({
          seed: 1,
          count: COUNT,
          recipientGstin: RECIPIENT,
          returnPeriod: '102026',
        }).json,
      ),
    );
    const imported = runCli(['--db', base, 'import', 'ims', file], { env: ENV });
    expect(imported.code, imported.stderr).toBe(0);
    before = fingerprint(base);
    const reference = join(dir, 'reference.sqlite');
    copyFileSync(base, reference);
    const started = Date.now();
    const done = runCli(['--db', reference, '--user', 'asha', ...ACT], { env: ENV });
    referenceMs = Date.now() - started;
    expect(done.code, done.stderr).toBe(0);
    after = fingerprint(reference);
    expect(after.audit).toBeGreaterThan(50_000);
  }, 300_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('stops at once with exit 130 and says nothing was saved; the workspace is as it was', async () => {
    const outcomes: string[] = [];
    for (const [i, ms] of DELAYS.entries()) {
      const ws = join(dir, `run-${i}.sqlite`);
      copyFileSync(base, ws);
      const run = await actInterruptedInside(ws, ms);
      const where = `run ${i}, SIGINT ${ms} ms into the transaction (run ${referenceMs} ms): ${run.stderr}`;
      if (!run.sent || run.code === 0) {
        // The signal came after the commit, while the result was being printed, or the run had
        // ended before it was due: the run ended as it would have, its decision whole.
        expect(run.code, where).toBe(0);
        expect(fingerprint(ws), where).toEqual(after);
        outcomes.push('finished');
        continue;
      }
      expect(run.code, where).toBe(130);
      expect(run.stderr, where).not.toMatch(/\n\s+at /); // no stack trace
      expect(integrity(ws), where).toBe('ok');
      const now = fingerprint(ws);
      if (/nothing was (saved|changed)/.test(run.stderr)) {
        expect(run.stderr, where).toMatch(/^gst-ims: interrupted \(Ctrl\+C\): nothing was saved/m);
        expect(now, where).toEqual(before);
        outcomes.push(run.stderr.includes('rolled back') ? 'rolled back' : 'before it began');
      } else {
        // Too late: the decision was committed whole, and the message says so.
        expect(run.stderr, where).toMatch(/after the change was saved/);
        expect(now, where).toEqual(after);
        outcomes.push('after the commit');
      }
    }
    // The signals did land inside the decision's transaction, which was rolled back.
    expect(
      outcomes.filter((o) => o === 'rolled back').length,
      outcomes.join('; '),
    ).toBeGreaterThanOrEqual(2);
    // And the workspace takes the same decision afterwards, to the same end.
    const ws = join(dir, 'run-0.sqlite');
    const again = runCli(['--db', ws, '--user', 'asha', ...ACT], { env: ENV });
    expect(again.code, again.stderr).toBe(0);
    expect(fingerprint(ws)).toEqual(after);
  }, 600_000);
});
