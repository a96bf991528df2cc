// The Records grid a page at a time (issue 18): the records passing a filter, in an order, and
// the outcome of each one's last match; and the counts the grid's tabs and supplier list show.
// The database filters, sorts and counts (store/kysely-record-pages.ts): nothing here reads the
// GSTIN's every record.
import type { MatchOutcome, RecordQuery, WorkspaceRecord } from '../core/index.js';
import type { RecordSummary } from '../store/index.js';
import type { AppContext } from './context.js';
import { recordOutcomes } from './list-records.js';

export interface RecordsPage {
  readonly total: number;
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
  const page = await ctx.store.pageRecords(gstin, q.filter, q.order, q.offset, q.limit);
  // The outcomes come from the last reconcile run's saved results, which the server's read
  // cache holds until the next write (no record is read for them).
  const all =
    page.records.length === 0 ? new Map<string, MatchOutcome>() : await recordOutcomes(ctx, gstin);
  const outcomes = new Map<string, MatchOutcome>();
  for (const w of page.records) {
    const o = all.get(w.record.key);
    if (o !== undefined) outcomes.set(w.record.key, o);
  }
  return { total: page.total, offset: q.offset, records: page.records, outcomes };
}

export async function recordsSummary(ctx: AppContext, gstin: string): Promise<RecordSummary> {
  return ctx.store.recordSummary(gstin);
}
