// Reads an IMS download without holding it whole (decision 0038): one pass over the bytes finds
// each section array's records (where each ends) and keeps the rest of the file, the envelope,
// as a small JSON text in which every section array is a placeholder. The records are then read
// back section by section (readSectionRecords) and parsed a batch at a time by JSON.parse, so
// their values are exactly JSON.parse's (duplicate keys, "__proto__", lone surrogates) and no
// JSON syntax is hand-parsed here beyond finding where a record ends.
import { randomBytes } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { BadInputError, SECTIONS } from '../core/index.js';
import { readJsonFile } from './read-json-file.js';

/** One section array in the file: its bytes and where each record ends. */
export interface SectionRange {
  /** The byte after the array's `[`. */
  readonly start: number;
  /** The offset of its `]`. */
  readonly end: number;
  /** Offsets of the commas between records (at the array's own depth). */
  readonly cuts: readonly number[];
}

export interface ScannedDownload {
  readonly name: string;
  readonly bytes: number;
  /** The envelope as JSON.parse gives it, each streamed section an empty array. */
  readonly data: unknown;
  /** The streamed sections' arrays in `data`, and where their records are in the file. */
  readonly ranges: ReadonlyMap<unknown, SectionRange>;
}

const CHUNK = 4 * 1024 * 1024;
const SECTION_NAMES = new Set<string>(SECTIONS);
/** Where the parser looks for sections: the keys of the objects around them, in lower case. */
const SECTION_PARENTS = new Set(['', 'imsdetails', 'data', 'data.imsdetails']);
const LONGEST_KEY = 16;

/**
 * The largest download streamed. Reading is bounded, but the checked records are all held until
 * the merge (about 1.4 KB of memory each; 768 MB is about 2.2 million records, near Node's 4 GB
 * heap): a larger file is refused unread instead of running out of memory half-way.
 */
export const STREAM_LIMIT = 768 * 1024 * 1024;

/** Files the streamed reader does not take (other encodings): read whole up to this size. */
export const WHOLE_READ_LIMIT = 512 * 1024 * 1024;

/**
 * Scans an IMS download. Files that are not plain UTF-8 JSON (UTF-16, binary, bad bytes, bad
 * syntax) are handed to readJsonFile, whose words name the problem by line and column, when
 * they fit its limit; over it they are refused here. `readWhole` is that reader (tests pass a
 * spy to see that a large file is never read whole). `maxBytes`: a caller's own limit (refused
 * over it); without it any size streams.
 */
export async function scanImsDownload(
  file: string,
  opts: {
    maxBytes?: number | undefined;
    readWhole?: typeof readJsonFile;
    /** Tests only: a smaller limit for the files read whole, smaller chunks. */
    wholeLimit?: number;
    chunkBytes?: number | undefined;
    streamLimit?: number;
  } = {},
): Promise<ScannedDownload> {
  const readWhole = opts.readWhole ?? readJsonFile;
  const limit = opts.wholeLimit ?? WHOLE_READ_LIMIT;
  const name = basename(file);
  let size: number;
  try {
    const s = await stat(file);
    size = s.isFile() ? s.size : -1;
  } catch {
    size = -1;
  }
  // Missing, empty, not a file, over the caller's limit: readJsonFile says which.
  if (size <= 0 || (opts.maxBytes !== undefined && size > opts.maxBytes)) {
    return wholeFile(await readWhole(file, opts.maxBytes), name);
  }
  const streamLimit = opts.streamLimit ?? STREAM_LIMIT;
  if (size > streamLimit) {
    const mb = (n: number): string => (n / 1048576).toFixed(0);
    throw new BadInputError(
      `${file}: the file is ${mb(size)} MB, over the ${mb(streamLimit)} MB an IMS download can be for import ims (every record is checked before any is written, and all are held until then)`,
      { file, expected: `at most ${mb(streamLimit)} MB` },
    );
  }
  const fh = await open(file, 'r');
  try {
    const head = Buffer.alloc(4);
    await fh.read(head, 0, 4, 0);
    const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
    const utf16 = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
    if (utf16 || head[0] === 0 || head[1] === 0)
      return await other(file, name, size, readWhole, limit);
    const scan = new Scanner(randomBytes(8).toString('hex'));
    const chunkBytes = opts.chunkBytes ?? CHUNK;
    const buf = Buffer.allocUnsafe(chunkBytes);
    let pos = bom;
    let carry = Buffer.alloc(0);
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, chunkBytes, pos);
      if (bytesRead === 0) break;
      const chunk = buf.subarray(0, bytesRead);
      if (pos === bom && chunk.subarray(0, 4096).includes(0)) {
        return await other(file, name, size, readWhole, limit);
      }
      // A character may straddle two chunks: the check takes the bytes left over from the last.
      const whole = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
      const keep = incompleteTail(whole);
      if (!isUtf8(whole.subarray(0, whole.length - keep))) {
        return await other(file, name, size, readWhole, limit);
      }
      carry = Buffer.from(whole.subarray(whole.length - keep));
      scan.feed(chunk, pos);
      pos += bytesRead;
      if (scan.isBroken) return await other(file, name, size, readWhole, limit);
    }
    if (carry.length > 0 || !scan.complete())
      return await other(file, name, size, readWhole, limit);
    const skeleton = Buffer.concat(scan.skeleton).toString('utf8');
    let data: unknown;
    try {
      data = JSON.parse(skeleton);
    } catch {
      return await other(file, name, size, readWhole, limit);
    }
    return { name, bytes: size, data: restore(data, scan), ranges: scan.rangesById };
  } finally {
    await fh.close();
  }
}

/** A file the scanner does not take: read whole if it fits, else refused. */
async function other(
  file: string,
  name: string,
  size: number,
  readWhole: typeof readJsonFile,
  limit: number,
): Promise<ScannedDownload> {
  if (size <= limit) return wholeFile(await readWhole(file, limit), name);
  throw new BadInputError(
    `${file}: the file is ${(size / 1048576).toFixed(1)} MB and is not UTF-8 JSON text (another encoding, a binary file, or JSON that is cut off or malformed); files over ${(limit / 1048576).toFixed(0)} MB are read only as UTF-8 JSON: is the file complete, and saved as UTF-8?`,
    { file, expected: 'UTF-8 JSON text' },
  );
}

function wholeFile(r: { data: unknown; bytes: number }, name: string): ScannedDownload {
  return { name, bytes: r.bytes, data: r.data, ranges: new Map() };
}

/** Bytes at the end of `b` that begin a UTF-8 character whose remaining bytes are not in `b`. */
function incompleteTail(b: Buffer): number {
  for (let back = 1; back <= Math.min(3, b.length); back++) {
    const c = b[b.length - back] ?? 0;
    if (c < 0x80) return 0;
    if (c >= 0xc0) {
      const len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
      return len > back ? back : 0;
    }
  }
  return 0;
}

/** Replaces each placeholder of the envelope by an empty array and maps it to its range. */
function restore(data: unknown, scan: Scanner): unknown {
  const ranges = new Map<unknown, SectionRange>();
  const walk = (v: unknown, depth: number): unknown => {
    if (Array.isArray(v)) {
      if (v.length === 2 && v[0] === scan.marker && typeof v[1] === 'number') {
        const range = scan.ranges[v[1]];
        const list: unknown[] = [];
        if (range !== undefined) ranges.set(list, range);
        return list;
      }
      return v;
    }
    if (depth > 3 || typeof v !== 'object' || v === null) return v;
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      const before = o[k];
      const after = walk(before, depth + 1);
      if (after !== before)
        Object.defineProperty(o, k, {
          value: after,
          enumerable: true,
          writable: true,
          configurable: true,
        });
    }
    return o;
  };
  const out = walk(data, 0);
  scan.rangesById = ranges;
  return out;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Byte scanner: strings (so brackets in text do not count), nesting, and the object keys on the
 * way to each array. Syntax is left to JSON.parse, which reads the envelope and every record.
 */
class Scanner {
  readonly skeleton: Buffer[] = [];
  readonly ranges: SectionRange[] = [];
  rangesById: Map<unknown, SectionRange> = new Map();
  readonly marker: string;
  private readonly placeholderPrefix: string;
  private inString = false;
  /** Containers open: true for an object. */
  private readonly stack: boolean[] = [];
  /** Per open object: the key its value is under, lower case (the last key read in it). */
  private readonly keys: string[] = [];
  private expectKey = false;
  private keyBytes: number[] | null = null;
  /** Depth of the section array being skipped (-1: none), its start and its commas. */
  private skipDepth = -1;
  private skipStart = 0;
  private cuts: number[] = [];
  private started = false;
  private broken = false;

  constructor(nonce: string) {
    this.marker = `\u0000gst-ims-section:${nonce}`;
    this.placeholderPrefix = `[${JSON.stringify(this.marker)},`;
  }

  complete(): boolean {
    return (
      !this.broken &&
      this.started &&
      this.stack.length === 0 &&
      !this.inString &&
      this.skipDepth === -1
    );
  }

  get isBroken(): boolean {
    return this.broken;
  }

  feed(chunk: Buffer, offset: number): void {
    if (this.broken) return;
    let copyFrom = this.skipDepth === -1 ? 0 : -1;
    const n = chunk.length;
    for (let i = 0; i < n; i++) {
      if (this.skipDepth !== -1 && !this.inString) {
        i = this.skipRecords(chunk, i, offset);
        if (i >= n) break;
      }
      const c = chunk[i] as number;
      if (this.inString) {
        const q = chunk.indexOf(QUOTE, i);
        if (q === -1) {
          this.collectKey(chunk, i, n);
          this.carryBackslashes(chunk, i, n);
          i = n;
          break;
        }
        this.collectKey(chunk, i, q);
        i = q;
        if (!this.escapedQuote(chunk, q)) this.endString();
        continue;
      }
      switch (c) {
        case QUOTE:
          this.inString = true;
          this.escapeRun = 0;
          this.keyBytes =
            this.expectKey && this.skipDepth === -1 && this.stack.length <= 3 ? [] : null;
          break;
        case 0x7b: // {
          this.started = true;
          this.stack.push(true);
          this.keys.push('');
          this.expectKey = true;
          break;
        case 0x5b: // [
          this.started = true;
          if (this.skipDepth === -1 && this.isSectionArray()) {
            // The envelope gets a placeholder instead of the records.
            if (copyFrom !== -1) this.skeleton.push(Buffer.from(chunk.subarray(copyFrom, i)));
            this.skeleton.push(Buffer.from(`${this.placeholderPrefix}${this.ranges.length}]`));
            copyFrom = -1;
            this.skipDepth = this.stack.length + 1;
            this.skipStart = offset + i + 1;
            this.cuts = [];
          }
          this.stack.push(false);
          this.expectKey = false;
          break;
        case 0x7d: // }
        case 0x5d: // ]
          if (this.stack.length === 0 || this.stack[this.stack.length - 1] !== (c === 0x7d)) {
            // A bracket that does not close what is open: JSON.parse of the whole file words it.
            this.broken = true;
            return;
          }
          if (this.stack.length === this.skipDepth) {
            this.ranges.push({ start: this.skipStart, end: offset + i, cuts: this.cuts });
            this.skipDepth = -1;
            copyFrom = i + 1;
          }
          if (this.stack.pop() === true) this.keys.pop();
          this.expectKey = false;
          break;
        case 0x2c: // ,
          if (this.stack.length === this.skipDepth) this.cuts.push(offset + i);
          else this.expectKey = this.stack[this.stack.length - 1] === true;
          break;
        default:
          break;
      }
    }
    if (copyFrom !== -1 && copyFrom < n) this.skeleton.push(Buffer.from(chunk.subarray(copyFrom)));
  }

  /**
   * The records of a section, most of the file: brackets, commas and strings only, in locals.
   * Returns where the section's `]` is (for feed to close it), or the chunk's end.
   */
  private skipRecords(chunk: Buffer, from: number, offset: number): number {
    const n = chunk.length;
    const stack = this.stack;
    const base = this.skipDepth;
    for (let i = from; i < n; i++) {
      const c = chunk[i] as number;
      if (c === QUOTE) {
        // Strings here are short (keys, numbers as text): a loop costs less than indexOf's call.
        let q = i + 1;
        for (;;) {
          let b = 0;
          while (q < n && (b = chunk[q] as number) !== QUOTE && b !== BACKSLASH) q++;
          if (q >= n) {
            this.inString = true;
            this.keyBytes = null;
            this.escapeRun = 0;
            this.carryBackslashes(chunk, i + 1, n);
            return n;
          }
          if (b === QUOTE) break;
          q += 2; // a backslash and the character it escapes
        }
        i = q;
      } else if (c === 0x2c) {
        if (stack.length === base) this.cuts.push(offset + i);
      } else {
        const folded = c | 0x20; // [ and { are 0x5b and 0x7b, ] and } 0x5d and 0x7d
        if (folded === 0x7b) stack.push(c === 0x7b);
        else if (folded === 0x7d) {
          if (stack.length === base) return i;
          if (stack[stack.length - 1] !== (c === 0x7d)) {
            this.broken = true;
            return n;
          }
          stack.pop();
        }
      }
    }
    return n;
  }

  /** Backslashes in a row just before the quote at `q` (carried over chunk ends). */
  private escapeRun = 0;

  private escapedQuote(chunk: Buffer, q: number): boolean {
    let run = 0;
    let j = q - 1;
    while (j >= 0 && chunk[j] === BACKSLASH) {
      run++;
      j--;
    }
    if (j < 0) run += this.escapeRun;
    this.escapeRun = 0;
    return run % 2 === 1;
  }

  /** The backslashes a chunk ends with (inside a string) escape what the next chunk starts with. */
  private carryBackslashes(chunk: Buffer, from: number, to: number): void {
    let run = 0;
    for (let j = to - 1; j >= from && chunk[j] === BACKSLASH; j--) run++;
    this.escapeRun = run === to - from ? this.escapeRun + run : run;
  }

  private collectKey(chunk: Buffer, from: number, to: number): void {
    const k = this.keyBytes;
    if (k === null) return;
    for (let j = from; j < to && k.length <= LONGEST_KEY; j++) k.push(chunk[j] as number);
  }

  private endString(): void {
    this.inString = false;
    if (this.keyBytes !== null) {
      this.keys[this.keys.length - 1] =
        this.keyBytes.length > LONGEST_KEY
          ? '\u0000'
          : Buffer.from(this.keyBytes).toString('latin1').toLowerCase();
      this.keyBytes = null;
    }
    this.expectKey = false;
  }

  /** An array that is the value of a section key where the parser looks for sections. */
  private isSectionArray(): boolean {
    const depth = this.stack.length;
    if (depth === 0 || depth > 3 || !this.stack.every((o) => o)) return false;
    if (!SECTION_NAMES.has(this.keys[depth - 1] ?? '')) return false;
    return SECTION_PARENTS.has(this.keys.slice(0, depth - 1).join('.'));
  }
}
