// The assignment engine's state and its one way of taking pairs: greedy best-first, one-to-one
// (see PHASES in core/reconcile.ts). Pure.
import type { Tolerances } from '../register.js';
import type { PairEvaluation } from './evaluate-pair.js';
import { docTypesCompatible } from './evaluate-pair.js';
import type { Indexes, ScanContext } from './number-candidates.js';
import { numberCandidates } from './number-candidates.js';
import type { Doc, Rec } from './prepare.js';
import { prepare } from './prepare.js';
import type { ReconcileInput } from './reconcile-input.js';

export interface Pair {
  readonly e: PairEvaluation;
  readonly manual: boolean;
  readonly phase: number;
}

/** What a run leaves for the results and the explanations. */
export interface EngineState {
  readonly recs: Rec[];
  readonly docs: Doc[];
  readonly pairOfRec: (Pair | undefined)[];
  readonly pairOfDoc: (Pair | undefined)[];
  readonly excluded: ReadonlySet<number>;
  readonly unlinked: ReadonlySet<string>;
  /** Amount-only ambiguity counts (phase 4), for explanations. */
  readonly amountCountRec: Map<number, number>;
  readonly amountCountDoc: Map<number, number>;
}

/** The state while the phases run. */
export interface Engine extends EngineState {
  readonly t: Tolerances;
  readonly recByKey: ReadonlyMap<string, number>;
  readonly docByRef: ReadonlyMap<string, number>;
  /** Scratch space of take() and scanAll(), reused across phases. */
  readonly recCount: Int32Array;
  readonly docCount: Int32Array;
  readonly found: Map<number, PairEvaluation>;
}

export const pairId = (r: number, d: number): string => `${r}:${d}`;

/** Prepares both sides and the exclusions; nothing paired yet. */
export function createEngine(input: ReconcileInput): Engine {
  const { recs, docs, recByKey, docByRef } = prepare(input);
  const excluded = new Set<number>();
  for (const ref of input.excludedRefs ?? []) {
    const j = docByRef.get(ref);
    if (j !== undefined) excluded.add(j);
  }
  // Documents that never enter IMS are kept out of automatic matching like excluded ones.
  for (const d of docs) if (d.outside !== null) excluded.add(d.j);
  const unlinked = new Set<string>();
  for (const l of input.unlinkedPairs ?? []) {
    const r = recByKey.get(l.recordKey);
    const d = docByRef.get(l.registerRef);
    if (r !== undefined && d !== undefined) unlinked.add(pairId(r, d));
  }
  return {
    recs,
    docs,
    pairOfRec: new Array<Pair | undefined>(recs.length),
    pairOfDoc: new Array<Pair | undefined>(docs.length),
    excluded,
    unlinked,
    amountCountRec: new Map(),
    amountCountDoc: new Map(),
    t: input.tolerances,
    recByKey,
    docByRef,
    recCount: new Int32Array(recs.length),
    docCount: new Int32Array(docs.length),
    found: new Map(),
  };
}

export function link(s: Engine, e: PairEvaluation, manual: boolean, phase: number): void {
  const p: Pair = { e, manual, phase };
  s.pairOfRec[e.r] = p;
  s.pairOfDoc[e.d] = p;
}

/** Neither side paired, the document not excluded, the pair not unlinked by a person. */
export function isFree(s: EngineState, r: number, d: number): boolean {
  return (
    s.pairOfRec[r] === undefined &&
    s.pairOfDoc[d] === undefined &&
    !s.excluded.has(d) &&
    (s.unlinked.size === 0 || !s.unlinked.has(pairId(r, d)))
  );
}

/** Free (isFree) and of compatible doc types. */
export function freeCompatible(s: EngineState, rec: Rec, doc: Doc): boolean {
  return isFree(s, rec.i, doc.j) && docTypesCompatible(rec.type, doc.type);
}

/** Books documents not yet paired and not excluded. */
export function leftoverDocs(s: EngineState): Doc[] {
  return s.docs.filter((d) => s.pairOfDoc[d.j] === undefined && !s.excluded.has(d.j));
}

/** The phases' sort order: score desc, amount and date differences asc, then stable keys. */
function better(a: PairEvaluation, b: PairEvaluation, s: EngineState): number {
  if (a.score !== b.score) return b.score - a.score;
  if (a.absSum !== b.absSum) return a.absSum - b.absSum;
  const da = Math.abs(a.dateDiff);
  const db = Math.abs(b.dateDiff);
  if (da !== db) return da - db;
  const ra0 = s.recs[a.r] as Rec;
  const rb0 = s.recs[b.r] as Rec;
  if (ra0.amendment !== rb0.amendment) return ra0.amendment ? -1 : 1; // the later version wins a tie
  const ka = ra0.key;
  const kb = rb0.key;
  if (ka !== kb) return ka < kb ? -1 : 1;
  const ra = (s.docs[a.d] as Doc).ref;
  const rb = (s.docs[b.d] as Doc).ref;
  return ra < rb ? -1 : ra > rb ? 1 : 0;
}

/** Greedy best-first. Candidates that compete with nothing are taken without sorting. */
export function take(s: Engine, cands: PairEvaluation[], phase: number): void {
  const { recCount, docCount } = s;
  recCount.fill(0);
  docCount.fill(0);
  for (const c of cands) {
    recCount[c.r] = (recCount[c.r] ?? 0) + 1;
    docCount[c.d] = (docCount[c.d] ?? 0) + 1;
  }
  const contested: PairEvaluation[] = [];
  for (const c of cands) {
    if (recCount[c.r] === 1 && docCount[c.d] === 1) link(s, c, false, phase);
    else contested.push(c);
  }
  contested.sort((a, b) => better(a, b, s));
  for (const c of contested) {
    if (s.pairOfRec[c.r] !== undefined || s.pairOfDoc[c.d] !== undefined) continue;
    link(s, c, false, phase);
  }
}

/** Number-evidence candidates of every unpaired record in its block, those `keep` keeps into `out`. */
export function scanAll(
  s: Engine,
  idx: Indexes,
  block: (r: Rec) => string,
  accept: (rec: Rec, doc: Doc) => boolean,
  keep: (e: PairEvaluation) => boolean,
  out: PairEvaluation[],
): void {
  const { recs, docs, t, found } = s;
  const ctx: ScanContext = { rec: recs[0] as Rec, docs, t, accept, out: found, seen: [] };
  for (const rec of recs) {
    if (s.pairOfRec[rec.i] !== undefined) continue;
    ctx.rec = rec;
    numberCandidates(ctx, block(rec), idx);
    for (const e of found.values()) if (keep(e)) out.push(e);
  }
}
