// The reconciliation part of the API: register import (with a preview of the detected column
// mapping), the match run with outcomes and proposals, applying proposals, manual link/unlink.
import type { Hono } from 'hono';
import { z } from 'zod';
import type { AppContext } from '../app/context.js';
import { parsePeriod } from '../app/period-scope.js';
import { stoppedByRefusals } from '../app/refusal-policy.js';
import { PERIOD_SETTING } from '../app/reconcile-config.js';
import { importRegister } from '../app/import-register.js';
import {
  applyProposals,
  explainMatch,
  linkRecords,
  reconcileWorkspace,
  unlinkRecords,
} from '../app/reconcile-workspace.js';
import type { ReconcileRow } from '../app/reconcile-workspace.js';
import {
  applySelectedProposals,
  previewRegister,
  savedMatchFor,
  savedOutcomes,
} from '../app/web-reconcile.js';
import type { MatchReason, RegisterDocument } from '../core/index.js';
import { BadInputError, describeMatchReason, totalTax } from '../core/index.js';
import type {
  ApplyProposalsPayload,
  ExplainPayload,
  ImportRegisterPayload,
  ProposalDto,
  ReconcilePayload,
  ReconcileRowDto,
  ReconcileStatusPayload,
  RecordReconciliationDto,
  RegisterDocumentDto,
  RegisterPreviewPayload,
} from './api-types.js';
import type { WorkspaceStore } from '../store/index.js';
import { withUploadedFile } from './uploads.js';

const OUTCOMES = ['exact', 'probable', 'mismatch', 'missingInRegister', 'missingInPortal'] as const;
const ApplyBody = z.object({
  gstin: z.string().optional(),
  onlySafe: z.boolean().optional(),
  outcome: z.enum(OUTCOMES).optional(),
  dryRun: z.boolean().optional(),
  /** The preview's `versions` (its dry run's answer): records decided since are left out. */
  versions: z.record(z.string(), z.number().int().min(0)).optional(),
});
const ApplySelectedBody = z.object({
  gstin: z.string().optional(),
  keys: z.array(z.string().min(1)).min(1, 'choose at least one record'),
  dryRun: z.boolean().optional(),
  skipRefused: z.boolean().optional(),
  /** The preview's `versions`: a record decided since refuses the selection (409). */
  versions: z.record(z.string(), z.number().int().min(0)).optional(),
});
const LinkBody = z.object({
  gstin: z.string().optional(),
  recordKey: z.string().min(1),
  registerRef: z.string().min(1),
});
const UnlinkBody = z.object({ gstin: z.string().optional(), recordKey: z.string().min(1) });
const GstinBody = z.object({ gstin: z.string().optional() });

const reasons = (rs: readonly MatchReason[]): string[] => rs.map(describeMatchReason);

/**
 * ?period=MMYYYY: the period chosen in the web's top bar is the IMS period of the match (books
 * dated after its end are goods in transit), in place of the `period` setting, so the Reconcile
 * page and the Month page speak of one period. Every record is still matched.
 */
function withImsPeriod(ctx: AppContext, given: string | undefined): AppContext {
  if (given === undefined || given === '') return ctx;
  const period = parsePeriod(given, 'period');
  const wrap = (store: WorkspaceStore): WorkspaceStore =>
    new Proxy(store, {
      get(target, prop, receiver) {
        if (prop === 'getSetting')
          return (g: string, name: string) =>
            name === PERIOD_SETTING ? Promise.resolve(period) : target.getSetting(g, name);
        if (prop === 'transaction')
          return <T>(fn: (tx: WorkspaceStore) => Promise<T>) =>
            target.transaction((tx) => fn(wrap(tx)));
        const v = Reflect.get(target, prop, receiver) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
  return { ...ctx, store: wrap(ctx.store) };
}

export const documentDto = (d: RegisterDocument): RegisterDocumentDto => ({
  ref: d.ref,
  supplierGstin: d.supplierGstin,
  supplierName: d.supplierName,
  docNumber: d.docNumber,
  docDate: d.docDate,
  docType: d.docType,
  amounts: { ...d.amounts },
  pos: d.pos,
  sourceRows: d.sourceRows,
});

const proposalDto = (
  p: {
    action: ProposalDto['action'];
    remark: string | null;
    rule: string;
    safe: boolean;
    note: string | null;
  } | null,
): ProposalDto | null =>
  p === null
    ? null
    : { action: p.action, remark: p.remark, rule: p.rule, safe: p.safe, note: p.note };

function rowDto(r: ReconcileRow): ReconcileRowDto {
  return {
    recordKey: r.recordKey,
    registerRef: r.registerRef,
    section: r.section,
    supplierGstin: r.supplierGstin,
    supplierName: r.supplierName,
    documentNumber: r.documentNumber,
    documentDate: r.documentDate,
    registerDocNumber: r.registerDocNumber,
    registerDocDate: r.registerDocDate,
    outcome: r.outcome,
    score: r.score,
    reasons: reasons(r.reasons),
    proposal: proposalDto(r.proposal),
    currentAction: r.currentAction,
    manual: r.manual,
    portalValue: r.portalAmounts?.value ?? null,
    registerValue: r.registerAmounts?.value ?? null,
    portalTax: r.portalAmounts ? totalTax(r.portalAmounts) : null,
    registerTax: r.registerAmounts ? totalTax(r.registerAmounts) : null,
  };
}

/** The saved match of one record for the record panel. */
export async function recordReconciliation(
  ctx: AppContext,
  gstin: string,
  key: string,
): Promise<RecordReconciliationDto | null> {
  const m = await savedMatchFor(ctx, gstin, key);
  if (m === null) return null;
  return {
    outcome: m.outcome,
    score: m.score,
    reasons: m.reasonTexts,
    manual: m.manual,
    registerRef: m.registerRef,
    register: m.register ? documentDto(m.register) : null,
  };
}

function parseMap(raw: string | undefined): Record<string, string> | undefined {
  if (raw === undefined || raw === '') return undefined;
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    throw new BadInputError('map: expected a JSON object of header -> field', { field: 'map' });
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new BadInputError('map: expected a JSON object of header -> field', { field: 'map' });
  return Object.fromEntries(
    Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
}

export function reconcileRoutes(
  app: Hono,
  ctx: AppContext,
  gstinOf: (given: string | undefined) => Promise<string>,
  maxUpload: number,
  /** A multi-user server: an apply says which versions its preview showed. */
  multiUser = false,
): void {
  const seenOf = (body: {
    dryRun?: boolean | undefined;
    versions?: Record<string, number> | undefined;
  }): Map<string, number> | undefined => {
    if (multiUser && body.dryRun !== true && body.versions === undefined)
      throw new BadInputError(
        "versions: send back the versions the preview (dry run) answered, so that nobody's later decision is overwritten",
        { field: 'versions' },
      );
    return body.versions === undefined ? undefined : new Map(Object.entries(body.versions));
  };
  app.get('/api/reconcile/status', async (c) => {
    const s: ReconcileStatusPayload | null = await savedOutcomes(
      ctx,
      await gstinOf(c.req.query('gstin')),
    );
    return c.json(s);
  });

  app.post('/api/reconcile/run', async (c) => {
    const body = GstinBody.parse(await c.req.json().catch(() => ({})));
    const gstin = await gstinOf(body.gstin);
    const s = await reconcileWorkspace(withImsPeriod(ctx, c.req.query('period')), gstin);
    const payload: ReconcilePayload = {
      gstin,
      records: s.records,
      documents: s.documents,
      counts: s.counts,
      proposals: s.proposals,
      period: s.period,
      rows: s.rows.map(rowDto),
    };
    return c.json(payload);
  });

  app.post('/api/reconcile/apply', async (c) => {
    const body = ApplyBody.parse(await c.req.json());
    const gstin = await gstinOf(body.gstin);
    const r = await applyProposals(withImsPeriod(ctx, c.req.query('period')), {
      gstin,
      onlySafe: body.onlySafe,
      outcome: body.outcome,
      dryRun: body.dryRun,
      seenVersions: seenOf(body),
    });
    const payload: ApplyProposalsPayload = {
      applied: r.applied,
      dryRun: r.dryRun,
      considered: r.considered,
      changed: r.changed,
      unchanged: r.unchanged,
      refused: r.byRule.flatMap((b) => b.refused),
      keptDecisions: r.keptDecisions.length,
      notSafe: r.notSafe,
      withoutProposal: 0,
      byRule: r.byRule.map((b) => ({
        rule: b.rule,
        proposed: b.proposed,
        changed: b.changes.length,
      })),
      stale: r.stale,
      versions: r.versions,
    };
    return c.json(payload);
  });

  app.post('/api/reconcile/apply-selected', async (c) => {
    const body = ApplySelectedBody.parse(await c.req.json());
    const gstin = await gstinOf(body.gstin);
    const pctx = withImsPeriod(ctx, c.req.query('period'));
    const r = await applySelectedProposals(pctx, gstin, [...new Set(body.keys)], {
      dryRun: body.dryRun === true,
      skipRefused: body.skipRefused === true,
      seenVersions: seenOf(body),
    });
    const rules = new Map<string, number>();
    for (const ch of r.changes) rules.set(ch.rule, (rules.get(ch.rule) ?? 0) + 1);
    const payload: ApplyProposalsPayload = {
      applied: r.applied,
      dryRun: r.dryRun,
      considered: r.selected - r.withoutProposal,
      changed: r.changes.length,
      unchanged: r.unchanged,
      refused: r.refused,
      keptDecisions: 0,
      notSafe: 0,
      withoutProposal: r.withoutProposal,
      byRule: [...rules].map(([rule, changed]) => ({ rule, proposed: changed, changed })),
      stale: [],
      versions: r.versions,
    };
    return c.json(payload, stoppedByRefusals(r, { dryRun: r.dryRun }) ? 422 : 200);
  });

  app.post('/api/reconcile/link', async (c) => {
    const body = LinkBody.parse(await c.req.json());
    const r = await linkRecords(ctx, await gstinOf(body.gstin), body.recordKey, body.registerRef);
    return c.json({
      recordKey: r.recordKey,
      registerRef: r.registerRef,
      outcome: r.result?.outcome ?? null,
      reasons: r.result ? reasons(r.result.reasons) : [],
    });
  });

  app.post('/api/reconcile/unlink', async (c) => {
    const body = UnlinkBody.parse(await c.req.json());
    const r = await unlinkRecords(ctx, await gstinOf(body.gstin), body.recordKey);
    return c.json({
      recordKey: r.recordKey,
      registerRef: r.registerRef,
      removed: r.removed,
      outcome: r.result?.outcome ?? null,
    });
  });

  app.get('/api/reconcile/explain', async (c) => {
    const gstin = await gstinOf(c.req.query('gstin'));
    const key = c.req.query('key');
    if (!key) throw new BadInputError('say which record: ?key=', { field: 'key' });
    const x = await explainMatch(ctx, gstin, key, 5);
    const payload: ExplainPayload = {
      outcome: x.result.outcome,
      score: x.result.score,
      reasons: reasons(x.result.reasons),
      manual: x.result.manual,
      registerRef: x.result.registerRef,
      proposal: proposalDto(x.proposal),
      candidates: x.candidates.map((k) => ({
        ref: k.other,
        score: k.score,
        reasons: reasons(k.reasons),
        whyNot: k.whyNot,
        document: k.document ? documentDto(k.document) : null,
      })),
    };
    return c.json(payload);
  });

  app.post('/api/import/register/preview', async (c) => {
    const gstin = await gstinOf(c.req.query('gstin'));
    const preset = c.req.query('preset') || undefined;
    const map = parseMap(c.req.query('map'));
    const p = await withUploadedFile(c.req.raw, maxUpload, c.req.query('name'), (file) =>
      previewRegister(ctx, gstin, file, { preset, map, maxBytes: maxUpload }),
    );
    const payload: RegisterPreviewPayload = { ...p, sample: p.sample.map(documentDto) };
    return c.json(payload);
  });

  app.post('/api/import/register', async (c) => {
    const gstin = await gstinOf(c.req.query('gstin'));
    const preset = c.req.query('preset') || undefined;
    const map = parseMap(c.req.query('map'));
    const r = await withUploadedFile(c.req.raw, maxUpload, c.req.query('name'), (file) =>
      importRegister(ctx, { gstin, file, preset, map, maxBytes: maxUpload }),
    );
    const payload: ImportRegisterPayload = {
      file: r.file,
      documents: r.documents,
      rows: r.rows,
      skippedRows: r.skippedRows,
      badRows: r.badRows.slice(0, 500),
      warnings: r.warnings,
      periodFrom: r.periodFrom,
      periodTo: r.periodTo,
      replaced: r.replaced,
      kept: r.kept,
      droppedLinks: r.droppedLinks,
    };
    return c.json(payload);
  });
}
