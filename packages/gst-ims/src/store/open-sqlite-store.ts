import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { DatabaseConnection, Driver, QueryResult, SqliteDialectConfig } from 'kysely';
import {
  CompiledQuery,
  Kysely,
  Migrator,
  SqliteAdapter,
  SqliteDialect,
  SqliteDriver,
} from 'kysely';
import { BadInputError, WorkspaceBusyError } from '../core/index.js';
import type { SqlRunner } from './kysely-store.js';
import { KyselyStore } from './kysely-store.js';
import { MIGRATIONS } from './migrations.js';
import type { Database as Schema } from './schema.js';
import { appliedMigrations, compareSchema, refuseNewerSchema } from './workspace-schema.js';
import type { WorkspaceStore } from './workspace-store.js';

/** Prepared statements kept per SQL text; the bulk paths use a handful, batch sizes vary. */
const STATEMENT_CACHE = 64;

/** How long a write waits for another process's write lock, unless told otherwise. */
export const DEFAULT_BUSY_TIMEOUT_MS = 30_000;

/** How a write that finds the workspace locked by another process waits for it. */
export interface WriteLockWait {
  /** Give up (WorkspaceBusyError) after this long; default DEFAULT_BUSY_TIMEOUT_MS. */
  readonly timeoutMs?: number | undefined;
  /** Called once per wait that lasts longer than a moment: the place to tell the person. */
  readonly onWait?: (() => void) | undefined;
}

/** Opens (creating when needed) a workspace file in WAL mode and brings its schema up to date. */
export async function openSqliteStore(
  file: string,
  wait: WriteLockWait = {},
): Promise<WorkspaceStore> {
  const timeoutMs = wait.timeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  let sqlite: Database.Database;
  try {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    sqlite = new Database(file);
    // Only takes effect on a new, empty file: larger pages mean fewer b-tree pages to split and
    // write for the ~100 MB a month of 100,000 records adds.
    sqlite.pragma('page_size = 16384');
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    // Statements outside a transaction wait here (synchronously); transactions wait in
    // beginTransaction below, without blocking the event loop.
    sqlite.pragma(`busy_timeout = ${timeoutMs}`);
  } catch (e) {
    throw new BadInputError(`${file}: cannot open the workspace: ${(e as Error).message}`, {
      file,
    });
  }
  try {
    refuseNewerSchema(file, compareSchema(appliedMigrations(sqlite)));
  } catch (e) {
    sqlite.close();
    throw e;
  }
  const db = new Kysely<Schema>({
    dialect: new TransactionalDdlSqliteDialect({ database: sqlite }, { ...wait, file }),
  });
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(MIGRATIONS) },
  });
  const { error } = await upToDate(migrator, db);
  if (error) {
    await db.destroy();
    const msg = error instanceof Error ? error.message : JSON.stringify(error);
    throw new BadInputError(
      `${file}: not a gst-ims workspace, or its schema cannot be upgraded: ${msg}`,
      { file },
    );
  }
  return new KyselyStore(db, undefined, {
    sqliteJson: true,
    runner: sqliteRunner(sqlite, file, timeoutMs),
    // SQLite's data_version moves exactly when another connection commits (another process, or
    // another open of the file), never on this connection's own writes: those the caller knows.
    ...(file === ':memory:'
      ? {}
      : {
          changeStamp: () =>
            Promise.resolve(String(sqlite.pragma('data_version', { simple: true }))),
        }),
    backup: async (toFile) => {
      await sqlite.backup(toFile);
    },
    checkpoint: () => {
      if (file === ':memory:' || !sqlite.open) return;
      // Only a process that wrote folds the log in: a checkpoint moves every other connection's
      // data_version although no row changed, so a read-only command (`gst-ims status` while
      // `serve` runs) would make the server's pages reload for a change nobody made.
      if (Number(sqlite.prepare('SELECT total_changes()').pluck().get()) === 0) return;
      // An empty log has nothing to fold in; truncating it would still touch the file, which a
      // running server reads as a change to the workspace.
      if (walSize(file) === 0) return;
      // Never wait at close: another process reading keeps its part of the log, the rest folds in.
      sqlite.pragma('busy_timeout = 0');
      try {
        sqlite.pragma('wal_checkpoint(TRUNCATE)');
      } catch {
        // A busy workspace keeps its log; the next clean stop folds it in.
      }
    },
  });
}

/**
 * Migrates only when a migration is pending: running the migrator takes the write lock, and
 * opening a workspace just to read it must not wait for another process's import.
 */
async function upToDate(migrator: Migrator, db: Kysely<Schema>): Promise<{ error?: unknown }> {
  try {
    const all = await migrator.getMigrations();
    if (all.every((m) => m.executedAt !== undefined)) return {};
  } catch (e) {
    if (e instanceof WorkspaceBusyError) throw e;
    // An unreadable schema is reported by migrateToLatest below, as before.
  }
  try {
    return await migrator.migrateToLatest();
  } catch (e) {
    await db.destroy();
    throw e;
  }
}

/** Reuses prepared statements (a 30,000-parameter INSERT takes milliseconds to compile). */
export function sqliteRunner(
  sqlite: Database.Database,
  file = '',
  timeoutMs = DEFAULT_BUSY_TIMEOUT_MS,
): SqlRunner {
  const cache = new Map<string, Database.Statement>();
  const statement = (text: string): Database.Statement => {
    let st = cache.get(text);
    if (st === undefined) {
      st = sqlite.prepare(text);
      if (cache.size >= STATEMENT_CACHE) cache.delete(cache.keys().next().value as string);
      cache.set(text, st);
    }
    return st;
  };
  const mapped = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (e) {
      throw asBusy(e, file, timeoutMs);
    }
  };
  return {
    run: (text, params) => mapped(() => void statement(text).run(params)),
    iterate: (text, params) =>
      mapped(() => statement(text).raw(true).iterate(params) as IterableIterator<unknown[]>),
    all: (text, params) => mapped(() => statement(text).raw(true).all(params) as unknown[][]),
  };
}

/**
 * SQLite runs DDL inside transactions; kysely's adapter says it does not, which would leave a
 * migration that failed half-way half-applied. With this, every migration run is all or nothing.
 */
export class TransactionalDdlSqliteDialect extends SqliteDialect {
  constructor(
    private readonly config: SqliteDialectConfig,
    private readonly wait: WriteLockWait & { readonly file?: string } = {},
  ) {
    super(config);
  }

  override createDriver(): Driver {
    return new WriteLockDriver(
      this.config,
      this.wait.file ?? '',
      this.wait.timeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS,
      this.wait.onWait,
    );
  }

  override createAdapter(): SqliteAdapter {
    return new (class extends SqliteAdapter {
      override get supportsTransactionalDdl(): boolean {
        return true;
      }
    })();
  }
}

/** The first try waits this long synchronously: a moment's contention says nothing. */
const FIRST_TRY_MS = 100;
/** Later tries wait a little synchronously, then yield to the event loop (a server keeps serving). */
const RETRY_TRY_MS = 20;
const RETRY_PAUSE_MS = 80;

/**
 * Every transaction here writes, so it takes the write lock when it begins (BEGIN IMMEDIATE).
 * A deferred BEGIN would take it at the first write, and if another process committed in between,
 * SQLite fails at once (SQLITE_BUSY_SNAPSHOT) without waiting: half-way through a command.
 * Lock errors of any statement become WorkspaceBusyError.
 */
class WriteLockDriver extends SqliteDriver {
  #connection: DatabaseConnection | null = null;

  constructor(
    config: SqliteDialectConfig,
    private readonly file: string,
    private readonly timeoutMs: number,
    private readonly onWait: (() => void) | undefined,
  ) {
    super(config);
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    const inner = await super.acquireConnection();
    this.#connection ??= busyMapped(inner, this.file, this.timeoutMs);
    return this.#connection;
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const started = Date.now();
    let told = false;
    for (let attempt = 0; ; attempt++) {
      const slice = Math.max(
        0,
        Math.min(
          attempt === 0 ? FIRST_TRY_MS : RETRY_TRY_MS,
          started + this.timeoutMs - Date.now(),
        ),
      );
      if (await tryBeginImmediate(connection, slice, this.timeoutMs)) return;
      const waited = Date.now() - started;
      if (waited >= this.timeoutMs) throw busyError(this.file, waited);
      if (!told) {
        told = true;
        this.onWait?.();
      }
      // Between tries the connection is free for others (no transaction is open on it): the
      // server keeps answering reads while a decision waits for another process's import.
      await this.releaseConnection();
      await new Promise((resolve) =>
        setTimeout(resolve, Math.min(RETRY_PAUSE_MS, started + this.timeoutMs - Date.now())),
      );
      await super.acquireConnection();
    }
  }
}

/** BEGIN IMMEDIATE waiting at most `sliceMs`; false when another connection holds the lock. */
async function tryBeginImmediate(
  connection: DatabaseConnection,
  sliceMs: number,
  restoreMs: number,
): Promise<boolean> {
  await connection.executeQuery(CompiledQuery.raw(`pragma busy_timeout = ${sliceMs}`));
  try {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    return true;
  } catch (e) {
    if (e instanceof WorkspaceBusyError) return false;
    throw e;
  } finally {
    await connection.executeQuery(CompiledQuery.raw(`pragma busy_timeout = ${restoreMs}`));
  }
}

function busyMapped(
  inner: DatabaseConnection,
  file: string,
  timeoutMs: number,
): DatabaseConnection {
  return {
    async executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
      try {
        return await inner.executeQuery<R>(q);
      } catch (e) {
        throw asBusy(e, file, timeoutMs);
      }
    },
    async *streamQuery<R>(
      q: CompiledQuery,
      chunkSize?: number,
    ): AsyncIterableIterator<QueryResult<R>> {
      try {
        yield* inner.streamQuery<R>(q, chunkSize);
      } catch (e) {
        throw asBusy(e, file, timeoutMs);
      }
    },
  };
}

/** SQLite's lock errors (SQLITE_BUSY, SQLITE_LOCKED and their extended codes) as WorkspaceBusyError. */
function asBusy(e: unknown, file: string, waitedMs: number): unknown {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test(code)
    ? busyError(file, waitedMs)
    : e;
}

function busyError(file: string, waitedMs: number): WorkspaceBusyError {
  const secs = Math.round(waitedMs / 100) / 10;
  return new WorkspaceBusyError(
    `${file || 'the workspace'}: another gst-ims process is still writing the workspace; gave up waiting after ${secs} s. ` +
      'Try again when it has finished (GST_IMS_BUSY_TIMEOUT_MS sets how long to wait, in milliseconds)',
    waitedMs,
  );
}

function walSize(file: string): number | null {
  try {
    return statSync(`${file}-wal`).size;
  } catch {
    return null;
  }
}
