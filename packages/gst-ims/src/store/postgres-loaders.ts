// The store's entry points that reach PostgreSQL's driver, each loading its module on first
// call. pg, as it loads, looks for a Cloudflare runtime through the fetch globals, which loads
// Node.js's undici: about 0.1 s of CPU and 6 MB that every SQLite command paid at start-up
// (issue 20, decision 0062). A PostgreSQL workspace loads them when it is opened.
import type * as CopyWorkspace from './copy-workspace.js';
import type * as OpenPostgresStore from './open-postgres-store.js';
import type * as PostgresSchema from './postgres-schema.js';

export async function openPostgresStore(
  ...args: Parameters<typeof OpenPostgresStore.openPostgresStore>
): ReturnType<typeof OpenPostgresStore.openPostgresStore> {
  return (await import('./open-postgres-store.js')).openPostgresStore(...args);
}

export async function copyWorkspace(
  ...args: Parameters<typeof CopyWorkspace.copyWorkspace>
): ReturnType<typeof CopyWorkspace.copyWorkspace> {
  return (await import('./copy-workspace.js')).copyWorkspace(...args);
}

export async function inspectPostgresSchema(
  ...args: Parameters<typeof PostgresSchema.inspectPostgresSchema>
): ReturnType<typeof PostgresSchema.inspectPostgresSchema> {
  return (await import('./postgres-schema.js')).inspectPostgresSchema(...args);
}
