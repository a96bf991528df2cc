import type { GridApi } from 'ag-grid-community';
import type { RefObject } from 'react';
import { useState } from 'react';
import type { Row } from '../../records.js';
import { COLUMNS } from './records-columns.js';
import type { ColumnStateControl } from './use-column-state.js';

/** The "Columns ▾" menu: a box per column to show or hide it, and a reset to the grid's own. */
export function ColumnChooser({
  apiRef,
  columns,
}: {
  apiRef: RefObject<GridApi<Row> | null>;
  columns: ColumnStateControl;
}) {
  const [open, setOpen] = useState(false);
  return (
    <div className="chooser-wrap">
      <button onClick={() => setOpen((x) => !x)} aria-expanded={open}>
        Columns ▾
      </button>
      {open && (
        <div className="chooser" onMouseLeave={() => setOpen(false)}>
          {COLUMNS.map((c) => {
            const col = apiRef.current?.getColumn(c.field as string);
            return (
              <label key={c.field}>
                <input
                  type="checkbox"
                  checked={col?.isVisible() ?? !c.hide}
                  onChange={(e) => {
                    apiRef.current?.setColumnsVisible([c.field as string], e.target.checked);
                    columns.save();
                  }}
                />{' '}
                {c.headerName}
              </label>
            );
          })}
          <button onClick={columns.reset}>Reset columns</button>
        </div>
      )}
    </div>
  );
}
