// Writes reconciliation tables for people and scripts: CSV, JSON or .xlsx, atomically.
// CSV cells go through csv-cell.ts: text a spreadsheet would run as a formula is neutralised there;
// JSON stays raw.
import { extname } from 'node:path';
// exceljs is loaded on first use: it costs about half a second, which every other command would pay.
import { MONEY_NUMFMT, UsageError } from '../core/index.js';
import { csvLines } from './csv-cell.js';
import { openAtomicFile, writeFileAtomic } from './write-file-atomic.js';

export type TableFormat = 'csv' | 'json' | 'xlsx';
export type TableCell = string | number | boolean | null;

export interface TableFile {
  readonly sheetName: string;
  readonly columns: readonly string[];
  /**
   * The rows; an iterable (a generator) lets a large CSV be written without holding every row's
   * cells at once. JSON and .xlsx read it into an array first.
   */
  readonly rows: Iterable<readonly TableCell[]>;
  /** Lines of text above the table (a message to a supplier); CSV: one cell per line. */
  readonly preamble?: readonly string[] | undefined;
  /**
   * Column indexes holding rupee amounts the tool formatted (formatted 0.00 in .xlsx; in CSV a
   * plain number there, "-12.50", is written as it is, not neutralised as a formula).
   */
  readonly moneyColumns?: readonly number[] | undefined;
  /** CSV only: start with a byte-order mark so Excel reads UTF-8 (names with non-ASCII letters). */
  readonly bom?: boolean | undefined;
}

export function tableFormatOf(file: string): TableFormat {
  const ext = extname(file).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.json') return 'json';
  if (ext === '.xlsx') return 'xlsx';
  throw new UsageError(`${file}: write .csv, .json or .xlsx (the extension decides the format)`);
}

const CSV_LINES_PER_CHUNK = 2000;

/** The CSV text in pieces of a few thousand lines (joined, they are toCsv's text). */
export function* csvChunks(t: TableFile): Generator<string> {
  const head: (readonly TableCell[])[] = (t.preamble ?? []).map((p) => [p]);
  if (t.preamble?.length) head.push([]);
  head.push(t.columns);
  const amountColumns = new Set(t.moneyColumns ?? []);
  let first = (t.bom ? '\ufeff' : '') + csvLines(head);
  let lines: (readonly TableCell[])[] = [];
  for (const r of t.rows) {
    lines.push(r);
    if (lines.length >= CSV_LINES_PER_CHUNK) {
      yield first + csvLines(lines, { amountColumns });
      first = '';
      lines = [];
    }
  }
  if (first !== '' || lines.length > 0) yield first + csvLines(lines, { amountColumns });
}

export function toCsv(t: TableFile): string {
  return [...csvChunks(t)].join('');
}

const rowArray = (t: TableFile): readonly (readonly TableCell[])[] =>
  Array.isArray(t.rows) ? (t.rows as readonly (readonly TableCell[])[]) : [...t.rows];

export function toJson(t: TableFile): string {
  const rows = rowArray(t).map((r) =>
    Object.fromEntries(t.columns.map((c, i) => [c, r[i] ?? null])),
  );
  const body = t.preamble?.length ? { message: t.preamble.join('\n'), rows } : rows;
  return JSON.stringify(body, null, 1) + '\n';
}

export async function toXlsx(t: TableFile): Promise<Buffer> {
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  wb.creator = 'gst-ims';
  const ws = wb.addWorksheet(t.sheetName.slice(0, 31));
  const width = Math.max(1, t.columns.length);
  let at = 1;
  for (const p of t.preamble ?? []) {
    ws.mergeCells(at, 1, at, Math.min(width, 10));
    const c = ws.getCell(at, 1);
    c.value = p;
    c.alignment = { wrapText: true, vertical: 'top' };
    at++;
  }
  if (t.preamble?.length) at++;
  const header = ws.getRow(at);
  t.columns.forEach((c, i) => {
    header.getCell(i + 1).value = c;
  });
  header.font = { bold: true };
  const headerRow = at;
  const rows = rowArray(t);
  for (const r of rows) {
    at++;
    const row = ws.getRow(at);
    r.forEach((v, i) => {
      row.getCell(i + 1).value = v;
    });
  }
  for (const i of t.moneyColumns ?? []) ws.getColumn(i + 1).numFmt = MONEY_NUMFMT;
  t.columns.forEach((c, i) => {
    const longest = Math.max(c.length, ...rows.slice(0, 500).map((r) => String(r[i] ?? '').length));
    ws.getColumn(i + 1).width = Math.min(48, Math.max(8, longest + 2));
  });
  ws.views = [{ state: 'frozen', ySplit: headerRow }];
  ws.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: headerRow, column: width } };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Writes the table in the format its extension names (or `format`), replacing the file atomically. */
export async function writeTableFile(
  file: string,
  t: TableFile,
  format: TableFormat = tableFormatOf(file),
): Promise<void> {
  const content = format === 'csv' ? csvChunks(t) : format === 'json' ? toJson(t) : await toXlsx(t);
  await writeFileAtomic(file, content);
}

/** A table file written a part of its rows at a time (openTableWriter). */
export interface TableWriter {
  add(rows: readonly (readonly TableCell[])[]): Promise<void>;
  /** Puts the file in place. */
  commit(): Promise<void>;
  /** Leaves no file. */
  abort(): Promise<void>;
}

/**
 * writeTableFile for rows that come a part at a time: a CSV streams (the same text as
 * csvChunks: its header, then each part's lines); JSON and .xlsx hold the rows until commit, as
 * writeTableFile does.
 */
export async function openTableWriter(
  file: string,
  t: Omit<TableFile, 'rows'>,
  format: TableFormat = tableFormatOf(file),
): Promise<TableWriter> {
  if (format !== 'csv') {
    const rows: (readonly TableCell[])[] = [];
    return {
      add: (part) => {
        for (const r of part) rows.push(r);
        return Promise.resolve();
      },
      commit: () => writeTableFile(file, { ...t, rows }, format),
      abort: () => Promise.resolve(),
    };
  }
  const out = await openAtomicFile(file);
  const amountColumns = new Set(t.moneyColumns ?? []);
  let head = '';
  for (const piece of csvChunks({ ...t, rows: [] })) head += piece;
  await out.write(head);
  return {
    add: async (part) => {
      if (part.length > 0) await out.write(csvLines(part, { amountColumns }));
    },
    commit: () => out.commit(),
    abort: () => out.abort(),
  };
}
