import type {
  AuditSource,
  DeclarationFit,
  DecisionVerb,
  Decision,
  IsoDate,
  Issue,
  ItcReduction,
  RecordSelector,
  WorkspaceRecord,
} from '../core/index.js';
import {
  compileSelector,
  decisionEquals,
  emptyDeclarationCounts,
  fitDecision,
  selectorIsEmpty,
  validateDecision,
  verbAction,
} from '../core/index.js';
import type { AuditEntry, WorkspaceStore } from '../store/index.js';
import type { AppContext } from './context.js';
import { todayOf } from './context.js';
import { writesChanges } from './refusal-policy.js';
import { checkVersions } from './record-versions.js';

/** The decision verbs (core's DECISION_VERBS). */
export type ActVerb = DecisionVerb;

export interface DecideOptions {
  readonly gstin: string;
  readonly selector: RecordSelector;
  readonly verb: ActVerb;
  readonly remark?: string | null | undefined;
  readonly itcReduction?: ItcReduction | null | undefined;
  /** Where the decision came from (core's AUDIT_SOURCES). */
  readonly source: AuditSource;
  readonly dryRun?: boolean | undefined;
  /** Apply to the records the rules allow and leave the refused ones as they are. */
  readonly skipRefused?: boolean | undefined;
  /**
   * The version of each record the person saw (absent: version 0): when given, a selected
   * record another decision moved on since refuses the whole decision (StaleRecordsError).
   */
  readonly seenVersions?: ReadonlyMap<string, number> | undefined;
}

export interface DecisionChange {
  readonly key: string;
  readonly from: Decision;
  readonly to: Decision;
}

export interface Refusal {
  readonly recordKey: string;
  readonly code: string;
  readonly message: string;
  /** The decision field the rule is about (`action`, `remark`, `itcReduction.igst`, ...), as in Issue. */
  readonly field: string | null;
}

export interface DecideResult {
  readonly selected: number;
  readonly changes: DecisionChange[];
  readonly unchanged: number;
  readonly refused: Refusal[];
  readonly warnings: Issue[];
  /**
   * How the ITC-reduction declaration was set on the selected records (Accept only): given,
   * defaulted to full, kept as the portal holds it, or left off records that take none.
   */
  readonly declarations: Readonly<Record<DeclarationFit, number>>;
  /** False on a dry run, and when refusals stopped the whole selection. */
  readonly applied: boolean;
}

export function decisionFor(
  verb: ActVerb,
  remark: string | null | undefined,
  itcReduction: ItcReduction | null | undefined,
): Decision {
  const action = verbAction(verb);
  if (action === 'noAction') return { action, remark: null, itcReduction: null };
  const r = remark === undefined || remark === null || remark.trim() === '' ? null : remark.trim();
  return { action, remark: r, itcReduction: itcReduction ?? null };
}

/**
 * Applies one decision to every selected record, through the engine's rules. A selection with
 * any refused record changes nothing (unless skipRefused) and reports each refusal.
 */
export async function decide(ctx: AppContext, opts: DecideOptions): Promise<DecideResult> {
  const target = decisionFor(opts.verb, opts.remark, opts.itcReduction);
  return ctx.store.transaction(async (tx) => {
    // A selection by keys alone (the web app's, a keys file) need not read the whole workspace.
    const all = keysOnly(opts.selector)
      ? await tx.loadRecordsByKeys(opts.gstin, opts.selector.keys ?? [])
      : await tx.loadRecords(opts.gstin);
    const matches = compileSelector(opts.selector);
    const selected = all.filter((r) => matches(r.record));
    if (opts.seenVersions !== undefined)
      await checkVersions(
        tx,
        opts.gstin,
        selected.map((r) => ({ key: r.record.key, decision: r.state.decision })),
        opts.seenVersions,
      );
    // A selection by keys reads its own records' outcomes (a decision on one record, one row).
    const inBooks =
      target.action !== 'accept'
        ? undefined
        : await booksPresence(
            tx,
            opts.gstin,
            keysOnly(opts.selector) ? selected.map((r) => r.record.key) : undefined,
          );
    const plan = planDecisions(
      selected.map((r) => ({ current: r, decision: target })),
      { today: todayOf(ctx), inBooks },
    );
    const applied = writesChanges(
      { refused: plan.refused.length, changes: plan.changes.length },
      opts,
    );
    if (applied) await writeDecisions(ctx, tx, opts.gstin, plan.changes, opts.source);
    return { selected: selected.length, ...plan, applied };
  });
}

function keysOnly(s: RecordSelector): boolean {
  const { keys, ...rest } = s;
  return keys !== undefined && keys.length > 0 && selectorIsEmpty(rest);
}

export interface PlannedDecision {
  readonly current: WorkspaceRecord;
  readonly decision: Decision;
}

export interface PlanOptions {
  /** Today's date in India, for the engine's deadline rules (todayOf(ctx)). */
  readonly today?: IsoDate | null | undefined;
  /** Whether the last reconciliation found a record in the books (NOT_IN_BOOKS on Accept); see booksPresence. */
  readonly inBooks?: ((recordKey: string) => boolean | null) | undefined;
}

/**
 * From the last saved reconciliation: false for records it found missing in the register, true
 * for records it paired, null for records it never saw (or when it never ran).
 */
export async function booksPresence(
  store: Pick<WorkspaceStore, 'loadMatches' | 'matchOutcomes'>,
  gstin: string,
  /** Only these records are asked about: their outcomes are read by key, not the whole run. */
  keys?: readonly string[],
): Promise<(recordKey: string) => boolean | null> {
  const missing = new Map<string, boolean>();
  if (keys !== undefined) {
    for (const [key, outcome] of await store.matchOutcomes(gstin, keys))
      missing.set(key, outcome !== 'missingInRegister');
    return (key) => missing.get(key) ?? null;
  }
  for (const m of await store.loadMatches(gstin))
    if (m.recordKey !== null) missing.set(m.recordKey, m.outcome !== 'missingInRegister');
  return (key) => missing.get(key) ?? null;
}

/**
 * Validates each proposed decision; the pure part of every decision path (CLI, web, Excel,
 * rules). Each decision is first fitted to its record (fitDecision): the ITC-reduction
 * declaration given for a selection goes to the records that take one, and an Accept that
 * needs one and has none gets the default (full).
 */
export function planDecisions(
  items: readonly PlannedDecision[],
  opts: PlanOptions = {},
): {
  changes: (DecisionChange & { row: WorkspaceRecord })[];
  unchanged: number;
  refused: Refusal[];
  warnings: Issue[];
  declarations: Record<DeclarationFit, number>;
} {
  const changes: (DecisionChange & { row: WorkspaceRecord })[] = [];
  const refused: Refusal[] = [];
  const warnings: Issue[] = [];
  const declarations = emptyDeclarationCounts();
  let unchanged = 0;
  const fitted = new Map<Decision, Map<DeclarationFit, Decision>>();
  for (const { current, decision: asked } of items) {
    const { decision: fit, fit: how } = fitDecision(current.record, asked);
    declarations[how]++;
    // Records fitted the same way share one decision object, so writeDecisions groups them cheaply.
    const decision = shared(fitted, asked, how, fit);
    if (decisionEquals(current.state.decision, decision)) {
      unchanged++;
      continue;
    }
    const issues = validateDecision(current.record, decision, {
      gone: current.state.gone,
      today: opts.today ?? null,
      inBooks: opts.inBooks?.(current.record.key) ?? null,
    });
    const errors = issues.length === 0 ? issues : issues.filter((i) => i.severity === 'error');
    if (errors.length > 0) {
      for (const e of errors)
        refused.push({
          recordKey: current.record.key,
          code: e.code,
          message: e.message,
          field: e.field,
        });
      continue;
    }
    for (const w of issues) warnings.push(w);
    changes.push({
      key: current.record.key,
      from: current.state.decision,
      to: decision,
      row: current,
    });
  }
  return { changes, unchanged, refused, warnings, declarations };
}

function shared(
  cache: Map<Decision, Map<DeclarationFit, Decision>>,
  asked: Decision,
  how: DeclarationFit,
  fit: Decision,
): Decision {
  if (fit === asked || how === 'kept') return fit;
  let byFit = cache.get(asked);
  if (byFit === undefined) {
    byFit = new Map();
    cache.set(asked, byFit);
  }
  const hit = byFit.get(how);
  if (hit !== undefined) return hit;
  byFit.set(how, fit);
  return fit;
}

/** The very same decision, as stored (decisionEquals also takes a null remark for an empty one). */
function sameDecision(a: Decision, b: Decision): boolean {
  if (a === b) return true;
  return (
    a.action === b.action &&
    a.remark === b.remark &&
    JSON.stringify(a.itcReduction) === JSON.stringify(b.itcReduction)
  );
}

/** Writes decisions and their audit entries; call inside a transaction. */
export async function writeDecisions(
  ctx: AppContext,
  tx: AppContext['store'],
  gstin: string,
  // Only key, from and to are read: a bulk decision by filter keeps no rows for the write.
  changes: readonly DecisionChange[],
  /** An AuditSource's text (core's auditSource); stored as given. */
  source: string,
): Promise<void> {
  const at = ctx.now();
  // One write per distinct decision (a bulk action has one; rules and workbooks a few). Most
  // changes share their decision object, so the identity check usually settles it.
  const groups: { decision: Decision; keys: string[] }[] = [];
  let last: { decision: Decision; keys: string[] } | undefined;
  for (const c of changes) {
    if (last === undefined || !sameDecision(last.decision, c.to)) {
      last = groups.find((g) => sameDecision(g.decision, c.to));
      if (last === undefined) {
        last = { decision: c.to, keys: [] };
        groups.push(last);
      }
    }
    last.keys.push(c.key);
  }
  for (const g of groups) await tx.setDecision(gstin, g.keys, g.decision);
  const audit: AuditEntry[] = changes.map((c) => ({
    at,
    user: ctx.user,
    gstin,
    recordKey: c.key,
    fromAction: c.from.action,
    toAction: c.to.action,
    remark: c.to.remark,
    itcReduction: c.to.itcReduction,
    source,
  }));
  await tx.appendAudit(audit);
}
