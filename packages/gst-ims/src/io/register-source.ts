// Reads a register file into grids of cells: CSV in any of the usual delimiters and encodings,
// or every worksheet of an .xlsx workbook.
import { readFile, stat } from 'node:fs/promises';
import iconv from 'iconv-lite';
import { BadInputError } from '../core/index.js';
import { parseCsvText } from './csv-text.js';
import type { XlsxLimits } from './open-xlsx.js';
import { openXlsx } from './open-xlsx.js';
import type { Cell } from './register-values.js';
import { UncomputedFormula } from './register-values.js';

export const DEFAULT_MAX_REGISTER_BYTES = 256 * 1024 * 1024;

export interface Sheet {
  readonly name: string;
  /** Rows of cells; index i is spreadsheet row i + 1. */
  readonly grid: Cell[][];
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
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buf), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(buf, 'win1252'), encoding: 'windows-1252' };
  }
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
  const { text, encoding } = decodeText(buf);
  if (text.slice(0, 4096).includes('\u0000'))
    throw new BadInputError(`${file}: a binary file, not CSV text`, {
      file,
      expected: 'CSV or .xlsx',
    });
  const delimiter = detectDelimiter(text);
  let records: string[][];
  try {
    records = parseCsvText(text, delimiter);
  } catch (e) {
    throw new BadInputError(`${file}: cannot read the CSV: ${(e as Error).message}`, {
      file,
      expected: 'CSV',
    });
  }
  // Blank cells become null in place: a second grid of 96,000 rows would be garbage at once.
  const grid: Cell[][] = records;
  for (const r of grid)
    for (let i = 0; i < r.length; i++) if ((r[i] as string).trim() === '') r[i] = null;
  return { kind: 'csv', sheets: [{ name: 'csv', grid }], encoding, delimiter };
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
