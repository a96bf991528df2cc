// The report of an Excel import, as `gst-ims import excel` prints it: the counts, the changes,
// the conflicts, the rows not applied, the read-only cells edited (ignored) and the warnings.
import type {
  ExcelFindingDto,
  ExcelImportPayload,
} from '../../../../gst-ims/src/server/excel-api-types.js';
import { RecordLink } from '../../components/RecordLink.js';
import { count, plural } from '../../format.js';

/** Rows of each list shown; the counts above them are whole. */
const SHOWN = 200;

function More({ shown, total }: { shown: number; total: number }) {
  return total > shown ? (
    <p className="muted small">
      … and {count(total - shown)} more (gst-ims import excel --format json lists them all)
    </p>
  ) : null;
}

function Findings(props: {
  title: string;
  testId: string;
  list: readonly ExcelFindingDto[];
  total: number;
  tone: 'bad' | 'warn' | 'muted';
}) {
  if (props.total === 0) return null;
  return (
    <div data-testid={props.testId}>
      <h3 className={props.tone}>
        {props.title}: {count(props.total)}
      </h3>
      <table className="data compact">
        <thead>
          <tr>
            <th>File</th>
            <th>Cell</th>
            <th>Record</th>
            <th>Code</th>
            <th>What</th>
          </tr>
        </thead>
        <tbody>
          {props.list.slice(0, SHOWN).map((f, i) => (
            <tr key={i}>
              <td className="mono">{f.file}</td>
              <td className="mono">{f.cell}</td>
              <td>{f.recordKey ? <RecordLink recordKey={f.recordKey} /> : ''}</td>
              <td className="mono">{f.code}</td>
              <td>{f.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <More shown={Math.min(SHOWN, props.list.length)} total={props.total} />
    </div>
  );
}

export function ExcelImportReport({ r }: { r: ExcelImportPayload }) {
  const blocking = r.findings.filter((f) => r.blockingKinds.includes(f.kind));
  const readOnly = r.findings.filter((f) => f.kind === 'readOnlyEdited');
  const warnings = r.findings.filter((f) => f.kind === 'warning');
  const total = (pick: (k: string) => boolean): number =>
    Object.entries(r.findingCounts)
      .filter(([k]) => pick(k))
      .reduce((n, [, v]) => n + (v ?? 0), 0);
  const blockingTotal = total((k) => (r.blockingKinds as readonly string[]).includes(k));
  const verb = r.dryRun ? 'Would change' : 'Changed';
  const unresolved = r.conflicts.filter((c) => c.resolution === 'unresolved').length;
  return (
    <div className="excel-report" data-testid="excel-report">
      <h3>
        {r.dryRun ? 'Check' : r.applied ? 'Imported' : 'Read'}: {plural(r.files.length, 'workbook')}{' '}
        for {r.gstin}
      </h3>
      <div className="stats" data-testid="excel-report-counts">
        <span>
          Rows read <b>{count(r.rows)}</b>
        </span>
        <span>
          Decisions edited <b>{count(r.edited)}</b>
        </span>
        <span className={r.changed ? 'good' : ''}>
          {verb} <b data-testid="excel-changed">{count(r.changed)}</b>
        </span>
        <span>
          Already so <b>{count(r.unchanged)}</b>
        </span>
        <span className={r.notApplied ? 'bad' : ''}>
          Not applied <b data-testid="excel-not-applied">{count(r.notApplied)}</b>
        </span>
        <span className={readOnly.length ? 'warn' : ''}>
          Read-only cells edited (ignored){' '}
          <b data-testid="excel-read-only">{count(r.findingCounts.readOnlyEdited ?? 0)}</b>
        </span>
        <span className={r.conflictCount ? 'warn' : ''}>
          Conflicts <b>{count(r.conflictCount)}</b>
        </span>
      </div>
      {r.files.length > 1 && (
        <p className="muted small">
          {r.files
            .map((f) => `${f.name}: ${count(f.rows)} rows, ${count(f.edited)} edited`)
            .join(' · ')}
        </p>
      )}
      {r.declarationNotes.map((n) => (
        <p key={n} className="muted">
          {n}
        </p>
      ))}
      {r.changed > 0 && (
        <div data-testid="excel-changes">
          <h3>
            {verb}: {count(r.changed)}
          </h3>
          <table className="data compact">
            <thead>
              <tr>
                <th>Record</th>
                <th>From</th>
                <th>To</th>
                <th>File</th>
                <th>Cell</th>
              </tr>
            </thead>
            <tbody>
              {r.changes.slice(0, SHOWN).map((c) => (
                <tr key={c.key}>
                  <td>
                    <RecordLink recordKey={c.key} />
                  </td>
                  <td>{c.from}</td>
                  <td>
                    <b>{c.to}</b>
                  </td>
                  <td className="mono">{c.file}</td>
                  <td className="mono">{c.cell}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <More shown={Math.min(SHOWN, r.changes.length)} total={r.changed} />
        </div>
      )}
      {r.conflictCount > 0 && (
        <div data-testid="excel-conflicts">
          <h3 className="warn">
            Decided differently in several places: {count(r.conflictCount)}
            {unresolved ? ` (${count(unresolved)} left unapplied: choose which wins above)` : ''}
          </h3>
          <table className="data compact">
            <thead>
              <tr>
                <th>Record</th>
                <th>Values</th>
                <th>Outcome</th>
              </tr>
            </thead>
            <tbody>
              {r.conflicts.slice(0, SHOWN).map((c) => (
                <tr key={c.recordKey}>
                  <td>
                    <RecordLink recordKey={c.recordKey} />
                  </td>
                  <td>
                    {c.values
                      .map((v) => `${v.file}${v.cell ? ` ${v.cell}` : ''}: ${v.decision}`)
                      .join(' | ')}
                    {c.between === 'workspace'
                      ? ' (and the workspace, decided since the export)'
                      : ''}
                  </td>
                  <td>
                    {c.resolution === 'unresolved'
                      ? 'not applied'
                      : `${c.winner ?? ''} wins (${c.resolution === 'newest' ? 'newest' : 'chosen'})`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <More shown={Math.min(SHOWN, r.conflicts.length)} total={r.conflictCount} />
        </div>
      )}
      <Findings
        title="Not applied"
        testId="excel-not-applied-list"
        list={blocking}
        total={blockingTotal}
        tone="bad"
      />
      <Findings
        title="Read-only cells that were edited (ignored: the portal's values stay)"
        testId="excel-read-only-list"
        list={readOnly}
        total={r.findingCounts.readOnlyEdited ?? 0}
        tone="warn"
      />
      <Findings
        title="Warnings (applied)"
        testId="excel-warnings"
        list={warnings}
        total={r.findingCounts.warning ?? 0}
        tone="muted"
      />
      {!r.dryRun && r.notApplied > 0 && (
        <p className="muted">
          Fix these rows and import the workbook again: rows already applied are then left as they
          are.
        </p>
      )}
    </div>
  );
}
