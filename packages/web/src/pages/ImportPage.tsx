import type { Issue } from '@core/issue.js';
import { parseRecordKey } from '@core/record.js';
import type { Section } from '@core/sections.js';
import { SECTIONS, SECTION_INFO } from '@core/sections.js';
import { describePortalStatus, portalErrorAdvice } from '@core/vocabulary/portal-error-advice.js';
import { UPLOAD_FILE_STATUS_WORDS } from '@core/vocabulary/upload-file-status.js';
import { useEffect, useRef, useState } from 'react';
import type {
  ImportErrorsPayload,
  ImportImsPayload,
  ImportLogDto,
  ImportRegisterPayload,
  UploadFileStatusDto,
} from '../../../gst-ims/src/server/api-types.js';

import { errorText, getJson, postFile } from '../api.js';
import { useApp } from '../app-state.js';
import { RecordLink } from '../components/RecordLink.js';
import { RegisterImport } from '../components/RegisterImport.js';
import './excel/excel.css';
import { count, date, dateTime, plural, sectionLabel } from '../format.js';

type Kind = 'ims' | 'errors';

type Result =
  | { kind: 'ims'; r: ImportImsPayload }
  | { kind: 'errors'; r: ImportErrorsPayload }
  | { kind: 'register'; r: ImportRegisterPayload }
  | { kind: 'failed'; file: string; error: string };

export function ImportPage() {
  const { gstin, version, bump, reloadMeta, toast, meta, navigate } = useApp();
  const [registerFile, setRegisterFile] = useState<File | null>(null);
  const [results, setResults] = useState<Result[]>([]);
  const [busy, setBusy] = useState<Kind | null>(null);
  const [log, setLog] = useState<ImportLogDto[]>([]);
  const [uploadFiles, setUploadFiles] = useState<UploadFileStatusDto[]>([]);
  // Which upload file the next error file answers; '' = let gst-ims find it from the answer.
  const [answerFor, setAnswerFor] = useState('');

  useEffect(() => {
    if (!gstin) return;
    getJson<{ files: UploadFileStatusDto[] }>('/api/upload-files', gstin)
      .then((x) => setUploadFiles(x.files))
      .catch(() => setUploadFiles([]));
  }, [gstin, version]);

  useEffect(() => {
    if (!gstin) return;
    getJson<ImportLogDto[]>('/api/imports', gstin)
      .then(setLog)
      .catch(() => setLog([]));
  }, [gstin, version]);

  const run = async (kind: Kind, file: File): Promise<void> => {
    setBusy(kind);
    try {
      if (kind === 'ims') {
        const r = await postFile<ImportImsPayload>('/api/import/ims', file);
        setResults((x) => [{ kind: 'ims' as const, r }, ...x].slice(0, 5));
        toast('ok', `Imported ${r.file}: ${plural(r.records, 'record')} for ${r.gstin}`);
        await reloadMeta();
      } else {
        const path =
          answerFor === ''
            ? '/api/import/errors'
            : `/api/import/errors?for=${encodeURIComponent(answerFor)}`;
        const r = await postFile<ImportErrorsPayload>(path, file, gstin);
        setResults((x) => [{ kind: 'errors' as const, r }, ...x].slice(0, 5));
        // The import worked whatever the portal refused: the refusals are news, not a failure.
        toast(
          r.marked.length ? 'info' : 'ok',
          r.marked.length
            ? `Read ${r.file}: ${plural(r.marked.length, 'record')} refused by the portal (see what to do), ${count(r.confirmed)} confirmed`
            : `Read ${r.file}: ${plural(r.confirmed, 'record')} confirmed as uploaded`,
        );
      }
      bump();
    } catch (e) {
      setResults((x) =>
        [{ kind: 'failed' as const, file: file.name, error: errorText(e) }, ...x].slice(0, 5),
      );
      toast('error', errorText(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="import-page">
      <div className="page-head">
        <h1>Import</h1>
        <span className="muted">
          Files stay on this computer: they go to the local gst-ims server only.
        </span>
      </div>
      <div className="drops">
        <DropZone
          id="drop-ims"
          title="IMS download (JSON)"
          hint="From the portal: Services → Returns → IMS → Offline → Download JSON. Re-importing a newer download keeps your decisions and flags what the supplier changed."
          busy={busy === 'ims'}
          onFile={(f) => void run('ims', f)}
        />
        <DropZone
          id="drop-errors"
          title="Portal error file (after an upload)"
          hint="When the portal says “Processed with Errors”, download the error report and drop it here: failing records are marked, the rest confirmed as uploaded."
          busy={busy === 'errors'}
          disabled={!gstin}
          onFile={(f) => void run('errors', f)}
        />
      </div>
      {uploadFiles.length > 0 && (
        <label className="answer-for">
          The error file answers{' '}
          <select
            data-testid="answer-for"
            value={answerFor}
            onChange={(e) => setAnswerFor(e.target.value)}
          >
            <option value="">the upload file it names (found from its records)</option>
            {uploadFiles.map((f) => (
              <option key={f.id} value={f.name}>
                {f.name} ({f.reqtyp}, {plural(f.records, 'record')},{' '}
                {f.status === 'unanswered' ? 'not yet answered' : 'answered'})
              </option>
            ))}
          </select>
        </label>
      )}
      {meta.features.reconciliation && (
        <div className="drops one">
          <DropZone
            id="drop-register"
            title="Purchase register (CSV or Excel)"
            hint="Exported from the books: Tally, SAP, Zoho, Busy or any layout. You see the columns it detects, and can correct them, before anything is imported."
            busy={false}
            disabled={!gstin}
            accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onFile={(f) => setRegisterFile(f)}
          />
        </div>
      )}
      {registerFile && (
        <RegisterImport
          key={`${registerFile.name}${registerFile.lastModified}`}
          file={registerFile}
          onCancel={() => setRegisterFile(null)}
          onDone={(r) => {
            setRegisterFile(null);
            setResults((x) => [{ kind: 'register' as const, r }, ...x].slice(0, 5));
            bump();
          }}
        />
      )}

      {results.map((res, i) => (
        <section className="panel result" key={i} data-testid="import-result">
          {res.kind === 'failed' ? (
            <>
              <h2 className="bad">Could not import {res.file}</h2>
              <div className="error-box">{res.error}</div>
              <p className="muted small">Nothing was changed: an import is all or nothing.</p>
            </>
          ) : res.kind === 'register' ? (
            <>
              <h2>
                Imported {res.r.file}: {plural(res.r.documents, 'document')} of the books, dated{' '}
                {date(res.r.periodFrom)} to {date(res.r.periodTo)}
              </h2>
              <p className="muted">
                {res.r.replaced
                  ? `${plural(res.r.replaced, 'document')} of an earlier import for this period replaced. `
                  : ''}
                {res.r.badRows.length
                  ? `${plural(res.r.badRows.length, 'bad row')} left out. `
                  : ''}
                {res.r.droppedLinks.length
                  ? `${plural(res.r.droppedLinks.length, 'manual link')} dropped (their document changed). `
                  : ''}
              </p>
              <button className="primary" onClick={() => navigate('reconcile')}>
                Reconcile now →
              </button>
            </>
          ) : res.kind === 'ims' ? (
            <ImsResult r={res.r} />
          ) : (
            <ErrorsResult r={res.r} />
          )}
        </section>
      ))}

      {log.length > 0 && (
        <section className="panel">
          <h2>Import history</h2>
          <table className="data compact">
            <thead>
              <tr>
                <th>When</th>
                <th>What</th>
                <th>File</th>
                <th>Result</th>
                <th>By</th>
              </tr>
            </thead>
            <tbody>
              {[...log]
                .reverse()
                .slice(0, 20)
                .map((l, i) => (
                  <tr key={i}>
                    <td>{dateTime(l.at)}</td>
                    <td>
                      {l.kind === 'ims'
                        ? 'IMS download'
                        : l.kind === 'errors'
                          ? 'Portal error file'
                          : l.kind === 'register'
                            ? 'Purchase register'
                            : l.kind}
                    </td>
                    <td>{l.file}</td>
                    <td>{summaryText(l.summary)}</td>
                    <td>{l.user}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}

/** The import log's summary in words: known counters only, whatever the kind of import. */
function summaryText(s: unknown): string {
  if (typeof s !== 'object' || s === null) return '';
  const o = s as Record<string, unknown>;
  const words: [string, string][] = [
    ['records', 'records'],
    ['new', 'new'],
    ['updated', 'updated'],
    ['flagged', 'changed by supplier'],
    ['gone', 'gone'],
    ['statusCode', 'status'],
    ['marked', 'marked with errors'],
    ['confirmed', 'confirmed'],
    ['documents', 'documents'],
  ];
  return words
    .filter(([k]) => o[k] !== undefined && o[k] !== null && o[k] !== 0)
    .map(([k, w]) =>
      k === 'statusCode'
        ? `${w} ${describePortalStatus(String(o[k] as string))}`
        : typeof o[k] === 'number'
          ? `${count(o[k])} ${w}`
          : `${w} ${String(o[k] as string)}`,
    )
    .join(', ');
}

function DropZone(props: {
  id: string;
  title: string;
  hint: string;
  busy: boolean;
  disabled?: boolean;
  accept?: string;
  onFile: (f: File) => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  return (
    <div
      className={`drop ${over ? 'over' : ''} ${props.disabled ? 'disabled' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        const f = e.dataTransfer.files[0];
        if (f && !props.disabled) props.onFile(f);
      }}
    >
      <h2>{props.title}</h2>
      <p className="muted">{props.hint}</p>
      <button
        className="primary"
        disabled={props.busy || props.disabled}
        onClick={() => input.current?.click()}
      >
        {props.busy ? 'Importing…' : 'Choose a file…'}
      </button>
      <span className="muted small"> or drop it here</span>
      <input
        ref={input}
        id={props.id}
        type="file"
        accept={props.accept ?? '.json,application/json'}
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

function IssuesTable({ issues }: { issues: readonly Issue[] }) {
  if (issues.length === 0) return null;
  return (
    <>
      <h3>{plural(issues.length, 'warning')} (the import went ahead)</h3>
      <table className="data compact">
        <thead>
          <tr>
            <th>Code</th>
            <th>Record / row</th>
            <th>Field</th>
            <th>Message</th>
          </tr>
        </thead>
        <tbody>
          {issues.slice(0, 200).map((w, i) => (
            <tr key={i}>
              <td className="mono">{w.code}</td>
              <td className="mono">{w.recordKey ?? ''}</td>
              <td>{w.field ?? ''}</td>
              <td>{w.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {issues.length > 200 && (
        <p className="muted small">… and {count(issues.length - 200)} more</p>
      )}
    </>
  );
}

function ImsResult({ r }: { r: ImportImsPayload }) {
  const m = r.summary;
  return (
    <>
      <h2>
        Imported {r.file}: {plural(r.records, 'record')} for {r.gstin}
      </h2>
      <div className="stats">
        <span>
          New <b>{count(m.new)}</b>
        </span>
        <span>
          Updated <b>{count(m.updated)}</b>
        </span>
        <span>
          Unchanged <b>{count(m.unchanged)}</b>
        </span>
        <span className={m.flagged ? 'warn' : ''}>
          Changed by supplier <b>{count(m.flagged)}</b>
        </span>
        <span>
          Gone <b>{count(m.gone)}</b>
        </span>
        {m.returned > 0 && (
          <span>
            Back again <b>{count(m.returned)}</b>
          </span>
        )}
      </div>
      <p className="muted">
        By section:{' '}
        {SECTIONS.filter((s) => r.counts[s] > 0)
          .map((s) => `${sectionLabel(s)} ${count(r.counts[s])}`)
          .join(' · ') || 'none'}
      </p>
      {r.flaggedKeys.length > 0 && (
        <>
          <h3>Changed by the supplier after your decision: review before uploading</h3>
          <ul className="keys">
            {r.flaggedKeys.slice(0, 50).map((k) => {
              const p = parseRecordKey(k);
              return (
                <li key={k}>{p ? `${p.section} · ${p.supplierGstin} · ${p.docNumber}` : k}</li>
              );
            })}
          </ul>
        </>
      )}
      <IssuesTable issues={r.warnings} />
    </>
  );
}

/** A section of the portal's answer in words: "Credit notes (B2B-CN)". */
function sectionWords(s: string): string {
  return Object.hasOwn(SECTION_INFO, s)
    ? `${sectionLabel(s as Section)} (${SECTION_INFO[s as Section].sheet})`
    : s;
}

/** What to do, once per error code of the answer (core's advice table, as the CLI prints it). */
function AdviceList({ codes }: { codes: readonly (string | null)[] }) {
  const byCode = new Map<string, number>();
  for (const c of codes) byCode.set(c ?? '', (byCode.get(c ?? '') ?? 0) + 1);
  if (byCode.size === 0) return null;
  return (
    <div className="advice-box" data-testid="error-advice">
      <h3>What to do</h3>
      <ul>
        {[...byCode].map(([code, n]) => {
          const a = portalErrorAdvice(code);
          return (
            <li key={code} data-testid="advice-item" data-code={code}>
              <b className="mono">{code || 'no code'}</b> ({plural(n, 'record')}): {a.meaning}.{' '}
              <b>
                {a.action[0]?.toUpperCase()}
                {a.action.slice(1)}.
              </b>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function ErrorsResult({ r }: { r: ImportErrorsPayload }) {
  const { navigate } = useApp();
  const clean = r.marked.length === 0 && r.unmatched.length === 0;
  const inProgress = r.statusCode?.toUpperCase() === 'IP';
  return (
    <>
      <h2>
        Read {r.file}: the portal's answer, status{' '}
        <span data-testid="answer-status">{describePortalStatus(r.statusCode)}</span>
      </h2>
      {r.uploadFile && (
        <p data-testid="answer-file">
          The answer to <b>{r.uploadFile.name}</b> ({plural(r.uploadFile.records, 'record')}
          ): {UPLOAD_FILE_STATUS_WORDS[r.uploadFile.status]}.
          {r.uploadFile.answeredBefore
            ? ` It was answered before, on ${dateTime(r.uploadFile.answeredBefore)}.`
            : ''}
        </p>
      )}
      {clean && !inProgress && (
        <p className="ok-box" role="status" data-testid="answer-ok">
          The portal accepted every record of this upload: {plural(r.confirmed, 'record')} confirmed
          as uploaded. Nothing to fix.
        </p>
      )}
      {clean && inProgress && (
        <p className="advice-box" data-testid="answer-in-progress">
          The portal is still processing this upload: nothing was changed. Download its answer again
          later and import it here.
        </p>
      )}
      {!clean && (
        <div className="stats">
          <span className={r.marked.length ? 'bad' : ''}>
            Refused by the portal <b>{count(r.marked.length)}</b>
          </span>
          <span className="good">
            Confirmed as uploaded <b>{count(r.confirmed)}</b>
          </span>
          <span className={r.unmatched.length ? 'warn' : ''}>
            Not in this workspace <b>{count(r.unmatched.length)}</b>
          </span>
        </div>
      )}
      <AdviceList codes={[...r.marked.map((m) => m.code), ...r.unmatched.map((u) => u.code)]} />
      {r.marked.length > 0 && (
        <>
          <h3>Records the portal refused: they stay in the next upload until fixed</h3>
          <table className="data compact" data-testid="answer-errors">
            <thead>
              <tr>
                <th>Section</th>
                <th>Supplier GSTIN</th>
                <th>Document (opens the record)</th>
                <th>Code</th>
                <th>Portal's message</th>
                <th>What to do</th>
              </tr>
            </thead>
            <tbody>
              {r.marked.map((m) => {
                const p = parseRecordKey(m.recordKey);
                return (
                  <tr key={m.recordKey} data-testid="answer-error-row">
                    <td>{p ? sectionWords(p.section) : ''}</td>
                    <td className="mono">{p?.supplierGstin}</td>
                    <td>
                      <RecordLink recordKey={m.recordKey}>{p?.docNumber ?? m.recordKey}</RecordLink>
                    </td>
                    <td className="mono">{m.code ?? ''}</td>
                    <td>{m.message}</td>
                    <td className="small">{portalErrorAdvice(m.code).action}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p className="muted small">
            All of them together: the Records page's{' '}
            <a
              href="/records?view=errors"
              data-testid="errors-view-link"
              onClick={(e) => {
                e.preventDefault();
                navigate('records', '?view=errors');
              }}
            >
              Portal errors
            </a>{' '}
            view.
          </p>
        </>
      )}
      {r.unmatched.length > 0 && (
        <>
          <h3>Errors naming no record of this workspace</h3>
          <table className="data compact">
            <thead>
              <tr>
                <th>Section</th>
                <th>Supplier GSTIN</th>
                <th>Document</th>
                <th>Code</th>
                <th>Portal's message</th>
              </tr>
            </thead>
            <tbody>
              {r.unmatched.map((u, i) => (
                <tr key={i}>
                  <td>{sectionWords(u.section)}</td>
                  <td className="mono">{u.supplierGstin}</td>
                  <td>{u.docNumber}</td>
                  <td className="mono">{u.code ?? ''}</td>
                  <td>{u.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <IssuesTable issues={r.warnings} />
    </>
  );
}
