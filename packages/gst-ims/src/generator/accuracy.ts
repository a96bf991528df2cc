// The accuracy harness's arithmetic (issues 3 and 13): the engine's results against the
// generator's known truth, overall and per case. Pure; used by the unit test (10,000 records)
// and by bench/accuracy.mjs (100,000).
//
// Definitions. A predicted pair is a result naming both a record and a register ref; a true pair
// a truth entry naming both. precision = correct predicted pairs / predicted pairs; recall =
// correct predicted pairs / true pairs; outcome agreement = truth entries whose result has the
// expected outcome and (for records) the expected register ref / all truth entries.
// Per case, pairs count under the case of the record they name, and agreement under each truth
// entry's own case.
import type { MatchResult } from '../core/register.js';
import type { RegisterTruth } from './generate-register.js';

export interface AccuracyFigures {
  readonly case: string;
  /** Truth entries of the case. */
  readonly entries: number;
  readonly truePairs: number;
  readonly predictedPairs: number;
  readonly correctPairs: number;
  readonly agreeing: number;
  /** 1 when nothing was predicted (no wrong pair). */
  readonly precision: number;
  /** 1 when the case has no true pair. */
  readonly recall: number;
  readonly agreement: number;
}

export interface AccuracyReport {
  readonly overall: AccuracyFigures;
  /** By case name, sorted. */
  readonly cases: AccuracyFigures[];
}

interface Tally {
  entries: number;
  truePairs: number;
  predictedPairs: number;
  correctPairs: number;
  agreeing: number;
}

const empty = (): Tally => ({
  entries: 0,
  truePairs: 0,
  predictedPairs: 0,
  correctPairs: 0,
  agreeing: 0,
});

const figures = (name: string, t: Tally): AccuracyFigures => ({
  case: name,
  ...t,
  precision: t.predictedPairs === 0 ? 1 : t.correctPairs / t.predictedPairs,
  recall: t.truePairs === 0 ? 1 : t.correctPairs / t.truePairs,
  agreement: t.entries === 0 ? 1 : t.agreeing / t.entries,
});

export function accuracyByCase(
  results: readonly MatchResult[],
  truth: readonly RegisterTruth[],
): AccuracyReport {
  const byKey = new Map<string, MatchResult>();
  const byRef = new Map<string, MatchResult>();
  for (const r of results) {
    if (r.recordKey !== null) byKey.set(r.recordKey, r);
    if (r.registerRef !== null) byRef.set(r.registerRef, r);
  }
  const caseOfKey = new Map<string, string>();
  const truePairOf = new Map<string, string>();
  for (const t of truth) {
    if (t.recordKey === null) continue;
    caseOfKey.set(t.recordKey, t.case);
    if (t.registerRef !== null) truePairOf.set(t.recordKey, t.registerRef);
  }
  const all = empty();
  const tallies = new Map<string, Tally>();
  const tally = (name: string): Tally => {
    let t = tallies.get(name);
    if (!t) {
      t = empty();
      tallies.set(name, t);
    }
    return t;
  };
  for (const t of truth) {
    const c = tally(t.case);
    c.entries++;
    all.entries++;
    if (t.recordKey !== null && t.registerRef !== null) {
      c.truePairs++;
      all.truePairs++;
    }
    const r = t.recordKey !== null ? byKey.get(t.recordKey) : byRef.get(t.registerRef ?? '');
    const agrees =
      r !== undefined &&
      r.outcome === t.expected &&
      (t.recordKey === null ? r.recordKey === null : r.registerRef === t.registerRef);
    if (agrees) {
      c.agreeing++;
      all.agreeing++;
    }
  }
  for (const r of results) {
    if (r.recordKey === null || r.registerRef === null) continue;
    const c = tally(caseOfKey.get(r.recordKey) ?? 'unknown');
    const correct = truePairOf.get(r.recordKey) === r.registerRef;
    c.predictedPairs++;
    all.predictedPairs++;
    if (correct) {
      c.correctPairs++;
      all.correctPairs++;
    }
  }
  const cases = [...tallies]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([name, t]) => figures(name, t));
  return { overall: figures('all', all), cases };
}

const pct = (x: number): string => `${(100 * x).toFixed(2)} %`;

/** The report as a plain-text table, one line per case, the overall line last. */
export function formatAccuracy(report: AccuracyReport): string {
  const rows = [...report.cases, report.overall].map((f) =>
    [
      f.case.padEnd(16),
      String(f.entries).padStart(8),
      String(f.truePairs).padStart(8),
      String(f.predictedPairs).padStart(9),
      pct(f.precision).padStart(10),
      pct(f.recall).padStart(10),
      pct(f.agreement).padStart(10),
    ].join(' '),
  );
  const head = [
    'case'.padEnd(16),
    'entries'.padStart(8),
    'pairs'.padStart(8),
    'predicted'.padStart(9),
    'precision'.padStart(10),
    'recall'.padStart(10),
    'agreement'.padStart(10),
  ].join(' ');
  return [head, ...rows].join('\n');
}
