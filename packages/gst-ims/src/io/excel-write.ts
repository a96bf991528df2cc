// Writes the gst-ims IMS workbook with exceljs' streaming writer: rows are committed as they are
// written, styles are shared objects (exceljs caches them by identity), and validations are
// written as row ranges, so 100,000 records stay fast and small in memory. exceljs is loaded on
// first use: it takes about half a second, which other commands should not pay.
import { randomBytes } from 'node:crypto';
import { rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type ExcelJS from 'exceljs';
import type { Decision, PortalRecord, Section } from '../core/index.js';
import { MONEY_NUMFMT, SECTIONS, SECTION_INFO, isDirty } from '../core/index.js';
import type { CellScalar, ColumnId, ColumnSpec } from './excel-layout.js';
import {
  ACTION_LIST,
  ACTION_LIST_NO_PENDING,
  HOME_LABELS,
  HOME_SHEET,
  ITC_REDUCTION_LIST,
  WORKBOOK_FORMAT,
  WORKBOOK_MARKER,
  decisionCell,
  portalCell,
  sheetColumns,
} from './excel-layout.js';

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

export interface WorkbookContent {
  readonly home: WorkbookHome;
  /** Reconciliation columns are present. */
  readonly withMatch: boolean;
  readonly sheets: Readonly<Record<Section, readonly WorkbookRow[]>>;
}

export interface WrittenWorkbook {
  readonly file: string;
  readonly bytes: number;
  readonly rows: number;
  readonly counts: Record<Section, number>;
}

// ---------------------------------------------------------------------------------------------
// Styles: one object per look, shared by every cell that has it.

const GREY = 'FFEDEDED';
const DARK_GREY = 'FFD0D0D0';
const YELLOW = 'FFFFF2CC';
const HEADER = 'FFD9E1F2';
const RED_FILL = 'FFFFC7CE';
const RED_FONT = 'FF9C0006';
// Lakh grouping on an Indian machine (core/money.ts says why this code).
const MONEY_FMT = MONEY_NUMFMT;
const DATE_FMT = 'dd-mm-yyyy';

const solid = (argb: string): ExcelJS.Fill => ({
  type: 'pattern',
  pattern: 'solid',
  fgColor: { argb },
});
const thin: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FFBFBFBF' } };

const S = {
  header: {
    font: { bold: true },
    fill: solid(HEADER),
    alignment: { vertical: 'middle', wrapText: true },
    border: { bottom: thin },
    protection: { locked: true },
  },
  headerEdit: {
    font: { bold: true },
    fill: solid(YELLOW),
    alignment: { vertical: 'middle', wrapText: true },
    border: { bottom: thin },
    protection: { locked: true },
  },
  roText: { fill: solid(GREY), protection: { locked: true } },
  roMoney: { fill: solid(GREY), numFmt: MONEY_FMT, protection: { locked: true } },
  roDate: { fill: solid(GREY), numFmt: DATE_FMT, protection: { locked: true } },
  match: { fill: solid('FFE2EFDA'), protection: { locked: true } },
  editText: { fill: solid(YELLOW), protection: { locked: false } },
  editMoney: { fill: solid(YELLOW), numFmt: MONEY_FMT, protection: { locked: false } },
  blocked: {
    fill: solid(DARK_GREY),
    font: { italic: true, color: { argb: 'FF7F7F7F' } },
    protection: { locked: true },
  },
  error: {
    fill: solid(RED_FILL),
    font: { color: { argb: RED_FONT }, bold: true },
    protection: { locked: true },
  },
  noError: { protection: { locked: true } },
  key: { font: { color: { argb: 'FF7F7F7F' } }, protection: { locked: true } },
  homeTitle: { font: { bold: true, size: 14 } },
  homeLabel: { font: { bold: true } },
  homeText: { alignment: { wrapText: true, vertical: 'top' } },
} satisfies Record<string, Partial<ExcelJS.Style>>;

type StyleName = keyof typeof S;

// ---------------------------------------------------------------------------------------------
// Data validations, collected as row runs per column and written as ranges.

type ValidationName = 'action' | 'actionNoPending' | 'remarks' | 'itcReduction' | 'amount';

const listFormula = (items: readonly string[]): string => `"${items.join(',')}"`;

const VALIDATIONS: Readonly<Record<ValidationName, ExcelJS.DataValidation>> = {
  action: {
    type: 'list',
    allowBlank: false,
    formulae: [listFormula(ACTION_LIST)],
    showErrorMessage: true,
    errorTitle: 'Action',
    error: `Choose one of: ${ACTION_LIST.join(', ')}`,
  },
  actionNoPending: {
    type: 'list',
    allowBlank: false,
    formulae: [listFormula(ACTION_LIST_NO_PENDING)],
    showErrorMessage: true,
    showInputMessage: true,
    promptTitle: 'Pending is blocked',
    prompt: 'The portal does not allow Pending for this record.',
    errorTitle: 'Action',
    error: `Pending is blocked for this record. Choose one of: ${ACTION_LIST_NO_PENDING.join(', ')}`,
  },
  remarks: {
    type: 'textLength',
    operator: 'lessThanOrEqual',
    allowBlank: true,
    formulae: [250],
    showErrorMessage: true,
    errorTitle: 'Remarks',
    error: 'The portal takes at most 250 characters, on one line.',
  },
  itcReduction: {
    type: 'list',
    allowBlank: true,
    formulae: [listFormula(ITC_REDUCTION_LIST)],
    showErrorMessage: true,
    showInputMessage: true,
    promptTitle: 'ITC reduction (with Accept only)',
    prompt:
      'Full: reduce all ITC. Partial: the amounts to the right (CGST = SGST), with a remark. None: ITC never availed, with a remark.',
    errorTitle: 'ITC reduction',
    error: `Choose one of: ${ITC_REDUCTION_LIST.join(', ')}, or leave it empty.`,
  },
  amount: {
    type: 'decimal',
    operator: 'greaterThanOrEqual',
    allowBlank: true,
    formulae: [0],
    showErrorMessage: true,
    errorTitle: 'Amount',
    error: 'An amount in rupees, 0 or more, at most the document tax in that head.',
  },
};

class ValidationRuns {
  readonly #open = new Map<number, { name: ValidationName; from: number; to: number }>();
  constructor(readonly sheet: ExcelJS.Worksheet) {}

  set(col: number, row: number, name: ValidationName | null): void {
    const run = this.#open.get(col);
    if (run && run.name === name && run.to === row - 1) {
      run.to = row;
      return;
    }
    if (run) this.#flush(col, run);
    if (name === null) this.#open.delete(col);
    else this.#open.set(col, { name, from: row, to: row });
  }

  finish(): void {
    for (const [col, run] of this.#open) this.#flush(col, run);
    this.#open.clear();
  }

  #flush(col: number, run: { name: ValidationName; from: number; to: number }): void {
    const letter = columnLetter(col);
    const ref =
      run.from === run.to ? `${letter}${run.from}` : `${letter}${run.from}:${letter}${run.to}`;
    // Typed on cells only; the streaming worksheet has the collection too, keyed by range.
    (
      this.sheet as unknown as {
        dataValidations: { add(ref: string, v: ExcelJS.DataValidation): void };
      }
    ).dataValidations.add(ref, VALIDATIONS[run.name]);
  }
}

export function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26))
    s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

// ---------------------------------------------------------------------------------------------
// Sheet protection. exceljs' streaming writer puts <sheetProtection> after <dataValidations>,
// which breaks the schema order Excel enforces (it offers to "repair" the file). So the element
// is written here, right after <sheetData>, where the schema wants it. No password: the lock
// only guards against accidental edits; filtering, sorting and column widths stay allowed.

const SHEET_PROTECTION =
  '<sheetProtection sheet="1" objects="1" scenarios="1" formatColumns="0" formatRows="0" sort="0" autoFilter="0"/>';

function protect(ws: ExcelJS.Worksheet): void {
  const w = ws as unknown as { _writeAutoFilter?: () => void; _write?: (text: string) => void };
  const original = w._writeAutoFilter;
  const write = w._write;
  if (typeof original !== 'function' || typeof write !== 'function') {
    // A future exceljs without these internals: fall back to its own (out-of-order) element.
    void ws.protect('', {
      selectLockedCells: true,
      selectUnlockedCells: true,
      autoFilter: true,
      sort: true,
      formatColumns: true,
      formatRows: true,
    });
    return;
  }
  w._writeAutoFilter = () => {
    write.call(ws, SHEET_PROTECTION);
    original.call(ws);
  };
}

const YIELD_EVERY = 1000;

// ---------------------------------------------------------------------------------------------

function styleFor(c: ColumnSpec, value: CellScalar, blocked: boolean): StyleName {
  switch (c.role) {
    case 'portal':
      return c.kind === 'money' ? 'roMoney' : c.kind === 'date' ? 'roDate' : 'roText';
    case 'match':
      return 'match';
    case 'edit':
      return blocked ? 'blocked' : c.kind === 'money' ? 'editMoney' : 'editText';
    case 'error':
      return value === null ? 'noError' : 'error';
    case 'key':
      return 'key';
  }
}

function excelValue(v: CellScalar): ExcelJS.CellValue {
  if (v === null) return null;
  switch (v.t) {
    case 'text':
      // A plain string cell: Excel and LibreOffice never evaluate it, whatever it starts with.
      return v.v;
    case 'money':
      return v.v / 100;
    case 'date':
      return new Date(utcMidnight(v.v));
  }
}

/** A calendar date (YYYY-MM-DD) as its UTC midnight, in ms: exceljs writes it as a whole serial day. */
function utcMidnight(d: string): number {
  return Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
}

const textCell = (v: string | null): CellScalar =>
  v === null || v === '' ? null : { t: 'text', v };

/** The value of one cell of a row. */
function cellFor(c: ColumnSpec, row: WorkbookRow): CellScalar {
  switch (c.role) {
    case 'portal':
      return portalCell(c.id, row.record);
    case 'edit':
      return decisionCell(c.id, row.decision);
    case 'error':
      return textCell(row.error);
    case 'key':
      return textCell(row.key);
    case 'match': {
      const m = row.match;
      if (!m) return null;
      return textCell(
        c.id === 'match'
          ? m.match
          : c.id === 'registerRef'
            ? m.registerRef
            : c.id === 'differences'
              ? m.differences
              : m.proposedAction,
      );
    }
  }
}

/** Whether the editable cell of a column is closed on this row (the portal blocks it). */
function blockedFor(id: ColumnId, r: PortalRecord): boolean {
  if (id === 'remarks') return r.remarksBlocked;
  if (
    id === 'itcReduction' ||
    id === 'declIgst' ||
    id === 'declCgst' ||
    id === 'declSgst' ||
    id === 'declCess'
  )
    return r.itcReductionBlocked;
  return false;
}

function validationFor(id: ColumnId, r: PortalRecord, blocked: boolean): ValidationName | null {
  if (blocked) return null;
  switch (id) {
    case 'action':
      return r.pendingBlocked ? 'actionNoPending' : 'action';
    case 'remarks':
      return 'remarks';
    case 'itcReduction':
      return 'itcReduction';
    case 'declIgst':
    case 'declCgst':
    case 'declSgst':
    case 'declCess':
      return 'amount';
    default:
      return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Data rows. exceljs builds a Row, a Cell per column, a model per cell and an XML stream per row,
// which took about a third of the export's CPU time (and much of its garbage). The rows are plain (values, one style per cell, no
// formulas, merges or links), so they are rendered here as the very XML exceljs writes for them,
// with exceljs' own shared-string table and style registry (the same ids, handed out in the same
// order). The header row still goes through exceljs. A later exceljs without these internals gets
// its own row writer (`exceljsRows`), which the tests compare with this one.

/** exceljs' value types (Enums.ValueType) of the cells written here. */
const NULL_CELL = 0;
const NUMBER_CELL = 2;
const STRING_CELL = 3;
const DATE_CELL = 4;

const MS_PER_DAY = 24 * 3600 * 1000;
/** Rows rendered per write to the sheet stream. */
const ROWS_PER_WRITE = 100;

/** What the row renderer takes from exceljs' streaming writer; null when a part is missing. */
interface RowSink {
  readonly write: (xml: string) => void;
  readonly sharedString: (text: string) => number;
  /** exceljs' style id of a style object (registered on first use, with that cell's type). */
  readonly styleId: (style: Partial<ExcelJS.Style>, cellType: number | undefined) => number;
}

function rowSink(wb: ExcelJS.stream.xlsx.WorkbookWriter, ws: ExcelJS.Worksheet): RowSink | null {
  const book = wb as unknown as {
    sharedStrings?: { add?: (text: string) => number };
    styles?: { addStyleModel?: (style: object, cellType?: number) => number };
  };
  const sheet = ws as unknown as {
    useSharedStrings?: boolean;
    stream?: { write?: (data: string) => unknown };
  };
  const strings = book.sharedStrings;
  const styles = book.styles;
  const stream = sheet.stream;
  if (
    sheet.useSharedStrings !== true ||
    typeof strings?.add !== 'function' ||
    typeof styles?.addStyleModel !== 'function' ||
    typeof stream?.write !== 'function'
  )
    return null;
  return {
    write: (xml) => void stream.write?.(xml),
    sharedString: (text) => (strings.add as (t: string) => number).call(strings, text),
    styleId: (style, cellType) =>
      (styles.addStyleModel as (s: object, t?: number) => number).call(styles, style, cellType),
  };
}

/** One sheet's rows, rendered: the columns' letters, styles and validations worked out once. */
class RowRenderer {
  readonly #sink: RowSink;
  readonly #cols: readonly ColumnSpec[];
  readonly #letters: readonly string[];
  readonly #styleIds = new Map<StyleName, number>();
  readonly #rowOpen: string;
  readonly #runs: ValidationRuns;

  constructor(sink: RowSink, cols: readonly ColumnSpec[], runs: ValidationRuns) {
    this.#sink = sink;
    this.#cols = cols;
    this.#runs = runs;
    this.#letters = cols.map((_c, i) => columnLetter(i + 1));
    // Every column has a cell (empty ones carry their style), so the span is the whole width.
    // A row's own style is exceljs' empty one (its id 0 writes no attribute).
    const rowStyle = sink.styleId({}, undefined);
    this.#rowOpen = `" spans="1:${cols.length}"${rowStyle ? ` s="${rowStyle}" customFormat="1"` : ''} x14ac:dyDescent="0.25">`;
  }

  #style(name: StyleName, cellType: number): number {
    let id = this.#styleIds.get(name);
    if (id === undefined) {
      id = this.#sink.styleId(S[name], cellType);
      this.#styleIds.set(name, id);
    }
    return id;
  }

  /** The XML of one data row; records its validations. */
  render(row: WorkbookRow, rowNumber: number): string {
    const cols = this.#cols;
    let xml = `<row r="${rowNumber}${this.#rowOpen}`;
    for (let i = 0; i < cols.length; i++) {
      const c = cols[i] as ColumnSpec;
      const v = cellFor(c, row);
      const blocked = c.role === 'edit' && blockedFor(c.id, row.record);
      if (c.role === 'edit')
        this.#runs.set(i + 1, rowNumber, validationFor(c.id, row.record, blocked));
      const ref = `${this.#letters[i] as string}${rowNumber}`;
      const style = styleFor(c, v, blocked);
      if (v === null) {
        const s = this.#style(style, NULL_CELL);
        if (s) xml += `<c r="${ref}" s="${s}"/>`;
        continue;
      }
      let type: number;
      let value: string;
      switch (v.t) {
        case 'text':
          type = STRING_CELL;
          value = String(this.#sink.sharedString(v.v));
          break;
        case 'money':
          type = NUMBER_CELL;
          value = String(v.v / 100);
          break;
        case 'date':
          type = DATE_CELL;
          // exceljs' dateToExcel of the cell's Date (excelValue): whole days since 1899-12-30.
          value = String(25569 + utcMidnight(v.v) / MS_PER_DAY);
          break;
      }
      const s = this.#style(style, type);
      xml += `<c r="${ref}"${s ? ` s="${s}"` : ''}${type === STRING_CELL ? ' t="s"' : ''}><v>${value}</v></c>`;
    }
    return `${xml}</row>`;
  }
}

/** Options of writeImsWorkbook. */
export interface WriteWorkbookOptions {
  /** Called with the data rows written so far: every 5,000, and with all of them once the file is complete. */
  readonly onRows?: ((written: number) => void) | undefined;
  /** Tests: write the data rows through exceljs' own Row and Cell objects. */
  readonly exceljsRows?: boolean | undefined;
}

const PROGRESS_EVERY = 5000;

async function writeSectionSheet(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  section: Section,
  rows: readonly WorkbookRow[],
  withMatch: boolean,
  options: WriteWorkbookOptions,
  written: { rows: number; readonly total: number },
): Promise<void> {
  const cols = sheetColumns(section, withMatch);
  const ws = wb.addWorksheet(SECTION_INFO[section].sheet, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }],
  });
  ws.columns = cols.map((c) => ({ key: c.id, width: c.width, hidden: c.role === 'key' }));
  protect(ws);
  const header = ws.addRow(cols.map((c) => c.header));
  header.height = 30;
  cols.forEach((c, i) => {
    header.getCell(i + 1).style = c.role === 'edit' ? S.headerEdit : S.header;
  });
  header.commit();
  const runs = new ValidationRuns(ws);
  const sink = options.exceljsRows === true ? null : rowSink(wb, ws);
  const renderer = sink === null ? null : new RowRenderer(sink, cols, runs);
  let rowNumber = 1;
  let pending = '';
  for (const row of rows) {
    rowNumber++;
    if (renderer !== null && sink !== null) {
      pending += renderer.render(row, rowNumber);
      if (rowNumber % ROWS_PER_WRITE === 0) {
        sink.write(pending);
        pending = '';
      }
    } else {
      exceljsRow(ws, cols, runs, row, rowNumber);
    }
    written.rows++;
    // The last call comes once the file is complete.
    if (written.rows % PROGRESS_EVERY === 0 && written.rows < written.total)
      options.onRows?.(written.rows);
    // Let the zip stream take what was written: without a pause the whole sheet piles up in memory.
    if (rowNumber % YIELD_EVERY === 0) {
      if (pending !== '') {
        sink?.write(pending);
        pending = '';
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  if (pending !== '') sink?.write(pending);
  runs.finish();
  ws.autoFilter = `A1:${columnLetter(cols.length)}${Math.max(1, rowNumber)}`;
  ws.commit();
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

function writeHome(wb: ExcelJS.stream.xlsx.WorkbookWriter, content: WorkbookContent): void {
  const { home, sheets } = content;
  const ws = wb.addWorksheet(HOME_SHEET);
  ws.columns = [{ width: 30 }, { width: 22 }, { width: 12 }, { width: 12 }, { width: 12 }];
  protect(ws);
  const add = (values: ExcelJS.CellValue[], style?: StyleName): void => {
    const r = ws.addRow(values);
    if (style) r.getCell(1).style = S[style];
    r.commit();
  };
  add([WORKBOOK_MARKER], 'homeTitle');
  add([]);
  add([HOME_LABELS.format, WORKBOOK_FORMAT], 'homeLabel');
  add([HOME_LABELS.gstin, home.gstin], 'homeLabel');
  add([HOME_LABELS.exportedAt, home.exportedAt], 'homeLabel');
  add([HOME_LABELS.exportedBy, home.exportedBy], 'homeLabel');
  add([HOME_LABELS.download, home.download], 'homeLabel');
  add([HOME_LABELS.part, home.part], 'homeLabel');
  add([]);
  const head = ws.addRow(['Sheet', 'Section', 'Records', 'To upload', 'With errors']);
  for (let i = 1; i <= 5; i++) head.getCell(i).style = S.header;
  head.commit();
  let total = 0;
  for (const s of SECTIONS) {
    const rows = sheets[s];
    total += rows.length;
    const toUpload = rows.filter((r) => isDirty(r.record, r.decision)).length;
    const errors = rows.filter((r) => r.error !== null).length;
    add([SECTION_INFO[s].sheet, SECTION_INFO[s].label, rows.length, toUpload, errors]);
  }
  add(['Total', '', total]);
  add([]);
  const lines: [string, string][] = [
    ['How to fill it in', ''],
    ['', 'Grey columns come from the portal and are locked. Decide in the yellow columns only.'],
    [
      '',
      `Action: ${ACTION_LIST.join(', ')}. Where the portal blocks Pending, the drop-down leaves it out.`,
    ],
    [
      '',
      'Remarks: needed with Reject or Pending when you want the supplier to see a reason; at most 250 characters, one line. Not with a plain Accept.',
    ],
    [
      '',
      'ITC reduction (credit notes and amendments, with Accept only): Full, Partial (fill the Reduce IGST/CGST/SGST/cess amounts; CGST = SGST; add a remark) or None (ITC never availed; add a remark). Leave it empty otherwise.',
    ],
    ['', 'Dark grey editable cells are blocked by the portal for that record.'],
    [
      '',
      "The Error column shows the portal's error from the last upload, or why a decision breaks a rule. Correct the row and import the workbook again.",
    ],
    [
      '',
      "Filter and sort freely. Do not add, delete or move columns' headers; do not copy rows between workbooks of different GSTINs.",
    ],
    [
      '',
      'When done: gst-ims import excel <this file>  (several files at once merge the work of a team).',
    ],
    ['', ''],
    ['Key and version', ''],
    [
      '',
      'The hidden last column, Key, names the record (recipient GSTIN, section, supplier, number, financial year) and its version: a short hash of the record as the portal described it, and of the decision the row showed, plus the number of the IMS download the workspace held.',
    ],
    [
      '',
      'On import, a row whose record has changed on the portal since this workbook was made (a newer download was imported) is not applied and is reported: export a fresh workbook for it.',
    ],
    [
      '',
      'Rows you did not change are ignored, so decisions made elsewhere since the export are never undone by an untouched row.',
    ],
    ['', 'Read-only cells you changed are reported and ignored.'],
  ];
  for (const [a, b] of lines) {
    const r = ws.addRow([a, b]);
    if (a) r.getCell(1).style = S.homeLabel;
    if (b) ws.mergeCells(r.number, 2, r.number, 5);
    r.getCell(2).style = S.homeText;
    if (b.length > 60) r.height = 15 * Math.ceil(b.length / 60);
    r.commit();
  }
  ws.commit();
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
  wb.creator = 'gst-ims';
  wb.lastModifiedBy = content.home.exportedBy;
  if (!Number.isNaN(at.getTime())) {
    wb.created = at;
    wb.modified = at;
  }
  try {
    writeHome(wb, content);
    const total = SECTIONS.reduce((n, s) => n + content.sheets[s].length, 0);
    const written = { rows: 0, total };
    for (const s of SECTIONS)
      await writeSectionSheet(wb, s, content.sheets[s], content.withMatch, options, written);
    await wb.commit();
    await rename(tmp, file);
    if (total > 0) options.onRows?.(total);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  const counts = Object.fromEntries(SECTIONS.map((s) => [s, content.sheets[s].length])) as Record<
    Section,
    number
  >;
  return {
    file,
    bytes: (await stat(file)).size,
    rows: SECTIONS.reduce((n, s) => n + counts[s], 0),
    counts,
  };
}
