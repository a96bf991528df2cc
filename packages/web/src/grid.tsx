// The ag-grid plumbing the Records and Reconcile pages share: the modules and the theme, money
// columns, multi-row selection, and an external filter (views, tabs, search, supplier) with its
// tab bar; a selection narrowed to the rows shown. The grid reads the filter from a ref through callbacks that never change, so a new
// filter re-runs the grid's filter without new grid options (which would drop its caches).
import type {
  ColDef,
  ColDefField,
  GetRowIdParams,
  GridApi,
  GridReadyEvent,
  IRowNode,
  ModelUpdatedEvent,
  Theme,
  ValueFormatterParams,
} from 'ag-grid-community';
import { AllCommunityModule, ModuleRegistry, themeQuartz } from 'ag-grid-community';
import type { ReactNode, RefObject } from 'react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { money } from './format.js';

ModuleRegistry.registerModules([AllCommunityModule]);

export const gridTheme = themeQuartz.withParams({
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif",
  fontSize: 13,
  headerFontSize: 12.5,
  rowHeight: 30,
  headerHeight: 34,
  spacing: 5,
  accentColor: '#1f5fa8',
  headerBackgroundColor: '#eef2f7',
});

/** Tick boxes, a header box that selects every filtered row; a click on a row does not select. */
export const MULTI_ROW_SELECTION = {
  mode: 'multiRow',
  checkboxes: true,
  headerCheckbox: true,
  selectAll: 'filtered',
  enableClickSelection: false,
} as const;

/** A column of paise shown as rupees; its filter compares rupees, as typed. */
export function moneyColumn<T>(
  field: ColDefField<T>,
  headerName: string,
  width: number,
  hide?: boolean,
): ColDef<T> {
  return {
    field,
    headerName,
    ...(hide === undefined ? {} : { hide }),
    type: 'rightAligned',
    width,
    filter: 'agNumberColumnFilter',
    filterValueGetter: (p) => {
      const v = (p.data as Record<string, unknown> | undefined)?.[field];
      return typeof v === 'number' ? v / 100 : null;
    },
    valueFormatter: (p: ValueFormatterParams<T, number | null>) => money(p.value),
    cellClass: 'num',
  };
}

/** What a grid is made with; all but `initial` are read at the first render only. */
export interface FilteredGridOptions<T, F> {
  readonly columnDefs: ColDef<T>[];
  readonly defaultColDef: ColDef<T>;
  readonly getRowId: (p: GetRowIdParams<T>) => string;
  readonly initial: F | (() => F);
  /** Whether the filter leaves anything out. */
  readonly active: (f: F) => boolean;
  /** Whether a row is shown. */
  readonly passes: (row: T, f: F) => boolean;
  /** Runs when the grid is ready, with its API. */
  readonly onReady?: ((api: GridApi<T>) => void) | undefined;
  readonly theme?: Theme | undefined;
}

export interface FilteredGrid<T, F> {
  /** The filter as last set (what the page shows). */
  readonly filter: F;
  /**
   * Changes part of the filter and filters the grid again, once for changes that come quickly
   * one after another (typing). `quiet` keeps the page from rendering again (the search text).
   */
  readonly setFilter: (patch: Partial<F>, opts?: { quiet?: boolean }) => void;
  readonly apiRef: RefObject<GridApi<T> | null>;
  /** The filter now, the quiet changes (search text) included. */
  readonly current: () => F;
  /** For AgGridReact: the columns, the theme, the selection and the filter's callbacks. */
  readonly gridProps: {
    readonly columnDefs: ColDef<T>[];
    readonly defaultColDef: ColDef<T>;
    readonly getRowId: (p: GetRowIdParams<T>) => string;
    readonly theme: Theme;
    readonly rowSelection: typeof MULTI_ROW_SELECTION;
    readonly onGridReady: (e: GridReadyEvent<T>) => void;
    readonly isExternalFilterPresent: () => boolean;
    readonly doesExternalFilterPass: (node: IRowNode<T>) => boolean;
    readonly tooltipShowDelay: number;
    readonly animateRows: boolean;
    readonly onModelUpdated: (e: ModelUpdatedEvent<T>) => void;
  };
}

/**
 * A bulk action touches only what the person sees: rows a filter, view, tab or new data hides
 * leave the selection (the counts then say so), instead of staying selected out of sight.
 */
export function narrowSelectionToShown<T>(api: GridApi<T>): void {
  const hidden = api.getSelectedNodes().filter((n) => !n.displayed);
  if (hidden.length > 0) api.setNodesSelected({ nodes: hidden, newValue: false });
}

/** A grid of rows T, selectable, with an external filter F. */
export function useFilteredGrid<T, F extends object>(
  opts: FilteredGridOptions<T, F>,
): FilteredGrid<T, F> {
  const [filter, setState] = useState<F>(opts.initial);
  const filterRef = useRef(filter);
  const apiRef = useRef<GridApi<T> | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef(opts);
  latest.current = opts;

  const setFilter = useCallback((patch: Partial<F>, o?: { quiet?: boolean }) => {
    filterRef.current = { ...filterRef.current, ...patch };
    if (o?.quiet !== true) setState(filterRef.current);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => apiRef.current?.onFilterChanged(), 0);
  }, []);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  const [gridProps] = useState<FilteredGrid<T, F>['gridProps']>(() => ({
    columnDefs: opts.columnDefs,
    defaultColDef: opts.defaultColDef,
    getRowId: opts.getRowId,
    theme: opts.theme ?? gridTheme,
    rowSelection: MULTI_ROW_SELECTION,
    onGridReady: (e) => {
      apiRef.current = e.api;
      latest.current.onReady?.(e.api);
    },
    isExternalFilterPresent: () => latest.current.active(filterRef.current),
    doesExternalFilterPass: (node) =>
      node.data !== undefined && latest.current.passes(node.data, filterRef.current),
    tooltipShowDelay: 300,
    animateRows: false,
    onModelUpdated: (e) => narrowSelectionToShown(e.api),
  }));
  const current = useCallback(() => filterRef.current, []);
  return { filter, setFilter, apiRef, gridProps, current };
}

/** The row of tabs above a grid that picks a view (Records) or an outcome (Reconcile). */
export function ViewTabs<V extends string>({
  tabs,
  value,
  onChange,
}: {
  tabs: readonly { value: V; label: ReactNode; title?: string | undefined }[];
  value: V;
  onChange: (v: V) => void;
}) {
  return (
    <div className="views" role="tablist">
      {tabs.map((t) => (
        <button
          key={t.value}
          role="tab"
          title={t.title}
          aria-selected={value === t.value}
          className={value === t.value ? 'on' : ''}
          onClick={() => onChange(t.value)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}
