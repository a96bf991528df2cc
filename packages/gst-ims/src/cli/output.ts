import type { Paise } from '../core/index.js';
import { formatIndian, formatRupees } from '../core/index.js';

export type Format = 'table' | 'json';

export interface Out {
  readonly format: Format;
  line(text?: string): void;
  err(text: string): void;
  json(value: unknown): void;
}

export function makeOut(
  format: Format,
  stdout: (s: string) => void,
  stderr: (s: string) => void,
): Out {
  return {
    format,
    line: (text = '') => stdout(`${forTerminal(text)}\n`),
    err: (text) => stderr(`${forTerminal(text)}\n`),
    json: (value) => stdout(`${jsonForTerminal(JSON.stringify(value, null, 2))}\n`),
  };
}

// Characters a terminal acts on instead of showing: C0 controls (ESC starts the sequences that
// recolour, move the cursor, retitle the window or write the clipboard), DEL, C1 controls
// (U+009B is a one-character CSI), the bidirectional overrides and isolates that reorder what
// is shown, and lone surrogates. Layout keeps newline and tab; a table cell keeps neither.
const UNSAFE_IN_LINE =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const UNSAFE_IN_CELL =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

const escapeChar = (c: string): string =>
  NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * Text printed for people, with every character a terminal would act on shown as an escape
 * (`\u001b`), as JSON shows it: data from a file (a supplier name, a document number) cannot
 * recolour, move or retitle the terminal, or hide what follows. `cell`: newline and tab too.
 */
export function forTerminal(text: string, cell = false): string {
  const re = cell ? UNSAFE_IN_CELL : UNSAFE_IN_LINE;
  re.lastIndex = 0;
  if (!re.test(text)) return text;
  re.lastIndex = 0;
  return text.replace(re, escapeChar);
}

/** JSON.stringify escapes C0 controls but leaves DEL and C1 raw; escaped, the JSON is the same value. */
function jsonForTerminal(json: string): string {
  return json.replace(/[\u007f-\u009f]/g, escapeChar);
}

/** Money for people: Indian grouping. */
export const money = (p: Paise): string => formatIndian(p);
/** Money for scripts: exact two-decimal strings. */
export const moneyJson = (p: Paise): string => formatRupees(p);

/** Keys whose numbers are money (paise) in the month reports' results. */
const MONEY_KEYS = new Set([
  'igst',
  'cgst',
  'sgst',
  'cess',
  'total',
  'tax',
  'taxable',
  'value',
  'books',
  'twoB',
  'matchedBooksTax',
  'matchedTwoBTax',
  'notIn2bTax',
  'notInBooksTax',
  'excess',
  'claimed',
  'available',
]);

/**
 * A result whose money sits in paise under the usual names, for `--format json`: every whole
 * number under a money key becomes the exact two-decimal rupee string, as everywhere else.
 */
export function moneyJsonDeep(v: unknown, key = ''): unknown {
  if (Array.isArray(v)) return v.map((x) => moneyJsonDeep(x, key));
  if (typeof v === 'number')
    return MONEY_KEYS.has(key) && Number.isSafeInteger(v) ? formatRupees(v as Paise) : v;
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = moneyJsonDeep(x, k);
  return out;
}

export function table(
  headers: readonly string[],
  rows: readonly (readonly (string | number)[])[],
  rightAlign: readonly number[] = [],
): string {
  const cells = rows.map((r) => r.map((c) => forTerminal(String(c), true)));
  const widths = headers.map((h, i) =>
    Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)),
  );
  const fmt = (r: readonly string[]): string =>
    r
      .map((c, i) =>
        rightAlign.includes(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [fmt(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(fmt)].join('\n');
}

/**
 * Records left as they are, with the code and reason of each, on stderr under a heading: the
 * first `shown`, then how many more (all of them in --format json).
 */
export function printSkipped(
  out: Out,
  heading: string,
  skipped: readonly { recordKey: string; code: string; message: string }[],
  shown: number,
): void {
  if (skipped.length === 0) return;
  out.err(heading);
  out.err(
    table(
      ['record', 'code', 'reason'],
      skipped.slice(0, shown).map((x) => [x.recordKey, x.code, x.message]),
    ),
  );
  if (skipped.length > shown)
    out.err(`... and ${skipped.length - shown} more (use --format json for all)`);
}
