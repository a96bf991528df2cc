// The progress of a server job (a decision on every matching record, decide-job.ts): done of
// total with a progress bar and Cancel while it runs; what it did when it ends (the counts add
// up to the records matched), or that cancelling left the workspace as it was. Built on Modal:
// Esc cancels the job while it runs and closes the dialog once it has ended.
import type { JobPayload } from '../../../gst-ims/src/server/job-api-types.js';
import { errorText } from '../api.js';
import { count, plural } from '../format.js';
import { Modal } from './Modal.js';

interface Props {
  /** The job as last polled; null while it is being started. */
  readonly job: JobPayload | null;
  /** The start or a poll failed. */
  readonly error?: unknown;
  /** What the job does, in words: "Accept 500,000 records". */
  readonly title: string;
  readonly onCancel: () => void;
  readonly onClose: () => void;
}

const SHOWN = 50;

const PHASE_WORDS: Readonly<Record<NonNullable<JobPayload['phase']>, string>> = {
  checking: 'Checking each record against the portal’s rules',
  writing: 'Saving the decisions',
};

/** The phase's own count in words: "checked 60,000 of 1,18,000 records". */
export function phaseCount(
  job: Pick<JobPayload, 'phase' | 'phaseDone' | 'phaseTotal'>,
): string | null {
  if (job.phase === null || job.phaseTotal <= 0) return null;
  const of = `${count(job.phaseDone)} of ${count(job.phaseTotal)}`;
  return job.phase === 'checking'
    ? `checked ${of} records`
    : `saved ${of} ${job.phaseTotal === 1 ? 'decision' : 'decisions'}`;
}

/** Whole per cent done, never 100 before the end. */
export function percentDone(job: Pick<JobPayload, 'done' | 'total' | 'state'>): number {
  if (job.state !== 'running') return job.total > 0 || job.state === 'done' ? 100 : 0;
  if (job.total <= 0) return 0;
  return Math.min(99, Math.floor((job.done / job.total) * 100));
}

export function JobProgress({ job, error, title, onCancel, onClose }: Props) {
  const running = job === null ? error === null || error === undefined : job.state === 'running';
  const stop = (): void => (running ? onCancel() : onClose());
  return (
    <Modal
      labelledBy="job-title"
      onCancel={stop}
      onConfirm={running ? null : onClose}
      testId="job-progress"
    >
      <h2 id="job-title">{title}</h2>
      {job === null && !hasError(error) && <p>Starting…</p>}
      {job !== null && job.state === 'running' && <Running job={job} />}
      {job !== null && job.state === 'done' && job.result !== null && <Done job={job} />}
      {job !== null && job.state === 'cancelled' && (
        <p data-testid="job-cancelled">
          Cancelled: nothing was changed, the records are as they were.
        </p>
      )}
      {job !== null && job.state === 'failed' && (
        <div className="error-box" role="alert">
          Nothing was changed: {job.error}
        </div>
      )}
      {hasError(error) && (
        <div className="error-box" role="alert">
          {errorText(error)}
        </div>
      )}
      <div className="modal-actions">
        {running ? (
          <button onClick={onCancel} data-testid="cancel-job">
            Cancel <kbd>Esc</kbd>
          </button>
        ) : (
          <button className="primary" onClick={onClose} data-testid="close-job">
            Close
          </button>
        )}
      </div>
    </Modal>
  );
}

const hasError = (e: unknown): boolean => e !== null && e !== undefined;

function Running({ job }: { job: JobPayload }) {
  const pct = percentDone(job);
  const phase = phaseCount(job);
  return (
    <div data-testid="job-running">
      <p data-testid="job-phase">
        {job.phase === null ? 'Finding the matching records…' : PHASE_WORDS[job.phase]}
        {phase === null ? '' : `: ${phase}`}
      </p>
      <progress
        max={job.total > 0 ? job.total : 1}
        value={job.total > 0 ? job.done : 0}
        aria-label="Done so far"
        aria-valuetext={`${pct}%: ${count(job.done)} of ${count(job.total)} records`}
      />
      <p className="muted" data-testid="job-count">
        {pct}% · {count(job.done)} of {plural(job.total, 'record')}
      </p>
      <p className="muted small">
        Cancel leaves every record as it was; nothing is saved until the end.
      </p>
    </div>
  );
}

function Done({ job }: { job: JobPayload }) {
  const r = job.result as NonNullable<JobPayload['result']>;
  const verbWords = r.written ? 'changed' : 'would change';
  return (
    <div data-testid="job-done">
      <ul className="summary" data-testid="job-summary">
        <li>
          <b>{count(r.matched)}</b> {r.matched === 1 ? 'record' : 'records'} matched
        </li>
        <li>
          <b>{count(r.applied)}</b> {verbWords}
        </li>
        <li>
          <b>{count(r.unchanged)}</b> already so
        </li>
        {r.refused > 0 && (
          <li className="bad">
            <b>{count(r.refused)}</b> refused by the portal’s rules
          </li>
        )}
        {r.skipped > 0 && (
          <li className="bad">
            <b>{count(r.skipped)}</b>{' '}
            {r.recheckedAfter
              ? 'left as they are: decided by another person or changed by the import meanwhile'
              : 'left as another person decided them meanwhile'}
          </li>
        )}
      </ul>
      {r.recheckedAfter && (
        <p className="warn" role="status" data-testid="job-rechecked">
          {r.recheckedAfter.message}
        </p>
      )}
      {!r.written && r.applied > 0 && (
        <p data-testid="job-not-written">
          Nothing was changed:{' '}
          {r.refused > 0
            ? 'some records break the portal’s rules. Apply to the others only, or narrow the filter.'
            : 'this was a trial run.'}
        </p>
      )}
      {(r.refusals.length > 0 || r.skippedRecords.length > 0) && (
        <details>
          <summary>Each record left as it is</summary>
          <ul data-testid="job-left">
            {r.skippedRecords.slice(0, SHOWN).map((s) => (
              <li key={`s:${s.recordKey}`}>
                <span className="mono">{s.code}</span> {s.message}
              </li>
            ))}
            {r.refusals.slice(0, SHOWN).map((x) => (
              <li key={`r:${x.recordKey}:${x.code}`}>
                <span className="mono">{x.code}</span> {x.message}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
