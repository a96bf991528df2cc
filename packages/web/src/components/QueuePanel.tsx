// Each person's share of the period and its progress (issue 16, assignment): a preparer sees
// their own queue, a reviewer everyone's. Hidden while nobody has a share of the period.
import { useEffect, useState } from 'react';
import type { WorkQueuesPayload } from '../../../gst-ims/src/server/assignment-api-types.js';
import { getJson } from '../api.js';
import { useApp } from '../app-state.js';
import { count, period as periodText } from '../format.js';

export function QueuePanel() {
  const { gstin, period, version } = useApp();
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

  if (data === null || data.queues.length === 0) return null;
  return (
    <section className="panel" data-testid="queue-panel" aria-labelledby="queue-head">
      <h2 id="queue-head">Work shares, {periodText(data.period)}</h2>
      <table className="data compact">
        <thead>
          <tr>
            <th>Person</th>
            <th>Share</th>
            <th className="num">Records</th>
            <th className="num">Decided</th>
            <th className="num">Left</th>
            <th>Progress</th>
          </tr>
        </thead>
        <tbody>
          {data.queues.map((q) => (
            <tr key={q.user}>
              <td>{q.user}</td>
              <td>{[...q.suppliers, ...q.sections].join(', ')}</td>
              <td className="num">{count(q.records)}</td>
              <td className="num">{count(q.decided)}</td>
              <td className="num">{count(q.remaining.length)}</td>
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
      {data.unassigned > 0 && (
        <p className="muted small">{count(data.unassigned)} records are in no one's share.</p>
      )}
    </section>
  );
}
