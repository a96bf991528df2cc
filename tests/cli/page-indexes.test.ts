// `gst-ims import ims` into an empty workspace drops the Records grid's page indexes and builds them after
// its rows (store/record-page-indexes.ts), and so does, on SQLite, one that adds at least half as
// many records as the workspace holds (next month's download). What it leaves must be what the
// migrations make, and a refused import must leave them as they were.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { generateImsDownload } from '../../packages/gst-ims/src/generator/generate-ims.js';
import { RECORD_PAGE_INDEXES } from '../../packages/gst-ims/src/store/migrations.js';
import { describeStores } from '../../packages/gst-ims/src/test-support/stores.js';
import { runCli, tempDir } from '../support/cli.js';

const G = '27AABCU9603R1ZN';
const dir = tempDir('gst-ims-page-indexes-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const download = generateImsDownload({
  seed: 3,
  count: 400,
  recipientGstin: G,
  returnPeriod: '102026',
}).json as { gstin: string; imsDetails: Record<string, unknown[]> };
const good = join(dir, 'ims.json');
writeFileSync(good, JSON.stringify(download));
// The last section ends with a bad record: refused after every other record was written.
const sections = download.imsDetails;
const last = Object.keys(sections)
  .filter((k) => (sections[k] ?? []).length > 0)
  .pop() as string;
const bad = join(dir, 'ims-bad.json');
writeFileSync(
  bad,
  JSON.stringify({
    ...download,
    imsDetails: { ...sections, [last]: [...(sections[last] ?? []), { nonsense: true }] },
  }),
);
// Next month's download: another seed, so every record is new (and this month's are gone).
const nextDownload = generateImsDownload({
  seed: 4,
  count: 400,
  recipientGstin: G,
  returnPeriod: '112026',
}).json as { gstin: string; imsDetails: Record<string, unknown[]> };
const next = join(dir, 'ims-next.json');
writeFileSync(next, JSON.stringify(nextDownload));
const nextSections = nextDownload.imsDetails;
const nextLast = Object.keys(nextSections)
  .filter((k) => (nextSections[k] ?? []).length > 0)
  .pop() as string;
const nextBad = join(dir, 'ims-next-bad.json');
writeFileSync(
  nextBad,
  JSON.stringify({
    ...nextDownload,
    imsDetails: {
      ...nextSections,
      [nextLast]: [...(nextSections[nextLast] ?? []), { nonsense: true }],
    },
  }),
);

/** The definitions of the `records` indexes, as the database gives them. */
async function recordIndexes(kind: 'SQLite' | 'PostgreSQL', location: string): Promise<string[]> {
  if (kind === 'SQLite') {
    const sqlite = new Database(location, { readonly: true });
    try {
      const rows = sqlite
        .prepare(
          "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'records' AND sql IS NOT NULL",
        )
        .all() as { sql: string }[];
      return rows.map((r) => r.sql).sort();
    } finally {
      sqlite.close();
    }
  }
  const pool = new pg.Pool({ connectionString: location, max: 1 });
  try {
    const r = await pool.query<{ indexdef: string }>(
      "SELECT indexdef FROM pg_indexes WHERE tablename = 'records'",
    );
    return r.rows.map((x) => x.indexdef).sort();
  } finally {
    await pool.end();
  }
}

describeStores('page indexes around an import', (kind) => {
  const importIms = (location: string, file: string) =>
    runCli(['--db', location, '--user', 'asha', 'import', 'ims', file]);

  it('leaves the indexes the migrations make', async () => {
    const fresh = await kind.newLocation();
    await (await kind.open(fresh)).close();
    const migrated = await recordIndexes(kind.name, fresh);
    for (const [name] of RECORD_PAGE_INDEXES)
      expect(migrated.some((d) => d.includes(name))).toBe(true);

    const location = await kind.newLocation();
    await (await kind.open(location)).close();
    const r = importIms(location, good);
    expect(r.code, r.stderr).toBe(0);
    const store = await kind.open(location);
    try {
      expect((await store.listGstins())[0]?.records).toBe(400);
    } finally {
      await store.close();
    }
    expect(await recordIndexes(kind.name, location)).toEqual(migrated);
  });

  it('keeps them when the import is refused late', async () => {
    const location = await kind.newLocation();
    await (await kind.open(location)).close();
    const before = await recordIndexes(kind.name, location);
    const r = importIms(location, bad);
    expect(r.code).toBe(3);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const store = await kind.open(location);
    try {
      expect(await store.lastRecordId()).toBe(0);
    } finally {
      await store.close();
    }
    expect(await recordIndexes(kind.name, location)).toEqual(before);
  });

  it("leaves them as the migrations make them after next month's download", async () => {
    const fresh = await kind.newLocation();
    await (await kind.open(fresh)).close();
    const migrated = await recordIndexes(kind.name, fresh);

    const location = await kind.newLocation();
    await (await kind.open(location)).close();
    expect(importIms(location, good).code).toBe(0);
    const r = importIms(location, next);
    expect(r.code, r.stderr).toBe(0);
    const store = await kind.open(location);
    try {
      expect((await store.listGstins())[0]?.records).toBe(800);
    } finally {
      await store.close();
    }
    expect(await recordIndexes(kind.name, location)).toEqual(migrated);
  });

  it("keeps them, and the records, when next month's import is refused late", async () => {
    const location = await kind.newLocation();
    await (await kind.open(location)).close();
    expect(importIms(location, good).code).toBe(0);
    const before = await recordIndexes(kind.name, location);
    const r = importIms(location, nextBad);
    expect(r.code).toBe(3);
    const store = await kind.open(location);
    try {
      expect((await store.listGstins())[0]?.records).toBe(400);
      expect(await store.lastRecordId()).toBe(400);
    } finally {
      await store.close();
    }
    expect(await recordIndexes(kind.name, location)).toEqual(before);
  });

  it('drops them for a workspace holding records only on SQLite, and only for half as many more', async () => {
    const location = await kind.newLocation();
    await (await kind.open(location)).close();
    expect(importIms(location, good).code).toBe(0);
    const before = await recordIndexes(kind.name, location);
    const store = await kind.open(location);
    try {
      const asked = await store.transaction(async (tx) => {
        const few = [await tx.dropPageIndexesForImport(0), await tx.dropPageIndexesForImport(199)];
        const half = await tx.dropPageIndexesForImport(200);
        if (half) await tx.buildPageIndexes();
        return [...few, half];
      });
      expect(asked).toEqual([false, false, kind.name === 'SQLite']);
      await expect(store.transaction((tx) => tx.dropPageIndexesForImport(-1))).rejects.toThrow(
        /not a count of records/,
      );
    } finally {
      await store.close();
    }
    expect(await recordIndexes(kind.name, location)).toEqual(before);
  });
});
