// Migration 0013-audit-changes-event-index: the History page's record counts (and undo's reads of
// an action's changes) find an event's change rows by the index, on both databases, instead of
// scanning every change of the workspace. Read from the plans the databases choose for the
// store's own statement, not from timings.
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { expect, it } from 'vitest';
import { describeStores } from '../test-support/stores.js';
import { eventRecordCounts } from './kysely-audit-events.js';
import { MIGRATIONS } from './migrations.js';
import type { Database as Schema } from './schema.js';
import type { AuditEntry, WorkspaceStore } from './workspace-store.js';

const G = '27AABCU9603R1ZN';
const EVENTS = 40;
const PER_EVENT = 250;

/** EVENTS bulk decisions of PER_EVENT records each: 10,000 change rows. */
async function fillAudit(store: WorkspaceStore): Promise<void> {
  await store.ensureGstin(G, '2026-12-07T09:00:00.000Z');
  const entries: AuditEntry[] = [];
  for (let e = 0; e < EVENTS; e++)
    for (let r = 0; r < PER_EVENT; r++)
      entries.push({
        at: `2026-12-07T10:${String(e).padStart(2, '0')}:00.000Z`,
        user: 'asha',
        gstin: G,
        recordKey: `b2b|29AAACR5055K1Z3|INV-${r}|2026-27`,
        fromAction: 'noAction',
        toAction: e % 2 === 0 ? 'accept' : 'reject',
        remark: null,
        itcReduction: null,
        source: 'web',
      });
  await store.appendAudit(entries);
}

it('is one of the migrations', () => {
  expect(Object.keys(MIGRATIONS)).toContain('0013-audit-changes-event-index');
});

describeStores('audit changes found by event (migration 0013)', (kind) => {
  it("counts a page of events' records by the index", async () => {
    const location = await kind.newLocation();
    const store = await kind.open(location);
    try {
      await fillAudit(store);
      const events = await store.listAuditEvents(G, { limit: 3 });
      expect(events.map((e) => e.records)).toEqual([PER_EVENT, PER_EVENT, PER_EVENT]);
      const ids = events.map((e) => e.id);
      expect(await planOf(kind.name, location, ids)).toMatch(/audit_changes_event/);
    } finally {
      await store.close();
    }
  });
});

/** The database's plan of the History page's count statement for these event ids. */
async function planOf(
  kind: 'SQLite' | 'PostgreSQL',
  location: string,
  ids: readonly number[],
): Promise<string> {
  if (kind === 'SQLite') {
    const sqlite = new Database(location, { readonly: true });
    try {
      const q = eventRecordCounts(
        new Kysely<Schema>({ dialect: new SqliteDialect({ database: sqlite }) }),
        ids,
      ).compile();
      const rows = sqlite.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.parameters) as {
        detail: string;
      }[];
      return rows.map((r) => r.detail).join('\n');
    } finally {
      sqlite.close();
    }
  }
  const pool = new pg.Pool({ connectionString: location, max: 1 });
  try {
    const q = eventRecordCounts(
      new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) }),
      ids,
    ).compile();
    // Fresh statistics, as autovacuum would have them on a workspace in use.
    await pool.query('ANALYZE audit_changes');
    const r = await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${q.sql}`, [...q.parameters]);
    return r.rows.map((x) => x['QUERY PLAN']).join('\n');
  } finally {
    await pool.end();
  }
}
