// All clients on one page (issue 16): for each GSTIN the person may see and the chosen period,
// what is left to do; sortable by any column; a row opens the client.
import { useEffect, useState } from 'react';
import type {
  PracticeClientDto,
  PracticePayload,
} from '../../../gst-ims/src/server/practice-api-types.js';
import { errorText, getJson } from '../api.js';
import { useApp } from '../app-state.js';
import { count, date, dateTime, period as periodText } from '../format.js';
import type { PracticeColumn, PracticeSort } from './practice-sort.js';
import { nextSort, sortClients } from './practice-sort.js';
import './practice.css';

const COLUMNS: readonly { column: PracticeColumn; label: string }[] = [
  { column: 'gstin', label: 'Client GSTIN' },
  { column: 'records', label: 'Records' },
  { column: 'undecided', label: 'Undecided' },
  { column: 'waitingApproval', label: 'Waiting for approval' },
  { column: 'waitingUpload', label: 'Waiting for upload' },
  { column: 'portalErrors', label: 'Portal errors' },
];

export function PracticePage() {
  const { period: appPeriod, version, navigate, selectGstin } = useApp();
  const [chosen, setChosen] = useState<string | null>(appPeriod);
  const [data, setData] = useState<PracticePayload | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sort, setSort] = useState<PracticeSort>({ column: 'undecided', descending: true });

  useEffect(() => {
    let live = true;
    const q = chosen === null ? '' : `?period=${chosen}`;
    getJson<PracticePayload>(`/api/practice${q}`)
      .then((d) => live && setData(d))
      .catch((e: unknown) => live && setError(errorText(e)));
    return () => {
      live = false;
    };
  }, [chosen, version]);

  if (error) return <div className="error-box">{error}</div>;
  if (!data) return <div className="loading">Counting every client's work…</div>;
  const open = (c: PracticeClientDto): void => {
    selectGstin?.(c.gstin);
    navigate('dashboard');
  };

  return (
    <div className="practice-page">
      <div className="page-head">
        <h1>Clients</h1>
        <label>
          Period{' '}
          <select
            value={data.period ?? ''}
            onChange={(e) => setChosen(e.target.value)}
            data-testid="practice-period"
          >
            {data.periods.map((p) => (
              <option key={p} value={p}>
                {periodText(p)}
              </option>
            ))}
          </select>
        </label>
        {data.gstr2bOn && data.gstr3bDue && (
          <span className="muted">
            GSTR-2B on {date(data.gstr2bOn)} · GSTR-3B due {date(data.gstr3bDue)}
          </span>
        )}
      </div>
      <table className="data practice" data-testid="practice-table">
        <thead>
          <tr>
            {COLUMNS.map((c) => (
              <th
                key={c.column}
                className={c.column === 'gstin' ? '' : 'num'}
                aria-sort={
                  sort.column === c.column ? (sort.descending ? 'descending' : 'ascending') : 'none'
                }
              >
                <button className="sort" onClick={() => setSort((s) => nextSort(s, c.column))}>
                  {c.label}
                  {sort.column === c.column ? (sort.descending ? ' ▼' : ' ▲') : ''}
                </button>
              </th>
            ))}
            <th>GSTR-2B imported</th>
          </tr>
        </thead>
        <tbody>
          {sortClients(data.clients, sort).map((c) => (
            <tr key={c.gstin}>
              <td>
                <a
                  href="/"
                  className="mono"
                  onClick={(e) => {
                    e.preventDefault();
                    open(c);
                  }}
                >
                  {c.gstin}
                </a>
              </td>
              <td className="num">{count(c.records)}</td>
              <td className="num">{count(c.undecided)}</td>
              <td className="num">{c.waitingApproval === null ? '–' : count(c.waitingApproval)}</td>
              <td className="num">{count(c.waitingUpload)}</td>
              <td className={c.portalErrors > 0 ? 'num bad' : 'num'}>{count(c.portalErrors)}</td>
              <td>{c.gstr2bImportedAt === null ? 'not yet' : dateTime(c.gstr2bImportedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {data.clients.length === 0 && <p className="muted">No client yet.</p>}
    </div>
  );
}
