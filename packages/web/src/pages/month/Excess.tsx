import { money, period as periodLabel, rupees } from '../../format.js';
import { RecordLink } from './FindingsTable.js';
import type { MonthPayload } from './month-payload.js';
import { WHY, total } from './month-payload.js';

/** The 3B's excess over the 2B (or the projection), the DRC-01C verdict, the records behind it. */
export function Excess({ data, focus }: { data: MonthPayload; focus: boolean }) {
  const r = data.gstr3b;
  if (!r) return null;
  const c = r.check;
  const t = r.threshold;
  const base =
    r.availableFrom === 'gstr2b' ? 'the 2B' : 'the projection of your decisions (no 2B imported)';
  return (
    <section
      id="month-excess"
      className={`panel month-excess ${c.excessTotal > 0 ? 'has-excess' : ''} ${focus ? 'focus' : ''}`}
      data-testid="excess"
    >
      <h2>GSTR-3B against {r.availableFrom === 'gstr2b' ? 'GSTR-2B' : 'the projection'}</h2>
      {c.excessTotal === 0 ? (
        <p data-testid="excess-verdict">
          No excess: the ITC claimed in 3B is within {base} on every head.
        </p>
      ) : (
        <>
          <p data-testid="excess-verdict">
            <b>Excess ITC {rupees(c.excessTotal)}</b>
            {c.percent === null ? '' : ` (${c.percent.toFixed(2)}% of ${base})`}. DRC-01C limit
            (above {rupees(t.amount)} {t.rule === 'and' ? 'and' : 'or'} {t.percent}%):{' '}
            <b className={c.crossesThreshold ? 'bad-text' : ''}>
              {c.crossesThreshold ? 'crossed' : 'not crossed'}
            </b>
            .
          </p>
          {r.explaining.length > 0 && (
            <>
              <h3>
                Records that may explain it ({rupees(r.explained)}
                {r.explained === c.excessTotal ? ', exactly the excess' : ''})
              </h3>
              <table className="data compact" data-testid="explaining">
                <thead>
                  <tr>
                    <th>Record</th>
                    <th>2B period</th>
                    <th className="num">Tax ₹</th>
                    <th>Why</th>
                  </tr>
                </thead>
                <tbody>
                  {r.explaining.map((e) => (
                    <tr key={e.recordKey}>
                      <td>
                        <RecordLink recordKey={e.recordKey} />
                      </td>
                      <td>{periodLabel(e.twoBPeriod)}</td>
                      <td className="num">{money(total(e.tax))}</td>
                      <td title={e.note}>{WHY[e.why]}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          <ul className="advice">
            {r.advice.map((a) => (
              <li key={a}>{a}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
