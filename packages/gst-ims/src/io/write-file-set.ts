import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { cannotWrite, writeFileAtomic } from './write-file-atomic.js';

export interface SetFile {
  readonly path: string;
  readonly content: string;
}

export interface WriteSetResult {
  /** Files of an earlier set under the same name that are not in this one, removed. */
  readonly removed: string[];
  /** Temporary files a killed earlier run left behind, removed. */
  readonly cleaned: string[];
}

/**
 * Writes a set of files that belong together (the parts of one upload) and the manifest naming
 * them: every part is first written and synced under a temporary name, then the parts are
 * renamed into place, the manifest last (atomically), and only then are the parts of an earlier
 * set under the same name that this set does not have removed. A run killed before the renames
 * leaves the old set and its manifest as they were (its temporary files are cleaned by the next
 * run); the manifest names the set that is complete, with each file's sha256.
 */
export async function writeFileSet(
  files: readonly SetFile[],
  manifest: SetFile,
  stale: (name: string) => boolean,
): Promise<WriteSetResult> {
  try {
    return await writeSet(files, manifest, stale);
  } catch (e) {
    throw cannotWrite(manifest.path, e);
  }
}

async function writeSet(
  files: readonly SetFile[],
  manifest: SetFile,
  stale: (name: string) => boolean,
): Promise<WriteSetResult> {
  const folder = dirname(manifest.path);
  await mkdir(folder, { recursive: true });
  const cleaned = await removeTemporaries(folder, files, manifest);
  const temps: { tmp: string; path: string }[] = [];
  try {
    for (const f of files) {
      await mkdir(dirname(f.path), { recursive: true });
      const tmp = join(
        dirname(f.path),
        `.${basename(f.path)}.${randomBytes(6).toString('hex')}.tmp`,
      );
      const handle = await open(tmp, 'wx');
      try {
        await handle.writeFile(f.content);
        await handle.sync();
      } finally {
        await handle.close();
      }
      temps.push({ tmp, path: f.path });
    }
  } catch (e) {
    for (const t of temps) await rm(t.tmp, { force: true });
    throw e;
  }
  for (const t of temps) await rename(t.tmp, t.path);
  await writeFileAtomic(manifest.path, manifest.content);
  const keep = new Set([...files.map((f) => basename(f.path)), basename(manifest.path)]);
  const removed: string[] = [];
  for (const name of await readdir(folder)) {
    if (keep.has(name) || !stale(name)) continue;
    await rm(join(folder, name), { force: true });
    removed.push(join(folder, name));
  }
  return { removed, cleaned };
}

/** Removes the temporaries that earlier, killed runs left for these names. */
async function removeTemporaries(
  folder: string,
  files: readonly SetFile[],
  manifest: SetFile,
): Promise<string[]> {
  const prefixes = [...files, manifest].map((f) => `.${basename(f.path)}.`);
  const out: string[] = [];
  for (const name of await readdir(folder)) {
    if (!name.endsWith('.tmp') || !prefixes.some((p) => name.startsWith(p))) continue;
    await rm(join(folder, name), { force: true });
    out.push(join(folder, name));
  }
  return out;
}
