// Reads a gst-ims IMS workbook back, through the bounded-memory reader of open-xlsx.ts: the
// container is checked first (a truncated file or another format gets a BadInputError naming the
// file and what was expected), then each sheet is inflated as a stream and scanned row by row
// for cell values only. Columns are found by their header, so moved or inserted columns read the
// same; a required column missing, or the workbook format unknown, refuses the file.
//
// Why not exceljs here: its streaming WorkbookReader loses the last sheets of some files (seen
// on its own streaming writer's output) and fails when the workbook relationships precede the
// workbook part; its in-memory reader takes about 13 s and 550 MB for 100,000 rows. A workbook
// only needs values read back, which SpreadsheetML keeps in a few simple elements.
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Section } from '../core/index.js';
import { BadInputError, SECTIONS, SECTION_INFO } from '../core/index.js';
import type { ColumnId, RawCell } from './excel-layout.js';
import {
  HOME_LABELS,
  HOME_SHEET,
  SHEET_SECTION,
  WORKBOOK_FORMAT,
  WORKBOOK_MARKER,
  cellText,
  decodeRowKey,
  sheetColumns,
} from './excel-layout.js';
import { columnLetter } from './excel-write.js';
import type { XlsxLimits, XlsxRow } from './open-xlsx.js';
import { openXlsx } from './open-xlsx.js';

export type { XlsxLimits } from './open-xlsx.js';
export { DEFAULT_XLSX_LIMITS, XLSX_LIMIT_ENV, parseLimit } from './open-xlsx.js';

export interface ReadRow {
  /** 1-based row number in the sheet. */
  readonly row: number;
  readonly cells: ReadonlyMap<ColumnId, RawCell>;
  /** Columns whose cell holds a formula (only its cached result is read). */
  readonly formulas: readonly ColumnId[];
}

export interface ReadSheet {
  readonly name: string;
  readonly section: Section;
  /** Column id -> 1-based column number, from the header row. */
  readonly columns: ReadonlyMap<ColumnId, number>;
  readonly rows: readonly ReadRow[];
}

export interface ReadHome {
  /** The workbook format written on the Home sheet; null when the Home sheet is not ours. */
  readonly format: string | null;
  readonly gstin: string | null;
  readonly exportedAt: string | null;
  readonly part: string | null;
}

export interface ReadWorkbook {
  readonly file: string;
  readonly name: string;
  readonly mtime: Date;
  readonly home: ReadHome | null;
  readonly sheets: readonly ReadSheet[];
  /** Sheets that are neither Home nor a section sheet with a Key column. */
  readonly otherSheets: readonly string[];
}

const EXPECTED =
  'an .xlsx workbook written by `gst-ims export excel` (a Home sheet and the sheets B2B, B2BA, B2B-DN, B2B-DNA, B2B-CN, B2B-CNA, ECO, ECOA with a Key column)';
const MAX_BYTES = 1024 * 1024 * 1024;

/** Headers of every possible column -> id (all sections, with match columns), compared loosely. */
const HEADER_IDS: ReadonlyMap<string, ColumnId> = (() => {
  const m = new Map<string, ColumnId>();
  for (const s of SECTIONS)
    for (const c of sheetColumns(s, true)) m.set(normHeader(c.header), c.id);
  return m;
})();

function normHeader(h: string): string {
  return h.trim().toLowerCase().replace(/\s+/g, ' ');
}

// ---------------------------------------------------------------------------------------------

export interface ReadWorkbookOptions {
  /**
   * Progress through the file's sheets, in stored (compressed) bytes: `done` of `total` grows as
   * the sheets are inflated and ends at `total`. Rows cannot be counted before they are read.
   */
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
  /** Limits on rows, cells and uncompressed XML (default: the environment's, else DEFAULT_XLSX_LIMITS). */
  readonly limits?: Partial<XlsxLimits> | undefined;
  /**
   * Streaming (import excel): a section sheet's rows are handed over in batches as they are read,
   * once the sheet's section and columns are known and checked, and not kept (`rows` stays
   * empty), so a million rows are never in memory at once.
   */
  readonly onRows?: ((sheet: ReadSheet, rows: readonly ReadRow[]) => Promise<void>) | undefined;
  /** Read the Home sheet only (the workbook's GSTIN before its rows are checked). */
  readonly homeOnly?: boolean | undefined;
}

/** Rows handed to onRows at a time. */
const ROW_BATCH = 2000;

/**
 * Columns a section sheet cannot be read without: the row's visible identity (checked against
 * the hidden key), the editable cells (a missing one would read as a cleared decision), the key.
 */
export function requiredColumns(section: Section): ColumnId[] {
  const identity: ColumnId[] = ['supplierGstin', 'docNumber', 'docDate'];
  const edit = sheetColumns(section, false)
    .filter((c) => c.role === 'edit')
    .map((c) => c.id);
  return [...identity, ...edit, 'key'];
}

/** Reads every sheet; BadInputError when the file is not (a complete) gst-ims workbook. */
export async function readImsWorkbook(
  file: string,
  options: ReadWorkbookOptions = {},
): Promise<ReadWorkbook> {
  const name = basename(file);
  const bad = (why: string): BadInputError =>
    new BadInputError(`${name}: ${why}; expected ${EXPECTED}`, { file, expected: EXPECTED });
  let size: number;
  let mtime: Date;
  try {
    const s = await stat(file);
    if (!s.isFile())
      throw new BadInputError(`${file}: not a file; expected ${EXPECTED}`, {
        file,
        expected: EXPECTED,
      });
    size = s.size;
    mtime = s.mtime;
  } catch (e) {
    if (e instanceof BadInputError) throw e;
    throw new BadInputError(
      `${file}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      { file },
    );
  }
  if (size === 0) throw bad('the file is empty');
  if (size > MAX_BYTES)
    throw bad(`the file is ${Math.round(size / 1048576)} MB, over the 1024 MB limit`);

  // Progress: the shared strings (read when the file is opened), then each sheet as it is inflated.
  const { onProgress } = options;
  let total = 0;
  let reported = -1;
  const report = (at: number): void => {
    if (onProgress === undefined || at <= reported) return;
    reported = at;
    onProgress(at, total);
  };
  const xlsx = await openXlsx(file, {
    bad,
    limits: options.limits,
    onSharedStrings: (read) => report(read),
  });
  try {
    total = xlsx.sharedStringsSize + xlsx.sheets.reduce((n, s) => n + s.compressedSize, 0);
    report(0);
    await xlsx.loadSharedStrings();
    let done = xlsx.sharedStringsSize;
    report(done);
    const sheets: ReadSheet[] = [];
    const otherSheets: string[] = [];
    let home: ReadHome | null = null;
    for (const ref of xlsx.sheets) {
      const base = done;
      const rows = xlsx.rows(ref, (read) => report(base + read));
      if (ref.name === HOME_SHEET) {
        home = await readHome(rows);
        if (options.homeOnly === true) break;
      } else if (options.homeOnly === true) {
        continue;
      } else {
        const sheet = await readSectionSheet(rows, ref.name, name, options.onRows);
        if (sheet) sheets.push(sheet);
        else otherSheets.push(ref.name);
      }
      done = base + ref.compressedSize;
      report(done);
    }
    if (sheets.length === 0 && options.homeOnly !== true) {
      const why =
        home?.format !== null && home?.format !== undefined
          ? 'it has the Home sheet but no section sheet with a Key column'
          : `its sheets (${otherSheets.map((s) => JSON.stringify(s)).join(', ') || 'none'}) are not gst-ims IMS sheets`;
      throw new BadInputError(`${name}: not a gst-ims IMS workbook: ${why}; expected ${EXPECTED}`, {
        file,
        expected: EXPECTED,
      });
    }
    checkFormat(file, home);
    return { file, name, mtime, home, sheets, otherSheets };
  } finally {
    await xlsx.close();
  }
}

/**
 * The Home sheet must name the workbook format this gst-ims writes: a workbook of a newer format
 * may mean something else by its columns, one without a format cannot be vouched for.
 */
function checkFormat(file: string, home: ReadHome | null): void {
  const name = basename(file);
  const expected = `a Home sheet with "${HOME_LABELS.format}" ${WORKBOOK_FORMAT}`;
  const refuse = (why: string): never => {
    throw new BadInputError(
      `${name}: ${why}; this gst-ims reads workbook format ${WORKBOOK_FORMAT} (export a fresh workbook with \`gst-ims export excel\`)`,
      { file, field: HOME_LABELS.format, expected },
    );
  };
  if (home === null) refuse(`there is no ${HOME_SHEET} sheet naming the workbook format`);
  const format = home?.format ?? null;
  if (format === null)
    refuse(`the ${HOME_SHEET} sheet is not a gst-ims Home sheet (its title is missing)`);
  if (format === '') refuse(`the ${HOME_SHEET} sheet has no "${HOME_LABELS.format}" cell`);
  const n = Number(format);
  if (n === WORKBOOK_FORMAT) return;
  refuse(
    Number.isFinite(n) && n > WORKBOOK_FORMAT
      ? `the workbook is format ${format}, newer than this gst-ims (update gst-ims to read it)`
      : `the workbook format ${JSON.stringify(format)} is unknown`,
  );
}

async function readHome(rows: AsyncIterable<XlsxRow>): Promise<ReadHome> {
  const found: Record<string, string | null> = {};
  let marker = false;
  const labels = Object.values(HOME_LABELS) as string[];
  for await (const row of rows) {
    const a = cellText(row.values.get(1) ?? null);
    if (a === null) continue;
    if (a === WORKBOOK_MARKER) marker = true;
    if (labels.includes(a)) found[a] = cellText(row.values.get(2) ?? null);
  }
  return {
    format: marker ? (found[HOME_LABELS.format] ?? '') : null,
    gstin: found[HOME_LABELS.gstin]?.toUpperCase() ?? null,
    exportedAt: found[HOME_LABELS.exportedAt] ?? null,
    part: found[HOME_LABELS.part] ?? null,
  };
}

/** The header row's known columns; a column read for import named twice is ambiguous. */
function headerColumns(
  row: XlsxRow,
  sheetName: string,
  fileName: string,
): Map<ColumnId, number> | null {
  const cols = new Map<ColumnId, number>();
  const twice = new Map<ColumnId, number[]>();
  for (const [n, v] of row.values) {
    const h = cellText(v);
    const id = h === null ? undefined : HEADER_IDS.get(normHeader(h));
    if (id === undefined) continue;
    const first = cols.get(id);
    if (first === undefined) cols.set(id, n);
    else twice.set(id, [...(twice.get(id) ?? [first]), n]);
  }
  if (cols.size === 0) return null;
  const readColumns = new Set(SECTIONS.flatMap((s) => requiredColumns(s)));
  for (const [id, at] of twice) {
    if (!readColumns.has(id)) continue;
    const header = cellText(row.values.get(at[0] ?? 0) ?? null) ?? id;
    throw new BadInputError(
      `${fileName}, sheet ${JSON.stringify(sheetName)}: the header "${header}" appears in columns ${at.map(columnLetter).join(' and ')} of row ${row.row}; keep one (columns are found by their header)`,
      { file: fileName, field: header, expected: 'each header once' },
    );
  }
  return cols;
}

/** A required column the header row lacks, for the section the sheet turned out to hold. */
function checkRequired(
  section: Section,
  columns: ReadonlyMap<ColumnId, number>,
  sheetName: string,
  fileName: string,
  headerRow: number,
): void {
  const missing = requiredColumns(section).filter((id) => !columns.has(id));
  if (missing.length === 0) return;
  const specs = sheetColumns(section, false);
  const headers = missing.map((id) => `"${specs.find((c) => c.id === id)?.header ?? id}"`);
  throw new BadInputError(
    `${fileName}, sheet ${JSON.stringify(sheetName)}: the header row (row ${headerRow}) has no column ${headers.join(', ')}; ` +
      'columns are found by their header, so they may be moved but not removed or renamed (export a fresh workbook if unsure)',
    { file: fileName, field: missing.join(', '), expected: `the columns ${headers.join(', ')}` },
  );
}

async function readSectionSheet(
  rows: AsyncIterable<XlsxRow>,
  sheetName: string,
  fileName: string,
  onRows?: ReadWorkbookOptions['onRows'],
): Promise<ReadSheet | null> {
  let columns: Map<ColumnId, number> | null = null;
  let headerRow = 0;
  let out: ReadRow[] = [];
  let section: Section | null = SHEET_SECTION.get(sheetName) ?? null;
  // Streaming: the sheet as handed to onRows, once its section and columns are known and checked.
  let streamed: ReadSheet | null = null;
  const start = (s: Section, cols: Map<ColumnId, number>): ReadSheet => {
    checkRequired(s, cols, sheetName, fileName, headerRow);
    return { name: sheetName || SECTION_INFO[s].sheet, section: s, columns: cols, rows: [] };
  };
  for await (const row of rows) {
    if (columns === null) {
      // The first row with a known header is the header row.
      const cols = headerColumns(row, sheetName, fileName);
      if (cols === null) continue;
      if (!cols.has('key')) return null;
      columns = cols;
      headerRow = row.row;
      continue;
    }
    const cells = new Map<ColumnId, RawCell>();
    const formulas: ColumnId[] = [];
    let any = false;
    for (const [id, n] of columns) {
      const raw = row.values.get(n) ?? null;
      if (row.formulas.has(n)) formulas.push(id);
      if (raw !== null && !(typeof raw === 'string' && raw.trim() === '')) any = true;
      cells.set(id, raw);
    }
    if (!any) continue;
    if (section === null) {
      // A renamed sheet: its keys still say which section it holds.
      const key = decodeRowKey(cellText(cells.get('key') ?? null) ?? '');
      const s = key?.recordKey.split('|')[0];
      section = SECTIONS.find((x) => x === s) ?? null;
    }
    out.push({ row: row.row, cells, formulas });
    if (onRows !== undefined && section !== null && out.length >= ROW_BATCH) {
      streamed ??= start(section, columns);
      await onRows(streamed, out);
      out = [];
    }
  }
  if (columns === null || section === null) return null;
  if (onRows !== undefined) {
    streamed ??= start(section, columns);
    if (out.length > 0) await onRows(streamed, out);
    return streamed;
  }
  checkRequired(section, columns, sheetName, fileName, headerRow);
  return { name: sheetName || SECTION_INFO[section].sheet, section, columns, rows: out };
}
