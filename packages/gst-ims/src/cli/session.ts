import { userInfo } from 'node:os';
import type { AppContext } from '../app/index.js';
import { openSqliteStore, resolveGstin } from '../app/index.js';
import type { Format, Out } from './output.js';
import { makeOut } from './output.js';

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
}

/** The composition root: picks the store and builds the context every command shares. */
export class Session {
  #ctx: AppContext | null = null;
  /** Set by a command that finished but must report a non-zero outcome (refusals, nothing to do). */
  exitCode = 0;
  readonly out: Out;

  constructor(
    readonly opts: GlobalOptions,
    readonly io: Io,
  ) {
    this.out = makeOut((opts.format ?? 'table') as Format, io.stdout, io.stderr);
  }

  get dbFile(): string {
    return this.opts.db ?? this.io.env.GST_IMS_DB ?? './gst-ims.sqlite';
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
    if (!this.#ctx) this.#ctx = { store: await openSqliteStore(this.dbFile), user: this.user, now: this.io.now };
    return this.#ctx;
  }

  async gstin(): Promise<string> {
    return resolveGstin((await this.ctx()).store, this.opts.gstin);
  }

  async close(): Promise<void> {
    if (this.#ctx) await this.#ctx.store.close();
    this.#ctx = null;
  }
}
