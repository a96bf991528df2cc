export * from './workspace-store.js';
export { openSqliteStore } from './open-sqlite-store.js';
export { openStore } from './open-store.js';
export { isPostgresUrl, redactUrl } from './postgres-url.js';
// Loaded when called: pg is for PostgreSQL workspaces only (postgres-loaders.ts).
export { copyWorkspace, inspectPostgresSchema, openPostgresStore } from './postgres-loaders.js';
export type { TableCopy, WorkspaceCopy } from './copy-workspace.js';
export type { CachedLoad, CachedStore, CachedStoreOptions } from './cached-store.js';
export { MEMOISED_READS, PLAIN_READS, cachedStore } from './cached-store.js';
export type { NewWorkspace } from './new-workspace.js';
export { claimNewWorkspace } from './new-workspace.js';
export type { WorkspaceSchema } from './workspace-schema.js';
export {
  inspectWorkspaceSchema,
  knownMigrations,
  sqliteEngineVersion,
} from './workspace-schema.js';
