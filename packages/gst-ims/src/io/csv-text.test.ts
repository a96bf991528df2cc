import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, parseCsvText } from './csv-text.js';

/** The reference: one csv-parse call on the whole text, with every line ending. */
function reference(text: string, delimiter: string): string[][] | 'error' {
  try {
    return parse(text, {
      delimiter,
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      bom: true,
    });
  } catch {
    return 'error';
  }
}

function ours(text: string, delimiter: string): string[][] | 'error' {
  try {
    return parseCsvText(text, delimiter);
  } catch (e) {
    if (e instanceof CsvSyntaxError) return 'error';
    throw e;
  }
}

/** A cell as a careful writer puts it: quoted when it holds a delimiter, quote or line break. */
const writeCell = (cell: string, delimiter: string, quoteAnyway: boolean): string =>
  quoteAnyway || cell.includes(delimiter) || /["\r\n]/.test(cell) || cell.startsWith('\ufeff')
    ? `"${cell.replace(/"/g, '""')}"`
    : cell;

const ENDINGS = ['\r\n', '\n', '\r'] as const;

describe('parseCsvText', () => {
  it.each([
    ['', ',', []],
    ['a', ',', [['a']]],
    ['a,b\n', ',', [['a', 'b']]],
    [
      'a,b\r\nc,d\r\n',
      ',',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    [
      'a,b\rc,d',
      ',',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    // Mixed line endings: each one ends a record.
    ['a,b\r\nc\nd,e\r\n', ',', [['a', 'b'], ['c'], ['d', 'e']]],
    ['a\nb\r\nc\rd', ',', [['a'], ['b'], ['c'], ['d']]],
    ['\n\n', ',', [[''], ['']]],
    [
      'a,\n,b\n,',
      ',',
      [
        ['a', ''],
        ['', 'b'],
        ['', ''],
      ],
    ],
    ['"a,b","c""d"\n', ',', [['a,b', 'c"d']]],
    ['"a\nb",c\r\n"x\r\ny"', ',', [['a\nb', 'c'], ['x\r\ny']]],
    ['"abc"def,g\n', ',', [['"abc"def', 'g']]],
    ['ab"c,d"e\n', ',', [['ab"c', 'd"e']]],
    [
      '\ufeffName;Amount\n"x;y";1,5\n',
      ';',
      [
        ['Name', 'Amount'],
        ['x;y', '1,5'],
      ],
    ],
    ['a\tb\t"c\td"\n', '\t', [['a', 'b', 'c\td']]],
    [
      'Purchase Register\r\n\r\nVoucher,GSTIN,Amount\r\nP-1,27AAACB1234C1ZL,"1,23,456.00"\r\n,Grand Total,\r\n',
      ',',
      [
        ['Purchase Register'],
        [''],
        ['Voucher', 'GSTIN', 'Amount'],
        ['P-1', '27AAACB1234C1ZL', '1,23,456.00'],
        ['', 'Grand Total', ''],
      ],
    ],
  ])('reads %j', (text, delimiter, records) => {
    expect(parseCsvText(text, delimiter)).toEqual(records);
  });

  it('reads 40 rows written half CRLF, half LF as 40 rows (they once merged into one)', () => {
    const rows = Array.from(
      { length: 40 },
      (_, i) => `27AAACB1234C1ZL,INV-${i},05-04-2026,1000.00`,
    );
    const text =
      'GSTIN,Invoice No,Invoice Date,Taxable Value\r\n' +
      rows.slice(0, 20).join('\r\n') +
      '\r\n' +
      rows.slice(20).join('\n') +
      '\n';
    const records = parseCsvText(text, ',');
    expect(records).toHaveLength(41);
    expect(records.slice(1).map((r) => r[1])).toEqual(rows.map((_, i) => `INV-${i}`));
  });

  it('says in which row an unclosed quote starts, also below the title rows', () => {
    expect(() => parseCsvText('a,b\n"c,d\ne', ',')).toThrow(
      'row 2: a quoted cell opened there is never closed',
    );
    expect(() => parseCsvText('Title\nA,B\n1,2\n3,"4\n5,6', ',')).toThrow(
      'row 4: a quoted cell opened there is never closed',
    );
  });

  it('property: any table of strings written with proper quoting and any line endings reads back identical', () => {
    const cell = fc.string({
      unit: fc.constantFrom(
        'a',
        'Z',
        '1',
        ' ',
        ',',
        ';',
        '"',
        '\n',
        '\r',
        '\t',
        '=',
        'é',
        '₹',
        '\ufeff',
      ),
      maxLength: 8,
    });
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.tuple(cell, fc.boolean()), { minLength: 1, maxLength: 6 }), {
          minLength: 1,
          maxLength: 12,
        }),
        fc.array(fc.constantFrom(...ENDINGS), { minLength: 12, maxLength: 12 }),
        fc.constantFrom(',', ';', '\t'),
        fc.boolean(),
        (table, endings, delimiter, trailingEnding) => {
          const lines = table.map((r) =>
            r.map(([c, q]) => writeCell(c, delimiter, q)).join(delimiter),
          );
          let text = '';
          lines.forEach((l, i) => {
            const ending = i < lines.length - 1 || trailingEnding ? (endings[i] ?? '\n') : '';
            // A lone \r before an empty line ended by \n is \r\n, one line ending: no writer means two there.
            text +=
              l +
              (ending === '\r' && lines[i + 1] === '' && endings[i + 1] === '\n' ? '\r\n' : ending);
          });
          const records = table.map((r) => r.map(([c]) => c));
          // A last record of one empty cell with no line ending after it is no record at all.
          const expected =
            !trailingEnding && lines[lines.length - 1] === '' ? records.slice(0, -1) : records;
          expect(parseCsvText(text, delimiter)).toEqual(expected);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('property: plain rows keep their count whatever mix of line endings ends them', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...ENDINGS), { minLength: 1, maxLength: 200 }),
        (endings) => {
          const text = endings.map((e, i) => `27AAACB1234C1ZL,INV-${i},1000.00${e}`).join('');
          const records = parseCsvText(text, ',');
          expect(records.length).toBe(endings.length);
          expect(records.every((r, i) => r[1] === `INV-${i}`)).toBe(true);
        },
      ),
    );
  });

  it('property: reading title rows apart gives what one csv-parse pass gives, on any text', () => {
    const piece = fc.constantFrom(
      'a',
      'b',
      '1',
      ' ',
      ',',
      ';',
      '"',
      '""',
      '\n',
      '\r',
      '\r\n',
      'é',
      'Title\r\n',
      'x,y,z\n',
      'x,"y\nz",w\r\n',
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 60 }),
        fc.constantFrom(',', ';'),
        (pieces, delimiter) => {
          const text = pieces.join('');
          expect(ours(text, delimiter)).toEqual(reference(text, delimiter));
        },
      ),
      { numRuns: 1000 },
    );
  });
});
