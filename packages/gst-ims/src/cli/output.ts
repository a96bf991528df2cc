import type { Paise } from '../core/index.js';
import { formatIndian, formatRupees } from '../core/index.js';

export type Format = 'table' | 'json';

export interface Out {
  readonly format: Format;
  line(text?: string): void;
  err(text: string): void;
  json(value: unknown): void;
}

export function makeOut(format: Format, stdout: (s: string) => void, stderr: (s: string) => void): Out {
  return {
    format,
    line: (text = '') => stdout(`${text}\n`),
    err: (text) => stderr(`${text}\n`),
    json: (value) => stdout(`${JSON.stringify(value, null, 2)}\n`),
  };
}

/** Money for people: Indian grouping. */
export const money = (p: Paise): string => formatIndian(p);
/** Money for scripts: exact two-decimal strings. */
export const moneyJson = (p: Paise): string => formatRupees(p);

export function table(headers: readonly string[], rows: readonly (readonly (string | number)[])[], rightAlign: readonly number[] = []): string {
  const cells = rows.map((r) => r.map(String));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const fmt = (r: readonly string[]): string =>
    r
      .map((c, i) => (rightAlign.includes(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [fmt(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(fmt)].join('\n');
}
