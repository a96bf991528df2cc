import type { GridApi } from 'ag-grid-community';
import type { RefObject } from 'react';
import type { DecideVerb } from '../../../../gst-ims/src/server/api-types.js';
import { RecordPanel } from '../../components/RecordPanel.js';
import type { Row } from '../../records.js';
import type { RecordPanelControl } from './use-record-panel.js';

/** The record panel beside the grid, for the record the panel control names. */
export function RecordsSidePanel({
  gstin,
  panel,
  apiRef,
  rows,
  onDecide,
  onChanged,
}: {
  gstin: string;
  panel: RecordPanelControl & { key: string };
  apiRef: RefObject<GridApi<Row> | null>;
  rows: readonly Row[] | null;
  /** Opens the decision dialog on this one record. */
  onDecide: (verb: DecideVerb, row: Row) => void;
  /** The workspace changed from the panel (a link or unlink). */
  onChanged: () => void;
}) {
  return (
    <RecordPanel
      gstin={gstin}
      recordKey={panel.key}
      version={panel.version}
      onClose={panel.close}
      onChanged={() => {
        // A link or unlink runs the match again: outcomes may change on other rows too.
        panel.refresh();
        onChanged();
      }}
      onDecide={(verb) => {
        const r =
          apiRef.current?.getRowNode(panel.key)?.data ?? rows?.find((x) => x.key === panel.key);
        if (r) onDecide(verb, r);
      }}
    />
  );
}
