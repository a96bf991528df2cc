// The Records grid's paged mode (issue 18): above a threshold of records the grid does not load
// every record but asks the server for the rows it shows (ag-grid's infinite row model over
// GET /api/records/page). Pure parts here: when to page, the page request a grid block and the
// page's filter make, the columns the server can sort, the datasource. Decision 0040.
import type { ColDef, IDatasource, IGetRowsParams, SortModelItem } from 'ag-grid-community';
import type { RecordSortColumn } from '@core/record-filter.js';
import { recordQueryValues } from '@core/record-filter.js';
import type { Section } from '@core/sections.js';
import type { SupplierOption } from '../../components/SupplierPicker.js';
import type {
  RecordsPagePayload,
  RecordsSummaryPayload,
} from '../../../../gst-ims/src/server/record-page-api-types.js';
import type { Row } from '../../records.js';
import { decodeRecords } from '../../records.js';
import type { RecordsFilter, View } from './records-filter.js';
import { VIEWS } from './records-filter.js';

/** Above this many records of the GSTIN the grid pages from the server. */
export const PAGED_THRESHOLD = 50_000;
/** Rows in one request of the grid (one block of its cache). */
export const PAGE_BLOCK = 200;

export type { RecordsPagePayload, RecordsSummaryPayload };

/**
 * Whether the grid pages: the page address decides when it says (?paged=1 or ?paged=0, for
 * tests and for a person who wants the other mode), else the number of records.
 */
export function pagedWanted(
  search: string,
  records: number,
  threshold: number = PAGED_THRESHOLD,
): boolean {
  const asked = new URLSearchParams(search).get('paged');
  if (asked === '1') return true;
  if (asked === '0') return false;
  return records > threshold;
}

/** Grid column → the server's sort column. Columns not named here are not sortable when paged. */
export const SORT_COLUMNS: Readonly<Record<string, RecordSortColumn>> = {
  sectionLabel: 'section',
  supplierGstin: 'supplier',
  docNumber: 'docNumber',
  docDate: 'docDate',
  value: 'value',
  portalActionLabel: 'portalAction',
  decisionLabel: 'decision',
};

/**
 * The grid's columns for paged mode: the server filters by view, supplier, section and search
 * words only, so the column filters are taken away (not left to filter a page's rows silently),
 * and only the columns the server orders by can be sorted.
 */
export function pagedColumns(columns: readonly ColDef<Row>[]): ColDef<Row>[] {
  return columns.map((c) => ({
    ...c,
    filter: false,
    floatingFilter: false,
    sortable: typeof c.field === 'string' && c.field in SORT_COLUMNS,
  }));
}

/** What the page asks of the server besides the grid's block: its filter and a section. */
export interface PagedFilter extends RecordsFilter {
  readonly section: Section | null;
}

/** The query values of the paged routes: the filter, the grid's first sort, rows from offset. */
export function pagedQueryValues(
  filter: PagedFilter,
  sort: readonly Pick<SortModelItem, 'colId' | 'sort'>[],
  offset: number,
  limit: number,
  count = true,
): Record<string, string> {
  const first = sort.find((s) => s.colId in SORT_COLUMNS);
  return recordQueryValues({
    filter: {
      view: filter.view,
      supplier: filter.supplier || null,
      section: filter.section,
      terms: filter.terms,
    },
    ...(first ? { order: { column: SORT_COLUMNS[first.colId]!, dir: first.sort } } : {}),
    offset,
    limit,
    count,
  });
}

/**
 * The query of GET /api/records/page for rows [start, end) under the filter and the grid's sort
 * (no rows when end = start: the count alone).
 */
export function pageQuery(
  gstin: string,
  filter: PagedFilter,
  sort: readonly SortModelItem[],
  start: number,
  end: number,
  count = true,
): string {
  const values = pagedQueryValues(filter, sort, start, Math.max(0, end - start), count);
  return `/api/records/page?${new URLSearchParams({ gstin, ...values }).toString()}`;
}

export interface DatasourceOptions {
  readonly gstin: string;
  /** The page's filter now (read at each block, so a new filter needs no new datasource). */
  readonly filter: () => PagedFilter;
  /** GET of a page (the app's getJson; a fake in tests). */
  readonly load: (url: string) => Promise<RecordsPagePayload>;
  /**
   * Each block's answer: how many records match when known (null while they are being counted),
   * the workspace version it is of.
   */
  readonly onPage?: (total: number | null, version: number) => void;
  /** A query's count, come after its first rows: the grid's last row from then on. */
  readonly onCount?: (total: number, version: number) => void;
  /** A page that could not be loaded, in words. */
  readonly onError?: (e: unknown) => void;
}

/** What the datasource knows of the query it last counted. */
interface Counted {
  readonly query: string;
  /** null while its count is asked. */
  readonly total: number | null;
  readonly version: number | null;
}

/**
 * The grid's datasource: each block it needs becomes one page request; the rows are decoded as
 * GET /api/records's are. The rows come first and the count after them, in a request of its
 * own: counting a filter over a million records costs the server more than the rows do, and the
 * person wants the rows. A query's first block that comes back full asks for the count (a short
 * one is the whole count); until it comes the grid's last row is unknown (it grows as blocks
 * come), then `onCount` gives it. Later blocks of the same query take the count as known, so
 * scrolling a million rows does not count them again for every block; a block of a newer
 * version than the count's has it counted again.
 */
export function recordsDatasource(o: DatasourceOptions): IDatasource {
  let known: Counted | null = null;
  const count = (query: string, filter: PagedFilter, sort: readonly SortModelItem[]): void => {
    known = { query, total: null, version: null };
    // limit=0: the count alone, without sorting the matching records for a row.
    o.load(pageQuery(o.gstin, filter, sort, 0, 0, true)).then(
      (page) => {
        // Another query (or another count of this one) has started since: not this grid's count.
        if (known?.query !== query || known.total !== null) return;
        const total = page.total ?? 0;
        known = { query, total, version: page.version };
        o.onCount?.(total, page.version);
      },
      (e: unknown) => {
        if (known?.query === query && known.total === null) known = null;
        o.onError?.(e);
      },
    );
  };
  return {
    getRows(p: IGetRowsParams): void {
      const filter = o.filter();
      const sort = p.sortModel;
      const query = pageQuery(o.gstin, filter, sort, 0, 1);
      // A first block starts the query over (a new filter, sort or a change): counted again.
      if (p.startRow === 0 && known?.query === query) known = null;
      o.load(pageQuery(o.gstin, filter, sort, p.startRow, p.endRow, false)).then(
        (page) => {
          const rows = decodeRecords(page);
          const was = known?.query === query ? known : null;
          let last: number | undefined;
          if (rows.length < p.endRow - p.startRow) {
            // A short block is the end, whatever was counted.
            last = p.startRow + rows.length;
            known = { query, total: last, version: page.version };
          } else if (was?.total != null) {
            last = Math.max(was.total, p.startRow + rows.length);
            if (page.version !== was.version) count(query, filter, sort);
          } else if (was === null) {
            count(query, filter, sort);
          }
          o.onPage?.(last ?? null, page.version);
          p.successCallback(rows, last);
        },
        (e: unknown) => {
          o.onError?.(e);
          p.failCallback();
        },
      );
    },
  };
}

/** The view tabs with the server's count of each ("Not decided · 1,204"). */
export function viewTabs(
  summary: RecordsSummaryPayload | null,
  format: (n: number) => string,
): { value: View; label: string }[] {
  return VIEWS.map((v) => ({
    value: v.view,
    label: summary ? `${v.label} · ${format(summary.views[v.view] ?? 0)}` : v.label,
  }));
}

/** One collator for every sort: String.localeCompare builds one per call (15,000 suppliers at a million records took the page ~0.5 s of CPU to sort). */
const BY_NAME = new Intl.Collator();

/** The supplier picker's list from the summary: each supplier with its records, by name. */
export function summarySuppliers(summary: RecordsSummaryPayload | null): SupplierOption[] {
  if (!summary) return [];
  return summary.suppliers
    .map(([gstin, name, n]) => ({ gstin, name: name ?? '', n }))
    .sort((a, b) => BY_NAME.compare(a.name || a.gstin, b.name || b.gstin));
}
