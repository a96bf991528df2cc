// Migration 0015-record-page-reads on both stores: an older workspace's supplier names become
// the search's column, and its last run's results gain a row per record for reads by key.
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import type { MatchResult, WorkspaceRecord } from '../core/index.js';
import { insertOldRecord, olderWorkspace } from '../test-support/older-workspace.js';
import { sampleRecord } from '../test-support/sample-records.js';
import { describeStores } from '../test-support/stores.js';
import { packMatches } from './register-rows.js';

const G = '27AABCU9603R1ZN';

describeStores('migration 0015-record-page-reads', (kind) => {
  it("moves an older workspace's supplier names into the search's column and its outcomes into rows by key", async () => {
    const location = await kind.newLocation({ empty: true });
    const db = await olderWorkspace(kind, location, '0015');
    const named = (n: number, name: string | null): WorkspaceRecord => {
      const w = sampleRecord(n);
      return { ...w, record: { ...w.record, supplierName: name } };
    };
    const rows = [named(1, 'Zenith Alloys'), named(2, null), named(3, 'Rao Traders')];
    await sql`INSERT INTO gstins (gstin, created_at) VALUES (${G}, ${'2026-10-01T00:00:00Z'})`.execute(
      db,
    );
    for (const [i, w] of rows.entries()) await insertOldRecord(db, G, i + 1, w, 'portal_action');
    const result = (recordKey: string | null, outcome: MatchResult['outcome']): MatchResult => ({
      recordKey,
      registerRef: 'V1',
      outcome,
      score: 0,
      reasons: [],
      manual: false,
    });
    const [k1, k2, k3] = rows.map((w) => w.record.key) as [string, string, string];
    // Two chunks, as a run of more than MATCH_CHUNK results is stored.
    await sql`INSERT INTO match_results (gstin, chunk, results) VALUES (${G}, ${0}, ${packMatches([result(k1, 'exact'), result(null, 'missingInPortal')])}), (${G}, ${1}, ${packMatches([result(k2, 'missingInRegister')])})`.execute(
      db,
    );
    await db.destroy();

    const store = await kind.open(location);
    try {
      const search = async (term: string) =>
        (
          await store.pageRecords(
            G,
            { view: 'all', supplier: null, section: null, terms: [term] },
            { column: 'docNumber', dir: 'asc' },
            0,
            10,
          )
        ).records.map((w) => w.record.key);
      expect(await search('ZENITH')).toEqual([k1]);
      expect(await search('TRADERS')).toEqual([k3]);
      expect((await store.recordSummary(G)).suppliers.map(([, name]) => name)).toEqual([
        'Zenith Alloys',
      ]);
      expect(await store.matchOutcomes(G, [k1, k2, k3])).toEqual(
        new Map([
          [k1, 'exact'],
          [k2, 'missingInRegister'],
        ]),
      );
      // The packed results stay as they were.
      expect((await store.loadMatches(G)).map((m) => m.outcome)).toEqual([
        'exact',
        'missingInPortal',
        'missingInRegister',
      ]);
    } finally {
      await store.close();
    }
  });

  it("keeps a record's supplier name in its column as imports write and rewrite it", async () => {
    const store = await kind.open();
    try {
      await store.ensureGstin(G, '2026-10-01T00:00:00Z');
      const w = sampleRecord(1);
      const first = { ...w, record: { ...w.record, supplierName: 'Old Name Pvt' } };
      await store.insertRecords(G, [first]);
      const search = async (term: string) =>
        (
          await store.pageRecords(
            G,
            { view: 'all', supplier: null, section: null, terms: [term] },
            { column: 'docNumber', dir: 'asc' },
            0,
            10,
          )
        ).total;
      expect(await search('OLD NAME')).toBe(1);
      // A re-import carrying a new name: the search finds the new one only.
      await store.updateRecords(G, [
        { ...first, record: { ...first.record, supplierName: 'New Co' } },
      ]);
      expect(await search('OLD NAME')).toBe(0);
      expect(await search('NEW CO')).toBe(1);
    } finally {
      await store.close();
    }
  });
});
