// The records of one section array found by scanImsDownload, read back a batch at a time: each
// batch is the file's own text between two record boundaries, parsed by JSON.parse as an array.
import { open, stat } from 'node:fs/promises';
import { BadInputError } from '../core/index.js';
import { readJsonFile } from './read-json-file.js';
import type { SectionRange } from './scan-ims-download.js';
import { WHOLE_READ_LIMIT } from './scan-ims-download.js';

/** Records per batch: large enough that JSON.parse's per-call cost vanishes, small enough to die young. */
export const RECORDS_PER_BATCH = 2000;

/**
 * Yields the section's records in file order, `batch` at a time. A record that is not valid
 * JSON is refused in readJsonFile's words (line and column) when the file fits its limit.
 */
export async function* readSectionRecords(
  file: string,
  range: SectionRange,
  batch = RECORDS_PER_BATCH,
  wholeLimit = WHOLE_READ_LIMIT,
): AsyncGenerator<unknown[]> {
  const { start, end, cuts } = range;
  const total = cuts.length + 1;
  const fh = await open(file, 'r');
  try {
    for (let first = 0; first < total; first += batch) {
      const last = Math.min(first + batch, total) - 1;
      const from = first === 0 ? start : (cuts[first - 1] as number) + 1;
      const to = last === total - 1 ? end : (cuts[last] as number);
      const buf = Buffer.allocUnsafe(to - from);
      let got = 0;
      while (got < buf.length) {
        const { bytesRead } = await fh.read(buf, got, buf.length - got, from + got);
        if (bytesRead === 0) throw new SyntaxError('Unexpected end of JSON input');
        got += bytesRead;
      }
      let records: unknown[];
      try {
        records = JSON.parse(`[${buf.toString('utf8')}]`) as unknown[];
      } catch {
        return await refuse(file, from, to, wholeLimit);
      }
      // An empty array has one "record" of white space; anything else must split where it did.
      if (records.length !== last - first + 1 && !(total === 1 && records.length === 0)) {
        return await refuse(file, from, to, wholeLimit);
      }
      yield records;
    }
  } finally {
    await fh.close();
  }
}

/** Words a syntax error as a whole read would (line, column), or by byte offsets over its limit. */
async function refuse(file: string, from: number, to: number, limit: number): Promise<never> {
  const size = (await stat(file)).size;
  if (size <= limit) await readJsonFile(file, limit);
  throw new BadInputError(
    `${file}: not valid JSON (in the records between bytes ${from} and ${to}); is the file complete?`,
    { file, expected: 'JSON' },
  );
}

/** JSON white space: the only bytes an empty array holds between its brackets. */
const BLANK = new Set([0x20, 0x09, 0x0a, 0x0d]);

/**
 * Whether a section array holds no record: no comma and nothing but white space between its
 * brackets. Read until the first other byte, so a large record costs one small read.
 */
export async function rangeIsBlank(file: string, range: SectionRange): Promise<boolean> {
  if (range.cuts.length > 0) return false;
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(64 * 1024);
    for (let at = range.start; at < range.end;) {
      const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, range.end - at), at);
      if (bytesRead === 0) return false;
      for (let i = 0; i < bytesRead; i++) if (!BLANK.has(buf[i] as number)) return false;
      at += bytesRead;
    }
    return true;
  } finally {
    await fh.close();
  }
}
