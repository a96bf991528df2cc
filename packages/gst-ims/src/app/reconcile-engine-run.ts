// One run of the matching engine over a workspace: the records, the register, the manual links
// and tolerances in; results, proposals and the books-vs-2B comparison out.
import type {
  Gstr2b,
  IsoDate,
  MatchResult,
  RegisterDocument,
  Tolerances,
  WorkspaceRecord,
} from '../core/index.js';
import { NothingToDoError, isRuleSource } from '../core/index.js';
import type { PairLink } from '../core/reconcile.js';
import type { BooksVs2b } from '../core/reconcile-2b.js';
import { reconcileWith2b } from '../core/reconcile-2b.js';
import { reconcile } from '../core/reconcile.js';
import type { HeldDecision, Proposal, ProposalRule } from '../core/proposals.js';
import { proposeActions } from '../core/proposals.js';
import type { WorkspaceStore } from '../store/index.js';
import type { ProgressSink } from './context.js';
import { imsPeriod, loadTolerances, periodEndOf } from './reconcile-config.js';
import { loadProposalRules } from './reconcile-rules.js';

export interface Run {
  readonly records: WorkspaceRecord[];
  readonly documents: RegisterDocument[];
  readonly tolerances: Tolerances;
  readonly links: PairLink[];
  readonly unlinks: PairLink[];
  readonly results: MatchResult[];
  readonly rules: readonly ProposalRule[];
  readonly period: { period: string; end: IsoDate; source: 'setting' | 'records' } | null;
  readonly proposals: Proposal[];
  /** The books documents outside IMS against the stored GSTR-2B of the period, when there is one. */
  readonly twoB: BooksVs2b | null;
}

export async function engineInput(
  store: WorkspaceStore,
  gstin: string,
): Promise<Omit<Run, 'results' | 'proposals' | 'rules' | 'period' | 'twoB'>> {
  // Read, never written back by a reconcile: the transaction need not note each one.
  const records = (await store.loadRecords(gstin, { remember: false })).filter(
    (r) => !r.state.gone,
  );
  const documents = await store.loadRegister(gstin);
  if (documents.length === 0) throw emptyRegister();
  return { records, documents, ...(await engineSettings(store, gstin)) };
}

export const emptyRegister = (): NothingToDoError =>
  new NothingToDoError(
    'the purchase register is empty for this GSTIN: import it first (gst-ims import register FILE)',
  );

/** The tolerances and the pairs a person linked or unlinked: what a run takes besides both sides. */
export async function engineSettings(
  store: WorkspaceStore,
  gstin: string,
): Promise<Pick<Run, 'tolerances' | 'links' | 'unlinks'>> {
  const tolerances = await loadTolerances(store, gstin);
  const entries = await store.loadManualLinks(gstin);
  const links = entries
    .filter((l) => l.kind === 'link')
    .map((l) => ({ recordKey: l.recordKey, registerRef: l.registerRef }));
  const unlinks = entries
    .filter((l) => l.kind === 'unlink')
    .map((l) => ({ recordKey: l.recordKey, registerRef: l.registerRef }));
  return { tolerances, links, unlinks };
}

/** Progress phases of a reconciliation (AppContext.progress), and how often the long loops report. */
export const PHASE_MATCH = 'matching records';
export const PHASE_WRITE = 'writing the result';
export const PROGRESS_EVERY = 5000;

/**
 * Decisions records hold (issue 13, point 3): an Accept / Reject / Pending the portal holds with
 * no local change, and, when the audit's last sources are given, every decision whose latest
 * audit entry is not a rule's (a person's, from the CLI, the web or Excel).
 */
export function heldDecisions(
  records: readonly WorkspaceRecord[],
  lastSource?: ReadonlyMap<string, string>,
): Map<string, HeldDecision> {
  const held = new Map<string, HeldDecision>();
  for (const w of records) {
    const key = w.record.key;
    const src = lastSource?.get(key);
    if (src !== undefined) {
      if (!isRuleSource(src)) held.set(key, { action: w.state.decision.action, by: src });
      continue;
    }
    const portal = w.record.portalAction;
    if (portal !== 'noAction' && w.state.decision.action === portal)
      held.set(key, { action: portal, by: 'portal' });
  }
  return held;
}

export async function run(
  store: WorkspaceStore,
  gstin: string,
  progress?: ProgressSink,
  lastSource?: ReadonlyMap<string, string>,
  collect?: () => void,
): Promise<Run> {
  const input = await engineInput(store, gstin);
  const records = input.records.map((r) => r.record);
  // The engine matches everything in one synchronous call (best score wins across all records):
  // the bar shows the phase and its size, then completes.
  progress?.(PHASE_MATCH, 0, records.length);
  const results = reconcile({
    records,
    documents: input.documents,
    tolerances: input.tolerances,
    manualLinks: input.links,
    unlinkedPairs: input.unlinks,
  });
  progress?.(PHASE_MATCH, records.length, records.length);
  // The engine's prepared sides and candidate pairs (some 120 MB at 100,000 records) are garbage
  // from here; V8 would leave them in the old generation under everything the proposals, the
  // save and the result file allocate, and the process's peak would count them twice
  // (decision 0055).
  collect?.();
  const rules = await loadProposalRules(store, gstin);
  const p = await imsPeriod(store, gstin, records);
  const period = p === null ? null : { ...p, end: periodEndOf(p.period) };
  const held = heldDecisions(input.records, lastSource);
  const proposals = proposeActions({
    records,
    documents: input.documents,
    results,
    rules,
    periodEnd: period?.end ?? null,
    tolerances: input.tolerances,
    held,
  });
  const withTwoB = await matchWith2b(
    store,
    gstin,
    period?.period ?? null,
    input.documents,
    results,
    input.tolerances,
  );
  return { ...input, results: withTwoB.results, rules, period, proposals, twoB: withTwoB.twoB };
}

/**
 * Issue 13 point 2: documents IMS never shows (outcome notInIms) are looked for in the stored
 * GSTR-2B of the period instead; their result gains `in2b:<section>` (with differences) or
 * `notIn2b:<period>` (core/reconcile-2b.ts). Without a 2B of the period, nothing changes.
 */
export async function matchWith2b(
  store: WorkspaceStore,
  gstin: string,
  period: string | null,
  documents: readonly RegisterDocument[],
  results: MatchResult[],
  tolerances: Tolerances,
): Promise<{ results: MatchResult[]; twoB: BooksVs2b | null }> {
  const stored = period === null ? null : await store.loadReturn(gstin, 'gstr2b', period);
  if (stored === null) return { results, twoB: null };
  const outside = new Set(
    results.flatMap((m) =>
      m.outcome === 'notInIms' && m.registerRef !== null ? [m.registerRef] : [],
    ),
  );
  const twoB = reconcileWith2b(
    documents.filter((d) => outside.has(d.ref)),
    JSON.parse(stored.data) as Gstr2b,
    tolerances,
  );
  const reasonsOf = new Map(twoB.rows.map((r) => [r.registerRef, r.reasons]));
  const extended = results.map((m) => {
    const extra =
      m.outcome === 'notInIms' && m.registerRef !== null ? reasonsOf.get(m.registerRef) : undefined;
    return extra === undefined || extra.length === 0
      ? m
      : { ...m, reasons: [...m.reasons, ...extra] };
  });
  return { results: extended, twoB };
}

/** A proposal a rule made; none when no rule applied (the engine then keeps the portal's action). */
export const proposalOf = (p: Proposal | undefined): Proposal | undefined =>
  p === undefined || p.rule === '' ? undefined : p;
