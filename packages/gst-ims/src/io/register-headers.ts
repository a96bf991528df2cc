// Column recognition for purchase registers: the fields we read, the header words each preset
// knows for them, and the search for the header row below any title rows.
import { UsageError } from '../core/index.js';
import type { PresetName, RegisterField } from './register-fields.js';
import {
  FIELD_LABELS,
  PRESETS,
  REGISTER_FIELDS,
  REQUIRED_FIELDS,
  TAX_FIELDS,
} from './register-fields.js';
import type { Synonyms } from './register-header-words.js';
import {
  DISTINCTIVE,
  FIELD_ALIASES,
  GENERIC,
  NEVER,
  PATTERNS,
  PRESET_SYNONYMS,
} from './register-header-words.js';
import type { Cell } from './register-values.js';
import { cellText } from './register-values.js';

export type { PresetName, RegisterField } from './register-fields.js';
export {
  AMOUNT_FIELDS,
  FIELD_LABELS,
  PRESETS,
  REGISTER_FIELDS,
  REQUIRED_FIELDS,
  TAX_FIELDS,
} from './register-fields.js';

/** Header text folded for comparison: lower case, no currency marks, punctuation as spaces. */
export function normaliseHeader(text: string): string {
  return text
    .toLowerCase()
    .replace(/₹|\(\s*rs\.?\s*\)|\(\s*inr\s*\)|\bin rs\b\.?|\brs\b\.?|\binr\b|\(\s*%\s*\)/g, ' ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** A field name as a user types it in --map: exact names any case, or a few aliases; null = ignore the column. */
export function parseFieldName(raw: string): RegisterField | null {
  const t = raw.trim();
  const exact = REGISTER_FIELDS.find((f) => f.toLowerCase() === t.toLowerCase());
  if (exact) return exact;
  const alias = FIELD_ALIASES[t.toLowerCase().replace(/[^a-z-]/g, '')];
  if (alias !== undefined) return alias;
  throw new UsageError(
    `--map: unknown field "${raw}"; expected one of ${REGISTER_FIELDS.join(', ')} (or "ignore")`,
  );
}

/** `--map "Header=field"` values: the header may itself hold "="; the last "=" splits. */
export function parseMapOptions(values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const i = v.lastIndexOf('=');
    if (i <= 0 || i === v.length - 1)
      throw new UsageError(`--map: expected "Header=field", found "${v}"`);
    out[v.slice(0, i).trim()] = v.slice(i + 1).trim();
  }
  return out;
}

export interface ColumnMapping {
  /** Column index (0-based) per field; sgst and utgst are both read and added. */
  readonly columns: Partial<Record<RegisterField, number>>;
  /** The header text of each mapped field, as the file spells it. */
  readonly headers: Partial<Record<RegisterField, string>>;
  /** Recognised fields, for choosing the header row. */
  readonly score: number;
}

export interface MappingInput {
  readonly preset: PresetName;
  /** User overrides, header -> field or null (ignore). Win over everything. */
  readonly overrides: ReadonlyMap<string, RegisterField | null>;
  /** Saved overrides of earlier imports; used when the header is present. */
  readonly saved: ReadonlyMap<string, RegisterField | null>;
}

interface Candidate {
  readonly col: number;
  readonly field: RegisterField;
  readonly rank: number;
}

/** Maps one row of header cells to fields: overrides, then the preset's words, generic words, patterns. */
export function mapHeaderRow(
  cells: readonly Cell[],
  input: MappingInput,
  above: readonly Cell[] = [],
): ColumnMapping {
  const texts = cells.map((c, i) => {
    const own = cellText(c);
    // Two-row headers: a column whose header sits in the row above (merged down, or a group title).
    return own === '' ? cellText(above[i] ?? null) : own;
  });
  const norm = texts.map(normaliseHeader);
  const cands: Candidate[] = [];
  const ignored = new Set<number>();
  const addOverrides = (map: ReadonlyMap<string, RegisterField | null>, rank: number): void => {
    for (const [header, field] of map) {
      const h = normaliseHeader(header);
      const col = texts.findIndex((t) => t.toLowerCase() === header.trim().toLowerCase());
      const c = col >= 0 ? col : norm.findIndex((t) => t === h && t !== '');
      if (c < 0) continue;
      if (field === null) ignored.add(c);
      else cands.push({ col: c, field, rank });
    }
  };
  addOverrides(input.overrides, -2);
  addOverrides(input.saved, -1);
  const addList = (syn: Synonyms, base: number): void => {
    for (const f of REGISTER_FIELDS) {
      const list = syn[f];
      if (!list) continue;
      list.forEach((word, k) => {
        norm.forEach((h, col) => {
          if (h === word && !NEVER.test(h)) cands.push({ col, field: f, rank: base + k });
        });
      });
    }
  };
  addList(PRESET_SYNONYMS[input.preset], 0);
  addList(GENERIC, 100);
  // A plain "Date" beside a document-date column is the voucher (posting) date.
  norm.forEach((h, col) => {
    if (h === 'date') cands.push({ col, field: 'voucherDate', rank: 999 });
  });
  PATTERNS.forEach(([f, re], k) => {
    norm.forEach((h, col) => {
      if (h !== '' && !NEVER.test(h) && re.test(h)) cands.push({ col, field: f, rank: 1000 + k });
    });
  });
  cands.sort((a, b) => a.rank - b.rank || a.col - b.col);
  const columns: Partial<Record<RegisterField, number>> = {};
  const headers: Partial<Record<RegisterField, string>> = {};
  const usedCols = new Set<number>(ignored);
  let score = 0;
  for (const c of cands) {
    if (usedCols.has(c.col) || columns[c.field] !== undefined) continue;
    if (c.rank >= 0 && ignored.has(c.col)) continue;
    columns[c.field] = c.col;
    headers[c.field] = texts[c.col] ?? '';
    usedCols.add(c.col);
    score +=
      c.field === 'supplierGstin' || c.field === 'docNumber' || c.field === 'docDate' ? 3 : 1;
  }
  const ordered: Partial<Record<RegisterField, string>> = {};
  for (const f of REGISTER_FIELDS) if (headers[f] !== undefined) ordered[f] = headers[f];
  return { columns, headers: ordered, score };
}

/**
 * What a mapping lacks to be read: the required fields, a date, the taxable value and a tax head.
 * A column left unmapped reads as 0 on every row, which would make every document a mismatch.
 */
export function missingFields(m: ColumnMapping): string[] {
  const missing: string[] = REQUIRED_FIELDS.filter((f) => m.columns[f] === undefined).map(
    (f) => `${FIELD_LABELS[f]} (${f})`,
  );
  if (m.columns.docDate === undefined && m.columns.voucherDate === undefined)
    missing.push(`${FIELD_LABELS.docDate} (docDate)`);
  if (m.columns.taxable === undefined) missing.push(`${FIELD_LABELS.taxable} (taxable)`);
  if (!TAX_FIELDS.some((f) => m.columns[f] !== undefined))
    missing.push('a tax column: IGST, CGST or SGST (igst, cgst, sgst)');
  return missing;
}

const HEADER_SEARCH_ROWS = 40;

export interface HeaderChoice {
  /** 0-based index of the header row in the grid. */
  readonly index: number;
  readonly mapping: ColumnMapping;
}

/** Scores the first rows of a sheet and returns the best header row, or null when none reads. */
export function findHeaderRow(
  grid: readonly (readonly Cell[])[],
  input: MappingInput,
): HeaderChoice | null {
  let best: HeaderChoice | null = null;
  const limit = Math.min(grid.length, HEADER_SEARCH_ROWS);
  for (let i = 0; i < limit; i++) {
    const row = grid[i] ?? [];
    if (row.filter((c) => typeof c === 'string' && c.trim() !== '').length < 2) continue;
    const mapping = mapHeaderRow(row, input, i > 0 ? (grid[i - 1] ?? []) : []);
    const ownMapping = mapHeaderRow(row, input);
    // Prefer the row's own headers unless the row above adds to them (two-row headers).
    const m = mapping.score > ownMapping.score ? mapping : ownMapping;
    if (m.score < 5) continue;
    if (best === null || m.score > best.mapping.score) best = { index: i, mapping: m };
  }
  return best;
}

/** The rows of a sheet that look like headers, for a message when none is found. */
export function firstTextRows(grid: readonly (readonly Cell[])[], n = 5): string[] {
  return grid
    .slice(0, HEADER_SEARCH_ROWS)
    .filter((r) => r.some((c) => cellText(c) !== ''))
    .slice(0, n)
    .map((r) => r.map(cellText).filter(Boolean).join(' | ').slice(0, 200));
}

/** How many headers only this layout writes appear in a header row: names the layout when none is given. */
export function presetFit(cells: readonly Cell[], preset: PresetName): number {
  const norm = new Set(cells.map((c) => normaliseHeader(cellText(c))));
  return DISTINCTIVE[preset].filter((w) => norm.has(w)).length;
}

export function isPreset(name: string): name is PresetName {
  return (PRESETS as readonly string[]).includes(name);
}
