// Number-evidence candidates of one record: hash look-ups of its own and original numbers in the
// books indexes of its block, keeping the best evaluation per books document. Pure.
import type { Tolerances } from '../register.js';
import type { BlockIndex } from './block-index.js';
import { nearest } from './block-index.js';
import type { Evidence, PairEvaluation } from './evaluate-pair.js';
import { evaluatePair } from './evaluate-pair.js';
import type { Doc, NumKey, Rec } from './prepare.js';
import { confOf } from './prepare.js';

export interface Indexes {
  readonly folded: BlockIndex | null;
  readonly norm: BlockIndex | null;
  readonly conf: BlockIndex | null;
}

export interface ScanContext {
  rec: Rec;
  readonly docs: readonly Doc[];
  readonly t: Tolerances;
  readonly accept: (rec: Rec, doc: Doc) => boolean;
  /** The best evaluation per books document for the current record. */
  readonly out: Map<number, PairEvaluation>;
  readonly seen: number[];
}

const isConfusable = (ev: Evidence): boolean =>
  ev === 'numberConfusable' || ev === 'originalConfusable';

function consider(ctx: ScanContext, j: number, ev: Evidence, key: NumKey): void {
  if (ctx.seen.includes(j)) return;
  ctx.seen.push(j);
  const doc = ctx.docs[j] as Doc;
  if (!ctx.accept(ctx.rec, doc)) return;
  const e = evaluatePair(ctx.rec, doc, ev, key, ctx.t);
  if (isConfusable(ev) && !(e.amountsOk && e.withinWindow && e.sameFy)) return;
  const prev = ctx.out.get(j);
  if (
    prev === undefined ||
    e.score > prev.score ||
    (e.score === prev.score && Math.abs(e.dateDiff) < Math.abs(prev.dateDiff)) ||
    (e.score === prev.score &&
      Math.abs(e.dateDiff) === Math.abs(prev.dateDiff) &&
      e.compared.text < prev.compared.text)
  ) {
    ctx.out.set(j, e);
  }
}

function visit(
  ctx: ScanContext,
  map: Map<string, number | number[]> | undefined,
  k: string,
  ev: Evidence,
  key: NumKey,
): void {
  if (!map || k === '') return;
  const v = map.get(k);
  if (v === undefined) return;
  if (typeof v === 'number') consider(ctx, v, ev, key);
  else for (const j of nearest(v, ctx.docs, key.day)) consider(ctx, j, ev, key);
}

/** Number-evidence candidates of ctx.rec into ctx.out. */
export function numberCandidates(ctx: ScanContext, block: string, idx: Indexes): void {
  ctx.out.clear();
  const folded = idx.folded?.block(block);
  const norm = idx.norm?.block(block);
  const conf = idx.conf?.block(block);
  if (!folded && !norm && !conf) return;
  const rec = ctx.rec;
  for (let a = -1; a < rec.ancestors.length; a++) {
    const own = a < 0;
    const key = own ? rec.own : (rec.ancestors[a] as NumKey);
    ctx.seen.length = 0;
    if (folded) visit(ctx, folded, key.folded, own ? 'numberExact' : 'originalExact', key);
    if (norm) visit(ctx, norm, key.norm, own ? 'numberNormalised' : 'originalNormalised', key);
    if (conf) visit(ctx, conf, confOf(key), own ? 'numberConfusable' : 'originalConfusable', key);
  }
}
