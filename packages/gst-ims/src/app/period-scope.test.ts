import { describe, expect, it } from 'vitest';
import { MEMOISED_READS, PLAIN_READS } from '../store/index.js';
import { PERIOD_BLIND_READS, PERIOD_NARROWED, PERIOD_REFUSED } from './period-scope.js';

describe('--period: every read of records is placed', () => {
  // A read of records left to the inner store shows every period: export upload --period once
  // planned from every period's candidates and refused its own plan.
  const READS_OF_RECORDS = /record|outline|candidate|matches|register/i;

  it('narrows, or leaves as it is on purpose, each store read that returns records', () => {
    const placed = new Set<string>([...PERIOD_NARROWED, ...PERIOD_BLIND_READS, ...PERIOD_REFUSED]);
    const reads = [...MEMOISED_READS, ...PLAIN_READS].filter((m) => READS_OF_RECORDS.test(m));
    expect(reads.length).toBeGreaterThan(10);
    expect(reads.filter((m) => !placed.has(m))).toEqual([]);
  });

  it('places no method twice', () => {
    const narrowed = new Set<string>(PERIOD_NARROWED);
    expect(PERIOD_BLIND_READS.filter((m) => narrowed.has(m))).toEqual([]);
    const refused = new Set<string>(PERIOD_REFUSED);
    expect([...PERIOD_NARROWED, ...PERIOD_BLIND_READS].filter((m) => refused.has(m))).toEqual([]);
  });
});
