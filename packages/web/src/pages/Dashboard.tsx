import { ACTIONS } from '@core/actions.js';
import type { ItcSummary } from '@core/itc-summary.js';
import { parseRecordKey } from '@core/record.js';
import { useEffect, useState } from 'react';
import type {
  ReconcileStatusPayload,
  StatusPayload,
} from '../../../gst-ims/src/server/api-types.js';
import { errorText, getJson } from '../api.js';
import { useApp } from '../app-state.js';
import { ItcChart, SERIES } from '../components/ItcChart.js';
import { OutwardTile } from '../components/OutwardTile.js';
import { OUTCOMES } from '../outcomes.js';
import {
  count,
  dateTime,
  label,
  money,
  nextDayOfMonth,
  period as periodLabel,
  sectionLabel,
} from '../format.js';
import { periodDate, periodQuery } from '../period-state.js';

interface Data {
  status: StatusPayload;
  itc: ItcSummary;
  matches: ReconcileStatusPayload | null;
}

export function Dashboard() {
  const { gstin, version, navigate, meta, period } = useApp();
  const [data, setData] = useState<Data | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    Promise.all([
      getJson<StatusPayload>('/api/status', gstin),
      getJson<ItcSummary>(`/api/itc${periodQuery(period)}`, gstin),
      meta.features.reconciliation
        ? getJson<ReconcileStatusPayload | null>('/api/reconcile/status', gstin)
        : Promise.resolve(null),
    ])
      .then(([status, itc, matches]) => live && setData({ status, itc, matches }))
      .catch((e: unknown) => live && setError(errorText(e)));
    return () => {
      live = false;
    };
  }, [gstin, version, meta.features.reconciliation, period]);

  if (error) return <div className="error-box">{error}</div>;
  if (!data) return <div className="loading">Loading the dashboard…</div>;
  const { status, itc, matches } = data;
  const t = status.totals;
  const today = new Date();
  // The selected period's own dates (its 2B on the 14th, its 3B on the 20th of the next month).
  const r2b = period ? periodDate(period, 14, today) : nextDayOfMonth(today, 14);
  const r3b = period ? periodDate(period, 20, today) : nextDayOfMonth(today, 20);
  const of = period ? ` of ${periodLabel(period)}` : '';
  const days = (n: number): string =>
    n === 0
      ? 'today'
      : n === 1
        ? 'tomorrow'
        : n === -1
          ? 'yesterday'
          : n < 0
            ? `${count(-n)} days ago`
            : `in ${count(n)} days`;
  // A date already passed carries no tone: the Month page says what became of it.
  const toneOf = (n: number): { tone?: 'ok' | 'warn' | 'bad'; onClick?: () => void } => ({
    ...(n < 0 ? {} : { tone: n <= 3 ? 'bad' : n <= 7 ? 'warn' : 'ok' }),
    ...(period ? { onClick: () => navigate('month') } : {}),
  });
  const attention = [
    ...status.errors.map((e) => ({
      key: e.recordKey,
      kind: 'Portal error',
      text: `${e.code ? `${e.code}: ` : ''}${e.message}`,
    })),
    ...status.flagged.map((k) => ({
      key: k,
      kind: 'Changed by supplier',
      text: 'The supplier changed this document after you decided on it: check it again.',
    })),
  ];

  return (
    <div className="dashboard">
      <div className="page-head">
        <h1>Dashboard</h1>
        <span className="muted">
          {status.lastImport
            ? `Last IMS download imported: ${status.lastImport.file}, ${dateTime(status.lastImport.at)}`
            : 'No IMS download imported yet'}
        </span>
      </div>

      <div className="cards">
        <Card
          title="Records"
          value={count(t.total)}
          note={`${count(t.byDecision.noAction)} still on No Action`}
          onClick={() => navigate('records')}
        />
        <Card
          title="Waiting for upload"
          value={count(t.waitingUpload)}
          note="decisions that differ from the portal"
          tone={t.waitingUpload ? 'warn' : 'ok'}
          onClick={() => navigate('upload')}
        />
        <Card
          title="Changed by supplier"
          value={count(t.flagged)}
          note="decide again before uploading"
          tone={t.flagged ? 'warn' : 'ok'}
          onClick={() => navigate('records', '?view=changed')}
        />
        <Card
          title="Portal errors"
          value={count(t.withError)}
          note="refused in the last upload"
          tone={t.withError ? 'bad' : 'ok'}
          onClick={() => navigate('records', '?view=errors')}
        />
        <Card
          title={`GSTR-2B${of} generated`}
          value={days(r2b.days)}
          note={
            r2b.days < 0
              ? `on ${r2b.date}: see the Month page`
              : `on ${r2b.date}: act in IMS before this`
          }
          {...toneOf(r2b.days)}
        />
        <Card
          title={`GSTR-3B${of} due`}
          value={days(r3b.days)}
          note={`on ${r3b.date}`}
          {...toneOf(r3b.days)}
        />
      </div>
      <OutwardTile />

      {matches && (
        <section className="panel matches">
          <div className="panel-head">
            <h2>Match with the books</h2>
            <span className="muted small">
              {count(matches.documents)} documents in the purchase register
              {matches.lastRegisterImport
                ? ` (last import ${matches.lastRegisterImport.file}, ${dateTime(matches.lastRegisterImport.at)})`
                : ''}
            </span>
            <button onClick={() => navigate('reconcile')}>Reconcile →</button>
          </div>
          <div className="outcome-counts">
            {OUTCOMES.map((o) => (
              <div key={o.outcome} className={`outcome-count ${o.tone}`} title={o.hint}>
                <b>{count(matches.counts[o.outcome])}</b> {o.label}
              </div>
            ))}
          </div>
          {Object.values(matches.counts).every((n) => n === 0) && (
            <p className="muted small">Not matched yet: open Reconcile to run the match.</p>
          )}
        </section>
      )}

      <section className="panel itc-panel">
        <h2>Projected ITC effect (GSTR-2B{of}) per tax head</h2>
        <div className="itc-body">
          <ItcChart summary={itc} />
          <table className="data compact itc">
            <thead>
              <tr>
                <th>₹</th>
                <th className="num">IGST</th>
                <th className="num">CGST</th>
                <th className="num">SGST</th>
                <th className="num">Cess</th>
                <th className="num">Total</th>
              </tr>
            </thead>
            <tbody>
              {SERIES.map((s) => {
                const b = s.pick(itc);
                return (
                  <tr key={s.name} title={`${s.hint} (${count(b.count)} documents)`}>
                    <td>
                      <i className="swatch" style={{ background: s.color }} /> {s.name}
                    </td>
                    <td className="num">{money(b.igst)}</td>
                    <td className="num">{money(b.cgst)}</td>
                    <td className="num">{money(b.sgst)}</td>
                    <td className="num">{money(b.cess)}</td>
                    <td className="num">{money(b.total)}</td>
                  </tr>
                );
              })}
              <tr className="strong">
                <td>Net ITC available</td>
                <td className="num">{money(itc.netAvailable.igst)}</td>
                <td className="num">{money(itc.netAvailable.cgst)}</td>
                <td className="num">{money(itc.netAvailable.sgst)}</td>
                <td className="num">{money(itc.netAvailable.cess)}</td>
                <td className="num">{money(itc.netAvailable.total)}</td>
              </tr>
            </tbody>
          </table>
        </div>
      </section>
      <div className="two-col">
        <section className="panel">
          <h2>Records by section and decision</h2>
          <table className="data">
            <thead>
              <tr>
                <th>Section</th>
                {ACTIONS.map((a) => (
                  <th key={a} className="num">
                    {label(a)}
                  </th>
                ))}
                <th className="num">Total</th>
                <th className="num">To upload</th>
              </tr>
            </thead>
            <tbody>
              {status.sections
                .filter((s) => s.total > 0)
                .map((s) => (
                  <tr key={s.section}>
                    <td>{sectionLabel(s.section)}</td>
                    {ACTIONS.map((a) => (
                      <td key={a} className="num">
                        {count(s.byDecision[a])}
                      </td>
                    ))}
                    <td className="num">{count(s.total)}</td>
                    <td className="num">
                      {s.waitingUpload ? <b>{count(s.waitingUpload)}</b> : '0'}
                    </td>
                  </tr>
                ))}
            </tbody>
            <tfoot>
              <tr>
                <td>All sections</td>
                {ACTIONS.map((a) => (
                  <td key={a} className="num">
                    {count(t.byDecision[a])}
                  </td>
                ))}
                <td className="num">{count(t.total)}</td>
                <td className="num">{count(t.waitingUpload)}</td>
              </tr>
            </tfoot>
          </table>
          <p className="muted small">
            Counts follow your decisions (what the upload will make the portal hold). The portal
            currently holds:{' '}
            {ACTIONS.map((a) => `${label(a)} ${count(t.byPortalAction[a])}`).join(' · ')}.
          </p>
        </section>

        <section className="panel">
          <div className="panel-head">
            <h2>Needs attention ({count(attention.length)})</h2>
            {t.waitingUpload > 0 && (
              <button onClick={() => navigate('upload')}>
                Review the upload ({count(t.waitingUpload)} waiting) →
              </button>
            )}
          </div>
          {attention.length === 0 ? (
            <p className="muted">No record carries a portal error or a change by the supplier.</p>
          ) : (
            <table className="data">
              <thead>
                <tr>
                  <th>Why</th>
                  <th>Section</th>
                  <th>Supplier GSTIN</th>
                  <th>Document</th>
                  <th>What to do</th>
                </tr>
              </thead>
              <tbody>
                {attention.slice(0, 50).map((a) => {
                  const k = parseRecordKey(a.key);
                  return (
                    <tr key={`${a.kind}${a.key}`}>
                      <td>
                        <span className={`pill ${a.kind === 'Portal error' ? 'bad' : 'warn'}`}>
                          {a.kind}
                        </span>
                      </td>
                      <td>{k?.section ?? ''}</td>
                      <td className="mono">{k?.supplierGstin ?? ''}</td>
                      <td>
                        <a
                          href={`/records?key=${encodeURIComponent(a.key)}`}
                          onClick={(e) => {
                            e.preventDefault();
                            navigate('records', `?key=${encodeURIComponent(a.key)}`);
                          }}
                        >
                          {k?.docNumber ?? a.key}
                        </a>
                      </td>
                      <td>{a.text}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
          {attention.length > 50 && (
            <p className="muted">
              … and {count(attention.length - 50)} more: see the Records page.
            </p>
          )}
        </section>
      </div>
    </div>
  );
}

function Card(props: {
  title: string;
  value: string;
  note: string;
  tone?: 'ok' | 'warn' | 'bad';
  onClick?: () => void;
}) {
  return (
    <div
      className={`card ${props.tone ?? ''} ${props.onClick ? 'clickable' : ''}`}
      onClick={props.onClick}
      role={props.onClick ? 'button' : undefined}
      // A card that leads somewhere is a button for the keyboard too: Tab reaches it, Enter or
      // Space opens it.
      tabIndex={props.onClick ? 0 : undefined}
      onKeyDown={
        props.onClick
          ? (e) => {
              if (e.key !== 'Enter' && e.key !== ' ') return;
              e.preventDefault();
              props.onClick?.();
            }
          : undefined
      }
    >
      <div className="card-title">{props.title}</div>
      <div className="card-value">{props.value}</div>
      <div className="card-note">{props.note}</div>
    </div>
  );
}
