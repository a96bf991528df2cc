// The built binary on PostgreSQL (issue 16): the same month's work run with `--db postgres://...`
// and with `--db file.sqlite` says the same and writes the same upload file; `workspace copy`
// moves a workspace between the two and back, checked by counts and checksums. Needs a
// PostgreSQL server (the test run starts one: packages/gst-ims/src/test-support); without one
// this suite is skipped loudly, or fails under GST_IMS_REQUIRE_POSTGRES=1.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { POSTGRES, REQUIRE_POSTGRES } from '../../packages/gst-ims/src/test-support/stores.js';
import type { CliResult } from '../support/cli.js';
import { runCli, tempDir } from '../support/cli.js';

const RECIPIENT = '27AABCU9603R1ZN';

if (!POSTGRES.available)
  console.warn(
    `\n!! POSTGRESQL CLI TESTS ${REQUIRE_POSTGRES ? 'FAIL' : 'SKIPPED'}: ${POSTGRES.absent ?? ''}\n`,
  );

interface TableCopy {
  table: string;
  rows: number;
  sha256: string;
}

/** A month's work, as a person would run it: every command that reads or writes the store. */
const SCRIPT: readonly (readonly string[])[] = [
  ['demo', '--dir', 'demo'],
  ['--format', 'json', 'status'],
  ['--format', 'json', 'reconcile'],
  ['config', 'set', 'amount', '600'],
  ['--format', 'json', 'rules'],
  ['--format', 'json', 'apply-proposals', '--only-safe'],
  ['act', 'pending', '--supplier', 'NO-SUCH-SUPPLIER'],
  ['act', 'reject', '--section', 'ecoma', '--all', '--remark', 'Not ours'],
  ['validate'],
  ['export', 'upload', '--out', 'up.json'],
  ['--format', 'json', 'history'],
  ['--format', 'json', 'report', 'itc'],
  ['import', 'gstr2b', 'demo/gstr2b-102026.json'],
  ['import', 'ims', `demo/ims-download-${RECIPIENT}-112026.json`],
  ['--format', 'json', 'status'],
  ['undo'],
  ['--format', 'json', 'status'],
  ['backup', 'copy.sqlite'],
];

/** Times, the workspace's name and the directory differ between the runs; the rest must not. */
function normalise(text: string, dir: string, db: string): string {
  return text
    .replaceAll(db, '<db>')
    .replaceAll(dir, '<dir>')
    .replace(/\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d(\.\d+)?Z?)?/g, '<time>')
    .replace(/\d+(\.\d+)? MB/g, '<size>');
}

describe.skipIf(!POSTGRES.available && !REQUIRE_POSTGRES)(
  'gst-ims --db postgres://... (built binary)',
  () => {
    const sqliteDir = tempDir('gst-ims-pg-cli-');
    const pgDir = tempDir('gst-ims-pg-cli-');
    const sqliteDb = join(sqliteDir, 'ws.sqlite');
    let pgDb = '';
    const run = (dir: string, db: string, args: readonly string[]): CliResult =>
      runCli(['--db', db, '--user', 'asha', ...args], { cwd: dir });
    const results: { sqlite: CliResult; postgres: CliResult }[] = [];

    beforeAll(async () => {
      pgDb = await POSTGRES.newLocation({ empty: true });
      for (const args of SCRIPT)
        results.push({
          sqlite: run(sqliteDir, sqliteDb, args),
          postgres: run(pgDir, pgDb, args),
        });
    }, 300_000);

    it('runs every command of a month with the same outcome and output as on SQLite', () => {
      expect(results).toHaveLength(SCRIPT.length);
      for (const [i, { sqlite, postgres }] of results.entries()) {
        const what = SCRIPT[i]?.join(' ') ?? '';
        expect(postgres.code, `${what}: ${postgres.stderr}`).toBe(sqlite.code);
        expect(normalise(postgres.stdout, pgDir, pgDb), what).toBe(
          normalise(sqlite.stdout, sqliteDir, sqliteDb),
        );
        expect(normalise(postgres.stderr, pgDir, pgDb), what).toBe(
          normalise(sqlite.stderr, sqliteDir, sqliteDb),
        );
      }
      // The script did real work: every step but the empty selection (exit 4) succeeded.
      expect(results.map((r) => r.postgres.code)).toEqual(
        SCRIPT.map((args) => (args.includes('NO-SUCH-SUPPLIER') ? 4 : 0)),
      );
      const status = JSON.parse(results[14]?.postgres.stdout ?? '{}') as {
        totals: { total: number };
      };
      expect(status.totals.total).toBeGreaterThan(1500);
    });

    it('writes the same upload file byte for byte', () => {
      const a = readFileSync(join(sqliteDir, 'up.json'));
      const b = readFileSync(join(pgDir, 'up.json'));
      expect(b.length).toBeGreaterThan(1000);
      expect(b.equals(a)).toBe(true);
    });

    it('backs a PostgreSQL workspace up into a SQLite file that opens as the same workspace', () => {
      expect(existsSync(join(pgDir, 'copy.sqlite'))).toBe(true);
      const fromCopy = runCli(['--db', join(pgDir, 'copy.sqlite'), '--format', 'json', 'status']);
      expect(fromCopy.code, fromCopy.stderr).toBe(0);
      expect(normalise(fromCopy.stdout, pgDir, join(pgDir, 'copy.sqlite'))).toBe(
        normalise(results[16]?.postgres.stdout ?? '', pgDir, pgDb),
      );
    });

    it('copies PostgreSQL -> SQLite -> PostgreSQL with every table the same, and reads the same', async () => {
      const file = join(pgDir, 'moved.sqlite');
      const out = runCli(['--format', 'json', 'workspace', 'copy', '--from', pgDb, '--to', file]);
      expect(out.code, out.stderr).toBe(0);
      const there = (JSON.parse(out.stdout) as { tables: TableCopy[] }).tables;
      const tables = new Map(there.map((t) => [t.table, t]));
      for (const t of ['records', 'record_docs', 'record_states', 'audit_events', 'audit_changes'])
        expect(tables.get(t)?.rows, t).toBeGreaterThan(0);
      for (const t of ['register_docs', 'match_results', 'exports', 'upload_files', 'returns'])
        expect(tables.get(t)?.rows, t).toBeGreaterThan(0);
      expect(await rowCounts(pgDb)).toEqual(new Map(there.map((t) => [t.table, t.rows] as const)));

      const back = await POSTGRES.newLocation();
      const again = runCli(['--format', 'json', 'workspace', 'copy', '--from', file, '--to', back]);
      expect(again.code, again.stderr).toBe(0);
      expect((JSON.parse(again.stdout) as { tables: TableCopy[] }).tables).toEqual(there);
      for (const args of [['status'], ['history'], ['report', 'itc']]) {
        const a = runCli(['--db', pgDb, '--format', 'json', ...args]);
        const b = runCli(['--db', back, '--format', 'json', ...args]);
        expect(b.code, b.stderr).toBe(0);
        expect(b.stdout, args.join(' ')).toBe(a.stdout);
      }
      // The copy's numbering goes on after the copied ids: a new import is logged, not refused.
      const imported = runCli([
        '--db',
        back,
        'import',
        'ims',
        join(pgDir, `demo/ims-download-${RECIPIENT}-112026.json`),
      ]);
      expect(imported.code, imported.stderr).toBe(0);
    });

    it('refuses to copy onto a workspace that holds data, and leaves it as it was', async () => {
      const before = await rowCounts(pgDb);
      const r = runCli(['workspace', 'copy', '--from', sqliteDb, '--to', pgDb]);
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/already holds a workspace/);
      expect(await rowCounts(pgDb)).toEqual(before);
      const missing = runCli([
        'workspace',
        'copy',
        '--from',
        join(pgDir, 'nope.sqlite'),
        '--to',
        join(pgDir, 'x.sqlite'),
      ]);
      expect(missing.code).toBe(3);
      expect(missing.stderr).toMatch(/no such workspace file/);
      expect(existsSync(join(pgDir, 'x.sqlite'))).toBe(false);
    });

    it('names the server without its password, and says why it cannot open', () => {
      const url = new URL(pgDb);
      url.username = 'nobody';
      url.password = 'hunter2';
      const r = runCli(['--db', url.toString(), 'status']);
      expect(r.code).toBe(3);
      expect(r.stderr).toContain('nobody:***@');
      expect(r.stderr).not.toContain('hunter2');
      expect(r.stderr).toMatch(/cannot open the workspace/);
    });
  },
);

async function rowCounts(url: string): Promise<Map<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT LIKE 'kysely%' AND table_name <> 'gst_ims_writers'",
    );
    const out = new Map<string, number>();
    for (const { name } of rows) {
      const r = await client.query<{ n: number }>(`SELECT COUNT(*)::int AS n FROM "${name}"`);
      out.set(name, r.rows[0]?.n ?? -1);
    }
    return out;
  } finally {
    await client.end();
  }
}
