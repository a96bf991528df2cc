// Register rows read one at a time: rows that are not documents skipped with a warning (repeated
// headers, totals, column descriptions, other recipients, cash purchases), each cell of the rest
// read and checked, and good rows grouped by document.
import type {
  DocType,
  IsoDate,
  OutsideIms,
  RegisterBadRowCode,
  RegisterWarningCode,
} from '../core/index.js';
import type { GstinCheck } from '../core/index.js';
import { checkGstin, normaliseGstin } from '../core/index.js';
import type { RegisterBadRow, RegisterRowCounts, RegisterWarning } from './read-register.js';
import { documentsOf, groupOf } from './register-documents.js';
import type { Group, RegisterDocumentList, RowValues } from './register-documents.js';
import type { RowKey } from './register-slots.js';
import { NO_EXTRA, RegisterSlots } from './register-slots.js';
import type { ColumnMapping, RegisterField } from './register-headers.js';
import { AMOUNT_FIELDS, normaliseHeader } from './register-headers.js';
import type { Sheet } from './register-source.js';
import { eachRow } from './register-source.js';
import type { Cell, DayMonthOrder, Parsed } from './register-values.js';
import {
  FORMULA_MESSAGE,
  FORMULA_WITHOUT_VALUE,
  DayMonthEvidence,
  UncomputedFormula,
  cellText,
  parseAmount,
  parseDocType,
  parsePlaceOfSupply,
  parseRegisterDate,
  plainPaise,
} from './register-values.js';
import { Warnings } from './register-warnings.js';

const DOC_FIELDS = new Set<RegisterField>([
  'ref',
  'supplierGstin',
  'supplierName',
  'docNumber',
  'docDate',
  'docType',
  'taxable',
  'igst',
  'cgst',
  'sgst',
  'cess',
  'value',
  'pos',
  'receivedDate',
  'reverseCharge',
  'paymentDate',
]);

const YES = /^(y|yes|true|1|x|rcm|applicable)$/i;
const NO = /^(n|no|false|0|not applicable|na|n\/a|-)?$/i;
const IMPORT_TYPE =
  /\b(imports?|import of (goods|services)|bill of entry|boe|impg|impgsez|imps)\b/i;
const ISD_TYPE = /\b(isd|isda|input service distributor)\b/i;

/** A type text naming a purchase IMS never shows (an import or ISD credit); null otherwise. */
export function outsideImsOfType(text: string): OutsideIms | null {
  if (IMPORT_TYPE.test(text)) return 'import';
  if (ISD_TYPE.test(text)) return 'isd';
  return null;
}
const TOTAL_WORD = /\b(grand )?(sub ?)?totals?\b/i;
const GSTIN_LIKE = /^[0-9]{2}[A-Z0-9]{13}$/;

export interface ReadRows {
  readonly documents: RegisterDocumentList;
  readonly badRows: RegisterBadRow[];
  readonly warnings: RegisterWarning[];
  readonly rows: number;
  readonly skipped: number;
  readonly counts: RegisterRowCounts;
}

/**
 * Every row below the header, accounted for (RegisterRowCounts). The rows are read one at a
 * time and only their values are kept, grouped by document (a CSV's rows are never held as
 * cells: eachRow). How every date reads depends on the file's day-month order, which only all of
 * its dates tell: the rows are read day first (nearly every register), and read again month
 * first when the dates turn out to say so.
 */
export function readRows(
  sheet: Sheet,
  headerIndex: number,
  mapping: ColumnMapping,
  recipientGstin: string | undefined,
): ReadRows {
  let pass = readPass(sheet, headerIndex, mapping, recipientGstin, 'dmy');
  if (pass.order === 'mdy') pass = readPass(sheet, headerIndex, mapping, recipientGstin, 'mdy');
  const { reader, slots, rowBad, dataRows, rows, skipped, blank } = pass;
  const grouped = documentsOf(slots, reader.warnings);
  const badRows = [...rowBad, ...grouped.badRows].sort((a, b) => a.row - b.row);
  const counts: RegisterRowCounts = {
    dataRows,
    ...grouped.counts,
    skipped,
    bad: new Set(badRows.map((b) => b.row)).size,
    blank,
  };
  const accounted =
    counts.documents +
    counts.merged +
    counts.duplicates +
    counts.skipped +
    counts.bad +
    counts.blank;
  // Nothing may vanish: a row in no category is a defect of this reader, not of the file.
  if (accounted !== counts.dataRows)
    throw new Error(`register rows not accounted for: ${JSON.stringify(counts)}`);
  return {
    documents: grouped.documents,
    badRows,
    warnings: reader.warnings.list(),
    rows,
    skipped,
    counts,
  };
}

/** One reading of the rows with a day-month order, and the order the file's dates say. */
function readPass(
  sheet: Sheet,
  headerIndex: number,
  mapping: ColumnMapping,
  recipientGstin: string | undefined,
  order: DayMonthOrder,
): {
  reader: RowReader;
  order: DayMonthOrder;
  slots: RegisterSlots;
  rowBad: RegisterBadRow[];
  dataRows: number;
  rows: number;
  skipped: number;
  blank: number;
} {
  const reader = new RowReader(sheet, headerIndex, mapping, recipientGstin, order);
  const dates = new DayMonthEvidence();
  const rowBad: RegisterBadRow[] = [];
  const slots = new RegisterSlots();
  let dataRows = 0;
  let rows = 0;
  let skipped = 0;
  let blank = 0;
  eachRow(sheet, headerIndex + 1, (row) => {
    const k = dataRows++;
    const rowNo = headerIndex + 2 + k;
    reader.dateEvidence(row, dates);
    if (row.every((c) => cellText(c) === '')) {
      blank++;
      return;
    }
    rows++;
    if (reader.skips(row, k, rowNo)) {
      skipped++;
      return;
    }
    const read = reader.read(row, rowNo);
    for (const p of read.problems) rowBad.push({ row: rowNo, ...p });
    if (read.key !== null) addToGroup(slots, read.key, rowNo, read.values);
  });
  return { reader, order: dates.order(), slots, rowBad, dataRows, rows, skipped, blank };
}

/**
 * A row joins its document's group: as a bad row (values null), as an exact copy of an earlier
 * row, or as a further row to sum. Most documents are one good row: held in its slot's columns,
 * made a Group only when a second row (or a bad one) comes (register-slots.ts, issue 18).
 */
function addToGroup(
  slots: RegisterSlots,
  key: RowKey,
  rowNo: number,
  values: RowValues | null,
): void {
  const found = slots.slotOf(key);
  if (found < 0) {
    const s = -1 - found;
    if (values !== null) slots.setValues(s, values);
    else slots.groups.set(s, { rows: [], badRows: [rowNo], seen: null, copies: null });
    return;
  }
  let g: Group | undefined = slots.groups.get(found);
  if (g === undefined) {
    g = groupOf(slots.values(found));
    slots.groups.set(found, g);
  }
  if (values === null) {
    (g.badRows ??= []).push(rowNo);
    return;
  }
  const first = g.rows[0];
  if (first === undefined) {
    g.rows.push(values);
    return;
  }
  g.seen ??= new Map([[first.signature, first.row]]);
  const original = g.seen.get(values.signature);
  if (original !== undefined) {
    (g.copies ??= []).push({ row: rowNo, of: original });
    return;
  }
  g.seen.set(values.signature, rowNo);
  g.rows.push(values);
}

/**
 * Every cell of a row as text, trailing blanks dropped, joined with U+0001: equal for rows a
 * person sees as equal. Kept as a 53-bit hash of that text (cyrb53: two 32-bit lanes), not the
 * text: a row's cells are not kept (a CSV's are dropped as soon as read), and the text of every
 * row would cost about as much again as its values. Two different rows of one document taken for
 * copies would need their hashes to collide: about 2^-53 a pair.
 */
export function rowSignature(row: readonly Cell[]): number {
  let last = row.length - 1;
  while (last >= 0 && cellText(row[last] ?? null) === '') last--;
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i <= last; i++) {
    if (i > 0) {
      h1 = Math.imul(h1 ^ 1, 2654435761);
      h2 = Math.imul(h2 ^ 1, 1597334677);
    }
    const t = cellText(row[i] ?? null);
    for (let j = 0; j < t.length; j++) {
      const ch = t.charCodeAt(j);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

type Problem = Omit<RegisterBadRow, 'row'>;

/** One row read: its problems; its document's key (null when it has none); its values when good. */
interface RowRead {
  readonly problems: Problem[];
  readonly key: RowKey | null;
  readonly values: RowValues | null;
}

/** The cells of one row and the problems found in them. */
interface RowCells {
  readonly row: readonly Cell[];
  readonly problems: Problem[];
  /** Fields whose cell is a formula without its value: that is their one problem. */
  readonly formulaFields: ReadonlySet<RegisterField>;
}

/** What reading the rows of one sheet needs: the columns, the file's date order, the warnings. */
class RowReader {
  readonly warnings = new Warnings();
  readonly #cols: Partial<Record<RegisterField, number>>;
  readonly #headers: Partial<Record<RegisterField, string>>;
  readonly #order: DayMonthOrder;
  readonly #dateCols: number[];
  readonly #recipient: string | null;
  readonly #gstinHeaderNorm: string;
  readonly #numberHeaderNorm: string;
  readonly #mappedFields: RegisterField[];
  /** Columns read into a document's `extra`: headed, and no document field. */
  readonly #extraCols: { col: number; header: string }[] = [];
  // What a register repeats on row after row (a few thousand suppliers, a few hundred dates),
  // worked out once per distinct text: the check of a supplier GSTIN, its text upper-cased
  // without spaces, the header form of the GSTIN cell, a date cell read in the file's order.
  // Pure functions of the text (and of the order, fixed for the file), so a remembered answer
  // is the answer; they live as long as the reading of this sheet.
  readonly #gstinChecks = new Map<string, GstinCheck>();
  readonly #headerForms = new Map<string, string>();
  readonly #gstinTexts = new Map<string, string>();
  readonly #dates = new Map<string, Parsed<IsoDate>>();
  // Supplier names and place-of-supply codes, one string each however many rows repeat them
  // (each cell of a CSV is a string of its own; a million documents hold their values: issue 18).
  readonly #names = new Map<string, string>();
  readonly #places = new Map<string, string | null>();

  constructor(
    sheet: Sheet,
    headerIndex: number,
    mapping: ColumnMapping,
    recipientGstin: string | undefined,
    order: DayMonthOrder,
  ) {
    const cols = mapping.columns;
    this.#cols = cols;
    this.#headers = mapping.headers;
    (sheet.grid[headerIndex] ?? []).forEach((c, col) => {
      const header = cellText(c);
      const field = (Object.entries(cols) as [RegisterField, number][]).find(
        ([, i]) => i === col,
      )?.[0];
      if (header !== '' && (field === undefined || !DOC_FIELDS.has(field)))
        this.#extraCols.push({ col, header });
    });
    // One export writes all its dates one way: the evidence of every date column decides.
    this.#dateCols = (['docDate', 'voucherDate', 'receivedDate', 'paymentDate'] as const)
      .map((f) => cols[f])
      .filter((c): c is number => c !== undefined);
    this.#order = order;
    if (this.#order === 'mdy')
      this.warnings.add(
        'DATE_ORDER_MDY',
        `the file writes dates month first (MM/DD/YYYY); read that way`,
        headerIndex + 1,
      );
    this.#recipient = recipientGstin === undefined ? null : normaliseGstin(recipientGstin);
    this.#gstinHeaderNorm = normaliseHeader(this.#headers.supplierGstin ?? '');
    this.#numberHeaderNorm = normaliseHeader(this.#headers.docNumber ?? '');
    this.#mappedFields = (Object.keys(cols) as RegisterField[]).sort(
      (a, b) => (cols[a] ?? 0) - (cols[b] ?? 0),
    );
  }

  /** The row's date cells as evidence of the file's day-month order (every row below the header). */
  dateEvidence(row: readonly Cell[], evidence: DayMonthEvidence): void {
    for (const c of this.#dateCols) evidence.add(row[c] ?? null);
  }

  at(row: readonly Cell[], f: RegisterField): Cell {
    const i = this.#cols[f];
    return i === undefined ? null : (row[i] ?? null);
  }

  columnOf(f: RegisterField): string | null {
    return this.#headers[f] ?? null;
  }

  /** A row that is no document, skipped with a warning saying why; `k` counts from the header. */
  skips(row: readonly Cell[], k: number, rowNo: number): boolean {
    const reason = this.#skipReason(row, k);
    if (reason !== null) this.warnings.add(reason[0], reason[1], rowNo);
    return reason !== null;
  }

  #skipReason(
    row: readonly Cell[],
    k: number,
  ): readonly [code: RegisterWarningCode, message: string] | null {
    const gstinRaw = cellText(this.at(row, 'supplierGstin'));
    const gstin = this.#gstinText(gstinRaw);
    const docNumber = cellText(this.at(row, 'docNumber'));
    if (
      this.#headerForm(gstinRaw) === this.#gstinHeaderNorm &&
      normaliseHeader(docNumber) === this.#numberHeaderNorm
    )
      return [
        'REPEATED_HEADER',
        'the header repeats inside the data (a page break in the export); skipped',
      ];
    if (
      gstin === '' &&
      docNumber === '' &&
      row.some((c) => typeof c === 'string' && TOTAL_WORD.test(c))
    )
      return ['TOTAL_ROW', 'total rows skipped'];
    if (k < 3 && !GSTIN_LIKE.test(gstin) && this.#isDescriptionRow(row))
      return ['DESCRIPTION_ROW', 'a row describing the columns under the header skipped'];
    if (this.#recipient !== null && this.#cols.recipientGstin !== undefined) {
      const r = normaliseGstin(cellText(this.at(row, 'recipientGstin')));
      if (r !== '' && r !== this.#recipient)
        return ['OTHER_RECIPIENT', `rows booked for another GSTIN than ${this.#recipient} skipped`];
    }
    if (gstin === '' && (docNumber === '' || this.#outsideByType(row) === 'isd'))
      return [
        'NO_SUPPLIER_GSTIN',
        'rows without a supplier GSTIN or document number (cash purchases, never in IMS) skipped',
      ];
    return null;
  }

  /** The supplier GSTIN cell's text upper-cased without spaces (read twice a row: remembered). */
  #gstinText(raw: string): string {
    let v = this.#gstinTexts.get(raw);
    if (v === undefined) {
      v = supplierGstinText(raw);
      this.#gstinTexts.set(raw, v);
    }
    return v;
  }

  #headerForm(text: string): string {
    let v = this.#headerForms.get(text);
    if (v === undefined) {
      v = normaliseHeader(text);
      this.#headerForms.set(text, v);
    }
    return v;
  }

  #name(text: string): string | null {
    if (text === '') return null;
    let v = this.#names.get(text);
    if (v === undefined) {
      v = text;
      this.#names.set(text, v);
    }
    return v;
  }

  #placeCode(text: string): string | null {
    let v = this.#places.get(text);
    if (v === undefined) {
      v = parsePlaceOfSupply(text);
      this.#places.set(text, v);
    }
    return v;
  }

  #checkGstin(gstin: string): GstinCheck {
    let v = this.#gstinChecks.get(gstin);
    if (v === undefined) {
      v = checkGstin(gstin);
      this.#gstinChecks.set(gstin, v);
    }
    return v;
  }

  /** A date cell read in the file's order (text cells remembered, see #dates). */
  #date(cell: Cell): Parsed<IsoDate> {
    if (typeof cell !== 'string') return parseRegisterDate(cell, this.#order);
    let v = this.#dates.get(cell);
    if (v === undefined) {
      v = parseRegisterDate(cell, this.#order);
      this.#dates.set(cell, v);
    }
    return v;
  }

  /** A row under the header that describes the columns: no field reads as data. */
  #isDescriptionRow(row: readonly Cell[]): boolean {
    const date = this.at(row, 'docDate');
    if (cellText(date) !== '' && parseRegisterDate(date).ok) return false;
    for (const f of AMOUNT_FIELDS) {
      const c = this.at(row, f);
      if (cellText(c) !== '' && parseAmount(c).ok) return false;
    }
    return true;
  }

  #outsideByType(row: readonly Cell[]): OutsideIms | null {
    return (
      outsideImsOfType(cellText(this.at(row, 'docType'))) ??
      outsideImsOfType(cellText(this.at(row, 'docMode')))
    );
  }

  /** A row that is a document's: each cell read and checked. */
  read(row: readonly Cell[], rowNo: number): RowRead {
    const cells = this.#cells(row);
    const gstin = this.#gstinText(cellText(this.at(row, 'supplierGstin')));
    const docNumber = cellText(this.at(row, 'docNumber'));
    const check = gstin === '' ? { ok: true as const, gstin: '' } : this.#checkGstin(gstin);
    if (!check.ok && check.code !== 'GSTIN_CHECKSUM')
      this.#problem(
        cells,
        'supplierGstin',
        this.at(row, 'supplierGstin'),
        check.code,
        check.message,
      );
    else if (!check.ok)
      this.warnings.add(
        `GSTIN_CHECKSUM`,
        'supplier GSTINs failing their check character (imported; check them against the portal)',
        rowNo,
      );
    const outsideIms = this.#outsideIms(cells, gstin, rowNo);
    if (docNumber === '')
      this.#problem(cells, 'docNumber', null, 'NO_DOC_NUMBER', 'no document number');
    const date = this.#docDate(cells, rowNo);
    const declared = this.#declaredType(cells);
    const amounts = this.#amounts(cells);
    const receivedDate = this.#optionalDate(cells, 'receivedDate');
    const paymentDate = this.#optionalDate(cells, 'paymentDate');
    const pos = this.#placeOfSupply(row, rowNo);

    const refText = cellText(this.at(row, 'ref'));
    const keyable =
      check.ok || check.code === 'GSTIN_CHECKSUM' ? date !== null && docNumber !== '' : false;
    const key: RowKey | null =
      keyable && date !== null
        ? { ref: refText, gstin: check.gstin, docNumber, declared, date }
        : null;
    if (key === null || cells.problems.length > 0 || date === null)
      return { problems: cells.problems, key, values: null };
    return {
      problems: cells.problems,
      key,
      values: {
        row: rowNo,
        ref: refText,
        gstin: check.gstin,
        name: this.#name(cellText(this.at(row, 'supplierName'))),
        docNumber,
        docDate: date,
        declared: declared === 'unknown' ? null : declared,
        ...amounts,
        pos,
        receivedDate,
        paymentDate,
        outsideIms,
        extra: this.#extra(row),
        signature: rowSignature(row),
      },
    };
  }

  /** A formula without its value is the problem of its cell; what it leaves unread is not another. */
  #cells(row: readonly Cell[]): RowCells {
    const problems: Problem[] = [];
    // Only a workbook has such cells: a CSV row (and most rows of a workbook) share one empty set.
    let formulaFields: ReadonlySet<RegisterField> = NO_FIELDS;
    for (const f of this.#mappedFields) {
      if (!(this.at(row, f) instanceof UncomputedFormula)) continue;
      if (formulaFields === NO_FIELDS) formulaFields = new Set<RegisterField>();
      (formulaFields as Set<RegisterField>).add(f);
    }
    for (const f of formulaFields)
      problems.push({
        code: FORMULA_WITHOUT_VALUE,
        column: this.columnOf(f),
        value: cellText(this.at(row, f)),
        message: FORMULA_MESSAGE,
      });
    return { row, problems, formulaFields };
  }

  #problem(
    cells: RowCells,
    f: RegisterField | null,
    value: Cell,
    code: RegisterBadRowCode,
    message: string,
  ): void {
    if (f !== null && cells.formulaFields.has(f)) return;
    cells.problems.push({
      code,
      column: f === null ? null : this.columnOf(f),
      value: cellText(value),
      message,
    });
  }

  /** Why IMS never shows the purchase: reverse charge, import, ISD, unregistered; or null. */
  #outsideIms(cells: RowCells, gstin: string, rowNo: number): OutsideIms | null {
    const rcText = cellText(this.at(cells.row, 'reverseCharge'));
    if (!YES.test(rcText) && !NO.test(rcText))
      this.#problem(
        cells,
        'reverseCharge',
        this.at(cells.row, 'reverseCharge'),
        'BAD_REVERSE_CHARGE',
        'expected Y / Yes / True / 1 / X or N / No / False / 0 (or blank)',
      );
    const outsideIms: OutsideIms | null =
      this.#outsideByType(cells.row) ??
      (YES.test(rcText) ? 'reverseCharge' : gstin === '' ? 'unregistered' : null);
    if (gstin === '' && outsideIms === 'unregistered')
      this.warnings.add(
        'UNREGISTERED_SUPPLIER',
        'rows without a supplier GSTIN read as purchases from unregistered suppliers (outcome not_in_ims, never chased)',
        rowNo,
      );
    return outsideIms;
  }

  /** The document date, or the voucher date when the document date is blank; null when bad. */
  #docDate(cells: RowCells, rowNo: number): IsoDate | null {
    let dateCell = this.at(cells.row, 'docDate');
    let dateField: 'docDate' | 'voucherDate' = 'docDate';
    if (
      cellText(dateCell) === '' &&
      this.#cols.voucherDate !== undefined &&
      cellText(this.at(cells.row, 'voucherDate')) !== ''
    ) {
      dateCell = this.at(cells.row, 'voucherDate');
      dateField = 'voucherDate';
      this.warnings.add(
        'DATE_FROM_VOUCHER',
        `no document date: the voucher date "${this.columnOf('voucherDate') ?? ''}" used instead`,
        rowNo,
      );
    }
    const date = this.#date(dateCell);
    if (date.ok) return date.value;
    this.#problem(
      cells,
      this.#cols.docDate === undefined ? 'voucherDate' : dateField,
      dateCell,
      date.code,
      date.message,
    );
    return null;
  }

  /**
   * The type the row declares: null when it says none (or a note, not which); 'unknown' (a
   * problem) when it is no type. The document's key holds it as read.
   */
  #declaredType(cells: RowCells): DocType | 'unknown' | null {
    const typeText = cellText(this.at(cells.row, 'docType'));
    const modeText = cellText(this.at(cells.row, 'docMode'));
    const declared =
      this.#outsideByType(cells.row) !== null ? 'invoice' : parseDocType(typeText, modeText);
    if (declared === 'unknown') {
      this.#problem(
        cells,
        'docType',
        this.at(cells.row, 'docType'),
        'BAD_DOC_TYPE',
        'expected a document type: invoice (Purchase, B2B, Regular), credit note or debit note',
      );
      return declared;
    }
    if (declared === null && (typeText !== '' || modeText !== '')) {
      this.#problem(
        cells,
        typeText !== '' ? 'docType' : 'docMode',
        typeText !== '' ? this.at(cells.row, 'docType') : this.at(cells.row, 'docMode'),
        'NOTE_TYPE_UNKNOWN',
        'names a note without saying credit or debit',
      );
    }
    return declared;
  }

  /** The row's amounts in signed paise (a bad cell reads 0, and is a problem). */
  #amounts(
    cells: RowCells,
  ): Pick<RowValues, 'taxable' | 'igst' | 'cgst' | 'sgst' | 'cess' | 'value'> {
    const amount = (f: RegisterField): number => {
      const cell = this.at(cells.row, f);
      // A blank or plain amount ("1234.56") is what parseAmount would read, without its result object.
      if (cell === null) return 0;
      if (typeof cell === 'string') {
        const plain = plainPaise(cell);
        if (plain !== null) return plain;
      }
      const p = parseAmount(cell);
      if (!p.ok) {
        this.#problem(cells, f, cell, p.code, p.message);
        return 0;
      }
      return p.value;
    };
    const taxable = amount('taxable');
    const igst = amount('igst');
    const cgst = amount('cgst');
    const sgst = amount('sgst') + amount('utgst');
    const cess = amount('cess');
    const valueCell = this.at(cells.row, 'value');
    const value =
      this.#cols.value === undefined || cellText(valueCell) === '' ? null : amount('value');
    const signs = [taxable, igst, cgst, sgst, cess, value ?? 0];
    if (signs.some((x) => x < 0) && signs.some((x) => x > 0))
      this.#problem(
        cells,
        null,
        null,
        'MIXED_SIGNS',
        'the amounts mix positive and negative values',
      );
    return { taxable, igst, cgst, sgst, cess, value };
  }

  #optionalDate(cells: RowCells, f: 'receivedDate' | 'paymentDate'): IsoDate | null {
    const cell = this.at(cells.row, f);
    if (cellText(cell) === '') return null;
    const r = this.#date(cell);
    if (r.ok) return r.value;
    this.#problem(cells, f, cell, r.code, r.message);
    return null;
  }

  #placeOfSupply(row: readonly Cell[], rowNo: number): string | null {
    const posText = cellText(this.at(row, 'pos'));
    const pos = posText === '' ? null : this.#placeCode(posText);
    if (posText !== '' && pos === null)
      this.warnings.add(
        'POS_UNKNOWN',
        `place of supply not recognised as a state (column "${this.columnOf('pos') ?? ''}"); left empty`,
        rowNo,
      );
    return pos;
  }

  /** The row's other headed cells; most rows have none and share one frozen empty object. */
  #extra(row: readonly Cell[]): Readonly<Record<string, string>> {
    let extra: Record<string, string> | null = null;
    for (const { col, header } of this.#extraCols) {
      const t = cellText(row[col] ?? null);
      if (t !== '') (extra ??= {})[header] = t;
    }
    return extra ?? NO_EXTRA;
  }
}

const NO_FIELDS: ReadonlySet<RegisterField> = new Set<RegisterField>();

function supplierGstinText(raw: string): string {
  return raw.toUpperCase().replace(/\s+/g, '');
}
