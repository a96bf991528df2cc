// A workspace moved whole between stores (a SQLite file, a PostgreSQL database; either way):
// every table the migrations made, row for row, verified by counts and checksums read back
// from the target before its transaction commits. Decision 0033.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { BadInputError } from '../core/index.js';
import { claimNewWorkspace } from './new-workspace.js';
import { openSqliteStore, TransactionalDdlSqliteDialect } from './open-sqlite-store.js';
import type { WriteLockWait } from './open-sqlite-store.js';
import { DEFAULT_BUSY_TIMEOUT_MS } from './open-sqlite-store.js';
import {
  isPostgresUrl,
  openPostgresStore,
  postgresPool,
  redactUrl,
  retireWriter,
} from './open-postgres-store.js';
import { WorkspacePostgresDialect, WRITERS_TABLE } from './postgres-dialect.js';

// The copy reads and writes tables it learns from the database itself.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

type Dialect = 'sqlite' | 'postgres';

export interface TableCopy {
  readonly table: string;
  readonly rows: number;
  /** sha256 over the rows in primary-key order, each its values as a JSON array and a newline. */
  readonly sha256: string;
}

export interface WorkspaceCopy {
  readonly from: string;
  readonly to: string;
  readonly tables: readonly TableCopy[];
}

/** Rows per page read and per INSERT: well within both databases' parameter limits. */
const PAGE = 1000;

/**
 * Copies the workspace at `from` (a file or a postgres:// URL) to `to`, which must be empty (a
 * new file, an empty database, or one whose tables hold no row). The target is written in one
 * transaction and checked against the source's counts and checksums before it commits: a copy
 * that does not match leaves the target as it was.
 */
export async function copyWorkspace(
  from: string,
  to: string,
  wait: WriteLockWait = {},
): Promise<WorkspaceCopy> {
  if (from === to)
    throw new BadInputError(`${label(to)}: the copy would go onto its own source`, {
      file: label(to),
    });
  if (!isPostgresUrl(from) && !existsSync(from))
    throw new BadInputError(`${from}: no such workspace file`, { file: from });
  // A new target file that ends up holding nothing (a failed copy) is removed again.
  const created = isPostgresUrl(to) ? null : claimNewWorkspace(to);
  try {
    // Opened as stores first: both are migrated to the same schema, or refused with a clear reason.
    await (await openAnyStore(from, wait)).close();
    await (await openAnyStore(to, wait)).close();
    const source = openRaw(from, wait, false);
    const target = openRaw(to, wait, true);
    try {
      const tables = await copyBetween(source, target, label(to));
      return { from: label(from), to: label(to), tables };
    } finally {
      await source.close();
      await target.close();
    }
  } catch (e) {
    created?.discard();
    throw e;
  }
}

/** The store's backup on PostgreSQL: the workspace copied into a new SQLite file. */
export async function copyToSqliteFile(
  source: { db: AnyDb; close: () => Promise<void> },
  toFile: string,
): Promise<void> {
  await (await openSqliteStore(toFile)).close();
  const target = openRaw(toFile, {}, true);
  try {
    await copyBetween({ ...source, dialect: 'postgres' }, target, toFile);
  } finally {
    await target.close();
    await source.close();
  }
}

function openAnyStore(location: string, wait: WriteLockWait) {
  return isPostgresUrl(location)
    ? openPostgresStore(location, wait)
    : openSqliteStore(location, wait);
}

function label(location: string): string {
  return isPostgresUrl(location) ? redactUrl(location) : location;
}

interface Raw {
  readonly db: AnyDb;
  readonly dialect: Dialect;
  close(): Promise<void>;
}

/**
 * A plain connection for the copy. The target's takes the workspace's write lock (and, on
 * PostgreSQL, counts its commit for the stamp of a running server); the source's reads a snapshot.
 */
function openRaw(location: string, wait: WriteLockWait, writing: boolean): Raw {
  if (isPostgresUrl(location)) {
    const pool = postgresPool(location, { max: 1 });
    const writer = randomUUID();
    // kysely ends the pool when destroyed; the lock's bookkeeping is done before that.
    const kyselyPool = { connect: () => pool.connect(), end: () => pool.end() };
    const db = new Kysely({
      dialect: writing
        ? new WorkspacePostgresDialect(
            { pool: kyselyPool },
            {
              writer,
              timeoutMs: wait.timeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS,
              onWait: wait.onWait,
              label: redactUrl(location),
            },
          )
        : new PostgresDialect({ pool: kyselyPool }),
    });
    return {
      db,
      dialect: 'postgres',
      close: async () => {
        if (writing) await retireWriter(pool, writer).catch(() => undefined);
        await db.destroy();
      },
    };
  }
  const sqlite = new Database(location, { fileMustExist: true });
  sqlite.pragma(`busy_timeout = ${wait.timeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS}`);
  const db = new Kysely({
    dialect: writing
      ? new TransactionalDdlSqliteDialect({ database: sqlite }, { ...wait, file: location })
      : new SqliteDialect({ database: sqlite }),
  });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

interface TableInfo {
  readonly name: string;
  readonly columns: readonly string[];
  /** The primary key's columns in key order (all columns when there is none). */
  readonly key: readonly string[];
  /** Tables this one's foreign keys point at. */
  readonly parents: readonly string[];
}

async function copyBetween(source: Raw, target: Raw, targetLabel: string): Promise<TableCopy[]> {
  const readSnapshot = <T>(fn: (db: AnyDb) => Promise<T>): Promise<T> =>
    source.dialect === 'postgres'
      ? source.db.transaction().setIsolationLevel('repeatable read').execute(fn)
      : source.db.transaction().execute(fn);
  const copied = await readSnapshot((src) =>
    target.db.transaction().execute(async (dst) => {
      const tables = await describeTables(src, source.dialect);
      await checkSameTables(tables, await describeTables(dst, target.dialect), targetLabel);
      for (const t of tables) {
        const held = await countRows(dst, t.name);
        if (held > 0)
          throw new BadInputError(
            `${targetLabel}: the target already holds a workspace (${held} rows in ${t.name}); copy into a new file or an empty database`,
            { file: targetLabel },
          );
      }
      const copied: TableCopy[] = [];
      for (const t of inDependencyOrder(tables)) copied.push(await copyTable(src, dst, t));
      if (target.dialect === 'postgres') await restartIdentities(dst, tables);
      for (const c of copied) {
        const t = tables.find((x) => x.name === c.table) as TableInfo;
        const back = await readTable(dst, t, () => undefined);
        if (back.rows !== c.rows || back.sha256 !== c.sha256)
          throw new BadInputError(
            `${targetLabel}: the copy of ${t.name} does not match its source (${back.rows} rows, sha256 ${back.sha256}; the source has ${c.rows}, ${c.sha256}); nothing was written`,
            { file: targetLabel },
          );
      }
      return copied;
    }),
  );
  // A database filled by one bulk copy has no statistics until autovacuum gets round to it: until
  // then the planner reads every client's rows to serve one (decision 0041 measured pages of one
  // client twice as slow). The copy is committed; statistics are not data, so this comes after.
  if (target.dialect === 'postgres')
    for (const t of copied) await sql`ANALYZE ${sql.table(t.table)}`.execute(target.db);
  return copied;
}

async function copyTable(src: AnyDb, dst: AnyDb, t: TableInfo): Promise<TableCopy> {
  return readTable(src, t, async (rows) => {
    const values = rows.map((r) => Object.fromEntries(t.columns.map((c, i) => [c, r[i]])));
    await dst.insertInto(t.name).values(values).execute();
  });
}

/** Reads a table page by page in key order, hashing each row; `each` gets every page. */
async function readTable(
  db: AnyDb,
  t: TableInfo,
  each: (rows: unknown[][]) => Promise<void> | void,
): Promise<TableCopy> {
  const hash = createHash('sha256');
  let count = 0;
  let after: unknown[] | null = null;
  for (;;) {
    const where: ReturnType<typeof sql> =
      after === null
        ? sql`1 = 1`
        : sql`(${sql.join(t.key.map((c) => sql.ref(c)))}) > (${sql.join(after)})`;
    const { rows } = await sql<Record<string, unknown>>`SELECT ${sql.join(
      t.columns.map((c) => sql.ref(c)),
    )} FROM ${sql.table(t.name)} WHERE ${where} ORDER BY ${sql.join(
      t.key.map((c) => sql.ref(c)),
    )} LIMIT ${PAGE}`.execute(db);
    if (rows.length === 0) break;
    const page = rows.map((r) => t.columns.map((c) => r[c] ?? null));
    for (const values of page) hash.update(`${JSON.stringify(values)}\n`);
    count += page.length;
    await each(page);
    const last = rows[rows.length - 1] as Record<string, unknown>;
    after = t.key.map((c) => last[c]);
    if (rows.length < PAGE) break;
  }
  return { table: t.name, rows: count, sha256: hash.digest('hex') };
}

async function countRows(db: AnyDb, table: string): Promise<number> {
  const { rows } = await sql<{
    n: number | string;
  }>`SELECT COUNT(*) AS n FROM ${sql.table(table)}`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/** Parents before children, so that foreign keys hold at every insert; otherwise by name. */
function inDependencyOrder(tables: readonly TableInfo[]): TableInfo[] {
  const out: TableInfo[] = [];
  const done = new Set<string>();
  const visit = (t: TableInfo, path: Set<string>): void => {
    if (done.has(t.name) || path.has(t.name)) return;
    path.add(t.name);
    for (const p of t.parents) {
      const parent = tables.find((x) => x.name === p);
      if (parent) visit(parent, path);
    }
    done.add(t.name);
    out.push(t);
  };
  for (const t of [...tables].sort((a, b) => (a.name < b.name ? -1 : 1))) visit(t, new Set());
  return out;
}

async function checkSameTables(
  source: readonly TableInfo[],
  target: readonly TableInfo[],
  targetLabel: string,
): Promise<void> {
  const shape = (ts: readonly TableInfo[]): string =>
    ts
      .map((t) => `${t.name}(${[...t.columns].sort().join(',')})`)
      .sort()
      .join(' ');
  if (shape(source) !== shape(target))
    throw new BadInputError(
      `${targetLabel}: its tables differ from the source's (source: ${shape(source)}; target: ${shape(target)})`,
      { file: targetLabel },
    );
  return Promise.resolve();
}

/** The workspace's tables: those the migrations made, not the migrator's or the lock's own. */
async function describeTables(db: AnyDb, dialect: Dialect): Promise<TableInfo[]> {
  const own = (name: string): boolean =>
    !name.startsWith('sqlite_') && !name.startsWith('kysely_') && name !== WRITERS_TABLE;
  const out: TableInfo[] = [];
  if (dialect === 'sqlite') {
    const { rows } = await sql<{
      name: string;
    }>`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`.execute(db);
    for (const { name } of rows.filter((r) => own(r.name))) {
      const cols = await sql<{
        name: string;
        pk: number;
      }>`SELECT name, pk FROM pragma_table_info(${name}) ORDER BY cid`.execute(db);
      const fks = await sql<{
        table: string;
      }>`SELECT "table" AS "table" FROM pragma_foreign_key_list(${name})`.execute(db);
      const key = cols.rows
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name);
      const columns = cols.rows.map((c) => c.name);
      out.push({
        name,
        columns,
        key: key.length ? key : columns,
        parents: fks.rows.map((f) => f.table),
      });
    }
    return out;
  }
  const { rows } = await sql<{
    name: string;
  }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`.execute(
    db,
  );
  for (const { name } of rows.filter((r) => own(r.name))) {
    const cols = await sql<{
      name: string;
    }>`SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ${name} ORDER BY ordinal_position`.execute(
      db,
    );
    const pk = await sql<{
      name: string;
    }>`SELECT a.attname AS name FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
      WHERE i.indrelid = quote_ident(${name})::regclass AND i.indisprimary ORDER BY array_position(i.indkey::int2[], a.attnum)`.execute(
      db,
    );
    const fks = await sql<{
      table: string;
    }>`SELECT c2.relname AS "table" FROM pg_constraint k JOIN pg_class c2 ON c2.oid = k.confrelid
      WHERE k.contype = 'f' AND k.conrelid = quote_ident(${name})::regclass`.execute(db);
    const columns = cols.rows.map((c) => c.name);
    const key = pk.rows.map((c) => c.name);
    out.push({
      name,
      columns,
      key: key.length ? key : columns,
      parents: fks.rows.map((f) => f.table),
    });
  }
  return out;
}

/**
 * Identity columns given their ids by the copy would hand out the same ids again: each sequence
 * restarts after the largest id copied.
 */
async function restartIdentities(db: AnyDb, tables: readonly TableInfo[]): Promise<void> {
  for (const t of tables) {
    const { rows } = await sql<{
      name: string;
    }>`SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ${t.name} AND is_identity = 'YES'`.execute(
      db,
    );
    for (const { name } of rows) {
      await sql`SELECT setval(pg_get_serial_sequence(quote_ident(${t.name}), ${name}), m) FROM (SELECT MAX(${sql.ref(name)}) AS m FROM ${sql.table(t.name)}) x WHERE m IS NOT NULL`.execute(
        db,
      );
    }
  }
}
