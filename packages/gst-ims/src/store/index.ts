export * from './workspace-store.js';
export { openSqliteStore } from './open-sqlite-store.js';
export { openStore } from './open-store.js';
export { isPostgresUrl, openPostgresStore, redactUrl } from './open-postgres-store.js';
export type { TableCopy, WorkspaceCopy } from './copy-workspace.js';
export { copyWorkspace } from './copy-workspace.js';
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
export { inspectPostgresSchema } from './postgres-schema.js';
