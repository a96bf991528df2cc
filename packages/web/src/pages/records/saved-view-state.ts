// A saved view of the Records page as the server keeps it (JSON, per user and GSTIN): the view
// tab, the supplier, the quick search as typed, the grid's column filters and its columns.
import type { ColumnState, FilterModel, GridApi } from 'ag-grid-community';
import type { Row } from '../../records.js';
import type { RecordsFilter, View } from './records-filter.js';
import { VIEWS } from './records-filter.js';

export interface SavedViewState {
  readonly v: 1;
  readonly view: View;
  readonly supplier: string;
  readonly search: string;
  readonly filterModel: FilterModel;
  readonly columns: readonly Pick<ColumnState, 'colId' | 'hide' | 'width' | 'sort' | 'pinned'>[];
}

/** The page's view now. */
export function captureView(
  api: GridApi<Row>,
  filter: RecordsFilter,
  search: string,
): SavedViewState {
  return {
    v: 1,
    view: filter.view,
    supplier: filter.supplier,
    search,
    filterModel: api.getFilterModel(),
    // Only what a view is about (shown, width, sort, pinned); undefined fields are left out.
    columns: api.getColumnState().map(({ colId, hide, width, sort, pinned }) => ({
      colId,
      hide: hide ?? null,
      ...(width === undefined ? {} : { width }),
      sort: sort ?? null,
      pinned: pinned ?? null,
    })),
  };
}

/** A stored view read back; anything not a view of this page's shape is refused (null). */
export function readView(raw: unknown): SavedViewState | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const o = raw as Record<string, unknown>;
  if (o.v !== 1) return null;
  const view = VIEWS.some((v) => v.view === o.view) ? (o.view as View) : 'all';
  return {
    v: 1,
    view,
    supplier: typeof o.supplier === 'string' ? o.supplier : '',
    search: typeof o.search === 'string' ? o.search : '',
    filterModel: typeof o.filterModel === 'object' && o.filterModel !== null ? o.filterModel : {},
    columns: Array.isArray(o.columns) ? (o.columns as SavedViewState['columns']) : [],
  };
}
