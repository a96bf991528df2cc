import type { RegisterWarningCode } from '../core/index.js';
import type { RegisterWarning } from './read-register.js';

const rowList = (rows: readonly number[]): string =>
  rows.length > 10 ? `${rows.slice(0, 10).join(', ')}, ...` : rows.join(', ');

/** A register import's warnings, one per code with the rows it concerns. */
export class Warnings {
  readonly #by = new Map<RegisterWarningCode, { message: string; rows: number[] }>();
  add(code: RegisterWarningCode, message: string, row: number): void {
    const w = this.#by.get(code);
    if (w) w.rows.push(row);
    else this.#by.set(code, { message, rows: [row] });
  }
  list(): RegisterWarning[] {
    return [...this.#by].map(([code, w]) => ({
      code,
      message: `${w.message} (${w.rows.length} row(s): ${rowList(w.rows)})`,
      rows: w.rows,
    }));
  }
}
