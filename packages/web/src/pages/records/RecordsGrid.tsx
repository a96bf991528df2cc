import { AgGridReact } from 'ag-grid-react';
import type { FilteredGrid } from '../../grid.js';
import type { Row } from '../../records.js';
import { SELECTION_COLUMN_DEF } from './records-columns.js';
import type { RecordsFilter } from './records-filter.js';
import type { ColumnStateControl } from './use-column-state.js';
import type { RecordPanelControl } from './use-record-panel.js';

/** The Records grid itself: rows, saved column changes, a click or Enter opens the panel. */
export function RecordsGrid({
  rows,
  gridProps,
  columns,
  panel,
}: {
  rows: Row[] | null;
  gridProps: FilteredGrid<Row, RecordsFilter>['gridProps'];
  columns: ColumnStateControl;
  panel: Pick<RecordPanelControl, 'onCellClicked' | 'onCellKeyDown'>;
}) {
  return (
    <div className="grid-wrap">
      <AgGridReact<Row>
        rowData={rows}
        selectionColumnDef={SELECTION_COLUMN_DEF}
        {...gridProps}
        onColumnResized={columns.onColumnChanged}
        onColumnMoved={columns.onColumnChanged}
        onCellClicked={panel.onCellClicked}
        onCellKeyDown={panel.onCellKeyDown}
        suppressCellFocus={false}
        loading={rows === null}
        overlayNoRowsTemplate="No record matches the filters."
      />
    </div>
  );
}
