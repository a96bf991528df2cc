import { randomUUID } from 'node:crypto';
import type { PoolClient, PoolConfig } from 'pg';
import pg from 'pg';
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import { BadInputError, WorkspaceBusyError } from '../core/index.js';
import { KyselyStore } from './kysely-store.js';
import { MIGRATIONS } from './migrations.js';
import type { WriteLockWait } from './open-sqlite-store.js';
import { DEFAULT_BUSY_TIMEOUT_MS } from './open-sqlite-store.js';
import { SqliteTypesPlugin, WorkspacePostgresDialect, WRITERS_TABLE } from './postgres-dialect.js';
import type { Database as Schema } from './schema.js';
import type { WorkspaceStore } from './workspace-store.js';
import { compareSchema, refuseNewerSchema } from './workspace-schema.js';
import { appliedPostgresMigrations } from './postgres-schema.js';
import { copyToSqliteFile } from './copy-workspace.js';
import { redactUrl } from './postgres-url.js';

export { isPostgresUrl, redactUrl } from './postgres-url.js';

/**
 * Collations that order text by code point, as SQLite does: the store's orders (loadRegister,
 * manual links, the keyset pages of a workspace copy) and the engine's sorts then agree.
 */
const CODE_POINT_COLLATIONS = /^(C|POSIX|C\.UTF-?8)$/i;

/** PostgreSQL's bigint (int8). */
const INT8_OID = 20;

/** A pool whose bigints (every integer column here, counts) arrive as numbers: all fit 2^53. */
export function postgresPool(url: string, extra: PoolConfig = {}): pg.Pool {
  return new pg.Pool({
    connectionString: url,
    max: 8,
    ...extra,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID
          ? (v: string) => Number(v)
          : (pg.types.getTypeParser as (o: number, f?: string) => unknown)(
              oid,
              format,
            )) as typeof pg.types.getTypeParser,
    },
  });
}

/**
 * Opens the workspace in a PostgreSQL database (creating its tables when the database is empty)
 * and brings its schema up to date. One database (or schema, by the URL's search_path) per
 * workspace; its collation must order by code point (C or C.UTF-8).
 */
export async function openPostgresStore(
  url: string,
  wait: WriteLockWait = {},
): Promise<WorkspaceStore> {
  const label = redactUrl(url);
  const timeoutMs = wait.timeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  const pool = postgresPool(url);
  // A dropped connection of an idle pool must not end the process; the next query reports it.
  pool.on('error', () => undefined);
  try {
    await prepare(pool, label);
  } catch (e) {
    await pool.end().catch(() => undefined);
    if (e instanceof BadInputError || e instanceof WorkspaceBusyError) throw e;
    throw new BadInputError(`${label}: cannot open the workspace: ${(e as Error).message}`, {
      file: label,
    });
  }
  const writer = randomUUID();
  const db = new Kysely<Schema>({
    // kysely ends its pool when destroyed; this store's own goes on to the last bookkeeping.
    dialect: new WorkspacePostgresDialect(
      { pool: unended(pool) },
      { writer, timeoutMs, onWait: wait.onWait, label },
    ),
    plugins: [new SqliteTypesPlugin()],
  });
  const closePool = async (): Promise<void> => {
    await retireWriter(pool, writer).catch(() => undefined);
    await pool.end();
  };
  let applied: string[] = [];
  try {
    applied = await appliedPostgresMigrations(pool);
    refuseNewerSchema(label, compareSchema(applied));
  } catch (e) {
    await db.destroy();
    await closePool();
    if (e instanceof BadInputError) throw e;
    throw new BadInputError(`${label}: cannot open the workspace: ${(e as Error).message}`, {
      file: label,
    });
  }
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(MIGRATIONS) },
  });
  const { error, ran } = await upToDate(migrator);
  if (error) {
    await db.destroy();
    await closePool();
    if (error instanceof WorkspaceBusyError) throw error;
    const msg = error instanceof Error ? error.message : JSON.stringify(error);
    throw new BadInputError(
      `${label}: not a gst-ims workspace, or its schema cannot be upgraded: ${msg}`,
      { file: label },
    );
  }
  // A workspace that had tables before and was just migrated: see tidyAfterMigrating.
  if (ran > 0 && applied.length > 0) await tidyAfterMigrating(pool);
  return new KyselyStore(db, closePool, {
    // Commits of the other stores on this workspace: each counts its own in WRITERS_TABLE.
    changeStamp: async () => {
      const r = await pool.query<{ n: number }>(
        `select coalesce(sum(n), 0)::bigint as n from ${WRITERS_TABLE} where writer <> $1`,
        [writer],
      );
      return String(r.rows[0]?.n ?? 0);
    },
    backup: (toFile) => {
      // A plain reader: the copy reads one snapshot and writes nothing here.
      const reader = new Kysely<Schema>({ dialect: new PostgresDialect({ pool: unended(pool) }) });
      return copyToSqliteFile({ db: reader, close: () => reader.destroy() }, toFile);
    },
  });
}

/** The pool as kysely sees it: kysely ends its pool when destroyed; the store ends this one last. */
function unended(pool: pg.Pool): { connect: () => Promise<PoolClient>; end: () => Promise<void> } {
  return { connect: () => pool.connect(), end: () => Promise.resolve() };
}

/**
 * Migrates only when a migration is pending: the migrator's transaction takes the write lock,
 * and opening a workspace just to read it must not wait for another process's import.
 */
async function upToDate(migrator: Migrator): Promise<{ error?: unknown; ran: number }> {
  try {
    const all = await migrator.getMigrations();
    if (all.every((m) => m.executedAt !== undefined)) return { ran: 0 };
  } catch {
    // A database without the migrations' table yet: migrateToLatest makes it.
  }
  const r = await migrator.migrateToLatest().catch((e: unknown) => ({ error: e, results: [] }));
  return {
    error: r.error,
    ran: (r.results ?? []).filter((m) => m.status === 'Success').length,
  };
}

/**
 * After migrating a workspace that held data: VACUUM (ANALYZE) of each of its tables. A migration
 * that fills a new column rewrites every row (0016 rewrote each record twice), leaving dead rows
 * that every scan then reads, no visibility map (so no index-only scan) and, until autovacuum
 * gets to it, no statistics of the new columns: the practice view of a 10 x 100,000-record
 * cluster just migrated to 0016 took 10 s, 0.2-0.4 s once vacuumed and analysed. Outside the
 * migration's transaction (VACUUM cannot run in one); a new workspace has nothing to tidy.
 */
async function tidyAfterMigrating(pool: pg.Pool): Promise<void> {
  const { rows } = await pool.query<{ t: string }>(
    'select quote_ident(tablename) as t from pg_tables where schemaname = current_schema() order by tablename',
  );
  for (const { t } of rows) await pool.query(`VACUUM (ANALYZE) ${t}`);
}

/** Checks the database can hold a workspace and makes the bookkeeping table the lock counts in. */
async function prepare(pool: pg.Pool, label: string): Promise<void> {
  const client = await pool.connect();
  try {
    // As JSON: the locale provider's column exists from PostgreSQL 15 on.
    const { rows } = await client.query<{ d: Record<string, string | null> }>(
      "select to_jsonb(d) - 'datacl' as d from pg_database d where datname = current_database()",
    );
    const d = rows[0]?.d ?? {};
    const collate = d.datcollate ?? '';
    const provider = d.datlocprovider ?? 'c';
    const { rows: enc } = await client.query<{ e: string }>(
      'select pg_encoding_to_char(encoding) as e from pg_database where datname = current_database()',
    );
    const encoding = enc[0]?.e ?? '';
    if (provider !== 'c' || !CODE_POINT_COLLATIONS.test(collate) || encoding !== 'UTF8')
      throw new BadInputError(
        `${label}: the database orders text by "${provider === 'c' ? collate : `ICU ${d.daticulocale ?? ''}`}" in ${encoding}; a gst-ims workspace needs code-point order in UTF8, as SQLite keeps it. ` +
          "Create the database with: CREATE DATABASE name TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'",
        { file: label },
      );
    await inTransaction(client, async () => {
      // Serialised like the writes: two first opens must not both create the table.
      await client.query(`select pg_advisory_xact_lock(hashtext('gst-ims ' || current_schema()))`);
      await client.query(
        `create table if not exists ${WRITERS_TABLE} (writer text primary key, n bigint not null, at timestamptz not null)`,
      );
      // A store that ended without closing (killed) leaves its row: after a day it is folded
      // into the shared row '', which leaves every other store's sum, and so its stamp, as it was.
      const stale = await client.query<{ n: number }>(
        `delete from ${WRITERS_TABLE} where writer <> '' and at < now() - interval '1 day' returning n`,
      );
      const n = stale.rows.reduce((s, r) => s + Number(r.n), 0);
      if (n > 0) await addToShared(client, n);
    });
  } finally {
    client.release();
  }
}

/** Folds this store's count into the shared row as it closes (others' sums stay as they were). */
export async function retireWriter(pool: pg.Pool, writer: string): Promise<void> {
  const client = await pool.connect();
  try {
    await inTransaction(client, async () => {
      const r = await client.query<{ n: number }>(
        `delete from ${WRITERS_TABLE} where writer = $1 returning n`,
        [writer],
      );
      const n = Number(r.rows[0]?.n ?? 0);
      if (n > 0) await addToShared(client, n);
    });
  } finally {
    client.release();
  }
}

async function addToShared(client: PoolClient, n: number): Promise<void> {
  await client.query(
    `insert into ${WRITERS_TABLE} (writer, n, at) values ('', $1, now()) on conflict (writer) do update set n = ${WRITERS_TABLE}.n + excluded.n, at = now()`,
    [n],
  );
}

async function inTransaction(client: PoolClient, fn: () => Promise<void>): Promise<void> {
  await client.query('begin');
  try {
    await fn();
    await client.query('commit');
  } catch (e) {
    await client.query('rollback').catch(() => undefined);
    throw e;
  }
}
