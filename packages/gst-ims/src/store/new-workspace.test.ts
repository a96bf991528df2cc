import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimNewWorkspace } from './new-workspace.js';
import { openSqliteStore } from './open-sqlite-store.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gst-ims-claim-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const NOW = '2026-11-05T10:00:00.000Z';

describe('claimNewWorkspace', () => {
  it('claims a path where nothing is, with the directories it had to make', () => {
    const file = join(dir, 'a', 'b', 'ws.sqlite');
    const w = claimNewWorkspace(file);
    expect(w).not.toBeNull();
    expect(w?.firstDir).toBe(join(dir, 'a'));
    expect(existsSync(file)).toBe(true);
  });

  it('claims nothing where a file already is, nor for in-memory or anonymous databases', () => {
    const file = join(dir, 'ws.sqlite');
    writeFileSync(file, '');
    expect(claimNewWorkspace(file)).toBeNull();
    expect(claimNewWorkspace(':memory:')).toBeNull();
    expect(claimNewWorkspace('')).toBeNull();
  });
});

describe('a new workspace: isUnused and discard', () => {
  it('removes a workspace it created that holds nothing, with its companions and directories', async () => {
    const file = join(dir, 'a', 'b', 'ws.sqlite');
    const w = claimNewWorkspace(file);
    if (w === null) throw new Error('not claimed');
    const store = await openSqliteStore(file);
    await store.close();
    expect(w.isUnused()).toBe(true);
    expect(existsSync(file)).toBe(true); // asking removes nothing
    expect(w.discard()).toBe(true);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('keeps a workspace something was committed to', async () => {
    const file = join(dir, 'ws.sqlite');
    const w = claimNewWorkspace(file);
    if (w === null) throw new Error('not claimed');
    const store = await openSqliteStore(file);
    await store.ensureGstin('27AABCU9603R1ZN', NOW);
    await store.close();
    expect(w.isUnused()).toBe(false);
    expect(w.discard()).toBe(false);
    expect(existsSync(file)).toBe(true);
    const again = await openSqliteStore(file);
    expect((await again.listGstins()).map((g) => g.gstin)).toEqual(['27AABCU9603R1ZN']);
    await again.close();
  });

  it('keeps a workspace another connection has open', async () => {
    const file = join(dir, 'ws.sqlite');
    const w = claimNewWorkspace(file);
    if (w === null) throw new Error('not claimed');
    const store = await openSqliteStore(file);
    const other = new Database(file);
    other.prepare('SELECT count(*) FROM sqlite_master').get();
    await store.close();
    try {
      expect(w.isUnused()).toBe(false);
      expect(w.discard()).toBe(false);
      expect(existsSync(file)).toBe(true);
    } finally {
      other.close();
    }
  });

  it('keeps a file that is no longer the one it created', async () => {
    const file = join(dir, 'ws.sqlite');
    const w = claimNewWorkspace(file);
    if (w === null) throw new Error('not claimed');
    await (await openSqliteStore(file)).close();
    writeFileSync(join(dir, 'other.sqlite'), '');
    renameSync(join(dir, 'other.sqlite'), file);
    expect(w.isUnused()).toBe(false);
    expect(w.discard()).toBe(false);
    expect(existsSync(file)).toBe(true);
  });

  it('leaves a directory it made once something else is in it', async () => {
    const file = join(dir, 'made', 'ws.sqlite');
    const w = claimNewWorkspace(file);
    if (w === null) throw new Error('not claimed');
    await (await openSqliteStore(file)).close();
    writeFileSync(join(dir, 'made', 'notes.txt'), 'mine');
    expect(w.isUnused()).toBe(true);
    expect(w.discard()).toBe(true);
    expect(readdirSync(join(dir, 'made'))).toEqual(['notes.txt']);
  });
});
