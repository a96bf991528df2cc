// Import edited workbooks as `gst-ims import excel` does: a check first (the dry run's report),
// then apply. Several workbooks merge the work of a team; a record decided differently in two
// is left unapplied unless the person says which wins (newest, or one workbook).
import { useRef, useState } from 'react';
import type { ExcelImportPayload } from '../../../../gst-ims/src/server/excel-api-types.js';
import { errorText, postFile, postFiles } from '../../api.js';
import { useApp } from '../../app-state.js';
import { fileSize, plural } from '../../format.js';
import { ExcelImportReport } from './ExcelImportReport.js';

const XLSX = '.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function importPath(dryRun: boolean, prefer: string): string {
  const q = new URLSearchParams();
  if (dryRun) q.set('dryRun', '1');
  if (prefer !== '') q.set('prefer', prefer);
  const s = q.toString();
  return `/api/import/excel${s ? `?${s}` : ''}`;
}

export function ExcelImport() {
  const { gstin, toast, bump } = useApp();
  const input = useRef<HTMLInputElement>(null);
  const [files, setFiles] = useState<File[]>([]);
  const [prefer, setPrefer] = useState('');
  const [over, setOver] = useState(false);
  const [busy, setBusy] = useState<'check' | 'apply' | null>(null);
  const [report, setReport] = useState<ExcelImportPayload | null>(null);
  const [error, setError] = useState<string | null>(null);

  const choose = (list: FileList | null): void => {
    if (!list || list.length === 0) return;
    setFiles([...list]);
    setPrefer('');
    setReport(null);
    setError(null);
  };

  const send = async (dryRun: boolean): Promise<void> => {
    setBusy(dryRun ? 'check' : 'apply');
    setError(null);
    try {
      const path = importPath(dryRun, prefer);
      const r =
        files.length === 1
          ? await postFile<ExcelImportPayload>(path, files[0] as File, gstin)
          : await postFiles<ExcelImportPayload>(path, files, gstin);
      setReport(r);
      if (!dryRun) {
        toast('ok', `Applied ${plural(r.changed, 'decision')} from Excel`);
        bump();
      }
    } catch (e) {
      setReport(null);
      setError(errorText(e));
    } finally {
      setBusy(null);
    }
  };

  const canApply = report !== null && report.dryRun && report.changed > 0;
  return (
    <section className="panel" aria-labelledby="excel-import-head">
      <h2 id="excel-import-head">Import edited workbooks</h2>
      <p className="muted">
        Only the Action, Remarks and ITC-reduction cells you changed are read, and every decision
        goes through the portal's rules. Check first: nothing changes until you apply.
      </p>
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
          choose(e.dataTransfer.files);
        }}
      >
        <button className="primary" onClick={() => input.current?.click()}>
          Choose workbooks…
        </button>
        <span className="muted small"> or drop them here (several merge the work of a team)</span>
        <input
          ref={input}
          id="excel-import-files"
          data-testid="excel-import-files"
          type="file"
          multiple
          accept={XLSX}
          hidden
          onChange={(e) => {
            choose(e.target.files);
            e.target.value = '';
          }}
        />
      </div>
      {files.length > 0 && (
        <ul className="excel-chosen" data-testid="excel-chosen">
          {files.map((f) => (
            <li key={`${f.name}${f.lastModified}`}>
              <span className="mono">{f.name}</span> · {fileSize(f.size)}
            </li>
          ))}
        </ul>
      )}
      {files.length > 1 && (
        <label className="excel-prefer">
          When two workbooks decide a record differently{' '}
          <select
            value={prefer}
            data-testid="excel-prefer"
            onChange={(e) => {
              setPrefer(e.target.value);
              setReport(null);
            }}
          >
            <option value="">leave it unapplied and list it</option>
            <option value="newest">the newest workbook wins (later export)</option>
            {files.map((f) => (
              <option key={f.name} value={f.name}>
                {f.name} wins
              </option>
            ))}
          </select>
        </label>
      )}
      <div className="excel-actions">
        <button
          data-testid="excel-check"
          className={canApply ? '' : 'primary'}
          disabled={files.length === 0 || busy !== null}
          onClick={() => void send(true)}
        >
          {busy === 'check' ? 'Checking…' : 'Check (changes nothing)'}
        </button>
        <button
          data-testid="excel-apply"
          className="primary"
          disabled={!canApply || busy !== null}
          onClick={() => void send(false)}
        >
          {busy === 'apply'
            ? 'Applying…'
            : canApply
              ? `Apply ${plural(report.changed, 'change')}`
              : 'Apply'}
        </button>
      </div>
      {error && (
        <div className="error-box" role="alert">
          {error}
          <div className="small">Nothing was changed.</div>
        </div>
      )}
      {report && report.dryRun && report.changed === 0 && (
        <p className="muted" data-testid="excel-nothing">
          {report.edited === 0
            ? 'Nothing to import: no Action, Remarks or ITC-reduction cell differs from the exported workbook.'
            : 'Nothing to change: the workspace already holds these decisions, or the rows below cannot be applied.'}
        </p>
      )}
      {report && !report.dryRun && (
        <p className="ok-box" role="status" data-testid="excel-applied">
          Applied {plural(report.changed, 'decision')}; they are in the next upload.
        </p>
      )}
      {report && <ExcelImportReport r={report} />}
    </section>
  );
}
