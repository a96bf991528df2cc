// kill -9 during `gst-ims import ims`: whenever the process dies, the workspace is either exactly
// as it was or holds the whole import, passes SQLite's integrity check, and the import can simply
// be run again. Small data (3,000 records) and a handful of kill points.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateImsDownload } from '../../packages/gst-ims/src/generator/generate-ims.js';
import { BIN, REPO, runCli, tempDir } from '../support/cli.js';

const RECIPIENT = '27AABCU9603R1ZN';
/** Where in the reference run's duration each kill lands. */
const KILL_POINTS = [0.15, 0.35, 0.55, 0.75, 0.9];
/** Earlier points, tried only when a busy machine let too many runs finish before their kill. */
const MORE_POINTS = [0.1, 0.05, 0.25, 0.08, 0.03, 0.12];
const ENV = { GST_IMS_NO_PROGRESS: '1', GST_IMS_DB: '' };

/** Table row counts, and a digest of every record row (no timestamps in these tables). */
function fingerprint(file: string): { counts: Record<string, number>; records: string } {
  const db = new Database(file);
  try {
    const counts: Record<string, number> = {};
    const tables = db
      .prepare("select name from sqlite_master where type = 'table' order by name")
      .pluck()
      .all() as string[];
    for (const t of tables)
      counts[t] = db.prepare(`select count(*) from "${t}"`).pluck().get() as number;
    const hash = createHash('sha256');
    for (const t of ['records', 'record_docs', 'record_states'])
      for (const row of db.prepare(`select * from "${t}" order by id`).raw().iterate())
        hash.update(JSON.stringify(row));
    return { counts, records: hash.digest('hex') };
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

/** Starts the import; kills it with SIGKILL after `ms` unless it has finished by then. */
function importKilledAfter(
  db: string,
  file: string,
  ms: number,
): Promise<{ killed: boolean; code: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [BIN, '--db', db, '--user', 'asha', 'import', 'ims', file],
      { cwd: REPO, env: { ...process.env, ...ENV }, stdio: 'ignore' },
    );
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ killed: signal === 'SIGKILL', code });
    });
  });
}

describe('kill -9 during an import', () => {
  const dir = tempDir('gst-ims-kill9-');
  const base = join(dir, 'base.sqlite');
  const next = join(dir, 'next-month.json');
  let before: ReturnType<typeof fingerprint>;
  let after: ReturnType<typeof fingerprint>;
  let referenceMs = 0;

  beforeAll(() => {
    const first = join(dir, 'first-month.json');
    const gen = (seed: number, period: string) =>
      JSON.stringify(
        generateImsDownload({ seed, count: 3000, recipientGstin: RECIPIENT, returnPeriod: period })
          .json,
      );
    writeFileSync(first, gen(1, '102026'));
    // Next month: new records, the old ones gone (the ordinary month-to-month import).
    writeFileSync(next, gen(2, '112026'));
    const r = runCli(['--db', base, 'import', 'ims', first], { env: ENV });
    expect(r.code, r.stderr).toBe(0);
    before = fingerprint(base);
    const reference = join(dir, 'reference.sqlite');
    copyFileSync(base, reference);
    const started = Date.now();
    const done = runCli(['--db', reference, 'import', 'ims', next], { env: ENV });
    referenceMs = Date.now() - started;
    expect(done.code, done.stderr).toBe(0);
    after = fingerprint(reference);
    expect(after).not.toEqual(before);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('leaves the workspace unchanged or fully imported, intact, and importable again', async () => {
    const outcomes: string[] = [];
    const killed = (): number => outcomes.filter((o) => o.startsWith('killed')).length;
    for (const [i, point] of [...KILL_POINTS, ...MORE_POINTS].entries()) {
      if (i >= KILL_POINTS.length && killed() >= 3) break;
      const ws = join(dir, `run-${i}.sqlite`);
      copyFileSync(base, ws);
      const run = await importKilledAfter(ws, next, Math.round(referenceMs * point));
      // Checked before anything else opens the file the way gst-ims does.
      expect(integrity(ws), `run ${i}`).toBe('ok');
      const status = runCli(['--db', ws, '--format', 'json', 'status'], { env: ENV });
      expect(status.code, status.stderr).toBe(0);
      const now = fingerprint(ws);
      const state =
        JSON.stringify(now) === JSON.stringify(before)
          ? 'unchanged'
          : JSON.stringify(now) === JSON.stringify(after)
            ? 'imported'
            : 'mixed';
      outcomes.push(`${run.killed ? 'killed' : `exited ${run.code}`}: ${state}`);
      expect(state, `run ${i} at ${point} of ${referenceMs} ms`).not.toBe('mixed');
      if (state === 'unchanged') {
        // The lock died with the process: the import runs again at once, to the same end.
        const again = runCli(['--db', ws, 'import', 'ims', next], {
          env: { ...ENV, GST_IMS_BUSY_TIMEOUT_MS: '1000' },
        });
        expect(again.code, again.stderr).toBe(0);
        expect(fingerprint(ws)).toEqual(after);
      }
    }
    // Most kill points land before the import could finish: the test does kill imports.
    expect(killed(), outcomes.join('; ')).toBeGreaterThanOrEqual(3);
  });
});
