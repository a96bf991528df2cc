import type { ItcReduction } from '@core';
import { SECTION_INFO } from '@core';
import { useEffect, useState } from 'react';
import type { DecideVerb, RecordDetailPayload } from '../../../gst-ims/src/server/api-types.js';
import { errorText, getJson } from '../api.js';
import { date, dateTime, label, money, period } from '../format.js';

interface Props {
  readonly gstin: string;
  readonly recordKey: string;
  /** Changes when the record may have changed (after a decision), to reload. */
  readonly version: number;
  readonly onClose: () => void;
  readonly onDecide: (verb: DecideVerb) => void;
}

const reductionText = (r: ItcReduction | null): string => {
  if (r === null) return '';
  if (r.kind === 'full') return 'Full ITC reduction declared';
  if (r.kind === 'none') return 'Nil: ITC never availed';
  return `Partial: IGST ${money(r.igst)}, CGST ${money(r.cgst)}, SGST ${money(r.sgst)}, cess ${money(r.cess)}`;
};

/** Everything about one record: the portal's values, the books' (once reconciled), the decision and its history. */
export function RecordPanel({ gstin, recordKey, version, onClose, onDecide }: Props) {
  const [d, setD] = useState<RecordDetailPayload | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setError(null);
    getJson<RecordDetailPayload>(`/api/record?key=${encodeURIComponent(recordKey)}`, gstin)
      .then((x) => live && setD(x))
      .catch((e: unknown) => live && setError(errorText(e)));
    return () => {
      live = false;
    };
  }, [gstin, recordKey, version]);

  if (error) {
    return (
      <aside className="side-panel">
        <button className="close" onClick={onClose} aria-label="Close">
          ×
        </button>
        <div className="error-box">{error}</div>
      </aside>
    );
  }
  if (!d || d.key !== recordKey) {
    return (
      <aside className="side-panel">
        <p className="muted">Loading…</p>
      </aside>
    );
  }
  const info = SECTION_INFO[d.section];
  const a = d.amounts;
  const portal: [string, string][] = [
    ['Section', `${info.label} (${info.sheet})`],
    ['Supplier', d.supplierName ?? ''],
    ['Supplier GSTIN', d.supplierGstin],
    ['Document number', d.docNumber],
    ['Document date', date(d.docDate)],
    ...(d.originalDocNumber ? ([['Original document', `${d.originalDocNumber} of ${date(d.originalDocDate)}`]] as [string, string][]) : []),
    ['Supply type', d.invType ?? ''],
    ['Source form', d.srcForm ?? ''],
    ['Supplier return period', period(d.returnPeriod)],
    ['Supplier return', d.supplierFiled === null ? 'unknown' : d.supplierFiled ? 'Filed' : 'Saved, not filed'],
    ['Place of supply', d.pos ?? ''],
    ['Document value ₹', money(a.value)],
    ['Taxable value ₹', money(a.taxable)],
    ['IGST ₹', money(a.igst)],
    ['CGST ₹', money(a.cgst)],
    ['SGST / UTGST ₹', money(a.sgst)],
    ['Cess ₹', money(a.cess)],
    ['Portal holds', label(d.portalAction)],
    ...(d.portalRemark ? ([['Portal remark', d.portalRemark]] as [string, string][]) : []),
  ];
  const rules = [
    d.pendingBlocked && 'Pending not allowed',
    d.remarksBlocked && 'Remarks not allowed',
    (d.itcReductionBlocked || !info.itcReductionAllowed) && 'No ITC-reduction declaration',
  ].filter(Boolean) as string[];

  return (
    <aside className="side-panel" aria-label="Record details">
      <div className="side-head">
        <div>
          <div className="muted small">{info.label}</div>
          <h2>{d.docNumber}</h2>
          <div>{d.supplierName ?? d.supplierGstin}</div>
        </div>
        <button className="close" onClick={onClose} aria-label="Close" title="Close (Esc)">
          ×
        </button>
      </div>

      <div className="pills">
        {d.gone && <span className="pill bad">Gone from the latest download</span>}
        {d.portalError && <span className="pill bad">Portal error</span>}
        {d.changedBySupplier && <span className="pill warn">Changed by supplier</span>}
        {d.dirty && <span className="pill info">Waiting for upload</span>}
        {!d.dirty && !d.gone && <span className="pill ok">Portal already holds this</span>}
      </div>
      {d.portalError && (
        <div className="error-box">
          The portal refused the last upload: {d.portalError.code ? <b>{d.portalError.code} </b> : null}
          {d.portalError.message}
        </div>
      )}

      <section>
        <h3>Your decision</h3>
        <p>
          <b className={`act act-${d.decision.action}`}>{label(d.decision.action)}</b>
          {d.decision.remark ? <> · “{d.decision.remark}”</> : null}
          {d.decision.itcReduction ? <> · {reductionText(d.decision.itcReduction)}</> : null}
        </p>
        <div className="decide-row">
          <button onClick={() => onDecide('accept')} title="Accept (a)">
            Accept
          </button>
          <button onClick={() => onDecide('reject')} title="Reject (r)">
            Reject
          </button>
          <button onClick={() => onDecide('pending')} disabled={d.pendingBlocked} title={d.pendingBlocked ? 'The portal blocks Pending for this record' : 'Pending (p)'}>
            Pending
          </button>
          <button onClick={() => onDecide('reset')} title="Reset to No Action (n)">
            Reset
          </button>
        </div>
        {rules.length > 0 && <p className="muted small">Portal rules for this record: {rules.join(' · ')}</p>}
      </section>

      <section>
        <h3>History</h3>
        {d.history.length === 0 ? (
          <p className="muted">No decision recorded yet.</p>
        ) : (
          <table className="data compact history">
            <thead>
              <tr>
                <th>When</th>
                <th>Who</th>
                <th>Change</th>
                <th>Remark</th>
                <th>Via</th>
              </tr>
            </thead>
            <tbody>
              {[...d.history].reverse().map((h, i) => (
                <tr key={`${h.at}${i}`}>
                  <td>{dateTime(h.at)}</td>
                  <td>{h.user}</td>
                  <td>
                    {label(h.fromAction)} → <b>{label(h.toAction)}</b>
                    {h.itcReduction ? <div className="small">{reductionText(h.itcReduction)}</div> : null}
                  </td>
                  <td>{h.remark ?? ''}</td>
                  <td>{h.source}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section>
        <h3>Portal values{d.reconciliation ? ' and the books' : ''}</h3>
        <table className="kv">
          <tbody>
            {portal.map(([k, v]) => (
              <tr key={k}>
                <th>{k}</th>
                <td className={k.endsWith('₹') ? 'num' : ''}>{v}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {!d.reconciliation && <p className="muted small">No purchase register reconciled yet: once it is, the books' values, the match reasons and the proposed action appear here.</p>}
      </section>

      <p className="muted small mono">{d.key}</p>
    </aside>
  );
}
