import { describe, expect, it } from 'vitest';
import { defaultPeriod, periodLabel } from './period-label.js';

describe('periodLabel', () => {
  it('writes MMYYYY as the month in words and the year', () => {
    expect(['012026', '092026', '102026', '122030'].map(periodLabel)).toEqual([
      'Jan 2026',
      'Sep 2026',
      'Oct 2026',
      'Dec 2030',
    ]);
  });
  it('gives back what is no return period, unchanged', () => {
    expect(['', '002026', '132026', '10-2026', '1020261', 'Oct 2026'].map(periodLabel)).toEqual([
      '',
      '002026',
      '132026',
      '10-2026',
      '1020261',
      'Oct 2026',
    ]);
  });
});

describe('defaultPeriod', () => {
  const periods = ['122026', '112026', '102026', '092026'];
  it('takes the worked period when the list holds it, even when newer periods exist', () => {
    expect(defaultPeriod(periods, '102026')).toBe('102026');
  });
  it('falls back to the newest when the worked period is unknown or not in the list', () => {
    expect(defaultPeriod(periods, null)).toBe('122026');
    expect(defaultPeriod(periods, '012025')).toBe('122026');
  });
  it('has nothing to offer for an empty list', () => {
    expect(defaultPeriod([], '102026')).toBeNull();
  });
});
