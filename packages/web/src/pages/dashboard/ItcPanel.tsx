import type { ItcSummary } from '@core/itc-summary.js';
import { ItcChart, SERIES } from '../../components/ItcChart.js';
import { count, money } from '../../format.js';

const HEADS = ['igst', 'cgst', 'sgst', 'cess', 'total'] as const;

/** The projected ITC effect of the period's 2B per tax head: the chart and its table. */
export function ItcPanel({ itc, of }: { itc: ItcSummary; of: string }) {
  return (
    <section className="panel itc-panel">
      <h2>Projected ITC effect (GSTR-2B{of}) per tax head</h2>
      <div className="itc-body">
        <ItcChart summary={itc} />
        <table className="data compact itc">
          <thead>
            <tr>
              <th>₹</th>
              <th className="num">IGST</th>
              <th className="num">CGST</th>
              <th className="num">SGST</th>
              <th className="num">Cess</th>
              <th className="num">Total</th>
            </tr>
          </thead>
          <tbody>
            {SERIES.map((s) => {
              const b = s.pick(itc);
              return (
                <tr key={s.name} title={`${s.hint} (${count(b.count)} documents)`}>
                  <td>
                    <i className="swatch" style={{ background: s.color }} /> {s.name}
                  </td>
                  {HEADS.map((h) => (
                    <td key={h} className="num">
                      {money(b[h])}
                    </td>
                  ))}
                </tr>
              );
            })}
            <tr className="strong">
              <td>Net ITC available</td>
              {HEADS.map((h) => (
                <td key={h} className="num">
                  {money(itc.netAvailable[h])}
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      </div>
    </section>
  );
}
