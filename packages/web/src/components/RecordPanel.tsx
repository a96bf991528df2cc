import type { ItcReduction } from '@core/record.js';
import { SECTION_INFO } from '@core/sections.js';
import { useEffect, useState } from 'react';
import type {
  DecideVerb,
  ExplainPayload,
  RecordDetailPayload,
} from '../../../gst-ims/src/server/api-types.js';
import { errorText, getJson, postJson } from '../api.js';
import { useApp } from '../app-state.js';
import { date, dateTime, label, money, period } from '../format.js';

interface Props {
  readonly gstin: string;
  readonly recordKey: string;
  /** Changes when the record may have changed (after a decision), to reload. */
  readonly version: number;
  readonly onClose: () => void;
  readonly onDecide: (verb: DecideVerb) => void;
  /** After a link or unlink made from the panel. */
  readonly onChanged?: () => void;
}

const reductionText = (r: ItcReduction | null): string => {
  if (r === null) return '';
  if (r.kind === 'full') return 'Full ITC reduction declared';
  if (r.kind === 'none') return 'Nil: ITC never availed';
  return `Partial: IGST ${money(r.igst)}, CGST ${money(r.cgst)}, SGST ${money(r.sgst)}, cess ${money(r.cess)}`;
};

/** Everything about one record: the portal's values, the books' (once reconciled), the decision and its history. */
export function RecordPanel({ gstin, recordKey, version, onClose, onDecide, onChanged }: Props) {
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
    ...(d.originalDocNumber
      ? ([['Original document', `${d.originalDocNumber} of ${date(d.originalDocDate)}`]] as [
          string,
          string,
        ][])
      : []),
    ['Supply type', d.invType ?? ''],
    ['Source form', d.srcForm ?? ''],
    ['Supplier return period', period(d.returnPeriod)],
    [
      'Supplier return',
      d.supplierFiled === null ? 'unknown' : d.supplierFiled ? 'Filed' : 'Saved, not filed',
    ],
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
          The portal refused the last upload:{' '}
          {d.portalError.code ? <b>{d.portalError.code} </b> : null}
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
          <button
            onClick={() => onDecide('pending')}
            disabled={d.pendingBlocked}
            title={d.pendingBlocked ? 'The portal blocks Pending for this record' : 'Pending (p)'}
          >
            Pending
          </button>
          <button onClick={() => onDecide('reset')} title="Reset to No Action (n)">
            Reset
          </button>
        </div>
        {rules.length > 0 && (
          <p className="muted small">Portal rules for this record: {rules.join(' · ')}</p>
        )}
      </section>

      <section>
        <h3>History</h3>
        {d.approval && (
          <p className="small" data-testid="record-approval">
            {d.approval.current
              ? `This decision was approved by ${d.approval.by} at ${dateTime(d.approval.at)}.`
              : `Decided again since its last approval (by ${d.approval.by} at ${dateTime(d.approval.at)}): waiting for approval.`}
          </p>
        )}
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
                    {h.itcReduction ? (
                      <div className="small">{reductionText(h.itcReduction)}</div>
                    ) : null}
                  </td>
                  <td>{h.remark ?? ''}</td>
                  <td>{h.source}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {d.reconciliation && <Reconciliation d={d} gstin={gstin} onChanged={onChanged} />}

      <section>
        <h3>Portal values</h3>
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
        {!d.reconciliation && (
          <p className="muted small">
            Not reconciled yet: once the purchase register is imported and matched, the books'
            values, the match reasons and the proposed action appear here.
          </p>
        )}
      </section>

      <p className="muted small mono">{d.key}</p>
    </aside>
  );
}

const OUTCOME_WORDS: Readonly<Record<string, string>> = {
  exact: 'Exact match',
  probable: 'Probable match',
  mismatch: 'Mismatch',
  missingInRegister: 'Missing in the books',
  missingInPortal: 'Missing in the portal',
  notInIms: 'Not in IMS (reverse charge, import, ISD or unregistered)',
};

/** The books' side: values beside the portal's, the reasons, the proposal and other candidates. */
function Reconciliation({
  d,
  gstin,
  onChanged,
}: {
  d: RecordDetailPayload;
  gstin: string;
  onChanged: (() => void) | undefined;
}) {
  const { toast } = useApp();
  const [ex, setEx] = useState<ExplainPayload | null>(null);
  const [busy, setBusy] = useState(false);
  const m = d.reconciliation;
  if (!m) return null;
  const reg = m.register;
  const heads: [string, keyof RecordDetailPayload['amounts']][] = [
    ['Value', 'value'],
    ['Taxable', 'taxable'],
    ['IGST', 'igst'],
    ['CGST', 'cgst'],
    ['SGST', 'sgst'],
    ['Cess', 'cess'],
  ];
  const explain = async (): Promise<void> => {
    setBusy(true);
    try {
      setEx(
        await getJson<ExplainPayload>(
          `/api/reconcile/explain?key=${encodeURIComponent(d.key)}`,
          gstin,
        ),
      );
    } catch (e) {
      toast('error', errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const link = async (ref: string): Promise<void> => {
    try {
      await postJson('/api/reconcile/link', { gstin, recordKey: d.key, registerRef: ref });
      toast('ok', `Linked with ${ref}`);
      setEx(null);
      onChanged?.();
    } catch (e) {
      toast('error', errorText(e));
    }
  };
  const unlink = async (): Promise<void> => {
    try {
      await postJson('/api/reconcile/unlink', { gstin, recordKey: d.key });
      toast('ok', 'Unlinked');
      setEx(null);
      onChanged?.();
    } catch (e) {
      toast('error', errorText(e));
    }
  };
  return (
    <section data-testid="reconciliation">
      <h3>Books (purchase register)</h3>
      <p>
        <b className={`outcome outcome-${m.outcome}`}>{OUTCOME_WORDS[m.outcome] ?? m.outcome}</b>
        {m.score ? ` · score ${m.score}` : ''}
        {m.manual ? ' · linked by hand' : ''}
      </p>
      {m.reasons.length > 0 && (
        <ul className="reasons small">
          {m.reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}
      {reg && (
        <table className="data compact compare">
          <thead>
            <tr>
              <th />
              <th className="num">Portal</th>
              <th className="num">Books</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th>Document</th>
              <td className="num mono">{d.docNumber}</td>
              <td
                className={`num mono ${reg.docNumber.trim().toUpperCase() !== d.docNumber.trim().toUpperCase() ? 'diff' : ''}`}
              >
                {reg.docNumber}
              </td>
            </tr>
            <tr>
              <th>Date</th>
              <td className="num">{date(d.docDate)}</td>
              <td className={`num ${reg.docDate !== d.docDate ? 'diff' : ''}`}>
                {date(reg.docDate)}
              </td>
            </tr>
            {heads.map(([l, k]) => (
              <tr key={k}>
                <th>{l} ₹</th>
                <td className="num">{money(d.amounts[k])}</td>
                <td className={`num ${reg.amounts[k] !== d.amounts[k] ? 'diff' : ''}`}>
                  {money(reg.amounts[k])}
                </td>
              </tr>
            ))}
            <tr>
              <th>Books ref</th>
              <td />
              <td className="num mono">
                {reg.ref}
                {reg.sourceRows.length ? ` (row ${reg.sourceRows.join(', ')})` : ''}
              </td>
            </tr>
          </tbody>
        </table>
      )}
      <div className="decide-row">
        <button onClick={() => void explain()} disabled={busy}>
          {busy ? 'Explaining…' : 'Proposal and other candidates'}
        </button>
        {m.registerRef && <button onClick={() => void unlink()}>Unlink</button>}
      </div>
      {ex && (
        <div className="explain">
          <p>
            Proposed:{' '}
            {ex.proposal ? (
              <>
                <b className={`act act-${ex.proposal.action}`}>{label(ex.proposal.action)}</b> by
                rule “{ex.proposal.rule}”{ex.proposal.safe ? ' (safe)' : ' (review first)'}
                {ex.proposal.remark ? ` with remark “${ex.proposal.remark}”` : ''}
                {ex.proposal.note ? `. ${ex.proposal.note}` : ''}
              </>
            ) : (
              'nothing (no rule applies)'
            )}
          </p>
          {ex.candidates.length > 0 && (
            <table className="data compact">
              <thead>
                <tr>
                  <th>Books document</th>
                  <th className="num">Score</th>
                  <th>Why not paired</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {ex.candidates.map((c) => (
                  <tr key={c.ref}>
                    <td className="mono">
                      {c.document
                        ? `${c.document.docNumber} · ${date(c.document.docDate)} · ₹ ${money(c.document.amounts.value)}`
                        : c.ref}
                    </td>
                    <td className="num">{c.score}</td>
                    <td>{c.whyNot}</td>
                    <td>
                      <button onClick={() => void link(c.ref)}>Link</button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </section>
  );
}
