import { describe, expect, it } from 'vitest';
import type { IsoDate } from './dates.js';
import {
  confusableDocNumber,
  docNumberKeys,
  foldDocNumber,
  normaliseDocNumber,
  tokensOf,
} from './normalise-doc-number.js';

const FY2526 = '2025-10-01' as IsoDate;
const n = (raw: string, date: IsoDate | undefined = FY2526): string =>
  normaliseDocNumber(raw, date);

describe('foldDocNumber (the exact comparison)', () => {
  it('trims and folds case, nothing else', () => {
    expect(foldDocNumber('  inv-5 ')).toBe('INV-5');
    expect(foldDocNumber('INV-5')).toBe(foldDocNumber('inv-5'));
    expect(foldDocNumber('INV/5')).not.toBe(foldDocNumber('INV-5'));
    expect(foldDocNumber('INV-0005')).not.toBe(foldDocNumber('INV-5'));
  });
});

describe('tokensOf', () => {
  it('splits at separators and at letter/digit boundaries', () => {
    expect(tokensOf(' inv/0045a#x_y ')).toEqual([
      { text: 'INV', digits: false },
      { text: '0045', digits: true },
      { text: 'A', digits: false },
      { text: 'X', digits: false },
      { text: 'Y', digits: false },
    ]);
    expect(tokensOf('')).toEqual([]);
    expect(tokensOf('/-. ')).toEqual([]);
  });

  it('keeps non-ASCII letters as letters', () => {
    expect(tokensOf('बिल-12')).toEqual([
      { text: 'बिल', digits: false },
      { text: '12', digits: true },
    ]);
  });
});

describe('normaliseDocNumber', () => {
  it('folds case (IC misses "inv-5" vs "INV-5")', () => {
    expect(n('inv-5')).toBe(n('INV-5'));
    expect(n('Inv-5')).toBe('INV5');
  });

  it('removes punctuation and spaces: / - . _ # \\ and whitespace', () => {
    const same = [
      'INV/45',
      'INV-45',
      'INV.45',
      'INV_45',
      'INV#45',
      'INV\\45',
      'INV 45',
      ' INV45 ',
      'INV - 45',
      'INV,45',
      'INV:45',
      '(INV)45',
    ];
    for (const s of same) expect(n(s), s).toBe('INV45');
  });

  it('strips zero padding inside every numeric part', () => {
    expect(n('TI/0045')).toBe(n('TI/45'));
    expect(n('0001234')).toBe(n('1234'));
    expect(n('0001234')).toBe('1234');
    expect(n('SGT/00123/A/007')).toBe(n('SGT/123/A/7'));
    expect(n('INV-000')).toBe('INV0');
    expect(n('0')).toBe('0');
  });

  it('keeps two adjacent numbers apart, so no digits move between parts', () => {
    expect(n('1-23')).not.toBe(n('12-3'));
    expect(n('1/5')).not.toBe(n('15'));
    expect(n('INV/1/23')).toBe('INV1-23');
    expect(n('A-100')).not.toBe(n('A-1000'));
  });

  it('never equates one number merely containing another (1 / 12 / 123)', () => {
    const keys = [
      'INV-1',
      'INV-12',
      'INV-123',
      'INV-0012',
      '456',
      '456-1',
      '456-2',
      'GST/23-24/1234',
      '1234',
    ].map((s) => n(s, '2023-10-23' as IsoDate));
    expect(keys).toEqual([
      'INV1',
      'INV12',
      'INV123',
      'INV12',
      '456',
      '456-1',
      '456-2',
      'GST1234',
      '1234',
    ]);
    expect(new Set(keys.filter((_, i) => i !== 3)).size).toBe(8); // only INV-12 = INV-0012
    expect(n('BILL-23-00040', '2023-12-11' as IsoDate)).not.toBe(
      n('BILL-23-00045', '2023-12-11' as IsoDate),
    );
    expect(n('TI/0045/23-24', '2023-12-11' as IsoDate)).not.toBe(
      n('TI/0046/23-24', '2023-12-11' as IsoDate),
    );
  });

  describe('fiscal-year tokens', () => {
    const spellings = [
      'INV/2025-2026/45',
      'INV/2025/2026/45',
      'INV/2025-26/45',
      'INV/2025/26/45',
      'INV/25-26/45',
      'INV/25/26/45',
      'INV 25 26 45',
      'INV/2526/45',
      'INV/202526/45',
      'INV/20252026/45',
      'INV/FY25-26/45',
      'INV/FY 2025-26/45',
      'INV/FY2025-26/45',
      'INV/FY2526/45',
      'INV/FY26/45',
      'INV-45-25-26',
      '25-26/INV/45',
      'INV/45',
      'INV45',
    ];
    it('removes every spelling of the document FY, with or without separators', () => {
      for (const s of spellings) expect(n(s), s).toBe('INV45');
    });

    it('removes the adjacent fiscal years too (series renamed late, dates across 1 April)', () => {
      expect(n('INV/24-25/45')).toBe('INV45');
      expect(n('INV/2627/45')).toBe('INV45');
      expect(n('INV/23-24/45')).toBe('INV23-24-45'); // two years away: kept
    });

    it('removes a compact FY at a letter boundary but never inside a digit run', () => {
      expect(n('SI2526/0045')).toBe('SI45');
      expect(n('2526SGT00123')).toBe('SGT123');
      expect(n('SI25260045')).toBe('SI25260045');
    });

    it('never eats the serial: a FY-looking number that is the only number stays', () => {
      expect(n('INV2526')).toBe('INV2526');
      expect(n('2526')).toBe('2526');
      expect(n('25-26')).toBe('25-26');
      expect(n('FY25-26')).toBe('FY25-26');
      expect(n('INV2526')).not.toBe(n('INV'));
      // With another number present, the FY-looking part is taken for the FY.
      expect(n('INV/2526/7')).toBe('INV7');
    });

    it('without a date removes only separated consecutive years and FY-prefixed forms', () => {
      expect(normaliseDocNumber('INV/2025-26/45')).toBe('INV45');
      expect(normaliseDocNumber('INV/25-26/45')).toBe('INV45');
      expect(normaliseDocNumber('INV/FY2526/45')).toBe('INV45');
      expect(normaliseDocNumber('INV/2526/45')).toBe('INV2526-45'); // a bare 2526 may be a serial
      expect(normaliseDocNumber('INV/25-27/45')).toBe('INV25-27-45'); // not consecutive
    });

    it('handles IC cases fixed in PR #3328 (FY with and without separators)', () => {
      const d = '2023-12-11' as IsoDate;
      expect(n('BILL-2324-50', d)).toBe(n('BILL-23-24-50', d));
      expect(n('INV/2023-24/001', d)).toBe(n('INV-001', d));
      expect(n('GST/23-24/1234', d)).toBe('GST1234');
    });
  });

  it('handles empty and separator-only numbers', () => {
    expect(n('')).toBe('');
    expect(n('  / - ')).toBe('');
  });
});

describe('confusableDocNumber', () => {
  it('maps O/0 and I/L/1 look-alikes and re-strips padding', () => {
    expect(confusableDocNumber('INV-O045', FY2526)).toBe(confusableDocNumber('INV-0045', FY2526));
    expect(confusableDocNumber('INV-I23', FY2526)).toBe(confusableDocNumber('INV-123', FY2526));
    expect(confusableDocNumber('INV-l23', FY2526)).toBe(confusableDocNumber('INV-123', FY2526));
    expect(normaliseDocNumber('INV-O045', FY2526)).not.toBe(normaliseDocNumber('INV-0045', FY2526));
  });

  it('removes FY tokens on real digits only, before the mapping', () => {
    expect(confusableDocNumber('INV2526', FY2526)).toBe('1NV2526');
    expect(confusableDocNumber('SI2526/0045', FY2526)).toBe('S145');
  });
});

describe('docNumberKeys', () => {
  it('gives all three keys consistently with the single functions', () => {
    for (const s of ['INV/2025-26/0045', 'inv-o45', '0001234', 'SI2526/0045', '']) {
      expect(docNumberKeys(s, FY2526)).toEqual({
        folded: foldDocNumber(s),
        norm: normaliseDocNumber(s, FY2526),
        conf: confusableDocNumber(s, FY2526),
      });
    }
  });
});
