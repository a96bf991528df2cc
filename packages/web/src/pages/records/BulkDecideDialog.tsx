// "Decide all N matching" in paged mode: the question before the server's bulk job (decision
// 0044) decides every record the filter matches, records the browser never loaded included.
// What the job did, and its progress, are JobProgress's.
import { REMARK_MAX_LENGTH } from '@core/validate-decision.js';
import { useRef, useState } from 'react';
import type { DecideVerb } from '../../../../gst-ims/src/server/api-types.js';
import { VERB_LABEL } from '../../components/DecideDialog.js';
import { Modal } from '../../components/Modal.js';
import { count, plural } from '../../format.js';

export interface BulkAnswer {
  readonly remark: string | null;
  /** Apply to the records the portal's rules allow when some are refused. */
  readonly skipRefused: boolean;
}

export function BulkDecideDialog(p: {
  verb: DecideVerb;
  /** The server's count of the records the filter matches. */
  matching: number;
  /** Where they were picked, in words ("in the view Not decided, …"). */
  scope: string;
  onCancel: () => void;
  onConfirm: (answer: BulkAnswer) => void;
}) {
  const [remark, setRemark] = useState('');
  const [skipRefused, setSkipRefused] = useState(true);
  const remarkRef = useRef<HTMLTextAreaElement>(null);
  const remarked = p.verb === 'reject' || p.verb === 'pending';
  const confirm = (): void =>
    p.onConfirm({ remark: remarked && remark.trim() !== '' ? remark : null, skipRefused });
  return (
    <Modal
      labelledBy="bulk-decide-title"
      onCancel={p.onCancel}
      onConfirm={confirm}
      initialFocus={() => (remarked ? remarkRef.current : null)}
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
      {p.verb === 'accept' && (
        <p className="muted small">
          Credit notes and amendments take the portal’s default ITC-reduction declaration (the full
          tax on the note) unless the portal already holds them as accepted.
        </p>
      )}
      {remarked && (
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
      )}
      <label>
        <input
          type="checkbox"
          checked={skipRefused}
          onChange={(e) => setSkipRefused(e.target.checked)}
        />{' '}
        When the portal’s rules refuse some records, decide the others (the refused are listed)
      </label>
      <div className="modal-actions">
        <button onClick={p.onCancel}>
          Cancel <kbd>Esc</kbd>
        </button>
        <button className="primary" onClick={confirm} data-testid="confirm-bulk-decision">
          {VERB_LABEL[p.verb]} {plural(p.matching, 'record')}
        </button>
      </div>
    </Modal>
  );
}
