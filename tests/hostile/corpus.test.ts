// The corpus of bad files (tests/hostile/corpus/cases.json) through the built binary: each file
// gets its exit code and a message naming the file (and, for portal JSON, the field path) with
// the expected fragments, never a stack trace; a refused file leaves the workspace exactly as it
// was (its status and every table row). The workspace holds a download, decisions waiting for
// upload and the upload's recorded files, so a refusal has something to spoil.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliResult } from '../support/cli.js';
import { BIN, FIXTURES, REPO, runCli, tempDir } from '../support/cli.js';

const CORPUS = join(REPO, 'tests/hostile/corpus');
const COMMANDS = ['import ims', 'import errors', 'import register', 'import excel'] as const;

interface Case {
  file: string;
  build?: 'xlsx';
  command: (typeof COMMANDS)[number];
  args?: string[];
  exit: number;
  path: string | null;
  expect: string[];
  note: string;
}

type SpecCell = string | number | null | { formula: string } | { date: string };
interface WorkbookSpec {
  sheets: { name: string; rows: SpecCell[][] }[];
}

const ENV = { GST_IMS_NO_PROGRESS: '1' };

/**
 * The built binary, awaited: over a hundred synchronous runs in a row would keep the test
 * worker from answering vitest's own messages.
 */
function runCliAsync(args: readonly string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: REPO,
      env: { ...process.env, GST_IMS_DB: '', ...ENV },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const { cases } = JSON.parse(readFileSync(join(CORPUS, 'cases.json'), 'utf8')) as { cases: Case[] };

function cellValue(c: SpecCell): ExcelJS.CellValue {
  if (c === null || typeof c !== 'object') return c;
  // A formula without a result is what a workbook saved by a non-calculating tool holds.
  if ('formula' in c) return { formula: c.formula };
  return new Date(`${c.date}T00:00:00Z`);
}

async function buildWorkbook(spec: string, out: string): Promise<void> {
  const s = JSON.parse(readFileSync(join(CORPUS, spec), 'utf8')) as WorkbookSpec;
  const wb = new ExcelJS.Workbook();
  for (const sheet of s.sheets) {
    const ws = wb.addWorksheet(sheet.name);
    for (const row of sheet.rows) ws.addRow(row.map(cellValue));
  }
  await wb.xlsx.writeFile(out);
}

/** Every row of every table, hashed: a refusal must not change a single one. */
function digest(db: string): string {
  const conn = new Database(db, { readonly: true });
  try {
    const hash = createHash('sha256');
    const tables = conn
      .prepare("select name from sqlite_master where type = 'table' order by name")
      .pluck()
      .all() as string[];
    for (const t of tables) {
      hash.update(`\u0000${t}\u0000`);
      for (const row of conn.prepare(`select * from "${t}" order by 1`).raw().iterate())
        hash.update(JSON.stringify(row));
    }
    return hash.digest('hex');
  } finally {
    conn.close();
  }
}

describe('the corpus of bad files (built binary)', () => {
  const dir = tempDir('gst-ims-corpus-');
  const db = join(dir, 'ws.sqlite');
  const cli = (dbFile: string, args: readonly string[]) =>
    runCli(['--db', dbFile, '--user', 'asha', ...args], { env: ENV });
  const cliAsync = (dbFile: string, args: readonly string[]) =>
    runCliAsync(['--db', dbFile, '--user', 'asha', ...args]);
  const status = async (): Promise<string> => {
    const r = await cliAsync(db, ['--format', 'json', 'status']);
    expect(r.code, r.stderr).toBe(0);
    return r.stdout;
  };
  let baseline = { status: '', digest: '' };

  beforeAll(async () => {
    for (const args of [
      ['import', 'ims', join(FIXTURES, 'ims', 'offline-download.json')],
      ['act', 'accept', '--section', 'b2b'],
      ['act', 'reject', '--section', 'b2bdn', '--remark', 'not received'],
      ['export', 'upload', '--out', join(dir, 'upload', 'save.json')],
    ]) {
      const r = cli(db, args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
    mkdirSync(join(dir, 'built'));
    for (const c of cases) if (c.build === 'xlsx') await buildWorkbook(c.file, builtPath(c));
    // A clean stop folds the write-ahead log into the file: copies of it are whole workspaces.
    expect(existsSync(`${db}-wal`)).toBe(false);
    baseline = { status: await status(), digest: digest(db) };
    expect(JSON.parse(baseline.status)).toMatchObject({ totals: { waitingUpload: 4 } });
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const builtPath = (c: Case): string =>
    join(dir, 'built', basename(c.file).replace(/\.json$/, '.xlsx'));
  const inputOf = (c: Case): string => (c.build === 'xlsx' ? builtPath(c) : join(CORPUS, c.file));

  it('the manifest is sound: known commands, files that exist, each case listed once', () => {
    expect(cases.length).toBeGreaterThanOrEqual(100);
    const seen = new Set<string>();
    for (const c of cases) {
      expect(COMMANDS, c.file).toContain(c.command);
      expect(existsSync(join(CORPUS, c.file)), c.file).toBe(true);
      expect(c.expect.length, c.file).toBeGreaterThan(0);
      const id = `${c.command} ${c.file} ${(c.args ?? []).join(' ')}`;
      expect(seen.has(id), id).toBe(false);
      seen.add(id);
      // Portal JSON refused for a field names the field; whole-file faults say so with null.
      if (c.exit === 3 && (c.command === 'import ims' || c.command === 'import errors'))
        expect(c.path === null || c.path.length > 0, c.file).toBe(true);
    }
  });

  it.each(
    cases.map(
      (c, i) =>
        [`${c.command} ${c.file}${c.args ? ` ${c.args.join(' ')}` : ''}: ${c.note}`, c, i] as const,
    ),
  )('%s', async (_name, c, i) => {
    const refused = c.exit !== 0;
    // Accepted inputs change the workspace: they run on a copy.
    const target = refused ? db : join(dir, `accepted-${i}.sqlite`);
    if (!refused) copyFileSync(db, target);
    const input = inputOf(c);
    const r = await cliAsync(target, [...c.command.split(' '), input, ...(c.args ?? [])]);
    const out = `${r.stderr}\n${r.stdout}`;
    expect(r.code, out).toBe(c.exit);
    for (const fragment of c.expect) expect(out, c.file).toContain(fragment);
    expect(out).not.toContain('\n    at ');
    expect(out).not.toContain('internal error');
    expect(out).toContain(basename(input));
    if (refused) {
      const said = r.stderr;
      if (c.path !== null) expect(said).toContain(`${basename(input)}: ${c.path}`);
      // Nothing written: the status a person sees, and every row underneath it.
      expect(await status()).toBe(baseline.status);
      expect(digest(db)).toBe(baseline.digest);
    }
  });
});
