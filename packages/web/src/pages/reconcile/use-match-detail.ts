// What the Reconcile panel shows beyond the grid's row: the portal record as the workspace holds
// it and the match explained (proposal, other candidates in the books). Books-only rows have no
// record, so nothing to fetch.
import { useEffect, useState } from 'react';
import type {
  ExplainPayload,
  RecordDetailPayload,
} from '../../../../gst-ims/src/server/api-types.js';
import { errorText, getJson } from '../../api.js';

export interface MatchDetail {
  readonly record: RecordDetailPayload;
  readonly explain: ExplainPayload;
}

/** Candidates the explanation lists besides the pair the match made. */
export const CANDIDATES = 5;

export function useMatchDetail(
  gstin: string,
  recordKey: string | null,
  /** Moves on with each run of the match: the detail is loaded again. */
  version: unknown,
): { detail: MatchDetail | null; error: string | null; loading: boolean } {
  const [detail, setDetail] = useState<MatchDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  useEffect(() => {
    setDetail(null);
    setError(null);
    if (recordKey === null) return;
    let live = true;
    setLoading(true);
    const key = encodeURIComponent(recordKey);
    Promise.all([
      getJson<RecordDetailPayload>(`/api/record?key=${key}`, gstin),
      getJson<ExplainPayload>(`/api/reconcile/explain?key=${key}`, gstin),
    ])
      .then(([record, explain]) => live && setDetail({ record, explain }))
      .catch((e: unknown) => live && setError(errorText(e)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [gstin, recordKey, version]);
  return { detail, error, loading };
}
