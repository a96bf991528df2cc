// writeFileSet's guarantees for a set whose files are made a piece at a time (the upload of a
// million records: decision 0043): each part is written and synced under a temporary name as
// its pieces come, with its sha256 and length counted on the way, so that no part is held whole;
// the parts are renamed into place only once all are written, then the manifest (atomically),
// then the parts of an earlier set under the same name that this one does not have are removed.
import { createHash, randomBytes } from 'node:crypto';
import type { Hash } from 'node:crypto';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { WriteSetResult } from './write-file-set.js';
import { cannotWrite, writeFileAtomic } from './write-file-atomic.js';

/** A part written under its temporary name: its UTF-8 length and sha256. */
export interface WrittenPart {
  readonly bytes: number;
  readonly sha256: string;
}

/** Pieces of text gathered before a write (fewer, larger writes). */
const WRITE_AT = 1 << 20;

export class FileSetWriter {
  private readonly temps: string[] = [];
  private current: {
    handle: FileHandle;
    hash: Hash;
    bytes: number;
    pending: string[];
    size: number;
  } | null = null;

  private constructor(
    private readonly manifestPath: string,
    private readonly stale: (name: string) => boolean,
    /** Temporary files a killed earlier run left for this set's names, removed. */
    readonly cleaned: string[],
  ) {}

  /**
   * Opens the set's folder. `stale` tells the set's part names (this set's and an earlier
   * one's); their temporaries left by a killed run are removed now.
   */
  static async open(
    manifestPath: string,
    stale: (name: string) => boolean,
  ): Promise<FileSetWriter> {
    try {
      const folder = dirname(manifestPath);
      await mkdir(folder, { recursive: true });
      const manifest = basename(manifestPath);
      const cleaned: string[] = [];
      for (const name of await readdir(folder)) {
        const m = /^\.(.+)\.[0-9a-f]{12}\.tmp$/.exec(name);
        if (m === null || (m[1] !== manifest && !stale(m[1] as string))) continue;
        await rm(join(folder, name), { force: true });
        cleaned.push(join(folder, name));
      }
      return new FileSetWriter(manifestPath, stale, cleaned);
    } catch (e) {
      throw cannotWrite(manifestPath, e);
    }
  }

  /** Starts the next part, under a temporary name made from `name` (a name of the set's). */
  async begin(name: string): Promise<void> {
    await this.guard(async () => {
      const tmp = join(
        dirname(this.manifestPath),
        `.${basename(name)}.${randomBytes(6).toString('hex')}.tmp`,
      );
      const handle = await open(tmp, 'wx');
      this.temps.push(tmp);
      this.current = { handle, hash: createHash('sha256'), bytes: 0, pending: [], size: 0 };
    });
  }

  /** Appends text to the part begun last. */
  async write(text: string): Promise<void> {
    const c = this.current;
    if (c === null) throw new Error('FileSetWriter.write before begin');
    c.pending.push(text);
    c.size += text.length;
    if (c.size >= WRITE_AT) await this.guard(() => this.drain());
  }

  /** Ends the part begun last: written out and synced. */
  async end(): Promise<WrittenPart> {
    const c = this.current;
    if (c === null) throw new Error('FileSetWriter.end before begin');
    return this.guard(async () => {
      await this.drain();
      await c.handle.sync();
      await c.handle.close();
      this.current = null;
      return { bytes: c.bytes, sha256: c.hash.digest('hex') };
    });
  }

  /**
   * Renames the parts, in the order begun, to `paths`, writes the manifest, and removes the
   * parts of an earlier set that this one does not have.
   */
  async commit(paths: readonly string[], manifestContent: string): Promise<WriteSetResult> {
    return this.guard(async () => {
      for (const [i, tmp] of this.temps.entries()) await rename(tmp, paths[i] as string);
      this.temps.length = 0;
      await writeFileAtomic(this.manifestPath, manifestContent);
      const folder = dirname(this.manifestPath);
      const keep = new Set([...paths.map((p) => basename(p)), basename(this.manifestPath)]);
      const removed: string[] = [];
      for (const name of await readdir(folder)) {
        if (keep.has(name) || !this.stale(name)) continue;
        await rm(join(folder, name), { force: true });
        removed.push(join(folder, name));
      }
      return { removed, cleaned: this.cleaned };
    });
  }

  /** Removes what was written (a failed or refused export leaves the folder as it was). */
  async abort(): Promise<void> {
    const c = this.current;
    this.current = null;
    if (c !== null) await c.handle.close().catch(() => {});
    for (const tmp of this.temps) await rm(tmp, { force: true });
    this.temps.length = 0;
  }

  private async drain(): Promise<void> {
    const c = this.current;
    if (c === null || c.pending.length === 0) return;
    const buf = Buffer.from(c.pending.join(''), 'utf8');
    c.pending = [];
    c.size = 0;
    c.hash.update(buf);
    c.bytes += buf.length;
    let at = 0;
    while (at < buf.length) {
      const { bytesWritten } = await c.handle.write(buf, at, buf.length - at);
      at += bytesWritten;
    }
  }

  private async guard<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      await this.abort();
      throw cannotWrite(this.manifestPath, e);
    }
  }
}
