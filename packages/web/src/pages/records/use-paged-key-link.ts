// A link to a record (/records?key=…) in paged mode: the grid holds a few pages of what may be a
// million rows, so the server says where the record's row is under the page's filter and order
// (GET /api/records/position); the grid scrolls there, and the row is ticked and focused once its
// block has loaded. The record panel opens from the same ?key= (use-record-panel). A record the
// filter leaves out, or a sort other than the default, only opens the panel.
import type { GridApi } from 'ag-grid-community';
import { useEffect, useRef } from 'react';
import type { RecordPositionPayload } from '../../../../gst-ims/src/server/record-page-api-types.js';
import type { Row } from '../../records.js';
import type { PagedFilter } from './records-paged.js';
import { pagedQueryValues } from './records-paged.js';

/** GET /api/records/position's address for the record under the filter and the grid's sort. */
export function positionQuery(
  gstin: string,
  filter: PagedFilter,
  sort: readonly { colId: string; sort: 'asc' | 'desc' }[],
  key: string,
): string {
  const values = pagedQueryValues(filter, sort, 0, 1);
  return `/api/records/position?${new URLSearchParams({ gstin, key, ...values }).toString()}`;
}

/** Ticks and focuses the row once the grid holds it; gives up after `tries` block loads. */
function selectWhenLoaded(api: GridApi<Row>, key: string, index: number, tries = 20): void {
  const pick = (): boolean => {
    if (api.isDestroyed()) return true;
    const node = api.getRowNode(key);
    if (!node) return false;
    node.setSelected(true);
    api.setFocusedCell(index, 'docNumber');
    return true;
  };
  if (pick()) return;
  let left = tries;
  const onLoaded = (): void => {
    if (pick() || --left <= 0) api.removeEventListener('modelUpdated', onLoaded);
  };
  api.addEventListener('modelUpdated', onLoaded);
}

export function usePagedKeyLink(o: {
  gstin: string;
  api: GridApi<Row> | null;
  /** The server's count of the first page: the grid has its rows. */
  total: number | null;
  filter: () => PagedFilter;
  load: (url: string) => Promise<RecordPositionPayload>;
  onError: (e: unknown) => void;
}): void {
  const { gstin, api, total } = o;
  const key = useRef(new URLSearchParams(location.search).get('key'));
  const latest = useRef(o);
  latest.current = o;
  useEffect(() => {
    const k = key.current;
    if (k === null || api === null || total === null) return;
    key.current = null; // once, for the link the page was opened with
    const sort = api
      .getColumnState()
      .filter((c) => c.sort === 'asc' || c.sort === 'desc')
      .map((c) => ({ colId: c.colId, sort: c.sort as 'asc' | 'desc' }));
    latest.current
      .load(positionQuery(gstin, latest.current.filter(), sort, k))
      .then((p) => {
        if (p.index === null || api.isDestroyed()) return;
        api.ensureIndexVisible(p.index, 'middle');
        selectWhenLoaded(api, k, p.index);
      })
      .catch((e: unknown) => latest.current.onError(e));
  }, [gstin, api, total]);
}
