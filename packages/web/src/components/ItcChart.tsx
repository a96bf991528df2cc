import type { ItcBucket, ItcSummary, TaxHead } from '@core';
import { compactInr, money } from '../format.js';

const HEADS: { head: TaxHead; label: string }[] = [
  { head: 'igst', label: 'IGST' },
  { head: 'cgst', label: 'CGST' },
  { head: 'sgst', label: 'SGST / UTGST' },
  { head: 'cess', label: 'Cess' },
];

export const SERIES: { name: string; color: string; pick: (s: ItcSummary) => ItcBucket; hint: string }[] = [
  { name: 'Available', color: '#2e7d32', pick: (s) => s.available, hint: 'Invoices and debit notes accepted, or on No Action (deemed accepted when GSTR-2B is generated)' },
  { name: 'Credit-note reductions', color: '#ef6c00', pick: (s) => s.creditNoteReduction, hint: 'Credit notes accepted or on No Action: ITC they take away' },
  { name: 'Rejected', color: '#c62828', pick: (s) => s.rejected, hint: 'Invoices and debit notes rejected: no ITC' },
  { name: 'Pending', color: '#546e7a', pick: (s) => s.pending, hint: 'Invoices and debit notes kept pending: out of this GSTR-2B' },
];

/** Grouped bars: one group per tax head, one bar per bucket. Plain SVG, no chart library. */
export function ItcChart({ summary }: { summary: ItcSummary }) {
  const W = 620;
  const H = 250;
  const left = 70;
  const bottom = 34;
  const top = 22;
  const plotH = H - bottom - top;
  const groupW = (W - left - 10) / HEADS.length;
  const barW = Math.min(30, (groupW - 24) / SERIES.length);
  const max = Math.max(1, ...HEADS.flatMap(({ head }) => SERIES.map((s) => s.pick(summary)[head])));
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);
  const y = (v: number): number => top + plotH - (v / max) * plotH;
  return (
    <figure className="itc-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Projected ITC effect per tax head">
        {ticks.map((t) => (
          <g key={t}>
            <line x1={left} x2={W - 10} y1={y(t)} y2={y(t)} className="grid-line" />
            <text x={left - 6} y={y(t) + 4} textAnchor="end" className="axis">
              {compactInr(t)}
            </text>
          </g>
        ))}
        {HEADS.map(({ head, label }, gi) => {
          const gx = left + gi * groupW + (groupW - barW * SERIES.length) / 2;
          return (
            <g key={head}>
              {SERIES.map((s, si) => {
                const v = s.pick(summary)[head];
                const h = (v / max) * plotH;
                return (
                  <g key={s.name}>
                    <rect x={gx + si * barW} y={top + plotH - h} width={barW - 3} height={Math.max(h, v > 0 ? 1 : 0)} fill={s.color}>
                      <title>{`${label} · ${s.name}: ₹ ${money(v)}`}</title>
                    </rect>
                    {v > 0 && (
                      <text x={gx + si * barW + (barW - 3) / 2} y={top + plotH - h - 4} textAnchor="middle" className="bar-label">
                        {compactInr(v)}
                      </text>
                    )}
                  </g>
                );
              })}
              <text x={left + gi * groupW + groupW / 2} y={H - 12} textAnchor="middle" className="axis head">
                {label}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="legend">
        {SERIES.map((s) => (
          <span key={s.name} title={s.hint}>
            <i style={{ background: s.color }} /> {s.name}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
