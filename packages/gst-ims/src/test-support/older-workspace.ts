// A workspace as an older gst-ims left it, for the migration tests: every migration before a
// given one applied, and records written with the columns `records` had then.
import Database from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import { expect } from 'vitest';
import type { WorkspaceRecord } from '../core/index.js';
import { MIGRATIONS } from '../store/migrations.js';
import { postgresPool } from '../store/open-postgres-store.js';
import { TransactionalDdlSqliteDialect } from '../store/open-sqlite-store.js';
import { SqliteTypesPlugin } from '../store/postgres-dialect.js';
import {
  RECORD_COLUMNS,
  STATE_COLUMNS,
  fillRecordValues,
  packDoc,
  stateValues,
} from '../store/record-rows.js';
import type { StoreKind } from './stores.js';

/** The workspace at `location` opened bare: no migration run, no store around it. */
export function rawWorkspace(kind: StoreKind, location: string): Kysely<unknown> {
  return kind.name === 'SQLite'
    ? new Kysely<unknown>({
        dialect: new TransactionalDdlSqliteDialect({ database: new Database(location) }),
      })
    : new Kysely<unknown>({
        dialect: new PostgresDialect({ pool: postgresPool(location, { max: 1 }) }),
        plugins: [new SqliteTypesPlugin()],
      });
}

/**
 * Each record's key with migration 0016's columns as stored (of one GSTIN, or all), sorted: what
 * the practice-column tests compare with what fillRecordValues makes of the records.
 */
export async function storedPracticeColumns(
  kind: StoreKind,
  location: string,
  gstin?: string,
): Promise<unknown[][]> {
  const raw = rawWorkspace(kind, location);
  try {
    const { rows } = await sql<{
      key: string;
      two_b_period: string | null;
      portal_remark: string | null;
      portal_itc_reduction: string | null;
    }>`SELECT key, two_b_period, portal_remark, portal_itc_reduction FROM records ${
      gstin === undefined ? sql`` : sql`WHERE gstin = ${gstin}`
    }`.execute(raw);
    return rows.map((r) => [r.key, r.two_b_period, r.portal_remark, r.portal_itc_reduction]).sort();
  } finally {
    await raw.destroy();
  }
}

/** A workspace at `location` with every migration named before `before` ("0015") applied. */
export async function olderWorkspace(
  kind: StoreKind,
  location: string,
  before: string,
): Promise<Kysely<unknown>> {
  const db = rawWorkspace(kind, location);
  const older = Object.fromEntries(Object.entries(MIGRATIONS).filter(([n]) => n < before));
  const { error } = await new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(older) },
  }).migrateToLatest();
  expect(error).toBeUndefined();
  return db;
}

/**
 * The record as an older gst-ims wrote it: `records` with RECORD_COLUMNS up to `lastColumn`
 * (the columns a later migration added left out), its description, its state.
 */
export async function insertOldRecord(
  db: Kysely<unknown>,
  gstin: string,
  id: number,
  w: WorkspaceRecord,
  lastColumn: (typeof RECORD_COLUMNS)[number],
): Promise<void> {
  const values: unknown[] = [];
  fillRecordValues(values, 0, gstin, w.record);
  const columns = RECORD_COLUMNS.slice(0, RECORD_COLUMNS.indexOf(lastColumn) + 1);
  await sql`INSERT INTO records (id, ${sql.join(columns.map((c) => sql.id(c)))}) VALUES (${id}, ${sql.join(values.slice(0, columns.length))})`.execute(
    db,
  );
  await sql`INSERT INTO record_docs (id, doc) VALUES (${id}, ${packDoc(w.record)})`.execute(db);
  await sql`INSERT INTO record_states (id, ${sql.join(STATE_COLUMNS.map((c) => sql.id(c)))}) VALUES (${id}, ${sql.join(stateValues(w.state))})`.execute(
    db,
  );
}
