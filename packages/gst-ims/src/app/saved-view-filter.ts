// A saved view of the Records page (the web app's JSON, web/src/pages/records/saved-view-state.ts)
// read as the record filter it stands for, so that a queue assigned by saved view holds the
// records the grid shows under it: its tab, supplier and search words. The grid's column filters
// (ag-grid's filter model, over the cells as shown) have no engine form yet; they are named, so
// that the queue can say they are not applied rather than silently widen the view.
import type { RecordFilter, RecordView } from '../core/index.js';
import { RECORD_VIEWS, searchWords } from '../core/index.js';

export interface SavedViewFilter {
  readonly filter: RecordFilter;
  /** The columns the view filters on that the queue does not apply (ag-grid column ids). */
  readonly columnFilters: readonly string[];
}

/** The filter of a saved view's JSON; null when it is not a view of the Records page's shape. */
export function savedViewFilter(json: string): SavedViewFilter | null {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const o = raw as Record<string, unknown>;
  if (o['v'] !== 1) return null;
  // As the web reads a view back: an unknown tab is All.
  const view: RecordView = (RECORD_VIEWS as readonly unknown[]).includes(o['view'])
    ? (o['view'] as RecordView)
    : 'all';
  const supplier = typeof o['supplier'] === 'string' ? o['supplier'].trim().toUpperCase() : '';
  const search = typeof o['search'] === 'string' ? o['search'] : '';
  const model = o['filterModel'];
  const columnFilters =
    typeof model === 'object' && model !== null ? Object.keys(model).sort() : [];
  return {
    filter: {
      view,
      supplier: supplier === '' ? null : supplier,
      section: null,
      terms: searchWords(search),
    },
    columnFilters,
  };
}
