// The paged Records grid's API (issue 18): what GET /api/records/page and GET
// /api/records/summary answer. The web app imports these types (and only api-types files).
import type { RecordView } from '../core/record-filter.js';
// eslint-disable-next-line no-restricted-imports -- api-types.ts is itself one the web type-checks
import type { RecordsPayload } from './api-types.js';

/**
 * GET /api/records/page?gstin&view&supplier&section&q&sort&dir&offset&limit&count (limit <=
 * 1000; count=no: the total is not counted): rows as GET /api/records sends them, the suppliers'
 * dictionary holding this page's only.
 */
export interface RecordsPagePayload extends RecordsPayload {
  /** Where the page starts among the records passing the filter. */
  readonly offset: number;
  /** The records passing the filter, all pages together; null when asked with count=no. */
  readonly total: number | null;
  /** The workspace's change version the page was read at (GET /api/changes). */
  readonly version: number;
}

/** GET /api/records/summary?gstin: the view tabs' counts and the supplier list, without records. */
export interface RecordsSummaryPayload {
  readonly gstin: string;
  readonly total: number;
  readonly views: Readonly<Record<RecordView, number>>;
  /** Each supplier once, by GSTIN: one of its names (null: none given) and its records. */
  readonly suppliers: readonly [gstin: string, name: string | null, count: number][];
  readonly version: number;
}

/**
 * GET /api/records/position?gstin&key&view&supplier&section&q&sort&dir: the index of the record's
 * row among the records passing the filter, in the order (the grid's default, section then key;
 * null under another order, or when the filter does not pass the record).
 */
export interface RecordPositionPayload {
  readonly key: string;
  readonly index: number | null;
  readonly total: number;
}
