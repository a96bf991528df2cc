import { userInfo } from 'node:os';
import type { AppContext, NewWorkspace } from '../app/index.js';
// Narrow imports (not the app barrel): a command loads only what it runs (docs/decisions/0047).
import { resolveGstin } from '../app/resolve-gstin.js';
import { claimNewWorkspace, isPostgresUrl, openStore, redactUrl } from '../store/index.js';
import { UsageError } from '../core/index.js';
import type { Format, Out } from './output.js';
import { makeOut } from './output.js';
import type { WriteLog } from './interrupt.js';
import { trackWrites } from './interrupt.js';
import type { CliProgress, ProgressStream } from './progress.js';
import { createProgress } from './progress.js';

export interface GlobalOptions {
  db?: string;
  gstin?: string;
  format?: string;
  user?: string;
}

export interface Io {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  readonly env: NodeJS.ProcessEnv;
  readonly now: () => string;
  /** The stream behind `stderr`, for progress bars (drawn only when it is a terminal). */
  readonly stderrStream?: ProgressStream | undefined;
  /**
   * Where the run's workspace writes are noted, for what Ctrl+C says (cli/interrupt.ts); asked
   * when the workspace is opened (null: not watched, as for `serve`, which closes cleanly).
   */
  readonly writes?: (() => WriteLog | null) | undefined;
}

/** The composition root: picks the store and builds the context every command shares. */
export class Session {
  #ctx: AppContext | null = null;
  /** The workspace file this very run created (null: it was there before, or nothing opened yet). */
  #created: NewWorkspace | null = null;
  /** Set by a command that finished but must report a non-zero outcome (refusals, nothing to do). */
  exitCode = 0;
  readonly out: Out;
  /** Progress bars on a terminal's stderr; cleared before anything else is printed. */
  readonly progress: CliProgress;

  constructor(
    readonly opts: GlobalOptions,
    readonly io: Io,
  ) {
    const format = (opts.format ?? 'table') as Format;
    this.progress = createProgress({
      stream: io.stderrStream,
      format,
      env: io.env,
      handleSignals: true,
    });
    const bar = this.progress;
    this.out = makeOut(
      format,
      (s) => {
        bar.stop();
        io.stdout(s);
      },
      (s) => {
        bar.stop();
        io.stderr(s);
      },
    );
  }

  get dbFile(): string {
    // An empty GST_IMS_DB (`export GST_IMS_DB=`) is unset, not a name: SQLite would take '' for
    // a throwaway database and every decision would vanish when the command ends.
    const fromEnv = this.io.env.GST_IMS_DB?.trim();
    return this.opts.db ?? (fromEnv ? fromEnv : './gst-ims.sqlite');
  }

  /** The workspace as it may be shown: a PostgreSQL URL without its password. */
  get dbLabel(): string {
    const db = this.dbFile;
    return isPostgresUrl(db) ? redactUrl(db) : db;
  }

  get user(): string {
    if (this.opts.user) return this.opts.user;
    try {
      return userInfo().username;
    } catch {
      return this.io.env.USER ?? 'unknown';
    }
  }

  async ctx(): Promise<AppContext> {
    if (!this.#ctx) {
      const file = this.dbFile;
      // Remembered before the store creates and migrates the file: a run that fails removes
      // only a file it created itself, and only while that file holds nothing (see close).
      // A PostgreSQL workspace (--db postgres://...) is a database someone made: never removed.
      if (!isPostgresUrl(file)) this.#created ??= claimNewWorkspace(file);
      const store = await openStore(file, {
        timeoutMs: busyTimeoutMs(this.io.env),
        // Always on stderr (never stdout, which may be a pipe of JSON): a silent pause looks hung.
        onWait: () =>
          this.out.err(
            'gst-ims: waiting for another gst-ims process to finish writing the workspace...',
          ),
      });
      const writes = this.io.writes?.() ?? null;
      this.#ctx = {
        store: writes === null ? store : trackWrites(store, writes),
        user: this.user,
        now: this.io.now,
        progress: this.progress.sink,
      };
    }
    return this.#ctx;
  }

  async gstin(): Promise<string> {
    return resolveGstin((await this.ctx()).store, this.opts.gstin);
  }

  /**
   * Clears any progress bar and closes the store. After a failed run (an error or a non-zero exit
   * code), a workspace file this run created is removed again when no row was committed to it and
   * no other connection holds it: a mistyped import must not leave an empty workspace behind.
   * See store/new-workspace.ts for the rules that keep every other file as it is.
   */
  async close(failed = false): Promise<void> {
    this.progress.stop();
    const ctx = this.#ctx;
    this.#ctx = null;
    let closed = true;
    if (ctx) {
      try {
        await ctx.store.close();
      } catch (e) {
        closed = false;
        if (!failed) throw e;
      }
    }
    const created = this.#created;
    if (failed && closed && created) {
      this.#created = null;
      created.discard();
    }
  }
}

/** GST_IMS_BUSY_TIMEOUT_MS: how long a write waits for another process's; unset: the store's default. */
export function busyTimeoutMs(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env.GST_IMS_BUSY_TIMEOUT_MS?.trim();
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d+$/.test(raw))
    throw new UsageError(
      `GST_IMS_BUSY_TIMEOUT_MS: expected a whole number of milliseconds, found "${raw}"`,
    );
  return Number(raw);
}
