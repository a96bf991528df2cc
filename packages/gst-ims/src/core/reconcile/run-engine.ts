// The assignment engine: the phases in order (PHASES in core/reconcile.ts), each generating
// candidates among what earlier phases left and taking them greedily. Pure.
import type { Tolerances } from '../register.js';
import { BlockIndex } from './block-index.js';
import type { Engine, EngineState } from './engine-state.js';
import {
  createEngine,
  isFree,
  leftoverDocs,
  link,
  freeCompatible,
  scanAll,
  take,
} from './engine-state.js';
import type { PairEvaluation } from './evaluate-pair.js';
import { evaluatePair, numberEvidenceOf } from './evaluate-pair.js';
import { gstinTypo, mayBeMistyped, portalGstinsOf, typoPair } from './gstin-typo.js';
import type { Indexes } from './number-candidates.js';
import type { Doc, Rec } from './prepare.js';
import { confOf } from './prepare.js';
import type { ReconcileInput } from './reconcile-input.js';

/** Runs every phase; the state says who paired with whom and why the rest did not. */
export function runEngine(input: ReconcileInput): EngineState {
  const s = createEngine(input);
  manualPhase(s, input);
  const otherYear = numberPhase(s);
  confusablePhase(s);
  // Phase 2: another fiscal year, dates within the window: mismatch (fiscalYearDiff).
  take(
    s,
    otherYear.filter((c) => isFree(s, c.r, c.d)),
    2,
  );
  typoPhase(s);
  panPhase(s);
  amountOnlyPhase(s);
  return s;
}

/** The evaluation of a pair a person linked, whatever its evidence. */
export function manualEvaluation(
  rec: Rec,
  doc: Doc,
  t: Tolerances,
  portalGstins: ReadonlySet<string>,
): PairEvaluation {
  const { ev, key } = numberEvidenceOf(rec, doc);
  const e = evaluatePair(rec, doc, ev, key, t, true);
  const mistyped = rec.gstin !== doc.gstin && mayBeMistyped(doc.gstin, portalGstins);
  return mistyped ? typoPair(e, rec.gstin, doc.gstin) : e;
}

/** Phase 0: manual links, fixed first; a side named twice keeps the first link. */
function manualPhase(s: Engine, input: ReconcileInput): void {
  for (const l of input.manualLinks ?? []) {
    const r = s.recByKey.get(l.recordKey);
    const d = s.docByRef.get(l.registerRef);
    if (r === undefined || d === undefined || s.pairOfRec[r] || s.pairOfDoc[d]) continue;
    const e = manualEvaluation(s.recs[r] as Rec, s.docs[d] as Doc, s.t, portalGstinsOf(s.recs));
    link(s, e, true, 0);
  }
}

/** Folded and normalised number indexes of the leftover documents, blocked by `block`. */
function numberIndexes(docs: readonly Doc[], block: (d: Doc) => string): Indexes {
  const idx = { folded: new BlockIndex(), norm: new BlockIndex(), conf: null };
  for (const d of docs) {
    idx.folded.add(block(d), d.own.folded, d.j);
    idx.norm.add(block(d), d.own.norm, d.j);
  }
  return idx;
}

/**
 * Phase 1: same GSTIN, number equal folded or normalised (own or original). Returns the
 * candidates in another fiscal year, kept aside for phase 2.
 */
function numberPhase(s: Engine): PairEvaluation[] {
  const otherYear: PairEvaluation[] = [];
  const idx = numberIndexes(leftoverDocs(s), (d) => d.gstin);
  const sameYear: PairEvaluation[] = [];
  scanAll(
    s,
    idx,
    (r) => r.gstin,
    (rec, doc) => freeCompatible(s, rec, doc),
    (e) => {
      if (e.sameFy) return true;
      if (e.withinWindow || (e.periodShift !== 0 && e.amountsOk)) otherYear.push(e);
      return false;
    },
    sameYear,
  );
  take(s, sameYear, 1);
  return otherYear;
}

/**
 * Phase 1b: same GSTIN and fiscal year, numbers equal only after look-alike mapping, amounts
 * within tolerance, dates within the window. Leftovers only.
 */
function confusablePhase(s: Engine): void {
  const conf = new BlockIndex();
  for (const d of leftoverDocs(s)) conf.add(d.gstin, confOf(d.own), d.j);
  const cands: PairEvaluation[] = [];
  if (conf.size > 0)
    scanAll(
      s,
      { folded: null, norm: null, conf },
      (r) => r.gstin,
      (rec, doc) => freeCompatible(s, rec, doc),
      (e) => e.sameFy,
      cands,
    );
  take(s, cands, 1);
}

/** Phase 2b: supplier GSTIN mistyped in the books. */
function typoPhase(s: Engine): void {
  const portalGstins = portalGstinsOf(s.recs);
  const suspects = leftoverDocs(s).filter(
    (d) => d.gstin.length === 15 && mayBeMistyped(d.gstin, portalGstins),
  );
  const idx = numberIndexes(suspects, () => '');
  const cands: PairEvaluation[] = [];
  if ((idx.folded?.size ?? 0) > 0) {
    scanAll(
      s,
      idx,
      () => '',
      (rec, doc) => freeCompatible(s, rec, doc) && gstinTypo(rec.gstin, doc.gstin) !== null,
      (e) => e.amountsOk && e.withinWindow && e.sameFy,
      cands,
    );
  }
  take(
    s,
    cands.map((e) => typoPair(e, (s.recs[e.r] as Rec).gstin, (s.docs[e.d] as Doc).gstin)),
    3,
  );
}

/** Phase 3: same PAN, different GSTIN; taxable value and total tax within tolerance. */
function panPhase(s: Engine): void {
  const idx = numberIndexes(leftoverDocs(s), (d) => d.pan);
  const cands: PairEvaluation[] = [];
  if ((idx.folded?.size ?? 0) > 0) {
    scanAll(
      s,
      idx,
      (r) => r.pan,
      (rec, doc) => doc.gstin !== rec.gstin && freeCompatible(s, rec, doc),
      (e) => e.sameFy && e.taxableOk && e.totalTaxOk,
      cands,
    );
  }
  take(s, cands, 3);
}

/** Phase 4: amount-only, unique both ways. */
function amountOnlyPhase(s: Engine): void {
  const width = s.t.amountPaise + 1;
  const buckets = new BlockIndex();
  for (const d of leftoverDocs(s)) {
    if (d.a.taxable < 100) continue;
    buckets.add(d.gstin, `${d.type}:${Math.floor(d.a.taxable / width)}`, d.j);
  }
  const edges: PairEvaluation[] = [];
  if (buckets.size > 0) {
    for (const rec of s.recs) {
      if (s.pairOfRec[rec.i] !== undefined || rec.a.taxable < 100) continue;
      const block = buckets.block(rec.gstin);
      if (block) amountEdges(s, rec, block, width, edges);
    }
  }
  const countRec = s.amountCountRec;
  const countDoc = s.amountCountDoc;
  take(
    s,
    edges.filter((c) => countRec.get(c.r) === 1 && countDoc.get(c.d) === 1),
    4,
  );
}

/** A record's amount-only edges from its GSTIN's buckets (its own and the two beside it), counted. */
function amountEdges(
  s: Engine,
  rec: Rec,
  block: Map<string, number | number[]>,
  width: number,
  edges: PairEvaluation[],
): void {
  const countRec = s.amountCountRec;
  const countDoc = s.amountCountDoc;
  const b = Math.floor(rec.a.taxable / width);
  for (let k = b - 1; k <= b + 1; k++) {
    const v = block.get(`${rec.type}:${k}`);
    if (v === undefined) continue;
    const bucket = typeof v === 'number' ? [v] : v;
    if (bucket.length > 256) {
      // A large run of identical amounts: ambiguous by construction.
      countRec.set(rec.i, (countRec.get(rec.i) ?? 0) + bucket.length);
      continue;
    }
    for (const j of bucket) {
      if (!isFree(s, rec.i, j)) continue;
      const e = evaluatePair(rec, s.docs[j] as Doc, 'amountOnly', rec.own, s.t);
      if (!(e.amountsOk && e.withinWindow && e.sameFy)) continue;
      edges.push(e);
      countRec.set(rec.i, (countRec.get(rec.i) ?? 0) + 1);
      countDoc.set(j, (countDoc.get(j) ?? 0) + 1);
    }
  }
}
