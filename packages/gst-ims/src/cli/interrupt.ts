// Ctrl+C (SIGINT) or SIGTERM during a command (issue 18, decision 0044). Every long command
// writes the workspace in one transaction, so stopping the process at once is safe: a
// transaction not yet committed is rolled back by the database (SQLite discards it when the
// file is next opened, PostgreSQL when the connection drops). What the person needs is to be told
// which it was: nothing saved (the workspace is as it was), or stopped after the change was saved.
// The store is watched for that (trackWrites): transactions open and committed, and writes made
// outside one.
//
// A signal's handler runs only when the event loop turns, and better-sqlite3 answers every
// statement at once: a whole transaction of awaited statements can run as one chain of
// microtasks, and Ctrl+C would wait for its commit. So each store call first yields to the loop
// (setImmediate): the handler runs between two statements, at most one statement late.
import type { WorkspaceStore } from '../store/index.js';

/** The workspace writes of this run. */
export interface WriteLog {
  /** Transactions under way. */
  open: number;
  /** Transactions committed, and writes made outside any. */
  committed: number;
}

/** Store methods that only read (any other method is taken to write). */
const READS =
  /^(load|list|get|audit|last|record[A-Z]|page|practice|granted|unapproved|uploadFileItems|changeStamp|backup|close|snapshotId|warm|gstinIds)/;

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * The store, noting in `log` each transaction begun and committed and each write outside one,
 * and letting the event loop turn before each call (signals are handled between statements).
 */
export function trackWrites(store: WorkspaceStore, log: WriteLog): WorkspaceStore {
  return watched(store, log, false);
}

function watched(store: WorkspaceStore, log: WriteLog, inTx: boolean): WorkspaceStore {
  return new Proxy(store, {
    get(target, prop) {
      const v: unknown = Reflect.get(target, prop, target);
      if (typeof v !== 'function') return v;
      const f = (v as (...a: unknown[]) => unknown).bind(target);
      if (prop === 'transaction')
        return async (fn: (tx: WorkspaceStore) => Promise<unknown>) => {
          await turn();
          log.open++;
          try {
            const r = await f((tx: WorkspaceStore) => fn(watched(tx, log, true)));
            log.committed++;
            return r;
          } finally {
            log.open--;
          }
        };
      if (typeof prop !== 'string' || prop === 'close') return f;
      const writes = !inTx && !READS.test(prop);
      return async (...a: unknown[]) => {
        await turn();
        const r = await f(...a);
        if (writes) log.committed++;
        return r;
      };
    },
  });
}

/** Exit codes of a run ended by a signal, as shells report them (128 + the signal's number). */
export const SIGNAL_EXIT: Readonly<Record<'SIGINT' | 'SIGTERM', number>> = {
  SIGINT: 130,
  SIGTERM: 143,
};

/**
 * `workspace copy` writes its target outside the session's store, in one transaction verified
 * before it commits: the target holds nothing of it, or all of it.
 */
export const COPY_INTERRUPTED =
  'gst-ims: interrupted (Ctrl+C): the source workspace is as it was; the copy was written in one transaction, so the target holds either none of it (copy again) or all of it, verified (see gst-ims --db TARGET status).';

/** What the person is told when the run is stopped. */
export function interruptMessage(signal: 'SIGINT' | 'SIGTERM', log: WriteLog): string {
  const what = signal === 'SIGINT' ? 'interrupted (Ctrl+C)' : 'stopped (SIGTERM)';
  if (log.committed === 0)
    return `gst-ims: ${what}: nothing was saved, the workspace is as it was${log.open > 0 ? ' (the change under way was rolled back)' : ''}. Run the command again to do it.`;
  return `gst-ims: ${what} after the change was saved${log.open > 0 ? ' (a further change under way was rolled back)' : ''}: run gst-ims status to see the workspace.`;
}

export interface InterruptOptions {
  readonly log: WriteLog;
  readonly stderr: (s: string) => void;
  /** Clears a progress bar before the message. */
  readonly stop: () => void;
  /** True while the running command handles the signals itself (`serve` closes cleanly). */
  readonly deferred: () => boolean;
  /** What to say instead, for a command that writes outside the watched store (null: none). */
  readonly instead?: (() => string | null) | undefined;
  readonly exit: (code: number) => void;
}

/** Handles SIGINT and SIGTERM for the rest of the process; returns the uninstaller. */
export function handleInterrupts(o: InterruptOptions): () => void {
  const on = (signal: 'SIGINT' | 'SIGTERM') => (): void => {
    if (o.deferred()) return;
    o.stop();
    o.stderr(`${o.instead?.() ?? interruptMessage(signal, o.log)}\n`);
    o.exit(SIGNAL_EXIT[signal]);
  };
  const int = on('SIGINT');
  const term = on('SIGTERM');
  process.on('SIGINT', int);
  process.on('SIGTERM', term);
  return () => {
    process.removeListener('SIGINT', int);
    process.removeListener('SIGTERM', term);
  };
}
