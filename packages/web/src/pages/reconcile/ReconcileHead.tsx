import type { ReconcilePayload } from '../../../../gst-ims/src/server/api-types.js';
import { count, period } from '../../format.js';

/** The page's title with what was matched (records, documents, the IMS period, proposals). */
export function ReconcileHead({
  data,
  busy,
  onRun,
}: {
  data: ReconcilePayload;
  busy: boolean;
  onRun: () => void;
}) {
  return (
    <div className="page-head">
      <h1>Reconcile</h1>
      <span className="muted">
        {count(data.records)} portal records · {count(data.documents)} documents in the books
        {data.period ? ` · IMS period ${period(data.period.period)}` : ''} · proposals:{' '}
        {count(data.proposals.safe)} safe, {count(data.proposals.review)} to review
      </span>
      <button onClick={onRun} disabled={busy}>
        {busy ? 'Matching…' : 'Match again'}
      </button>
    </div>
  );
}
