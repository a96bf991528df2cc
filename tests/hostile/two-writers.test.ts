// Two processes writing one workspace: the second waits for the first (and says so), gives up
// with a clear message and exit 5 after GST_IMS_BUSY_TIMEOUT_MS, and never reports an internal
// error. The lock is held by a real second process (see lock-holder.ts) while the built CLI runs.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN, FIXTURES, REPO, runCli, tempDir } from '../support/cli.js';
import type { LockHolder } from './lock-holder.js';
import { holdWriteLock } from './lock-holder.js';

const WAITING = 'waiting for another gst-ims process to finish writing the workspace';

interface Status {
  totals: { total: number; waitingUpload: number };
}

/** Runs the CLI without blocking this process (the lock holder's output must keep flowing). */
function runCliAsync(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: REPO,
      env: { ...process.env, GST_IMS_DB: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('two writers on one workspace', () => {
  let db: string;
  let holder: LockHolder | null = null;
  const cli = (...args: string[]) => runCli(['--db', db, '--user', 'asha', ...args]);
  const status = (): Status => {
    const r = cli('--format', 'json', 'status');
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as Status;
  };

  beforeEach(() => {
    db = join(tempDir('gst-ims-two-writers-'), 'ws.sqlite');
    const r = cli('import', 'ims', join(FIXTURES, 'ims', 'offline-download.json'));
    expect(r.code, r.stderr).toBe(0);
  });

  afterEach(async () => {
    if (holder) {
      holder.child.kill('SIGKILL');
      await holder.done;
      holder = null;
    }
    rmSync(dirname(db), { recursive: true, force: true });
  });

  it('a command waits for the other writer, says so on stderr, and then succeeds', async () => {
    holder = await holdWriteLock(db, 2000);
    const r = await runCliAsync(['--db', db, 'act', 'accept', '--section', 'b2b']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(WAITING);
    expect(r.stdout).not.toContain('waiting');
    // The holder finished first: the command waited for it rather than failing.
    expect(await holder.done).toBe(0);
    expect(status().totals.waitingUpload).toBe(3);
  });

  it('gives up after GST_IMS_BUSY_TIMEOUT_MS with exit 5 and a clear message, changing nothing', async () => {
    holder = await holdWriteLock(db, 20_000);
    const r = await runCliAsync(['--db', db, 'act', 'accept', '--section', 'b2b'], {
      GST_IMS_BUSY_TIMEOUT_MS: '300',
    });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain(WAITING);
    expect(r.stderr).toContain(
      'another gst-ims process is still writing the workspace; gave up waiting after',
    );
    expect(r.stderr).not.toContain('internal error');
    holder.child.kill('SIGKILL');
    await holder.done;
    holder = null;
    expect(status().totals.waitingUpload).toBe(0);
  });

  it('an import waits too, and a read-only command does not wait at all', async () => {
    // Both started while the lock is held (one after the other, a slow machine's status could
    // outlast the lock, and the import then had nothing to wait for).
    holder = await holdWriteLock(db, 4000);
    const [read, imp] = await Promise.all([
      runCliAsync(['--db', db, '--format', 'json', 'status'], {
        GST_IMS_BUSY_TIMEOUT_MS: '100',
      }),
      runCliAsync([
        '--db',
        db,
        'import',
        'ims',
        join(FIXTURES, 'ims', 'offline-download-next.json'),
      ]),
    ]);
    expect(read.code, read.stderr).toBe(0);
    expect(read.stderr).not.toContain(WAITING);
    expect((JSON.parse(read.stdout) as Status).totals.total).toBe(11);
    expect(imp.code, imp.stderr).toBe(0);
    expect(imp.stderr).toContain(WAITING);
  });

  it('refuses a malformed GST_IMS_BUSY_TIMEOUT_MS as bad usage', () => {
    const r = runCli(['--db', db, 'act', 'accept', '--section', 'b2b'], {
      env: { GST_IMS_BUSY_TIMEOUT_MS: 'soon' },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('GST_IMS_BUSY_TIMEOUT_MS');
  });

  it('the lock holder really holds the lock (the tests above are not vacuous)', async () => {
    holder = await holdWriteLock(db, 20_000);
    const other = new Database(db, { timeout: 0 });
    try {
      expect(() => other.exec('BEGIN IMMEDIATE')).toThrow(/locked|busy/i);
    } finally {
      other.close();
    }
  });
});
