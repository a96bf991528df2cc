// The reviewer's panel on a practice server (issue 16): the decisions made since the last
// approval, by the person who made them, and Approve for an account that may approve. An upload
// is generated only from approved decisions; on a one-person workspace the panel stays hidden.
import { useEffect, useState } from 'react';
import type {
  ApprovePayload,
  ReviewPayload,
  ReviewPersonDto,
} from '../../../gst-ims/src/server/approval-api-types.js';
import { errorText, getJson, postJson } from '../api.js';
import { useApp } from '../app-state.js';
import { count, dateTime, label, plural } from '../format.js';
import { currentSession } from '../session.js';
import { RecordLink } from './RecordLink.js';

/** Changes listed per person when opened; the counts stay whole. */
const LISTED = 50;

export function ReviewPanel({ gstin }: { gstin: string }) {
  const { version, bump, toast } = useApp();
  const [review, setReview] = useState<ReviewPayload | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const mayApprove = currentSession()?.permissions.includes('approve') === true;

  useEffect(() => {
    let live = true;
    getJson<ReviewPayload>('/api/review', gstin)
      .then((r) => live && setReview(r))
      .catch((e: unknown) => live && setError(errorText(e)));
    return () => {
      live = false;
    };
  }, [gstin, version]);

  const approve = async (): Promise<void> => {
    if (review === null) return;
    setBusy(true);
    try {
      const r = await postJson<ApprovePayload>('/api/approve', {
        gstin,
        versions: review.versions,
      });
      toast(
        'ok',
        `Approved ${plural(r.approved, 'record')}` +
          (r.changedSince.length > 0
            ? `; ${plural(r.changedSince.length, 'record was', 'records were')} decided again since you looked and still wait`
            : ''),
      );
      bump();
    } catch (e) {
      toast('error', errorText(e));
    } finally {
      setBusy(false);
    }
  };

  if (error) return <div className="error-box">{error}</div>;
  if (review === null || !review.required) return null;
  const last =
    review.lastApproval === null
      ? 'Nothing approved yet.'
      : `Last approval by ${review.lastApproval.by}, ${dateTime(review.lastApproval.at)}.`;

  return (
    <section className="panel" data-testid="review-panel" aria-labelledby="review-head">
      <div className="panel-head">
        <h2 id="review-head">
          {review.unapproved === 0
            ? 'Every decision is approved'
            : `${plural(review.unapproved, 'record')} waiting for approval`}
        </h2>
        {mayApprove && review.unapproved > 0 && (
          <button className="primary" disabled={busy} onClick={() => void approve()}>
            {busy ? 'Approving…' : `Approve ${count(review.unapproved)}`}
          </button>
        )}
      </div>
      <p className="muted">
        {last} Upload files are generated only from approved decisions
        {mayApprove ? '.' : '; a reviewer approves them.'}
      </p>
      {review.people.length > 0 && (
        <table className="data compact" data-testid="review-people">
          <thead>
            <tr>
              <th>Changed by</th>
              <th className="num">Records</th>
              <th className="num">Decisions</th>
              <th>Latest</th>
            </tr>
          </thead>
          <tbody>
            {review.people.map((p) => (
              <tr key={p.user}>
                <td>{p.user}</td>
                <td className="num">{count(p.records)}</td>
                <td className="num">{count(p.decisions)}</td>
                <td>{p.changes[0] === undefined ? '' : dateTime(p.changes[0].at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {review.people.map((p) => (
        <PersonChanges key={p.user} person={p} />
      ))}
    </section>
  );
}

function PersonChanges({ person: p }: { person: ReviewPersonDto }) {
  return (
    <details>
      <summary>
        {p.user}: {plural(p.decisions, 'decision')} since the last approval
      </summary>
      <table className="data compact">
        <thead>
          <tr>
            <th>Record</th>
            <th>From</th>
            <th>To</th>
            <th>When</th>
          </tr>
        </thead>
        <tbody>
          {p.changes.slice(0, LISTED).map((c, i) => (
            <tr key={`${c.key}${i}`}>
              <td>
                <RecordLink recordKey={c.key} />
              </td>
              <td>{label(c.from)}</td>
              <td>{label(c.to)}</td>
              <td>{dateTime(c.at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {p.decisions > LISTED && (
        <p className="muted small">… and {count(p.decisions - LISTED)} more</p>
      )}
    </details>
  );
}
