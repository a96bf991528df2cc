// A failed command must not leave a new, empty workspace file behind, and must never touch a
// workspace that was there before it ran.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runCli, tempDir } from '../support/cli.js';

const ims = (f: string): string => join(FIXTURES, 'ims', f);
const bad = (f: string): string => join(FIXTURES, 'bad', f);
const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');
const COMPANIONS = ['', '-wal', '-shm', '-journal'];

describe('gst-ims CLI: a failed command leaves no new workspace file', () => {
  it('a failing import ims into a new path leaves no file (nor -wal/-shm, nor the directories it made)', () => {
    const dir = tempDir('gst-ims-newws-');
    for (const f of ['truncated.json', 'not-ims.json', 'wrong-amount.json']) {
      const db = join(dir, 'nested', 'deeper', 'ws.sqlite');
      const r = runCli(['--db', db, 'import', 'ims', bad(f)]);
      expect(r.code, r.stderr).toBe(3);
      expect(r.stderr).toContain(f);
      for (const c of COMPANIONS) expect(existsSync(db + c), `${db}${c} after ${f}`).toBe(false);
      expect(readdirSync(dir)).toEqual([]);
    }
  });

  it('a missing input file, a usage error or a command needing data leave no file either', () => {
    const dir = tempDir('gst-ims-newws-');
    const db = join(dir, 'ws.sqlite');
    const runs = [
      runCli(['--db', db, 'import', 'ims', join(dir, 'absent.json')]),
      // The API shape names no recipient: --gstin is required.
      runCli(['--db', db, 'import', 'ims', ims('api-legacy-download.json')]),
      runCli(['--db', db, 'status']),
      runCli([
        '--db',
        db,
        'import',
        'register',
        join(FIXTURES, 'register', 'tally-purchase-register.csv'),
      ]),
      runCli(['--db', db, 'export', 'upload', '--out', join(dir, 'up.json')]),
    ];
    for (const r of runs) expect(r.code, r.stderr).not.toBe(0);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('an empty GST_IMS_DB is taken as unset: the workspace is ./gst-ims.sqlite, kept after the command', () => {
    const dir = tempDir('gst-ims-newws-');
    const r = runCli(['import', 'ims', ims('offline-download.json')], {
      cwd: dir,
      env: { GST_IMS_DB: '' },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(dir, 'gst-ims.sqlite'))).toBe(true);
    const status = runCli(['--format', 'json', 'status'], { cwd: dir, env: { GST_IMS_DB: ' ' } });
    expect(JSON.parse(status.stdout)).toMatchObject({ totals: { total: 11 } });
  });

  it('a successful import into a new path keeps its file', () => {
    const dir = tempDir('gst-ims-newws-');
    const db = join(dir, 'ws.sqlite');
    const r = runCli(['--db', db, 'import', 'ims', ims('offline-download.json')]);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(db)).toBe(true);
    expect(JSON.parse(runCli(['--db', db, '--format', 'json', 'status']).stdout)).toMatchObject({
      totals: { total: 11 },
    });
  });

  it('a failing import into an existing workspace leaves it byte for byte as it was', () => {
    const dir = tempDir('gst-ims-newws-');
    const db = join(dir, 'ws.sqlite');
    expect(runCli(['--db', db, 'import', 'ims', ims('offline-download.json')]).code).toBe(0);
    const status = runCli(['--db', db, '--format', 'json', 'status']).stdout;
    const before = sha(db);
    for (const f of ['truncated.json', 'not-ims.json', 'empty.json']) {
      const r = runCli(['--db', db, 'import', 'ims', bad(f)]);
      expect(r.code).toBe(3);
      expect(existsSync(db)).toBe(true);
      expect(sha(db)).toBe(before);
    }
    expect(runCli(['--db', db, 'status']).code).toBe(0);
    expect(runCli(['--db', db, '--format', 'json', 'status']).stdout).toBe(status);
  });

  it('never removes a file that was there before the run, even an empty one', () => {
    const dir = tempDir('gst-ims-newws-');
    const db = join(dir, 'ws.sqlite');
    writeFileSync(db, '');
    const r = runCli(['--db', db, 'import', 'ims', bad('truncated.json')]);
    expect(r.code).toBe(3);
    expect(existsSync(db)).toBe(true);
  });
});
