// Follow-up files per supplier, as `gst-ims export followups` writes them: the documents of the
// books a supplier has not reported or reported differently, under a message to send. The
// person chooses the suppliers (every one with something to chase, to begin with).
import { useMemo, useState } from 'react';
import type { FollowupsPayload } from '../../../../gst-ims/src/server/excel-api-types.js';
import { ApiError, errorText, postJson } from '../../api.js';
import { useApp } from '../../app-state.js';
import { count, fileSize, plural } from '../../format.js';
import { downloadAll } from './downloads.js';

export function Followups() {
  const { gstin, toast } = useApp();
  const [format, setFormat] = useState<'xlsx' | 'csv'>('xlsx');
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [made, setMade] = useState<FollowupsPayload | null>(null);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [filter, setFilter] = useState('');
  const [error, setError] = useState<string | null>(null);

  const prepare = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const r = await postJson<FollowupsPayload>(
        '/api/followups/export',
        { format, message: message.trim() === '' ? null : message },
        gstin,
      );
      setMade(r);
      setChosen(new Set(r.files.map((f) => f.supplierGstin)));
      setFilter('');
    } catch (e) {
      setMade(null);
      setError(e instanceof ApiError && e.kind === 'nothingToDo' ? e.message : errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const shown = useMemo(() => {
    if (!made) return [];
    const f = filter.trim().toLowerCase();
    return f === ''
      ? made.files
      : made.files.filter(
          (x) =>
            x.supplierGstin.toLowerCase().includes(f) ||
            (x.supplierName ?? '').toLowerCase().includes(f),
        );
  }, [made, filter]);
  const picked = made ? made.files.filter((f) => chosen.has(f.supplierGstin)) : [];

  const toggle = (g: string, on: boolean): void =>
    setChosen((s) => {
      const n = new Set(s);
      if (on) n.add(g);
      else n.delete(g);
      return n;
    });

  return (
    <section className="panel" aria-labelledby="followups-head">
      <h2 id="followups-head">Follow-ups to suppliers</h2>
      <p className="muted">
        One file per supplier: the documents of your books it has not reported in GSTR-1/IFF, or
        reported differently, from the last reconciliation (run again now, as{' '}
        <span className="mono">gst-ims export followups</span> does).
      </p>
      <div className="followup-options">
        <label>
          File type{' '}
          <select
            value={format}
            onChange={(e) => setFormat(e.target.value === 'csv' ? 'csv' : 'xlsx')}
          >
            <option value="xlsx">Excel (.xlsx)</option>
            <option value="csv">CSV</option>
          </select>
        </label>
        <label className="followup-message">
          Message above each table (empty: the standard one){' '}
          <textarea
            rows={3}
            value={message}
            placeholder="Dear {supplier_name}, … {count} document(s) … {period}"
            onChange={(e) => setMessage(e.target.value)}
          />
        </label>
      </div>
      <div className="excel-actions">
        <button
          className="primary"
          data-testid="followups-prepare"
          disabled={busy}
          onClick={() => void prepare()}
        >
          {busy ? 'Reconciling…' : 'Find the suppliers to chase'}
        </button>
      </div>
      {error && <div className="error-box">{error}</div>}
      {made && (
        <div data-testid="followups">
          <p>
            {plural(made.files.length, 'supplier')} with something to chase; {count(picked.length)}{' '}
            chosen.
          </p>
          <div className="excel-actions">
            <label>
              Find{' '}
              <input
                type="search"
                value={filter}
                placeholder="name or GSTIN"
                onChange={(e) => setFilter(e.target.value)}
              />
            </label>
            <button onClick={() => setChosen(new Set(made.files.map((f) => f.supplierGstin)))}>
              Choose all
            </button>
            <button onClick={() => setChosen(new Set())}>Choose none</button>
            <button
              className="primary"
              data-testid="followups-download"
              disabled={picked.length === 0}
              onClick={() => {
                void downloadAll(picked);
                toast('ok', `Downloading ${plural(picked.length, 'follow-up file')}`);
              }}
            >
              Download the {plural(picked.length, 'chosen file')}
            </button>
          </div>
          <table className="data compact">
            <thead>
              <tr>
                <th>
                  <span className="sr-only">Chosen</span>
                </th>
                <th>Supplier</th>
                <th>GSTIN</th>
                <th className="num">Not reported</th>
                <th className="num">Reported differently</th>
                <th>File</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((f) => (
                <tr key={f.supplierGstin} data-testid="followup-row">
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Choose ${f.supplierName ?? f.supplierGstin}`}
                      checked={chosen.has(f.supplierGstin)}
                      onChange={(e) => toggle(f.supplierGstin, e.target.checked)}
                    />
                  </td>
                  <td>{f.supplierName ?? ''}</td>
                  <td className="mono">{f.supplierGstin}</td>
                  <td className="num">{count(f.missingInPortal)}</td>
                  <td className="num">{count(f.mismatches)}</td>
                  <td>
                    <a href={f.url} download={f.name} className="mono">
                      {f.name}
                    </a>{' '}
                    <span className="muted small">{fileSize(f.bytes)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
