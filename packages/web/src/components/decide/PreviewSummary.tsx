import type { DecidePayload, DecideVerb } from '../../../../gst-ims/src/server/api-types.js';
import { count, plural } from '../../format.js';
import type { Row } from '../../records.js';
import type { PreviewReading, Refusal } from './decide-request.js';
import { VERB_DONE, codesText, withoutKey } from './decide-request.js';

const REFUSALS_LISTED = 100;

/** What the engine's dry run says: changes, no-changes, refusals and why, warnings. */
export function PreviewSummary({
  verb,
  preview: p,
  reading,
  byKey,
}: {
  verb: DecideVerb;
  preview: DecidePayload;
  reading: PreviewReading;
  byKey: ReadonlyMap<string, Row>;
}) {
  return (
    <>
      <ul className="summary">
        <li>
          <b>{count(p.changed)}</b> will change to <b>{VERB_DONE[verb]}</b>
        </li>
        {p.unchanged > 0 && (
          <li>{plural(p.unchanged, 'record is', 'records are')} already so (no change)</li>
        )}
        {p.refused.length > 0 && (
          <li className="bad">
            <b>{count(reading.refusedRecords)}</b> refused by the portal's rules:{' '}
            {codesText(reading.refusedByCode)}
          </li>
        )}
        {p.missing > 0 && (
          <li className="bad">{plural(p.missing, 'record')} no longer in the workspace</li>
        )}
      </ul>
      {p.declarationNotes.length > 0 && (
        <ul className="decl-notes" data-testid="declaration-notes">
          {p.declarationNotes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      {reading.listed.length > 0 && <RefusalsTable listed={reading.listed} byKey={byKey} />}
      <Warnings byCode={reading.warningsByCode} />
    </>
  );
}

function RefusalsTable({
  listed,
  byKey,
}: {
  listed: readonly Refusal[];
  byKey: ReadonlyMap<string, Row>;
}) {
  return (
    <div className="refusals">
      <table className="data compact">
        <thead>
          <tr>
            <th>Document</th>
            <th>Supplier</th>
            <th>Rule</th>
            <th>Reason</th>
          </tr>
        </thead>
        <tbody>
          {listed.slice(0, REFUSALS_LISTED).map((r, i) => {
            const row = byKey.get(r.recordKey);
            return (
              <tr key={`${r.recordKey}${r.code}${i}`}>
                <td>{row ? `${row.sectionLabel} ${row.docNumber}` : r.recordKey}</td>
                <td>{row?.supplierName || row?.supplierGstin}</td>
                <td className="mono">{r.code}</td>
                <td>{withoutKey(r)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {listed.length > REFUSALS_LISTED && (
        <p className="muted small">… and {count(listed.length - REFUSALS_LISTED)} more</p>
      )}
    </div>
  );
}

function Warnings({ byCode }: { byCode: PreviewReading['warningsByCode'] }) {
  const notInBooks = byCode.get('NOT_IN_BOOKS');
  return (
    <>
      {notInBooks && (
        <p className="warn" data-testid="not-in-books">
          {count(notInBooks.n)} of the selected records {notInBooks.n === 1 ? 'is' : 'are'} missing
          in the purchase register (last reconciliation): accepting claims ITC the books do not
          show.
        </p>
      )}
      {byCode.size > 0 && (
        <ul className="warnings">
          {[...byCode].map(([c, w]) => (
            <li key={c}>
              <b>Warning {c}</b> ({count(w.n)}): {w.example.replace(/^[^:]*\|[^:]*: /, '')}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
