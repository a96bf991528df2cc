// One return period (issue 12): the IMS projection, the GSTR-2B, the books and the GSTR-3B side by
// side per tax head, each difference down to its records; the deadline tiles; the recompute
// reminder; the 3B's excess with its DRC-01C verdict; imports of the 2B / 3B and a typed Table 4.
import { useEffect, useState } from 'react';
import { errorText, getJson } from '../api.js';
import { useApp } from '../app-state.js';
import { Table4Form } from '../components/Table4Form.js';
import { date, period as periodLabel, plural } from '../format.js';
import { periodQuery } from '../period-state.js';
import { Comparison } from './month/Comparison.js';
import { DeadlineTiles } from './month/DeadlineTiles.js';
import { Excess } from './month/Excess.js';
import { FindingsTable } from './month/FindingsTable.js';
import type { Drill, MonthPayload } from './month/month-payload.js';
import { ReturnsImport } from './month/ReturnsImport.js';
import './month.css';

export type { MonthPayload } from './month/month-payload.js';

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
