// Above the paged Records grid: search, supplier, section, the view tabs with the server's
// counts, columns, clear. What the server cannot filter or export is not offered here.
import type { GridApi } from 'ag-grid-community';
import type { RefObject } from 'react';
import { useMemo } from 'react';
import type { Section } from '@core/sections.js';
import { SECTIONS, SECTION_INFO } from '@core/sections.js';
import { SupplierPicker } from '../../components/SupplierPicker.js';
import { count } from '../../format.js';
import { ViewTabs } from '../../grid.js';
import type { Row } from '../../records.js';
import { ColumnChooser } from './ColumnChooser.js';
import type { View } from './records-filter.js';
import type { PagedFilter, RecordsSummaryPayload } from './records-paged.js';
import { summarySuppliers, viewTabs } from './records-paged.js';
import type { ColumnStateControl } from './use-column-state.js';

export function PagedToolbar(p: {
  searchRef: RefObject<HTMLInputElement | null>;
  onSearch: (typed: string) => void;
  filter: PagedFilter;
  setFilter: (patch: Partial<PagedFilter>) => void;
  summary: RecordsSummaryPayload | null;
  onClear: () => void;
  apiRef: RefObject<GridApi<Row> | null>;
  columns: ColumnStateControl;
}) {
  const { filter, setFilter } = p;
  // Sorted once per summary, not at each filter's render (thousands of suppliers at a million).
  const suppliers = useMemo(() => summarySuppliers(p.summary), [p.summary]);
  return (
    <div className="toolbar">
      <input
        ref={p.searchRef}
        id="quick-search"
        type="search"
        placeholder="Search  ( / )"
        defaultValue=""
        onChange={(e) => p.onSearch(e.target.value)}
        aria-label="Quick search"
        title="Every word must be in the record's document number, supplier GSTIN or name, or key"
      />
      <SupplierPicker
        suppliers={suppliers}
        value={filter.supplier}
        onChange={(g) => setFilter({ supplier: g })}
      />
      <select
        aria-label="Section"
        value={filter.section ?? ''}
        onChange={(e) => setFilter({ section: (e.target.value || null) as Section | null })}
      >
        <option value="">All sections</option>
        {SECTIONS.map((s) => (
          <option key={s} value={s}>
            {SECTION_INFO[s].sheet}
          </option>
        ))}
      </select>
      <ViewTabs<View>
        tabs={viewTabs(p.summary, count)}
        value={filter.view}
        onChange={(v) => setFilter({ view: v })}
      />
      <div className="spacer" />
      <span
        className="muted small"
        data-testid="paged-note"
        title="This GSTIN holds many records: the grid loads them from the server as you scroll, sorts and filters there. Column filters and the export of the view are left out; export from the Excel page."
      >
        Loaded as you scroll
      </span>
      <ColumnChooser apiRef={p.apiRef} columns={p.columns} />
      <button onClick={p.onClear}>Clear filters</button>
    </div>
  );
}
