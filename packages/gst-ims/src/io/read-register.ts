// The purchase-register reader: a CSV or .xlsx export of the books in, register documents out.
//
// Decisions worth knowing (docs/decisions/0005-purchase-register-import.md has the reasons):
// - Rows of one document (same voucher, supplier GSTIN, document number, declared type and date;
//   one row per tax rate) are summed into one document. A document value repeated on every rate
//   row (as GSTR-2B sheets do) is taken once.
// - Amounts are stored positive. A document whose amounts are all negative (or zero) is a credit
//   note whatever its type column says, with a warning when the column said invoice or debit
//   note: registers commonly book a supplier's credit note as a negative purchase.
// - A document mixing positive and negative amounts is a bad row; so is every other row of a
//   document with a bad row (a partial document would only produce a false mismatch).
// - Purchases that never enter IMS are read as documents marked `outsideIms` (issue 13): a
//   reverse-charge column saying Y / Yes / True / 1 (reverseCharge), a type naming an import or
//   bill of entry (import, GSTIN optional) or ISD credit (isd), and rows without a supplier GSTIN
//   that have a document number (unregistered). A row with neither GSTIN nor number (a cash
//   purchase) is skipped with a warning. A GSTIN failing only its check character is a warning;
//   a malformed one is bad.
// - A row identical to an earlier one in every cell is an export glitch, not a second rate line:
//   counted once, with a warning listing the copies (summing it would double the document).
// - Every row below the header is accounted for (RegisterRowCounts): a document, a further rate
//   row summed into one, an exact copy left out, skipped (with a warning), bad, or blank.
import { basename } from 'node:path';
import type {
  Amounts,
  DocType,
  IsoDate,
  OutsideIms,
  Paise,
  RegisterDocument,
} from '../core/index.js';
import { BadInputError, UsageError, checkGstin, normaliseGstin } from '../core/index.js';
import type { ColumnMapping, MappingInput, PresetName, RegisterField } from './register-headers.js';
import {
  AMOUNT_FIELDS,
  PRESETS,
  REGISTER_FIELDS,
  findHeaderRow,
  firstTextRows,
  isPreset,
  mapHeaderRow,
  missingFields,
  normaliseHeader,
  parseFieldName,
  presetFit,
} from './register-headers.js';
import type { Sheet, SourceFile } from './register-source.js';
import { readSource } from './register-source.js';
import type { Cell, DayMonthOrder } from './register-values.js';
import {
  FORMULA_MESSAGE,
  FORMULA_WITHOUT_VALUE,
  UncomputedFormula,
  cellText,
  detectDayMonthOrder,
  parseAmount,
  parseDocType,
  parsePlaceOfSupply,
  parseRegisterDate,
} from './register-values.js';

export type { RegisterField, PresetName } from './register-headers.js';
export { PRESETS, REGISTER_FIELDS, FIELD_LABELS, parseMapOptions } from './register-headers.js';

/** The user's choices an import remembers for the next file of the same GSTIN. */
export interface SavedRegisterMapping {
  readonly preset?: string | undefined;
  /** header -> field (or "ignore"), as given with --map. */
  readonly map?: Readonly<Record<string, string>> | undefined;
}

export interface ReadRegisterOptions {
  readonly preset?: string | undefined;
  /** header -> field name (or "ignore"); wins over the preset and the saved mapping. */
  readonly map?: Readonly<Record<string, string>> | undefined;
  readonly strict?: boolean | undefined;
  readonly savedMapping?: SavedRegisterMapping | null | undefined;
  /** When the file has a recipient-GSTIN column, rows of other GSTINs are skipped. */
  readonly recipientGstin?: string | undefined;
  readonly maxBytes?: number | undefined;
}

export interface RegisterBadRow {
  /** Spreadsheet row number (1-based). */
  readonly row: number;
  /** Stable reason code (UPPER_SNAKE), e.g. AMOUNT_DECIMALS, FORMULA_WITHOUT_VALUE, GSTIN_LENGTH. */
  readonly code: string;
  /** The header of the column at fault; null when the row as a whole is at fault. */
  readonly column: string | null;
  readonly value: string;
  readonly message: string;
}

export interface RegisterWarning {
  readonly code: string;
  readonly message: string;
  readonly rows: number[];
}

/**
 * Where every row below the header went: dataRows = documents + merged + duplicates + skipped +
 * bad + blank.
 */
export interface RegisterRowCounts {
  /** Rows below the header row, to the last row of the sheet. */
  readonly dataRows: number;
  /** Documents read: the first row of each. */
  readonly documents: number;
  /** Further rows of a document (one row per tax rate), summed into it. */
  readonly merged: number;
  /** Rows identical in every cell to an earlier row of the same document, left out (warning DUPLICATE_ROW). */
  readonly duplicates: number;
  /** Rows that are not documents, each named in a warning: repeated headers, totals, no supplier GSTIN, ... */
  readonly skipped: number;
  /** Rows listed in badRows. */
  readonly bad: number;
  readonly blank: number;
}

export interface ReadRegisterResult {
  readonly file: string;
  readonly documents: RegisterDocument[];
  readonly badRows: RegisterBadRow[];
  /** Field -> the header it was read from. */
  readonly mapping: Partial<Record<RegisterField, string>>;
  /** 1-based row number of the header row. */
  readonly headerRow: number;
  readonly preset: PresetName;
  readonly sheet: string | null;
  readonly encoding: string | null;
  readonly delimiter: string | null;
  /** Data rows read below the header (blank rows not counted). */
  readonly rows: number;
  readonly skippedRows: number;
  readonly counts: RegisterRowCounts;
  readonly warnings: RegisterWarning[];
  /** What to remember for the next import: the preset and the overrides in force. */
  readonly saved: SavedRegisterMapping;
}

const STRICT_SHOWN = 20;

export async function readRegister(
  file: string,
  opts: ReadRegisterOptions = {},
): Promise<ReadRegisterResult> {
  const source = await readSource(file, opts.maxBytes);
  return readRegisterSource(source, basename(file), opts);
}

/** The same on an already-read source (tests, and callers holding the grid). */
export function readRegisterSource(
  source: SourceFile,
  name: string,
  opts: ReadRegisterOptions = {},
): ReadRegisterResult {
  if (opts.preset !== undefined && !isPreset(opts.preset))
    throw new UsageError(
      `--preset: unknown preset "${opts.preset}"; expected one of ${PRESETS.join(', ')}`,
    );
  const overrides = toFieldMap(opts.map ?? {});
  const saved = toFieldMap(opts.savedMapping?.map ?? {}, true);
  const savedPreset = opts.savedMapping?.preset;
  const givenPreset: PresetName | undefined =
    opts.preset ?? (savedPreset !== undefined && isPreset(savedPreset) ? savedPreset : undefined);

  const picked = pickSheet(source.sheets, givenPreset, overrides, saved);
  if (picked === null) {
    const sample = source.sheets.flatMap((s) =>
      firstTextRows(s.grid).map((t) => `  ${source.kind === 'xlsx' ? `${s.name}: ` : ''}${t}`),
    );
    throw new BadInputError(
      `${name}: found no header row naming the supplier GSTIN, document number, date and amounts in the first 40 rows` +
        (sample.length
          ? `; the file starts:\n${sample.slice(0, 8).join('\n')}`
          : '; the file holds no text') +
        `\nName the columns with --map "Header=field" (fields: ${REGISTER_FIELDS.join(', ')}).`,
      { file: name, expected: 'a purchase register with a header row' },
    );
  }
  const { sheet, index, mapping, preset } = picked;
  const missing = missingFields(mapping);
  if (missing.length) {
    const headers = (sheet.grid[index] ?? []).map(cellText).filter(Boolean);
    const read = new Set(Object.values(mapping.headers));
    const mapped = Object.entries(mapping.headers).map(([f, h]) => `  ${f} <- "${h}"`);
    throw new BadInputError(
      `${name}: the header row (row ${index + 1}) has no column for: ${missing.join('; ')}; nothing imported.` +
        `\nColumns read:\n${mapped.length ? mapped.join('\n') : '  none'}` +
        `\nOther headers: ${headers.filter((h) => !read.has(h)).join(', ') || 'none'}.` +
        `\nName the missing columns with --map "Header=field".`,
      {
        file: name,
        expected: 'columns for supplier GSTIN, document number, date, taxable value and tax',
      },
    );
  }
  for (const header of overrides.keys()) {
    const found = (sheet.grid[index] ?? []).some(
      (c) => normaliseHeader(cellText(c)) === normaliseHeader(header),
    );
    if (!found)
      throw new UsageError(`--map: the header row (row ${index + 1}) has no column "${header}"`);
  }

  const out = readRows(sheet, index, mapping, opts.recipientGstin);
  if (opts.strict === true && out.badRows.length > 0) {
    const rows = new Set(out.badRows.map((b) => b.row)).size;
    throw new BadInputError(
      `${name}: ${rows} bad row(s); nothing imported (--strict). First ones:\n` +
        out.badRows
          .slice(0, STRICT_SHOWN)
          .map(formatBadRow)
          .map((t) => `  ${t}`)
          .join('\n'),
      { file: name },
    );
  }
  const savedOut: SavedRegisterMapping = {
    preset,
    map: { ...(opts.savedMapping?.map ?? {}), ...(opts.map ?? {}) },
  };
  return {
    file: name,
    documents: out.documents,
    badRows: out.badRows,
    mapping: mapping.headers,
    headerRow: index + 1,
    preset,
    sheet: source.kind === 'xlsx' ? sheet.name : null,
    encoding: source.encoding,
    delimiter: source.delimiter,
    rows: out.rows,
    skippedRows: out.skipped,
    counts: out.counts,
    warnings: out.warnings,
    saved: savedOut,
  };
}

export function formatBadRow(b: RegisterBadRow): string {
  return `row ${b.row}${b.column === null ? '' : `, column "${b.column}"`}${b.value === '' ? '' : `, value "${b.value}"`}: ${b.message} [${b.code}]`;
}

function toFieldMap(
  map: Readonly<Record<string, string>>,
  lenient = false,
): Map<string, RegisterField | null> {
  const out = new Map<string, RegisterField | null>();
  for (const [header, field] of Object.entries(map)) {
    try {
      out.set(header, parseFieldName(field));
    } catch (e) {
      if (!lenient) throw e;
    }
  }
  return out;
}

interface Picked {
  readonly sheet: Sheet;
  readonly index: number;
  readonly mapping: ColumnMapping;
  readonly preset: PresetName;
}

/** The sheet and header row that read best; the preset given, or the one whose words fit best. */
function pickSheet(
  sheets: readonly Sheet[],
  preset: PresetName | undefined,
  overrides: MappingInput['overrides'],
  saved: MappingInput['saved'],
): Picked | null {
  let best: Picked | null = null;
  for (const sheet of sheets) {
    const generic = findHeaderRow(sheet.grid, { preset: preset ?? 'generic', overrides, saved });
    if (!generic) continue;
    let choice: Picked = {
      sheet,
      index: generic.index,
      mapping: generic.mapping,
      preset: preset ?? 'generic',
    };
    if (preset === undefined) {
      const row = sheet.grid[generic.index] ?? [];
      const fits = PRESETS.filter((p) => p !== 'generic').map((p) => ({ p, n: presetFit(row, p) }));
      fits.sort((a, b) => b.n - a.n);
      const top = fits[0];
      const second = fits[1];
      if (top && top.n >= 3 && (!second || top.n > second.n)) {
        const m = mapHeaderRow(
          row,
          { preset: top.p, overrides, saved },
          generic.index > 0 ? (sheet.grid[generic.index - 1] ?? []) : [],
        );
        const own = mapHeaderRow(row, { preset: top.p, overrides, saved });
        choice = {
          sheet,
          index: generic.index,
          mapping: m.score > own.score ? m : own,
          preset: top.p,
        };
      }
    }
    if (best === null || choice.mapping.score > best.mapping.score) best = choice;
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// Rows to documents

interface RowValues {
  readonly row: number;
  readonly ref: string;
  readonly gstin: string;
  readonly name: string | null;
  readonly docNumber: string;
  readonly docDate: IsoDate;
  readonly declared: DocType | null;
  readonly taxable: number;
  readonly igst: number;
  readonly cgst: number;
  readonly sgst: number;
  readonly cess: number;
  /** null: no value column, or blank in this row. */
  readonly value: number | null;
  readonly pos: string | null;
  readonly receivedDate: IsoDate | null;
  readonly paymentDate: IsoDate | null;
  readonly outsideIms: OutsideIms | null;
  readonly extra: Record<string, string>;
}

interface Group {
  readonly rows: RowValues[];
  readonly badRows: number[];
  /** Every cell of each good row, joined: a later identical row is a copy. */
  readonly seen: Map<string, number>;
  readonly copies: { row: number; of: number }[];
}

class Warnings {
  readonly #by = new Map<string, { message: string; rows: number[] }>();
  add(code: string, message: string, row: number): void {
    const w = this.#by.get(code);
    if (w) w.rows.push(row);
    else this.#by.set(code, { message, rows: [row] });
  }
  list(): RegisterWarning[] {
    return [...this.#by].map(([code, w]) => ({
      code,
      message: `${w.message} (${w.rows.length} row(s): ${rowList(w.rows)})`,
      rows: w.rows,
    }));
  }
}

const rowList = (rows: readonly number[]): string =>
  rows.length > 10 ? `${rows.slice(0, 10).join(', ')}, ...` : rows.join(', ');

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

interface ReadRows {
  readonly documents: RegisterDocument[];
  readonly badRows: RegisterBadRow[];
  readonly warnings: RegisterWarning[];
  readonly rows: number;
  readonly skipped: number;
  readonly counts: RegisterRowCounts;
}

function readRows(
  sheet: Sheet,
  headerIndex: number,
  mapping: ColumnMapping,
  recipientGstin: string | undefined,
): ReadRows {
  const cols = mapping.columns;
  const headers = mapping.headers;
  const grid = sheet.grid;
  const headerCells = grid[headerIndex] ?? [];
  const extraCols: { col: number; header: string }[] = [];
  headerCells.forEach((c, col) => {
    const header = cellText(c);
    const field = (Object.entries(cols) as [RegisterField, number][]).find(
      ([, i]) => i === col,
    )?.[0];
    if (header !== '' && (field === undefined || !DOC_FIELDS.has(field)))
      extraCols.push({ col, header });
  });
  const at = (row: readonly Cell[], f: RegisterField): Cell => {
    const i = cols[f];
    return i === undefined ? null : (row[i] ?? null);
  };
  const columnOf = (f: RegisterField): string | null => headers[f] ?? null;
  const dataRows = grid.slice(headerIndex + 1);
  // One export writes all its dates one way: the evidence of every date column decides.
  const dateFields = (['docDate', 'voucherDate', 'receivedDate', 'paymentDate'] as const).filter(
    (f) => cols[f] !== undefined,
  );
  const fileOrder: DayMonthOrder = detectDayMonthOrder(
    dataRows.flatMap((r) => dateFields.map((f) => at(r, f))),
  );
  const order = {
    docDate: fileOrder,
    voucherDate: fileOrder,
    receivedDate: fileOrder,
    paymentDate: fileOrder,
  };

  const warnings = new Warnings();
  if (fileOrder === 'mdy')
    warnings.add(
      'DATE_ORDER_MDY',
      `the file writes dates month first (MM/DD/YYYY); read that way`,
      headerIndex + 1,
    );
  const badRows: RegisterBadRow[] = [];
  const groups = new Map<string, Group>();
  const recipient = recipientGstin === undefined ? null : normaliseGstin(recipientGstin);
  const gstinHeaderNorm = normaliseHeader(headers.supplierGstin ?? '');
  const numberHeaderNorm = normaliseHeader(headers.docNumber ?? '');
  let rows = 0;
  let skipped = 0;
  let blank = 0;
  const mappedFields = (Object.keys(cols) as RegisterField[]).sort(
    (a, b) => (cols[a] ?? 0) - (cols[b] ?? 0),
  );

  for (let k = 0; k < dataRows.length; k++) {
    const row = dataRows[k] ?? [];
    const rowNo = headerIndex + 2 + k;
    if (row.every((c) => cellText(c) === '')) {
      blank++;
      continue;
    }
    rows++;
    const gstinRaw = cellText(at(row, 'supplierGstin'));
    const gstin = gstinRaw.toUpperCase().replace(/\s+/g, '');
    const docNumber = cellText(at(row, 'docNumber'));
    if (
      normaliseHeader(gstinRaw) === gstinHeaderNorm &&
      normaliseHeader(docNumber) === numberHeaderNorm
    ) {
      skipped++;
      warnings.add(
        'REPEATED_HEADER',
        'the header repeats inside the data (a page break in the export); skipped',
        rowNo,
      );
      continue;
    }
    if (
      gstin === '' &&
      docNumber === '' &&
      row.some((c) => typeof c === 'string' && TOTAL_WORD.test(c))
    ) {
      skipped++;
      warnings.add('TOTAL_ROW', 'total rows skipped', rowNo);
      continue;
    }
    if (k < 3 && !GSTIN_LIKE.test(gstin) && isDescriptionRow(row, cols)) {
      skipped++;
      warnings.add(
        'DESCRIPTION_ROW',
        'a row describing the columns under the header skipped',
        rowNo,
      );
      continue;
    }
    if (recipient !== null && cols.recipientGstin !== undefined) {
      const r = normaliseGstin(cellText(at(row, 'recipientGstin')));
      if (r !== '' && r !== recipient) {
        skipped++;
        warnings.add(
          'OTHER_RECIPIENT',
          `rows booked for another GSTIN than ${recipient} skipped`,
          rowNo,
        );
        continue;
      }
    }
    const typeText = cellText(at(row, 'docType'));
    const modeText = cellText(at(row, 'docMode'));
    const outsideByType = outsideImsOfType(typeText) ?? outsideImsOfType(modeText);
    if (gstin === '' && (docNumber === '' || outsideByType === 'isd')) {
      skipped++;
      warnings.add(
        'NO_SUPPLIER_GSTIN',
        'rows without a supplier GSTIN or document number (cash purchases, never in IMS) skipped',
        rowNo,
      );
      continue;
    }

    const problems: Omit<RegisterBadRow, 'row'>[] = [];
    // A formula without its value is the problem of its cell; what it leaves unread is not another.
    const formulaFields = new Set(
      mappedFields.filter((f) => at(row, f) instanceof UncomputedFormula),
    );
    for (const f of formulaFields)
      problems.push({
        code: FORMULA_WITHOUT_VALUE,
        column: columnOf(f),
        value: cellText(at(row, f)),
        message: FORMULA_MESSAGE,
      });
    const problem = (f: RegisterField | null, value: Cell, code: string, message: string): void => {
      if (f !== null && formulaFields.has(f)) return;
      problems.push({
        code,
        column: f === null ? null : columnOf(f),
        value: cellText(value),
        message,
      });
    };
    const check = gstin === '' ? { ok: true as const, gstin: '' } : checkGstin(gstin);
    if (!check.ok && check.code !== 'GSTIN_CHECKSUM')
      problem('supplierGstin', at(row, 'supplierGstin'), check.code, check.message);
    else if (!check.ok)
      warnings.add(
        `GSTIN_CHECKSUM`,
        'supplier GSTINs failing their check character (imported; check them against the portal)',
        rowNo,
      );
    const rcText = cellText(at(row, 'reverseCharge'));
    if (!YES.test(rcText) && !NO.test(rcText))
      problem(
        'reverseCharge',
        at(row, 'reverseCharge'),
        'BAD_REVERSE_CHARGE',
        'expected Y / Yes / True / 1 / X or N / No / False / 0 (or blank)',
      );
    const outsideIms: OutsideIms | null =
      outsideByType ?? (YES.test(rcText) ? 'reverseCharge' : gstin === '' ? 'unregistered' : null);
    if (gstin === '' && outsideIms === 'unregistered')
      warnings.add(
        'UNREGISTERED_SUPPLIER',
        'rows without a supplier GSTIN read as purchases from unregistered suppliers (outcome not_in_ims, never chased)',
        rowNo,
      );
    if (docNumber === '') problem('docNumber', null, 'NO_DOC_NUMBER', 'no document number');

    let dateCell = at(row, 'docDate');
    let dateField: 'docDate' | 'voucherDate' = 'docDate';
    if (
      cellText(dateCell) === '' &&
      cols.voucherDate !== undefined &&
      cellText(at(row, 'voucherDate')) !== ''
    ) {
      dateCell = at(row, 'voucherDate');
      dateField = 'voucherDate';
      warnings.add(
        'DATE_FROM_VOUCHER',
        `no document date: the voucher date "${columnOf('voucherDate') ?? ''}" used instead`,
        rowNo,
      );
    }
    const date = parseRegisterDate(dateCell, order[dateField]);
    if (!date.ok)
      problem(
        cols.docDate === undefined ? 'voucherDate' : dateField,
        dateCell,
        date.code,
        date.message,
      );

    const declared = outsideByType !== null ? 'invoice' : parseDocType(typeText, modeText);
    if (declared === 'unknown')
      problem(
        'docType',
        at(row, 'docType'),
        'BAD_DOC_TYPE',
        'expected a document type: invoice (Purchase, B2B, Regular), credit note or debit note',
      );
    else if (declared === null && (typeText !== '' || modeText !== '')) {
      problem(
        typeText !== '' ? 'docType' : 'docMode',
        typeText !== '' ? at(row, 'docType') : at(row, 'docMode'),
        'NOTE_TYPE_UNKNOWN',
        'names a note without saying credit or debit',
      );
    }

    const amount = (f: RegisterField): number => {
      const cell = at(row, f);
      const p = parseAmount(cell);
      if (!p.ok) {
        problem(f, cell, p.code, p.message);
        return 0;
      }
      return p.value;
    };
    const taxable = amount('taxable');
    const igst = amount('igst');
    const cgst = amount('cgst');
    const sgst = amount('sgst') + amount('utgst');
    const cess = amount('cess');
    const valueCell = at(row, 'value');
    const value = cols.value === undefined || cellText(valueCell) === '' ? null : amount('value');
    const signs = [taxable, igst, cgst, sgst, cess, value ?? 0];
    if (signs.some((x) => x < 0) && signs.some((x) => x > 0))
      problem(null, null, 'MIXED_SIGNS', 'the amounts mix positive and negative values');

    let receivedDate: IsoDate | null = null;
    const rcell = at(row, 'receivedDate');
    if (cellText(rcell) !== '') {
      const r = parseRegisterDate(rcell, order.receivedDate);
      if (r.ok) receivedDate = r.value;
      else problem('receivedDate', rcell, r.code, r.message);
    }
    let paymentDate: IsoDate | null = null;
    const pcell = at(row, 'paymentDate');
    if (cellText(pcell) !== '') {
      const r = parseRegisterDate(pcell, order.paymentDate);
      if (r.ok) paymentDate = r.value;
      else problem('paymentDate', pcell, r.code, r.message);
    }
    const posText = cellText(at(row, 'pos'));
    const pos = posText === '' ? null : parsePlaceOfSupply(posText);
    if (posText !== '' && pos === null)
      warnings.add(
        'POS_UNKNOWN',
        `place of supply not recognised as a state (column "${columnOf('pos') ?? ''}"); left empty`,
        rowNo,
      );

    const refText = cellText(at(row, 'ref'));
    const keyable =
      check.ok || check.code === 'GSTIN_CHECKSUM' ? date.ok && docNumber !== '' : false;
    const key =
      keyable && date.ok
        ? [refText, check.gstin, docNumber, declared ?? '', date.value].join('\u0001')
        : null;
    for (const p of problems) badRows.push({ row: rowNo, ...p });
    if (key === null) continue;
    let g = groups.get(key);
    if (!g) {
      g = { rows: [], badRows: [], seen: new Map(), copies: [] };
      groups.set(key, g);
    }
    if (problems.length > 0 || !date.ok) {
      g.badRows.push(rowNo);
      continue;
    }
    const signature = rowSignature(row);
    const original = g.seen.get(signature);
    if (original !== undefined) {
      g.copies.push({ row: rowNo, of: original });
      continue;
    }
    g.seen.set(signature, rowNo);
    const extra: Record<string, string> = {};
    for (const { col, header } of extraCols) {
      const t = cellText(row[col] ?? null);
      if (t !== '') extra[header] = t;
    }
    g.rows.push({
      row: rowNo,
      ref: refText,
      gstin: check.gstin,
      name: cellText(at(row, 'supplierName')) || null,
      docNumber,
      docDate: date.value,
      declared: declared === 'unknown' ? null : declared,
      taxable,
      igst,
      cgst,
      sgst,
      cess,
      value,
      pos,
      receivedDate,
      paymentDate,
      outsideIms,
      extra,
    });
  }

  const documents: RegisterDocument[] = [];
  const refs = new Set<string>();
  let merged = 0;
  let duplicates = 0;
  const copies: { row: number; of: number }[] = [];
  for (const g of groups.values()) {
    const good = [...g.rows.map((r) => r.row), ...g.copies.map((c) => c.row)];
    if (g.badRows.length > 0) {
      const first = g.badRows[0] ?? 0;
      for (const row of good)
        badRows.push({
          row,
          code: 'DOCUMENT_HAS_BAD_ROW',
          column: null,
          value: '',
          message: `another row of this document is bad (row ${first}); the document is not imported`,
        });
      continue;
    }
    const doc = buildDocument(g.rows, warnings);
    if (typeof doc === 'string') {
      for (const row of good)
        badRows.push({ row, code: 'DOCUMENT_MIXED_SIGNS', column: null, value: '', message: doc });
      continue;
    }
    const ref = uniqueRef(doc.ref, refs);
    refs.add(ref);
    documents.push(ref === doc.ref ? doc : { ...doc, ref });
    merged += g.rows.length - 1;
    duplicates += g.copies.length;
    copies.push(...g.copies);
  }
  copies.sort((a, b) => a.row - b.row);
  for (const c of copies)
    warnings.add(
      'DUPLICATE_ROW',
      'rows identical in every cell to an earlier row of the same document (an export glitch, not a second rate line): each left out, its document counted once',
      c.row,
    );
  flagDuplicates(documents, warnings);
  badRows.sort((a, b) => a.row - b.row);
  const counts: RegisterRowCounts = {
    dataRows: dataRows.length,
    documents: documents.length,
    merged,
    duplicates,
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
  return { documents, badRows, warnings: warnings.list(), rows, skipped, counts };
}

/** Every cell of a row as text, trailing blanks dropped: equal for rows a person sees as equal. */
function rowSignature(row: readonly Cell[]): string {
  const texts = row.map(cellText);
  while (texts.length > 0 && texts[texts.length - 1] === '') texts.pop();
  return texts.join('\u0001');
}

/** A row under the header that describes the columns: no field reads as data. */
function isDescriptionRow(
  row: readonly Cell[],
  cols: Partial<Record<RegisterField, number>>,
): boolean {
  const at = (f: RegisterField): Cell => (cols[f] === undefined ? null : (row[cols[f]] ?? null));
  if (cellText(at('docDate')) !== '' && parseRegisterDate(at('docDate')).ok) return false;
  for (const f of AMOUNT_FIELDS) {
    const c = at(f);
    if (cellText(c) !== '' && parseAmount(c).ok) return false;
  }
  return true;
}

/** Sums the rows of one document; a message when the document cannot be read. */
function buildDocument(rows: readonly RowValues[], warnings: Warnings): RegisterDocument | string {
  const first = rows[0] as RowValues;
  let taxable = 0;
  let igst = 0;
  let cgst = 0;
  let sgst = 0;
  let cess = 0;
  for (const r of rows) {
    taxable += r.taxable;
    igst += r.igst;
    cgst += r.cgst;
    sgst += r.sgst;
    cess += r.cess;
  }
  const computed = taxable + igst + cgst + sgst + cess;
  const values = rows.map((r) => r.value).filter((v): v is number => v !== null);
  let value: number;
  if (values.length === 0) value = computed;
  else {
    const v0 = values[0] as number;
    const summed = values.reduce((a, b) => a + b, 0);
    // GSTR-2B sheets repeat the document value on every rate row: take it once.
    value =
      values.length > 1 &&
      values.length === rows.length &&
      values.every((v) => v === v0) &&
      Math.abs(v0 - computed) <= Math.abs(summed - computed)
        ? v0
        : summed;
  }
  const all = [taxable, igst, cgst, sgst, cess, value];
  const neg = all.some((x) => x < 0);
  if (neg && all.some((x) => x > 0))
    return 'the rows of this document sum to both positive and negative amounts';
  let docType: DocType = first.declared ?? 'invoice';
  if (neg) {
    if (docType !== 'creditNote') {
      for (const r of rows)
        warnings.add(
          'NEGATIVE_AS_CREDIT_NOTE',
          'documents with negative amounts read as credit notes',
          r.row,
        );
    }
    docType = 'creditNote';
  }
  const abs = (n: number): Paise => Math.abs(n) as Paise;
  const amounts: Amounts = {
    value: abs(value),
    taxable: abs(taxable),
    igst: abs(igst),
    cgst: abs(cgst),
    sgst: abs(sgst),
    cess: abs(cess),
  };
  const extra: Record<string, string> = {};
  for (const r of rows)
    for (const [h, v] of Object.entries(r.extra)) if (!(h in extra)) extra[h] = v;
  return {
    ref: first.ref === '' ? `row ${first.row}` : first.ref,
    supplierGstin: first.gstin,
    supplierName: rows.find((r) => r.name !== null)?.name ?? null,
    docNumber: first.docNumber,
    docDate: first.docDate,
    docType,
    amounts,
    pos: rows.find((r) => r.pos !== null)?.pos ?? null,
    receivedDate: rows.reduce<IsoDate | null>(
      (m, r) =>
        r.receivedDate !== null && (m === null || r.receivedDate > m) ? r.receivedDate : m,
      null,
    ),
    sourceRows: rows.map((r) => r.row),
    extra,
    ...outsideAndPayment(rows),
  };
}

/** The document's outsideIms (any row marked) and latest payment date, present only when set. */
function outsideAndPayment(
  rows: readonly RowValues[],
): Pick<RegisterDocument, 'outsideIms' | 'paymentDate'> {
  const outside = rows.find((r) => r.outsideIms !== null)?.outsideIms ?? null;
  const paid = rows.reduce<IsoDate | null>(
    (m, r) => (r.paymentDate !== null && (m === null || r.paymentDate > m) ? r.paymentDate : m),
    null,
  );
  return {
    ...(outside !== null ? { outsideIms: outside } : {}),
    ...(paid !== null ? { paymentDate: paid } : {}),
  };
}

/** `ref`, or `ref#2`, `ref#3`, ... when taken. */
export function uniqueRef(ref: string, taken: ReadonlySet<string>): string {
  if (!taken.has(ref)) return ref;
  for (let k = 2; ; k++) {
    const r = `${ref}#${k}`;
    if (!taken.has(r)) return r;
  }
}

/** The same supplier document booked twice (under two vouchers): worth a look before matching. */
function flagDuplicates(docs: readonly RegisterDocument[], warnings: Warnings): void {
  const seen = new Map<string, RegisterDocument>();
  for (const d of docs) {
    const k = `${d.supplierGstin}|${d.docType}|${d.docNumber.trim().toUpperCase()}|${d.docDate}`;
    const prev = seen.get(k);
    if (prev)
      for (const r of d.sourceRows)
        warnings.add(
          'DUPLICATE_IN_REGISTER',
          `documents booked more than once in the register (another voucher has the same supplier, number and date)`,
          r,
        );
    else seen.set(k, d);
  }
}

export { REGISTER_FIELDS as REGISTER_FIELD_NAMES };
export const isRegisterPreset = isPreset;
