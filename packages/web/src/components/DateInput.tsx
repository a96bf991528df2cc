// The date box of the grid's date filters: DD-MM-YYYY typed as text, whatever the browser's
// locale. The grid's default is the browser's own date picker, which shows 10/03/2026 to a
// browser set to en-US: a month and a day the other way round from everything else on screen.
import type { CustomDateProps } from 'ag-grid-react';
import { useEffect, useState } from 'react';
import './date-input.css';

const p2 = (n: number): string => String(n).padStart(2, '0');

export const formatDdMmYyyy = (d: Date): string =>
  `${p2(d.getDate())}-${p2(d.getMonth() + 1)}-${d.getFullYear()}`;

/** "3-10-2026", "03/10/2026" or "03.10.2026" -> that day; null when it is no real date. */
export function parseDdMmYyyy(text: string): Date | null {
  const m = /^\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\s*$/.exec(text);
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(y, mo - 1, d);
  // 31-02-2026 would roll over to March: not a date.
  return date.getDate() === d && date.getMonth() === mo - 1 && date.getFullYear() === y
    ? date
    : null;
}

const sameDay = (a: Date | null, b: Date | null): boolean =>
  a === null || b === null ? a === b : formatDdMmYyyy(a) === formatDdMmYyyy(b);

export function DateInput({ date, onDateChange }: CustomDateProps) {
  const [text, setText] = useState(() => (date ? formatDdMmYyyy(date) : ''));
  // The grid set the date (the filter cleared, a saved model): show it, unless the text says it.
  useEffect(() => {
    setText((t) => (sameDay(parseDdMmYyyy(t), date) ? t : date ? formatDdMmYyyy(date) : ''));
  }, [date]);
  const invalid = text.trim() !== '' && parseDdMmYyyy(text) === null;
  return (
    <input
      type="text"
      className={`ag-input-field-input ag-text-field-input dd-mm-yyyy${invalid ? ' invalid' : ''}`}
      placeholder="DD-MM-YYYY"
      aria-label="Date, DD-MM-YYYY"
      aria-invalid={invalid}
      title={invalid ? 'A date as DD-MM-YYYY, for example 03-10-2026' : undefined}
      inputMode="numeric"
      autoComplete="off"
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        onDateChange(parseDdMmYyyy(e.target.value));
      }}
    />
  );
}
