import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Paise } from './money.js';
import { MONEY_NUMFMT, formatIndian, formatRs, paise } from './money.js';

describe('formatRs', () => {
  it('groups lakhs and crores as the screen does', () => {
    expect(
      [0, 5, 99_999, 3_474_962, 347_496_250, 1_234_567_890_12, -50_000].map((n) =>
        formatRs(paise(n)),
      ),
    ).toEqual([
      'Rs 0.00',
      'Rs 0.05',
      'Rs 999.99',
      'Rs 34,749.62',
      'Rs 34,74,962.50',
      'Rs 1,23,45,67,890.12',
      'Rs -500.00',
    ]);
  });
  it('is the grid\'s Indian grouping behind "Rs ", and reads back to the same paise', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), (n) => {
        const text = formatRs(n as Paise);
        expect(text).toBe(`Rs ${formatIndian(n as Paise)}`);
        const digits = text.slice(3).replace(/,/g, '').replace('.', '');
        expect(Number(digits)).toBe(n);
        // Groups of two left of the last three digits: never four digits in a row before the point.
        expect(/\d{4}/.test(text.slice(3).split('.')[0]!)).toBe(false);
      }),
    );
  });
});

describe('MONEY_NUMFMT', () => {
  it('is the Indian grouping code the issue names', () => {
    expect(MONEY_NUMFMT).toBe('#,##,##0.00');
  });
});
