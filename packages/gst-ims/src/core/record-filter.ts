// What a page of the Records grid asks for: a view, a supplier, a section, search words, and an
// order. The store answers it in SQL (store/kysely-record-pages.ts); recordPasses and
// compareRecords are the definition the SQL must agree with (a property test holds them together).
import { BadInputError } from './errors.js';
import type { Section } from './sections.js';
import { SECTIONS } from './sections.js';
import type { WorkspaceRecord } from './workspace-record.js';
import { isDirty } from './validate-decision.js';

/** The grid's views (the web's records-filter.ts VIEWS run the same tests on its rows). */
export const RECORD_VIEWS = ['all', 'noAction', 'waiting', 'changed', 'errors', 'gone'] as const;
export type RecordView = (typeof RECORD_VIEWS)[number];

export interface RecordFilter {
  readonly view: RecordView;
  /** A supplier GSTIN, or null for every supplier. */
  readonly supplier: string | null;
  readonly section: Section | null;
  /**
   * Upper-cased words; a record must contain each one in its key (which holds the section,
   * supplier GSTIN and document number) or its supplier's name.
   */
  readonly terms: readonly string[];
}

export const NO_RECORD_FILTER: RecordFilter = {
  view: 'all',
  supplier: null,
  section: null,
  terms: [],
};

export const RECORD_SORT_COLUMNS = [
  'section',
  'supplier',
  'docNumber',
  'docDate',
  'value',
  'portalAction',
  'decision',
] as const;
export type RecordSortColumn = (typeof RECORD_SORT_COLUMNS)[number];

/** An order of records; ties are broken by key, in the same direction. */
export interface RecordOrder {
  readonly column: RecordSortColumn;
  readonly dir: 'asc' | 'desc';
}

export const DEFAULT_ORDER: RecordOrder = { column: 'section', dir: 'asc' };

/** The view's test on one record (the grid's flags: dirty, changed by supplier, gone, error). */
export function recordInView(view: RecordView, { record, state }: WorkspaceRecord): boolean {
  switch (view) {
    case 'all':
      return true;
    case 'noAction':
      return state.decision.action === 'noAction' && !state.gone;
    case 'waiting':
      return !state.gone && isDirty(record, state.decision);
    case 'changed':
      return state.changedBySupplier;
    case 'errors':
      return state.portalError !== null;
    case 'gone':
      return state.gone;
  }
}

/**
 * Upper-cases ASCII letters only: what SQLite's upper() does and PostgreSQL's under the "C"
 * collation, so that a search gives the same records on both databases and here.
 */
export function upperAscii(s: string): string {
  return s.replace(/[a-z]+/g, (m) => m.toUpperCase());
}

/** The words of a typed search, as RecordFilter.terms holds them. */
export function searchWords(typed: string): string[] {
  return upperAscii(typed.trim()).split(/\s+/).filter(Boolean);
}

export function recordPasses(filter: RecordFilter, w: WorkspaceRecord): boolean {
  const r = w.record;
  if (filter.supplier !== null && r.supplierGstin !== filter.supplier) return false;
  if (filter.section !== null && r.section !== filter.section) return false;
  if (!recordInView(filter.view, w)) return false;
  if (filter.terms.length > 0) {
    const key = upperAscii(r.key);
    const name = upperAscii(r.supplierName ?? '');
    for (const t of filter.terms) if (!key.includes(t) && !name.includes(t)) return false;
  }
  return true;
}

/** The value a record is sorted on for a column (strings compare by code unit, as SQL's binary). */
export function sortValue(column: RecordSortColumn, w: WorkspaceRecord): string | number {
  const r = w.record;
  switch (column) {
    case 'section':
      return r.section;
    case 'supplier':
      return r.supplierGstin;
    case 'docNumber':
      return r.docNumber;
    case 'docDate':
      return r.docDate;
    case 'value':
      return r.amounts.value;
    case 'portalAction':
      return r.portalAction;
    case 'decision':
      return w.state.decision.action;
  }
}

/** The order of a page: the column, then the key, both in the order's direction. */
export function compareRecords(order: RecordOrder, a: WorkspaceRecord, b: WorkspaceRecord): number {
  const x = sortValue(order.column, a);
  const y = sortValue(order.column, b);
  let c = x < y ? -1 : x > y ? 1 : 0;
  if (c === 0) c = a.record.key < b.record.key ? -1 : a.record.key > b.record.key ? 1 : 0;
  return order.dir === 'asc' ? c : -c;
}

/** A page request as URL query values (what the server's parseRecordQuery reads back). */
export interface RecordQuery {
  readonly filter: RecordFilter;
  readonly order: RecordOrder;
  readonly offset: number;
  readonly limit: number;
  /**
   * Whether the records passing the filter are counted (`count=no`: not). The grid asks for the
   * count with a filter's first rows only: counting a million rows on every scroll was most of a
   * page's cost (issue 18).
   */
  readonly count?: boolean | undefined;
}

export const MAX_PAGE_LIMIT = 1000;
export const DEFAULT_PAGE_LIMIT = 100;

/** The query values of a page request (the parameters GET /api/records/page takes). */
export function recordQueryValues(q: Partial<RecordQuery>): Record<string, string> {
  const out: Record<string, string> = {};
  const f = q.filter ?? NO_RECORD_FILTER;
  if (f.view !== 'all') out['view'] = f.view;
  if (f.supplier !== null) out['supplier'] = f.supplier;
  if (f.section !== null) out['section'] = f.section;
  if (f.terms.length > 0) out['q'] = f.terms.join(' ');
  if (q.order) {
    out['sort'] = q.order.column;
    out['dir'] = q.order.dir;
  }
  if (q.offset !== undefined) out['offset'] = String(q.offset);
  if (q.limit !== undefined) out['limit'] = String(q.limit);
  if (q.count === false) out['count'] = 'no';
  return out;
}

function oneOf<T extends string>(
  field: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined || value === '') return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new BadInputError(`${field}: expected one of ${allowed.join(', ')}, got "${value}"`, {
    field,
    expected: allowed.join('|'),
  });
}

function whole(field: string, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  if (!/^\d{1,9}$/.test(value) || Number(value) > max)
    throw new BadInputError(`${field}: expected a whole number from 0 to ${max}, got "${value}"`, {
      field,
      expected: `0..${max}`,
    });
  return Number(value);
}

/**
 * Reads a page request from URL query values (absent values take their defaults); a bad value
 * is refused with the parameter it came in.
 */
export function parseRecordQuery(get: (name: string) => string | undefined): RecordQuery {
  const supplier = get('supplier');
  const filter: RecordFilter = {
    view: oneOf('view', get('view'), RECORD_VIEWS, 'all'),
    supplier: supplier === undefined || supplier === '' ? null : supplier.trim().toUpperCase(),
    section: (() => {
      const s = oneOf<Section | ''>('section', get('section'), SECTIONS, '');
      return s === '' ? null : s;
    })(),
    terms: searchWords(get('q') ?? ''),
  };
  const order: RecordOrder = {
    column: oneOf('sort', get('sort'), RECORD_SORT_COLUMNS, DEFAULT_ORDER.column),
    dir: oneOf('dir', get('dir'), ['asc', 'desc'] as const, 'asc'),
  };
  const limit = whole('limit', get('limit'), DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT);
  const count = oneOf('count', get('count'), ['yes', 'no'] as const, 'yes') === 'yes';
  // limit=0 asks for the count alone (the grid's rows come first, their count after them); with
  // count=no it would ask for nothing.
  if (limit === 0 && !count)
    throw new BadInputError(
      `limit: expected a whole number from 1 to ${MAX_PAGE_LIMIT} with count=no (0 asks for the count alone), got "0"`,
      { field: 'limit', expected: `1..${MAX_PAGE_LIMIT}` },
    );
  return {
    filter,
    order,
    offset: whole('offset', get('offset'), 0, 100_000_000),
    limit,
    count,
  };
}
