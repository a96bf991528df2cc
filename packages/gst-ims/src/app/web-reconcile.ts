// Reconciliation use cases the web app needs beyond the CLI's: a register file previewed before
// it is imported (the detected column mapping, which the user may correct), the saved match of
// one record, saved outcome counts, and applying the proposals of records a person selected.
import { basename } from 'node:path';
import type {
  Action,
  ItcReduction,
  MatchOutcome,
  MatchReason,
  RegisterDocument,
} from '../core/index.js';
import {
  MATCH_OUTCOMES,
  NothingToDoError,
  auditSource,
  describeMatchReason,
} from '../core/index.js';
import { readRegisterSource } from '../io/read-register.js';
import { FIELD_LABELS, PRESETS, REGISTER_FIELDS } from '../io/register-headers.js';
import { readSource } from '../io/register-source.js';
import { cellText } from '../io/register-values.js';
import type { AppContext } from './context.js';
import { todayOf } from './context.js';
import type { DecisionChange, Refusal } from './decide.js';
import { planDecisions, writeDecisions } from './decide.js';
import { savedRegisterMapping } from './import-register.js';
import { reconcileWorkspace } from './reconcile-workspace.js';
import { checkVersions } from './record-versions.js';
import { writesChanges } from './refusal-policy.js';
import { versionsOf } from './stale-records.js';
import type { RegisterPreviewOf, SavedOutcomes } from './result-types.js';

// ---------------------------------------------------------------------------------------------
// Register preview

export type RegisterPreview = RegisterPreviewOf<RegisterDocument>;

/** Reads a register file as the import would, and says what it found; stores nothing. */
export async function previewRegister(
  ctx: AppContext,
  gstin: string,
  file: string,
  opts: {
    preset?: string | undefined;
    map?: Readonly<Record<string, string>> | undefined;
    maxBytes?: number | undefined;
  } = {},
): Promise<RegisterPreview> {
  const source = await readSource(file, opts.maxBytes);
  const read = readRegisterSource(source, basename(file), {
    preset: opts.preset,
    map: opts.map,
    savedMapping: await savedRegisterMapping(ctx, gstin),
    recipientGstin: gstin,
  });
  const sheet =
    source.sheets.find((s) => (read.sheet === null ? true : s.name === read.sheet)) ??
    source.sheets[0];
  const headers = (sheet?.grid[read.headerRow - 1] ?? []).map(cellText);
  let from: string | null = null;
  let to: string | null = null;
  for (const d of read.documents) {
    if (from === null || d.docDate < from) from = d.docDate;
    if (to === null || d.docDate > to) to = d.docDate;
  }
  return {
    file: read.file,
    preset: read.preset,
    presets: PRESETS,
    sheet: read.sheet,
    headerRow: read.headerRow,
    headers,
    mapping: read.mapping,
    fields: REGISTER_FIELDS.map((f) => ({ field: f, label: FIELD_LABELS[f] })),
    documents: read.documents.length,
    rows: read.rows,
    skippedRows: read.skippedRows,
    badRows: read.badRows.slice(0, 200),
    warnings: read.warnings,
    sample: read.documents.slice(0, 12),
    periodFrom: from,
    periodTo: to,
  };
}

// ---------------------------------------------------------------------------------------------
// Saved results

export interface SavedMatch {
  readonly outcome: MatchOutcome;
  readonly score: number;
  readonly reasons: readonly MatchReason[];
  readonly reasonTexts: string[];
  readonly manual: boolean;
  readonly registerRef: string | null;
  readonly register: RegisterDocument | null;
}

/** The saved match of one record (from the last reconcile run); null when none was run. */
export async function savedMatchFor(
  ctx: AppContext,
  gstin: string,
  recordKey: string,
): Promise<SavedMatch | null> {
  const m = (await ctx.store.loadMatches(gstin)).find((x) => x.recordKey === recordKey);
  if (!m) return null;
  const register =
    m.registerRef === null
      ? null
      : ((await ctx.store.loadRegister(gstin)).find((d) => d.ref === m.registerRef) ?? null);
  return {
    outcome: m.outcome,
    score: m.score,
    reasons: m.reasons,
    reasonTexts: m.reasons.map(describeMatchReason),
    manual: m.manual,
    registerRef: m.registerRef,
    register,
  };
}

export type { SavedOutcomes } from './result-types.js';

/** Outcome counts of the last reconcile run; null while no register is imported. */
export async function savedOutcomes(ctx: AppContext, gstin: string): Promise<SavedOutcomes | null> {
  const imports = await ctx.store.listRegisterImports(gstin);
  if (imports.length === 0) return null;
  const counts = Object.fromEntries(MATCH_OUTCOMES.map((o) => [o, 0])) as Record<
    MatchOutcome,
    number
  >;
  for (const m of await ctx.store.loadMatches(gstin)) counts[m.outcome]++;
  const documents = (await ctx.store.loadRegister(gstin)).length;
  const last = imports[imports.length - 1];
  return { counts, documents, lastRegisterImport: last ? { file: last.file, at: last.at } : null };
}

// ---------------------------------------------------------------------------------------------
// Apply the proposals of a selection

export interface ApplySelectedResult {
  readonly selected: number;
  /** Selected records without a proposal (no rule applies, or documents only in the books). */
  readonly withoutProposal: number;
  readonly changes: (DecisionChange & { rule: string })[];
  readonly unchanged: number;
  readonly refused: Refusal[];
  readonly applied: boolean;
  readonly dryRun: boolean;
  /** The version of each record planned to change: what a preview hands back as seenVersions. */
  readonly versions: Record<string, number>;
}

/**
 * A person applies the proposed actions of the records they selected: each through the engine's
 * rules, audited as theirs (source `web:<rule>`), all in one transaction. Refusals stop the
 * whole selection unless skipRefused.
 */
export async function applySelectedProposals(
  ctx: AppContext,
  gstin: string,
  keys: readonly string[],
  opts: {
    dryRun?: boolean;
    skipRefused?: boolean;
    /**
     * The versions its preview (dry run) showed: a record decided since refuses the whole
     * selection (StaleRecordsError, HTTP 409), as a decision on a stale view does.
     */
    seenVersions?: ReadonlyMap<string, number> | undefined;
  } = {},
): Promise<ApplySelectedResult> {
  const summary = await reconcileWorkspace(ctx, gstin);
  const wanted = new Set(keys);
  const proposals = summary.rows.filter(
    (r) => r.recordKey !== null && wanted.has(r.recordKey) && r.proposal !== null,
  );
  if (proposals.length === 0)
    throw new NothingToDoError('none of the selected records has a proposed action');
  return ctx.store.transaction(async (tx) => {
    const byKey = new Map((await tx.loadRecords(gstin)).map((r) => [r.record.key, r]));
    const groups = new Map<
      string,
      {
        rule: string;
        items: {
          current: NonNullable<ReturnType<typeof byKey.get>>;
          decision: { action: Action; remark: string | null; itcReduction: ItcReduction | null };
        }[];
      }
    >();
    for (const p of proposals) {
      const current = byKey.get(p.recordKey as string);
      const prop = p.proposal;
      if (!current || !prop || current.state.gone) continue;
      const g = groups.get(prop.rule) ?? { rule: prop.rule, items: [] };
      g.items.push({
        current,
        decision: {
          action: prop.action,
          remark: prop.action === 'noAction' || !prop.remark ? null : prop.remark,
          itcReduction: prop.itcReduction ?? null,
        },
      });
      groups.set(prop.rule, g);
    }
    const changes: (DecisionChange & { rule: string })[] = [];
    const refused: Refusal[] = [];
    let unchanged = 0;
    const planned: { rule: string; plan: ReturnType<typeof planDecisions> }[] = [];
    for (const g of groups.values()) {
      const plan = planDecisions(g.items, { today: todayOf(ctx) });
      planned.push({ rule: g.rule, plan });
      changes.push(
        ...plan.changes.map((c) => ({ key: c.key, from: c.from, to: c.to, rule: g.rule })),
      );
      refused.push(...plan.refused);
      unchanged += plan.unchanged;
    }
    if (opts.seenVersions !== undefined && opts.dryRun !== true)
      await checkVersions(
        tx,
        gstin,
        changes.map((c) => ({ key: c.key, decision: c.from })),
        opts.seenVersions,
      );
    const applied = writesChanges({ refused: refused.length, changes: changes.length }, opts);
    if (applied)
      for (const p of planned)
        if (p.plan.changes.length)
          await writeDecisions(ctx, tx, gstin, p.plan.changes, auditSource.web(p.rule));
    return {
      selected: keys.length,
      withoutProposal: keys.length - proposals.length,
      changes,
      unchanged,
      refused,
      applied,
      dryRun: opts.dryRun === true,
      versions: await versionsOf(
        tx,
        gstin,
        changes.map((c) => c.key),
      ),
    };
  });
}
