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
import type { RegisterBadRowCode, RegisterDocument, RegisterWarningCode } from '../core/index.js';
import { BadInputError, UsageError } from '../core/index.js';
import { pickSheet, toFieldMap } from './pick-register-sheet.js';
import type { Picked } from './pick-register-sheet.js';
import type { RegisterDocumentList } from './register-documents.js';
import type { PresetName, RegisterField } from './register-headers.js';
import {
  PRESETS,
  REGISTER_FIELDS,
  firstTextRows,
  isPreset,
  missingFields,
  normaliseHeader,
} from './register-headers.js';
import { readRows } from './register-row-reader.js';
import type { SourceFile } from './register-source.js';
import { readSource } from './register-source.js';
import { cellText } from './register-values.js';

export type { RegisterField, PresetName } from './register-headers.js';
export { PRESETS, REGISTER_FIELDS, FIELD_LABELS, parseMapOptions } from './register-headers.js';
export { uniqueRef } from './register-documents.js';
export type { RegisterDocumentList } from './register-documents.js';
export { outsideImsOfType } from './register-row-reader.js';

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
  /** Stable reason code (core/vocabulary/register-row-codes.ts), e.g. AMOUNT_DECIMALS. */
  readonly code: RegisterBadRowCode;
  /** The header of the column at fault; null when the row as a whole is at fault. */
  readonly column: string | null;
  readonly value: string;
  readonly message: string;
}

export interface RegisterWarning {
  /** Stable code (core/vocabulary/register-row-codes.ts). */
  readonly code: RegisterWarningCode;
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

export interface ReadRegisterResult extends ReadRegisterSummary {
  readonly documents: RegisterDocument[];
}

/** readRegisterList's result: the documents made as they are asked for (a large register). */
export interface ReadRegisterListResult extends ReadRegisterSummary {
  readonly documents: RegisterDocumentList;
}

/** What a register read says besides its documents. */
export interface ReadRegisterSummary {
  readonly file: string;
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
  const read = await readRegisterList(file, opts);
  return { ...read, documents: [...read.documents] };
}

/**
 * readRegister with the documents as a list that makes each when it is asked for: what the file
 * holds is its documents' slots (register-slots.ts), and the file's bytes are let go once read.
 */
export async function readRegisterList(
  file: string,
  opts: ReadRegisterOptions = {},
): Promise<ReadRegisterListResult> {
  return readSourceList(await readSource(file, opts.maxBytes), basename(file), opts);
}

/** The same on an already-read source (tests, and callers holding the grid). */
export function readRegisterSource(
  source: SourceFile,
  name: string,
  opts: ReadRegisterOptions = {},
): ReadRegisterResult {
  const read = readSourceList(source, name, opts);
  return { ...read, documents: [...read.documents] };
}

function readSourceList(
  source: SourceFile,
  name: string,
  opts: ReadRegisterOptions,
): ReadRegisterListResult {
  let picked: Picked;
  try {
    picked = pickColumns(source, name, opts);
  } catch (e) {
    // A CSV is parsed past its first rows only as they are read (register-source.ts): a syntax
    // error further on is still what the file is refused for, as when it was parsed whole first.
    for (const s of source.sheets) s.more?.(() => undefined);
    throw e;
  }
  const { sheet, index, mapping, preset } = picked;

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

/** The sheet, header row and columns to read; a usage error or a refusal when there are none. */
function pickColumns(source: SourceFile, name: string, opts: ReadRegisterOptions): Picked {
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
  if (picked === null) throw noHeaderRow(source, name);
  checkColumns(picked, name, overrides.keys());
  return picked;
}

function noHeaderRow(source: SourceFile, name: string): BadInputError {
  const sample = source.sheets.flatMap((s) =>
    firstTextRows(s.grid).map((t) => `  ${source.kind === 'xlsx' ? `${s.name}: ` : ''}${t}`),
  );
  return new BadInputError(
    `${name}: found no header row naming the supplier GSTIN, document number, date and amounts in the first 40 rows` +
      (sample.length
        ? `; the file starts:\n${sample.slice(0, 8).join('\n')}`
        : '; the file holds no text') +
      `\nName the columns with --map "Header=field" (fields: ${REGISTER_FIELDS.join(', ')}).`,
    { file: name, expected: 'a purchase register with a header row' },
  );
}

/** The header row has a column for every field needed, and every header --map names. */
function checkColumns(
  { sheet, index, mapping }: Picked,
  name: string,
  mapped: Iterable<string>,
): void {
  const missing = missingFields(mapping);
  if (missing.length) {
    const headers = (sheet.grid[index] ?? []).map(cellText).filter(Boolean);
    const read = new Set(Object.values(mapping.headers));
    const columns = Object.entries(mapping.headers).map(([f, h]) => `  ${f} <- "${h}"`);
    throw new BadInputError(
      `${name}: the header row (row ${index + 1}) has no column for: ${missing.join('; ')}; nothing imported.` +
        `\nColumns read:\n${columns.length ? columns.join('\n') : '  none'}` +
        `\nOther headers: ${headers.filter((h) => !read.has(h)).join(', ') || 'none'}.` +
        `\nName the missing columns with --map "Header=field".`,
      {
        file: name,
        expected: 'columns for supplier GSTIN, document number, date, taxable value and tax',
      },
    );
  }
  for (const header of mapped) {
    const found = (sheet.grid[index] ?? []).some(
      (c) => normaliseHeader(cellText(c)) === normaliseHeader(header),
    );
    if (!found)
      throw new UsageError(`--map: the header row (row ${index + 1}) has no column "${header}"`);
  }
}

export function formatBadRow(b: RegisterBadRow): string {
  return `row ${b.row}${b.column === null ? '' : `, column "${b.column}"`}${b.value === '' ? '' : `, value "${b.value}"`}: ${b.message} [${b.code}]`;
}

export { REGISTER_FIELDS as REGISTER_FIELD_NAMES };
export const isRegisterPreset = isPreset;
