import type { ExplainPayload } from '../../../../gst-ims/src/server/api-types.js';
import { date, label, money, sectionLabel } from '../../format.js';
import { outcomeLabel } from '../../outcomes.js';
import type { MatchRow } from './reconcile-rows.js';
import type { MatchDetail } from './use-match-detail.js';
import { useMatchDetail } from './use-match-detail.js';
import './reconcile-panel.css';

export interface ReconcilePanelProps {
  readonly gstin: string;
  readonly row: MatchRow;
  /** The run the row comes from: a new run loads the detail again. */
  readonly run: unknown;
  readonly onClose: () => void;
  /** Link the row's record with a books document (a candidate). */
  readonly onLink: (registerRef: string, docNumber: string | null) => void;
  readonly onUnlink: () => void;
  /** Open the record on the Records page (its history, the decision dialog). */
  readonly onOpenRecord: (key: string) => void;
}

/** One row of the match: the record and the books side by side, the reasons, the proposal, the candidates. */
export function ReconcilePanel(p: ReconcilePanelProps) {
  const { row } = p;
  const { detail, error, loading } = useMatchDetail(p.gstin, row.recordKey, p.run);
  return (
    <aside className="side-panel match-panel" aria-label="Match details" data-testid="match-panel">
      <div className="side-head">
        <div>
          <div className="muted small">
            {row.section ? sectionLabel(row.section) : 'Purchase register only'}
          </div>
          <h2>{row.documentNumber ?? row.registerDocNumber ?? row.registerRef}</h2>
          <div>{row.supplierName || row.supplierGstin}</div>
        </div>
        <button className="close" onClick={p.onClose} aria-label="Close" title="Close (Esc)">
          ×
        </button>
      </div>
      <MatchSummary row={row} />
      <SideBySide row={row} />
      <Decision row={row} explain={detail?.explain ?? null} />
      {row.recordKey === null ? (
        <p className="muted small" data-testid="books-only">
          Found only in the books (ref {row.registerRef}): select it together with the portal record
          it belongs to and press Link.
        </p>
      ) : error ? (
        <div className="error-box">{error}</div>
      ) : !detail || loading ? (
        <p className="muted">Finding the candidates in the books…</p>
      ) : (
        <Candidates detail={detail} onLink={p.onLink} />
      )}
      <div className="decide-row">
        {row.recordKey !== null && (
          <button onClick={() => p.onOpenRecord(row.recordKey!)}>Open in Records</button>
        )}
        {row.recordKey !== null && row.registerRef !== null && (
          <button onClick={p.onUnlink}>Unlink</button>
        )}
      </div>
    </aside>
  );
}

function MatchSummary({ row }: { row: MatchRow }) {
  return (
    <section>
      <p>
        <b className={`outcome outcome-${row.outcome}`}>{outcomeLabel(row.outcome)}</b>
        {row.score ? ` · score ${row.score}` : ''}
        {row.manual ? ' · linked by hand' : ''}
      </p>
      {row.reasons.length > 0 && (
        <ul className="reasons small" data-testid="match-reasons">
          {row.reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

const differs = (a: unknown, b: unknown): string =>
  a !== null && b !== null && a !== b ? 'diff' : '';

function SideBySide({ row }: { row: MatchRow }) {
  const lines: [string, string, string, string][] = [
    [
      'Document',
      row.documentNumber ?? '',
      row.registerDocNumber ?? '',
      differs(
        row.documentNumber?.toUpperCase() ?? null,
        row.registerDocNumber?.toUpperCase() ?? null,
      ),
    ],
    [
      'Date',
      date(row.documentDate),
      date(row.registerDocDate),
      differs(row.documentDate, row.registerDocDate),
    ],
    [
      'Value ₹',
      money(row.portalValue),
      money(row.registerValue),
      differs(row.portalValue, row.registerValue),
    ],
    [
      'Tax ₹',
      money(row.portalTax),
      money(row.registerTax),
      differs(row.portalTax, row.registerTax),
    ],
  ];
  return (
    <table className="data compact compare">
      <thead>
        <tr>
          <th />
          <th className="num">Portal</th>
          <th className="num">Books</th>
        </tr>
      </thead>
      <tbody>
        {lines.map(([name, portal, books, diff]) => (
          <tr key={name}>
            <th>{name}</th>
            <td className="num">{portal}</td>
            <td className={`num ${diff}`}>{books}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Decision({ row, explain }: { row: MatchRow; explain: ExplainPayload | null }) {
  const proposal = explain?.proposal ?? row.proposal;
  if (row.recordKey === null) return null;
  return (
    <section>
      <h3>Decision</h3>
      <p data-testid="match-decision">
        Yours: <b>{row.currentAction ? label(row.currentAction) : 'none'}</b> · proposed:{' '}
        {proposal ? (
          <>
            <b className={`act act-${proposal.action}`}>{label(proposal.action)}</b> by rule “
            {proposal.rule}”{proposal.safe ? ' (safe)' : ' (review first)'}
            {proposal.remark ? ` with remark “${proposal.remark}”` : ''}
            {proposal.note ? `. ${proposal.note}` : ''}
          </>
        ) : (
          'nothing (no rule applies)'
        )}
      </p>
    </section>
  );
}

function Candidates({
  detail,
  onLink,
}: {
  detail: MatchDetail;
  onLink: ReconcilePanelProps['onLink'];
}) {
  const { candidates } = detail.explain;
  return (
    <section data-testid="candidates">
      <h3>Other candidates in the books</h3>
      {candidates.length === 0 ? (
        <p className="muted small">No other document of the books comes close.</p>
      ) : (
        <table className="data compact candidates">
          <thead>
            <tr>
              <th>Books document</th>
              <th className="num">Score</th>
              <th>Why not paired</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {candidates.map((c) => (
              <tr key={c.ref}>
                <td className="mono">
                  {c.document
                    ? `${c.document.docNumber} · ${date(c.document.docDate)} · ₹ ${money(c.document.amounts.value)}`
                    : c.ref}
                </td>
                <td className="num">{c.score}</td>
                <td className="why">
                  {c.whyNot}
                  {c.reasons.length > 0 && <div className="muted">{c.reasons.join('; ')}</div>}
                </td>
                <td>
                  <button
                    onClick={() => onLink(c.ref, c.document?.docNumber ?? null)}
                    aria-label={`Link with ${c.document?.docNumber ?? c.ref}`}
                  >
                    Link
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="muted small">
        Portal holds {label(detail.record.portalAction)}; decision history on the Records page.
      </p>
    </section>
  );
}
