import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BadInputError } from '../core/index.js';
import { openSqliteStore } from './open-sqlite-store.js';
import {
  compareSchema,
  inspectWorkspaceSchema,
  knownMigrations,
  sqliteEngineVersion,
} from './workspace-schema.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gst-ims-schema-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const FUTURE = '9999-from-a-newer-gst-ims';

/** A workspace this version made, then opened by a newer gst-ims that applied one more migration. */
async function newerWorkspace(): Promise<string> {
  const file = join(dir, 'ws.sqlite');
  const store = await openSqliteStore(file);
  await store.close();
  const sqlite = new Database(file);
  sqlite
    .prepare('insert into kysely_migration (name, timestamp) values (?, ?)')
    .run(FUTURE, '2027-01-01T00:00:00.000Z');
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.close();
  return file;
}

describe('compareSchema', () => {
  const known = knownMigrations();

  it('finds a workspace of this version up to date', () => {
    const s = compareSchema(known);
    expect(s.unknown).toEqual([]);
    expect(s.pending).toEqual([]);
    expect(s.latestKnown).toBe(known[known.length - 1]);
  });

  it('lists what an older workspace still needs, and what a newer one has that this does not know', () => {
    expect(compareSchema(known.slice(0, 1)).pending).toEqual(known.slice(1));
    expect(compareSchema([...known, FUTURE]).unknown).toEqual([FUTURE]);
  });
});

describe('a workspace written by a newer gst-ims', () => {
  it('is refused with a clear message, and the file is left exactly as it was', async () => {
    const file = await newerWorkspace();
    const before = readFileSync(file);
    const err = await openSqliteStore(file).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(BadInputError);
    expect((err as BadInputError).details.code).toBe('WORKSPACE_NEWER_VERSION');
    expect((err as Error).message).toContain('written by a newer version of gst-ims');
    expect((err as Error).message).toContain(FUTURE);
    expect((err as Error).message).toContain('npx gst-ims@latest');
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('is reported by inspectWorkspaceSchema, which reads without creating or migrating', async () => {
    const file = await newerWorkspace();
    expect(inspectWorkspaceSchema(file)?.unknown).toEqual([FUTURE]);
    expect(inspectWorkspaceSchema(join(dir, 'none.sqlite'))).toBeNull();
    expect(existsSync(join(dir, 'none.sqlite'))).toBe(false);
  });
});

describe('inspectWorkspaceSchema', () => {
  it('reads an up-to-date workspace and an empty file without changing either', async () => {
    const file = join(dir, 'ws.sqlite');
    await (await openSqliteStore(file)).close();
    expect(inspectWorkspaceSchema(file)).toMatchObject({ unknown: [], pending: [] });
    const empty = join(dir, 'empty.sqlite');
    writeFileSync(empty, '');
    expect(inspectWorkspaceSchema(empty)?.applied).toEqual([]);
    expect(readFileSync(empty).length).toBe(0);
  });

  it('throws on a file that is not a database', () => {
    const file = join(dir, 'notes.sqlite');
    writeFileSync(file, 'not a database, just some notes\n'.repeat(20));
    expect(() => inspectWorkspaceSchema(file)).toThrow(/not a database/);
  });
});

it('sqliteEngineVersion loads the native module and names its SQLite', () => {
  expect(sqliteEngineVersion()).toMatch(/^3\.\d+\.\d+$/);
});
