export * from './workspace-store.js';
export { openSqliteStore } from './open-sqlite-store.js';
