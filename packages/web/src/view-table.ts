// The grid's current view as a table (the rows its filters and sort show, the columns it shows)
// and that table as CSV text. Pure: no grid, no DOM, so a unit test runs it in Node.
//
// The formula rule is the engine's (packages/gst-ims/src/io/csv-cell.ts, OWASP's): a text cell
// starting with = + - @ (or their full-width forms), a tab or a carriage return gets a leading
// quote, so a spreadsheet shows the text instead of running it. Written out again here because
// the web may import only the pure core, not io; the test below the engine's holds both to it.

/** How a column's cells are written: amounts in paise, dates as ISO yyyy-mm-dd, or text. */
export type ViewColumnKind = 'text' | 'money' | 'date';

export interface ViewColumn {
  readonly header: string;
  readonly kind: ViewColumnKind;
}

export type ViewCell = string | number | null;

export interface ViewTable {
  readonly columns: readonly ViewColumn[];
  readonly rows: readonly (readonly ViewCell[])[];
}

const FORMULA_START = /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/** Text a spreadsheet would run as a formula, with a quote in front; other text as it is. */
export const neutraliseFormula = (text: string): string =>
  FORMULA_START.test(text) ? `'${text}` : text;

/** Paise as plain rupees with two decimals ("-1234.50"): a number to any spreadsheet. */
export function plainRupees(paise: number): string {
  const abs = Math.abs(paise);
  const rupees = Math.trunc(abs / 100);
  const cents = String(abs % 100).padStart(2, '0');
  return `${paise < 0 ? '-' : ''}${rupees}.${cents}`;
}

/** yyyy-mm-dd as DD-MM-YYYY, as the grid shows it; anything else as it is. */
export function portalDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}-${m[2]}-${m[1]}` : iso;
}

function csvCell(v: ViewCell, kind: ViewColumnKind): string {
  if (v === null || v === '') return '';
  let text: string;
  if (kind === 'money' && typeof v === 'number') return plainRupees(v);
  else if (kind === 'date' && typeof v === 'string') text = portalDate(v);
  else if (typeof v === 'number') return String(v);
  else text = neutraliseFormula(v);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The table as CSV: a byte-order mark (so Excel reads the ₹ of the headers as UTF-8), a header
 * line, one line per row, each ended by CRLF.
 */
export function viewCsv(t: ViewTable): string {
  const lines = [t.columns.map((c) => csvCell(c.header, 'text')).join(',')];
  for (const r of t.rows)
    lines.push(t.columns.map((c, i) => csvCell(r[i] ?? null, c.kind)).join(','));
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

/** A file name for an export of the view: records-<gstin>-<yyyy-mm-dd>.<ext>. */
export const viewFileName = (gstin: string, today: Date, ext: 'csv' | 'xlsx'): string => {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `records-${gstin}-${today.getFullYear()}-${p(today.getMonth() + 1)}-${p(today.getDate())}.${ext}`;
};
