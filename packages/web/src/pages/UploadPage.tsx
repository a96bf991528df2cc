import { parseRecordKey } from '@core/record.js';
import { UPLOAD_FILE_STATUS_WORDS } from '@core/vocabulary/upload-file-status.js';
import { useEffect, useState } from 'react';
import type {
  UploadExportPayload,
  UploadFileStatusDto,
  UploadPreviewPayload,
} from '../../../gst-ims/src/server/api-types.js';
import { ApiError, errorText, getJson, postJson } from '../api.js';
import { useApp } from '../app-state.js';
import { RecordLink } from '../components/RecordLink.js';
import { ReviewPanel } from '../components/ReviewPanel.js';
import { count, date, dateTime, fileSize, label, money, plural, sectionLabel } from '../format.js';

export function UploadPage() {
  const { gstin, version, navigate, toast } = useApp();
  const [p, setP] = useState<UploadPreviewPayload | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [files, setFiles] = useState<UploadExportPayload | null>(null);
  const [busy, setBusy] = useState(false);
  // Counts the exports made here, so the files table reads the new files.
  const [exported, setExported] = useState(0);

  // The files generated here stay downloadable (the server keeps them) when the workspace changes
  // afterwards: only another GSTIN takes them off the page.
  useEffect(() => setFiles(null), [gstin]);
  useEffect(() => {
    let live = true;
    getJson<UploadPreviewPayload>('/api/upload/preview', gstin)
      .then((x) => live && setP(x))
      .catch((e: unknown) => live && setError(errorText(e)));
    return () => {
      live = false;
    };
  }, [gstin, version]);

  const generate = async (): Promise<void> => {
    setBusy(true);
    try {
      const r = await postJson<UploadExportPayload>('/api/upload/export', { gstin });
      setFiles(r);
      setExported((n) => n + 1);
      toast(
        'ok',
        `Upload ready: ${plural(r.files.length, 'file')} (${count(r.save)} to save, ${count(r.reset)} to reset)`,
      );
    } catch (e) {
      toast('error', e instanceof ApiError && e.kind === 'nothingToDo' ? e.message : errorText(e));
    } finally {
      setBusy(false);
    }
  };

  if (error) return <div className="error-box">{error}</div>;
  if (!p) return <div className="loading">Checking what is waiting for upload…</div>;
  const { blocking, notSent, warnings } = p;

  return (
    <div className="upload-page">
      <div className="page-head">
        <h1>Upload</h1>
        <span className="muted">
          Only decisions that differ from what the portal holds are sent.
        </span>
      </div>

      <section className="panel">
        <div className="panel-head">
          <h2>
            {p.pending === 0
              ? 'Nothing waiting for upload'
              : `${plural(p.pending, 'decision')} waiting: ${count(p.save)} in the SAVE file, ${count(p.reset)} in the RESET file`}
          </h2>
          <button
            className="primary big"
            disabled={busy || p.blocked || p.pending === 0}
            onClick={() => void generate()}
            data-testid="generate-upload"
          >
            {busy ? 'Building…' : 'Generate upload files'}
          </button>
        </div>
        {p.pending === 0 && (
          <p className="muted">
            Every local decision matches the portal. Decide on records in the Records page first.
          </p>
        )}
        {p.blocked && (
          <div className="error-box">
            {plural(p.errors, 'decision breaks', 'decisions break')} the portal's rules: the upload
            stays blocked until they are fixed (change the decision in Records).
          </div>
        )}
        {p.groups.length > 0 && (
          <table className="data">
            <thead>
              <tr>
                <th>Section</th>
                <th>Action sent</th>
                <th>File</th>
                <th className="num">Records</th>
                <th className="num">Value ₹</th>
                <th className="num">Tax ₹</th>
              </tr>
            </thead>
            <tbody>
              {p.groups.map((g) => (
                <tr key={`${g.section}${g.action}`}>
                  <td>{sectionLabel(g.section)}</td>
                  <td>
                    <span className={`act act-${g.action}`}>
                      {g.action === 'noAction' ? 'Reset to No Action' : label(g.action)}
                    </span>
                  </td>
                  <td>{g.action === 'noAction' ? 'RESET' : 'SAVE'}</td>
                  <td className="num">{count(g.count)}</td>
                  <td className="num">{money(g.value)}</td>
                  <td className="num">{money(g.tax)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {gstin && <ReviewPanel gstin={gstin} />}

      {files && (
        <section className="panel files" data-testid="upload-files">
          <h2>Files to upload on the portal</h2>
          <ul>
            {files.files.map((f) => (
              <li key={f.url}>
                <a className="button primary" href={f.url} download={f.name}>
                  Download {f.reqtyp} file
                </a>{' '}
                <span className="mono">{f.name}</span> · {plural(f.records, 'record')} ·{' '}
                {fileSize(f.bytes)}
              </li>
            ))}
          </ul>
          <ol className="muted small">
            <li>
              On the portal: Services → Returns → IMS → Offline → Upload, and upload each file
              {files.reset
                ? ' (the RESET file too: the portal takes returns to No Action as a separate request)'
                : ''}
              .
            </li>
            <li>
              If the portal reports “Processed with Errors”, download its error report and import it
              on the Import page.
            </li>
          </ol>
          <button onClick={() => navigate('import')}>Go to Import</button>
        </section>
      )}

      {gstin && <UploadFilesStatus gstin={gstin} refresh={`${version}:${exported}`} />}

      {blocking.length > 0 && (
        <section className="panel" data-testid="blocking">
          <h2 className="bad">
            Blocking the upload: {plural(blocking.length, 'rule broken', 'rules broken')}
          </h2>
          <IssueList issues={blocking} />
        </section>
      )}
      {notSent.length > 0 && (
        <section className="panel">
          <h2 className="warn">
            Left out of the upload: {plural(notSent.length, 'decision')} that cannot be sent
          </h2>
          <IssueList issues={notSent} />
        </section>
      )}
      {warnings.length > 0 && (
        <section className="panel">
          <h2 className="warn">Check before uploading: {plural(warnings.length, 'warning')}</h2>
          <IssueList issues={warnings} />
        </section>
      )}

      {p.items.length > 0 && (
        <section className="panel">
          <h2>
            Records in this upload
            {p.items.length < p.pending ? ` (first ${count(p.items.length)})` : ''}
          </h2>
          <table className="data compact">
            <thead>
              <tr>
                <th>Section</th>
                <th>Supplier</th>
                <th>Doc no.</th>
                <th>Date</th>
                <th className="num">Value ₹</th>
                <th>Portal holds</th>
                <th>Sent as</th>
                <th>Remark</th>
              </tr>
            </thead>
            <tbody>
              {p.items.slice(0, 500).map((i) => (
                <tr key={i.key}>
                  <td>{i.section}</td>
                  <td>{i.supplierName ?? i.supplierGstin}</td>
                  <td className="mono">{i.docNumber}</td>
                  <td>{date(i.docDate)}</td>
                  <td className="num">{money(i.value)}</td>
                  <td>{label(i.from)}</td>
                  <td>
                    <b className={`act act-${i.to}`}>{label(i.to)}</b>
                  </td>
                  <td>{i.remark ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {p.pending > 500 && <p className="muted small">… and {count(p.pending - 500)} more.</p>}
        </section>
      )}
    </div>
  );
}

function keyText(key: string | null): string {
  if (key === null) return '';
  const k = parseRecordKey(key);
  return k ? `${k.section} · ${k.supplierGstin} · ${k.docNumber}` : key;
}

function IssueList({ issues }: { issues: UploadPreviewPayload['blocking'] }) {
  return (
    <table className="data compact">
      <thead>
        <tr>
          <th>Rule</th>
          <th>Record</th>
          <th>Reason</th>
        </tr>
      </thead>
      <tbody>
        {issues.slice(0, 300).map((i, n) => (
          <tr key={n}>
            <td className="mono">{i.code}</td>
            <td className="small">
              {i.recordKey ? (
                <RecordLink recordKey={i.recordKey}>{keyText(i.recordKey)}</RecordLink>
              ) : (
                ''
              )}
            </td>
            <td>{i.recordKey ? i.message.replace(`${i.recordKey}: `, '') : i.message}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const STATUS_WORDS: Readonly<
  Record<UploadFileStatusDto['status'], (f: UploadFileStatusDto) => string>
> = {
  unanswered: () => UPLOAD_FILE_STATUS_WORDS.unanswered,
  accepted: () => UPLOAD_FILE_STATUS_WORDS.accepted,
  partlyFailed: (f) => `${UPLOAD_FILE_STATUS_WORDS.partlyFailed}: ${plural(f.failed, 'record')}`,
  failed: () => UPLOAD_FILE_STATUS_WORDS.failed,
};

/**
 * The files of past exports and what the portal answered to each. A server without the list
 * (404) shows nothing: the page still works without it.
 */
function UploadFilesStatus({ gstin, refresh }: { gstin: string; refresh: string }) {
  const { navigate } = useApp();
  const [files, setFiles] = useState<UploadFileStatusDto[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    getJson<{ files: UploadFileStatusDto[] }>('/api/upload-files', gstin)
      .then((r) => {
        if (!live) return;
        setFiles(r.files);
        setError(null);
      })
      .catch((e: unknown) => {
        if (!live) return;
        setFiles(null);
        setError(e instanceof ApiError && e.status === 404 ? null : errorText(e));
      });
    return () => {
      live = false;
    };
  }, [gstin, refresh]);

  if (error) return <div className="error-box">Files of your uploads: {error}</div>;
  if (!files || files.length === 0) return null;
  return (
    <section className="panel upload-files-status" data-testid="upload-files-status">
      <h2>Files of your uploads</h2>
      <table className="data compact">
        <thead>
          <tr>
            <th>File</th>
            <th>Request</th>
            <th className="num">Records</th>
            <th className="num">Size</th>
            <th>Created</th>
            <th>Portal's answer</th>
          </tr>
        </thead>
        <tbody>
          {files.map((f) => (
            <tr key={f.id}>
              <td className="mono">{f.name}</td>
              <td>{f.reqtyp}</td>
              <td className="num">{count(f.records)}</td>
              <td className="num">{fileSize(f.bytes)}</td>
              <td>{dateTime(f.createdAt)}</td>
              <td>
                <span className={`status-${f.status}`}>{STATUS_WORDS[f.status](f)}</span>
                {(f.status === 'partlyFailed' || f.status === 'failed') && (
                  <div className="small">
                    <a
                      href="/records?view=errors"
                      data-testid="upload-errors-link"
                      onClick={(e) => {
                        e.preventDefault();
                        navigate('records', '?view=errors');
                      }}
                    >
                      The records the portal refused, and what to do
                    </a>
                  </div>
                )}
                {f.answeredAt && (
                  <div className="muted small">
                    {dateTime(f.answeredAt)}
                    {f.answerFile ? ` · ${f.answerFile}` : ''}
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">
        When the portal answers a file, import its error report on the Import page (or with{' '}
        <span className="mono">gst-ims import errors</span>): each answer is matched to the file it
        answers, and confirms only that file's records.
      </p>
    </section>
  );
}
