// "Decide all N matching": a decision on every record a Records filter matches, run by the server
// as a job (issue 18, decision 0044) that this page follows and may cancel.
//
// API (for the Records page's paged mode):
//
//   const job = useFilteredDecision();
//   job.start({ gstin, filter, verb, remark, itcReduction, skipRefused, seenUpTo });
//   <JobProgress job={job.job} error={job.error} title="Accept 500,000 records"
//                onCancel={job.cancel} onClose={job.close} />     (components/JobProgress.tsx)
//   job.job: the job as last polled (null before start): state running|done|cancelled|failed,
//            done/total, and when done, result: { matched, applied, unchanged, refused, skipped,
//            refusals, skippedRecords, written, auditPoint, ... }
//   job.running: true while the server works on it; job.cancel(): asks the server to stop (the
//            workspace is left as it was); job.close(): forgets a finished job.
//   onFinished (the hook's argument) runs once with the final job: reload the page's rows there.
//
//   Without the hook: runFilteredDecision(request, { onProgress, signal, pollMs }) starts the job,
//   polls it, cancels it when `signal` aborts, and resolves with the final JobPayload (it rejects
//   only when the job could not be started: ApiError 409 while another runs on the GSTIN, 400).
//
//   seenUpTo: on a multi-user server, the GSTIN's audit point the page's rows were loaded at
//   (auditPointOf(gstin) when the page loads, or the last job's result.auditPoint): records another
//   person decided after it are left as they decided them and listed (code STALE_RECORD). When the
//   request has none, runFilteredDecision asks for the point at start, which protects only the
//   decisions made while the job runs.
import { useCallback, useRef, useState } from 'react';
import type {
  AuditPointPayload,
  DecideFilteredBody,
  JobPayload,
  JobStartedPayload,
} from '../../gst-ims/src/server/job-api-types.js';
import { getJson, ownWrites, postJson } from './api.js';
import { currentSession } from './session.js';

export type { DecideFilteredBody, JobPayload };

export interface RunOptions {
  /** Each poll's answer while the job runs (and the final one). */
  readonly onProgress?: ((job: JobPayload) => void) | undefined;
  /** Aborting it cancels the job on the server; the promise still resolves with its end. */
  readonly signal?: AbortSignal | undefined;
  /** Milliseconds between polls (default 300). */
  readonly pollMs?: number | undefined;
}

/** The GSTIN's newest audit event id: what a page loaded now sends back as seenUpTo. */
export async function auditPointOf(gstin: string): Promise<number> {
  return (await getJson<AuditPointPayload>(`/api/audit-point?gstin=${encodeURIComponent(gstin)}`))
    .auditPoint;
}

export async function runFilteredDecision(
  request: DecideFilteredBody,
  opts: RunOptions = {},
): Promise<JobPayload> {
  const body =
    request.seenUpTo === undefined && currentSession() !== null
      ? { ...request, seenUpTo: await auditPointOf(request.gstin) }
      : request;
  const { jobId } = await postJson<JobStartedPayload>('/api/decide-filtered', body);
  const path = `/api/jobs/${encodeURIComponent(jobId)}`;
  let cancelled = false;
  const cancel = (): void => {
    if (cancelled) return;
    cancelled = true;
    // The poll below sees the job end; a failed cancel leaves it running, as the poll will show.
    postJson<JobPayload>(`${path}/cancel`, {}).catch(() => undefined);
  };
  if (opts.signal?.aborted === true) cancel();
  opts.signal?.addEventListener('abort', cancel, { once: true });
  ownWrites.underWay++;
  try {
    for (;;) {
      const job = await getJson<JobPayload>(path);
      if (job.version !== null) ownWrites.versions.add(job.version);
      opts.onProgress?.(job);
      if (job.state !== 'running') return job;
      await new Promise((r) => setTimeout(r, opts.pollMs ?? 300));
    }
  } finally {
    ownWrites.underWay--;
    opts.signal?.removeEventListener('abort', cancel);
  }
}

export interface FilteredDecision {
  readonly job: JobPayload | null;
  /** The job could not be started, or polling it failed (in words). */
  readonly error: unknown;
  readonly running: boolean;
  readonly start: (request: DecideFilteredBody) => void;
  readonly cancel: () => void;
  readonly close: () => void;
}

/** One job at a time for a page: start, follow, cancel, close. */
export function useFilteredDecision(
  onFinished?: (job: JobPayload) => void,
  pollMs?: number,
): FilteredDecision {
  const [job, setJob] = useState<JobPayload | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [running, setRunning] = useState(false);
  const abort = useRef<AbortController | null>(null);
  const finished = useRef(onFinished);
  finished.current = onFinished;
  // A page left while a job runs does not cancel it: the poll goes on to the job's end, so the
  // change it makes is still known as this page's own (ownWrites), not another person's.

  const start = useCallback(
    (request: DecideFilteredBody) => {
      if (abort.current !== null) return;
      const controller = new AbortController();
      abort.current = controller;
      setJob(null);
      setError(null);
      setRunning(true);
      runFilteredDecision(request, { signal: controller.signal, pollMs, onProgress: setJob })
        .then((end) => finished.current?.(end))
        .catch((e: unknown) => setError(e))
        .finally(() => {
          abort.current = null;
          setRunning(false);
        });
    },
    [pollMs],
  );
  const cancel = useCallback(() => abort.current?.abort(), []);
  const close = useCallback(() => {
    if (abort.current !== null) return;
    setJob(null);
    setError(null);
  }, []);
  return { job, error, running, start, cancel, close };
}
