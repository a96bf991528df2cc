// Applying the rules' proposals through the same decision path as a person's decisions.
import type { Action, MatchOutcome, WorkspaceRecord } from '../core/index.js';
import { auditSource } from '../core/index.js';
import type { Proposal } from '../core/proposals.js';
import { heldNote } from '../core/proposals.js';
import type { AppContext } from './context.js';
import { todayOf } from './context.js';
import type { DecisionChange, PlannedDecision, Refusal } from './decide.js';
import { planDecisions, writeDecisions } from './decide.js';
import type { Run } from './reconcile-engine-run.js';
import { run } from './reconcile-engine-run.js';
import type { StaleSkip } from './stale-records.js';
import { splitStale, versionsOf } from './stale-records.js';

export interface ApplyProposalsOptions {
  readonly gstin: string;
  /** Only the proposals marked safe (exact matches, pending for missing documents, ...). */
  readonly onlySafe?: boolean | undefined;
  /** Only records with this match outcome. */
  readonly outcome?: MatchOutcome | undefined;
  readonly dryRun?: boolean | undefined;
  /**
   * The versions of the records its preview (a dry run) would change (its `versions`): a record
   * decided since is left out and listed in `stale` (multi-user servers send them).
   */
  readonly seenVersions?: ReadonlyMap<string, number> | undefined;
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
  /** Records decided since the preview (seenVersions): left out, code STALE_RECORD. */
  readonly stale: StaleSkip[];
  /** The version of each record planned to change: what a preview hands back as seenVersions. */
  readonly versions: Record<string, number>;
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
    const byKey = new Map(r.records.map((x) => [x.record.key, x]));
    const { groups, keptDecisions, notSafe } = selectProposals(r, byKey, opts);
    const { byRule, warnings, planned, stale } = await leaveOutStale(
      tx,
      gstin,
      planByRule(ctx, groups, byKey),
      opts.seenVersions,
    );
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
      stale,
      versions: await versionsOf(
        tx,
        gstin,
        planned.flatMap((p) => p.changes.map((c) => c.key)),
      ),
    };
  });
}

/**
 * A bulk application of rules on a multi-user server: a record someone decided after the preview
 * the person confirmed is left out (STALE_RECORD) rather than refusing every other record.
 */
async function leaveOutStale(
  tx: AppContext['store'],
  gstin: string,
  plan: ReturnType<typeof planByRule>,
  seen: ReadonlyMap<string, number> | undefined,
): Promise<ReturnType<typeof planByRule> & { stale: StaleSkip[] }> {
  if (seen === undefined) return { ...plan, stale: [] };
  const all = plan.planned.flatMap((p) => p.changes);
  const { stale } = await splitStale(tx, gstin, all, seen, 'the preview you confirmed');
  if (stale.length === 0) return { ...plan, stale };
  const out = new Set(stale.map((s) => s.recordKey));
  return {
    warnings: plan.warnings,
    planned: plan.planned
      .map((p) => ({ ...p, changes: p.changes.filter((c) => !out.has(c.key)) }))
      .filter((p) => p.changes.length > 0),
    byRule: plan.byRule.map((b) => ({
      ...b,
      changes: b.changes.filter((c) => !out.has(c.key)),
    })),
    stale,
  };
}

/**
 * The proposals to apply, grouped by rule: a rule's, of the outcome asked for, safe when only
 * safe ones are asked for; and the held decisions kept.
 */
function selectProposals(
  r: Run,
  byKey: ReadonlyMap<string, WorkspaceRecord>,
  opts: ApplyProposalsOptions,
): {
  groups: Map<string, Proposal[]>;
  keptDecisions: ApplyProposalsResult['keptDecisions'];
  notSafe: number;
} {
  const outcomeOf = new Map(
    r.results.filter((m) => m.recordKey !== null).map((m) => [m.recordKey as string, m.outcome]),
  );
  const keptDecisions: ApplyProposalsResult['keptDecisions'] = [];
  let notSafe = 0;
  const groups = new Map<string, Proposal[]>();
  for (const p of r.proposals) {
    if (p.rule === '') continue;
    if (opts.outcome !== undefined && outcomeOf.get(p.recordKey) !== opts.outcome) continue;
    if (!byKey.has(p.recordKey)) continue;
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
    const g = groups.get(p.rule) ?? [];
    g.push(p);
    groups.set(p.rule, g);
  }
  return { groups, keptDecisions, notSafe };
}

type PlannedChanges = { source: string; changes: Parameters<typeof writeDecisions>[3] };

/** Each rule's proposals through the decision rules, rules in name order. */
function planByRule(
  ctx: AppContext,
  groups: ReadonlyMap<string, Proposal[]>,
  byKey: ReadonlyMap<string, WorkspaceRecord>,
): {
  byRule: RuleApplication[];
  warnings: { code: string; message: string }[];
  planned: PlannedChanges[];
} {
  const byRule: RuleApplication[] = [];
  const warnings: { code: string; message: string }[] = [];
  const planned: PlannedChanges[] = [];
  for (const [rule, proposals] of [...groups].sort((a, b) => a[0].localeCompare(b[0]))) {
    const items: PlannedDecision[] = proposals.map((p) => ({
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
  return { byRule, warnings, planned };
}
