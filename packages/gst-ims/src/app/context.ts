import type { IsoDate } from '../core/index.js';
import { indianDateOf } from '../core/index.js';
import type { WorkspaceStore } from '../store/index.js';

/**
 * Reports progress of long work: `phase` names the step in words ("reading the workbook"),
 * `done` of `total` units (records, rows). Shells draw it (the CLI's progress bar); the engine
 * only calls it, and never when nobody listens.
 */
export type ProgressSink = (phase: string, done: number, total: number) => void;

/** What every use case needs from its shell: the store, who is acting, and the clock. */
export interface AppContext {
  readonly store: WorkspaceStore;
  readonly user: string;
  /** ISO-8601 timestamp of "now"; injected so tests and the core stay deterministic. */
  readonly now: () => string;
  /** Optional progress of long work (imports, exports, reconciliation). */
  readonly progress?: ProgressSink | undefined;
}

/** Today's date in India by the context's clock, for the engine's deadline rules. */
export function todayOf(ctx: Pick<AppContext, 'now'>): IsoDate | null {
  return indianDateOf(ctx.now());
}
