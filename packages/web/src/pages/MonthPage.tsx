// One return period (issue 12): the IMS projection, the GSTR-2B, the books and the GSTR-3B side by
// side per tax head, each difference down to its records; the deadline tiles; the recompute
// reminder; the 3B's excess with its DRC-01C verdict; imports of the 2B / 3B and a typed Table 4.
import type { TwoBFinding } from '@core/compare-gstr2b.js';
import type { Gstr2bTable4 } from '@core/gstr2b-totals.js';
import type { Drc01cThreshold, ExcessCheck } from '@core/gstr3b.js';
import type { Heads } from '@core/parse-gstr2b.js';
import { parseRecordKey } from '@core/record.js';
import { useEffect, useRef, useState } from 'react';
import { errorText, getJson, postFile } from '../api.js';
import { useApp } from '../app-state.js';
import { Table4Form } from '../components/Table4Form.js';
import { count, date, dateTime, money, period as periodLabel, plural, rupees } from '../format.js';
import { periodQuery } from '../period-state.js';
import './month.css';

/** GET /api/month, as app/month-cycle.ts MonthView sends it (money in paise). */
export interface MonthPayload {
  readonly gstin: string;
  readonly period: string;
  readonly dates: { readonly gstr2bOn: string; readonly gstr3bDue: string };
  readonly projection: {
    readonly netAvailable: Heads;
    readonly waitingForSupplier: Heads;
    readonly pending: Heads;
    readonly rejected: Heads;
  };
  readonly gstr2b: {
    readonly decisions: {
      readonly findings: readonly TwoBFinding[];
      readonly recompute: boolean;
      readonly unknownDocuments: readonly unknown[];
      readonly compared: number;
    };
    readonly totals: { readonly difference: Heads; readonly equal: boolean };
    readonly table4: Gstr2bTable4;
    readonly importedAt: string;
  } | null;
  readonly gstr3b: {
    readonly availableFrom: 'gstr2b' | 'projection';
    readonly check: ExcessCheck;
    readonly threshold: Drc01cThreshold;
    readonly explaining: readonly Explaining[];
    readonly explained: number;
    readonly advice: readonly string[];
    readonly importedAt: string;
  } | null;
  readonly books: Heads | null;
  readonly deadlines: {
    readonly past: number;
    readonly near: number;
    readonly rule37a: number;
    readonly rule37Reverse: number | null;
    readonly rule37Near: number | null;
    readonly pending: number;
    readonly warnDays: number;
  };
}

interface Explaining {
  readonly recordKey: string;
  readonly why: 'deemedEarlier' | 'notFiled' | 'pending';
  readonly twoBPeriod: string | null;
  readonly tax: Heads;
  readonly note: string;
}

const HEADS = ['igst', 'cgst', 'sgst', 'cess'] as const;
const total = (h: Heads): number => h.igst + h.cgst + h.sgst + h.cess;
const minus = (a: Heads, b: Heads): Heads =>
  ({
    igst: a.igst - b.igst,
    cgst: a.cgst - b.cgst,
    sgst: a.sgst - b.sgst,
    cess: a.cess - b.cess,
  }) as Heads;

const WHY: Readonly<Record<Explaining['why'], string>> = {
  deemedEarlier: 'Deemed accepted in an earlier 2B, claimed now',
  notFiled: 'Claimed before the supplier filed',
  pending: 'Pending on the portal, claimed',
};

type Drill = 'twoB' | 'excess' | null;

export function MonthPage() {
  const { gstin, version, period } = useApp();
  const [data, setData] = useState<MonthPayload | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [drill, setDrill] = useState<Drill>(null);

  useEffect(() => {
    let live = true;
    setError(null);
    getJson<MonthPayload>(`/api/month${periodQuery(period)}`, gstin)
      .then((m) => live && setData(m))
      .catch((e: unknown) => live && setError(errorText(e)));
    return () => {
      live = false;
    };
  }, [gstin, version, period]);

  if (error) return <div className="error-box">{error}</div>;
  if (!data) return <div className="loading">Loading the month…</div>;
  const p = periodLabel(data.period);
  const findings = data.gstr2b?.decisions.findings ?? [];

  return (
    <div className="month">
      <div className="page-head">
        <h1>Month: {p}</h1>
        <span className="muted" data-testid="month-dates">
          GSTR-2B of {p} generated on {date(data.dates.gstr2bOn)} · GSTR-3B due on{' '}
          {date(data.dates.gstr3bDue)}
        </span>
      </div>
      <DeadlineTiles d={data.deadlines} />
      {data.gstr2b?.decisions.recompute && (
        <section className="panel month-recompute" data-testid="recompute">
          <h2>Recompute the 2B on the portal before filing 3B</h2>
          <p>
            {plural(findings.length, 'record')} of {p} differ from your IMS actions: the 2B was
            generated (on the portal) before them. Upload the decisions still waiting, then press
            Compute GSTR-2B on the portal.
          </p>
          <FindingsTable findings={findings} />
        </section>
      )}
      <Comparison data={data} drill={drill} setDrill={setDrill} />
      {drill === 'twoB' && (
        <section className="panel" data-testid="drill-twoB">
          <div className="panel-head">
            <h2>2B against your decisions: the records that differ</h2>
            <button onClick={() => setDrill(null)}>Close</button>
          </div>
          {findings.length === 0 ? (
            <p className="muted">
              Every record of {p} is where your decisions put it; the difference is in documents the
              2B holds apart (amendments at their amended value, documents outside IMS)
              {data.gstr2b && data.gstr2b.decisions.unknownDocuments.length > 0
                ? `, and ${plural(data.gstr2b.decisions.unknownDocuments.length, 'document')} of the 2B that no record of the workspace matches`
                : ''}
              .
            </p>
          ) : (
            <FindingsTable findings={findings} />
          )}
        </section>
      )}
      <Excess data={data} focus={drill === 'excess'} />
      <ReturnsImport period={data.period} />
      <Table4Form key={data.period} period={data.period} />
    </div>
  );
}

function DeadlineTiles({ d }: { d: MonthPayload['deadlines'] }) {
  const tiles: {
    title: string;
    value: string;
    note: string;
    tone: string;
    onClick?: () => void;
  }[] = [
    {
      title: 'Past the time limit',
      value: count(d.past),
      note: 'open records past s.16(4) or the one-period limit on credit notes',
      tone: d.past > 0 ? 'bad' : 'ok',
    },
    {
      title: 'Near the time limit',
      value: count(d.near),
      note: `within ${count(d.warnDays)} days of s.16(4) or the pending limit`,
      tone: d.near > 0 ? 'warn' : 'ok',
    },
    {
      title: 'Kept Pending',
      value: count(d.pending),
      note: 'carried into this period: decide before their limit',
      tone: d.pending > 0 ? 'warn' : 'ok',
    },
    {
      title: 'Rule 37A',
      value: count(d.rule37a),
      note: 'supplier still not filed after 30 September: reverse the ITC',
      tone: d.rule37a > 0 ? 'bad' : 'ok',
    },
    {
      title: 'Rule 37 (180 days unpaid)',
      value: d.rule37Reverse === null ? '–' : count(d.rule37Reverse),
      note:
        d.rule37Reverse === null
          ? 'the purchase register carries no payment dates'
          : `to reverse; ${count(d.rule37Near ?? 0)} near the 180th day`,
      tone: d.rule37Reverse ? 'bad' : d.rule37Near ? 'warn' : 'ok',
    },
  ];
  return (
    <div className="cards month-tiles" data-testid="deadline-tiles">
      {tiles.map((t) => (
        <div
          key={t.title}
          className={`card ${t.tone} ${t.onClick ? 'clickable' : ''}`}
          role={t.onClick ? 'button' : undefined}
          tabIndex={t.onClick ? 0 : undefined}
          onClick={t.onClick}
          onKeyDown={(e) => {
            if (t.onClick && (e.key === 'Enter' || e.key === ' ')) {
              e.preventDefault();
              t.onClick();
            }
          }}
        >
          <div className="card-title">{t.title}</div>
          <div className="card-value">{t.value}</div>
          <div className="card-note">{t.note}</div>
        </div>
      ))}
    </div>
  );
}

function RecordLink({ recordKey }: { recordKey: string }) {
  const { navigate } = useApp();
  const k = parseRecordKey(recordKey);
  return (
    <a
      href={`/records?key=${encodeURIComponent(recordKey)}`}
      title={recordKey}
      onClick={(e) => {
        e.preventDefault();
        navigate('records', `?key=${encodeURIComponent(recordKey)}`);
      }}
    >
      {k ? `${k.docNumber} (${k.supplierGstin}, ${k.section})` : recordKey}
    </a>
  );
}

function FindingsTable({ findings }: { findings: readonly TwoBFinding[] }) {
  return (
    <table className="data compact">
      <thead>
        <tr>
          <th>Record</th>
          <th>What</th>
          <th>Next step</th>
        </tr>
      </thead>
      <tbody>
        {findings.map((f) => (
          <tr key={`${f.code}${f.recordKey}`}>
            <td>
              <RecordLink recordKey={f.recordKey} />
            </td>
            <td>{f.message}</td>
            <td>{f.notUploaded ? 'Upload the decision, then recompute' : 'Recompute the 2B'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One row of the side-by-side table; `drill` makes the row open its records. */
function HeadsRow(props: {
  label: string;
  heads: Heads | null;
  missing?: string;
  kind?: 'diff' | 'strong' | 'muted';
  action?: { label: string; run: () => void } | undefined;
  testId?: string;
}) {
  const { heads } = props;
  return (
    <tr className={props.kind ?? ''} data-testid={props.testId}>
      <td>
        {props.label}
        {props.action && (
          <button className="link-button" onClick={props.action.run}>
            {props.action.label}
          </button>
        )}
      </td>
      {heads === null ? (
        <td colSpan={5} className="muted">
          {props.missing}
        </td>
      ) : (
        <>
          {HEADS.map((h) => (
            <td
              key={h}
              className={`num ${props.kind === 'diff' && heads[h] !== 0 ? 'nonzero' : ''}`}
            >
              {money(heads[h])}
            </td>
          ))}
          <td className="num">{money(total(heads))}</td>
        </>
      )}
    </tr>
  );
}

function Comparison(props: { data: MonthPayload; drill: Drill; setDrill: (d: Drill) => void }) {
  const { data, setDrill } = props;
  const { navigate } = useApp();
  const proj = data.projection.netAvailable;
  const twoB = data.gstr2b;
  const threeB = data.gstr3b;
  return (
    <section className="panel">
      <h2>IMS, GSTR-2B, books and GSTR-3B per tax head (₹)</h2>
      <table className="data month-compare" data-testid="month-compare">
        <thead>
          <tr>
            <th />
            <th className="num">IGST</th>
            <th className="num">CGST</th>
            <th className="num">SGST</th>
            <th className="num">Cess</th>
            <th className="num">Total</th>
          </tr>
        </thead>
        <tbody>
          <HeadsRow label="IMS projection: net ITC of your decisions" heads={proj} kind="strong" />
          <HeadsRow
            label="  kept apart: waiting for the supplier to file"
            heads={data.projection.waitingForSupplier}
            kind="muted"
          />
          <HeadsRow label="  kept apart: Pending" heads={data.projection.pending} kind="muted" />
          <HeadsRow
            label="GSTR-2B: all other ITC, 4(A)(5)"
            heads={twoB?.table4.allOther ?? null}
            missing="No GSTR-2B of this period imported: import it below."
            kind="strong"
          />
          {twoB && (
            <HeadsRow
              label="2B − projection"
              heads={twoB.totals.difference}
              kind="diff"
              testId="diff-2b"
              action={
                twoB.totals.equal && twoB.decisions.findings.length === 0
                  ? undefined
                  : {
                      label:
                        twoB.decisions.findings.length === 0
                          ? 'why? →'
                          : `${plural(twoB.decisions.findings.length, 'record')} →`,
                      run: () => setDrill('twoB'),
                    }
              }
            />
          )}
          <HeadsRow
            label="Books: register documents dated in the period"
            heads={data.books}
            missing="No register document dated in this period."
            kind="strong"
          />
          {data.books && (
            <HeadsRow
              label="Books − projection"
              heads={minus(data.books, proj)}
              kind="diff"
              action={{ label: 'match on Reconcile →', run: () => navigate('reconcile') }}
            />
          )}
          <HeadsRow
            label="GSTR-3B claimed: 4(A)(5) less 4(D)(1)"
            heads={threeB?.check.claimed ?? null}
            missing="No GSTR-3B of this period: import it or type Table 4 below."
            kind="strong"
          />
          {threeB && (
            <HeadsRow
              label={`3B excess over the ${threeB.availableFrom === 'gstr2b' ? '2B' : 'projection'}`}
              heads={threeB.check.excess}
              kind="diff"
              testId="diff-3b"
              action={
                threeB.explaining.length > 0
                  ? {
                      label: `${plural(threeB.explaining.length, 'record')} →`,
                      run: () => {
                        setDrill('excess');
                        document.getElementById('month-excess')?.scrollIntoView();
                      },
                    }
                  : undefined
              }
            />
          )}
        </tbody>
      </table>
      {twoB && (
        <p className="muted small">
          2B imported {dateTime(twoB.importedAt)}; {count(twoB.decisions.compared)} records of the
          period compared with it.
          {threeB ? ` 3B stored ${dateTime(threeB.importedAt)}.` : ''}
        </p>
      )}
    </section>
  );
}

function Excess({ data, focus }: { data: MonthPayload; focus: boolean }) {
  const r = data.gstr3b;
  if (!r) return null;
  const c = r.check;
  const t = r.threshold;
  const base =
    r.availableFrom === 'gstr2b' ? 'the 2B' : 'the projection of your decisions (no 2B imported)';
  return (
    <section
      id="month-excess"
      className={`panel month-excess ${c.excessTotal > 0 ? 'has-excess' : ''} ${focus ? 'focus' : ''}`}
      data-testid="excess"
    >
      <h2>GSTR-3B against {r.availableFrom === 'gstr2b' ? 'GSTR-2B' : 'the projection'}</h2>
      {c.excessTotal === 0 ? (
        <p data-testid="excess-verdict">
          No excess: the ITC claimed in 3B is within {base} on every head.
        </p>
      ) : (
        <>
          <p data-testid="excess-verdict">
            <b>Excess ITC {rupees(c.excessTotal)}</b>
            {c.percent === null ? '' : ` (${c.percent.toFixed(2)}% of ${base})`}. DRC-01C limit
            (above {rupees(t.amount)} {t.rule === 'and' ? 'and' : 'or'} {t.percent}%):{' '}
            <b className={c.crossesThreshold ? 'bad-text' : ''}>
              {c.crossesThreshold ? 'crossed' : 'not crossed'}
            </b>
            .
          </p>
          {r.explaining.length > 0 && (
            <>
              <h3>
                Records that may explain it ({rupees(r.explained)}
                {r.explained === c.excessTotal ? ', exactly the excess' : ''})
              </h3>
              <table className="data compact" data-testid="explaining">
                <thead>
                  <tr>
                    <th>Record</th>
                    <th>2B period</th>
                    <th className="num">Tax ₹</th>
                    <th>Why</th>
                  </tr>
                </thead>
                <tbody>
                  {r.explaining.map((e) => (
                    <tr key={e.recordKey}>
                      <td>
                        <RecordLink recordKey={e.recordKey} />
                      </td>
                      <td>{periodLabel(e.twoBPeriod)}</td>
                      <td className="num">{money(total(e.tax))}</td>
                      <td title={e.note}>{WHY[e.why]}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          <ul className="advice">
            {r.advice.map((a) => (
              <li key={a}>{a}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function ReturnsImport({ period }: { period: string }) {
  const { gstin, bump, toast, setPeriod } = useApp();
  const [busy, setBusy] = useState<'gstr2b' | 'gstr3b' | null>(null);
  const run = async (kind: 'gstr2b' | 'gstr3b', f: File): Promise<void> => {
    setBusy(kind);
    try {
      const r = await postFile<{ period: string; replaced: boolean }>(
        `/api/import/${kind}`,
        f,
        gstin,
      );
      toast(
        'ok',
        `${r.replaced ? 'Replaced' : 'Imported'} the ${kind === 'gstr2b' ? 'GSTR-2B' : 'GSTR-3B'} of ${periodLabel(r.period)} from ${f.name}`,
      );
      if (r.period !== period) setPeriod(r.period);
      bump();
    } catch (e) {
      toast('error', errorText(e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <section className="panel">
      <h2>Import the returns of {periodLabel(period)}</h2>
      <div className="drops">
        <FileDrop
          id="drop-gstr2b"
          title="GSTR-2B (JSON)"
          hint="From the portal: Returns → GSTR-2B → Download JSON. Several files (fc) are imported from the command line."
          busy={busy === 'gstr2b'}
          onFile={(f) => void run('gstr2b', f)}
        />
        <FileDrop
          id="drop-gstr3b"
          title="GSTR-3B (JSON)"
          hint="The filed or saved 3B's JSON: its Table 4 is checked against the 2B. Or type Table 4 below."
          busy={busy === 'gstr3b'}
          onFile={(f) => void run('gstr3b', f)}
        />
      </div>
    </section>
  );
}

function FileDrop(props: {
  id: string;
  title: string;
  hint: string;
  busy: boolean;
  onFile: (f: File) => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  return (
    <div
      className={`drop ${over ? 'over' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        const f = e.dataTransfer.files[0];
        if (f) props.onFile(f);
      }}
    >
      <h3>{props.title}</h3>
      <p className="muted small">{props.hint}</p>
      <button className="primary" disabled={props.busy} onClick={() => input.current?.click()}>
        {props.busy ? 'Importing…' : `Choose the ${props.title.split(' ')[0]} file…`}
      </button>
      <input
        ref={input}
        id={props.id}
        type="file"
        accept=".json,application/json"
        hidden
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) props.onFile(f);
          e.target.value = '';
        }}
      />
    </div>
  );
}
