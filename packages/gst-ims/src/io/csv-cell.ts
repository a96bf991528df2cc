// The one way gst-ims writes CSV cells: RFC 4180 quoting, and no text cell that a spreadsheet
// would run as a formula. (Hand-written, not csv-stringify: that made `reconcile --out` of
// 100,000 rows 0.7 s slower, past its benchmark goal; docs/decisions/0015-csv-output.md.)
//
// A supplier name or document number comes from someone else's file. Written raw, a cell starting
// with =, +, -, @, a tab or a carriage return is a formula to Excel and LibreOffice
// (=HYPERLINK(...) becomes a link that sends data away). OWASP's rule: put a single quote in
// front; the spreadsheet shows the text. The full-width forms of = + - @ count too (some
// spreadsheets fold them to ASCII).
//
// What is left alone, and why:
// - Number cells (typeof number): the tool wrote them; a spreadsheet reads -12.5 as that number.
// - In the columns a table declares as amounts, text that is a plain decimal number ("-12.50", as
//   formatRupees writes it): the same number, with its two decimals. Anything else in such a
//   column is treated as text.
// JSON output is written raw: it is data for programs, and no spreadsheet runs it.

export type CsvCell = string | number | boolean | null;

const FORMULA_START = /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;
const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?$/;
/** A quote, comma or line break inside, or white space at either end (what trim() would drop). */
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/** Text a spreadsheet would run as a formula, with a quote in front; other text as it is. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One cell of CSV text; `amount`: a column of tool-formatted amounts, where plain numbers stay. */
export function csvCell(v: CsvCell, amount = false): string {
  if (v === null) return '';
  // Numbers and booleans print without quotes, commas, line breaks or spaces.
  if (typeof v !== 'string') return String(v);
  const text = amount && PLAIN_NUMBER.test(v) ? v : neutraliseFormula(v);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export interface CsvWriteOptions {
  /** Column indexes holding amounts the tool formatted itself: plain numbers there stay as they are. */
  readonly amountColumns?: ReadonlySet<number> | undefined;
}

/** Rows as CSV text, each line ended by CRLF (what Excel writes). */
export function csvLines(
  rows: readonly (readonly CsvCell[])[],
  opts: CsvWriteOptions = {},
): string {
  if (rows.length === 0) return '';
  const amounts = opts.amountColumns ?? new Set<number>();
  const lines: string[] = [];
  const cells: string[] = [];
  // join, not +=: a line built by concatenation is a rope that a later join must flatten.
  for (const r of rows) {
    cells.length = r.length;
    for (let i = 0; i < r.length; i++) cells[i] = csvCell(r[i] ?? null, amounts.has(i));
    lines.push(cells.join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
