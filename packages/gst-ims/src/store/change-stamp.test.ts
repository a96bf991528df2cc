// The SQLite store's changeStamp: what a long-running reader (the server's read cache, GET
// /api/changes) compares to learn that another process wrote the workspace.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from './open-sqlite-store.js';

const NOW = '2026-11-05T10:00:00.000Z';

describe('changeStamp of the SQLite store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gst-ims-stamp-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("stays while nothing is written and moves with another connection's commit", async () => {
    const file = join(dir, 'ws.sqlite');
    const mine = await openSqliteStore(file);
    const other = await openSqliteStore(file);
    try {
      const a = await mine.changeStamp();
      expect(a).not.toBeNull();
      await mine.listGstins();
      expect(await mine.changeStamp()).toBe(a);
      const theirs = await other.changeStamp();
      await other.ensureGstin('27AABCU9603R1ZN', NOW);
      const b = await mine.changeStamp();
      expect(b).not.toBe(a);
      // Its own writes do not move a connection's stamp: the writer knows of them already.
      expect(await other.changeStamp()).toBe(theirs);
      await mine.ensureGstin('29AAACR5055K1Z3', NOW);
      expect(await mine.changeStamp()).toBe(b);
      expect(await mine.transaction((tx) => tx.changeStamp())).toBe(b);
      expect(await other.changeStamp()).not.toBe(theirs);
    } finally {
      await other.close();
      await mine.close();
    }
  });

  it('is null for an in-memory workspace, which no other process can write', async () => {
    const store = await openSqliteStore(':memory:');
    try {
      expect(await store.changeStamp()).toBeNull();
    } finally {
      await store.close();
    }
  });
});
