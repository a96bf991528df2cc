// The paged Records grid (issue 18): ag-grid's infinite row model over GET /api/records/page.
// The filter lives in a ref the datasource reads at each block, so a new filter only empties
// the grid's cache (one new request), never builds new grid options.
import type { ColDef, GetRowIdParams, GridApi, GridReadyEvent, Theme } from 'ag-grid-community';
import type { RefObject } from 'react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorText, getJson } from '../../api.js';
import type { Row } from '../../records.js';
import { COLUMNS, DEFAULT_COL_DEF, RECORDS_THEME, getRowId } from './records-columns.js';
import { filterFromSearch } from './records-filter.js';
import type { PagedFilter, RecordsPagePayload } from './records-paged.js';
import { PAGE_BLOCK, pagedColumns, recordsDatasource } from './records-paged.js';
import { restoreColumns } from './use-column-state.js';

/** Tick boxes only: the infinite row model has no header box (select all N matching instead). */
export const PAGED_ROW_SELECTION = {
  mode: 'multiRow',
  checkboxes: true,
  headerCheckbox: false,
  enableClickSelection: false,
} as const;

/** Blocks kept in the browser: 50 x 200 rows, whatever the workspace holds. */
const BLOCKS_KEPT = 50;

const PAGED_COLUMNS = pagedColumns(COLUMNS);
const PAGED_DEFAULT_COL_DEF: ColDef<Row> = { ...DEFAULT_COL_DEF, floatingFilter: false };

export interface PagedGrid {
  readonly filter: PagedFilter;
  /** Changes part of the filter; the grid asks again from the first row. `quiet`: no render. */
  readonly setFilter: (patch: Partial<PagedFilter>, opts?: { quiet?: boolean }) => void;
  readonly current: () => PagedFilter;
  readonly apiRef: RefObject<GridApi<Row> | null>;
  readonly gridApi: GridApi<Row> | null;
  /** Records matching the filter (the server's count); null until it comes. */
  readonly total: number | null;
  /** The rows of the filter have come and their count is being asked (it comes after them). */
  readonly counting: boolean;
  /** The grid has had rows from the server once (the page's other requests wait for that). */
  readonly shown: boolean;
  /** Asks again for the rows shown, keeping the scroll position (after a change). */
  readonly refresh: () => void;
  readonly gridProps: {
    readonly rowModelType: 'infinite';
    readonly columnDefs: ColDef<Row>[];
    readonly defaultColDef: ColDef<Row>;
    readonly getRowId: (p: GetRowIdParams<Row>) => string;
    readonly theme: Theme;
    readonly rowSelection: typeof PAGED_ROW_SELECTION;
    readonly cacheBlockSize: number;
    readonly maxBlocksInCache: number;
    readonly onGridReady: (e: GridReadyEvent<Row>) => void;
    readonly tooltipShowDelay: number;
    readonly animateRows: boolean;
  };
}

/** Search typing waits this long for the next key before asking the server. */
export const SEARCH_PAUSE_MS = 250;

export function usePagedGrid(gstin: string, onError: (text: string) => void): PagedGrid {
  const [filter, setState] = useState<PagedFilter>(() => ({
    ...filterFromSearch(location.search),
    section: null,
  }));
  const filterRef = useRef(filter);
  const apiRef = useRef<GridApi<Row> | null>(null);
  const [gridApi, setGridApi] = useState<GridApi<Row> | null>(null);
  const [total, setTotal] = useState<number | null>(null);
  const [counting, setCounting] = useState(false);
  const [shown, setShown] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const errorRef = useRef(onError);
  errorRef.current = onError;

  const setFilter = useCallback((patch: Partial<PagedFilter>, o?: { quiet?: boolean }) => {
    filterRef.current = { ...filterRef.current, ...patch };
    if (o?.quiet !== true) setState(filterRef.current);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(
      () => {
        const api = apiRef.current;
        if (!api || api.isDestroyed()) return;
        // Another filter is another list: the ticks and the scroll position belong to the last.
        api.deselectAll();
        if (api.getDisplayedRowCount() > 0) api.ensureIndexVisible(0, 'top');
        api.purgeInfiniteCache();
      },
      o?.quiet === true ? SEARCH_PAUSE_MS : 0,
    );
  }, []);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const [gridProps] = useState<PagedGrid['gridProps']>(() => ({
    rowModelType: 'infinite',
    columnDefs: PAGED_COLUMNS,
    defaultColDef: PAGED_DEFAULT_COL_DEF,
    getRowId,
    theme: RECORDS_THEME,
    rowSelection: PAGED_ROW_SELECTION,
    cacheBlockSize: PAGE_BLOCK,
    maxBlocksInCache: BLOCKS_KEPT,
    tooltipShowDelay: 300,
    animateRows: false,
    onGridReady: (e) => {
      apiRef.current = e.api;
      (window as unknown as { __gstImsGrid?: GridApi<Row> }).__gstImsGrid = e.api;
      restoreColumns(e.api);
      setGridApi(e.api);
      e.api.setGridOption(
        'datasource',
        recordsDatasource({
          gstin,
          filter: () => filterRef.current,
          load: (url) => getJson<RecordsPagePayload>(url),
          onPage: (n) => {
            setShown(true);
            setTotal(n);
            setCounting(n === null);
          },
          onCount: (n) => {
            setTotal(n);
            setCounting(false);
            if (!e.api.isDestroyed()) e.api.setRowCount(n, true);
          },
          onError: (err) => errorRef.current(errorText(err)),
        }),
      );
    },
  }));

  const refresh = useCallback(() => {
    const api = apiRef.current;
    if (api && !api.isDestroyed()) api.refreshInfiniteCache();
  }, []);
  const current = useCallback(() => filterRef.current, []);
  return {
    filter,
    setFilter,
    current,
    apiRef,
    gridApi,
    total,
    counting,
    shown,
    refresh,
    gridProps,
  };
}
