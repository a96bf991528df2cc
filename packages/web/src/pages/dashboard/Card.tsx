import type { Tone } from './dashboard-facts.js';

/** A figure on the Dashboard; one that leads somewhere is a button, for the keyboard too. */
export function Card(props: {
  title: string;
  value: string;
  note: string;
  tone?: Tone | undefined;
  onClick?: (() => void) | undefined;
}) {
  return (
    <div
      className={`card ${props.tone ?? ''} ${props.onClick ? 'clickable' : ''}`}
      onClick={props.onClick}
      role={props.onClick ? 'button' : undefined}
      // A card that leads somewhere is a button for the keyboard too: Tab reaches it, Enter or
      // Space opens it.
      tabIndex={props.onClick ? 0 : undefined}
      onKeyDown={
        props.onClick
          ? (e) => {
              if (e.key !== 'Enter' && e.key !== ' ') return;
              e.preventDefault();
              props.onClick?.();
            }
          : undefined
      }
    >
      <div className="card-title">{props.title}</div>
      <div className="card-value">{props.value}</div>
      <div className="card-note">{props.note}</div>
    </div>
  );
}
