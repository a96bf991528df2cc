// The dry run of a bulk decision (POST /api/decide-filtered with dryRun: a job that writes
// nothing), run when the question opens and again when its answers change: the counts the job
// would reach, with its progress while the server counts. One at a time: a changed answer
// cancels the count under way, waits for it to end (the server runs one job per GSTIN), then
// asks again. Closing the question cancels it.
import { useEffect, useRef, useState } from 'react';
import type { DecideFilteredBody, JobPayload } from '../../decide-job.js';
import { runFilteredDecision } from '../../decide-job.js';

export interface BulkPreview {
  /** The dry run as last polled (running with its progress, or done with its result). */
  readonly job: JobPayload | null;
  /** It could not be started or followed. */
  readonly error: unknown;
}

/** Milliseconds an answer waits for the next keystroke before it is counted again. */
export const RECOUNT_PAUSE_MS = 400;

export function useBulkPreview(
  request: DecideFilteredBody | null,
  o: { pauseMs?: number | undefined; pollMs?: number | undefined } = {},
): BulkPreview {
  const [job, setJob] = useState<JobPayload | null>(null);
  const [error, setError] = useState<unknown>(null);
  const chain = useRef<Promise<unknown>>(Promise.resolve());
  const first = useRef(true);
  const key = request === null ? null : JSON.stringify(request);
  const { pauseMs = RECOUNT_PAUSE_MS, pollMs } = o;

  useEffect(() => {
    if (key === null) return;
    const body = { ...(JSON.parse(key) as DecideFilteredBody), dryRun: true };
    let live = true;
    const abort = new AbortController();
    setJob(null);
    setError(null);
    const ask = (): void => {
      chain.current = chain.current
        .then(() =>
          live
            ? runFilteredDecision(body, {
                signal: abort.signal,
                pollMs,
                onProgress: (j) => live && setJob(j),
              })
            : null,
        )
        .catch((e: unknown) => {
          if (live) setError(e);
        });
    };
    // The question's first count starts at once; a changed answer waits for the typing to stop.
    const timer = first.current ? null : setTimeout(ask, pauseMs);
    if (first.current) ask();
    first.current = false;
    return () => {
      live = false;
      if (timer !== null) clearTimeout(timer);
      abort.abort();
    };
  }, [key, pauseMs, pollMs]);

  return { job, error };
}
