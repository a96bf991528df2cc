// History (issue 14): the latest actions of the audit log (who, when, what, how many records,
// from where), each with Undo behind a dialog that says what will be restored and what skipped.
import { useEffect, useState } from 'react';
import type {
  ApprovalDto,
  AuditActionDto,
  AuditActionsPayload,
  UndoPayload,
} from '../../../gst-ims/src/server/undo-api-types.js';
import { errorText, getJson } from '../api.js';
import { useApp } from '../app-state.js';
import { UndoDialog } from '../components/UndoDialog.js';
import { count, dateTime } from '../format.js';
import { dropRecordsCache } from '../records.js';
import { undoneText } from '../undo.js';
import { approvalWords, describeDecisions, historyLines } from './history-words.js';
import './history.css';

const LIMIT = 100;

export function HistoryPage() {
  const { gstin, version, bump, toast } = useApp();
  const [actions, setActions] = useState<AuditActionDto[] | null>(null);
  const [approvals, setApprovals] = useState<ApprovalDto[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [undoing, setUndoing] = useState<AuditActionDto | null>(null);

  useEffect(() => {
    let live = true;
    getJson<AuditActionsPayload>(`/api/audit/actions?limit=${LIMIT}`, gstin)
      .then((p) => {
        if (!live) return;
        setActions(p.actions);
        setApprovals(p.approvals);
      })
      .catch((e: unknown) => live && setError(errorText(e)));
    return () => {
      live = false;
    };
  }, [gstin, version]);

  const onDone = (r: UndoPayload): void => {
    setUndoing(null);
    dropRecordsCache();
    bump();
    toast(r.undone > 0 ? 'ok' : 'info', undoneText(r));
  };

  if (error) return <div className="error-box">{error}</div>;
  return (
    <div className="history">
      <div className="page-head">
        <h1>History</h1>
        <span className="muted">
          The latest {LIMIT} decisions taken (a bulk action is one line), and who approved them.
          Undo gives each record back the decision it had before; a record changed since is left as
          it is.
        </span>
      </div>
      {actions === null ? (
        <p>Loading…</p>
      ) : actions.length === 0 && approvals.length === 0 ? (
        <p>No decision recorded yet.</p>
      ) : (
        <table className="data history-table" data-testid="history-table">
          <thead>
            <tr>
              <th className="num">Event</th>
              <th>When</th>
              <th>Who</th>
              <th>Decision</th>
              <th className="num">Records</th>
              <th>From</th>
              <th>
                <span className="sr-only">Undo</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {historyLines(actions, approvals).map((line) =>
              line.kind === 'approval' ? (
                <ApprovalRow
                  key={`approval ${line.approval.at} ${line.approval.by}`}
                  a={line.approval}
                />
              ) : (
                <ActionRow key={line.action.id} a={line.action} onUndo={setUndoing} />
              ),
            )}
          </tbody>
        </table>
      )}
      {undoing && (
        <UndoDialog
          gstin={gstin}
          action={undoing}
          onClose={() => setUndoing(null)}
          onDone={onDone}
        />
      )}
    </div>
  );
}

/** An approval: one reviewer approving the records' decisions at one time. */
function ApprovalRow({ a }: { a: ApprovalDto }) {
  return (
    <tr className="history-approval" data-approval={a.at} title={approvalWords(a)}>
      <td className="num mono" />
      <td>{dateTime(a.at)}</td>
      <td>{a.by}</td>
      <td>
        <b>Approved</b>
      </td>
      <td className="num">{count(a.records)}</td>
      <td>review</td>
      <td />
    </tr>
  );
}

function ActionRow({ a, onUndo }: { a: AuditActionDto; onUndo: (a: AuditActionDto) => void }) {
  return (
    <tr data-event={a.id}>
      <td className="num mono">{a.id}</td>
      <td>{dateTime(a.at)}</td>
      <td>{a.user}</td>
      <td>{describeDecisions(a)}</td>
      <td className="num">{count(a.records)}</td>
      <td>{a.sourceWords}</td>
      <td className="history-undo">
        {a.undoneBy !== null && <span className="muted small">undone by event {a.undoneBy} </span>}
        {a.undoable ? (
          <button
            onClick={() => onUndo(a)}
            aria-label={`Undo event ${a.id}`}
            data-testid={`undo-${a.id}`}
          >
            Undo
          </button>
        ) : (
          <span className="muted small" title="What the portal did, not a decision">
            a download
          </span>
        )}
      </td>
    </tr>
  );
}
