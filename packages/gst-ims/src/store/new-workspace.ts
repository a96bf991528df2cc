// A workspace file a failed run created must not stay behind: `gst-ims --db new.sqlite import ims
// broken.json` would otherwise leave an empty, migrated workspace that later commands take for
// real. The rule that keeps data safe: remove only a file this very process created (exclusive
// create, same inode at the end), that no other connection holds open, and whose tables hold no
// row at all (the migrations' own bookkeeping aside).
import {
  closeSync,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  rmdirSync,
  statSync,
  unlinkSync,
} from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';

/** A workspace file this process created, to be removed again if nothing is ever put in it. */
export interface NewWorkspace {
  readonly file: string;
  /** The outermost directory created for the file, when its directory did not exist. */
  readonly firstDir: string | null;
  /**
   * True while it is still the file created here, no other connection holds it, and its tables
   * hold no row. Call after the store is closed. When in doubt (an error), false.
   */
  isUnused(): boolean;
  /**
   * Removes the file, and the directories made for it while they are empty, when isUnused().
   * Best effort and silent: when in doubt, the file stays. Returns whether it went.
   */
  discard(): boolean;
}

interface Claim {
  readonly file: string;
  readonly dev: number;
  readonly ino: number;
  readonly firstDir: string | null;
}

/** SQLite's companions of a workspace file: the write-ahead log, its index, a rollback journal. */
const COMPANIONS = ['-wal', '-shm', '-journal'] as const;

/** Tables the migrator fills on its own; rows there are not the user's data. */
const BOOKKEEPING = /^(sqlite_|kysely_migration)/;

/**
 * Creates the workspace file (empty, which SQLite takes as a new database) when, and only when,
 * nothing is at the path yet, and says so; null when it already existed or cannot be made (the
 * store then opens it, or reports why not).
 */
export function claimNewWorkspace(file: string): NewWorkspace | null {
  if (file === '' || file === ':memory:' || file.startsWith('file:')) return null;
  let firstDir: string | null = null;
  try {
    firstDir = mkdirSync(dirname(file), { recursive: true }) ?? null;
  } catch {
    return null;
  }
  let fd: number;
  try {
    fd = openSync(file, 'wx');
  } catch {
    if (firstDir !== null) removeDirs(file, firstDir);
    return null;
  }
  try {
    const st = fstatSync(fd);
    return newWorkspace({ file, dev: st.dev, ino: st.ino, firstDir });
  } finally {
    closeSync(fd);
  }
}

function newWorkspace(w: Claim): NewWorkspace {
  return {
    file: w.file,
    firstDir: w.firstDir,
    isUnused: () => {
      try {
        return unused(w);
      } catch {
        return false;
      }
    },
    discard: () => {
      try {
        if (!unused(w)) return false;
        unlinkSync(w.file);
      } catch {
        return false;
      }
      if (w.firstDir !== null) removeDirs(w.file, w.firstDir);
      return true;
    },
  };
}

function unused(w: Claim): boolean {
  if (!sameFile(w)) return false;
  // Our connection is closed and SQLite removes -wal and -shm with the last one: if they are
  // there, another process has the workspace open.
  if (companionsPresent(w.file)) return false;
  if (!holdsNothing(w.file)) return false;
  return !companionsPresent(w.file) && sameFile(w);
}

function sameFile(w: Claim): boolean {
  const st = statSync(w.file);
  return st.isFile() && st.dev === w.dev && st.ino === w.ino;
}

const companionsPresent = (file: string): boolean => COMPANIONS.some((c) => existsSync(file + c));

/** True when the file has no table with a row in it (an empty file is an empty database). */
function holdsNothing(file: string): boolean {
  if (statSync(file).size === 0) return true;
  // No busy wait: a workspace someone else is writing is not ours to judge.
  const db = new Database(file, { fileMustExist: true, timeout: 0 });
  try {
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
      .pluck()
      .all() as string[];
    for (const t of tables) {
      if (BOOKKEEPING.test(t)) continue;
      const any = db
        .prepare(`SELECT 1 FROM "${t.replaceAll('"', '""')}" LIMIT 1`)
        .pluck()
        .get();
      if (any !== undefined) return false;
    }
    return true;
  } finally {
    db.close();
  }
}

/** Removes the directories made for the file, innermost first, while they are empty. */
function removeDirs(file: string, firstDir: string): void {
  const stopAt = resolve(firstDir);
  let dir = resolve(dirname(file));
  for (;;) {
    if (dir !== stopAt && !dir.startsWith(stopAt)) return;
    try {
      rmdirSync(dir);
    } catch {
      return;
    }
    if (dir === stopAt) return;
    const up = dirname(dir);
    if (up === dir) return;
    dir = up;
  }
}
