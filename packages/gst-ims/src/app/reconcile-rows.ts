// The result of a reconciliation as people read it: one row per record or books-only document,
// the summary, the outcome words, and the columns of the result file.
import type {
  Action,
  Amounts,
  IsoDate,
  MatchOutcome,
  MatchReason,
  MatchResult,
  Paise,
  RegisterDocument,
  Section,
  Tolerances,
  WorkspaceRecord,
} from '../core/index.js';
import {
  MATCH_OUTCOMES,
  UsageError,
  formatReason,
  formatRupees,
  toPortalDate,
  totalTax,
} from '../core/index.js';
import type { TwoBBooksKind, TwoBKindTotals } from '../core/reconcile-2b.js';
import type { Proposal } from '../core/proposals.js';
import type { TableCell } from '../io/register-tables.js';
import type { Run } from './reconcile-engine-run.js';
import { proposalOf } from './reconcile-engine-run.js';

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
  /** Every row, or none when the caller asked not to keep them (rowCount still counts them). */
  readonly rows: ReconcileRow[];
  /** How many rows the run has: one per record and per register document found only in the books. */
  readonly rowCount: number;
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

/** The register correction a row asks for (its books GSTIN mistyped), or null. */
export function correctionOf(r: ReconcileRow): GstinCorrection | null {
  const typo = r.reasons.find((x) => x.code === 'gstinTypo');
  if (typo === undefined || r.registerRef === null) return null;
  return {
    registerRef: r.registerRef,
    documentNumber: r.registerDocNumber ?? '',
    booksGstin: String(r.reasons.find((x) => x.code === 'gstinDiff')?.value ?? ''),
    portalGstin: r.supplierGstin,
    kind: String(typo.value ?? ''),
  };
}

export function correctionsOf(rows: Iterable<ReconcileRow>): GstinCorrection[] {
  const out: GstinCorrection[] = [];
  for (const r of rows) {
    const c = correctionOf(r);
    if (c !== null) out.push(c);
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

export function rowsOf(r: Run): ReconcileRow[] {
  return Array.from(eachRow(r));
}

/**
 * The rows of a run one at a time, in result order (rowsOf's rows): a caller that only writes
 * them (the CLI's result file) holds one at a time instead of one per result.
 */
export function* eachRow(
  r: Pick<Run, 'records' | 'documents' | 'results' | 'proposals'>,
): Generator<ReconcileRow> {
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
  for (let i = 0; i < r.results.length; i++) {
    const m = r.results[i] as MatchResult;
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
    yield {
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
  }
}

/** The counts of a summary, gathered a result and a proposal at a time. */
export class SummaryTally {
  readonly counts = zeroCounts();
  readonly byAction: Partial<Record<Action, number>> = {};
  safe = 0;
  review = 0;
  kept = 0;
  results = 0;

  result(m: MatchResult): void {
    this.counts[m.outcome]++;
    this.results++;
  }

  proposal(p: Proposal): void {
    if (p.rule === '') return;
    if (p.kept !== null) {
      this.kept++;
      return;
    }
    this.byAction[p.action] = (this.byAction[p.action] ?? 0) + 1;
    if (p.safe) this.safe++;
    else this.review++;
  }

  summary(
    gstin: string,
    r: Pick<Run, 'period' | 'tolerances' | 'twoB'> & { records: number; documents: number },
    rows: ReconcileRow[],
    written: string | null,
    corrections: GstinCorrection[],
  ): ReconcileSummary {
    const { byAction, safe, review, kept } = this;
    return {
      gstin,
      records: r.records,
      documents: r.documents,
      counts: this.counts,
      proposals: { byAction, safe, review, kept },
      period: r.period,
      tolerances: r.tolerances,
      rows,
      rowCount: this.results,
      written,
      gstinCorrections: corrections,
      twoB:
        r.twoB === null
          ? null
          : { period: r.twoB.period, byKind: r.twoB.byKind, neverIn2b: r.twoB.neverIn2b },
    };
  }
}

export function summaryOf(
  gstin: string,
  r: Run,
  rows: ReconcileRow[],
  written: string | null,
  corrections: GstinCorrection[] = correctionsOf(rows),
): ReconcileSummary {
  const t = new SummaryTally();
  for (const m of r.results) t.result(m);
  for (const p of r.proposals) t.proposal(p);
  return t.summary(
    gstin,
    { ...r, records: r.records.length, documents: r.documents.length },
    rows,
    written,
    corrections,
  );
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

export const resultOfRow = (r: ReconcileRow): MatchResult => ({
  recordKey: r.recordKey,
  registerRef: r.registerRef,
  outcome: r.outcome,
  score: r.score,
  reasons: r.reasons,
  manual: r.manual,
});
