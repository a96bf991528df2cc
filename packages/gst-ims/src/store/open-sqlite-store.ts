import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, Migrator, SqliteAdapter, SqliteDialect } from 'kysely';
import { BadInputError } from '../core/index.js';
import type { SqlRunner } from './kysely-store.js';
import { KyselyStore } from './kysely-store.js';
import { MIGRATIONS } from './migrations.js';
import type { Database as Schema } from './schema.js';
import type { WorkspaceStore } from './workspace-store.js';

/** Prepared statements kept per SQL text; the bulk paths use a handful, batch sizes vary. */
const STATEMENT_CACHE = 64;

/** Opens (creating when needed) a workspace file in WAL mode and brings its schema up to date. */
export async function openSqliteStore(file: string): Promise<WorkspaceStore> {
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
    sqlite.pragma('busy_timeout = 5000');
  } catch (e) {
    throw new BadInputError(`${file}: cannot open the workspace: ${(e as Error).message}`, { file });
  }
  const db = new Kysely<Schema>({ dialect: new TransactionalDdlSqliteDialect({ database: sqlite }) });
  const migrator = new Migrator({ db, provider: { getMigrations: () => Promise.resolve(MIGRATIONS) } });
  const { error } = await migrator.migrateToLatest();
  if (error) {
    await db.destroy();
    const msg = error instanceof Error ? error.message : JSON.stringify(error);
    throw new BadInputError(`${file}: not a gst-ims workspace, or its schema cannot be upgraded: ${msg}`, { file });
  }
  return new KyselyStore(db, undefined, { sqliteJson: true, runner: sqliteRunner(sqlite) });
}

/** Reuses prepared statements (a 30,000-parameter INSERT takes milliseconds to compile). */
export function sqliteRunner(sqlite: Database.Database): SqlRunner {
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
  return {
    run: (text, params) => void statement(text).run(params),
    iterate: (text, params) => statement(text).raw(true).iterate(params) as IterableIterator<unknown[]>,
    all: (text, params) => statement(text).raw(true).all(params) as unknown[][],
  };
}

/**
 * SQLite runs DDL inside transactions; kysely's adapter says it does not, which would leave a
 * migration that failed half-way half-applied. With this, every migration run is all or nothing.
 */
export class TransactionalDdlSqliteDialect extends SqliteDialect {
  override createAdapter(): SqliteAdapter {
    return new (class extends SqliteAdapter {
      override get supportsTransactionalDdl(): boolean {
        return true;
      }
    })();
  }
}
