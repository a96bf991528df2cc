// The quick search box and "Clear filters": the search text is no state of the page, so typing
// filters the grid without rendering the page.
import type { GridApi } from 'ag-grid-community';
import type { RefObject } from 'react';
import { useCallback } from 'react';
import type { Row } from '../../records.js';
import type { RecordsFilter } from './records-filter.js';
import { NO_FILTER, searchTerms } from './records-filter.js';

export function useSearchBox(
  searchRef: RefObject<HTMLInputElement | null>,
  setFilter: (patch: Partial<RecordsFilter>, opts?: { quiet?: boolean }) => void,
  apiRef: RefObject<GridApi<Row> | null>,
): { setSearch: (typed: string) => void; clearFilters: () => void } {
  const setSearch = useCallback(
    (typed: string) => setFilter({ terms: searchTerms(typed) }, { quiet: true }),
    [setFilter],
  );
  const clearFilters = useCallback(() => {
    if (searchRef.current) searchRef.current.value = '';
    setFilter(NO_FILTER);
    apiRef.current?.setFilterModel(null);
  }, [searchRef, setFilter, apiRef]);
  return { setSearch, clearFilters };
}
