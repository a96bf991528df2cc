import { count } from '../../format.js';
import type { MonthPayload } from './month-payload.js';

/** The period's time limits: records past or near them, Pending carried, rules 37A and 37. */
export function DeadlineTiles({ d }: { d: MonthPayload['deadlines'] }) {
  const tiles: {
    title: string;
    value: string;
    note: string;
    tone: string;
    onClick?: () => void;
  }[] = [
    {
      title: 'Past the time limit',
      value: count(d.past),
      note: 'open records past s.16(4) or the one-period limit on credit notes',
      tone: d.past > 0 ? 'bad' : 'ok',
    },
    {
      title: 'Near the time limit',
      value: count(d.near),
      note: `within ${count(d.warnDays)} days of s.16(4) or the pending limit`,
      tone: d.near > 0 ? 'warn' : 'ok',
    },
    {
      title: 'Kept Pending',
      value: count(d.pending),
      note: 'carried into this period: decide before their limit',
      tone: d.pending > 0 ? 'warn' : 'ok',
    },
    {
      title: 'Rule 37A',
      value: count(d.rule37a),
      note: 'supplier still not filed after 30 September: reverse the ITC',
      tone: d.rule37a > 0 ? 'bad' : 'ok',
    },
    {
      title: 'Rule 37 (180 days unpaid)',
      value: d.rule37Reverse === null ? '–' : count(d.rule37Reverse),
      note:
        d.rule37Reverse === null
          ? 'the purchase register carries no payment dates'
          : `to reverse; ${count(d.rule37Near ?? 0)} near the 180th day`,
      tone: d.rule37Reverse ? 'bad' : d.rule37Near ? 'warn' : 'ok',
    },
  ];
  return (
    <div className="cards month-tiles" data-testid="deadline-tiles">
      {tiles.map((t) => (
        <div
          key={t.title}
          className={`card ${t.tone} ${t.onClick ? 'clickable' : ''}`}
          role={t.onClick ? 'button' : undefined}
          tabIndex={t.onClick ? 0 : undefined}
          onClick={t.onClick}
          onKeyDown={(e) => {
            if (t.onClick && (e.key === 'Enter' || e.key === ' ')) {
              e.preventDefault();
              t.onClick();
            }
          }}
        >
          <div className="card-title">{t.title}</div>
          <div className="card-value">{t.value}</div>
          <div className="card-note">{t.note}</div>
        </div>
      ))}
    </div>
  );
}
