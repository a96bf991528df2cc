import { isUtf8 } from 'node:buffer';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { FileRefusalCode } from '../core/index.js';
import { BadInputError } from '../core/index.js';

export const DEFAULT_MAX_JSON_BYTES = 512 * 1024 * 1024;

/**
 * Reads and parses a JSON file with the checks a user needs to hear about in words: missing,
 * empty, too big, wrong encoding, truncated or not JSON (with the line and column).
 */
export async function readJsonFile(
  file: string,
  maxBytes = DEFAULT_MAX_JSON_BYTES,
): Promise<{ data: unknown; bytes: number; name: string }> {
  const name = basename(file);
  let size: number;
  try {
    const s = await stat(file);
    if (!s.isFile()) throw new BadInputError(`${file}: not a file`, { file });
    size = s.size;
  } catch (e) {
    if (e instanceof BadInputError) throw e;
    throw new BadInputError(
      `${file}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      { file },
    );
  }
  if (size === 0)
    throw new BadInputError(
      `${file}: the file is empty; expected a JSON download from the GST portal`,
      { file },
    );
  if (size > maxBytes) {
    throw new BadInputError(
      `${file}: the file is ${mb(size)} MB, over the ${mb(maxBytes)} MB limit for a JSON file`,
      { file, expected: `at most ${mb(maxBytes)} MB` },
    );
  }
  const buf = await readFile(file);
  const text = decode(buf, file);
  if (text.trim() === '')
    throw new BadInputError(
      `${file}: the file holds only white space; expected a JSON download from the GST portal`,
      { file },
    );
  try {
    return { data: JSON.parse(text) as unknown, bytes: size, name };
  } catch (e) {
    throw new BadInputError(
      `${file}: not valid JSON (${describeJsonError(text, e as Error)}); is the file complete?`,
      { file, expected: 'JSON' },
    );
  }
}

function decode(buf: Buffer, file: string): string {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe)
    return buf.subarray(2).toString('utf16le');
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    const swapped = Buffer.from(buf.subarray(2));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  // JSON text starts with an ASCII character, so UTF-16 without a BOM shows as a zero byte
  // beside a non-zero one in the first pair (RFC 4627's own detection).
  if (buf.length >= 2 && buf[0] !== 0 && buf[1] === 0) return buf.toString('utf16le');
  if (buf.length >= 2 && buf[0] === 0 && buf[1] !== 0) {
    const swapped = Buffer.from(buf.subarray(0, buf.length - (buf.length % 2)));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  const start = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  if (buf.subarray(start, Math.min(buf.length, 4096)).includes(0)) {
    throw new BadInputError(
      `${file}: this is a binary file, not JSON (is it a zip or an Excel file?)`,
      { file, expected: 'JSON text' },
    );
  }
  // Decoding would silently turn each bad byte into U+FFFD and import the damaged text.
  if (!isUtf8(buf.subarray(start))) throw notUtf8(buf, start, file);
  return buf.toString('utf8', start);
}

/** Names the first byte that is not UTF-8, by line and column, with the text around it. */
function notUtf8(buf: Buffer, start: number, file: string): BadInputError {
  const at = firstInvalidUtf8(buf, start);
  const lineStart = buf.lastIndexOf(0x0a, at - 1) + 1;
  let line = 1;
  for (let i = buf.indexOf(0x0a, start); i !== -1 && i < at; i = buf.indexOf(0x0a, i + 1)) line++;
  const column = buf.toString('utf8', Math.max(lineStart, start), at).length + 1;
  const near = buf
    .toString('utf8', Math.max(lineStart, at - 24), Math.min(buf.length, at + 24))
    .replace(/\s+/g, ' ');
  const hex = (buf[at] ?? 0).toString(16).toUpperCase().padStart(2, '0');
  return new BadInputError(
    `${file}: not UTF-8 text: byte 0x${hex} at line ${line}, column ${column} (near '${near}') is not valid UTF-8 [INVALID_UNICODE]; ` +
      'the portal writes UTF-8: was the file saved in another encoding (such as Windows-1252, "ANSI")?',
    { file, expected: 'UTF-8 text', code: 'INVALID_UNICODE' satisfies FileRefusalCode },
  );
}

/** The offset of the first byte that does not begin a valid UTF-8 sequence. */
function firstInvalidUtf8(buf: Buffer, start: number): number {
  let i = start;
  while (i < buf.length) {
    const b = buf[i] ?? 0;
    const len =
      b < 0x80
        ? 1
        : b >= 0xc2 && b <= 0xdf
          ? 2
          : b >= 0xe0 && b <= 0xef
            ? 3
            : b >= 0xf0 && b <= 0xf4
              ? 4
              : 0;
    if (len === 0 || !isUtf8(buf.subarray(i, i + len))) return i;
    i += len;
  }
  return buf.length;
}

function describeJsonError(text: string, e: Error): string {
  const lineCol = /\(line (\d+) column (\d+)\)/.exec(e.message);
  const pos = /at position (\d+)/.exec(e.message);
  const what = e.message
    .replace(/,? ?"[\s\S]*" is not valid JSON$/, '')
    .replace(/ in JSON at position \d+.*$/, '')
    .replace(/ \(line \d+ column \d+\)$/, '');
  if (lineCol) return `${what} at line ${lineCol[1]}, column ${lineCol[2]}`;
  if (pos) {
    const before = text.slice(0, Number(pos[1]));
    return `${what} at line ${before.split('\n').length}, column ${Number(pos[1]) - before.lastIndexOf('\n')}`;
  }
  return what.length > 120 ? `${what.slice(0, 117)}...` : what;
}

const mb = (n: number): string => (n / (1024 * 1024)).toFixed(n < 1024 * 1024 ? 2 : 0);
