import { useEffect, useState } from 'react';
import type {
  ImportRegisterPayload,
  RegisterPreviewPayload,
} from '../../../gst-ims/src/server/api-types.js';
import { errorText, postFile } from '../api.js';
import { useApp } from '../app-state.js';
import { count, date, money, plural } from '../format.js';

const query = (preset: string, overrides: Record<string, string>): string => {
  const q: string[] = [];
  if (preset) q.push(`preset=${encodeURIComponent(preset)}`);
  if (Object.keys(overrides).length) q.push(`map=${encodeURIComponent(JSON.stringify(overrides))}`);
  return q.length ? `?${q.join('&')}` : '';
};

/**
 * The purchase register: the file is read first and the detected column of every field shown;
 * the user corrects a column or the preset, sees the documents it gives, then imports.
 */
export function RegisterImport({
  file,
  onDone,
  onCancel,
}: {
  file: File;
  onDone: (r: ImportRegisterPayload) => void;
  onCancel: () => void;
}) {
  const { gstin, toast } = useApp();
  const [preset, setPreset] = useState('');
  const [overrides, setOverrides] = useState<Record<string, string>>({});
  const [p, setP] = useState<RegisterPreviewPayload | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    setBusy(true);
    postFile<RegisterPreviewPayload>(
      `/api/import/register/preview${query(preset, overrides)}`,
      file,
      gstin,
    )
      .then((x) => {
        if (!live) return;
        setP(x);
        setError(null);
      })
      .catch((e: unknown) => live && setError(errorText(e)))
      .finally(() => live && setBusy(false));
    return () => {
      live = false;
    };
  }, [file, gstin, preset, overrides]);

  const doImport = async (): Promise<void> => {
    setBusy(true);
    try {
      const r = await postFile<ImportRegisterPayload>(
        `/api/import/register${query(preset || (p?.preset ?? ''), overrides)}`,
        file,
        gstin,
      );
      toast('ok', `Imported ${r.file}: ${plural(r.documents, 'document')} of the books`);
      onDone(r);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const fieldOf = (header: string): string => {
    if (overrides[header] !== undefined) return overrides[header];
    const hit = Object.entries(p?.mapping ?? {}).find(([, h]) => h === header);
    return hit ? hit[0] : 'ignore';
  };

  return (
    <section className="panel" data-testid="register-preview">
      <div className="panel-head">
        <h2>Purchase register: {file.name}</h2>
        <div>
          <button onClick={onCancel} disabled={busy}>
            Cancel
          </button>{' '}
          <button
            className="primary"
            onClick={() => void doImport()}
            disabled={busy || !p || p.documents === 0}
          >
            {p ? `Import ${plural(p.documents, 'document')}` : 'Import'}
          </button>
        </div>
      </div>
      {error && <div className="error-box">{error}</div>}
      {!p ? (
        <p className="muted">{busy ? 'Reading the file…' : ''}</p>
      ) : (
        <>
          <p className="muted">
            Header on row {p.headerRow}
            {p.sheet ? ` of sheet “${p.sheet}”` : ''} · {count(p.rows)} data rows →{' '}
            {plural(p.documents, 'document')}
            {p.skippedRows
              ? ` · ${count(p.skippedRows)} rows skipped (totals, cash purchases)`
              : ''}
            {p.periodFrom ? ` · dated ${date(p.periodFrom)} to ${date(p.periodTo)}` : ''}. Layout:{' '}
            <select
              value={preset || p.preset}
              onChange={(e) => setPreset(e.target.value)}
              aria-label="Register layout"
            >
              {p.presets.map((x) => (
                <option key={x} value={x}>
                  {x}
                </option>
              ))}
            </select>
          </p>
          <div className="two-col">
            <div>
              <h3>Columns: what each one holds (correct any that is wrong)</h3>
              <table className="data compact mapping">
                <thead>
                  <tr>
                    <th>Column in the file</th>
                    <th>Read as</th>
                  </tr>
                </thead>
                <tbody>
                  {p.headers.map((h, i) =>
                    h === '' ? null : (
                      <tr key={`${h}${i}`}>
                        <td>{h}</td>
                        <td className={fieldOf(h) !== 'ignore' ? 'detected' : ''}>
                          <select
                            value={fieldOf(h)}
                            onChange={(e) => setOverrides({ ...overrides, [h]: e.target.value })}
                            aria-label={`Field for ${h}`}
                          >
                            <option value="ignore">(not used)</option>
                            {p.fields.map((f) => (
                              <option key={f.field} value={f.field}>
                                {f.label}
                              </option>
                            ))}
                          </select>
                        </td>
                      </tr>
                    ),
                  )}
                </tbody>
              </table>
            </div>
            <div>
              <h3>First documents as read</h3>
              <table className="data compact">
                <thead>
                  <tr>
                    <th>Supplier GSTIN</th>
                    <th>Doc no.</th>
                    <th>Date</th>
                    <th>Type</th>
                    <th className="num">Taxable ₹</th>
                    <th className="num">Value ₹</th>
                  </tr>
                </thead>
                <tbody>
                  {p.sample.map((d) => (
                    <tr key={d.ref}>
                      <td className="mono">{d.supplierGstin}</td>
                      <td className="mono">{d.docNumber}</td>
                      <td>{date(d.docDate)}</td>
                      <td>{d.docType}</td>
                      <td className="num">{money(d.amounts.taxable)}</td>
                      <td className="num">{money(d.amounts.value)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
          {p.badRows.length > 0 && (
            <>
              <h3 className="bad">{plural(p.badRows.length, 'bad row')}: left out of the import</h3>
              <table className="data compact">
                <thead>
                  <tr>
                    <th>Row</th>
                    <th>Column</th>
                    <th>Value</th>
                    <th>Problem</th>
                  </tr>
                </thead>
                <tbody>
                  {p.badRows.map((b, i) => (
                    <tr key={i}>
                      <td>{b.row}</td>
                      <td>{b.column ?? ''}</td>
                      <td className="mono">{b.value}</td>
                      <td>{b.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          {p.warnings.length > 0 && (
            <ul className="warnings">
              {p.warnings.map((w, i) => (
                <li key={i}>
                  <b>{w.code}</b>: {w.message}
                  {w.rows.length
                    ? ` (rows ${w.rows.slice(0, 10).join(', ')}${w.rows.length > 10 ? ', …' : ''})`
                    : ''}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
