// The ZIP container of an .xlsx: its directory checked before anything is inflated, parts
// inflated as streams within a budget of uncompressed bytes.
import { createReadStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { createInflateRaw } from 'node:zlib';
import { BadInputError } from '../core/index.js';
import type { XlsxLimits } from './xlsx-limits.js';
import { XLSX_LIMIT_ENV, LIMIT_UNIT, fmt } from './xlsx-limits.js';

/** Largest single element (a row, a shared string) held while its end is awaited. */
export const MAX_ELEMENT_CHARS = 64 * 1024 * 1024;
/** Largest index part (workbook, relationships, styles) read whole. */
const MAX_INDEX_PART = 64 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// The ZIP container.

interface ZipEntry {
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
}

type Bad = (why: string) => BadInputError;

/**
 * The ZIP directory: a local header at the start, an end-of-central-directory record whose
 * central directory lies inside the file, the parts an .xlsx must have.
 */
export async function readDirectory(
  fh: FileHandle,
  size: number,
  bad: Bad,
): Promise<Map<string, ZipEntry>> {
  const head = Buffer.alloc(4);
  await fh.read(head, 0, 4, 0);
  if (size < 4 || head.readUInt32LE(0) !== 0x04034b50) {
    const text = head.toString('latin1');
    const hint =
      text.startsWith('{') || text.startsWith('[')
        ? ' (it looks like JSON)'
        : text === '\xd0\xcf\x11\xe0'
          ? ' (it looks like an old .xls or a password-protected workbook; save it as .xlsx without a password)'
          : '';
    throw bad(`not an .xlsx file${hint}`);
  }
  const tailLength = Math.min(size, 65557);
  const tail = Buffer.alloc(tailLength);
  await fh.read(tail, 0, tailLength, size - tailLength);
  let eocd = -1;
  for (let i = tailLength - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0)
    throw bad('the file is truncated or damaged (the ZIP directory at its end is missing)');
  const count = tail.readUInt16LE(eocd + 10);
  const cdSize = tail.readUInt32LE(eocd + 12);
  const cdOffset = tail.readUInt32LE(eocd + 16);
  if (cdOffset + cdSize > size - tailLength + eocd)
    throw bad('the file is truncated or damaged (the ZIP directory points past the data)');
  const cd = Buffer.alloc(cdSize);
  await fh.read(cd, 0, cdSize, cdOffset);
  const entries = new Map<string, ZipEntry>();
  for (let p = 0, n = 0; n < count; n++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== 0x02014b50)
      throw bad('the file is damaged (a bad ZIP directory entry)');
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    const e: ZipEntry = {
      method: cd.readUInt16LE(p + 10),
      compressedSize: cd.readUInt32LE(p + 20),
      size: cd.readUInt32LE(p + 24),
      localOffset: cd.readUInt32LE(p + 42),
    };
    if (e.localOffset + 30 + e.compressedSize > size)
      throw bad('the file is truncated or damaged (a part lies past the end of the file)');
    entries.set(cd.toString('utf8', p + 46, p + 46 + nameLen), e);
    p += 46 + nameLen + extraLen + commentLen;
  }
  if (!entries.has('[Content_Types].xml') || !entries.has('xl/workbook.xml')) {
    throw bad(
      entries.has('word/document.xml')
        ? 'this is a Word document, not a workbook'
        : 'this ZIP file is not an Excel workbook',
    );
  }
  return entries;
}

// ---------------------------------------------------------------------------------------------
// The budget: rows, cells and XML bytes counted over the whole workbook.

export class Budget {
  rows = 0;
  cells = 0;
  xmlBytes = 0;
  constructor(
    readonly file: string,
    readonly limits: XlsxLimits,
  ) {}

  error(where: string, k: keyof XlsxLimits, what: string): BadInputError {
    const max = this.limits[k];
    const name = basename(this.file);
    return new BadInputError(
      `${name}, ${where}: ${what}; the limit is ${fmt(max)} ${LIMIT_UNIT[k]} per workbook (set ${XLSX_LIMIT_ENV[k]} to change it)`,
      { file: this.file, field: k, expected: `at most ${fmt(max)} ${LIMIT_UNIT[k]}` },
    );
  }

  declared(where: string, size: number): void {
    if (this.xmlBytes + size > this.limits.maxXmlBytes)
      throw this.error(
        where,
        'maxXmlBytes',
        `the ZIP directory says it unpacks to ${fmt(size)} bytes${this.xmlBytes > 0 ? ` (after ${fmt(this.xmlBytes)} bytes of other parts)` : ''}, more than allowed`,
      );
  }

  inflated(where: string, bytes: number): void {
    this.xmlBytes += bytes;
    if (this.xmlBytes > this.limits.maxXmlBytes)
      throw this.error(
        where,
        'maxXmlBytes',
        `it unpacks to more than ${fmt(this.limits.maxXmlBytes)} bytes of XML (more than the ZIP directory declares, or more than allowed)`,
      );
  }

  row(where: string, cells: number): void {
    if (++this.rows > this.limits.maxRows)
      throw this.error(where, 'maxRows', `more than ${fmt(this.limits.maxRows)} rows`);
    this.cells += cells;
    if (this.cells > this.limits.maxCells)
      throw this.error(where, 'maxCells', `more than ${fmt(this.limits.maxCells)} cells`);
  }
}

// ---------------------------------------------------------------------------------------------
// Parts.

export interface Parts {
  readonly file: string;
  readonly fh: FileHandle;
  readonly entries: ReadonlyMap<string, ZipEntry>;
  readonly bad: Bad;
  readonly budget: Budget;
}

async function dataStart(p: Parts, e: ZipEntry, partName: string): Promise<number> {
  const local = Buffer.alloc(30);
  await p.fh.read(local, 0, 30, e.localOffset);
  if (local.readUInt32LE(0) !== 0x04034b50)
    throw p.bad(`the file is damaged (the part ${partName} is missing)`);
  if (e.method !== 0 && e.method !== 8)
    throw p.bad(`the part ${partName} uses an unsupported compression (method ${e.method})`);
  return e.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
}

/**
 * A part as text chunks, counted against the XML budget as it is inflated. `where` names the
 * part in a limit error; `onBytes` gets the stored bytes read so far.
 */
export async function* streamPart(
  p: Parts,
  partName: string,
  where: string,
  onBytes?: (read: number) => void,
): AsyncGenerator<string> {
  const e = p.entries.get(partName);
  if (!e) throw p.bad(`the file is damaged (the part ${partName} is missing)`);
  p.budget.declared(where, e.size);
  const start = await dataStart(p, e, partName);
  if (e.compressedSize === 0) return;
  const raw = createReadStream(p.file, { start, end: start + e.compressedSize - 1 });
  const stream = e.method === 0 ? raw : raw.pipe(createInflateRaw());
  if (stream !== raw) raw.on('error', (err) => stream.destroy(err));
  const decoder = new StringDecoder('utf8');
  let reported = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      p.budget.inflated(where, chunk.length);
      if (onBytes !== undefined && raw.bytesRead > reported) {
        reported = raw.bytesRead;
        onBytes(reported);
      }
      yield decoder.write(chunk);
    }
    const rest = decoder.end();
    if (rest !== '') yield rest;
  } catch (err) {
    if (err instanceof BadInputError) throw err;
    throw p.bad(`the file is damaged (cannot unpack ${partName}: ${(err as Error).message})`);
  } finally {
    raw.destroy();
    stream.destroy();
  }
}

/** A small index part as one string; null when the workbook has none. */
export async function readIndexPart(p: Parts, partName: string): Promise<string | null> {
  const e = p.entries.get(partName);
  if (!e) return null;
  if (e.size > MAX_INDEX_PART)
    throw p.bad(`the part ${partName} is too large (${fmt(e.size)} bytes) for a workbook index`);
  let out = '';
  for await (const chunk of streamPart(p, partName, partName)) {
    out += chunk;
    if (out.length > MAX_INDEX_PART)
      throw p.bad(`the part ${partName} is too large for a workbook index`);
  }
  return out;
}
