// Explanations: why a record (or books document) matched as it did, or why its nearest
// candidates did not. Pure.
import { UsageError } from '../errors.js';
import type { MatchResult } from '../register.js';
import type { ExplainCandidate } from './describe-pair.js';
import { describePair } from './describe-pair.js';
import type { EngineState } from './engine-state.js';
import type { ReconcileInput } from './reconcile-input.js';
import { resultsOf } from './results-of.js';
import { runEngine } from './run-engine.js';

export type { ExplainCandidate } from './describe-pair.js';

export type ExplainTarget = { readonly recordKey: string } | { readonly registerRef: string };

export interface Explanation {
  readonly result: MatchResult;
  readonly candidates: ExplainCandidate[];
}

/** Books documents of the record's PAN, and of other suppliers with one of its normalised numbers. */
function recordCandidates(
  state: EngineState,
  input: ReconcileInput,
  recordKey: string,
): ExplainCandidate[] {
  const rec = state.recs.find((r) => r.key === recordKey);
  if (!rec) throw new UsageError(`explain: no portal record with key "${recordKey}"`);
  const norms = new Set(
    [rec.own.norm, ...rec.ancestors.map((a) => a.norm)].filter((s) => s !== ''),
  );
  const found: ExplainCandidate[] = [];
  for (const doc of state.docs) {
    if (doc.pan !== rec.pan && !norms.has(doc.own.norm)) continue;
    found.push(describePair(state, rec, doc, input.tolerances, true));
  }
  return found;
}

/** Portal records of the document's PAN, and of other suppliers with its normalised number. */
function documentCandidates(
  state: EngineState,
  input: ReconcileInput,
  registerRef: string,
): ExplainCandidate[] {
  const doc = state.docs.find((d) => d.ref === registerRef);
  if (!doc) throw new UsageError(`explain: no register document with ref "${registerRef}"`);
  const found: ExplainCandidate[] = [];
  for (const rec of state.recs) {
    if (
      rec.pan !== doc.pan &&
      rec.own.norm !== doc.own.norm &&
      !rec.ancestors.some((a) => a.norm === doc.own.norm)
    )
      continue;
    found.push(describePair(state, rec, doc, input.tolerances, false));
  }
  return found;
}

/**
 * Why a record (or register document) matched as it did, or why its nearest candidates did not.
 * Candidates: the partner first, then up to `limit` nearest others of the same PAN, plus books
 * or portal documents of other suppliers with the same normalised number.
 */
export function explainRecord(
  input: ReconcileInput,
  target: ExplainTarget,
  limit = 5,
): Explanation {
  const state = runEngine(input);
  const results = resultsOf(state);
  const byRecord = 'recordKey' in target;
  const result = byRecord
    ? results.find((r) => r.recordKey === target.recordKey)
    : results.find((r) => r.registerRef === target.registerRef);
  const found = byRecord
    ? recordCandidates(state, input, target.recordKey)
    : documentCandidates(state, input, target.registerRef);
  // Every record and document has a result, so a target found above has one.
  if (!result) throw new UsageError('explain: no such record or register document');
  const partner = byRecord ? result.registerRef : result.recordKey;
  found.sort((a, b) => {
    const pa = a.other === partner ? 1 : 0;
    const pb = b.other === partner ? 1 : 0;
    if (pa !== pb) return pb - pa;
    if (a.score !== b.score) return b.score - a.score;
    return a.other < b.other ? -1 : a.other > b.other ? 1 : 0;
  });
  return { result, candidates: found.slice(0, Math.max(0, limit)) };
}
