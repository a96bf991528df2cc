// The Records grid: its columns, its filter as the page address asks for it (?view=, ?supplier=),
// and the saved columns put back once it is ready.
import type { GridApi } from 'ag-grid-community';
import { useCallback, useState } from 'react';
import type { FilteredGrid } from '../../grid.js';
import { useFilteredGrid } from '../../grid.js';
import type { Row } from '../../records.js';
import { COLUMNS, DEFAULT_COL_DEF, RECORDS_THEME, getRowId } from './records-columns.js';
import type { RecordsFilter } from './records-filter.js';
import { filterActive, filterFromSearch, filterPasses } from './records-filter.js';
import { restoreColumns } from './use-column-state.js';

export function useRecordsGrid(): FilteredGrid<Row, RecordsFilter> & {
  /** The grid once ready (what listens to it: the action bar, the export). */
  gridApi: GridApi<Row> | null;
} {
  const [gridApi, setGridApi] = useState<GridApi<Row> | null>(null);
  const onGridReady = useCallback((api: GridApi<Row>) => {
    // For the benchmark and for diagnosing from the browser console.
    (window as unknown as { __gstImsGrid?: GridApi<Row> }).__gstImsGrid = api;
    restoreColumns(api);
    setGridApi(api);
  }, []);
  const grid = useFilteredGrid<Row, RecordsFilter>({
    columnDefs: COLUMNS,
    defaultColDef: DEFAULT_COL_DEF,
    getRowId,
    initial: () => filterFromSearch(location.search),
    active: filterActive,
    passes: filterPasses,
    onReady: onGridReady,
    theme: RECORDS_THEME,
  });
  return { ...grid, gridApi };
}
