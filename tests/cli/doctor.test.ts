// `gst-ims --version` and `gst-ims doctor` are what a user pastes into a problem report; a
// workspace written by a newer gst-ims is refused by every command, and doctor says why.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { BIN, REPO, runCli, tempDir } from '../support/cli.js';

const VERSION = (
  JSON.parse(readFileSync(join(REPO, 'packages/gst-ims/package.json'), 'utf8')) as {
    version: string;
  }
).version;

describe('gst-ims --version and doctor', () => {
  it('--version prints the version of package.json', () => {
    const r = runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(VERSION);
  });

  it('on a Node.js older than 20, says so before loading anything (exit 3)', () => {
    // What an old Node.js reports, without installing one: the launcher reads process.versions.
    const r = spawnSync(
      process.execPath,
      [
        '--import',
        'data:text/javascript,Object.defineProperty(process.versions,"node",{value:"18.19.0"})',
        BIN,
        '--version',
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(r.status).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('needs Node.js 20 or newer; this is Node.js 18.19.0');
  });

  it('doctor reports each check as JSON too, and exits 0 when all pass', () => {
    const dir = tempDir();
    const db = join(dir, 'gst-ims.sqlite');
    const demo = runCli(['--db', db, 'demo'], { cwd: dir });
    expect(demo.code).toBe(0);
    const r = runCli(['--db', db, '--format', 'json', 'doctor'], { cwd: dir });
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as {
      version: string;
      ok: boolean;
      checks: { name: string; ok: boolean; detail: string }[];
    };
    expect(j.version).toBe(VERSION);
    expect(j.ok).toBe(true);
    expect(j.checks.map((c) => c.name)).toEqual([
      'Node.js',
      'native module',
      'workspace',
      'free disk',
    ]);
    expect(j.checks.find((c) => c.name === 'workspace')?.detail).toContain('(up to date)');
  });

  it('a workspace written by a newer gst-ims: commands refuse it (exit 3) unchanged, doctor names the problem', () => {
    const dir = tempDir();
    const file = join(dir, 'gst-ims.sqlite');
    expect(runCli(['--db', file, 'demo'], { cwd: dir }).code).toBe(0);
    const sqlite = new Database(file);
    sqlite
      .prepare('insert into kysely_migration (name, timestamp) values (?, ?)')
      .run('9999-later', '2027-01-01T00:00:00.000Z');
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    sqlite.close();
    const before = readFileSync(file);

    const status = runCli(['--db', file, 'status'], { cwd: dir });
    expect(status.code).toBe(3);
    expect(status.stdout).toBe('');
    expect(status.stderr).toContain('was written by a newer version of gst-ims');
    expect(status.stderr).toContain('9999-later');
    expect(status.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(file).equals(before)).toBe(true);

    const doctor = runCli(['--db', file, 'doctor'], { cwd: dir });
    expect(doctor.code).toBe(3);
    expect(doctor.stdout).toMatch(/PROBLEM +workspace: .*newer version of gst-ims/);
    expect(doctor.stderr).toContain('gst-ims doctor: 1 problem found: workspace');
  });
});
