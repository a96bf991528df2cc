export * from './workspace-store.js';
export { openSqliteStore } from './open-sqlite-store.js';
export type { CachedLoad, CachedStore, CachedStoreOptions } from './cached-store.js';
export { cachedStore } from './cached-store.js';
export type { NewWorkspace } from './new-workspace.js';
export { claimNewWorkspace } from './new-workspace.js';
export type { WorkspaceSchema } from './workspace-schema.js';
export {
  inspectWorkspaceSchema,
  knownMigrations,
  sqliteEngineVersion,
} from './workspace-schema.js';
