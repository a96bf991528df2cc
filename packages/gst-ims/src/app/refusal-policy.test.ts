import { describe, expect, it } from 'vitest';
import { stoppedByRefusals, writesChanges } from './refusal-policy.js';

describe('refusal policy', () => {
  it('writes nothing when any record is refused, unless the refused are skipped', () => {
    expect(writesChanges({ refused: 1, changes: 5 }, {})).toBe(false);
    expect(writesChanges({ refused: 1, changes: 5 }, { skipRefused: true })).toBe(true);
    expect(writesChanges({ refused: 0, changes: 5 }, {})).toBe(true);
  });

  it('writes nothing on a dry run or with nothing to change', () => {
    expect(writesChanges({ refused: 0, changes: 5 }, { dryRun: true })).toBe(false);
    expect(writesChanges({ refused: 0, changes: 0 }, {})).toBe(false);
    expect(writesChanges({ refused: 2, changes: 0 }, { skipRefused: true })).toBe(false);
  });

  it('says refusals stopped a real run that changed nothing', () => {
    const refused = [{ recordKey: 'k' }];
    expect(stoppedByRefusals({ refused, applied: false }, {})).toBe(true);
    expect(stoppedByRefusals({ refused, applied: false }, { dryRun: true })).toBe(false);
    expect(stoppedByRefusals({ refused, applied: true }, { skipRefused: true })).toBe(false);
    expect(stoppedByRefusals({ refused: [], applied: false }, {})).toBe(false);
  });
});
