import type { ItcSummary } from '@core/itc-summary.js';
import { useEffect, useState } from 'react';
import type {
  ReconcileStatusPayload,
  StatusPayload,
} from '../../../../gst-ims/src/server/api-types.js';
import { errorText, getJson } from '../../api.js';
import { periodQuery } from '../../period-state.js';

export interface DashboardData {
  readonly status: StatusPayload;
  readonly itc: ItcSummary;
  /** Outcome counts of the last match; null without reconciliation or a register. */
  readonly matches: ReconcileStatusPayload | null;
}

/** The Dashboard's figures, loaded again on every change of the workspace or the period. */
export function useDashboardData(opts: {
  gstin: string | null;
  version: number;
  period: string | null;
  reconciliation: boolean;
}): { data: DashboardData | null; error: string | null } {
  const { gstin, version, period, reconciliation } = opts;
  const [data, setData] = useState<DashboardData | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    Promise.all([
      getJson<StatusPayload>('/api/status', gstin),
      getJson<ItcSummary>(`/api/itc${periodQuery(period)}`, gstin),
      reconciliation
        ? getJson<ReconcileStatusPayload | null>('/api/reconcile/status', gstin)
        : Promise.resolve(null),
    ])
      .then(([status, itc, matches]) => live && setData({ status, itc, matches }))
      .catch((e: unknown) => live && setError(errorText(e)));
    return () => {
      live = false;
    };
  }, [gstin, version, reconciliation, period]);
  return { data, error };
}
