import { count } from '../../format.js';
import type { Row } from '../../records.js';

const ACTS_ON_LISTED = 50;

/** The records the dialog acts on, by document: exactly the selection the grid shows. */
export function ActsOn({ rows, scope }: { rows: readonly Row[]; scope: string | undefined }) {
  const first = rows.slice(0, ACTS_ON_LISTED);
  return (
    <details className="acts-on" data-testid="acts-on">
      <summary>
        Acts on exactly {rows.length === 1 ? 'this record' : `these ${count(rows.length)} records`}
        {scope ? ` ${scope}` : ''}
      </summary>
      <ul>
        {first.map((r) => (
          <li key={r.key}>
            {r.sectionLabel} <span className="mono">{r.docNumber}</span> ·{' '}
            {r.supplierName || r.supplierGstin}
          </li>
        ))}
      </ul>
      {rows.length > first.length && (
        <p className="muted small">… and {count(rows.length - first.length)} more</p>
      )}
    </details>
  );
}
