// Where a record stands in the Records grid's paged list (issue 18): a link to a record
// (/records?key=…) brings its row into view and selects it, which a grid holding a few pages
// of a million records can do only when it knows the row's index under its filter and order.
// The default order (section, then key, either way) is answered from what the store already
// counts in SQL: the records of the sections before the record's, plus the record's rank among
// its own section's keys. Other orders are not (null): the page opens the record's panel only.
import type { RecordFilter, RecordOrder } from '../core/index.js';
import { SECTIONS } from '../core/index.js';
import type { WorkspaceStore } from '../store/index.js';

export interface RecordPosition {
  /** The row's index among the records the filter passes, in the order; null: not among them. */
  readonly index: number | null;
  /** The records the filter passes. */
  readonly total: number;
}

type Store = Pick<WorkspaceStore, 'loadRecordsByKeys' | 'pageRecords' | 'recordKeysMatching'>;

export async function recordPosition(
  store: Store,
  gstin: string,
  filter: RecordFilter,
  order: RecordOrder,
  key: string,
): Promise<RecordPosition> {
  // Asked to count, a page always has a total.
  const count = async (f: RecordFilter): Promise<number> =>
    (await store.pageRecords(gstin, f, order, 0, 0, true)).total ?? 0;
  const total = await count(filter);
  const [found] = await store.loadRecordsByKeys(gstin, [key]);
  const section = found?.record.section;
  if (order.column !== 'section' || section === undefined) return { index: null, total };
  if (filter.section !== null && filter.section !== section) return { index: null, total };
  const asc = order.dir === 'asc';
  // Sections compare as the database compares them (by code point), as the key does.
  const before = SECTIONS.filter((s) => (asc ? s < section : s > section));
  let index = 0;
  if (filter.section === null)
    for (const s of before) index += await count({ ...filter, section: s });
  const keys = await store.recordKeysMatching(gstin, { ...filter, section });
  const rank = sortedIndexOf(keys, key);
  if (rank < 0) return { index: null, total };
  return { index: index + (asc ? rank : keys.length - 1 - rank), total };
}

/** The index of `key` in keys sorted by code point, or -1. */
function sortedIndexOf(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const k = keys[mid]!;
    if (k === key) return mid;
    if (k < key) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
