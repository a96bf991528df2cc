// Which decision dialog is open on the Records page, on which rows, and where the keyboard
// focus goes back to once it closes.
import type { GridApi } from 'ag-grid-community';
import type { RefObject } from 'react';
import { useCallback, useRef, useState } from 'react';
import type { DecideVerb } from '../../../../gst-ims/src/server/api-types.js';
import type { Row } from '../../records.js';

export interface DialogState {
  readonly verb: DecideVerb;
  readonly rows: Row[];
  /** Where the rows were selected, in words; '' for the one record of the panel. */
  readonly scope: string;
}

interface FocusedCell {
  readonly rowId: string;
  readonly rowIndex: number;
  readonly colId: string;
}

export interface DecideDialogControl {
  readonly dialog: DialogState | null;
  /** Opens the dialog on the selection, or on `only` (the panel's record). */
  readonly open: (verb: DecideVerb, only?: Row) => void;
  readonly close: () => void;
  /** For the dialog's restoreFocus: back to the grid row it was opened from. */
  readonly restoreFocus: (previous: Element | null) => void;
}

const NOTHING_SELECTED =
  'Select records first: tick their boxes (or Space on a row), or tick the header box for every filtered record.';

/** The grid cell that has the focus, to come back to after the dialog. */
function focusedCell(api: GridApi<Row> | null): FocusedCell | null {
  const cell = api?.getFocusedCell();
  const node = cell ? api?.getDisplayedRowAtIndex(cell.rowIndex) : undefined;
  return cell && node?.id
    ? { rowId: node.id, rowIndex: cell.rowIndex, colId: cell.column.getColId() }
    : null;
}

/**
 * Back to the row the dialog was opened from; when a decision took it out of the view, to the
 * row now in its place. Without a grid cell to return to, to the element focused before.
 */
export function refocusGrid(
  api: GridApi<Row> | null,
  before: FocusedCell | null,
  previous: Element | null,
): void {
  if (!api || api.isDestroyed() || !before) {
    if (previous instanceof HTMLElement && previous.isConnected) previous.focus();
    return;
  }
  const node = api.getRowNode(before.rowId);
  const shown = api.getDisplayedRowCount();
  if (shown === 0) return;
  const index =
    node?.displayed && node.rowIndex !== null
      ? node.rowIndex
      : Math.min(before.rowIndex, shown - 1);
  api.ensureIndexVisible(index);
  api.setFocusedCell(index, before.colId);
}

export function useDecideDialog(opts: {
  apiRef: RefObject<GridApi<Row> | null>;
  /** Where the selection was picked, in words (scopeText of the filter now). */
  scope: () => string;
  toast: (kind: 'info', text: string) => void;
}): DecideDialogControl {
  const { apiRef, scope, toast } = opts;
  const [dialog, setDialog] = useState<DialogState | null>(null);
  const focusBefore = useRef<FocusedCell | null>(null);

  const open = useCallback(
    (verb: DecideVerb, only?: Row) => {
      const list = only ? [only] : (apiRef.current?.getSelectedRows() ?? []);
      if (list.length === 0) {
        toast('info', NOTHING_SELECTED);
        return;
      }
      focusBefore.current = focusedCell(apiRef.current);
      setDialog({ verb, rows: list, scope: only ? '' : scope() });
    },
    [apiRef, scope, toast],
  );
  const close = useCallback(() => setDialog(null), []);
  const restoreFocus = useCallback(
    (previous: Element | null) => {
      const before = focusBefore.current;
      focusBefore.current = null;
      refocusGrid(apiRef.current, before, previous);
    },
    [apiRef],
  );
  return { dialog, open, close, restoreFocus };
}
