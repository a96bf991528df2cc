// The Records grid a page at a time (issue 18): the records passing a filter, in an order, and
// the outcome of each one's last match; and the counts the grid's tabs and supplier list show.
// The database filters, sorts and counts (store/kysely-record-pages.ts): nothing here reads the
// GSTIN's every record.
import type { MatchOutcome, RecordQuery, WorkspaceRecord } from '../core/index.js';
import type { RecordSummary } from '../store/index.js';
import type { AppContext } from './context.js';

export interface RecordsPage {
  /** Null when the query asked not to count (count=no). */
  readonly total: number | null;
  readonly offset: number;
  readonly records: WorkspaceRecord[];
  /** The last match's outcome of the page's records (those it saw). */
  readonly outcomes: Map<string, MatchOutcome>;
}

export async function pageOfRecords(
  ctx: AppContext,
  gstin: string,
  q: RecordQuery,
): Promise<RecordsPage> {
  const page = await ctx.store.pageRecords(
    gstin,
    q.filter,
    q.order,
    q.offset,
    q.limit,
    q.count !== false,
  );
  // The outcomes of the page's own records, by key (migration 0015): not the last run's whole
  // results, which a server re-read after every write (decision 0048).
  const outcomes =
    page.records.length === 0
      ? new Map<string, MatchOutcome>()
      : await ctx.store.matchOutcomes(
          gstin,
          page.records.map((w) => w.record.key),
        );
  return { total: page.total, offset: q.offset, records: page.records, outcomes };
}

export async function recordsSummary(ctx: AppContext, gstin: string): Promise<RecordSummary> {
  return ctx.store.recordSummary(gstin);
}
