// Confirm before an undo: what will be restored (a dry run of the very undo), and which records
// will be left as they are and why. Built on Modal: Esc cancels, Enter confirms.
import { useEffect, useState } from 'react';
import type { AuditActionDto, UndoPayload } from '../../../gst-ims/src/server/undo-api-types.js';
import { errorText } from '../api.js';
import { count, dateTime, plural } from '../format.js';
import { describeDecisions } from '../pages/history-words.js';
import { postUndo, restoredWords, skipWords } from '../undo.js';
import { Modal } from './Modal.js';

interface Props {
  readonly gstin: string | null;
  readonly action: AuditActionDto;
  readonly onClose: () => void;
  readonly onDone: (result: UndoPayload) => void;
}

const SHOWN = 100;

export function UndoDialog({ gstin, action, onClose, onDone }: Props) {
  const [preview, setPreview] = useState<UndoPayload | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    postUndo(gstin, action.id, true)
      .then((p) => live && setPreview(p))
      .catch((e: unknown) => live && setError(errorText(e)));
    return () => {
      live = false;
    };
  }, [gstin, action.id]);

  const go = async (): Promise<void> => {
    setBusy(true);
    try {
      onDone(await postUndo(gstin, action.id, false));
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  };
  const canGo = !busy && preview !== null && preview.undone > 0;

  return (
    <Modal
      labelledBy="undo-title"
      onCancel={() => !busy && onClose()}
      onConfirm={canGo ? () => void go() : null}
      testId="undo-dialog"
    >
      <h2 id="undo-title">
        Undo event {action.id}: {describeDecisions(action)} on {plural(action.records, 'record')}
      </h2>
      <p className="muted">
        By {action.user} at {dateTime(action.at)}, from {action.sourceWords}.
      </p>
      {!preview && !error && <p>Checking what can be restored…</p>}
      {preview && (
        <ul className="summary" data-testid="undo-summary">
          <li>
            <b>{count(preview.undone)}</b> record(s) will get back the decision they had before
            {preview.undone > 0 && <> ({restoredWords(preview)})</>}
          </li>
          {preview.skippedCount > 0 && (
            <li className="bad">
              <b>{count(preview.skippedCount)}</b> record(s) will be left as they are
            </li>
          )}
        </ul>
      )}
      {preview && preview.skippedCount > 0 && (
        <div className="refusals">
          <table className="data compact" data-testid="undo-skipped">
            <tbody>
              {Object.entries(preview.skippedByCode).map(([code, n]) => (
                <tr key={code}>
                  <td className="mono">{code}</td>
                  <td className="num">{count(n)}</td>
                  <td>{skipWords(code)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <details>
            <summary>Each record left as it is</summary>
            <ul>
              {preview.skipped.slice(0, SHOWN).map((s) => (
                <li key={s.recordKey}>{s.message}</li>
              ))}
            </ul>
            {preview.skippedCount > SHOWN && (
              <p className="muted small">… and {count(preview.skippedCount - SHOWN)} more</p>
            )}
          </details>
        </div>
      )}
      {preview && preview.undone === 0 && (
        <p>Nothing can be restored: every record of this event changed since.</p>
      )}
      {error && <div className="error-box">{error}</div>}
      <div className="modal-actions">
        <button onClick={onClose} disabled={busy}>
          Cancel <kbd>Esc</kbd>
        </button>
        <button
          className="primary"
          disabled={!canGo}
          onClick={() => void go()}
          data-testid="confirm-undo"
        >
          {preview ? `Undo ${plural(preview.undone, 'record')}` : 'Undo'}
        </button>
      </div>
    </Modal>
  );
}
