// Reads a register file into grids of cells: CSV in any of the usual delimiters and encodings,
// or every worksheet of an .xlsx workbook.
import { isUtf8 } from 'node:buffer';
import { readFile, stat } from 'node:fs/promises';
import iconv from 'iconv-lite';
import { BadInputError } from '../core/index.js';
import type { CsvRecords } from './csv-text.js';
import { CsvSyntaxError, csvRecords } from './csv-text.js';
import type { XlsxLimits } from './open-xlsx.js';
import { openXlsx } from './open-xlsx.js';
import type { Cell } from './register-values.js';
import { UncomputedFormula } from './register-values.js';

export const DEFAULT_MAX_REGISTER_BYTES = 256 * 1024 * 1024;

export interface Sheet {
  readonly name: string;
  /**
   * Rows of cells; index i is spreadsheet row i + 1. A workbook's sheet is held whole; a CSV's
   * holds its first rows only (where the header is looked for), `more` reads the rest.
   */
  readonly grid: Cell[][];
  /**
   * A CSV's rows after the grid's, parsed again at each call and given one at a time (blank
   * cells null, as in the grid): a register of a million rows is never held as cells (issue 18).
   * Absent: the grid is the whole sheet.
   */
  readonly more?: ((row: (cells: Cell[]) => void) => void) | undefined;
}

/** Every row of the sheet from index `from` on, the grid's and then the ones `more` reads. */
export function eachRow(
  sheet: Sheet,
  from: number,
  row: (cells: Cell[], index: number) => void,
): void {
  const grid = sheet.grid;
  for (let i = from; i < grid.length; i++) row(grid[i] ?? [], i);
  if (sheet.more === undefined) return;
  let i = grid.length;
  sheet.more((cells) => {
    if (i >= from) row(cells, i);
    i++;
  });
}

export interface SourceFile {
  readonly kind: 'csv' | 'xlsx';
  readonly sheets: Sheet[];
  readonly encoding: string | null;
  readonly delimiter: string | null;
}

export async function readSource(
  file: string,
  maxBytes = DEFAULT_MAX_REGISTER_BYTES,
): Promise<SourceFile> {
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
      `${file}: the file is empty; expected a purchase register (CSV or .xlsx)`,
      { file },
    );
  if (size > maxBytes)
    throw new BadInputError(
      `${file}: the file is ${Math.round(size / 1048576)} MB, over the ${Math.round(maxBytes / 1048576)} MB limit`,
      { file },
    );
  const buf = await readFile(file);
  if (buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04)
    return readXlsx(buf, file);
  if (buf[0] === 0xd0 && buf[1] === 0xcf && buf[2] === 0x11 && buf[3] === 0xe0) {
    throw new BadInputError(
      `${file}: an old Excel .xls workbook; save it as .xlsx (Excel Workbook) or CSV and import that`,
      { file, expected: '.xlsx or CSV' },
    );
  }
  if (/\.xls[xm]?$/i.test(file))
    throw new BadInputError(
      `${file}: not an Excel workbook (the content is not .xlsx); is the file damaged?`,
      { file, expected: '.xlsx' },
    );
  return readCsv(buf, file);
}

// ---------------------------------------------------------------------------------------------
// CSV

/** Decodes text: a BOM decides (UTF-8, UTF-16 LE/BE); else UTF-8 when valid, else Windows-1252. */
export function decodeText(buf: Buffer): { text: string; encoding: string } {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf)
    return { text: buf.toString('utf8', 3), encoding: 'utf-8 (BOM)' };
  const utf16 = utf16Of(buf);
  if (utf16 !== null) return utf16;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buf), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(buf, 'win1252'), encoding: 'windows-1252' };
  }
}

/** UTF-16 text: by its BOM, or without one when every other byte of its start is zero. */
function utf16Of(buf: Buffer): { text: string; encoding: string } | null {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe)
    return { text: iconv.decode(buf.subarray(2), 'utf16le'), encoding: 'utf-16le' };
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff)
    return { text: iconv.decode(buf.subarray(2), 'utf16be'), encoding: 'utf-16be' };
  // UTF-16 without a BOM: every other byte of ASCII text is zero.
  const probe = buf.subarray(0, Math.min(buf.length, 2000));
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < probe.length; i++) {
    if (probe[i] !== 0) continue;
    if (i % 2 === 0) evenZeros++;
    else oddZeros++;
  }
  if (probe.length >= 4 && oddZeros > probe.length / 4 && evenZeros === 0)
    return { text: iconv.decode(buf, 'utf16le'), encoding: 'utf-16le' };
  if (probe.length >= 4 && evenZeros > probe.length / 4 && oddZeros === 0)
    return { text: iconv.decode(buf, 'utf16be'), encoding: 'utf-16be' };
  return null;
}

const DELIMITERS = [',', ';', '\t', '|'] as const;

/** Counts a delimiter outside double quotes, per line of the first lines of the text. */
function countsPerLine(lines: readonly string[], d: string): number[] {
  return lines.map((line) => {
    let n = 0;
    let quoted = false;
    for (const ch of line) {
      if (ch === '"') quoted = !quoted;
      else if (ch === d && !quoted) n++;
    }
    return n;
  });
}

/** The delimiter that splits the most lines into the same number of columns (ties: more columns). */
export function detectDelimiter(text: string): string {
  // Excel's own hint on the first line: sep=;
  const hint = /^\ufeff?sep=(.)\r?\n/i.exec(text);
  if (hint && hint[1] !== undefined) return hint[1];
  const lines = firstLines(text, 60);
  let best: { d: string; lines: number; cols: number } = { d: ',', lines: 0, cols: 0 };
  for (const d of DELIMITERS) {
    const counts = countsPerLine(lines, d).filter((n) => n > 0);
    const freq = new Map<number, number>();
    for (const n of counts) freq.set(n, (freq.get(n) ?? 0) + 1);
    for (const [cols, nLines] of freq) {
      if (nLines > best.lines || (nLines === best.lines && cols > best.cols))
        best = { d, lines: nLines, cols };
    }
  }
  return best.d;
}

/** The first `max` non-blank lines (split at \r\n, \n or \r), without splitting the whole text. */
function firstLines(text: string, max: number): string[] {
  const lines: string[] = [];
  const ending = /\r\n|\n|\r/g;
  let start = 0;
  while (lines.length < max) {
    const m = ending.exec(text);
    const line = text.slice(start, m === null ? text.length : m.index);
    if (line.trim() !== '') lines.push(line);
    if (m === null) break;
    start = m.index + m[0].length;
  }
  return lines;
}

function readCsv(buf: Buffer, file: string): SourceFile {
  const { bytes, encoding, text } = csvBytes(buf);
  if (text.slice(0, 4096).includes('\u0000'))
    throw new BadInputError(`${file}: a binary file, not CSV text`, {
      file,
      expected: 'CSV or .xlsx',
    });
  const delimiter = detectDelimiter(text);
  const cannotRead = (e: unknown): unknown =>
    e instanceof CsvSyntaxError
      ? new BadInputError(`${file}: cannot read the CSV: ${e.message}`, { file, expected: 'CSV' })
      : e;
  let records: CsvRecords;
  try {
    records = csvRecords(bytes, delimiter);
  } catch (e) {
    throw cannotRead(e);
  }
  const grid: Cell[][] = records.head;
  for (const r of grid) blanksToNull(r);
  const more = (row: (cells: Cell[]) => void): void => {
    try {
      records.rest((r) => row(blanksToNull(r)));
    } catch (e) {
      throw cannotRead(e);
    }
  };
  return { kind: 'csv', sheets: [{ name: 'csv', grid, more }], encoding, delimiter };
}

/** Blank cells become null in place: a second array per row would be garbage at once. */
function blanksToNull(r: Cell[]): Cell[] {
  for (let i = 0; i < r.length; i++) if ((r[i] as string).trim() === '') r[i] = null;
  return r;
}

/** Bytes of text enough to hold its first lines (see csvBytes). */
const HEAD_BYTES = 65536;

/**
 * The CSV as UTF-8 bytes for the parser, its encoding (decodeText's rules), and its beginning
 * as text (enough for the binary check and detectDelimiter's first 60 lines). A file that is
 * UTF-8 already is parsed from its own bytes: no text of the whole file (two bytes a character
 * for anything but Latin-1) and no second copy of its bytes (issue 18).
 */
function csvBytes(buf: Buffer): { bytes: Buffer; encoding: string; text: string } {
  const bom = startsWithBom(buf);
  const body = bom ? buf.subarray(3) : buf;
  // decodeText's order: a UTF-8 BOM, then UTF-16, then valid UTF-8 (a BOM file's invalid bytes
  // become U+FFFD there: those files go the decoded way below, as every other encoding does).
  const decoded = bom ? null : utf16Of(buf);
  if (decoded === null && isUtf8(body)) {
    // parseCsvText dropped one more byte-order mark from the decoded text.
    const rest = startsWithBom(body) ? body.subarray(3) : body;
    return { bytes: rest, encoding: bom ? 'utf-8 (BOM)' : 'utf-8', text: textHead(body) };
  }
  const { text, encoding } = decoded ?? decodeText(buf);
  const parsed = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return { bytes: Buffer.from(parsed, 'utf8'), encoding, text };
}

const startsWithBom = (b: Buffer): boolean =>
  b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;

/**
 * The beginning of UTF-8 bytes as text: a prefix holding 61 non-blank lines (so that the first
 * 60, all detectDelimiter reads, are whole), or all of it.
 */
function textHead(bytes: Buffer): string {
  for (let n = HEAD_BYTES; ; n *= 4) {
    if (n >= bytes.length) return bytes.toString('utf8');
    const t = bytes.toString('utf8', 0, n);
    if (firstLines(t, 61).length === 61) return t;
  }
}

// ---------------------------------------------------------------------------------------------
// XLSX

/**
 * Every worksheet as a grid, through the bounded-memory reader (open-xlsx.ts): rows, cells and
 * uncompressed XML are limited (XLSX_LIMIT_ENV), so a huge or hostile file ends in a
 * BadInputError naming the sheet and the limit instead of exhausting memory. Dates are read as
 * Dates where the cell's format shows a date, as Excel shows them. `_buf`: read again from the
 * file by part; only the first bytes were needed to tell the format.
 */
async function readXlsx(
  _buf: Buffer,
  file: string,
  limits?: Partial<XlsxLimits>,
): Promise<SourceFile> {
  const bad = (why: string): BadInputError =>
    new BadInputError(`${file}: cannot read the workbook: ${why}`, { file, expected: '.xlsx' });
  const xlsx = await openXlsx(file, { bad, limits, dates: true });
  try {
    const sheets: Sheet[] = [];
    for (const ref of xlsx.sheets) {
      const grid: Cell[][] = [];
      for await (const row of xlsx.rows(ref)) {
        const cells: Cell[] = [];
        for (const [col, v] of row.values)
          cells[col - 1] = typeof v === 'string' && v.trim() === '' ? null : v;
        // A formula without its value is not an empty cell: its amount is unknown, never 0.
        if (row.uncomputed)
          for (const [col, formula] of row.uncomputed)
            cells[col - 1] = new UncomputedFormula(formula);
        for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) cells[i] = null;
        if (cells.length > 0) grid[row.row - 1] = cells;
      }
      for (let i = 0; i < grid.length; i++) if (grid[i] === undefined) grid[i] = [];
      sheets.push({ name: ref.name, grid });
    }
    return { kind: 'xlsx', sheets, encoding: null, delimiter: null };
  } finally {
    await xlsx.close();
  }
}
