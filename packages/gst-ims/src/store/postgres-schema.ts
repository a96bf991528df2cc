import pg from 'pg';
import type { WorkspaceSchema } from './workspace-schema.js';
import { compareSchema } from './workspace-schema.js';

/** The migrations applied to the database ([] before the first: no migrations' table yet). */
export async function appliedPostgresMigrations(pool: pg.Pool): Promise<string[]> {
  const exists = await pool.query<{ t: string | null }>(
    "select to_regclass('kysely_migration')::text as t",
  );
  if (exists.rows[0]?.t == null) return [];
  const r = await pool.query<{ name: string }>('select name from kysely_migration');
  return r.rows.map((row) => row.name);
}

/** Reads a PostgreSQL workspace's schema without migrating or locking it (for `gst-ims doctor`). */
export async function inspectPostgresSchema(url: string): Promise<WorkspaceSchema> {
  // Names only: none of the store's type parsing is needed.
  const pool = new pg.Pool({ connectionString: url, max: 1, connectionTimeoutMillis: 10_000 });
  pool.on('error', () => undefined);
  try {
    return compareSchema(await appliedPostgresMigrations(pool));
  } finally {
    await pool.end();
  }
}
