// A record's data row: each cell's value, style and validation, rendered as the XML exceljs
// writes for such a row (see the note below), or through exceljs' own rows in tests.
import type ExcelJS from 'exceljs';
import type { PortalRecord } from '../core/index.js';
import type { CellScalar, ColumnId, ColumnSpec } from './excel-layout.js';
import { decisionCell, portalCell } from './excel-layout.js';
import type { StyleName, ValidationName, ValidationRuns } from './excel-styles.js';
import { S, columnLetter } from './excel-styles.js';
import type { WorkbookRow } from './excel-write.js';

// ---------------------------------------------------------------------------------------------

export function styleFor(c: ColumnSpec, value: CellScalar, blocked: boolean): StyleName {
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

export function excelValue(v: CellScalar): ExcelJS.CellValue {
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
export function cellFor(c: ColumnSpec, row: WorkbookRow): CellScalar {
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
export function blockedFor(id: ColumnId, r: PortalRecord): boolean {
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

export function validationFor(
  id: ColumnId,
  r: PortalRecord,
  blocked: boolean,
): ValidationName | null {
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
export const ROWS_PER_WRITE = 100;

/** What the row renderer takes from exceljs' streaming writer; null when a part is missing. */
interface RowSink {
  readonly write: (xml: string) => void;
  readonly sharedString: (text: string) => number;
  /** exceljs' style id of a style object (registered on first use, with that cell's type). */
  readonly styleId: (style: Partial<ExcelJS.Style>, cellType: number | undefined) => number;
}

export function rowSink(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  ws: ExcelJS.Worksheet,
): RowSink | null {
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

/** XML text as exceljs' xmlEncode writes it: the five entities, XML-invalid controls dropped. */
// eslint-disable-next-line no-control-regex
const XML_TEXT = /["&'<>\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const XML_ENTITY: Readonly<Record<string, string>> = {
  '"': '&quot;',
  '&': '&amp;',
  "'": '&apos;',
  '<': '&lt;',
  '>': '&gt;',
};
const xmlText = (s: string): string => s.replace(XML_TEXT, (c) => XML_ENTITY[c] ?? '');

/**
 * An inline string cell (`t="inlineStr"`), its text written as exceljs writes a `<t>`. The
 * hidden key is one (decision 0057): a text of its own on every row, it would otherwise hold a
 * place in the shared-strings table, kept in memory until the workbook is committed.
 */
export function inlineStringCell(ref: string, style: number, text: string): string {
  const space = /^\s|\n|\s$/.test(text) ? ' xml:space="preserve"' : '';
  return `<c r="${ref}"${style ? ` s="${style}"` : ''} t="inlineStr"><is><t${space}>${xmlText(text)}</t></is></c>`;
}

/** One sheet's rows, rendered: the columns' letters, styles and validations worked out once. */
export class RowRenderer {
  readonly #sink: RowSink;
  readonly #cols: readonly ColumnSpec[];
  readonly #letters: readonly string[];
  readonly #styleIds = new Map<StyleName, number>();
  readonly #rowOpen: string;
  readonly #runs: ValidationRuns;
  readonly #inlineKeys: boolean;

  /** `inlineKeys`: the key column as inline strings (else shared, as exceljs would write it). */
  constructor(sink: RowSink, cols: readonly ColumnSpec[], runs: ValidationRuns, inlineKeys = true) {
    this.#sink = sink;
    this.#inlineKeys = inlineKeys;
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
      if (c.role === 'key' && v.t === 'text' && this.#inlineKeys) {
        xml += inlineStringCell(ref, this.#style(style, STRING_CELL), v.v);
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
