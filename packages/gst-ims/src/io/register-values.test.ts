import { describe, expect, it } from 'vitest';
import { detectDelimiter, decodeText } from './register-source.js';
import {
  UncomputedFormula,
  cellText,
  detectDayMonthOrder,
  parseAmount,
  parseDocType,
  parsePlaceOfSupply,
  parseRegisterDate,
  plainPaise,
} from './register-values.js';

const amt = (c: string | number | null): number | string => {
  const r = parseAmount(c);
  return r.ok ? r.value : `bad: ${r.message}`;
};
const date = (c: string | number | Date | null, order: 'dmy' | 'mdy' = 'dmy'): string => {
  const r = parseRegisterDate(c, order);
  return r.ok ? r.value : 'bad';
};

describe('parseAmount', () => {
  it('reads plain amounts directly, to the value the general rules give', () => {
    // A leading space keeps a cell off the direct path: both paths must agree.
    const samples = [
      '0',
      '00',
      '7',
      '007.5',
      '1180',
      '1180.5',
      '1180.05',
      '99.99',
      '123456789012345',
      '123456789012345.67',
      '999999999999999',
      '90071992547409.91',
      '1234567890123456',
      '12.',
      '.12',
      '1.234',
    ];
    for (let i = 0; i < 500; i++)
      samples.push(
        `${(i * 7919) % 100000}.${String((i * 31) % 100).padStart(2, '0')}`,
        String(i * 104729),
      );
    for (const s of samples) expect(amt(s), s).toEqual(amt(` ${s}`));
  });

  it('plainPaise reads only plain amounts (the direct path of the register reader), to their value', () => {
    expect(plainPaise('1180')).toBe(118000);
    expect(plainPaise('1180.5')).toBe(118050);
    expect(plainPaise('1180.05')).toBe(118005);
    expect(plainPaise('007.5')).toBe(750);
    expect(plainPaise('0')).toBe(0);
    expect(plainPaise('12345678901234.56')).toBe(1234567890123456);
    // Anything else is left to parseAmount's general rules.
    for (const s of [
      '',
      ' 12',
      '12 ',
      '-12',
      '+12',
      '1,180',
      '12.',
      '.12',
      '1.234',
      '1.2.3',
      '12a',
      '1234567890123456',
      '123456789012345.67',
      '١٢',
    ])
      expect(plainPaise(s), s).toBeNull();
    // Where it reads a value, it is the general rules' value.
    for (let i = 0; i < 300; i++) {
      const s = `${(i * 7919) % 100000}.${String((i * 31) % 100).padStart(2, '0')}`;
      expect(plainPaise(s), s).toBe(amt(` ${s}`));
    }
  });

  it.each([
    ['1180', 118000],
    ['1180.5', 118050],
    ['1,180.50', 118050],
    ['1,23,456.00', 12345600],
    ['12,34,56,789.10', 123456789_10],
    ['1,234,567.89', 123456789],
    ['₹ 1,180.00', 118000],
    ['₹1180', 118000],
    ['Rs. 1,180.00', 118000],
    ['Rs 500', 50000],
    ['INR 500', 50000],
    ['(500.00)', -50000],
    ['(₹ 1,000)', -100000],
    ['-500', -50000],
    ['- 500.25', -50025],
    ['500-', -50000],
    ['1,180.00-', -118000],
    ['+12', 1200],
    ['.5', 50],
    ['12.340', 1234],
    ['1,180.500', 118050],
    ['', 0],
    ['-', 0],
    ['  ', 0],
  ])('%s -> %d paise', (text, paise) => {
    expect(amt(text)).toBe(paise);
  });

  it('reads numbers from spreadsheet cells without float drift, and tolerates arithmetic noise', () => {
    expect(amt(1180.1)).toBe(118010);
    expect(amt(0.29)).toBe(29);
    expect(amt(0.1 + 0.2)).toBe(30);
    expect(amt(1180 * 0.18)).toBe(21240);
    expect(amt(123456789012.34)).toBe(12345678901234);
    expect(amt(null)).toBe(0);
  });

  it.each<[string | number, string]>([
    ['12.345', 'AMOUNT_DECIMALS'],
    ['12.344', 'AMOUNT_DECIMALS'],
    ['1,180.001', 'AMOUNT_DECIMALS'],
    ['(1.005)', 'AMOUNT_DECIMALS'],
    [-1180.005, 'AMOUNT_DECIMALS'],
    [1234.56 * 0.09, 'AMOUNT_DECIMALS'],
    [123456789012.345, 'AMOUNT_DECIMALS'],
    ['1O0', 'BAD_AMOUNT'],
    [Number.NaN, 'BAD_AMOUNT'],
    [1e20, 'AMOUNT_TOO_LARGE'],
  ])('refuses %s with %s (more than 2 decimals: the IMS import rule)', (cell, code) => {
    const r = parseAmount(cell);
    expect(r.ok ? r.value : r.code).toBe(code);
    if (code === 'AMOUNT_DECIMALS' && !r.ok)
      expect(r.message).toBe('expected an amount in rupees with at most 2 decimals');
  });

  it('a formula without its value is no amount and no date', () => {
    const f = new UncomputedFormula('A1*2');
    expect(parseAmount(f)).toMatchObject({ ok: false, code: 'FORMULA_WITHOUT_VALUE' });
    expect(parseRegisterDate(f)).toMatchObject({ ok: false, code: 'FORMULA_WITHOUT_VALUE' });
    expect(cellText(f)).toBe('=A1*2');
  });

  it.each(['abc', '1,2', '12,34', '1.2.3', '12a', 'Dr 100', '(', '1,2345.00'])(
    'refuses %s',
    (text) => {
      expect(amt(text)).toMatch(/^bad/);
    },
  );
});

describe('parseRegisterDate', () => {
  it.each([
    ['05-04-2026', '2026-04-05'],
    ['05/04/2026', '2026-04-05'],
    ['05.04.2026', '2026-04-05'],
    ['5-4-2026', '2026-04-05'],
    ['5/4/26', '2026-04-05'],
    ['05-Apr-26', '2026-04-05'],
    ['05-Apr-2026', '2026-04-05'],
    ['5-APR-2026', '2026-04-05'],
    ['05 April 2026', '2026-04-05'],
    ['5-Sept-2026', '2026-09-05'],
    ['05Apr2026', '2026-04-05'],
    ['Apr 5, 2026', '2026-04-05'],
    ['2026-04-05', '2026-04-05'],
    ['2026/04/05', '2026-04-05'],
    ['2026-04-05T00:00:00Z', '2026-04-05'],
    ['2026-04-05 00:00:00', '2026-04-05'],
    ['05-04-2026 00:00:00', '2026-04-05'],
    ['20260405', '2026-04-05'],
    ['05042026', '2026-04-05'],
    ['46117', '2026-04-05'],
  ])('%s -> %s', (text, iso) => {
    expect(date(text)).toBe(iso);
  });

  it('reads Excel serial numbers and date cells by their UTC parts', () => {
    expect(date(46117)).toBe('2026-04-05');
    expect(date(46117.75)).toBe('2026-04-05');
    expect(date(new Date(Date.UTC(2026, 3, 5)))).toBe('2026-04-05');
    // float noise from a serial: a hair before midnight is still the next day
    expect(date(new Date(Date.UTC(2026, 3, 5) - 3))).toBe('2026-04-05');
    expect(date(new Date(Date.UTC(2026, 3, 5, 15, 30)))).toBe('2026-04-05');
  });

  it.each(['31-02-2026', '2026-13-01', '32/01/2026', 'yesterday', '05-Foo-2026', '', '1/2'])(
    'refuses %s',
    (text) => {
      expect(date(text)).toBe('bad');
    },
  );

  it('reads month first when the column does', () => {
    expect(date('04/05/2026', 'mdy')).toBe('2026-04-05');
    expect(detectDayMonthOrder(['04/05/2026', '04/25/2026'])).toBe('mdy');
    expect(detectDayMonthOrder(['04/05/2026', '25/04/2026'])).toBe('dmy');
    expect(detectDayMonthOrder(['04/05/2026', '04/25/2026', '25/04/2026'])).toBe('dmy');
    expect(detectDayMonthOrder(['04/05/2026'])).toBe('dmy');
  });
});

describe('parseDocType', () => {
  it.each([
    ['Purchase', '', 'invoice'],
    ['Tax Invoice', '', 'invoice'],
    ['Regular', '', 'invoice'],
    ['SEZ supplies with payment', '', 'invoice'],
    ['Credit Note', '', 'creditNote'],
    ['CREDIT', 'CDNR', 'creditNote'],
    ['DEBIT', 'CDNR', 'debitNote'],
    ['Debit Note', '', 'debitNote'],
    ['C', '', 'creditNote'],
    ['D', '', 'debitNote'],
    ['Purchase Return', '', 'creditNote'],
    ['', 'B2B', 'invoice'],
    ['', 'CDNR', null],
    ['', '', null],
    ['Journal', '', 'unknown'],
    ['', 'Raw material', null],
  ] as const)('%s / %s -> %s', (type, mode, expected) => {
    expect(parseDocType(type, mode)).toBe(expected);
  });
});

describe('parsePlaceOfSupply', () => {
  it.each([
    ['27', '27'],
    ['7', '07'],
    ['27-Maharashtra', '27'],
    ['27 - MAHARASHTRA', '27'],
    ['Maharashtra', '27'],
    ['Jammu & Kashmir', '01'],
    ['Tamil Nadu', '33'],
    ['Atlantis', null],
    ['55', null],
  ])('%s -> %s', (text, code) => {
    expect(parsePlaceOfSupply(text)).toBe(code);
  });
});

describe('decodeText and detectDelimiter', () => {
  const sample = 'GSTIN,Invoice No,Amount\n27AABCU9603R1ZN,"A,1",100\n';
  it('decodes UTF-8 with and without a BOM', () => {
    expect(decodeText(Buffer.from(sample, 'utf8'))).toEqual({ text: sample, encoding: 'utf-8' });
    expect(
      decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(sample)])),
    ).toEqual({ text: sample, encoding: 'utf-8 (BOM)' });
  });
  it('decodes UTF-16 LE and BE with a BOM, and LE without one', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('₹ Café\n', 'utf16le')]);
    expect(decodeText(le).text).toBe('₹ Café\n');
    const be = Buffer.from('₹ Café\n', 'utf16le').swap16();
    expect(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), be])).text).toBe('₹ Café\n');
    expect(decodeText(Buffer.from('GSTIN,Amount\n', 'utf16le'))).toEqual({
      text: 'GSTIN,Amount\n',
      encoding: 'utf-16le',
    });
  });
  it('falls back to Windows-1252 when the bytes are not UTF-8', () => {
    const bytes = Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0x80, 0x20, 0x96]); // "Café € –"
    expect(decodeText(bytes)).toEqual({ text: 'Café € –', encoding: 'windows-1252' });
  });
  it.each([
    [',', 'a,b,c\n1,"2,5",3\n4,5,6\n'],
    [';', 'Title only\na;b;c\n1;2,5;3\n4;5;6\n'],
    ['\t', 'a\tb\tc\n1\t2,5\t3\n'],
    ['|', 'a|b|c\n1|2,500.00|3\n4|5|6\n'],
    [';', 'sep=;\na,b;c\n1,5;2\n'],
  ])('detects %j', (d, text) => {
    expect(detectDelimiter(text)).toBe(d);
  });
});
