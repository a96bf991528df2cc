// The record panel beside the Records grid: which record it shows (?key= opens one), and a
// number that makes it load that record again after a change.
import type { CellClickedEvent, CellKeyDownEvent, GridApi } from 'ag-grid-community';
import type { RefObject } from 'react';
import { useCallback, useEffect, useState } from 'react';
import type { Row } from '../../records.js';

export interface RecordPanelControl {
  /** The record shown; null while the panel is closed. */
  readonly key: string | null;
  readonly open: (key: string) => void;
  readonly close: () => void;
  /** Moves on to make the panel load its record again. */
  readonly version: number;
  readonly refresh: () => void;
  /** A click on a row (not on its tick box) opens it. */
  readonly onCellClicked: (e: CellClickedEvent<Row>) => void;
  /** Enter on a row opens it. */
  readonly onCellKeyDown: (e: CellKeyDownEvent<Row>) => void;
}

export function useRecordPanel(
  apiRef: RefObject<GridApi<Row> | null>,
  rows: readonly Row[] | null,
): RecordPanelControl {
  const [key, setKey] = useState<string | null>(() =>
    new URLSearchParams(location.search).get('key'),
  );
  const [version, setVersion] = useState(0);
  const close = useCallback(() => setKey(null), []);
  const refresh = useCallback(() => setVersion((v) => v + 1), []);
  const onCellClicked = useCallback((e: CellClickedEvent<Row>) => {
    if (e.column.getColId() === 'ag-Grid-SelectionColumn' || !e.data) return;
    setKey(e.data.key);
  }, []);
  const onCellKeyDown = useCallback((e: CellKeyDownEvent<Row>) => {
    const k = (e.event as KeyboardEvent | null)?.key;
    if (k === 'Enter' && e.data) setKey(e.data.key);
  }, []);

  // ?key=...: open that record and bring it into view once the grid has it.
  useEffect(() => {
    const api = apiRef.current;
    if (!api || !rows || !key) return;
    const node = api.getRowNode(key);
    if (node) api.ensureNodeVisible(node, 'middle');
  }, [rows, key, apiRef]);

  return { key, open: setKey, close, version, refresh, onCellClicked, onCellKeyDown };
}
