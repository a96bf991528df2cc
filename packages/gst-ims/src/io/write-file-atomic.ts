import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { BadInputError } from '../core/index.js';

/**
 * Writes a file so that readers see either the old content or the whole new one, never a part.
 * The content may come in pieces (UTF-8 text), written one after the other. A missing folder is
 * created, as every command that writes output does (`--out reports/2026-10/upload.json`).
 */
export async function writeFileAtomic(
  file: string,
  content: string | Uint8Array | Iterable<string>,
): Promise<void> {
  try {
    await writeThroughTemp(file, content);
  } catch (e) {
    throw cannotWrite(file, e);
  }
}

/** What the user can act on, naming the file asked for (not the temporary one beside it). */
const REASONS: Readonly<Record<string, (file: string) => string>> = {
  ENOENT: (file) => `the folder ${dirname(file)} does not exist`,
  ENOTDIR: (file) => `a part of the path ${dirname(file)} is not a folder`,
  // mkdir's answer when the folder to create is a file.
  EEXIST: (file) => `a part of the path ${dirname(file)} is not a folder`,
  EACCES: () => 'permission denied',
  EPERM: () => 'permission denied',
  EISDIR: () => 'it is a folder',
  EROFS: () => 'the disk is read-only',
  ENOSPC: () => 'the disk is full',
  EDQUOT: () => 'the disk quota is used up',
};

/** Node's error on writing `file` as words the user can act on (a BadInputError), or as it was. */
export function cannotWrite(file: string, e: unknown): unknown {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  const reason = code === undefined ? undefined : REASONS[code];
  if (reason === undefined) return e;
  return new BadInputError(`${file}: cannot write it: ${reason(file)}`, { file });
}

async function writeThroughTemp(
  file: string,
  content: string | Uint8Array | Iterable<string>,
): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(tmp, 'wx');
  try {
    if (typeof content === 'string' || content instanceof Uint8Array)
      await handle.writeFile(content);
    // writeFile on an open handle writes (all of it) from the current position: the pieces follow each other.
    else for (const piece of content) await handle.writeFile(piece);
    await handle.sync();
  } catch (e) {
    await handle.close();
    await rm(tmp, { force: true });
    throw e;
  }
  await handle.close();
  try {
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** A file written piece by piece beside its place, put there by commit (atomically) or removed by abort. */
export interface AtomicFile {
  write(piece: string): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

/**
 * writeFileAtomic for a writer that makes its content a piece at a time, between other work (a
 * reconcile writes a page of rows as it reads it): nothing appears at `file` before commit.
 */
export async function openAtomicFile(file: string): Promise<AtomicFile> {
  let tmp = '';
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    await mkdir(dirname(file), { recursive: true });
    tmp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
    handle = await open(tmp, 'wx');
  } catch (e) {
    throw cannotWrite(file, e);
  }
  let live = true;
  const abort = async (): Promise<void> => {
    if (!live) return;
    live = false;
    await handle.close();
    await rm(tmp, { force: true });
  };
  return {
    async write(piece: string): Promise<void> {
      try {
        await handle.writeFile(piece);
      } catch (e) {
        await abort();
        throw cannotWrite(file, e);
      }
    },
    async commit(): Promise<void> {
      try {
        await handle.sync();
        live = false;
        await handle.close();
        await rename(tmp, file);
      } catch (e) {
        await abort().catch(() => undefined);
        await rm(tmp, { force: true });
        throw cannotWrite(file, e);
      }
    },
    abort,
  };
}
