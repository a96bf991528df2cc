import type { WorkspaceStore } from '../store/index.js';

/** What every use case needs from its shell: the store, who is acting, and the clock. */
export interface AppContext {
  readonly store: WorkspaceStore;
  readonly user: string;
  /** ISO-8601 timestamp of "now"; injected so tests and the core stay deterministic. */
  readonly now: () => string;
}
