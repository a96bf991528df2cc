// A job's progress counts records, each once (issue 18): the two phases' work scaled to the
// records matched, never past them, reaching them exactly at the end of the writing.
import { describe, expect, it } from 'vitest';
import type { JobWork } from './job-routes.js';
import { recordsDone } from './job-routes.js';

/** The progress a job of `matched` records reports, batch by batch, every change kept. */
function run(matched: number, changeEvery: number, batch: number): number[] {
  const seen: number[] = [];
  let shown = 0;
  const report = (w: JobWork): void => {
    shown = Math.max(shown, recordsDone(w));
    seen.push(shown);
  };
  let changes = 0;
  for (let checked = batch; checked < matched + batch; checked += batch) {
    const c = Math.min(checked, matched);
    changes = Math.floor(c / changeEvery);
    report({ matched, checked: c, changes, written: 0 });
  }
  for (let written = batch; written < changes + batch; written += batch)
    report({ matched, checked: matched, changes, written: Math.min(written, changes) });
  return seen;
}

describe('recordsDone', () => {
  it('counts 118 records as 118, not the 236 units of both phases', () => {
    const seen = run(118, 1, 50);
    expect(seen.at(-1)).toBe(118);
    expect(Math.max(...seen)).toBe(118);
    // Halfway through the work (every record checked, nothing written yet) is half the records.
    expect(recordsDone({ matched: 118, checked: 118, changes: 118, written: 0 })).toBe(59);
  });

  it('moves on while checking and never goes back, whatever share of the records changes', () => {
    for (const every of [1, 2, 7, 1000]) {
      const seen = run(10_000, every, 997);
      expect(seen[0]).toBeGreaterThan(0);
      for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]!);
      expect(seen.at(-1)).toBe(10_000);
    }
  });

  it('is done once checked when nothing is to change, and 0 before anything', () => {
    expect(recordsDone({ matched: 500, checked: 500, changes: 0, written: 0 })).toBe(500);
    expect(recordsDone({ matched: 500, checked: 0, changes: 0, written: 0 })).toBe(0);
    expect(recordsDone({ matched: 0, checked: 0, changes: 0, written: 0 })).toBe(0);
  });
});
