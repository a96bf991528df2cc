import { describe, expect, it } from 'vitest';
import type { TableCell } from './register-tables.js';
import { csvChunks, toCsv } from './register-tables.js';

/**
 * The quoting rule as first written: quote, comma, line break, or text trim() would change; text
 * a spreadsheet would run as a formula gets a quote in front first (csv-cell.ts).
 */
const reference = (v: TableCell): string => {
  if (v === null) return '';
  const s = typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : String(v);
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
};

describe('toCsv', () => {
  it('quotes exactly the cells that need it', () => {
    const cells: TableCell[] = [
      null,
      '',
      'plain',
      'a,b',
      'say "hi"',
      'two\nlines',
      'cr\r',
      ' lead',
      'trail ',
      '\tx',
      'x\u00a0',
      '\u2003x',
      '\ufeffx',
      'x\u2028',
      'in side',
      '₹ 1,180.00',
      '=1+1',
      '-5',
      '\rcr',
      '@A1',
      '+91',
      0,
      -12.5,
      1e21,
      NaN,
      true,
      false,
    ];
    const t = toCsv({ sheetName: 's', columns: ['a', 'b c', ' d'], rows: [cells, [], ['only']] });
    const expected =
      [['a', 'b c', ' d'], cells, [], ['only']]
        .map((r) => r.map(reference).join(','))
        .join('\r\n') + '\r\n';
    expect(t).toBe(expected);
  });

  it('writes the preamble and a byte-order mark when asked', () => {
    expect(
      toCsv({
        sheetName: 's',
        columns: ['x'],
        rows: [[1]],
        preamble: ['Dear A,', 'please'],
        bom: true,
      }),
    ).toBe('\ufeff"Dear A,"\r\nplease\r\n\r\nx\r\n1\r\n');
  });

  it('writes many rows from a generator in pieces that join to the whole text', () => {
    const rows = Array.from({ length: 4500 }, (_, i): TableCell[] => [
      i,
      `r${i}`,
      i % 7 === 0 ? 'a,b' : null,
    ]);
    const gen = function* (): Generator<TableCell[]> {
      yield* rows;
    };
    const whole =
      '\ufeffn,t,x\r\n' + rows.map((r) => r.map(reference).join(',')).join('\r\n') + '\r\n';
    const pieces = [
      ...csvChunks({ sheetName: 's', columns: ['n', 't', 'x'], rows: gen(), bom: true }),
    ];
    expect(pieces.length).toBe(3);
    expect(pieces.join('')).toBe(whole);
    expect(toCsv({ sheetName: 's', columns: ['n', 't', 'x'], rows, bom: true })).toBe(whole);
    expect(toCsv({ sheetName: 's', columns: [], rows: [] })).toBe('\r\n');
  });
});
