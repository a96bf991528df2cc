// The assignments table (migration 0012-assignments) on both stores: shares written, listed per
// period, taken back by id; and the shares an older workspace kept as JSON settings moved into it.
import Database from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import { expect, it } from 'vitest';
import type { StoreKind } from '../test-support/stores.js';
import { describeStores } from '../test-support/stores.js';
import { MIGRATIONS } from './migrations.js';
import { postgresPool } from './open-postgres-store.js';
import { TransactionalDdlSqliteDialect } from './open-sqlite-store.js';
import { SqliteTypesPlugin } from './postgres-dialect.js';
import type { NewAssignment } from './workspace-store.js';

const G = '27AABCU9603R1ZN';
const G2 = '29AAACR5055K1Z3';
const S1 = '29AAACR5055K1Z3';
const S2 = '27AAACS1234F1ZS';

const share = (o: Partial<NewAssignment>): NewAssignment => ({
  gstin: G,
  period: '102026',
  assignee: 'asha',
  kind: 'supplier',
  value: S1,
  viewOwner: null,
  createdBy: 'meera',
  createdAt: '2026-11-05T10:00:00.000Z',
  ...o,
});

/** A workspace at `location` with every migration before 0012 applied, as an older gst-ims left it. */
async function olderWorkspace(kind: StoreKind, location: string): Promise<Kysely<unknown>> {
  const db =
    kind.name === 'SQLite'
      ? new Kysely<unknown>({
          dialect: new TransactionalDdlSqliteDialect({ database: new Database(location) }),
        })
      : new Kysely<unknown>({
          dialect: new PostgresDialect({ pool: postgresPool(location, { max: 1 }) }),
          plugins: [new SqliteTypesPlugin()],
        });
  const before = Object.fromEntries(Object.entries(MIGRATIONS).filter(([n]) => n < '0012'));
  const { error } = await new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(before) },
  }).migrateToLatest();
  expect(error).toBeUndefined();
  return db;
}

describeStores('assignments (migration 0012-assignments)', (kind) => {
  it('writes shares, lists them per GSTIN and period in order, takes them back by id', async () => {
    const store = await kind.open();
    try {
      const added = await store.addAssignments([
        share({}),
        share({ assignee: 'ravi', kind: 'section', value: 'b2b' }),
        share({ kind: 'view', value: 'Big ones', viewOwner: 'meera' }),
        share({ period: '092026', value: S2 }),
        share({ gstin: G2 }),
      ]);
      expect(new Set(added.map((a) => a.id)).size).toBe(5);
      const listed = await store.listAssignments(G, '102026');
      expect(listed.map((a) => [a.assignee, a.kind, a.value, a.viewOwner])).toEqual([
        ['asha', 'supplier', S1, null],
        ['ravi', 'section', 'b2b', null],
        ['asha', 'view', 'Big ones', 'meera'],
      ]);
      expect(listed[0]).toEqual(added[0]);
      expect(listed[0]!.createdBy).toBe('meera');
      expect(listed[0]!.createdAt).toBe('2026-11-05T10:00:00.000Z');

      // Only the GSTIN's own shares are taken back; an unknown id removes nothing.
      const g2 = added[4]!.id;
      const gone = await store.removeAssignments(G, [added[1]!.id, g2, 999_999]);
      expect(gone.map((a) => a.value)).toEqual(['b2b']);
      expect((await store.listAssignments(G, '102026')).map((a) => a.kind)).toEqual([
        'supplier',
        'view',
      ]);
      expect(await store.listAssignments(G2, '102026')).toHaveLength(1);
      expect(await store.listAssignments(G, '092026')).toHaveLength(1);
      // Ids are not handed out again after a removal.
      const [again] = await store.addAssignments([share({ value: S2 })]);
      expect(again!.id).toBeGreaterThan(Math.max(...added.map((a) => a.id)));
      // In a transaction that fails, nothing is written.
      await expect(
        store.transaction(async (tx) => {
          await tx.addAssignments([share({ assignee: 'zoe' })]);
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect(
        (await store.listAssignments(G, '102026')).filter((a) => a.assignee === 'zoe'),
      ).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it("moves an older workspace's shares from its settings into the table", async () => {
    const location = await kind.newLocation({ empty: true });
    const db = await olderWorkspace(kind, location);
    const oct = [
      { user: 'asha', suppliers: [S1, S2], sections: [], by: 'meera', at: 't1' },
      { user: 'ravi', suppliers: [], sections: ['b2ba'], by: 'meera', at: 't2' },
    ];
    const nov = [{ user: 'asha', suppliers: [], sections: ['cdnr'], by: 'admin', at: 't3' }];
    // A share naming no one cannot be moved: its setting stays as it was.
    const odd = [{ suppliers: [S1] }];
    for (const [gstin, name, value] of [
      [G, 'assignments.102026', JSON.stringify(oct)],
      [G, 'assignments.112026', JSON.stringify(nov)],
      [G2, 'assignments.102026', JSON.stringify(odd)],
      [G, 'returns.note', 'untouched'],
    ])
      await sql`INSERT INTO settings (gstin, name, value) VALUES (${gstin}, ${name}, ${value})`.execute(
        db,
      );
    await db.destroy();

    const store = await kind.open(location);
    try {
      const rows = (a: Awaited<ReturnType<typeof store.listAssignments>>) =>
        a.map((x) => [x.assignee, x.kind, x.value, x.createdBy, x.createdAt]);
      expect(rows(await store.listAssignments(G, '102026'))).toEqual([
        ['asha', 'supplier', S1, 'meera', 't1'],
        ['asha', 'supplier', S2, 'meera', 't1'],
        ['ravi', 'section', 'b2ba', 'meera', 't2'],
      ]);
      expect(rows(await store.listAssignments(G, '112026'))).toEqual([
        ['asha', 'section', 'cdnr', 'admin', 't3'],
      ]);
      expect(await store.listAssignments(G2, '102026')).toEqual([]);
      expect(await store.getSetting(G, 'assignments.102026')).toBeNull();
      expect(await store.getSetting(G, 'assignments.112026')).toBeNull();
      expect(await store.getSetting(G2, 'assignments.102026')).toBe(JSON.stringify(odd));
      expect(await store.getSetting(G, 'returns.note')).toBe('untouched');
    } finally {
      await store.close();
    }
  });
});
