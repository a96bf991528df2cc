// The Records grid's columns as the person left them (shown, widths, order), kept in the
// browser's localStorage across visits.
import type { ColumnState, GridApi } from 'ag-grid-community';
import type { RefObject } from 'react';
import { useCallback, useState } from 'react';
import type { Row } from '../../records.js';

export const COLUMN_STATE_KEY = 'gst-ims.records.columns.v1';

/** Puts the saved columns back on a new grid; a saved state that does not parse is forgotten. */
export function restoreColumns(api: GridApi<Row>, storage: Storage = localStorage): void {
  const saved = storage.getItem(COLUMN_STATE_KEY);
  if (!saved) return;
  try {
    api.applyColumnState({ state: JSON.parse(saved) as ColumnState[], applyOrder: true });
  } catch {
    storage.removeItem(COLUMN_STATE_KEY);
  }
}

export interface ColumnStateControl {
  /** Saves the columns as the grid has them now (and renders the page: the chooser follows). */
  readonly save: () => void;
  /** Forgets the saved columns and shows the grid's own. */
  readonly reset: () => void;
  /** For onColumnResized / onColumnMoved: saves once the drag finished. */
  readonly onColumnChanged: (e: { finished: boolean }) => void;
}

export function useColumnState(apiRef: RefObject<GridApi<Row> | null>): ColumnStateControl {
  const [, setTick] = useState(0);
  const save = useCallback(() => {
    const api = apiRef.current;
    if (!api) return;
    localStorage.setItem(
      COLUMN_STATE_KEY,
      JSON.stringify(
        api.getColumnState().map(({ colId, hide, width }) => ({ colId, hide, width })),
      ),
    );
    setTick((x) => x + 1);
  }, [apiRef]);
  const reset = useCallback(() => {
    localStorage.removeItem(COLUMN_STATE_KEY);
    apiRef.current?.resetColumnState();
    setTick((x) => x + 1);
  }, [apiRef]);
  const onColumnChanged = useCallback((e: { finished: boolean }) => e.finished && save(), [save]);
  return { save, reset, onColumnChanged };
}
