import type { ReconcileStatusPayload } from '../../../../gst-ims/src/server/api-types.js';
import { count, dateTime } from '../../format.js';
import { OUTCOMES } from '../../outcomes.js';

/** The outcome counts of the last match with the books, and the way to Reconcile. */
export function MatchesPanel({
  matches,
  onReconcile,
}: {
  matches: NonNullable<ReconcileStatusPayload>;
  onReconcile: () => void;
}) {
  return (
    <section className="panel matches">
      <div className="panel-head">
        <h2>Match with the books</h2>
        <span className="muted small">
          {count(matches.documents)} documents in the purchase register
          {matches.lastRegisterImport
            ? ` (last import ${matches.lastRegisterImport.file}, ${dateTime(matches.lastRegisterImport.at)})`
            : ''}
        </span>
        <button onClick={onReconcile}>Reconcile →</button>
      </div>
      <div className="outcome-counts">
        {OUTCOMES.map((o) => (
          <div key={o.outcome} className={`outcome-count ${o.tone}`} title={o.hint}>
            <b>{count(matches.counts[o.outcome])}</b> {o.label}
          </div>
        ))}
      </div>
      {Object.values(matches.counts).every((n) => n === 0) && (
        <p className="muted small">Not matched yet: open Reconcile to run the match.</p>
      )}
    </section>
  );
}
