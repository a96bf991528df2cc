// Ctrl+C (SIGINT) during `gst-ims import ims`, and a download refused after some of its batches
// were written (decision 0043: the import merges a batch at a time inside one transaction). The
// workspace is afterwards exactly as it was (or, for a SIGINT that came too late, holds the whole
// import): every table's row count and every record row the same, SQLite's integrity check
// passing, nothing of the interrupted run left over.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateImsDownload } from '../../packages/gst-ims/src/generator/generate-ims.js';
import { BIN, REPO, runCli, tempDir } from '../support/cli.js';

const RECIPIENT = '27AABCU9603R1ZN';
/** Records per download: several of the import's merge batches (10,000). */
const COUNT = 40_000;
/** Where in the reference run's duration each SIGINT lands. */
const POINTS = [0.2, 0.3, 0.45, 0.6, 0.75];
const ENV = { GST_IMS_NO_PROGRESS: '1', GST_IMS_DB: '' };

/** Table row counts, and a digest of every record row (no timestamps in these tables). */
function fingerprint(file: string): { counts: Record<string, number>; rows: string } {
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
    return { counts, rows: hash.digest('hex') };
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

/** Starts the import; sends SIGINT after `ms` unless it has finished by then. */
function importInterruptedAfter(
  db: string,
  file: string,
  ms: number,
): Promise<{ interrupted: boolean; code: number | null; signal: string | null }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [BIN, '--db', db, '--user', 'asha', 'import', 'ims', file],
      { cwd: REPO, env: { ...process.env, ...ENV }, stdio: 'ignore' },
    );
    let sent = false;
    const timer = setTimeout(() => {
      sent = child.kill('SIGINT');
    }, ms);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      // Stopped by the signal itself, or by a handler of it (exit 130, as shells report Ctrl+C).
      resolve({ interrupted: sent && (signal === 'SIGINT' || code === 130), code, signal });
    });
  });
}

describe('an import stopped half-way', () => {
  const dir = tempDir('gst-ims-sigint-');
  const base = join(dir, 'base.sqlite');
  const next = join(dir, 'next-month.json');
  let before: ReturnType<typeof fingerprint>;
  let after: ReturnType<typeof fingerprint>;
  let referenceMs = 0;
  const gen = (seed: number, period: string) =>
    generateImsDownload({ seed, count: COUNT, recipientGstin: RECIPIENT, returnPeriod: period })
      .json as { imsDetails: Record<string, Record<string, unknown>[]> };

  beforeAll(() => {
    const first = join(dir, 'first-month.json');
    writeFileSync(first, JSON.stringify(gen(1, '102026')));
    // Next month: new records, the old ones gone (the ordinary month-to-month import).
    writeFileSync(next, JSON.stringify(gen(2, '112026')));
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
  }, 240_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('Ctrl+C leaves the workspace as it was (or whole), intact, and importable again', async () => {
    const outcomes: string[] = [];
    for (const [i, point] of POINTS.entries()) {
      const ws = join(dir, `run-${i}.sqlite`);
      copyFileSync(base, ws);
      const run = await importInterruptedAfter(ws, next, Math.round(referenceMs * point));
      expect(integrity(ws), `run ${i}`).toBe('ok');
      const now = fingerprint(ws);
      const state =
        JSON.stringify(now) === JSON.stringify(before)
          ? 'unchanged'
          : JSON.stringify(now) === JSON.stringify(after)
            ? 'imported'
            : 'mixed';
      outcomes.push(`${run.interrupted ? 'interrupted' : `exited ${run.code}`}: ${state}`);
      expect(state, `run ${i} at ${point} of ${referenceMs} ms`).not.toBe('mixed');
      if (state === 'unchanged') {
        const again = runCli(['--db', ws, 'import', 'ims', next], {
          env: { ...ENV, GST_IMS_BUSY_TIMEOUT_MS: '1000' },
        });
        expect(again.code, again.stderr).toBe(0);
        expect(fingerprint(ws)).toEqual(after);
      }
    }
    // Most points land while the import runs (a signal after the commit finds it whole): the
    // test does stop imports half-way.
    expect(
      outcomes.filter((o) => o === 'interrupted: unchanged').length,
      outcomes.join('; '),
    ).toBeGreaterThanOrEqual(2);
  }, 600_000);

  it('a download refused at its last record leaves the workspace as it was', () => {
    const bad = gen(2, '112026');
    const ecoma = bad.imsDetails.ecoma as Record<string, unknown>[];
    (ecoma[ecoma.length - 1] as Record<string, unknown>).idt = '31-02-2026';
    const file = join(dir, 'next-month-bad.json');
    writeFileSync(file, JSON.stringify(bad));
    const ws = join(dir, 'refused.sqlite');
    copyFileSync(base, ws);
    const r = runCli(['--db', ws, 'import', 'ims', file], { env: ENV });
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/ecoma\[\d+\]\.idt/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(integrity(ws)).toBe('ok');
    expect(fingerprint(ws)).toEqual(before);
  }, 120_000);
});
