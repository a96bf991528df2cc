// "Decide all N matching" in paged mode: the question before the server's bulk job (decision
// 0044) decides every record the filter matches, records the browser never loaded included.
// As the ticked rows' dialog does, it asks the ITC-reduction question of an Accept (one answer
// for all, the remark a partial or no reduction needs) and counts first: a dry run of the same
// job says how many records it would change, leave as they are and refuse, before it starts.
// What the job did, and its progress, are JobProgress's.
import { REMARK_MAX_LENGTH } from '@core/validate-decision.js';
import { useMemo, useRef, useState } from 'react';
import type { DecideVerb } from '../../../../gst-ims/src/server/api-types.js';
import { errorText } from '../../api.js';
import { VERB_LABEL } from '../../components/DecideDialog.js';
import { percentDone } from '../../components/JobProgress.js';
import { Modal } from '../../components/Modal.js';
import { ReductionFieldset } from '../../components/decide/ReductionFieldset.js';
import { RemarkField } from '../../components/decide/RemarkField.js';
import type {
  Amounts,
  ItcReductionAnswer,
  Reduction,
} from '../../components/decide/decide-request.js';
import {
  NO_AMOUNTS,
  VERB_DONE,
  codesText,
  itcReductionOf,
  remarkShownFor,
} from '../../components/decide/decide-request.js';
import type { DecideFilteredBody, JobPayload } from '../../decide-job.js';
import { count, plural } from '../../format.js';
import type { BulkPreviewReading, BulkResult } from './bulk-preview.js';
import { readBulkPreview } from './bulk-preview.js';
import { useBulkPreview } from './use-bulk-preview.js';

export interface BulkAnswer {
  readonly remark: string | null;
  /** Apply to the records the portal's rules allow when some are refused. */
  readonly skipRefused: boolean;
  /** The ITC-reduction declaration of an Accept (null: the portal's default, full). */
  readonly itcReduction: ItcReductionAnswer;
}

/** The job's request without the question's answers: the GSTIN, the filter, the verb. */
export type BulkBase = Omit<DecideFilteredBody, 'remark' | 'itcReduction' | 'skipRefused'>;

export function BulkDecideDialog(p: {
  verb: DecideVerb;
  /** The server's count of the records the filter matches. */
  matching: number;
  /** Where they were picked, in words ("in the view Not decided, …"). */
  scope: string;
  /** What the dry run asks the server (the job's request). */
  base: BulkBase;
  onCancel: () => void;
  onConfirm: (answer: BulkAnswer) => void;
  /** Milliseconds between polls of the dry run, and before a changed answer is counted. */
  pollMs?: number;
  pauseMs?: number;
}) {
  const [remark, setRemark] = useState('');
  const [reduction, setReduction] = useState<Reduction>('full');
  const [amounts, setAmounts] = useState<Amounts>(NO_AMOUNTS);
  const remarkRef = useRef<HTMLTextAreaElement>(null);
  // Whether some record takes the declaration is the dry run's to say; asked until it says none.
  const [declarable, setDeclarable] = useState(p.verb === 'accept');
  const remarkShown = remarkShownFor(p.verb, declarable, reduction);
  const answer: BulkAnswer = useMemo(
    () => ({
      remark: remarkShown && remark.trim() !== '' ? remark : null,
      skipRefused: false,
      itcReduction: itcReductionOf(declarable, reduction, amounts),
    }),
    [remarkShown, remark, declarable, reduction, amounts],
  );
  const request = useMemo(
    () => ({ ...p.base, remark: answer.remark, itcReduction: answer.itcReduction }),
    [p.base, answer],
  );
  const preview = useBulkPreview(request, { pollMs: p.pollMs, pauseMs: p.pauseMs });
  const result = preview.job?.state === 'done' ? preview.job.result : null;
  const reading = result === null ? null : readBulkPreview(result);
  if (reading && p.verb === 'accept' && reduction === 'full' && declarable !== reading.declared > 0)
    setDeclarable(reading.declared > 0);
  const run = (skipRefused: boolean): void => p.onConfirm({ ...answer, skipRefused });
  const confirm = reading?.canApplyAllowed
    ? () => run(true)
    : reading?.canApplyAll
      ? () => run(false)
      : null;

  return (
    <Modal
      labelledBy="bulk-decide-title"
      onCancel={p.onCancel}
      onConfirm={confirm}
      initialFocus={() => (p.verb === 'reject' || p.verb === 'pending' ? remarkRef.current : null)}
      testId="bulk-decide-dialog"
    >
      <h2 id="bulk-decide-title">
        {VERB_LABEL[p.verb]}: all {plural(p.matching, 'matching record')}
      </h2>
      <p>
        Every record {p.scope.replace(/^selected/, 'matching')}: {count(p.matching)}, the ones not
        loaded in the grid included. The server checks each against the portal’s rules, then saves
        them all at once; you can cancel until it has finished, and undo it afterwards from History.
      </p>
      {p.verb === 'accept' && declarable && (
        <ReductionFieldset
          scope={reading ? { declared: reading.declared, selected: p.matching } : null}
          reduction={reduction}
          onReduction={setReduction}
          amounts={amounts}
          onAmounts={setAmounts}
        />
      )}
      {remarkShown &&
        (p.verb === 'accept' ? (
          <RemarkField
            verb={p.verb}
            remark={remark}
            onRemark={setRemark}
            refusals={result?.refusals.filter((r) => r.code === 'REMARK_REQUIRED') ?? []}
            inputRef={remarkRef}
          />
        ) : (
          <label className="remark">
            Remark sent to the portal (optional, at most {REMARK_MAX_LENGTH} characters)
            <textarea
              ref={remarkRef}
              rows={2}
              maxLength={REMARK_MAX_LENGTH}
              value={remark}
              onChange={(e) => setRemark(e.target.value)}
            />
          </label>
        ))}
      <div className="preview" aria-live="polite" data-testid="bulk-preview">
        <PreviewState verb={p.verb} job={preview.job} error={preview.error} reading={reading} />
      </div>
      <div className="modal-actions">
        <button onClick={p.onCancel}>
          Cancel <kbd>Esc</kbd>
        </button>
        {result && reading?.canApplyAllowed ? (
          <button className="primary" onClick={() => run(true)} data-testid="confirm-bulk-decision">
            {VERB_LABEL[p.verb]} the {count(result.applied)} allowed; leave{' '}
            {count(result.refused + result.skipped)} unchanged
          </button>
        ) : (
          <button
            className="primary"
            disabled={!reading?.canApplyAll}
            onClick={() => run(false)}
            data-testid="confirm-bulk-decision"
          >
            {VERB_LABEL[p.verb]} {result ? plural(result.applied, 'record') : ''}
          </button>
        )}
      </div>
    </Modal>
  );
}

/** The dry run: its progress while the server counts, then what the job would do. */
function PreviewState({
  verb,
  job,
  error,
  reading,
}: {
  verb: DecideVerb;
  job: JobPayload | null;
  error: unknown;
  reading: BulkPreviewReading | null;
}) {
  if (error !== null && error !== undefined)
    return <div className="error-box">Could not count first: {errorText(error)}</div>;
  if (job?.state === 'failed') return <div className="error-box">{job.error}</div>;
  if (job === null || job.state !== 'done' || job.result === null || reading === null) {
    const pct = job === null ? 0 : percentDone(job);
    return (
      <div data-testid="bulk-counting">
        <p className="muted">Counting what it would do (nothing is saved yet)…</p>
        <progress
          max={job !== null && job.total > 0 ? job.total : 1}
          value={job !== null && job.total > 0 ? job.done : 0}
          aria-label="Counted so far"
          aria-valuetext={`${pct}%`}
        />
      </div>
    );
  }
  return <Counts verb={verb} r={job.result} reading={reading} />;
}

function Counts({
  verb,
  r,
  reading,
}: {
  verb: DecideVerb;
  r: BulkResult;
  reading: BulkPreviewReading;
}) {
  return (
    <ul className="summary" data-testid="bulk-preview-summary">
      <li>
        <b>{count(r.applied)}</b> will change to <b>{VERB_DONE[verb]}</b>
      </li>
      <li>
        <b>{count(r.unchanged)}</b> already so (no change)
      </li>
      {r.refused > 0 && (
        <li className="bad">
          <b>{count(r.refused)}</b> refused by the portal’s rules:{' '}
          {codesText(reading.refusedByCode)}
          {r.refusals.length < r.refused ? ' (codes of the first 1,000)' : ''}
        </li>
      )}
      {r.skipped > 0 && (
        <li className="bad">
          <b>{count(r.skipped)}</b> decided by another person since this page loaded (left as they
          are)
        </li>
      )}
    </ul>
  );
}
