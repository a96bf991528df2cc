export * from './workspace-store.js';
export { openSqliteStore } from './open-sqlite-store.js';
export type { CachedLoad, CachedStore, CachedStoreOptions } from './cached-store.js';
export { cachedStore } from './cached-store.js';
export type { NewWorkspace } from './new-workspace.js';
export { claimNewWorkspace } from './new-workspace.js';
