import { parseRecordKey } from '@core/record.js';
import type { Page } from '../../app-state.js';
import { count } from '../../format.js';
import type { Attention } from './dashboard-facts.js';

const LISTED = 50;

/** Records with a portal error or changed by the supplier, each a link to its record. */
export function AttentionPanel({
  attention,
  waitingUpload,
  navigate,
}: {
  attention: readonly Attention[];
  waitingUpload: number;
  navigate: (page: Page, query?: string) => void;
}) {
  return (
    <section className="panel">
      <div className="panel-head">
        <h2>Needs attention ({count(attention.length)})</h2>
        {waitingUpload > 0 && (
          <button onClick={() => navigate('upload')}>
            Review the upload ({count(waitingUpload)} waiting) →
          </button>
        )}
      </div>
      {attention.length === 0 ? (
        <p className="muted">No record carries a portal error or a change by the supplier.</p>
      ) : (
        <table className="data">
          <thead>
            <tr>
              <th>Why</th>
              <th>Section</th>
              <th>Supplier GSTIN</th>
              <th>Document</th>
              <th>What to do</th>
            </tr>
          </thead>
          <tbody>
            {attention.slice(0, LISTED).map((a) => (
              <AttentionRow key={`${a.kind}${a.key}`} a={a} navigate={navigate} />
            ))}
          </tbody>
        </table>
      )}
      {attention.length > LISTED && (
        <p className="muted">
          … and {count(attention.length - LISTED)} more: see the Records page.
        </p>
      )}
    </section>
  );
}

function AttentionRow({
  a,
  navigate,
}: {
  a: Attention;
  navigate: (page: Page, query?: string) => void;
}) {
  const k = parseRecordKey(a.key);
  const query = `?key=${encodeURIComponent(a.key)}`;
  return (
    <tr>
      <td>
        <span className={`pill ${a.kind === 'Portal error' ? 'bad' : 'warn'}`}>{a.kind}</span>
      </td>
      <td>{k?.section ?? ''}</td>
      <td className="mono">{k?.supplierGstin ?? ''}</td>
      <td>
        <a
          href={`/records${query}`}
          onClick={(e) => {
            e.preventDefault();
            navigate('records', query);
          }}
        >
          {k?.docNumber ?? a.key}
        </a>
      </td>
      <td>{a.text}</td>
    </tr>
  );
}
