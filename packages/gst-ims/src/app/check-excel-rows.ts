// The row checks of an Excel import: each row of each workbook is an edit to weigh, untouched,
// or a finding (no key, another GSTIN, unknown record, key moved off its row, wrong sheet,
// read-only cell edited, invalid cell, stale). Pure: the workbooks and records are given.
import type { ExcelRowCode, ItcReductionInputCode, WorkspaceRecord } from '../core/index.js';
import { decisionEquals } from '../core/index.js';
import type { ColumnId, ColumnSpec, ReadRow, ReadSheet, RowKey } from '../io/index.js';
import {
  cellText,
  columnLetter,
  decisionHash,
  decodeRowKey,
  parseEditableCells,
  portalCell,
  recordVersion,
  sameCell,
  sheetColumns,
  showCell,
} from '../io/index.js';
import type {
  ExcelEdit,
  ExcelFileCounts,
  ExcelFinding,
  ExcelWorkbook,
  FindingKind,
} from './excel-finding.js';

/** The cells that say which record a row is; the hidden key must name the same record. */
const IDENTITY_COLUMNS: readonly ColumnId[] = ['supplierGstin', 'docNumber', 'docDate'];

export interface CheckedRows {
  readonly edits: ExcelEdit[];
  readonly findings: ExcelFinding[];
  readonly perFile: ExcelFileCounts[];
  /** Edited rows of stale records whose decision the workspace already holds. */
  readonly unchanged: number;
}

/** One sheet of one workbook, with its columns looked up once. */
interface SheetView {
  readonly wb: number;
  readonly file: string;
  readonly sheet: ReadSheet;
  readonly specOf: ReadonlyMap<ColumnId, ColumnSpec>;
  readonly portalColumns: readonly ColumnSpec[];
  readonly hasItc: boolean;
}

interface RowCheck {
  readonly gstin: string;
  /** The records the rows being checked name (all of the GSTIN's, or a batch's). */
  records: ReadonlyMap<string, WorkspaceRecord>;
  readonly out: {
    edits: ExcelEdit[];
    findings: ExcelFinding[];
    perFile: ExcelFileCounts[];
    unchanged: number;
  };
}

function sheetView(wb: number, file: string, sheet: ReadSheet): SheetView {
  const specOf = new Map(sheetColumns(sheet.section, true).map((c) => [c.id, c]));
  const portalColumns = [...sheet.columns.keys()].flatMap((id) => {
    const spec = specOf.get(id);
    return spec?.role === 'portal' ? [spec] : [];
  });
  return { wb, file, sheet, specOf, portalColumns, hasItc: sheet.columns.has('itcReduction') };
}

function finding(
  v: SheetView,
  row: ReadRow,
  kind: FindingKind,
  id: ColumnId | null,
  recordKey: string | null,
  code: ExcelRowCode | ItcReductionInputCode,
  message: string,
): ExcelFinding {
  const n = id === null ? undefined : v.sheet.columns.get(id);
  const at =
    n === undefined || id === null
      ? { column: null, cell: `${v.sheet.name}!${row.row}` }
      : {
          column: v.specOf.get(id)?.header ?? id,
          cell: `${v.sheet.name}!${columnLetter(n)}${row.row}`,
        };
  return { kind, file: v.file, sheet: v.sheet.name, row: row.row, ...at, recordKey, code, message };
}

/**
 * Checks every row of every workbook against the workspace's records of `gstin`.
 * `onRow(checked, total)` is called after each row (for progress).
 */
export function checkExcelRows(
  books: readonly ExcelWorkbook[],
  gstin: string,
  records: ReadonlyMap<string, WorkspaceRecord>,
  onRow?: (checked: number, total: number) => void,
): CheckedRows {
  const c: RowCheck = {
    gstin,
    records,
    out: {
      edits: [],
      findings: [],
      perFile: books.map(() => ({ rows: 0, edited: 0, applied: 0 })),
      unchanged: 0,
    },
  };
  const total = totalRows(books);
  let checked = 0;
  books.forEach((b, wb) => {
    for (const sheet of b.read.sheets) {
      const v = sheetView(wb, b.read.name, sheet);
      for (const row of sheet.rows) {
        (c.out.perFile[wb] as ExcelFileCounts).rows++;
        onRow?.(++checked, total);
        checkRow(c, v, row);
      }
    }
  });
  return c.out;
}

/**
 * The row checks a batch of rows at a time, as a workbook is read (import excel at a million
 * rows): each batch comes with the records its rows name, so neither the workbook's rows nor the
 * workspace's records are held whole. Only edits and findings are kept.
 */
export class ExcelRowChecker {
  readonly #c: RowCheck;
  readonly #views = new Map<ReadSheet, SheetView>();

  constructor(gstin: string, files: number) {
    this.#c = {
      gstin,
      records: new Map(),
      out: {
        edits: [],
        findings: [],
        perFile: Array.from({ length: files }, () => ({ rows: 0, edited: 0, applied: 0 })),
        unchanged: 0,
      },
    };
  }

  /** The record keys a batch's rows name for this GSTIN: what to load before `check`. */
  recordKeys(rows: readonly ReadRow[]): string[] {
    const keys = new Set<string>();
    for (const row of rows) {
      const text = cellText(row.cells.get('key') ?? null);
      const key = text === null ? null : decodeRowKey(text);
      if (key !== null && key.gstin === this.#c.gstin) keys.add(key.recordKey);
    }
    return [...keys];
  }

  /** Checks rows of workbook `wb` (file name `file`) against the records they name. */
  check(
    wb: number,
    file: string,
    sheet: ReadSheet,
    rows: readonly ReadRow[],
    records: ReadonlyMap<string, WorkspaceRecord>,
  ): void {
    let v = this.#views.get(sheet);
    if (v === undefined) this.#views.set(sheet, (v = sheetView(wb, file, sheet)));
    this.#c.records = records;
    for (const row of rows) {
      (this.#c.out.perFile[wb] as ExcelFileCounts).rows++;
      checkRow(this.#c, v, row);
    }
    this.#c.records = new Map();
  }

  /** What the rows checked so far came to. */
  result(): CheckedRows {
    return this.#c.out;
  }

  /** Rows checked so far. */
  get rows(): number {
    return this.#c.out.perFile.reduce((n, f) => n + f.rows, 0);
  }
}

export function totalRows(books: readonly ExcelWorkbook[]): number {
  return books.reduce((n, b) => n + b.read.sheets.reduce((m, s) => m + s.rows.length, 0), 0);
}

function checkRow(c: RowCheck, v: SheetView, row: ReadRow): void {
  const found = rowRecord(c, v, row);
  if (found === null) return;
  const { key, current } = found;
  // The portal may have re-dated a record since the export: that is a stale row, not a mismatch.
  const stale = recordVersion(current.record) !== key.version;
  const mismatch = identityMismatch(v, row, key.recordKey, current, stale);
  if (mismatch !== null) {
    c.out.findings.push(mismatch);
    return;
  }
  if (current.record.section !== v.sheet.section) {
    c.out.findings.push(
      finding(
        v,
        row,
        'misplaced',
        null,
        key.recordKey,
        'WRONG_SHEET',
        `the row is a ${current.record.section} record on sheet ${v.sheet.name}; move it back to its own sheet`,
      ),
    );
    return;
  }
  if (!stale) c.out.findings.push(...readOnlyFindings(v, row, key.recordKey, current));
  checkDecision(c, v, row, key, current, stale);
}

/** The record the row's hidden key names, or null with the finding that says why there is none. */
function rowRecord(
  c: RowCheck,
  v: SheetView,
  row: ReadRow,
): { key: RowKey; current: WorkspaceRecord } | null {
  const keyText = cellText(row.cells.get('key') ?? null);
  const key = keyText === null ? null : decodeRowKey(keyText);
  let f: ExcelFinding;
  if (key === null) {
    f = finding(
      v,
      row,
      'noKey',
      'key',
      null,
      keyText === null ? 'NO_KEY' : 'BAD_KEY',
      keyText === null
        ? 'the row has no key (a row added or pasted by hand?); only exported rows can be imported'
        : 'the hidden Key cell was changed and no longer names a record',
    );
  } else if (key.gstin !== c.gstin) {
    f = finding(
      v,
      row,
      'otherGstin',
      'key',
      key.recordKey,
      'OTHER_GSTIN',
      `the row belongs to GSTIN ${key.gstin}, not ${c.gstin}; import it into that GSTIN's workspace (--gstin ${key.gstin})`,
    );
  } else {
    const current = c.records.get(key.recordKey);
    if (current) return { key, current };
    f = finding(
      v,
      row,
      'unknownKey',
      'key',
      key.recordKey,
      'UNKNOWN_RECORD',
      `no record ${key.recordKey} in the workspace for ${c.gstin}`,
    );
  }
  c.out.findings.push(f);
  return null;
}

/**
 * A row whose visible identity is not the record its key names (keys swapped, pasted or sorted
 * apart from their rows) would change a record the person never saw. A stale row is held to
 * the number and supplier its key carries (the portal may have re-dated the record).
 */
function identityMismatch(
  v: SheetView,
  row: ReadRow,
  recordKey: string,
  current: WorkspaceRecord,
  stale: boolean,
): ExcelFinding | null {
  const mismatched = (stale ? IDENTITY_COLUMNS.slice(0, 2) : IDENTITY_COLUMNS).filter(
    (id) => !sameCell(portalCell(id, current.record), row.cells.get(id) ?? null),
  );
  if (mismatched.length === 0) return null;
  const kindOf = (id: ColumnId): ColumnSpec['kind'] | undefined => v.specOf.get(id)?.kind;
  const shown = mismatched
    .map(
      (id) =>
        `${v.specOf.get(id)?.header ?? id} ${showCell(row.cells.get(id) ?? null, kindOf(id))}`,
    )
    .join(', ');
  const named = mismatched
    .map((id) => showCell(portalCell(id, current.record), kindOf(id)))
    .join(', ');
  return finding(
    v,
    row,
    'keyMismatch',
    'key',
    recordKey,
    'EXCEL_KEY_MISMATCH',
    `the row shows ${shown}, but its hidden Key names ${recordKey} (${named}); not applied: the Key cell was moved, pasted or sorted apart from its row (export a fresh workbook)`,
  );
}

/** Locked portal cells that differ from the portal's value (or hold a formula): ignored, said. */
function readOnlyFindings(
  v: SheetView,
  row: ReadRow,
  recordKey: string,
  current: WorkspaceRecord,
): ExcelFinding[] {
  const out: ExcelFinding[] = [];
  for (const spec of v.portalColumns) {
    const actual = row.cells.get(spec.id) ?? null;
    const want = portalCell(spec.id, current.record);
    const formula = row.formulas.includes(spec.id);
    if (sameCell(want, actual) && !formula) continue;
    const found = formula
      ? `a formula (${showCell(actual, spec.kind)})`
      : showCell(actual, spec.kind);
    out.push(
      finding(
        v,
        row,
        'readOnlyEdited',
        spec.id,
        recordKey,
        'READ_ONLY_EDITED',
        `${spec.header} is read-only: found ${found}, the portal says ${showCell(want)}; ignored`,
      ),
    );
  }
  return out;
}

/** The row's editable cells: invalid, untouched, already so, stale, or an edit to weigh. */
function checkDecision(
  c: RowCheck,
  v: SheetView,
  row: ReadRow,
  key: RowKey,
  current: WorkspaceRecord,
  stale: boolean,
): void {
  const parsed = parseEditableCells((id) => row.cells.get(id) ?? null, v.hasItc);
  if (!parsed.ok) {
    c.out.findings.push(
      finding(v, row, 'invalidCell', parsed.column, key.recordKey, parsed.code, parsed.message),
    );
    return;
  }
  if (decisionHash(parsed.decision) === key.decisionHash) return; // untouched
  (c.out.perFile[v.wb] as ExcelFileCounts).edited++;
  if (!stale) {
    c.out.edits.push({
      wb: v.wb,
      sheet: v.sheet,
      row,
      current,
      decision: parsed.decision,
      exported: key.decisionHash,
    });
  } else if (decisionEquals(parsed.decision, current.state.decision)) {
    c.out.unchanged++;
  } else {
    c.out.findings.push(
      finding(
        v,
        row,
        'stale',
        'key',
        key.recordKey,
        'RECORD_CHANGED_ON_PORTAL',
        `the record changed on the portal after this workbook was made (a newer IMS download was imported); not applied: export a fresh workbook and decide again`,
      ),
    );
  }
}
