import { describe, expect, it } from 'vitest';
import type { MatchReason } from '../register.js';
import {
  MATCH_REASON_CODES,
  MATCH_REASON_WORDS,
  describeMatchReason,
  matchReasonForSupplier,
} from './match-reasons.js';

describe('match reason words', () => {
  it('has words for every code, and no code twice', () => {
    expect(new Set(MATCH_REASON_CODES).size).toBe(MATCH_REASON_CODES.length);
    expect(Object.keys(MATCH_REASON_WORDS).sort()).toEqual([...MATCH_REASON_CODES].sort());
    for (const code of MATCH_REASON_CODES) {
      const w = describeMatchReason({ code, value: '1' });
      expect(w, code).not.toBe('');
      expect(w, code).not.toBe(`${code}:1`);
    }
  });

  it('says money and date differences to both, with the side that is higher', () => {
    const taxable: MatchReason = { code: 'taxableDiff', value: '500.00' };
    expect(describeMatchReason(taxable)).toBe(
      'taxable value differs by Rs 500.00 (our books higher)',
    );
    expect(matchReasonForSupplier({ code: 'cgstDiff', value: '-0.40' })).toBe(
      'CGST differs by Rs 0.40 (portal higher)',
    );
    // Grouped as on screen (issue 14): not "Rs 3474962.50" beside "34,74,962.50".
    expect(describeMatchReason({ code: 'igstDiff', value: '-3474962.5' })).toBe(
      'IGST differs by Rs 34,74,962.50 (portal higher)',
    );
    expect(describeMatchReason({ code: 'taxableDiff2b', value: '12345.00' })).toBe(
      'taxable value in the 2B differs by Rs 12,345.00 (2B higher)',
    );
    expect(describeMatchReason({ code: 'dateDiff', value: -3 })).toBe('date differs by 3 day(s)');
    // Periods in words, as the web's period switcher names them.
    expect(describeMatchReason({ code: 'notIn2b', value: '102026' })).toBe(
      'not in the GSTR-2B of Oct 2026 yet',
    );
    expect(describeMatchReason({ code: 'dateDiff', value: 0 })).toBe('same date');
    expect(matchReasonForSupplier({ code: 'dateDiff', value: 0 })).toBeNull();
  });

  it('keeps how we paired from the supplier, and tells the person more', () => {
    expect(matchReasonForSupplier({ code: 'manualLink' })).toBeNull();
    expect(matchReasonForSupplier({ code: 'numberExact' })).toBeNull();
    expect(matchReasonForSupplier({ code: 'numberConfusable' })).toBe(
      'document number written differently',
    );
    expect(describeMatchReason({ code: 'numberConfusable' })).toContain('look-alike');
    expect(describeMatchReason({ code: 'amendedBy', value: 'K2' })).toBe(
      'amended by a later record (K2)',
    );
  });

  it('falls back to the code for a reason stored by another version', () => {
    const old = { code: 'retiredReason', value: 2 } as unknown as MatchReason;
    expect(describeMatchReason(old)).toBe('retiredReason:2');
    expect(matchReasonForSupplier(old)).toBeNull();
  });
});
