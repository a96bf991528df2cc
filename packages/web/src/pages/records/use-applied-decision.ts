// After the decision dialog applied a decision: the toast (with its Undo), the grid's rows
// updated in place, the app told of the change, the panel loaded again.
import type { GridApi } from 'ag-grid-community';
import type { RefObject } from 'react';
import { useCallback } from 'react';
import type { DecidePayload } from '../../../../gst-ims/src/server/api-types.js';
import { useApp } from '../../app-state.js';
import type { Row } from '../../records.js';
import { decodeRecords } from '../../records.js';
import { useUndoToastAction } from '../../undo.js';

export function useAppliedDecision(opts: {
  apiRef: RefObject<GridApi<Row> | null>;
  closeDialog: () => void;
  noteOwnChange: (updated: readonly Row[]) => void;
  refreshPanel: () => void;
}): (r: DecidePayload, message: string) => void {
  const { gstin, toast, bump } = useApp();
  const undoToast = useUndoToastAction();
  const { apiRef, closeDialog, noteOwnChange, refreshPanel } = opts;
  return useCallback(
    (r: DecidePayload, message: string) => {
      closeDialog();
      // An applied decision can be taken back from its toast (the same undo as History's).
      toast(r.changed ? 'ok' : 'info', message, r.applied && r.changed ? undoToast() : undefined);
      if (!gstin) return;
      if (r.updated && r.updated.rows.length) {
        const updated = decodeRecords(r.updated);
        apiRef.current?.applyTransaction({ update: updated });
        noteOwnChange(updated);
        bump();
      }
      refreshPanel();
    },
    [gstin, toast, undoToast, bump, apiRef, noteOwnChange, closeDialog, refreshPanel],
  );
}
