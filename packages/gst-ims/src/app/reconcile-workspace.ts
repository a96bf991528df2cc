// Reconciliation use cases: match the IMS records with the purchase register, explain, link,
// propose and apply actions, summarise per supplier.
import type {
  Action,
  Amounts,
  Gstr2b,
  IsoDate,
  MatchOutcome,
  MatchReason,
  MatchResult,
  Paise,
  PortalRecord,
  RegisterDocument,
  Section,
  Tolerances,
  WorkspaceRecord,
} from '../core/index.js';
import {
  BadInputError,
  MATCH_OUTCOMES,
  NothingToDoError,
  UsageError,
  auditSource,
  formatReason,
  formatRupees,
  isRuleSource,
  toPortalDate,
  totalTax,
} from '../core/index.js';
import type { PairLink } from '../core/reconcile.js';
import type { BooksVs2b, TwoBBooksKind, TwoBKindTotals } from '../core/reconcile-2b.js';
import { reconcileWith2b } from '../core/reconcile-2b.js';
import { explainRecord, reconcile } from '../core/reconcile.js';
import type { HeldDecision, Proposal, ProposalRule } from '../core/proposals.js';
import { heldNote, proposeActions } from '../core/proposals.js';
import { writeTableFile } from '../io/register-tables.js';
import type { TableCell } from '../io/register-tables.js';
import type { WorkspaceStore } from '../store/index.js';
import type { AppContext, ProgressSink } from './context.js';
import { todayOf } from './context.js';
import type { DecisionChange, PlannedDecision, Refusal } from './decide.js';
import { planDecisions, writeDecisions } from './decide.js';
import { imsPeriod, loadTolerances, periodEndOf } from './reconcile-config.js';
import { loadProposalRules } from './reconcile-rules.js';

// ---------------------------------------------------------------------------------------------
// Outcome names: the engine's words inside, snake_case in files and tables (as the issue spells them).

export const OUTCOME_LABEL: Readonly<Record<MatchOutcome, string>> = {
  exact: 'exact',
  probable: 'probable',
  mismatch: 'mismatch',
  missingInRegister: 'missing_in_register',
  missingInPortal: 'missing_in_portal',
  notInIms: 'not_in_ims',
};

export function parseOutcome(raw: string): MatchOutcome {
  const t = raw
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '');
  const found = MATCH_OUTCOMES.find((o) => o.toLowerCase() === t);
  if (!found)
    throw new UsageError(
      `--outcome: expected one of ${MATCH_OUTCOMES.map((o) => OUTCOME_LABEL[o]).join(', ')}, found "${raw}"`,
    );
  return found;
}

export const formatReasons = (reasons: readonly MatchReason[]): string =>
  reasons.map(formatReason).join('; ');

// ---------------------------------------------------------------------------------------------
// One run of the engine over the workspace.

interface Run {
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

async function engineInput(
  store: WorkspaceStore,
  gstin: string,
): Promise<Omit<Run, 'results' | 'proposals' | 'rules' | 'period' | 'twoB'>> {
  const records = (await store.loadRecords(gstin)).filter((r) => !r.state.gone);
  const documents = await store.loadRegister(gstin);
  if (documents.length === 0)
    throw new NothingToDoError(
      'the purchase register is empty for this GSTIN: import it first (gst-ims import register FILE)',
    );
  const tolerances = await loadTolerances(store, gstin);
  const entries = await store.loadManualLinks(gstin);
  const links = entries
    .filter((l) => l.kind === 'link')
    .map((l) => ({ recordKey: l.recordKey, registerRef: l.registerRef }));
  const unlinks = entries
    .filter((l) => l.kind === 'unlink')
    .map((l) => ({ recordKey: l.recordKey, registerRef: l.registerRef }));
  return { records, documents, tolerances, links, unlinks };
}

/** Progress phases of a reconciliation (AppContext.progress), and how often the long loops report. */
const PHASE_MATCH = 'matching records';
const PHASE_WRITE = 'writing the result';
const PROGRESS_EVERY = 5000;

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

async function run(
  store: WorkspaceStore,
  gstin: string,
  progress?: ProgressSink,
  lastSource?: ReadonlyMap<string, string>,
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
async function matchWith2b(
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

// ---------------------------------------------------------------------------------------------
// reconcile

/** One line of the result: a portal record (paired or not), or a register document found only in the books. */
export interface ReconcileRow {
  readonly section: Section | null;
  readonly supplierGstin: string;
  readonly supplierName: string | null;
  readonly documentNumber: string | null;
  readonly documentDate: IsoDate | null;
  readonly registerRef: string | null;
  readonly outcome: MatchOutcome;
  readonly score: number;
  readonly reasons: readonly MatchReason[];
  readonly proposal: Proposal | null;
  readonly recordKey: string | null;
  readonly registerDocNumber: string | null;
  readonly registerDocDate: IsoDate | null;
  readonly portalAmounts: Amounts | null;
  readonly registerAmounts: Amounts | null;
  readonly currentAction: Action | null;
  readonly manual: boolean;
}

export type OutcomeCounts = Record<MatchOutcome, number>;

export interface ReconcileSummary {
  readonly gstin: string;
  readonly records: number;
  readonly documents: number;
  readonly counts: OutcomeCounts;
  /** Proposed actions, by action; `review` counts the proposals not safe to apply unseen. */
  readonly proposals: {
    byAction: Partial<Record<Action, number>>;
    safe: number;
    review: number;
    kept: number;
  };
  readonly period: Run['period'];
  readonly tolerances: Tolerances;
  readonly rows: ReconcileRow[];
  readonly written: string | null;
  /** Books documents whose supplier GSTIN looks mistyped (paired through gstinTypo): correct the register. */
  readonly gstinCorrections: GstinCorrection[];
  /** not_in_ims documents against the stored GSTR-2B of the period; null when none is stored. */
  readonly twoB: {
    readonly period: string;
    readonly byKind: Readonly<Record<TwoBBooksKind, TwoBKindTotals>>;
    readonly neverIn2b: number;
  } | null;
}

export interface GstinCorrection {
  readonly registerRef: string;
  readonly documentNumber: string;
  readonly booksGstin: string;
  /** The GSTIN the supplier reported on the portal: what the register should say. */
  readonly portalGstin: string;
  /** stateCode, substitution@N, transposition@N. */
  readonly kind: string;
}

function correctionsOf(rows: readonly ReconcileRow[]): GstinCorrection[] {
  const out: GstinCorrection[] = [];
  for (const r of rows) {
    const typo = r.reasons.find((x) => x.code === 'gstinTypo');
    if (typo === undefined || r.registerRef === null) continue;
    out.push({
      registerRef: r.registerRef,
      documentNumber: r.registerDocNumber ?? '',
      booksGstin: String(r.reasons.find((x) => x.code === 'gstinDiff')?.value ?? ''),
      portalGstin: r.supplierGstin,
      kind: String(typo.value ?? ''),
    });
  }
  return out;
}

const zeroCounts = (): OutcomeCounts => ({
  exact: 0,
  probable: 0,
  mismatch: 0,
  missingInRegister: 0,
  missingInPortal: 0,
  notInIms: 0,
});

function rowsOf(r: Run): ReconcileRow[] {
  // The engine answers one result per record in input order (then the books-only documents), and
  // the proposals follow the records too: look-ups by position, by key only if that ever differs.
  let byKey: { records: Map<string, WorkspaceRecord>; proposals: Map<string, Proposal> } | null =
    null;
  const keyed = (): NonNullable<typeof byKey> =>
    (byKey ??= {
      records: new Map(r.records.map((x) => [x.record.key, x])),
      proposals: new Map(r.proposals.map((p) => [p.recordKey, p])),
    });
  const docByRef = new Map<string, RegisterDocument>();
  for (const d of r.documents) docByRef.set(d.ref, d);
  return r.results.map((m, i) => {
    let wr: WorkspaceRecord | undefined;
    let proposal: Proposal | undefined;
    if (m.recordKey !== null) {
      const at = r.records[i];
      const p = r.proposals[i];
      if (
        at !== undefined &&
        at.record.key === m.recordKey &&
        p !== undefined &&
        p.recordKey === m.recordKey
      ) {
        wr = at;
        proposal = p;
      } else {
        wr = keyed().records.get(m.recordKey);
        proposal = keyed().proposals.get(m.recordKey);
      }
    }
    const rec = wr?.record;
    const doc = m.registerRef === null ? undefined : docByRef.get(m.registerRef);
    return {
      section: rec?.section ?? null,
      supplierGstin: rec?.supplierGstin ?? doc?.supplierGstin ?? '',
      supplierName: rec?.supplierName ?? doc?.supplierName ?? null,
      documentNumber: rec?.docNumber ?? null,
      documentDate: rec?.docDate ?? null,
      registerRef: m.registerRef,
      outcome: m.outcome,
      score: m.score,
      reasons: m.reasons,
      proposal: proposalOf(proposal) ?? null,
      recordKey: m.recordKey,
      registerDocNumber: doc?.docNumber ?? null,
      registerDocDate: doc?.docDate ?? null,
      portalAmounts: rec?.amounts ?? null,
      registerAmounts: doc?.amounts ?? null,
      currentAction: wr?.state.decision.action ?? null,
      manual: m.manual,
    };
  });
}

function summaryOf(
  gstin: string,
  r: Run,
  rows: ReconcileRow[],
  written: string | null,
): ReconcileSummary {
  const counts = zeroCounts();
  for (const m of r.results) counts[m.outcome]++;
  const byAction: Partial<Record<Action, number>> = {};
  let safe = 0;
  let review = 0;
  let kept = 0;
  for (const p of r.proposals) {
    if (p.rule === '') continue;
    if (p.kept !== null) {
      kept++;
      continue;
    }
    byAction[p.action] = (byAction[p.action] ?? 0) + 1;
    if (p.safe) safe++;
    else review++;
  }
  return {
    gstin,
    records: r.records.length,
    documents: r.documents.length,
    counts,
    proposals: { byAction, safe, review, kept },
    period: r.period,
    tolerances: r.tolerances,
    rows,
    written,
    gstinCorrections: correctionsOf(rows),
    twoB:
      r.twoB === null
        ? null
        : { period: r.twoB.period, byKind: r.twoB.byKind, neverIn2b: r.twoB.neverIn2b },
  };
}

/** The result file's columns: the first nine in this order are a contract; more may follow. */
export const RESULT_COLUMNS = [
  'section',
  'supplier_gstin',
  'document_number',
  'document_date',
  'register_ref',
  'outcome',
  'score',
  'reasons',
  'proposed_action',
  'proposal_safe',
  'proposal_rule',
  'proposal_remark',
  'proposal_note',
  'current_action',
  'record_key',
  'supplier_name',
  'register_document_number',
  'register_document_date',
  'portal_value',
  'register_value',
  'portal_taxable',
  'register_taxable',
  'portal_total_tax',
  'register_total_tax',
  'manual_link',
] as const;

const money = (a: Amounts | null, f: (a: Amounts) => Paise): string | null =>
  a === null ? null : formatRupees(f(a));

export function resultCells(r: ReconcileRow): TableCell[] {
  const p = r.proposal;
  return [
    r.section ?? '',
    r.supplierGstin,
    r.documentNumber ?? '',
    r.documentDate === null ? '' : toPortalDate(r.documentDate),
    r.registerRef ?? '',
    OUTCOME_LABEL[r.outcome],
    r.score,
    formatReasons(r.reasons),
    p?.action ?? '',
    p === null ? '' : p.safe ? 'yes' : 'no',
    p?.rule ?? '',
    p?.remark ?? '',
    p?.note ?? '',
    r.currentAction ?? '',
    r.recordKey ?? '',
    r.supplierName ?? '',
    r.registerDocNumber ?? '',
    r.registerDocDate === null ? '' : toPortalDate(r.registerDocDate),
    money(r.portalAmounts, (a) => a.value),
    money(r.registerAmounts, (a) => a.value),
    money(r.portalAmounts, (a) => a.taxable),
    money(r.registerAmounts, (a) => a.taxable),
    money(r.portalAmounts, totalTax),
    money(r.registerAmounts, totalTax),
    r.manual ? 'yes' : '',
  ];
}

export interface ReconcileOptions {
  /** Write the result here: .csv, .json or .xlsx. */
  readonly out?: string | undefined;
}

/** Matches every record and register document, saves the results, proposes actions. */
export async function reconcileWorkspace(
  ctx: AppContext,
  gstin: string,
  opts: ReconcileOptions = {},
): Promise<ReconcileSummary> {
  const progress = ctx.progress;
  const r = await ctx.store.transaction(async (tx) => {
    const res = await run(tx, gstin, progress);
    await tx.saveMatches(gstin, res.results);
    return res;
  });
  const rows = rowsOf(r);
  if (opts.out !== undefined) {
    const money = RESULT_COLUMNS.flatMap((c, i) => (/_(value|taxable|tax)$/.test(c) ? [i] : []));
    // Cells made row by row as the file is written: 100,000 rows of cells never live at once.
    const cells = function* (): Generator<TableCell[]> {
      let n = 0;
      for (const row of rows) {
        if (progress && n % PROGRESS_EVERY === 0) progress(PHASE_WRITE, n, rows.length);
        yield resultCells(row);
        n++;
      }
    };
    await writeTableFile(opts.out, {
      sheetName: 'Reconciliation',
      columns: RESULT_COLUMNS,
      rows: cells(),
      moneyColumns: money,
    });
    progress?.(PHASE_WRITE, rows.length, rows.length);
  }
  return summaryOf(gstin, r, rows, opts.out ?? null);
}

// ---------------------------------------------------------------------------------------------
// explain

export type ExplainTargetKind = 'record' | 'register';

export interface ExplainResult {
  readonly kind: ExplainTargetKind;
  readonly target: string;
  readonly record: PortalRecord | null;
  readonly document: RegisterDocument | null;
  readonly result: MatchResult;
  readonly proposal: Proposal | null;
  readonly candidates: {
    other: string;
    score: number;
    reasons: readonly MatchReason[];
    whyNot: string;
    record: PortalRecord | null;
    document: RegisterDocument | null;
  }[];
  readonly tolerances: Tolerances;
}

/** Resolves what a person typed: a record key, a register ref, or a document number of either side. */
function resolveTarget(
  records: readonly WorkspaceRecord[],
  documents: readonly RegisterDocument[],
  text: string,
): { kind: ExplainTargetKind; id: string } {
  const t = text.trim();
  if (records.some((r) => r.record.key === t)) return { kind: 'record', id: t };
  if (documents.some((d) => d.ref === t)) return { kind: 'register', id: t };
  const fold = t.toUpperCase();
  const recs = records.filter((r) => r.record.docNumber.trim().toUpperCase() === fold);
  if (recs.length === 1) return { kind: 'record', id: (recs[0] as WorkspaceRecord).record.key };
  if (recs.length > 1)
    throw new UsageError(
      `"${t}" is the number of ${recs.length} records; give the record key:\n${recs.map((r) => `  ${r.record.key}`).join('\n')}`,
    );
  const docs = documents.filter((d) => d.docNumber.trim().toUpperCase() === fold);
  if (docs.length === 1) return { kind: 'register', id: (docs[0] as RegisterDocument).ref };
  if (docs.length > 1)
    throw new UsageError(
      `"${t}" is the number of ${docs.length} register documents; give the register ref:\n${docs.map((d) => `  ${d.ref} (${d.supplierGstin})`).join('\n')}`,
    );
  throw new BadInputError(
    `no record key, register ref or document number "${t}" in this workspace`,
    { field: 'record' },
  );
}

export async function explainMatch(
  ctx: AppContext,
  gstin: string,
  target: string,
  limit = 5,
): Promise<ExplainResult> {
  const r = await run(ctx.store, gstin);
  const { kind, id } = resolveTarget(r.records, r.documents, target);
  const ex = explainRecord(
    {
      records: r.records.map((x) => x.record),
      documents: r.documents,
      tolerances: r.tolerances,
      manualLinks: r.links,
      unlinkedPairs: r.unlinks,
    },
    kind === 'record' ? { recordKey: id } : { registerRef: id },
    limit,
  );
  const recByKey = new Map(r.records.map((x) => [x.record.key, x.record]));
  const docByRef = new Map(r.documents.map((d) => [d.ref, d]));
  return {
    kind,
    target: id,
    record:
      kind === 'record'
        ? (recByKey.get(id) ?? null)
        : ex.result.recordKey === null
          ? null
          : (recByKey.get(ex.result.recordKey) ?? null),
    document:
      kind === 'register'
        ? (docByRef.get(id) ?? null)
        : ex.result.registerRef === null
          ? null
          : (docByRef.get(ex.result.registerRef) ?? null),
    result: ex.result,
    proposal:
      ex.result.recordKey === null
        ? null
        : (proposalOf(r.proposals.find((p) => p.recordKey === ex.result.recordKey)) ?? null),
    candidates: ex.candidates.map((c) => ({
      ...c,
      record: kind === 'register' ? (recByKey.get(c.other) ?? null) : null,
      document: kind === 'record' ? (docByRef.get(c.other) ?? null) : null,
    })),
    tolerances: r.tolerances,
  };
}

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
  const summary = await reconcileWorkspace(ctx, gstin);
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
      (await reconcileWorkspace(ctx, gstin)).rows.find((x) => x.recordKey === rec.id);
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
  const summary = await reconcileWorkspace(ctx, gstin);
  const row = summary.rows.find((x) => x.recordKey === rec.id);
  return {
    recordKey: rec.id,
    registerRef: ref,
    result: row ? resultOfRow(row) : null,
    summary,
    removed: kind,
  };
}

/** A proposal a rule made; none when no rule applied (the engine then keeps the portal's action). */
const proposalOf = (p: Proposal | undefined): Proposal | undefined =>
  p === undefined || p.rule === '' ? undefined : p;

const resultOfRow = (r: ReconcileRow): MatchResult => ({
  recordKey: r.recordKey,
  registerRef: r.registerRef,
  outcome: r.outcome,
  score: r.score,
  reasons: r.reasons,
  manual: r.manual,
});

// ---------------------------------------------------------------------------------------------
// apply-proposals

export interface ApplyProposalsOptions {
  readonly gstin: string;
  /** Only the proposals marked safe (exact matches, pending for missing documents, ...). */
  readonly onlySafe?: boolean | undefined;
  /** Only records with this match outcome. */
  readonly outcome?: MatchOutcome | undefined;
  readonly dryRun?: boolean | undefined;
}

export interface RuleApplication {
  readonly rule: string;
  readonly source: string;
  readonly proposed: number;
  readonly changes: (DecisionChange & { remark: string | null })[];
  readonly unchanged: number;
  readonly refused: Refusal[];
}

export interface ApplyProposalsResult {
  readonly gstin: string;
  readonly applied: boolean;
  readonly dryRun: boolean;
  readonly considered: number;
  readonly changed: number;
  readonly unchanged: number;
  readonly refused: number;
  /**
   * Records a person (or the portal) already decided, which no applying rule names (heldAction):
   * what they hold, who decided, what the rule would have done, and why it is kept.
   */
  readonly keptDecisions: {
    recordKey: string;
    action: Action;
    by: string;
    proposed: Action;
    rule: string;
    why: string;
  }[];
  readonly notSafe: number;
  readonly byRule: RuleApplication[];
  readonly warnings: { code: string; message: string }[];
}

/**
 * Applies the proposals through the same decision path as `act` (validated by the engine's rules,
 * audited with source `rule:<name>`), in one transaction. Records a person decided here (latest
 * audit entry not from a rule), or whose Accept / Reject / Pending the portal holds, keep their
 * decision unless the applying rule names it (heldAction); the kept ones are listed with why.
 */
export async function applyProposals(
  ctx: AppContext,
  opts: ApplyProposalsOptions,
): Promise<ApplyProposalsResult> {
  const { gstin } = opts;
  return ctx.store.transaction(async (tx) => {
    const lastSource = await tx.lastAuditSources(gstin);
    const r = await run(tx, gstin, ctx.progress, lastSource);
    await tx.saveMatches(gstin, r.results);
    const outcomeOf = new Map(
      r.results.filter((m) => m.recordKey !== null).map((m) => [m.recordKey as string, m.outcome]),
    );
    const byKey = new Map(r.records.map((x) => [x.record.key, x]));
    const keptDecisions: ApplyProposalsResult['keptDecisions'] = [];
    let notSafe = 0;
    const groups = new Map<string, { proposals: Proposal[] }>();
    for (const p of r.proposals) {
      if (p.rule === '') continue;
      if (opts.outcome !== undefined && outcomeOf.get(p.recordKey) !== opts.outcome) continue;
      const wr = byKey.get(p.recordKey);
      if (!wr) continue;
      // A decision held on the portal or made by a person stays unless the rule names it
      // (heldAction); listed whether or not --only-safe would have left the proposal out.
      if (p.kept !== null) {
        keptDecisions.push({
          recordKey: p.recordKey,
          action: p.kept.action,
          by: p.kept.by,
          proposed: p.action,
          rule: p.rule,
          why: heldNote(p.kept),
        });
        continue;
      }
      if (opts.onlySafe === true && !p.safe) {
        notSafe++;
        continue;
      }
      const g = groups.get(p.rule) ?? { proposals: [] };
      g.proposals.push(p);
      groups.set(p.rule, g);
    }
    const byRule: RuleApplication[] = [];
    const warnings: { code: string; message: string }[] = [];
    const planned: { source: string; changes: Parameters<typeof writeDecisions>[3] }[] = [];
    for (const [rule, g] of [...groups].sort((a, b) => a[0].localeCompare(b[0]))) {
      const items: PlannedDecision[] = g.proposals.map((p) => ({
        current: byKey.get(p.recordKey) as WorkspaceRecord,
        decision: {
          action: p.action,
          remark: p.action === 'noAction' || p.remark === null || p.remark === '' ? null : p.remark,
          itcReduction: p.itcReduction,
        },
      }));
      const plan = planDecisions(items, { today: todayOf(ctx) });
      const source = auditSource.rule(rule);
      byRule.push({
        rule,
        source,
        proposed: items.length,
        changes: plan.changes.map((c) => ({
          key: c.key,
          from: c.from,
          to: c.to,
          remark: c.to.remark,
        })),
        unchanged: plan.unchanged,
        refused: plan.refused,
      });
      warnings.push(...plan.warnings.map((w) => ({ code: w.code, message: w.message })));
      if (plan.changes.length) planned.push({ source, changes: plan.changes });
    }
    const changed = planned.reduce((n, p) => n + p.changes.length, 0);
    const applied = opts.dryRun !== true && changed > 0;
    if (applied) for (const p of planned) await writeDecisions(ctx, tx, gstin, p.changes, p.source);
    return {
      gstin,
      applied,
      dryRun: opts.dryRun === true,
      considered: byRule.reduce((n, b) => n + b.proposed, 0),
      changed,
      unchanged: byRule.reduce((n, b) => n + b.unchanged, 0),
      refused: byRule.reduce((n, b) => n + b.refused.length, 0),
      keptDecisions,
      notSafe,
      byRule,
      warnings,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Supplier-wise summary

export interface OutcomeAmount {
  count: number;
  /** Document value: the portal's for records, the books' for documents only in the books. */
  value: Paise;
  totalTax: Paise;
}

export interface SupplierReconcileSummary {
  readonly supplierGstin: string;
  readonly supplierName: string | null;
  readonly byOutcome: Record<MatchOutcome, OutcomeAmount>;
  readonly records: number;
  readonly documents: number;
}

export interface ReconcileReport {
  readonly gstin: string;
  /** When the saved results were computed; null when the match was run for this report. */
  readonly suppliers: SupplierReconcileSummary[];
  readonly totals: Record<MatchOutcome, OutcomeAmount>;
}

const zeroAmounts = (): Record<MatchOutcome, OutcomeAmount> =>
  Object.fromEntries(
    MATCH_OUTCOMES.map((o) => [o, { count: 0, value: 0 as Paise, totalTax: 0 as Paise }]),
  ) as Record<MatchOutcome, OutcomeAmount>;

/** Counts and amounts by outcome per supplier, from a fresh run of the match (results saved). */
export async function reconcileReport(ctx: AppContext, gstin: string): Promise<ReconcileReport> {
  const s = await reconcileWorkspace(ctx, gstin);
  const by = new Map<
    string,
    {
      name: string | null;
      byOutcome: Record<MatchOutcome, OutcomeAmount>;
      records: number;
      documents: number;
    }
  >();
  const totals = zeroAmounts();
  for (const r of s.rows) {
    const e = by.get(r.supplierGstin) ?? {
      name: null,
      byOutcome: zeroAmounts(),
      records: 0,
      documents: 0,
    };
    e.name ??= r.supplierName;
    const amounts = r.portalAmounts ?? r.registerAmounts;
    for (const b of [e.byOutcome[r.outcome], totals[r.outcome]]) {
      b.count++;
      if (amounts) {
        b.value = (b.value + amounts.value) as Paise;
        b.totalTax = (b.totalTax + totalTax(amounts)) as Paise;
      }
    }
    if (r.recordKey !== null) e.records++;
    if (r.registerRef !== null) e.documents++;
    by.set(r.supplierGstin, e);
  }
  const suppliers = [...by]
    .map(([supplierGstin, e]) => ({
      supplierGstin,
      supplierName: e.name,
      byOutcome: e.byOutcome,
      records: e.records,
      documents: e.documents,
    }))
    .sort((a, b) => a.supplierGstin.localeCompare(b.supplierGstin));
  return { gstin, suppliers, totals };
}
