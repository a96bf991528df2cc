// The paged Records grid's summary (GET /api/records/summary): the view tabs' counts and the
// supplier list, asked again whenever the workspace changed.
import { useCallback, useEffect, useState } from 'react';
import { errorText, getJson } from '../../api.js';
import type { RecordsSummaryPayload } from './records-paged.js';

export function useRecordsSummary(
  gstin: string | null,
  version: number,
  onError: (text: string) => void,
): { summary: RecordsSummaryPayload | null; reload: () => void } {
  const [summary, setSummary] = useState<RecordsSummaryPayload | null>(null);
  const [asked, setAsked] = useState(0);
  useEffect(() => {
    if (!gstin) return;
    let live = true;
    getJson<RecordsSummaryPayload>('/api/records/summary', gstin)
      .then((s) => live && setSummary(s))
      .catch((e: unknown) => live && onError(errorText(e)));
    return () => {
      live = false;
    };
  }, [gstin, version, asked, onError]);
  const reload = useCallback(() => setAsked((n) => n + 1), []);
  return { summary, reload };
}
