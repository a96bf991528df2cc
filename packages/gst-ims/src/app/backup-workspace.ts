import { randomBytes } from 'node:crypto';
import { existsSync, realpathSync } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { BadInputError } from '../core/index.js';
import { cannotWrite } from '../io/index.js';
import { openSqliteStore } from '../store/index.js';
import type { AppContext } from './context.js';

export interface BackupOptions {
  /** The workspace file being copied (to refuse writing the copy over it). */
  readonly workspaceFile: string;
  readonly out: string;
  /** Replace an existing file at `out`. */
  readonly force?: boolean | undefined;
}

export interface BackupResult {
  readonly file: string;
  readonly bytes: number;
  /** What the copy holds, read back from it: records per GSTIN. */
  readonly gstins: { gstin: string; records: number }[];
}

/**
 * One consistent copy of the workspace, taken while it stays in use (a server may be running):
 * SQLite's online backup into a temporary file beside `out`, read back to check it opens and
 * what it holds, then renamed into place. A copy of the file with `cp` while gst-ims writes can
 * miss what still sits in the write-ahead log; this cannot.
 */
export async function backupWorkspace(ctx: AppContext, opts: BackupOptions): Promise<BackupResult> {
  const out = resolve(opts.out);
  if (same(out, opts.workspaceFile))
    throw new BadInputError(
      `${opts.out}: that is the workspace itself; give the backup another name`,
      { file: opts.out },
    );
  if (existsSync(out) && opts.force !== true)
    throw new BadInputError(
      `${opts.out}: the file exists; choose another name or add --force to replace it`,
      { file: opts.out },
    );
  const tmp = join(dirname(out), `.${basename(out)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await mkdir(dirname(out), { recursive: true });
    await ctx.store.backup(tmp);
    const copy = await openSqliteStore(tmp);
    let gstins: BackupResult['gstins'];
    try {
      gstins = (await copy.listGstins()).map((g) => ({ gstin: g.gstin, records: g.records }));
    } finally {
      await copy.close();
    }
    await rename(tmp, out);
    return { file: opts.out, bytes: (await stat(out)).size, gstins };
  } catch (e) {
    await rm(tmp, { force: true });
    await rm(`${tmp}-wal`, { force: true });
    await rm(`${tmp}-shm`, { force: true });
    throw cannotWrite(opts.out, e);
  }
}

function same(a: string, b: string): boolean {
  if (b === ':memory:') return false;
  const real = (p: string): string => {
    try {
      return realpathSync(p);
    } catch {
      return resolve(p);
    }
  };
  return real(a) === real(b);
}
