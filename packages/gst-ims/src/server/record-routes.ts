// The records' routes: the grid's rows, one record with its history and match, the versions a
// multi-user page sends back, and decisions. Registered by create-server.ts.
import type { Hono } from 'hono';
import { z } from 'zod';
import { approvalsOfRecords } from '../app/approvals.js';
import type { AppContext } from '../app/context.js';
import { decide } from '../app/decide.js';
import { stoppedByRefusals } from '../app/refusal-policy.js';
import { auditTrail, listRecords, recordDetail, recordOutcomes } from '../app/list-records.js';
import type { ItcReduction, WorkspaceRecord } from '../core/index.js';
import {
  declarationSummary,
  BadInputError,
  DECISION_VERBS,
  NothingToDoError,
  isDirty,
} from '../core/index.js';
import type { CachedStore } from '../store/index.js';
import type {
  AuditEntryDto,
  DecidePayload,
  RecordDetailPayload,
  RecordReconciliationDto,
} from './api-types.js';
import { ItcReductionBody, toItcReduction } from './itc-reduction-body.js';
import { NotFoundError } from './errors.js';
import { recordReconciliation } from './reconcile-routes.js';
import { recordsPayload } from './record-tuples.js';

const VersionsBody = z.object({
  gstin: z.string().optional(),
  keys: z.array(z.string().min(1)).max(1_000_000),
});

const DecideBody = z.object({
  gstin: z.string().optional(),
  keys: z.array(z.string().min(1)).min(1, 'choose at least one record').max(1_000_000),
  verb: z.enum(DECISION_VERBS),
  remark: z.string().max(2000).nullable().optional(),
  itcReduction: ItcReductionBody,
  dryRun: z.boolean().optional(),
  skipRefused: z.boolean().optional(),
  /** The version of each record the page saw (GET /api/versions); absent keys: version 0. */
  versions: z.record(z.string(), z.number().int().min(0)).optional(),
});

export interface RecordRoutesContext {
  readonly ctx: AppContext;
  readonly cache: CachedStore;
  readonly gstinOf: (given: string | undefined) => Promise<string>;
  /** A multi-user server: decisions carry the record versions the person saw. */
  readonly multiUser: boolean;
}

export function recordRoutes(
  app: Hono,
  { ctx, cache, gstinOf, multiUser }: RecordRoutesContext,
): void {
  // The last /api/records text, sent again while neither the records nor the matches reloaded.
  let recordsJson: { gstin: string; id: string; json: string } | null = null;
  // The records and the outcomes of their last match, as the read cache holds them: an id that
  // changes whenever either is loaded again (null while either is not cached).
  const snapshotOf = (gstin: string): string | null => {
    const r = cache.snapshotId(gstin, 'records');
    const m = cache.snapshotId(gstin, 'matches');
    return r === null || m === null ? null : `${r}:${m}`;
  };

  app.get('/api/records', async (c) => {
    const gstin = await gstinOf(c.req.query('gstin'));
    const before = snapshotOf(gstin);
    // Loading the records checks the SQLite file's stamp: unchanged, the matches loaded at the
    // same stamp still hold too, and the text made from both is sent again as it is.
    const rows = await listRecords(ctx, gstin);
    let json: string;
    if (recordsJson?.gstin === gstin && recordsJson.id === snapshotOf(gstin))
      json = recordsJson.json;
    else {
      const outcomes = await recordOutcomes(ctx, gstin);
      const id = snapshotOf(gstin);
      json = JSON.stringify(recordsPayload(gstin, rows, outcomes));
      // Keep the text only when it certainly belongs to these loads (no reload raced with them).
      if (id !== null && (before === null || before === id)) recordsJson = { gstin, id, json };
    }
    return new Response(json, {
      headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
    });
  });

  app.get('/api/record', async (c) => {
    const gstin = await gstinOf(c.req.query('gstin'));
    const key = c.req.query('key');
    if (!key) throw new BadInputError('say which record: ?key=', { field: 'key' });
    const d = await recordDetail(ctx, gstin, key).catch((e: unknown) => {
      throw e instanceof NothingToDoError ? new NotFoundError(e.message) : e;
    });
    const [approval] = await approvalsOfRecords(ctx.store, gstin, [key]);
    return c.json({
      ...detailPayload(d.row, d.history.map(auditDto), await recordReconciliation(ctx, gstin, key)),
      approval:
        approval === undefined
          ? null
          : { by: approval.by, at: approval.at, current: approval.current },
    } satisfies RecordDetailPayload);
  });

  // The version of every record decided at least once (the others are at 0): a multi-user page
  // sends back the ones it saw with each decision.
  app.get('/api/versions', async (c) => {
    const gstin = await gstinOf(c.req.query('gstin'));
    const key = c.req.query('key');
    const versions = await ctx.store.recordVersions(gstin, key === undefined ? null : [key]);
    return c.json({ gstin, versions: Object.fromEntries(versions) }, 200, {
      'cache-control': 'no-store',
    });
  });

  // The versions of the records about to be decided, by key, in one request: a bulk decision
  // asks for its own keys, not every record's (too many for a URL, hence a POST; it reads only,
  // and does not count as a change: create-server.ts READ_ONLY_POSTS).
  app.post('/api/versions', async (c) => {
    const body = VersionsBody.parse(await c.req.json());
    const gstin = await gstinOf(body.gstin);
    const versions = await ctx.store.recordVersions(gstin, [...new Set(body.keys)]);
    return c.json({ gstin, versions: Object.fromEntries(versions) }, 200, {
      'cache-control': 'no-store',
    });
  });

  app.get('/api/history', async (c) => {
    const gstin = await gstinOf(c.req.query('gstin'));
    const key = c.req.query('key');
    if (!key) throw new BadInputError('say which record: ?key=', { field: 'key' });
    return c.json((await auditTrail(ctx, gstin, key)).map(auditDto));
  });

  app.post('/api/decide', async (c) => {
    const body = DecideBody.parse(await c.req.json());
    const gstin = await gstinOf(body.gstin);
    const keys = [...new Set(body.keys)];
    const itcReduction = toItcReduction(body.itcReduction ?? null);
    if (multiUser && body.versions === undefined)
      throw new BadInputError(
        "versions: say which version of each record you saw (GET /api/versions), so that nobody overwrites another person's decision",
        { field: 'versions' },
      );
    const r = await decide(ctx, {
      gstin,
      selector: { keys },
      verb: body.verb,
      remark: body.remark ?? null,
      itcReduction,
      source: 'web',
      dryRun: body.dryRun === true,
      skipRefused: body.skipRefused === true,
      seenVersions:
        body.versions === undefined ? undefined : new Map(Object.entries(body.versions)),
    });
    const payload: DecidePayload = {
      selected: r.selected,
      missing: keys.length - r.selected,
      changes: r.changes
        .slice(0, 5000)
        .map((x) => ({ key: x.key, from: x.from.action, to: x.to.action })),
      changed: r.changes.length,
      unchanged: r.unchanged,
      refused: r.refused,
      warnings: r.warnings,
      applied: r.applied,
      dryRun: body.dryRun === true,
      declarations: r.declarations,
      declarationNotes:
        body.verb === 'accept' ? declarationSummary(r.declarations, itcReduction) : [],
      updated: null,
    };
    if (r.applied) {
      // Only the changed records, by key: a decision on one record of a million reads one.
      const changed = [...new Set(r.changes.map((x) => x.key))];
      const rows = await ctx.store.loadRecordsByKeys(gstin, changed);
      // Their outcomes by key too, not the last run's whole results (decision 0048).
      const outcomes = await ctx.store.matchOutcomes(gstin, changed);
      const versions = !multiUser
        ? {}
        : { versions: Object.fromEntries(await ctx.store.recordVersions(gstin, changed)) };
      return c.json({ ...payload, updated: recordsPayload(gstin, rows, outcomes), ...versions });
    }
    if (stoppedByRefusals(r, body)) {
      return c.json(
        {
          error: `${r.refused.length} of the ${r.selected} selected record(s) break the portal's rules, so nothing was changed; apply to the others only, or fix the selection`,
          kind: 'refused',
          refusals: r.refused,
          details: payload,
        },
        422,
      );
    }
    return c.json(payload);
  });
}

function auditDto(e: {
  at: string;
  user: string;
  fromAction: AuditEntryDto['fromAction'];
  toAction: AuditEntryDto['toAction'];
  remark: string | null;
  itcReduction: ItcReduction | null;
  source: string;
}): AuditEntryDto {
  return {
    at: e.at,
    user: e.user,
    fromAction: e.fromAction,
    toAction: e.toAction,
    remark: e.remark,
    itcReduction: e.itcReduction,
    source: e.source,
  };
}

function detailPayload(
  w: WorkspaceRecord,
  history: AuditEntryDto[],
  reconciliation: RecordReconciliationDto | null,
): Omit<RecordDetailPayload, 'approval'> {
  const r = w.record;
  const s = w.state;
  return {
    key: r.key,
    section: r.section,
    supplierGstin: r.supplierGstin,
    supplierName: r.supplierName,
    docNumber: r.docNumber,
    docDate: r.docDate,
    originalDocNumber: r.originalDocNumber,
    originalDocDate: r.originalDocDate,
    invType: r.invType,
    srcForm: r.srcForm,
    returnPeriod: r.returnPeriod,
    supplierFiled: r.supplierFiled,
    pos: r.pos,
    amounts: { ...r.amounts },
    portalAction: r.portalAction,
    portalRemark: r.portalRemark,
    portalItcReduction: r.portalItcReduction,
    pendingBlocked: r.pendingBlocked,
    remarksBlocked: r.remarksBlocked,
    itcReductionBlocked: r.itcReductionBlocked,
    hash: r.hash,
    extra: r.extra,
    decision: s.decision,
    dirty: !s.gone && isDirty(r, s.decision),
    changedBySupplier: s.changedBySupplier,
    gone: s.gone,
    portalError: s.portalError,
    history,
    reconciliation,
  };
}
