import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { BadInputError } from '../core/index.js';
import { MIGRATIONS } from './migrations.js';

/** Kysely's bookkeeping table: one row per migration applied to the workspace. */
const MIGRATION_TABLE = 'kysely_migration';

/** What a workspace file's schema says about the gst-ims that wrote it. */
export interface WorkspaceSchema {
  /** Migrations applied to the file, in name order. */
  readonly applied: readonly string[];
  /** Applied migrations this version does not know: the file was written by a newer gst-ims. */
  readonly unknown: readonly string[];
  /** Migrations this version would still apply when it opens the file. */
  readonly pending: readonly string[];
  /** The newest migration this version knows. */
  readonly latestKnown: string;
}

export function knownMigrations(): string[] {
  return Object.keys(MIGRATIONS).sort();
}

/** Compares the migrations applied to a workspace with the ones this version ships. */
export function compareSchema(applied: readonly string[]): WorkspaceSchema {
  const known = knownMigrations();
  const have = new Set(applied);
  const knownSet = new Set(known);
  return {
    applied: [...applied].sort(),
    unknown: applied.filter((n) => !knownSet.has(n)).sort(),
    pending: known.filter((n) => !have.has(n)),
    latestKnown: known[known.length - 1] ?? '',
  };
}

/** The names in the migration table of an open SQLite workspace ([] for a new, empty file). */
export function appliedMigrations(sqlite: Database.Database): string[] {
  const table = sqlite
    .prepare("select 1 from sqlite_master where type = 'table' and name = ?")
    .get(MIGRATION_TABLE);
  if (table === undefined) return [];
  return sqlite.prepare(`select name from ${MIGRATION_TABLE}`).pluck().all().map(String);
}

/**
 * A workspace written by a newer gst-ims has migrations this one does not know. Opening it anyway
 * would read and write tables whose meaning has changed, so it is refused before anything runs.
 */
export function refuseNewerSchema(file: string, schema: WorkspaceSchema): void {
  if (schema.unknown.length === 0) return;
  throw new BadInputError(
    `${file}: this workspace was written by a newer version of gst-ims (its schema has ${schema.unknown.join(', ')}; ` +
      `this version knows up to ${schema.latestKnown}). Update gst-ims to open it ` +
      '(npx gst-ims@latest, or npm install -g gst-ims@latest); the file was not changed.',
    { file, code: 'WORKSPACE_NEWER_VERSION' },
  );
}

/** Reads a workspace's schema without creating, migrating or locking it (for `gst-ims doctor`). */
export function inspectWorkspaceSchema(file: string): WorkspaceSchema | null {
  if (!existsSync(file)) return null;
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return compareSchema(appliedMigrations(sqlite));
  } finally {
    sqlite.close();
  }
}

/** Loads the native SQLite module; its SQLite version proves the compiled binary works here. */
export function sqliteEngineVersion(): string {
  const sqlite = new Database(':memory:');
  try {
    return String(sqlite.prepare('select sqlite_version()').pluck().get());
  } finally {
    sqlite.close();
  }
}
