// Pages of a GSTIN's records as the Records grid asks for them (issue 18: a million records are
// not shipped to the browser): filtered, sorted and counted by the database.
import type { RecordFilter, RecordOrder, RecordView, WorkspaceRecord } from '../core/index.js';

export interface RecordPage {
  /** The records passing the filter, all pages together; null when not counted. */
  readonly total: number | null;
  readonly records: WorkspaceRecord[];
}

/** The counts the grid's tabs and supplier picker show, without loading a record. */
export interface RecordSummary {
  readonly total: number;
  readonly views: Record<RecordView, number>;
  /** Each supplier once, with one of the names its records carry (null: none) and its records. */
  readonly suppliers: [gstin: string, name: string | null, records: number][];
}

export interface RecordPageStore {
  /**
   * The records passing `filter` (core's recordPasses) in `order` (core's compareRecords: ties
   * by key), from `offset`, at most `limit` of them; `total` counts them all unless `count` is
   * false (a later page of a filter already counted).
   */
  pageRecords(
    gstin: string,
    filter: RecordFilter,
    order: RecordOrder,
    offset: number,
    limit: number,
    count?: boolean,
  ): Promise<RecordPage>;
  /** The keys of the records passing `filter`, in key order. */
  recordKeysMatching(gstin: string, filter: RecordFilter): Promise<string[]>;
  recordSummary(gstin: string): Promise<RecordSummary>;
}
