import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, parseCsvText } from './csv-text.js';

/** The reference: csv-parse with the options the register reader used before. */
function reference(text: string, delimiter: string): string[][] | 'error' {
  try {
    return parse(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, bom: true, trim: false });
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

describe('parseCsvText', () => {
  const cases: [string, string][] = [
    ['', ','],
    ['a', ','],
    ['a,b\n', ','],
    ['a,b\r\nc,d\r\n', ','],
    ['a,b\rc,d', ','],
    ['a,b\r\nc\nd,e\r\n', ','],
    ['a\nb\r\nc', ','],
    ['\n\n', ','],
    ['\r\n\r\n', ','],
    ['a,\n,b\n,', ','],
    ['a,', ','],
    [',', ','],
    ['"a,b","c""d"\n', ','],
    ['"a\nb",c\r\n"x\r\ny"', ','],
    ['"",""\n""', ','],
    ['"abc"def,g\n', ','],
    ['""abc,g', ','],
    ['ab"c,d"e\n', ','],
    ['"a" ,b', ','],
    ['"a"\r,b\r\nc', ','],
    ['"a', ','],
    ['a,"b\nc', ','],
    ['\ufeffName;Amount\n"x;y";1,5\n', ';'],
    ['sep=;\nA;B\n1;2', ';'],
    ['a\tb\t"c\td"\n', '\t'],
    ['a|b|\n|', '|'],
    ['"""",""""""\n', ','],
    ['"a""",b', ','],
    ['x,"a"""b",c', ','],
    ['Purchase Register\r\n\r\nVoucher,GSTIN,Amount\r\nP-1,27AAACB1234C1ZL,"1,23,456.00"\r\n,Grand Total,\r\n', ','],
  ];
  it.each(cases)('agrees with csv-parse on %j', (text, delimiter) => {
    expect(ours(text, delimiter)).toEqual(reference(text, delimiter));
  });

  it('agrees with csv-parse on generated text with quotes, delimiters and every line ending', () => {
    // A deterministic generator (no Math.random): a linear congruential sequence.
    let seed = 12345;
    const next = (k: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % k;
    };
    const alphabet = ['a', 'b', '1', ' ', ',', ';', '"', '"', '""', '\n', '\r', '\r\n', 'é', '₹'];
    for (let round = 0; round < 3000; round++) {
      const len = next(24);
      let text = '';
      for (let i = 0; i < len; i++) text += alphabet[next(alphabet.length)] ?? '';
      const delimiter = next(4) === 0 ? ';' : ',';
      expect(ours(text, delimiter), JSON.stringify(text)).toEqual(reference(text, delimiter));
    }
  });

  it('says where an unclosed quote starts', () => {
    expect(() => parseCsvText('a,b\n"c,d\ne', ',')).toThrow('a quoted cell opened on line 2 is never closed');
  });
});
