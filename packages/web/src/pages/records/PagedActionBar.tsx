// The paged grid's counts and decision buttons: the server's count of matching records, the
// rows ticked, or "all N matching" (a selection the browser does not hold: the server decides it).
import type { GridApi } from 'ag-grid-community';
import { useEffect, useRef, useState } from 'react';
import type { DecideVerb } from '../../../../gst-ims/src/server/api-types.js';
import { VERB_LABEL } from '../../components/DecideDialog.js';
import { count } from '../../format.js';
import type { Row } from '../../records.js';

const VERBS: readonly DecideVerb[] = ['accept', 'reject', 'pending', 'reset'];

/** Rows ticked, followed on the grid's own event. */
function useSelectedCount(api: GridApi<Row> | null, onTicked: () => void): number {
  const [selected, setSelected] = useState(0);
  const ticked = useRef(onTicked);
  ticked.current = onTicked;
  useEffect(() => {
    if (!api) return;
    const update = (): void => {
      const n = api.getSelectedNodes().length;
      setSelected(n);
      if (n > 0) ticked.current();
    };
    update();
    api.addEventListener('selectionChanged', update);
    return () => {
      if (!api.isDestroyed()) api.removeEventListener('selectionChanged', update);
    };
  }, [api]);
  return selected;
}

export interface BulkAvailability {
  /** Whether "all N matching" can be decided (the server's bulk job). */
  readonly available: boolean;
  /** Why not, for the buttons' title. */
  readonly reason: string;
}

export function PagedActionBar(p: {
  api: GridApi<Row> | null;
  /** Records matching the filter; null while the first page loads or they are counted. */
  matching: number | null;
  /** The filter's rows are shown and their count is on its way. */
  counting?: boolean;
  /** Records of the GSTIN; null while the summary loads. */
  records: number | null;
  allMatching: boolean;
  onAllMatching: (on: boolean) => void;
  onDecide: (verb: DecideVerb) => void;
  bulk: BulkAvailability;
}) {
  const { api, matching, records, allMatching, onAllMatching } = p;
  const selected = useSelectedCount(api, () => onAllMatching(false));
  const ready = matching !== null && api !== null;
  const blocked = allMatching ? !p.bulk.available : selected === 0;
  return (
    <div className="actionbar">
      <span className="counts" data-testid="grid-counts" aria-live="polite">
        {!ready ? (
          p.counting === true ? (
            <>
              Counting the matching records… · <b>{count(selected)}</b> selected
            </>
          ) : (
            'Loading records…'
          )
        ) : allMatching ? (
          <>
            Showing <b>{count(matching)}</b> of {count(records ?? matching)} records · all{' '}
            <b>{count(matching)}</b> matching selected
          </>
        ) : (
          <>
            Showing <b>{count(matching)}</b> of {count(records ?? matching)} records ·{' '}
            <b>{count(selected)}</b> selected
          </>
        )}
      </span>
      {ready && matching > 0 && (
        <button
          data-testid="select-all-matching"
          aria-pressed={allMatching}
          onClick={() => {
            api.deselectAll();
            onAllMatching(!allMatching);
          }}
        >
          {allMatching ? 'Clear selection' : `Select all ${count(matching)} matching`}
        </button>
      )}
      {VERBS.map((v) => (
        <button
          key={v}
          className={`decide decide-${v}`}
          disabled={blocked}
          title={allMatching && !p.bulk.available ? p.bulk.reason : undefined}
          onClick={() => p.onDecide(v)}
        >
          {VERB_LABEL[v]} <kbd>{v === 'reset' ? 'n' : v[0]}</kbd>
        </button>
      ))}
      <span
        className="shortcuts muted small"
        title="a accept · r reject · p pending · n reset to No Action, on the selected records"
      >
        Keys: <kbd>/</kbd> search · <kbd>Space</kbd> select · <kbd>Enter</kbd> details ·{' '}
        <kbd>Esc</kbd> close
      </span>
    </div>
  );
}
