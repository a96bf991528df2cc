// Writes the gst-ims IMS workbook with exceljs' streaming writer: rows are committed as they are
// written, styles are shared objects (exceljs caches them by identity), and validations are
// written as row ranges, so 100,000 records stay fast and small in memory. exceljs is loaded on
// first use: it takes about half a second, which other commands should not pay.
import type ExcelJS from 'exceljs';
import { randomBytes } from 'node:crypto';
import { rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Decision, PortalRecord, Section } from '../core/index.js';
import { SECTIONS } from '../core/index.js';
import type { CellScalar, ColumnSpec } from './excel-layout.js';
import { MAX_SHEET_ROWS, sectionSheetName, sheetColumns } from './excel-layout.js';
import { S, ValidationRuns, columnLetter, protect } from './excel-styles.js';
import {
  styleFor,
  excelValue,
  cellFor,
  blockedFor,
  validationFor,
  ROWS_PER_WRITE,
  rowSink,
  RowRenderer,
} from './excel-row-cells.js';
import { countRow, keepHomeFirst, writeHome } from './excel-home-sheet.js';
import { streamSharedStrings } from './excel-shared-strings.js';

export interface WorkbookMatchCells {
  readonly match: string | null;
  readonly registerRef: string | null;
  readonly differences: string | null;
  readonly proposedAction: string | null;
}

export interface WorkbookRow {
  readonly record: PortalRecord;
  readonly decision: Decision;
  /** The encoded hidden key (encodeRowKey). */
  readonly key: string;
  /** Portal error, refusal or flag, code and message; null when none. */
  readonly error: string | null;
  readonly match?: WorkbookMatchCells | undefined;
}

export interface WorkbookHome {
  readonly gstin: string;
  /** ISO-8601 instant. */
  readonly exportedAt: string;
  readonly exportedBy: string;
  /** Which IMS download the workspace held, for people: `#3 ims.json (imported ...)`. */
  readonly download: string;
  /** What this workbook holds: `all records`, `supplier 27... (name)`, ... */
  readonly part: string;
}

/** A section's counts on the Home sheet. */
export interface SectionSummary {
  records: number;
  toUpload: number;
  errors: number;
}

export type WorkbookSummary = Record<Section, SectionSummary>;

export interface WorkbookContent {
  readonly home: WorkbookHome;
  /** Reconciliation columns are present. */
  readonly withMatch: boolean;
  readonly sheets: Readonly<Record<Section, SheetRows>>;
  /**
   * The Home sheet's counts; without them, counted from the rows as they are written (the Home
   * sheet, the first tab, is written after the section sheets: decision 0057).
   */
  readonly summary?: WorkbookSummary | undefined;
}

export interface WrittenWorkbook {
  readonly file: string;
  readonly bytes: number;
  readonly rows: number;
  readonly counts: Record<Section, number>;
}

export interface WriteWorkbookOptions {
  /** Called with the data rows written so far: every 5,000, and with all of them once the file is complete. */
  readonly onRows?: ((written: number) => void) | undefined;
  /** Tests: write the data rows through exceljs' own Row and Cell objects (keys shared). */
  readonly exceljsRows?: boolean | undefined;
  /**
   * Tests: the hidden keys in the shared-strings table, as exceljs' own rows write them, instead
   * of inline strings (decision 0057).
   */
  readonly sharedKeys?: boolean | undefined;
  /** The rows to come, for onRows, when sheets are given as batches (their number is not known). */
  readonly total?: number | undefined;
  /** Data rows per sheet before a section continues on `B2B (2)` (default MAX_SHEET_ROWS; tests). */
  readonly maxRowsPerSheet?: number | undefined;
  /** Bytes of XML the zip may hold before the writer waits for it (default MAX_QUEUED; tests). */
  readonly maxQueuedBytes?: number | undefined;
  /** Called with the bytes the zip held each time the writer waits for it (tests, benchmarks). */
  readonly onZipWait?: ((queued: number) => void) | undefined;
}

const PROGRESS_EVERY = 5000;
const YIELD_EVERY = 1000;
/**
 * Bytes of a sheet's XML the zip may hold not yet compressed before the writer waits for it
 * (decision 0049). exceljs' sheet stream (StreamBuf) writes into the zip's entry (archiver's
 * PassThrough) without looking at its answer: rows rendered faster than the deflater takes them
 * piled up there, most of a million-row sheet at once (1.75 GB at 1,000,000 records).
 */
const MAX_QUEUED = 8 * 1024 * 1024;
/** The longest a wait for the zip lasts (it never should: the sheet's entry is the one read). */
const MAX_WAIT_MS = 2000;

/** The zip's entry a sheet's stream writes into, as exceljs and archiver leave it; null if not. */
interface QueuedEntry {
  readonly _writableState?: { readonly length?: number; readonly needDrain?: boolean };
  once(event: 'drain', listener: () => void): unknown;
  removeListener(event: 'drain', listener: () => void): unknown;
}

function zipEntryOf(ws: ExcelJS.Worksheet): QueuedEntry | null {
  const stream = (ws as unknown as { stream?: { pipes?: unknown } }).stream;
  const pipes = stream?.pipes;
  const entry: unknown = Array.isArray(pipes) ? pipes[0] : undefined;
  if (typeof entry !== 'object' || entry === null) return null;
  const e = entry as Partial<QueuedEntry>;
  return typeof e.once === 'function' && typeof e.removeListener === 'function'
    ? (e as QueuedEntry)
    : null;
}

/**
 * Lets the zip take what was written: waits for the entry to drain when more than MAX_QUEUED
 * bytes wait in it (the deflater and the file write get the loop meanwhile), else lets the loop
 * turn once.
 */
export function zipTaken(
  ws: ExcelJS.Worksheet,
  options: Pick<WriteWorkbookOptions, 'maxQueuedBytes' | 'onZipWait'> = {},
): Promise<void> {
  const entry = zipEntryOf(ws);
  const state = entry?._writableState;
  const queued = state?.length ?? 0;
  if (
    entry === null ||
    state?.needDrain !== true ||
    queued <= (options.maxQueuedBytes ?? MAX_QUEUED)
  )
    return new Promise((resolve) => setImmediate(resolve));
  options.onZipWait?.(queued);
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      entry.removeListener('drain', done);
      resolve();
    };
    const timer = setTimeout(done, MAX_WAIT_MS);
    entry.once('drain', done);
  });
}

/** A section's rows: in memory, or batches produced as they are written (export excel). */
export type SheetRows = readonly WorkbookRow[] | AsyncIterable<readonly WorkbookRow[]>;

async function* batchesOf(rows: SheetRows): AsyncGenerator<readonly WorkbookRow[]> {
  if (Array.isArray(rows)) yield rows as readonly WorkbookRow[];
  else yield* rows as AsyncIterable<readonly WorkbookRow[]>;
}

/** One section sheet being written: header, data rows, then validations, filter and commit. */
class SheetWriter {
  readonly #ws: ExcelJS.Worksheet;
  readonly #runs: ValidationRuns;
  readonly #sink: ReturnType<typeof rowSink> | null;
  readonly #renderer: RowRenderer | null;
  #pending = '';
  rowNumber = 1;

  constructor(
    wb: ExcelJS.stream.xlsx.WorkbookWriter,
    name: string,
    readonly cols: readonly ColumnSpec[],
    exceljsRows: boolean,
    sharedKeys = false,
  ) {
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] });
    ws.columns = cols.map((c) => ({ key: c.id, width: c.width, hidden: c.role === 'key' }));
    protect(ws);
    const header = ws.addRow(cols.map((c) => c.header));
    header.height = 30;
    cols.forEach((c, i) => {
      header.getCell(i + 1).style = c.role === 'edit' ? S.headerEdit : S.header;
    });
    header.commit();
    this.#ws = ws;
    this.#runs = new ValidationRuns(ws);
    this.#sink = exceljsRows ? null : rowSink(wb, ws);
    this.#renderer =
      this.#sink === null ? null : new RowRenderer(this.#sink, this.cols, this.#runs, !sharedKeys);
  }

  add(row: WorkbookRow): void {
    this.rowNumber++;
    if (this.#renderer !== null) {
      this.#pending += this.#renderer.render(row, this.rowNumber);
      if (this.rowNumber % ROWS_PER_WRITE === 0) this.flush();
    } else {
      exceljsRow(this.#ws, this.cols, this.#runs, row, this.rowNumber);
    }
  }

  flush(): void {
    if (this.#pending !== '') this.#sink?.write(this.#pending);
    this.#pending = '';
  }

  /** Hands the rows so far to the zip and waits while it holds too much of them (zipTaken). */
  async settle(options: WriteWorkbookOptions): Promise<void> {
    this.flush();
    await zipTaken(this.#ws, options);
  }

  finish(): void {
    this.flush();
    this.#runs.finish();
    this.#ws.autoFilter = `A1:${columnLetter(this.cols.length)}${Math.max(1, this.rowNumber)}`;
    this.#ws.commit();
  }
}

/** A section's rows: its sheet, and more sheets when they pass MAX_SHEET_ROWS. Returns the rows. */
async function writeSectionSheets(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  section: Section,
  rows: SheetRows,
  withMatch: boolean,
  options: WriteWorkbookOptions,
  written: { rows: number; readonly total: number },
  counted: SectionSummary,
): Promise<number> {
  const cols = sheetColumns(section, withMatch);
  const perSheet = Math.max(1, options.maxRowsPerSheet ?? MAX_SHEET_ROWS);
  const exceljsRows = options.exceljsRows === true;
  const sharedKeys = options.sharedKeys === true;
  let part = 1;
  let sheet = new SheetWriter(wb, sectionSheetName(section, part), cols, exceljsRows, sharedKeys);
  let count = 0;
  for await (const batch of batchesOf(rows)) {
    for (const row of batch) {
      if (sheet.rowNumber - 1 >= perSheet) {
        sheet.finish();
        sheet = new SheetWriter(
          wb,
          sectionSheetName(section, ++part),
          cols,
          exceljsRows,
          sharedKeys,
        );
      }
      sheet.add(row);
      countRow(counted, row);
      count++;
      written.rows++;
      // The last call comes once the file is complete.
      if (written.rows % PROGRESS_EVERY === 0 && written.rows < written.total)
        options.onRows?.(written.rows);
      // Let the zip stream take what was written: without a pause the whole sheet piles up in memory.
      if (count % YIELD_EVERY === 0) await sheet.settle(options);
    }
  }
  sheet.finish();
  return count;
}

/** One data row through exceljs' Row and Cell objects (the renderer's reference). */
function exceljsRow(
  ws: ExcelJS.Worksheet,
  cols: readonly ColumnSpec[],
  runs: ValidationRuns,
  row: WorkbookRow,
  rowNumber: number,
): void {
  const values: CellScalar[] = cols.map((c) => cellFor(c, row));
  const r = ws.addRow(values.map(excelValue));
  for (let i = 0; i < cols.length; i++) {
    const c = cols[i] as ColumnSpec;
    const blocked = c.role === 'edit' && blockedFor(c.id, row.record);
    r.getCell(i + 1).style = S[styleFor(c, values[i] ?? null, blocked)];
    if (c.role === 'edit') runs.set(i + 1, rowNumber, validationFor(c.id, row.record, blocked));
  }
  r.commit();
}

/** Writes the workbook to a temporary file beside `file`, then renames it into place. */
export async function writeImsWorkbook(
  file: string,
  content: WorkbookContent,
  options: WriteWorkbookOptions = {},
): Promise<WrittenWorkbook> {
  const tmp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const at = new Date(content.home.exportedAt);
  const { default: Excel } = await import('exceljs');
  // Shared strings (t="s"): the standard string cell, never read as a formula. Without them
  // exceljs writes t="str", a formula's cached result; a little faster, but less clear-cut.
  const wb = new Excel.stream.xlsx.WorkbookWriter({
    filename: tmp,
    useStyles: true,
    useSharedStrings: true,
  });
  streamSharedStrings(wb);
  wb.creator = 'gst-ims';
  wb.lastModifiedBy = content.home.exportedBy;
  if (!Number.isNaN(at.getTime())) {
    wb.created = at;
    wb.modified = at;
  }
  const counts = Object.fromEntries(SECTIONS.map((s) => [s, 0])) as Record<Section, number>;
  const counted = Object.fromEntries(
    SECTIONS.map((s) => [s, { records: 0, toUpload: 0, errors: 0 }]),
  ) as WorkbookSummary;
  try {
    const homePlace = keepHomeFirst(wb);
    const total =
      options.total ??
      SECTIONS.reduce((n, s) => {
        const rows = content.sheets[s];
        return n + (Array.isArray(rows) ? rows.length : 0);
      }, 0);
    const written = { rows: 0, total };
    for (const s of SECTIONS)
      counts[s] = await writeSectionSheets(
        wb,
        s,
        content.sheets[s],
        content.withMatch,
        options,
        written,
        counted[s],
      );
    homePlace();
    writeHome(wb, content, content.summary ?? counted, options.maxRowsPerSheet ?? MAX_SHEET_ROWS);
    await wb.commit();
    await rename(tmp, file);
    if (written.rows > 0) options.onRows?.(written.rows);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  return {
    file,
    bytes: (await stat(file)).size,
    rows: SECTIONS.reduce((n, s) => n + counts[s], 0),
    counts,
  };
}

export { columnLetter } from './excel-styles.js';
