// Each person's share of the period and its progress (issue 16, assignment): a preparer sees
// their own queue, a reviewer everyone's, with the form to assign a supplier, section or saved
// view and a button to take each share back. Records in two people's queues are counted in
// both and said so. Hidden while nobody has a share, unless the person may assign.
import { useEffect, useState } from 'react';
import type {
  ShareDto,
  WorkQueuesPayload,
} from '../../../gst-ims/src/server/assignment-api-types.js';
import type { Section } from '@core/sections.js';
import { errorText, getJson, postJson } from '../api.js';
import { PAGE_PATHS, useApp } from '../app-state.js';
import { count, period as periodText, plural, sectionLabel } from '../format.js';
import { AssignForm } from './AssignForm.js';
import './assign-form.css';

export const shareLabel = (s: ShareDto): string =>
  s.kind === 'section'
    ? sectionLabel(s.value as Section)
    : s.kind === 'view'
      ? `view "${s.value}"`
      : s.value;

/** A supplier's share opens its undecided records on the Records page; the others are words. */
function ShareName({ share }: { share: ShareDto }) {
  const { navigate } = useApp();
  if (share.kind !== 'supplier') return <>{shareLabel(share)}</>;
  const query = `?supplier=${encodeURIComponent(share.value)}&view=noAction`;
  return (
    <a
      href={`${PAGE_PATHS.records}${query}`}
      title={`Open ${share.value}'s undecided records`}
      onClick={(e) => {
        if (e.ctrlKey || e.metaKey || e.shiftKey) return;
        e.preventDefault();
        navigate('records', query);
      }}
    >
      {shareLabel(share)}
    </a>
  );
}

export function QueuePanel() {
  const { gstin, period, version, toast } = useApp();
  const [data, setData] = useState<WorkQueuesPayload | null>(null);

  useEffect(() => {
    let live = true;
    setData(null);
    if (gstin === null || period === null) return;
    // A workspace without shares (or a server older than assignment) shows nothing.
    getJson<WorkQueuesPayload>(`/api/assignments?period=${period}`, gstin)
      .then((d) => live && setData(d))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [gstin, period, version]);

  if (gstin === null || data === null) return null;
  const { assign } = data;
  if (data.queues.length === 0 && !assign.allowed) return null;

  const remove = async (user: string, s: ShareDto): Promise<void> => {
    try {
      setData(
        await postJson<WorkQueuesPayload>('/api/assign/remove', {
          gstin,
          period: data.period,
          ids: [s.id],
        }),
      );
      toast('ok', `Removed from ${user}'s queue: ${shareLabel(s)}`);
    } catch (e) {
      toast('error', errorText(e));
    }
  };

  return (
    <section className="panel" data-testid="queue-panel" aria-labelledby="queue-head">
      <h2 id="queue-head">Work shares, {periodText(data.period)}</h2>
      {data.queues.length === 0 ? (
        <p className="muted">Nobody has a share of this period yet.</p>
      ) : (
        <table className="data compact">
          <thead>
            <tr>
              <th>Person</th>
              <th>Share</th>
              <th className="num">Records</th>
              <th className="num">Decided</th>
              <th className="num">Left</th>
              <th className="num">Also in another queue</th>
              <th>Progress</th>
            </tr>
          </thead>
          <tbody>
            {data.queues.map((q) => (
              <tr key={q.user} data-user={q.user}>
                <td>{q.user}</td>
                <td>
                  <ul className="shares">
                    {q.shares.map((s) => (
                      <li
                        key={s.id}
                        className="share"
                        title={s.note ?? `${count(s.records)} records`}
                      >
                        <ShareName share={s} />
                        {assign.allowed && (
                          <button
                            type="button"
                            aria-label={`Remove ${shareLabel(s)} from ${q.user}'s queue`}
                            onClick={() => void remove(q.user, s)}
                          >
                            ×
                          </button>
                        )}
                      </li>
                    ))}
                  </ul>
                </td>
                <td className="num">{count(q.records)}</td>
                <td className="num">{count(q.decided)}</td>
                <td className="num">{count(q.remaining.length)}</td>
                <td className="num">{count(q.overlapping)}</td>
                <td>
                  <meter
                    min={0}
                    max={Math.max(q.records, 1)}
                    value={q.decided}
                    aria-label={`${q.user}: ${count(q.decided)} of ${count(q.records)} decided`}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data.overlaps.map((o) => (
        <p key={o.users.join('/')} className="warn small" data-testid="queue-overlap">
          {plural(o.records, 'record is', 'records are')} in both {o.users[0]}'s and {o.users[1]}
          's queues.
        </p>
      ))}
      {data.queues.flatMap((q) =>
        q.shares
          .filter((s) => s.note !== null)
          .map((s) => (
            <p key={s.id} className="muted small">
              {q.user}, {shareLabel(s)}: {s.note}.
            </p>
          )),
      )}
      {data.unassigned > 0 && (
        <p className="muted small">{count(data.unassigned)} records are in no one's share.</p>
      )}
      {assign.allowed && <AssignForm gstin={gstin} data={data} onChange={setData} />}
      {!assign.multiUser && (
        <p className="muted small" data-testid="assign-needs-server">
          Assigning work needs the multi-user server (gst-ims serve --multi-user); here the shares
          are shown as given with gst-ims assign.
        </p>
      )}
    </section>
  );
}
