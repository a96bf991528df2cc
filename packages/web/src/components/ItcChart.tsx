import type { ItcBucket, ItcSummary } from '@core/itc-summary.js';
import type { TaxHead } from '@core/record.js';
import { compactInr, money } from '../format.js';

const HEADS: { head: TaxHead; label: string }[] = [
  { head: 'igst', label: 'IGST' },
  { head: 'cgst', label: 'CGST' },
  { head: 'sgst', label: 'SGST/UTGST' },
  { head: 'cess', label: 'Cess' },
];

export const SERIES: {
  name: string;
  color: string;
  pick: (s: ItcSummary) => ItcBucket;
  hint: string;
}[] = [
  {
    name: 'Available',
    color: '#2e7d32',
    pick: (s) => s.available,
    hint: 'Invoices and debit notes accepted, or on No Action (deemed accepted when GSTR-2B is generated)',
  },
  {
    name: 'Credit-note reductions',
    color: '#ef6c00',
    pick: (s) => s.creditNoteReduction,
    hint: 'Credit notes accepted or on No Action: ITC they take away',
  },
  {
    name: 'Rejected',
    color: '#c62828',
    pick: (s) => s.rejected,
    hint: 'Invoices and debit notes rejected: no ITC',
  },
  {
    name: 'Pending',
    color: '#546e7a',
    pick: (s) => s.pending,
    hint: 'Invoices and debit notes kept pending: out of this GSTR-2B',
  },
];

/** 1, 2, 2.5 or 5 times a power of ten, at or above x (paise). */
function niceMax(x: number): number {
  if (x <= 0) return 100;
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= x) return m * p;
  return 10 * p;
}

/** Horizontal grouped bars: one group per tax head, one bar per bucket. Plain SVG, no chart library. */
export function ItcChart({ summary }: { summary: ItcSummary }) {
  const W = 640;
  const left = 96;
  const right = 70;
  const barH = 11;
  const gap = 2;
  const groupGap = 12;
  const top = 6;
  const groupH = SERIES.length * (barH + gap) + groupGap;
  const H = top + HEADS.length * groupH + 18;
  const plotW = W - left - right;
  const max = niceMax(
    Math.max(0, ...HEADS.flatMap(({ head }) => SERIES.map((s) => s.pick(summary)[head]))),
  );
  const x = (v: number): number => left + (Math.max(0, v) / max) * plotW;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);
  const axisY = top + HEADS.length * groupH - groupGap / 2;
  return (
    <figure className="itc-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Projected ITC effect per tax head">
        {ticks.map((t) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1={top - 2} y2={axisY} className="grid-line" />
            <text x={x(t)} y={axisY + 13} textAnchor="middle" className="axis">
              {compactInr(t)}
            </text>
          </g>
        ))}
        {HEADS.map(({ head, label }, gi) => {
          const gy = top + gi * groupH;
          return (
            <g key={head}>
              <text
                x={left - 8}
                y={gy + (SERIES.length * (barH + gap)) / 2 + 4}
                textAnchor="end"
                className="axis head"
              >
                {label}
              </text>
              {SERIES.map((s, si) => {
                const v = s.pick(summary)[head];
                const y = gy + si * (barH + gap);
                return (
                  <g key={s.name}>
                    <rect
                      x={left}
                      y={y}
                      width={Math.max(x(v) - left, v > 0 ? 1.5 : 0)}
                      height={barH}
                      fill={s.color}
                      rx={1.5}
                    >
                      <title>{`${label} · ${s.name}: ₹ ${money(v)}`}</title>
                    </rect>
                    <text x={x(v) + 4} y={y + barH - 2} className="bar-label">
                      {compactInr(v)}
                    </text>
                  </g>
                );
              })}
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
