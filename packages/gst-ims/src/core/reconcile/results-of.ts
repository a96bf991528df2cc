import type { MatchReason, MatchResult } from '../register.js';
import type { EngineState } from './engine-state.js';
import type { Doc, Rec } from './prepare.js';
import { chainKey } from './prepare.js';
import { reasonsOf } from './reasons-of.js';

/** Originals left alone while an amendment of theirs was paired: chain key -> amendment key. */
function amendedByOf(state: EngineState): Map<string, string> {
  const amendedBy = new Map<string, string>();
  for (const p of state.pairOfRec) {
    if (!p) continue;
    const rec = state.recs[p.e.r] as Rec;
    for (const anc of rec.ancestors) {
      const k = chainKey(rec, anc.folded);
      const prev = amendedBy.get(k);
      if (prev === undefined || rec.key < prev) amendedBy.set(k, rec.key);
    }
  }
  return amendedBy;
}

function unpairedDocResult(state: EngineState, doc: Doc): MatchResult {
  if (doc.outside !== null) {
    return {
      recordKey: null,
      registerRef: doc.ref,
      outcome: 'notInIms',
      score: 0,
      reasons: [{ code: doc.outside }],
      manual: false,
    };
  }
  return {
    recordKey: null,
    registerRef: doc.ref,
    outcome: 'missingInPortal',
    score: 0,
    reasons: state.excluded.has(doc.j) ? [{ code: 'excluded' }] : [],
    manual: false,
  };
}

/**
 * One result per record in input order, then the unpaired register documents in input order.
 */
export function resultsOf(state: EngineState): MatchResult[] {
  const { recs, docs, pairOfRec, pairOfDoc } = state;
  const amendedBy = amendedByOf(state);
  const out: MatchResult[] = [];
  for (const rec of recs) {
    const p = pairOfRec[rec.i];
    if (p) {
      const doc = docs[p.e.d] as Doc;
      out.push({
        recordKey: rec.key,
        registerRef: doc.ref,
        outcome: p.e.outcome,
        score: p.e.score,
        reasons: reasonsOf(p.e, rec, doc, p.manual),
        manual: p.manual,
      });
    } else {
      const reasons: MatchReason[] = [];
      const by = amendedBy.get(chainKey(rec, rec.own.folded));
      if (by !== undefined && by !== rec.key) reasons.push({ code: 'amendedBy', value: by });
      out.push({
        recordKey: rec.key,
        registerRef: null,
        outcome: 'missingInRegister',
        score: 0,
        reasons,
        manual: false,
      });
    }
  }
  for (const doc of docs) if (!pairOfDoc[doc.j]) out.push(unpairedDocResult(state, doc));
  return out;
}
