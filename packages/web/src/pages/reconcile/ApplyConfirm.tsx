import { useState } from 'react';
import type { ApplyProposalsPayload } from '../../../../gst-ims/src/server/api-types.js';
import { errorText } from '../../api.js';
import { Modal } from '../../components/Modal.js';
import { count, label, plural } from '../../format.js';
import type { MatchRow } from './reconcile-rows.js';
import type { Confirm } from './use-reconcile-actions.js';

const LISTED = 50;
const REFUSALS_LISTED = 100;

/** The dry run of an apply, for the person's yes: what changes, what is kept, what is refused. */
export function ApplyConfirm({ confirm, onClose }: { confirm: Confirm; onClose: () => void }) {
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<string | null>(null);
  const p = confirm.preview;
  const go = async (skip: boolean): Promise<void> => {
    setBusy(true);
    try {
      await confirm.run(skip);
    } catch (e) {
      setErr(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      labelledBy="apply-title"
      onCancel={() => !busy && onClose()}
      onConfirm={busy || p.changed === 0 ? null : () => void go(p.refused.length > 0)}
      testId="apply-dialog"
    >
      <h2 id="apply-title">{confirm.title}</h2>
      {confirm.rows && <ActsOnProposals rows={confirm.rows} />}
      <ApplySummary p={p} />
      {p.byRule.length > 0 && <ByRule p={p} />}
      {p.refused.length > 0 && (
        <div className="refusals">
          <table className="data compact">
            <tbody>
              {p.refused.slice(0, REFUSALS_LISTED).map((r, i) => (
                <tr key={i}>
                  <td className="mono">{r.code}</td>
                  <td>{r.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {err && <div className="error-box">{err}</div>}
      <div className="modal-actions">
        <button onClick={onClose} disabled={busy}>
          Cancel <kbd>Esc</kbd>
        </button>
        <button
          className="primary"
          disabled={busy || p.changed === 0}
          onClick={() => void go(p.refused.length > 0)}
          data-testid="confirm-apply"
        >
          {p.refused.length > 0
            ? `Apply the ${count(p.changed)} allowed`
            : `Apply ${plural(p.changed, 'change')}`}
        </button>
      </div>
    </Modal>
  );
}

function ActsOnProposals({ rows }: { rows: readonly MatchRow[] }) {
  return (
    <details className="acts-on" data-testid="acts-on">
      <summary>
        Acts on exactly {rows.length === 1 ? 'this record' : `these ${count(rows.length)} records`}{' '}
        selected in the view
      </summary>
      <ul>
        {rows.slice(0, LISTED).map((r) => (
          <li key={r.id}>
            <span className="mono">{r.documentNumber}</span> · {r.supplierName || r.supplierGstin} ·{' '}
            {r.proposal ? label(r.proposal.action) : 'no proposal'}
          </li>
        ))}
      </ul>
      {rows.length > LISTED && (
        <p className="muted small">… and {count(rows.length - LISTED)} more</p>
      )}
    </details>
  );
}

function ApplySummary({ p }: { p: ApplyProposalsPayload }) {
  return (
    <ul className="summary">
      <li>
        <b>{count(p.changed)}</b> decision(s) will change
      </li>
      {p.unchanged > 0 && <li>{plural(p.unchanged, 'record is', 'records are')} already so</li>}
      {p.keptDecisions > 0 && (
        <li>
          {plural(p.keptDecisions, 'record keeps', 'records keep')} the decision a person (or the
          portal) made
        </li>
      )}
      {p.notSafe > 0 && (
        <li>
          {plural(p.notSafe, 'proposal needs', 'proposals need')} a review first (not applied)
        </li>
      )}
      {p.withoutProposal > 0 && (
        <li>
          {plural(p.withoutProposal, 'selected record has', 'selected records have')} no proposal
        </li>
      )}
      {p.refused.length > 0 && (
        <li className="bad">
          {plural(p.refused.length, 'proposal is', 'proposals are')} refused by the portal's rules
        </li>
      )}
    </ul>
  );
}

function ByRule({ p }: { p: ApplyProposalsPayload }) {
  return (
    <table className="data compact">
      <thead>
        <tr>
          <th>Rule</th>
          <th className="num">Proposed</th>
          <th className="num">Changes</th>
        </tr>
      </thead>
      <tbody>
        {p.byRule.map((b) => (
          <tr key={b.rule}>
            <td>{b.rule}</td>
            <td className="num">{count(b.proposed)}</td>
            <td className="num">{count(b.changed)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
