import { ACTIONS } from '@core/actions.js';
import type { StatusPayload } from '../../../../gst-ims/src/server/api-types.js';
import { count, label, sectionLabel } from '../../format.js';

/** Records per section and decision, with what waits for upload, and what the portal holds. */
export function SectionsTable({ status }: { status: StatusPayload }) {
  const t = status.totals;
  return (
    <section className="panel">
      <h2>Records by section and decision</h2>
      <table className="data">
        <thead>
          <tr>
            <th>Section</th>
            {ACTIONS.map((a) => (
              <th key={a} className="num">
                {label(a)}
              </th>
            ))}
            <th className="num">Total</th>
            <th className="num">To upload</th>
          </tr>
        </thead>
        <tbody>
          {status.sections
            .filter((s) => s.total > 0)
            .map((s) => (
              <tr key={s.section}>
                <td>{sectionLabel(s.section)}</td>
                {ACTIONS.map((a) => (
                  <td key={a} className="num">
                    {count(s.byDecision[a])}
                  </td>
                ))}
                <td className="num">{count(s.total)}</td>
                <td className="num">{s.waitingUpload ? <b>{count(s.waitingUpload)}</b> : '0'}</td>
              </tr>
            ))}
        </tbody>
        <tfoot>
          <tr>
            <td>All sections</td>
            {ACTIONS.map((a) => (
              <td key={a} className="num">
                {count(t.byDecision[a])}
              </td>
            ))}
            <td className="num">{count(t.total)}</td>
            <td className="num">{count(t.waitingUpload)}</td>
          </tr>
        </tfoot>
      </table>
      <p className="muted small">
        Counts follow your decisions (what the upload will make the portal hold). The portal
        currently holds:{' '}
        {ACTIONS.map((a) => `${label(a)} ${count(t.byPortalAction[a])}`).join(' · ')}.
      </p>
    </section>
  );
}
