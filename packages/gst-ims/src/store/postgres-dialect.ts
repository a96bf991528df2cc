// The PostgreSQL side of the store's dialect: the migrations' SQLite types read as PostgreSQL
// ones, and one writer at a time per workspace, as SQLite's write lock gives (decision 0033).
import type {
  ColumnDefinitionNode,
  DataTypeNode,
  DatabaseConnection,
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  PostgresDialectConfig,
  QueryResult,
  RootOperationNode,
  TransactionSettings,
  UnknownRow,
} from 'kysely';
import {
  CompiledQuery,
  OperationNodeTransformer,
  PostgresAdapter,
  PostgresDialect,
  PostgresDriver,
} from 'kysely';
import type { Kysely } from 'kysely';
import { WorkspaceBusyError } from '../core/index.js';

/**
 * Bookkeeping outside the migrations, made before them (the migrator's own transactions count
 * as commits): one row per open store, the number of transactions it committed.
 */
export const WRITERS_TABLE = 'gst_ims_writers';

/** PostgreSQL's "lock not available" (lock_timeout ran out). */
const LOCK_NOT_AVAILABLE = '55P03';

/**
 * SQLite's `integer` is 64 bits and an `integer primary key` numbers the rows it is not given:
 * on PostgreSQL every integer column becomes bigint (paise beyond Rs 2.1 crore fit) and every
 * single-column integer primary key an identity column that still takes the ids it is given.
 * Applied to the schema statements of every migration, so migrations written with the schema
 * builder alone (0008 on) run on both without a branch.
 */
class SqliteTypesAsPostgres extends OperationNodeTransformer {
  protected override transformDataType(node: DataTypeNode): DataTypeNode {
    const n = super.transformDataType(node);
    return n.dataType === 'integer' ? { ...n, dataType: 'bigint' } : n;
  }

  protected override transformColumnDefinition(node: ColumnDefinitionNode): ColumnDefinitionNode {
    const n = super.transformColumnDefinition(node);
    if (n.primaryKey !== true || n.generated !== undefined) return n;
    const type = (n.dataType as Partial<DataTypeNode>).dataType;
    if (type !== 'bigint' && type !== 'integer') return n;
    return {
      ...n,
      autoIncrement: false,
      generated: { kind: 'GeneratedNode', byDefault: true, identity: true },
    };
  }
}

export class SqliteTypesPlugin implements KyselyPlugin {
  readonly #transformer = new SqliteTypesAsPostgres();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.#transformer.transformNode(args.node);
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}

/** True when `db` talks to PostgreSQL (the migrations branch on it for their raw SQL). */
export function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export interface PostgresWriteLock {
  /** This store's row in WRITERS_TABLE. */
  readonly writer: string;
  /** How long a transaction waits for another's; then WorkspaceBusyError. */
  readonly timeoutMs: number;
  readonly onWait?: (() => void) | undefined;
  /** Names the workspace in messages (the URL without its password). */
  readonly label: string;
}

/** The dialect with the write lock and the commit count of PostgresWriteLockDriver. */
export class WorkspacePostgresDialect extends PostgresDialect {
  constructor(
    private readonly config: PostgresDialectConfig,
    private readonly lock: PostgresWriteLock,
  ) {
    super(config);
  }

  override createDriver(): PostgresDriver {
    return new PostgresWriteLockDriver(this.config, this.lock);
  }
}

/**
 * Every transaction takes the workspace's advisory lock as it begins (one writer at a time per
 * workspace, as SQLite's BEGIN IMMEDIATE; readers never wait) and counts itself in its store's
 * row of WRITERS_TABLE, which the change stamp reads. A write outside a transaction runs in one
 * of its own, so it waits and counts the same way.
 */
class PostgresWriteLockDriver extends PostgresDriver {
  readonly #wrapped = new WeakMap<DatabaseConnection, LockedConnection>();

  constructor(
    config: PostgresDialectConfig,
    private readonly lock: PostgresWriteLock,
  ) {
    super(config);
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    const inner = await super.acquireConnection();
    let c = this.#wrapped.get(inner);
    if (c === undefined) this.#wrapped.set(inner, (c = new LockedConnection(inner, this.lock)));
    return c;
  }

  override async beginTransaction(
    connection: DatabaseConnection,
    settings: TransactionSettings,
  ): Promise<void> {
    const c = connection as LockedConnection;
    await super.beginTransaction(c.inner, settings);
    c.inTransaction = true;
    try {
      await c.lockAndCount();
    } catch (e) {
      c.inTransaction = false;
      await c.inner.executeQuery(CompiledQuery.raw('rollback'));
      throw e;
    }
  }

  override async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const c = connection as LockedConnection;
    c.inTransaction = false;
    await super.commitTransaction(c.inner);
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const c = connection as LockedConnection;
    c.inTransaction = false;
    await super.rollbackTransaction(c.inner);
  }

  override async releaseConnection(connection: DatabaseConnection): Promise<void> {
    await super.releaseConnection(
      (connection as LockedConnection).inner as Parameters<PostgresDriver['releaseConnection']>[0],
    );
  }
}

/** Statements that write nothing (or steer a transaction) run as they are outside one. */
const PASS_THROUGH = /^\s*(select|show|begin|start|commit|rollback|savepoint|release|set)\b/i;

class LockedConnection implements DatabaseConnection {
  inTransaction = false;

  constructor(
    readonly inner: DatabaseConnection,
    private readonly lock: PostgresWriteLock,
  ) {}

  async executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    if (this.inTransaction || PASS_THROUGH.test(q.sql)) return this.inner.executeQuery<R>(q);
    await this.inner.executeQuery(CompiledQuery.raw('begin'));
    try {
      await this.lockAndCount();
      const r = await this.inner.executeQuery<R>(q);
      await this.inner.executeQuery(CompiledQuery.raw('commit'));
      return r;
    } catch (e) {
      await this.inner.executeQuery(CompiledQuery.raw('rollback')).catch(() => undefined);
      throw e;
    }
  }

  streamQuery<R>(q: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(q, chunkSize);
  }

  /** Inside an open transaction: waits for the workspace's lock, then counts the commit-to-be. */
  async lockAndCount(): Promise<void> {
    const key = `hashtext('gst-ims ' || current_schema())`;
    const got = await this.inner.executeQuery<{ ok: boolean }>(
      CompiledQuery.raw(`select pg_try_advisory_xact_lock(${key}) as ok`),
    );
    if (got.rows[0]?.ok !== true) {
      this.lock.onWait?.();
      const started = Date.now();
      await this.inner.executeQuery(
        CompiledQuery.raw(`set local lock_timeout = ${Math.max(1, this.lock.timeoutMs)}`),
      );
      try {
        await this.inner.executeQuery(CompiledQuery.raw(`select pg_advisory_xact_lock(${key})`));
      } catch (e) {
        if ((e as { code?: unknown }).code === LOCK_NOT_AVAILABLE)
          throw postgresBusyError(this.lock.label, Date.now() - started);
        throw e;
      }
      await this.inner.executeQuery(CompiledQuery.raw('set local lock_timeout = 0'));
    }
    await this.inner.executeQuery(
      CompiledQuery.raw(
        `insert into ${WRITERS_TABLE} (writer, n, at) values ($1, 1, now()) on conflict (writer) do update set n = ${WRITERS_TABLE}.n + 1, at = now()`,
        [this.lock.writer],
      ),
    );
  }
}

function postgresBusyError(label: string, waitedMs: number): WorkspaceBusyError {
  const secs = Math.round(waitedMs / 100) / 10;
  return new WorkspaceBusyError(
    `${label}: another gst-ims process is still writing the workspace; gave up waiting after ${secs} s. ` +
      'Try again when it has finished (GST_IMS_BUSY_TIMEOUT_MS sets how long to wait, in milliseconds)',
    waitedMs,
  );
}
