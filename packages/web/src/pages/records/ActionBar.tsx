import type { GridApi } from 'ag-grid-community';
import type { ReactNode } from 'react';
import { useEffect, useState } from 'react';
import type { DecideVerb } from '../../../../gst-ims/src/server/api-types.js';
import { VERB_LABEL } from '../../components/DecideDialog.js';
import { count } from '../../format.js';
import type { Row } from '../../records.js';

const VERBS: readonly DecideVerb[] = ['accept', 'reject', 'pending', 'reset'];

/** Rows shown and selected, followed on the grid's own events. */
export function useGridCounts(api: GridApi<Row> | null): { shown: number; selected: number } {
  const [counts, setCounts] = useState({ shown: 0, selected: 0 });
  useEffect(() => {
    if (!api) return;
    const update = (): void =>
      setCounts({ shown: api.getDisplayedRowCount(), selected: api.getSelectedNodes().length });
    update();
    api.addEventListener('modelUpdated', update);
    api.addEventListener('selectionChanged', update);
    return () => {
      if (api.isDestroyed()) return;
      api.removeEventListener('modelUpdated', update);
      api.removeEventListener('selectionChanged', update);
    };
  }, [api]);
  return counts;
}

/**
 * Counts and the decision buttons. Listens to the grid itself, so a filter or a selection
 * re-renders this bar only, not the page (and not the grid). `children` go after the buttons.
 */
export function ActionBar({
  api,
  total,
  onDecide,
  children,
}: {
  api: GridApi<Row> | null;
  total: number | null;
  onDecide: (verb: DecideVerb) => void;
  children?: ReactNode;
}) {
  const counts = useGridCounts(api);
  return (
    <div className="actionbar">
      <span className="counts" data-testid="grid-counts" aria-live="polite">
        {total !== null && api ? (
          <>
            Showing <b>{count(counts.shown)}</b> of {count(total)} records ·{' '}
            <b>{count(counts.selected)}</b> selected
          </>
        ) : (
          'Loading records…'
        )}
      </span>
      {VERBS.map((v) => (
        <button
          key={v}
          className={`decide decide-${v}`}
          disabled={counts.selected === 0}
          onClick={() => onDecide(v)}
        >
          {VERB_LABEL[v]} <kbd>{v === 'reset' ? 'n' : v[0]}</kbd>
        </button>
      ))}
      {children}
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
