// The match run the Reconcile page shows: run on open, again after every change (the app's
// version) and on "Match again"; its outcomes reach the Records grid's cached rows.
import { useCallback, useEffect, useState } from 'react';
import type { ReconcilePayload } from '../../../../gst-ims/src/server/api-types.js';
import { ApiError, errorText, postJson } from '../../api.js';
import { patchOutcomes } from '../../records.js';

export interface RunError {
  readonly text: string;
  /** No purchase register imported yet: the page offers the import instead. */
  readonly noRegister: boolean;
}

export function useReconcileRun(
  gstin: string | null,
  periodQuery: string,
  version: number,
): {
  data: ReconcilePayload | null;
  error: RunError | null;
  busy: boolean;
  run: () => Promise<void>;
} {
  const [data, setData] = useState<ReconcilePayload | null>(null);
  const [error, setError] = useState<RunError | null>(null);
  const [busy, setBusy] = useState(false);

  const run = useCallback(async () => {
    setBusy(true);
    try {
      const d = await postJson<ReconcilePayload>(`/api/reconcile/run${periodQuery}`, { gstin });
      setData(d);
      setError(null);
      // The Records grid shows each record's outcome: the run's, from now on.
      if (gstin) patchOutcomes(gstin, d.rows);
    } catch (e) {
      setError({
        text: errorText(e),
        noRegister: e instanceof ApiError && e.kind === 'nothingToDo',
      });
    } finally {
      setBusy(false);
    }
  }, [gstin, periodQuery]);

  useEffect(() => {
    void run();
  }, [run, version]);

  return { data, error, busy, run };
}
