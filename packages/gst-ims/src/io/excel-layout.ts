// The layout of the gst-ims IMS workbook: sheets, columns, the hidden key, and how a record's
// fields become cells (and editable cells become a decision again). Shared by the writer, the
// reader and the app use cases so export and import can never disagree.
import * as crypto from 'node:crypto';
import type {
  Action,
  Decision,
  ExcelRowCode,
  IsoDate,
  ItcReduction,
  ItcReductionInputCode,
  Paise,
  PortalRecord,
  Section,
} from '../core/index.js';
import {
  SECTIONS,
  SECTION_INFO,
  TAX_HEADS,
  actionLabel,
  isoDate,
  parseAction,
  parseItcReduction,
  parsePortalDate,
  rupeesToPaise,
  toPortalDate,
} from '../core/index.js';

/** Written in the Home sheet; a workbook without it is not one of ours. */
export const WORKBOOK_MARKER = 'gst-ims IMS workbook';
export const WORKBOOK_FORMAT = 1;
export const HOME_SHEET = 'Home';
export const KEY_PREFIX = 'ims1';

/** Labels in column A of the Home sheet that the reader looks for. */
export const HOME_LABELS = {
  format: 'Workbook format',
  gstin: 'GSTIN',
  exportedAt: 'Exported at',
  exportedBy: 'Exported by',
  download: 'From download',
  part: 'Part',
} as const;

export type ColumnRole = 'portal' | 'match' | 'edit' | 'error' | 'key';
export type ColumnKind = 'text' | 'date' | 'money' | 'choice';

export type ColumnId =
  | 'supplierGstin'
  | 'supplierName'
  | 'docNumber'
  | 'docDate'
  | 'origNumber'
  | 'origDate'
  | 'invType'
  | 'pos'
  | 'returnPeriod'
  | 'supplierFiled'
  | 'value'
  | 'taxable'
  | 'igst'
  | 'cgst'
  | 'sgst'
  | 'cess'
  | 'portalAction'
  | 'pendingBlocked'
  | 'match'
  | 'registerRef'
  | 'differences'
  | 'proposedAction'
  | 'action'
  | 'remarks'
  | 'itcReduction'
  | 'declIgst'
  | 'declCgst'
  | 'declSgst'
  | 'declCess'
  | 'error'
  | 'key';

export interface ColumnSpec {
  readonly id: ColumnId;
  readonly header: string;
  readonly role: ColumnRole;
  readonly kind: ColumnKind;
  readonly width: number;
}

export type DeclColumn = 'declIgst' | 'declCgst' | 'declSgst' | 'declCess';
export const DECL_COLUMNS: readonly DeclColumn[] = ['declIgst', 'declCgst', 'declSgst', 'declCess'];
const DECL_HEAD = {
  declIgst: 'igst',
  declCgst: 'cgst',
  declSgst: 'sgst',
  declCess: 'cess',
} as const;

/** The drop-down values of the Action column, exactly as the issue and the portal tool word them. */
export const ACTION_CHOICES: Readonly<Record<Action, string>> = {
  accept: 'Accept',
  reject: 'Reject',
  pending: 'Pending',
  noAction: 'No Action',
};
export const ACTION_LIST = ['Accept', 'Reject', 'Pending', 'No Action'] as const;
export const ACTION_LIST_NO_PENDING = ['Accept', 'Reject', 'No Action'] as const;
export const ITC_REDUCTION_LIST = ['Full', 'Partial', 'None'] as const;

const col = (
  id: ColumnId,
  header: string,
  role: ColumnRole,
  kind: ColumnKind,
  width: number,
): ColumnSpec => ({ id, header, role, kind, width });

/** Columns of one section sheet, left to right. `withMatch`: reconciliation data exists. */
export function sheetColumns(section: Section, withMatch: boolean): ColumnSpec[] {
  const info = SECTION_INFO[section];
  const doc = info.docType === 'invoice' ? 'Invoice' : 'Note';
  const out: ColumnSpec[] = [
    col('supplierGstin', 'Supplier GSTIN', 'portal', 'text', 18),
    col('supplierName', 'Supplier name', 'portal', 'text', 30),
    col('docNumber', `${doc} number`, 'portal', 'text', 18),
    col('docDate', `${doc} date`, 'portal', 'date', 12),
  ];
  if (info.originalNumberKey !== null) {
    out.push(col('origNumber', `Original ${doc.toLowerCase()} number`, 'portal', 'text', 18));
    out.push(col('origDate', `Original ${doc.toLowerCase()} date`, 'portal', 'date', 12));
  }
  if (info.hasInvType) out.push(col('invType', 'Supply type', 'portal', 'text', 8));
  out.push(
    col('pos', 'Place of supply', 'portal', 'text', 8),
    col('returnPeriod', 'Return period', 'portal', 'text', 9),
    col('supplierFiled', 'Supplier filing', 'portal', 'text', 10),
    col('value', `${doc} value`, 'portal', 'money', 14),
    col('taxable', 'Taxable value', 'portal', 'money', 14),
    col('igst', 'IGST', 'portal', 'money', 12),
    col('cgst', 'CGST', 'portal', 'money', 12),
    col('sgst', 'SGST', 'portal', 'money', 12),
    col('cess', 'Cess', 'portal', 'money', 10),
    col('portalAction', 'Portal action', 'portal', 'text', 11),
    col('pendingBlocked', 'Pending blocked', 'portal', 'text', 9),
  );
  if (withMatch) {
    out.push(
      col('match', 'Match', 'match', 'text', 14),
      col('registerRef', 'Register ref', 'match', 'text', 16),
      col('differences', 'Differences', 'match', 'text', 28),
      col('proposedAction', 'Proposed action', 'match', 'text', 11),
    );
  }
  out.push(
    col('action', 'Action', 'edit', 'choice', 12),
    col('remarks', 'Remarks', 'edit', 'text', 32),
  );
  if (info.itcReductionAllowed) {
    out.push(
      col('itcReduction', 'ITC reduction', 'edit', 'choice', 10),
      col('declIgst', 'Reduce IGST', 'edit', 'money', 12),
      col('declCgst', 'Reduce CGST', 'edit', 'money', 12),
      col('declSgst', 'Reduce SGST', 'edit', 'money', 12),
      col('declCess', 'Reduce cess', 'edit', 'money', 11),
    );
  }
  out.push(col('error', 'Error', 'error', 'text', 40), col('key', 'Key', 'key', 'text', 12));
  return out;
}

/** Sheet name (as in the government tool) -> section. */
export const SHEET_SECTION: ReadonlyMap<string, Section> = new Map(
  SECTIONS.map((s) => [SECTION_INFO[s].sheet, s]),
);

/** A value for one cell: text, rupees held as paise, a calendar date, or empty. */
export type CellScalar =
  | { readonly t: 'text'; readonly v: string }
  | { readonly t: 'money'; readonly v: Paise }
  | { readonly t: 'date'; readonly v: IsoDate }
  | null;

const text = (v: string | null): CellScalar => (v === null || v === '' ? null : { t: 'text', v });
const money = (v: Paise): CellScalar => ({ t: 'money', v });
const date = (v: IsoDate | null): CellScalar => (v === null ? null : { t: 'date', v });

const FILING = (f: boolean | null): string | null =>
  f === null ? null : f ? 'Filed' : 'Not filed';

/** One read-only portal cell of a record (the value export writes, and import compares with). */
export function portalCell(id: ColumnId, r: PortalRecord): CellScalar {
  switch (id) {
    case 'supplierGstin':
      return text(r.supplierGstin);
    case 'supplierName':
      return text(r.supplierName);
    case 'docNumber':
      return text(r.docNumber);
    case 'docDate':
      return date(r.docDate);
    case 'origNumber':
      return text(r.originalDocNumber);
    case 'origDate':
      return date(r.originalDocDate);
    case 'invType':
      return text(r.invType);
    case 'pos':
      return text(r.pos);
    case 'returnPeriod':
      return text(r.returnPeriod);
    case 'supplierFiled':
      return text(FILING(r.supplierFiled));
    case 'value':
      return money(r.amounts.value);
    case 'taxable':
      return money(r.amounts.taxable);
    case 'igst':
      return money(r.amounts.igst);
    case 'cgst':
      return money(r.amounts.cgst);
    case 'sgst':
      return money(r.amounts.sgst);
    case 'cess':
      return money(r.amounts.cess);
    case 'portalAction':
      return text(actionLabel(r.portalAction));
    case 'pendingBlocked':
      return text(r.pendingBlocked ? 'Yes' : 'No');
    default:
      return null;
  }
}

/** One editable cell showing a decision. */
export function decisionCell(id: ColumnId, d: Decision): CellScalar {
  const r = d.itcReduction;
  switch (id) {
    case 'action':
      return text(ACTION_CHOICES[d.action]);
    case 'remarks':
      return text(d.remark);
    case 'itcReduction':
      return r === null
        ? null
        : text(r.kind === 'full' ? 'Full' : r.kind === 'partial' ? 'Partial' : 'None');
    case 'declIgst':
    case 'declCgst':
    case 'declSgst':
    case 'declCess':
      return r !== null && r.kind === 'partial' ? money(r[DECL_HEAD[id]]) : null;
    default:
      return null;
  }
}

// ---------------------------------------------------------------------------------------------
// The hidden key: `ims1|<recipient GSTIN>|<record version>|<decision hash>|<import id>|<record key>`.

export interface RowKey {
  readonly gstin: string;
  /** Short hash of the record as the portal described it when the workbook was made. */
  readonly version: string;
  /** Short hash of the decision the row showed when the workbook was made. */
  readonly decisionHash: string;
  /** The IMS download (import log id) the workspace held when the workbook was made; 0 if none. */
  readonly importId: number;
  readonly recordKey: string;
}

export function encodeRowKey(k: RowKey): string {
  return [KEY_PREFIX, k.gstin, k.version, k.decisionHash, String(k.importId), k.recordKey].join(
    '|',
  );
}

export function decodeRowKey(raw: string): RowKey | null {
  const parts = raw.trim().split('|');
  if (parts.length < 6 || parts[0] !== KEY_PREFIX) return null;
  const [, gstin = '', version = '', decisionHash = '', importId = ''] = parts;
  const recordKey = parts.slice(5).join('|');
  if (
    !/^[0-9A-Z]{15}$/.test(gstin) ||
    !/^[0-9a-f]{12}$/.test(version) ||
    !/^[0-9a-f]{12}$/.test(decisionHash) ||
    !/^\d+$/.test(importId) ||
    recordKey === ''
  )
    return null;
  return { gstin, version, decisionHash, importId: Number(importId), recordKey };
}

/** SHA-256 in hex: the one-shot crypto.hash where Node has it (20.12+), about twice as fast. */
const sha256Hex: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'hex')
    : (text) => crypto.createHash('sha256').update(text).digest('hex');

const hash12 = (parts: readonly unknown[]): string => sha256Hex(JSON.stringify(parts)).slice(0, 12);

const reductionParts = (r: ItcReduction | null): unknown =>
  r === null ? null : r.kind === 'partial' ? [r.kind, r.igst, r.cgst, r.sgst, r.cess] : [r.kind];

/**
 * The record's version: every field the portal describes and the workbook shows or relies on
 * (content, the portal's action, remark and declaration, the blocked flags, the portal hash).
 * A record re-downloaded with any of them changed gets a new version.
 */
export function recordVersion(r: PortalRecord): string {
  const a = r.amounts;
  return hash12([
    r.key,
    r.supplierName,
    r.docDate,
    r.originalDocNumber,
    r.originalDocDate,
    r.invType,
    r.srcForm,
    r.returnPeriod,
    r.supplierFiled,
    r.pos,
    a.value,
    a.taxable,
    a.igst,
    a.cgst,
    a.sgst,
    a.cess,
    r.portalAction,
    r.pendingBlocked,
    r.remarksBlocked,
    r.itcReductionBlocked,
    r.portalRemark,
    reductionParts(r.portalItcReduction),
    r.hash,
  ]);
}

/** The decision as a workbook row shows it: remark trimmed, blank remark = none. */
export function normaliseDecision(d: Decision): Decision {
  const remark = d.remark === null ? null : cleanText(d.remark).trim();
  return { action: d.action, remark: remark === '' ? null : remark, itcReduction: d.itcReduction };
}

export function decisionHash(d: Decision): string {
  const n = normaliseDecision(d);
  return hash12([n.action, n.remark, reductionParts(n.itcReduction)]);
}

// ---------------------------------------------------------------------------------------------
// Reading cells back.

/** What the reader hands over for one cell: text, number, boolean, or (from other readers) a date. */
export type RawCell = string | number | boolean | Date | null;

/** XML cannot carry most C0 controls; the writer drops them, and comparisons do the same. CR LF and CR read back as LF. */
// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]/g;
export function cleanText(s: string): string {
  return s.replace(XML_INVALID, '').replace(/\r\n?/g, '\n');
}

const EXCEL_EPOCH_DAY = 25569; // 1970-01-01 as an Excel serial day (1900 system)

/** A calendar date from a cell: an Excel date, a serial number, DD-MM-YYYY or YYYY-MM-DD text. */
export function cellDate(v: RawCell): IsoDate | null {
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return null;
    // exceljs reads date cells as UTC midnight; round to absorb fractions of a day.
    const t = new Date(Math.round(v.getTime() / 86400000) * 86400000);
    return isoDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
  }
  if (typeof v === 'number' && Number.isFinite(v)) {
    const t = new Date(Math.round(v - EXCEL_EPOCH_DAY) * 86400000);
    return isoDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
  }
  if (typeof v === 'string') {
    const s = v.trim();
    // DD-MM-YYYY as the portal writes it, or an ISO date (a `t="d"` cell), with or without a time.
    return (
      parsePortalDate(s) ??
      (/^\d{4}-\d{2}-\d{2}(T[\d:.]*Z?)?$/.test(s)
        ? isoDate(Number(s.slice(0, 4)), Number(s.slice(5, 7)), Number(s.slice(8, 10)))
        : null)
    );
  }
  return null;
}

/** An amount in rupees from a cell (number or text), as paise; null when empty; 'bad' when not an amount. */
export function cellMoney(v: RawCell): Paise | null | 'bad' {
  if (v === null) return null;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return 'bad';
    const p = v * 100;
    const r = Math.round(p);
    // Excel arithmetic leaves binary noise (0.1 + 0.2); more than that is a third decimal.
    if (Math.abs(p - r) > 1e-6 || !Number.isSafeInteger(r)) return 'bad';
    return (r === 0 ? 0 : r) as Paise;
  }
  if (typeof v === 'string') {
    const s = v.trim().replace(/,/g, '');
    if (s === '') return null;
    return rupeesToPaise(s) ?? 'bad';
  }
  return 'bad';
}

export function cellText(v: RawCell): string | null {
  if (v === null) return null;
  if (v instanceof Date) return cellDate(v) ?? '';
  const s = cleanText(String(v)).trim();
  return s === '' ? null : s;
}

/** True when a cell read back still holds what the workbook was written with. */
export function sameCell(expected: CellScalar, actual: RawCell): boolean {
  if (expected === null) return cellText(actual) === null;
  switch (expected.t) {
    case 'text':
      return cellText(actual) === cleanText(expected.v).trim();
    case 'money':
      return cellMoney(actual) === expected.v;
    case 'date':
      return cellDate(actual) === expected.v;
  }
}

/** How a cell is shown in a report: short, one line; a number in a date column as the date. */
export function showCell(v: RawCell | CellScalar, kind?: ColumnKind): string {
  if (v === null) return '(empty)';
  if (kind === 'date' && typeof v === 'number') {
    const d = cellDate(v);
    if (d !== null) return toPortalDate(d);
  }
  if (v instanceof Date)
    return cellDate(v) === null ? String(v) : toPortalDate(cellDate(v) as IsoDate);
  if (typeof v === 'object')
    return v.t === 'money'
      ? (v.v / 100).toFixed(2)
      : v.t === 'date'
        ? toPortalDate(v.v)
        : JSON.stringify(v.v);
  return typeof v === 'string'
    ? JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v)
    : String(v);
}

export type ParsedEdit =
  | { readonly ok: true; readonly decision: Decision }
  | {
      readonly ok: false;
      readonly column: ColumnId;
      readonly code: ExcelRowCode | ItcReductionInputCode;
      readonly message: string;
    };

/**
 * Reads the editable cells of a row into a decision. `hasItcColumns`: the sheet carries the
 * declaration columns. Checks only the cell values themselves; the portal's rules are the
 * engine's job (validateDecision through planDecisions).
 */
export function parseEditableCells(
  get: (id: ColumnId) => RawCell,
  hasItcColumns: boolean,
): ParsedEdit {
  const actionRaw = cellText(get('action'));
  if (actionRaw === null) {
    return {
      ok: false,
      column: 'action',
      code: 'ACTION_EMPTY',
      message: `the Action cell is empty; choose one of ${ACTION_LIST.join(', ')} (No Action returns the record to the portal's default)`,
    };
  }
  const action = parseAction(actionRaw);
  if (action === null) {
    return {
      ok: false,
      column: 'action',
      code: 'INVALID_ACTION',
      message: `the Action cell holds ${JSON.stringify(actionRaw)}; expected one of ${ACTION_LIST.join(', ')}`,
    };
  }
  const remark = cellText(get('remarks'));
  let itcReduction: ItcReduction | null = null;
  if (hasItcColumns) {
    const r = parseItcReduction(
      {
        kind: cellText(get('itcReduction')),
        amounts: Object.fromEntries(DECL_COLUMNS.map((c) => [DECL_HEAD[c], amountCell(get(c))])),
      },
      {
        readAmount: (raw) => {
          const m = cellMoney(raw);
          return m === 'bad' ? null : m;
        },
      },
    );
    if (!r.ok) {
      const e = r.errors[0]!;
      const column =
        e.field === 'kind' ? 'itcReduction' : DECL_COLUMNS.find((c) => DECL_HEAD[c] === e.field)!;
      const cell = column === 'itcReduction' ? 'ITC reduction' : column.replace('decl', 'Reduce ');
      return { ok: false, column, code: e.code, message: `the ${cell} cell: ${e.message}` };
    }
    itcReduction = r.value;
  }
  return { ok: true, decision: normaliseDecision({ action, remark, itcReduction }) };
}

/** A declared-amount cell for parseItcReduction: what is not text or a number (a date, TRUE) is no amount. */
const amountCell = (v: RawCell): string | number | null =>
  v === null || typeof v === 'string' || typeof v === 'number' ? v : String(v);

/** The engine's field (validateDecision's `field`) -> the column that shows it. */
export function columnOfField(field: string | null): ColumnId {
  if (field === null || field === 'action') return 'action';
  if (field === 'remark') return 'remarks';
  if (field.startsWith('itcReduction.')) {
    const head = field.slice('itcReduction.'.length);
    const c = DECL_COLUMNS.find((x) => DECL_HEAD[x] === head);
    return c ?? 'itcReduction';
  }
  if (field === 'itcReduction') return 'itcReduction';
  return 'action';
}

/** Short description of a decision for reports: `Reject "remark"`, `Accept, partial reduction 90.00/0.00/0.00/0.00`. */
export function describeDecision(d: Decision): string {
  let s = ACTION_CHOICES[d.action];
  const r = d.itcReduction;
  if (r !== null)
    s +=
      r.kind === 'partial'
        ? `, partial reduction ${TAX_HEADS.map((h) => (r[h] / 100).toFixed(2)).join('/')}`
        : `, ${r.kind === 'full' ? 'full' : 'nil'} reduction`;
  if (d.remark !== null) s += ` ${JSON.stringify(d.remark)}`;
  return s;
}

/** A file-name-safe fragment: letters, digits, dot, dash, underscore; never empty or a device name. */
export function safeFileName(raw: string, maxLength = 80): string {
  let s = raw
    .normalize('NFKD')
    .replace(/[^\w.-]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^[._-]+|[._-]+$/g, '');
  if (s.length > maxLength) s = s.slice(0, maxLength).replace(/[._-]+$/, '');
  if (s === '') s = 'blank';
  if (/^(con|prn|aux|nul|com\d|lpt\d)$/i.test(s)) s = `_${s}`;
  return s;
}

/** Data rows a sheet holds at most: Excel's 1,048,576 rows less the header row. */
export const MAX_SHEET_ROWS = 1_048_575;

/** The name of a section's n-th sheet: `B2B`, then `B2B (2)`, ... when one sheet is not enough. */
export function sectionSheetName(section: Section, part: number): string {
  return part === 1 ? SECTION_INFO[section].sheet : `${SECTION_INFO[section].sheet} (${part})`;
}
