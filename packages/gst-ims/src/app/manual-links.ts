// A person pairs a record with a register document, or undoes a pair; the match runs again.
import type { MatchResult } from '../core/index.js';
import { NothingToDoError } from '../core/index.js';
import type { AppContext } from './context.js';
import { resolveTarget } from './explain-match.js';
import { engineInput } from './reconcile-engine-run.js';
import type { ReconcileSummary } from './reconcile-rows.js';
import { resultOfRow } from './reconcile-rows.js';
import { rematch } from './match-and-save.js';

// ---------------------------------------------------------------------------------------------
// link / unlink

export interface LinkResult {
  readonly recordKey: string;
  readonly registerRef: string | null;
  readonly result: MatchResult | null;
  readonly summary: ReconcileSummary;
}

/** A person pairs a record with a register document; the match is run again. */
export async function linkRecords(
  ctx: AppContext,
  gstin: string,
  recordText: string,
  refText: string,
): Promise<LinkResult> {
  const base = await engineInput(ctx.store, gstin);
  const rec = resolveTarget(base.records, [], recordText);
  const doc = resolveTarget([], base.documents, refText);
  await ctx.store.addManualLink(gstin, {
    recordKey: rec.id,
    registerRef: doc.id,
    kind: 'link',
    at: ctx.now(),
    user: ctx.user,
  });
  const summary = await rematch(ctx, gstin);
  const row = summary.rows.find((x) => x.recordKey === rec.id);
  return { recordKey: rec.id, registerRef: doc.id, result: row ? resultOfRow(row) : null, summary };
}

/**
 * Undoes a pair: a person's link is removed; an automatic pair is recorded as "not a pair" so
 * the matcher never pairs the two again. The match is run again.
 */
export async function unlinkRecords(
  ctx: AppContext,
  gstin: string,
  recordText: string,
): Promise<LinkResult & { removed: 'manualLink' | 'automaticPair' }> {
  const base = await engineInput(ctx.store, gstin);
  const rec = resolveTarget(base.records, [], recordText);
  const removed = await ctx.store.removeManualLinks(gstin, rec.id);
  let kind: 'manualLink' | 'automaticPair' = 'manualLink';
  let ref: string | null = removed[0]?.registerRef ?? null;
  if (removed.length === 0) {
    const current =
      (await ctx.store.loadMatches(gstin)).find((m) => m.recordKey === rec.id) ??
      (await rematch(ctx, gstin)).rows.find((x) => x.recordKey === rec.id);
    const pairedRef = current?.registerRef ?? null;
    if (pairedRef === null)
      throw new NothingToDoError(`${rec.id} is not paired with a register document`);
    await ctx.store.addManualLink(gstin, {
      recordKey: rec.id,
      registerRef: pairedRef,
      kind: 'unlink',
      at: ctx.now(),
      user: ctx.user,
    });
    kind = 'automaticPair';
    ref = pairedRef;
  }
  const summary = await rematch(ctx, gstin);
  const row = summary.rows.find((x) => x.recordKey === rec.id);
  return {
    recordKey: rec.id,
    registerRef: ref,
    result: row ? resultOfRow(row) : null,
    summary,
    removed: kind,
  };
}
