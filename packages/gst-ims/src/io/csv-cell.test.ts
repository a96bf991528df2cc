import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvLines, neutraliseFormula } from './csv-cell.js';
import { parseCsvText } from './csv-text.js';

describe('neutraliseFormula', () => {
  it.each([
    ['=HYPERLINK("http://evil.example/x","click")', `'=HYPERLINK("http://evil.example/x","click")`],
    ['=1+1', "'=1+1"],
    ['+91 98200 00000', "'+91 98200 00000"],
    ['-2+3', "'-2+3"],
    ['-12.50', "'-12.50"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\tTAB', "'\tTAB"],
    ['\rCR', "'\rCR"],
    ['\uff1d1+1', "'\uff1d1+1"],
    ['\uff20A1', "'\uff20A1"],
  ])('puts a quote before %j', (text, out) => {
    expect(neutraliseFormula(text)).toBe(out);
  });

  it.each(['Bharat Steel', 'INV-1', 'a=b', ' =1+1', '', "'=1", '12.50', '₹ -5'])(
    'leaves %j as it is',
    (text) => {
      expect(neutraliseFormula(text)).toBe(text);
    },
  );
});

describe('csvLines', () => {
  it('neutralises text cells, quotes by RFC 4180, and leaves numbers and tool-formatted amounts alone', () => {
    const text = csvLines(
      [
        ['=1+1', '-12.50', '-12.50', -12.5, '=1+1', 'a,"b"', '\rCR', null, true],
        ['x', '7', '1,180.00', 0, '-1e3', '', 'y', '', false],
      ],
      { amountColumns: new Set([2, 4]) },
    );
    expect(text).toBe(
      `'=1+1,'-12.50,-12.50,-12.5,'=1+1,"a,""b""","'\rCR",,true\r\n` +
        `x,7,"1,180.00",0,'-1e3,,y,,false\r\n`,
    );
  });

  it('writes nothing for no rows', () => {
    expect(csvLines([])).toBe('');
  });

  it('property: what it writes reads back (csv-text.ts) as the cells, each text cell neutralised', () => {
    const cell = fc.oneof(
      fc.string({
        unit: fc.constantFrom(
          'a',
          '1',
          ' ',
          ',',
          '"',
          '\n',
          '\r',
          '\t',
          '=',
          '+',
          '-',
          '@',
          '\uff1d',
          'é',
          "'",
        ),
        maxLength: 8,
      }),
      fc.integer({ min: -1_000_000, max: 1_000_000 }),
      fc.constant(null),
    );
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 2, maxLength: 6 }), { minLength: 1, maxLength: 10 }),
        (rows) => {
          const back = parseCsvText(csvLines(rows), ',');
          expect(back).toEqual(
            rows.map((r) =>
              r.map((c) =>
                c === null ? '' : typeof c === 'string' ? neutraliseFormula(c) : String(c),
              ),
            ),
          );
          // No cell read back starts a formula.
          for (const r of back)
            for (const c of r)
              expect(/^[=+@\t\r\uff1d]/.test(c) || (c.startsWith('-') && !/^-\d+$/.test(c))).toBe(
                false,
              );
        },
      ),
      { numRuns: 500 },
    );
  });
});
