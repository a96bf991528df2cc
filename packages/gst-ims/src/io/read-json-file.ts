import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { BadInputError } from '../core/index.js';

export const DEFAULT_MAX_JSON_BYTES = 512 * 1024 * 1024;

/**
 * Reads and parses a JSON file with the checks a user needs to hear about in words: missing,
 * empty, too big, wrong encoding, truncated or not JSON (with the line and column).
 */
export async function readJsonFile(file: string, maxBytes = DEFAULT_MAX_JSON_BYTES): Promise<{ data: unknown; bytes: number; name: string }> {
  const name = basename(file);
  let size: number;
  try {
    const s = await stat(file);
    if (!s.isFile()) throw new BadInputError(`${file}: not a file`, { file });
    size = s.size;
  } catch (e) {
    if (e instanceof BadInputError) throw e;
    throw new BadInputError(`${file}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { file });
  }
  if (size === 0) throw new BadInputError(`${file}: the file is empty; expected a JSON download from the GST portal`, { file });
  if (size > maxBytes) {
    throw new BadInputError(`${file}: the file is ${mb(size)} MB, over the ${mb(maxBytes)} MB limit for a JSON file`, { file, expected: `at most ${mb(maxBytes)} MB` });
  }
  const buf = await readFile(file);
  const text = decode(buf, file);
  if (text.trim() === '') throw new BadInputError(`${file}: the file holds only white space; expected a JSON download from the GST portal`, { file });
  try {
    return { data: JSON.parse(text) as unknown, bytes: size, name };
  } catch (e) {
    throw new BadInputError(`${file}: not valid JSON (${describeJsonError(text, e as Error)}); is the file complete?`, { file, expected: 'JSON' });
  }
}

function decode(buf: Buffer, file: string): string {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return buf.subarray(2).toString('utf16le');
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    const swapped = Buffer.from(buf.subarray(2));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  const start = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  if (buf.subarray(start, Math.min(buf.length, 4096)).includes(0)) {
    throw new BadInputError(`${file}: this is a binary file, not JSON (is it a zip or an Excel file?)`, { file, expected: 'JSON text' });
  }
  return buf.toString('utf8', start);
}

function describeJsonError(text: string, e: Error): string {
  const lineCol = /\(line (\d+) column (\d+)\)/.exec(e.message);
  const pos = /at position (\d+)/.exec(e.message);
  const what = e.message.replace(/,? ?"[\s\S]*" is not valid JSON$/, '').replace(/ in JSON at position \d+.*$/, '').replace(/ \(line \d+ column \d+\)$/, '');
  if (lineCol) return `${what} at line ${lineCol[1]}, column ${lineCol[2]}`;
  if (pos) {
    const before = text.slice(0, Number(pos[1]));
    return `${what} at line ${before.split('\n').length}, column ${Number(pos[1]) - before.lastIndexOf('\n')}`;
  }
  return what.length > 120 ? `${what.slice(0, 117)}...` : what;
}

const mb = (n: number): string => (n / (1024 * 1024)).toFixed(n < 1024 * 1024 ? 2 : 0);
