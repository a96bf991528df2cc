import type { GridApi } from 'ag-grid-community';
import type { ReactNode, RefObject } from 'react';
import type { SupplierOption } from '../../components/SupplierPicker.js';
import { SupplierPicker } from '../../components/SupplierPicker.js';
import { ViewTabs } from '../../grid.js';
import type { Row } from '../../records.js';
import { ColumnChooser } from './ColumnChooser.js';
import { ExportButtons } from './ExportButtons.js';
import type { View } from './records-filter.js';
import { VIEW_TABS } from './records-filter.js';
import type { ColumnStateControl } from './use-column-state.js';

export interface RecordsToolbarProps {
  readonly searchRef: RefObject<HTMLInputElement | null>;
  /** Each change of the search box's text. */
  readonly onSearch: (typed: string) => void;
  readonly suppliers: readonly SupplierOption[];
  readonly supplier: string;
  readonly onSupplier: (gstin: string) => void;
  readonly view: View;
  readonly onView: (view: View) => void;
  readonly onClear: () => void;
  readonly apiRef: RefObject<GridApi<Row> | null>;
  /** The grid once ready (the export buttons wait for it). */
  readonly gridApi: GridApi<Row> | null;
  readonly gstin: string | null;
  readonly columns: ColumnStateControl;
  /** More controls, placed before the column chooser (saved views, for one). */
  readonly children?: ReactNode;
}

/** Above the Records grid: search, supplier, views, columns, clear, export. */
export function RecordsToolbar(p: RecordsToolbarProps) {
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
      />
      <SupplierPicker suppliers={p.suppliers} value={p.supplier} onChange={p.onSupplier} />
      <ViewTabs tabs={VIEW_TABS} value={p.view} onChange={p.onView} />
      <div className="spacer" />
      {p.children}
      <ColumnChooser apiRef={p.apiRef} columns={p.columns} />
      <button onClick={p.onClear}>Clear filters</button>
      <ExportButtons api={p.gridApi} gstin={p.gstin} />
    </div>
  );
}
