// The confirmation every decision goes through. Its parts live in components/decide/: the
// request and the reading of the dry run (decide-request), the dry run itself
// (use-decide-preview), the ITC-reduction question, the remark, the summary, the records.
import { useMemo, useRef, useState } from 'react';
import type { DecidePayload, DecideVerb } from '../../../gst-ims/src/server/api-types.js';
import { ApiError, errorText, postJson } from '../api.js';
import { count, plural } from '../format.js';
import type { Row } from '../records.js';
import { takesDeclaration } from '../records.js';
import { ActsOn } from './decide/ActsOn.js';
import { PreviewSummary } from './decide/PreviewSummary.js';
import { ReductionFieldset } from './decide/ReductionFieldset.js';
import { RemarkField } from './decide/RemarkField.js';
import type { Amounts, PreviewReading, Reduction } from './decide/decide-request.js';
import {
  NO_AMOUNTS,
  VERB_LABEL,
  declaredCount,
  decideRequest,
  doneMessage,
  readPreview,
  remarkShownFor,
} from './decide/decide-request.js';
import { useDecidePreview } from './decide/use-decide-preview.js';
import { Modal } from './Modal.js';

export { VERB_LABEL, declaredCount } from './decide/decide-request.js';

interface Props {
  readonly gstin: string;
  readonly verb: DecideVerb;
  readonly rows: readonly Row[];
  readonly onClose: () => void;
  readonly onApplied: (result: DecidePayload, message: string) => void;
  /** Where the focus goes when the dialog closes (the grid row); see Modal. */
  readonly restoreFocus?: ((previous: Element | null) => void) | undefined;
  /** What the rows are, in words ("in the view Not decided"), said beside their list. */
  readonly scope?: string | undefined;
}

/** Sends the decision; says why it did not go through. */
function useApply(onApplied: Props['onApplied']) {
  const [busy, setBusy] = useState(false);
  const [applyError, setApplyError] = useState<string | null>(null);
  const apply = async (
    verb: DecideVerb,
    request: ReturnType<typeof decideRequest>,
    skipRefused: boolean,
  ): Promise<void> => {
    setBusy(true);
    setApplyError(null);
    try {
      const r = await postJson<DecidePayload>('/api/decide', { ...request, skipRefused });
      onApplied(r, doneMessage(verb, r));
    } catch (e) {
      setApplyError(e instanceof ApiError && e.refusals.length ? `${e.message}` : errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return { busy, applyError, apply };
}

/** What Enter runs: what the primary button says (all, or the allowed ones with the refused named). */
function primaryAction(
  reading: PreviewReading | null,
  run: (skipRefused: boolean) => void,
): (() => void) | null {
  if (reading?.canApplyAllowed) return () => run(true);
  if (reading?.canApplyAll) return () => run(false);
  return null;
}

/**
 * The confirmation every decision goes through: it asks the engine first (dry run) and says how
 * many records change, which are already so, and which the portal's rules refuse and why.
 */
export function DecideDialog({
  gstin,
  verb,
  rows,
  onClose,
  onApplied,
  restoreFocus,
  scope,
}: Props) {
  const [remark, setRemark] = useState('');
  const [reduction, setReduction] = useState<Reduction>('full');
  const [amounts, setAmounts] = useState<Amounts>(NO_AMOUNTS);
  const remarkRef = useRef<HTMLTextAreaElement>(null);
  const keys = useMemo(() => rows.map((r) => r.key), [rows]);
  const byKey = useMemo(() => new Map(rows.map((r) => [r.key, r])), [rows]);
  // Whether to ask at all is known from the rows at once; how many the answer reaches comes
  // from the engine's dry run.
  const declarable = verb === 'accept' && rows.some(takesDeclaration);
  const remarkShown = remarkShownFor(verb, declarable, reduction);
  const request = useMemo(
    () => decideRequest({ gstin, keys, verb, declarable, reduction, amounts, remark }),
    [gstin, keys, verb, remark, declarable, reduction, amounts],
  );
  const { preview: p, previewError } = useDecidePreview(request);
  const { busy, applyError, apply } = useApply(onApplied);
  const reading = p ? readPreview(p, remarkShown) : null;

  const confirm = busy ? null : primaryAction(reading, (skip) => void apply(verb, request, skip));

  return (
    <Modal
      labelledBy="decide-title"
      onCancel={() => !busy && onClose()}
      onConfirm={confirm}
      // Reject and Pending open on the remark. An Accept's remark appears with a choice of radio
      // button, and taking the focus there would stop the arrow keys moving through the choices.
      initialFocus={() => (verb === 'reject' || verb === 'pending' ? remarkRef.current : null)}
      restoreFocus={restoreFocus}
      testId="decide-dialog"
    >
      <h2 id="decide-title">
        {VERB_LABEL[verb]}: {plural(rows.length, 'selected record')}
      </h2>
      <ActsOn rows={rows} scope={scope} />
      {declarable && (
        <ReductionFieldset
          scope={p ? { declared: declaredCount(p), selected: p.selected } : null}
          reduction={reduction}
          onReduction={setReduction}
          amounts={amounts}
          onAmounts={setAmounts}
        />
      )}
      {remarkShown && (
        <RemarkField
          verb={verb}
          remark={remark}
          onRemark={setRemark}
          refusals={reading?.remarkRefusals ?? []}
          inputRef={remarkRef}
        />
      )}
      <div className="preview" aria-live="polite">
        {previewError ? (
          <div className="error-box">{previewError}</div>
        ) : !p || !reading ? (
          <p className="muted">Checking the portal's rules…</p>
        ) : (
          <PreviewSummary verb={verb} preview={p} reading={reading} byKey={byKey} />
        )}
      </div>
      {applyError && <div className="error-box">{applyError}</div>}
      <DialogButtons
        verb={verb}
        preview={p}
        reading={reading}
        busy={busy}
        onClose={onClose}
        onApply={(skip) => void apply(verb, request, skip)}
      />
    </Modal>
  );
}

function DialogButtons({
  verb,
  preview: p,
  reading,
  busy,
  onClose,
  onApply,
}: {
  verb: DecideVerb;
  preview: DecidePayload | null;
  reading: PreviewReading | null;
  busy: boolean;
  onClose: () => void;
  onApply: (skipRefused: boolean) => void;
}) {
  return (
    <div className="modal-actions">
      <button onClick={onClose} disabled={busy}>
        Cancel <kbd>Esc</kbd>
      </button>
      {/* A preview that switches the primary action swaps the button: the focused one is never relabelled. */}
      {p && reading?.canApplyAllowed && (
        <button
          className="primary"
          disabled={busy}
          onClick={() => onApply(true)}
          data-testid="confirm-decision"
        >
          {VERB_LABEL[verb]} the {count(p.changed)} allowed; leave {count(reading.refusedRecords)}{' '}
          refused unchanged
        </button>
      )}
      {!reading?.canApplyAllowed && (
        <button
          className="primary"
          disabled={busy || !reading?.canApplyAll}
          onClick={() => onApply(false)}
          data-testid="confirm-decision"
        >
          {VERB_LABEL[verb]} {p ? plural(p.changed, 'record') : ''}
        </button>
      )}
    </div>
  );
}
