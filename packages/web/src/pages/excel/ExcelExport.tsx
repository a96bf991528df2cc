// Export the IMS workbook: one, or one per supplier / section / register column, as
// `gst-ims export excel --split-by`; optionally only the top bar's period.
import { useState } from 'react';
import type { ExcelExportPayload } from '../../../../gst-ims/src/server/excel-api-types.js';
import { errorText, postJson } from '../../api.js';
import { useApp } from '../../app-state.js';
import { count, fileSize, period as periodWords, plural } from '../../format.js';
import { downloadAll } from './downloads.js';

type Split = 'none' | 'supplier' | 'section' | 'column';

const SPLITS: readonly { value: Split; label: string }[] = [
  { value: 'none', label: 'One workbook, every record' },
  { value: 'supplier', label: 'One workbook per supplier' },
  { value: 'section', label: 'One workbook per section (B2B, B2B-CN, …)' },
  { value: 'column', label: 'One workbook per purchase-register column' },
];

export function ExcelExport() {
  const { gstin, period, toast } = useApp();
  const [split, setSplit] = useState<Split>('none');
  const [column, setColumn] = useState('');
  const [onlyPeriod, setOnlyPeriod] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ExcelExportPayload | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const splitBy = split === 'none' ? null : split === 'column' ? column : split;
      const r = await postJson<ExcelExportPayload>(
        '/api/excel/export',
        { splitBy, period: onlyPeriod ? period : null },
        gstin,
      );
      setResult(r);
      toast(
        'ok',
        `Workbook${r.files.length === 1 ? '' : 's'} ready: ${plural(r.files.length, 'file')}`,
      );
    } catch (e) {
      setResult(null);
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="excel-export-head">
      <h2 id="excel-export-head">Export a workbook to decide in Excel</h2>
      <p className="muted">
        A Home sheet and one sheet per section, as the portal's offline tool: decide in the yellow
        Action, Remarks and ITC-reduction columns, then import the workbook below.
      </p>
      <fieldset className="excel-split">
        <legend>Files</legend>
        {SPLITS.map((s) => (
          <label key={s.value}>
            <input
              type="radio"
              name="excel-split"
              value={s.value}
              checked={split === s.value}
              onChange={() => setSplit(s.value)}
            />{' '}
            {s.label}
          </label>
        ))}
        {split === 'column' && (
          <label>
            Column of the purchase register{' '}
            <input
              type="text"
              value={column}
              placeholder="e.g. Department"
              onChange={(e) => setColumn(e.target.value)}
            />
          </label>
        )}
      </fieldset>
      {period && (
        <label className="excel-period">
          <input
            type="checkbox"
            checked={onlyPeriod}
            onChange={(e) => setOnlyPeriod(e.target.checked)}
          />{' '}
          Only the records of {periodWords(period)} (the period in the top bar)
        </label>
      )}
      <div className="excel-actions">
        <button
          className="primary"
          data-testid="excel-export"
          disabled={busy || (split === 'column' && column.trim() === '')}
          onClick={() => void run()}
        >
          {busy ? 'Writing…' : 'Export'}
        </button>
      </div>
      {error && <div className="error-box">{error}</div>}
      {result && (
        <div data-testid="excel-export-files">
          <p>
            {plural(result.records, 'record')}
            {result.period ? ` of ${periodWords(result.period)}` : ''} in{' '}
            {plural(result.files.length, 'workbook')}
            {result.gone > 0
              ? ` (${count(result.gone)} gone from the latest download left out)`
              : ''}
            .{result.withMatch ? '' : ' No reconciliation yet: the match columns are left out.'}
          </p>
          {result.files.length > 1 && (
            <button onClick={() => void downloadAll(result.files)}>
              Download all {count(result.files.length)} files
            </button>
          )}
          <table className="data compact">
            <thead>
              <tr>
                <th>File</th>
                <th>Holds</th>
                <th className="num">Records</th>
                <th className="num">Size</th>
              </tr>
            </thead>
            <tbody>
              {result.files.map((f) => (
                <tr key={f.url}>
                  <td>
                    <a href={f.url} download={f.name} className="mono">
                      {f.name}
                    </a>
                  </td>
                  <td>{f.part}</td>
                  <td className="num">{count(f.rows)}</td>
                  <td className="num">{fileSize(f.bytes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
