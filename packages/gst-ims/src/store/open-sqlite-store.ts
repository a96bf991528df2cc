import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { BadInputError } from '../core/index.js';
import { KyselyStore } from './kysely-store.js';
import { MIGRATIONS } from './migrations.js';
import type { Database as Schema } from './schema.js';
import type { WorkspaceStore } from './workspace-store.js';

/** Opens (creating when needed) a workspace file in WAL mode and brings its schema up to date. */
export async function openSqliteStore(file: string): Promise<WorkspaceStore> {
  let sqlite: Database.Database;
  try {
    mkdirSync(dirname(file), { recursive: true });
    sqlite = new Database(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
  } catch (e) {
    throw new BadInputError(`${file}: cannot open the workspace: ${(e as Error).message}`, { file });
  }
  const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: sqlite }) });
  const migrator = new Migrator({ db, provider: { getMigrations: () => Promise.resolve(MIGRATIONS) } });
  const { error } = await migrator.migrateToLatest();
  if (error) {
    await db.destroy();
    const msg = error instanceof Error ? error.message : JSON.stringify(error);
    throw new BadInputError(`${file}: not a gst-ims workspace, or its schema cannot be upgraded: ${msg}`, { file });
  }
  return new KyselyStore(db, undefined, { sqliteJson: true });
}
