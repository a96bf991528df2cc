import type { WriteLockWait } from './open-sqlite-store.js';
import { openSqliteStore } from './open-sqlite-store.js';
import { openPostgresStore } from './postgres-loaders.js';
import { isPostgresUrl } from './postgres-url.js';
import type { WorkspaceStore } from './workspace-store.js';

/**
 * Opens the workspace at `location`: a postgres:// (or postgresql://) URL is a PostgreSQL
 * database, anything else a SQLite file (the embedded default).
 */
export function openStore(location: string, wait: WriteLockWait = {}): Promise<WorkspaceStore> {
  return isPostgresUrl(location)
    ? openPostgresStore(location, wait)
    : openSqliteStore(location, wait);
}
