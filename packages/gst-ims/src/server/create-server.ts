// The local web server: a JSON API over the app use cases, and the built web app.
// Only the app layer is called; every rule stays in the engine.
import { randomBytes } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
// The use cases are imported one module at a time: the server depends on exactly these.
import type { AppContext } from '../app/context.js';
import { decide } from '../app/decide.js';
import { stoppedByRefusals } from '../app/refusal-policy.js';
import { importErrors } from '../app/import-errors.js';
import { importIms } from '../app/import-ims.js';
import {
  auditTrail,
  listGstins,
  listImports,
  listRecords,
  recordDetail,
  recordOutcomes,
} from '../app/list-records.js';
import { itcReport, supplierReport } from '../app/reports.js';
import { importGstr2b, importGstr3b, monthView, storeGstr3b } from '../app/month-cycle.js';
import { parsePeriod, scopeToPeriod } from '../app/period-scope.js';
import { workPeriods } from '../app/work-period.js';
import { resolveGstin } from '../app/resolve-gstin.js';
import { exportUploadFiles, uploadPreview } from '../app/upload-download.js';
import { validateWorkspace } from '../app/validate-workspace.js';
import { workspaceStatus } from '../app/workspace-status.js';
import type { ItcReduction, MatchOutcome, WorkspaceRecord } from '../core/index.js';
import {
  declarationSummary,
  BadInputError,
  DECISION_VERBS,
  NothingToDoError,
  actionToCode,
  isDirty,
  parseItcReduction,
} from '../core/index.js';
import type { CachedStore } from '../store/index.js';
import { cachedStore } from '../store/index.js';
import type {
  AuditEntryDto,
  ChangesPayload,
  DecidePayload,
  ImportErrorsPayload,
  ImportImsPayload,
  ImportLogDto,
  MetaPayload,
  RecordDetailPayload,
  RecordReconciliationDto,
  RecordTuple,
  RecordsPayload,
  StatusPayload,
  UploadExportPayload,
  UploadPreviewPayload,
  ValidatePayload,
} from './api-types.js';
import { FLAG, VERSION_HEADER } from './api-types.js';
import { NotFoundError, errorResponse, malformedUrl, tooLarge } from './errors.js';
import { outwardRoutes } from './outward-routes.js';
import { reconcileRoutes, recordReconciliation } from './reconcile-routes.js';
import { undoRoutes } from './undo-routes.js';
import { approvalRoutes } from './approval-routes.js';
import { practiceRoutes } from './practice-routes.js';
import { assignmentRoutes } from './assignment-routes.js';
import { excelRoutes } from './excel-routes.js';
import { guard } from './security.js';
import type { MultiUserOptions } from './multi-user.js';
import { assertGstinAccess, multiUser, perAccountContext } from './multi-user.js';
import { staticHandler } from './static-files.js';
import { MAX_UPLOAD_BYTES, withUploadedFile } from './uploads.js';

export interface ServerOptions {
  readonly ctx: AppContext;
  /** The session token; create one with newToken(). */
  readonly token: string;
  /** The port the server listens on (for the Host check); a getter because port 0 is resolved at listen. */
  readonly port: () => number | null;
  /** The built web app (packages/web/dist); null serves the API only. */
  readonly webDir: string | null;
  readonly version?: string;
  /** Largest file accepted by the import routes, in bytes (default 512 MB). */
  readonly maxUploadBytes?: number;
  /** Largest JSON body of the other API routes, in bytes (default MAX_JSON_BYTES). */
  readonly maxJsonBytes?: number;
  readonly log?: (line: string) => void;
  /**
   * Notice writes by other processes to the workspace (gst-ims act in a terminal) through the
   * store's changeStamp(): the read cache and GET /api/changes see them. Off, only this server's.
   */
  readonly watchOtherProcesses?: boolean;
  /** A read cache made by the caller (startServer warms it); by default one is made here. */
  readonly cache?: CachedStore;
  /**
   * Serve several people (issue 16, decision 0037): sign-in, sessions, roles, per-GSTIN access,
   * and decisions checked against the record versions the person saw. Off: one local user.
   */
  readonly multiUser?: Omit<MultiUserOptions, 'store'>;
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

const KEEP_EXPORTS = 5;

/**
 * 16 MB: a decision on every record of a 300,000-record workspace (about 50 bytes a key) fits;
 * a body meant to exhaust memory does not.
 */
export const MAX_JSON_BYTES = 16 * 1024 * 1024;

const Rupees = z.union([z.number(), z.string()]);
const DecideBody = z.object({
  gstin: z.string().optional(),
  keys: z.array(z.string().min(1)).min(1, 'choose at least one record').max(1_000_000),
  verb: z.enum(DECISION_VERBS),
  remark: z.string().max(2000).nullable().optional(),
  itcReduction: z
    .union([
      z.object({ kind: z.enum(['full', 'none']) }),
      z.object({
        kind: z.literal('partial'),
        igst: Rupees,
        cgst: Rupees,
        sgst: Rupees,
        cess: Rupees,
      }),
    ])
    .nullable()
    .optional(),
  dryRun: z.boolean().optional(),
  skipRefused: z.boolean().optional(),
  /** The version of each record the page saw (GET /api/versions); absent keys: version 0. */
  versions: z.record(z.string(), z.number().int().min(0)).optional(),
});
const GstinBody = z.object({ gstin: z.string().optional() });

export function createServer(opts: ServerOptions): Hono {
  const cache =
    opts.cache ??
    cachedStore(opts.ctx.store, { watchOtherProcesses: opts.watchOtherProcesses === true });
  const base: AppContext = { ...opts.ctx, store: cache.store };
  const ctx: AppContext = opts.multiUser === undefined ? base : perAccountContext(base);
  let recordsJson: { gstin: string; id: string; json: string } | null = null;
  const log = opts.log ?? ((s: string) => console.error(s));
  const maxUpload = opts.maxUploadBytes ?? MAX_UPLOAD_BYTES;
  const exports = new Map<string, { name: string; json: string }[]>();
  const app = new Hono();

  app.onError((e, c) => errorResponse(e, c, log));
  app.use(
    '*',
    guard({ token: opts.token, port: opts.port, multiUser: opts.multiUser !== undefined }),
  );
  app.use('*', malformedUrl());
  const maxJson = opts.maxJsonBytes ?? MAX_JSON_BYTES;
  const jsonLimit = bodyLimit({ maxSize: maxJson, onError: tooLarge(maxJson) });
  // File uploads have their own, larger limit (uploads.ts); every other body is JSON.
  const limitJson: MiddlewareHandler = (c, next) =>
    c.req.path.startsWith('/api/import/') ? next() : jsonLimit(c, next);
  app.use('/api/*', limitJson);
  if (opts.multiUser !== undefined) multiUser(app, { ...opts.multiUser, store: opts.ctx.store });

  const gstinOf = (given: string | undefined): Promise<string> => {
    if (given !== undefined && given !== '') assertGstinAccess(given);
    return resolveGstin(ctx.store, given === '' ? undefined : given);
  };
  // ?period=MMYYYY, as --period in the CLI: the web's period switcher.
  const periodOf = (given: string | undefined): string | undefined =>
    given === undefined || given === '' ? undefined : parsePeriod(given, 'period');

  app.get('/api/meta', async (c) => {
    const body: MetaPayload = {
      version: opts.version ?? '0.1.0',
      user: ctx.user,
      gstins: await listGstins(ctx),
      features: { reconciliation: true },
    };
    return c.json(body);
  });

  app.get('/api/gstins', async (c) => c.json(await listGstins(ctx)));

  // A cheap question the page asks every few seconds: has the workspace changed (a decision in
  // another tab, `gst-ims act` in a terminal)? The answer is a version: one more for every request
  // here that could write (its response carries the version it made, so the page that sent it
  // knows that change is its own), and one more whenever the store's change stamp moved, which
  // SQLite moves only for another connection's commits (another process), never for ours: so a
  // change of another process is never taken for one of ours, however close together they come.
  const stamp = opts.watchOtherProcesses === true ? () => opts.ctx.store.changeStamp() : null;
  let version = 0;
  let seen: string | null = null;
  const noteForeign = async (): Promise<void> => {
    if (!stamp) return;
    const now = await stamp();
    if (seen !== null && now !== seen) version++;
    seen = now;
  };
  app.use('/api/*', async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    await next();
    version++;
    c.res.headers.set(VERSION_HEADER, String(version));
  });
  app.get('/api/changes', async (c) => {
    await noteForeign();
    const body: ChangesPayload = { stamp: String(version), version };
    return c.json(body, 200, { 'cache-control': 'no-store' });
  });

  app.get('/api/status', async (c) => {
    const period = periodOf(c.req.query('period'));
    const gstin = await gstinOf(c.req.query('gstin'));
    const body: StatusPayload = await workspaceStatus(scopeToPeriod(ctx, period), gstin);
    return c.json(body);
  });
  app.get('/api/itc', async (c) => {
    const period = periodOf(c.req.query('period'));
    return c.json(await itcReport(ctx, await gstinOf(c.req.query('gstin')), { period }));
  });
  app.get('/api/suppliers', async (c) => {
    const period = periodOf(c.req.query('period'));
    return c.json(await supplierReport(ctx, await gstinOf(c.req.query('gstin')), { period }));
  });
  app.get('/api/validate', async (c) => {
    const body: ValidatePayload = await validateWorkspace(ctx, await gstinOf(c.req.query('gstin')));
    return c.json(body);
  });
  app.get('/api/imports', async (c) => {
    const body: ImportLogDto[] = (await listImports(ctx, await gstinOf(c.req.query('gstin')))).map(
      (i) => ({ kind: i.kind, file: i.file, at: i.at, user: i.user, summary: i.summary }),
    );
    return c.json(body);
  });

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
    return c.json(
      detailPayload(d.row, d.history.map(auditDto), await recordReconciliation(ctx, gstin, key)),
    );
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
    if (opts.multiUser !== undefined && body.versions === undefined)
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
      const changed = new Set(r.changes.map((x) => x.key));
      const rows = (await listRecords(ctx, gstin)).filter((w) => changed.has(w.record.key));
      const outcomes = await recordOutcomes(ctx, gstin);
      const versions =
        opts.multiUser === undefined
          ? {}
          : { versions: Object.fromEntries(await ctx.store.recordVersions(gstin, [...changed])) };
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

  app.get('/api/upload/preview', async (c) => {
    const body: UploadPreviewPayload = await uploadPreview(
      ctx,
      await gstinOf(c.req.query('gstin')),
    );
    return c.json(body);
  });

  app.post('/api/upload/export', async (c) => {
    const body = GstinBody.parse(await c.req.json().catch(() => ({})));
    const gstin = await gstinOf(body.gstin);
    const r = await exportUploadFiles(ctx, gstin, {
      baseName: `ims-upload-${gstin}-${ctx.now().slice(0, 10)}`,
    });
    const id = randomBytes(12).toString('hex');
    exports.set(
      id,
      r.files.map((f) => ({ name: f.name, json: f.json })),
    );
    while (exports.size > KEEP_EXPORTS) exports.delete(exports.keys().next().value as string);
    const payload: UploadExportPayload = {
      save: r.save,
      reset: r.reset,
      files: r.files.map((f, i) => ({
        name: f.name,
        reqtyp: f.reqtyp,
        records: f.records,
        bytes: f.bytes,
        counts: f.counts,
        url: `/api/upload/files/${id}/${i}`,
      })),
    };
    return c.json(payload);
  });

  app.get('/api/upload/files/:id/:index', (c) => {
    const f = exports.get(c.req.param('id'))?.[Number(c.req.param('index'))];
    if (!f) throw new NotFoundError('this download has expired; generate the upload again');
    return new Response(f.json, {
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'content-disposition': `attachment; filename="${f.name.replace(/[^\w.-]/g, '_')}"`,
        'cache-control': 'no-store',
      },
    });
  });

  app.post('/api/import/ims', async (c) => {
    const gstin = c.req.query('gstin') || undefined;
    const body: ImportImsPayload = await withUploadedFile(
      c.req.raw,
      maxUpload,
      c.req.query('name'),
      (file) =>
        importIms(ctx, {
          file,
          gstin,
          maxBytes: maxUpload,
          allowEmpty: c.req.query('allowEmpty') === '1',
        }),
    );
    return c.json(body);
  });

  app.post('/api/import/errors', async (c) => {
    const gstin = await gstinOf(c.req.query('gstin'));
    const body: ImportErrorsPayload = await withUploadedFile(
      c.req.raw,
      maxUpload,
      c.req.query('name'),
      (file) => importErrors(ctx, gstin, file, { forFile: c.req.query('for') || undefined }),
    );
    return c.json(body);
  });

  // The month (issue 12): the period's projection, 2B and 3B checks and deadline counts.
  // `current`: the period to open on when the user has not chosen one (app/work-period.ts).
  app.get('/api/periods', async (c) =>
    c.json(await workPeriods(ctx, await gstinOf(c.req.query('gstin')))),
  );
  app.get('/api/month', async (c) => {
    const gstin = await gstinOf(c.req.query('gstin'));
    const given = c.req.query('period');
    const period =
      given === undefined || given === ''
        ? (await workPeriods(ctx, gstin)).current
        : parsePeriod(given, 'period');
    if (period === null)
      throw new NothingToDoError('the workspace holds no record of any period yet');
    return c.json(await monthView(ctx, gstin, period));
  });
  app.post('/api/import/gstr2b', async (c) => {
    const gstin = c.req.query('gstin') || undefined;
    const body = await withUploadedFile(c.req.raw, maxUpload, c.req.query('name'), (file) =>
      importGstr2b(ctx, { files: [file], gstin, maxBytes: maxUpload }),
    );
    return c.json(body);
  });
  app.post('/api/import/gstr3b', async (c) => {
    const gstin = c.req.query('gstin') || undefined;
    const body = await withUploadedFile(c.req.raw, maxUpload, c.req.query('name'), (file) =>
      importGstr3b(ctx, { file, gstin }),
    );
    return c.json(body);
  });
  // Table 4 typed in the web app, sent as the portal's GSTR-3B JSON (ret_period, itc_elg).
  app.post('/api/gstr3b/table4', async (c) => {
    const gstin = c.req.query('gstin') || undefined;
    const data: unknown = await c.req.json();
    return c.json(await storeGstr3b(ctx, { data, name: 'Table 4 typed in the web app', gstin }));
  });

  app.get('/api/upload-files', async (c) => {
    const gstin = await gstinOf(c.req.query('gstin'));
    const files = await ctx.store.listUploadFiles(gstin);
    return c.json({ files: files.map((f) => ({ ...f, createdAt: f.at })) });
  });

  reconcileRoutes(app, ctx, gstinOf, maxUpload);
  undoRoutes(app, ctx, gstinOf);
  approvalRoutes(app, ctx, gstinOf);
  practiceRoutes(app, ctx);
  assignmentRoutes(app, ctx, gstinOf);
  excelRoutes(app, ctx, gstinOf, maxUpload);
  outwardRoutes(app, ctx, gstinOf, maxUpload);

  app.all('/api/*', (c) =>
    c.json({ error: `no such API route: ${c.req.method} ${c.req.path}`, kind: 'notFound' }, 404),
  );
  app.get('*', staticHandler(opts.webDir, opts.token));
  app.all('*', (c) => c.json({ error: 'not found', kind: 'notFound' }, 404));
  return app;
}

function toItcReduction(r: z.infer<typeof DecideBody>['itcReduction'] | null): ItcReduction | null {
  if (r === null || r === undefined) return null;
  const { kind, ...amounts } = r;
  const parsed = parseItcReduction({ kind, amounts });
  if (parsed.ok) return parsed.value;
  const field = `itcReduction.${parsed.errors[0]?.field ?? 'kind'}`;
  throw new BadInputError(
    parsed.errors.map((e) => `itcReduction.${e.field}: ${e.message}`).join('; '),
    { field },
  );
}

function flagsOf({ record: r, state: s }: WorkspaceRecord): number {
  let f = 0;
  if (!s.gone && isDirty(r, s.decision)) f |= FLAG.dirty;
  if (s.changedBySupplier) f |= FLAG.changedBySupplier;
  if (s.gone) f |= FLAG.gone;
  if (r.pendingBlocked) f |= FLAG.pendingBlocked;
  if (r.remarksBlocked) f |= FLAG.remarksBlocked;
  if (r.itcReductionBlocked) f |= FLAG.itcReductionBlocked;
  if (r.supplierFiled === true) f |= FLAG.supplierFiled;
  if (r.supplierFiled === false) f |= FLAG.supplierNotFiled;
  return f;
}

export const RECORD_COLUMNS = [
  'key',
  'section',
  'supplier',
  'docNumber',
  'docDate',
  'originalDocNumber',
  'originalDocDate',
  'returnPeriod',
  'pos',
  'value',
  'taxable',
  'igst',
  'cgst',
  'sgst',
  'cess',
  'portalAction',
  'decision',
  'remark',
  'itcReduction',
  'flags',
  'portalError',
  'match',
] as const;

/** The records as they travel; `outcomes` holds each record's last match outcome by key. */
export function recordsPayload(
  gstin: string,
  rows: readonly WorkspaceRecord[],
  outcomes: ReadonlyMap<string, MatchOutcome>,
): RecordsPayload {
  const supplierIndex = new Map<string, number>();
  const suppliers: [string, string | null][] = [];
  const out: RecordTuple[] = new Array<RecordTuple>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const w = rows[i] as WorkspaceRecord;
    const r = w.record;
    let si = supplierIndex.get(r.supplierGstin);
    if (si === undefined) {
      si = suppliers.length;
      supplierIndex.set(r.supplierGstin, si);
      suppliers.push([r.supplierGstin, r.supplierName]);
    } else if (suppliers[si]?.[1] === null && r.supplierName !== null) {
      (suppliers[si] as [string, string | null])[1] = r.supplierName;
    }
    const a = r.amounts;
    const err = w.state.portalError;
    out[i] = [
      r.key,
      r.section,
      si,
      r.docNumber,
      r.docDate,
      r.originalDocNumber,
      r.originalDocDate,
      r.returnPeriod,
      r.pos,
      a.value,
      a.taxable,
      a.igst,
      a.cgst,
      a.sgst,
      a.cess,
      actionToCode(r.portalAction),
      actionToCode(w.state.decision.action),
      w.state.decision.remark,
      w.state.decision.itcReduction?.kind ?? null,
      flagsOf(w),
      err === null ? null : `${err.code ? `${err.code}: ` : ''}${err.message}`,
      outcomes.get(r.key) ?? null,
    ];
  }
  return { gstin, columns: RECORD_COLUMNS, suppliers, rows: out };
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
): RecordDetailPayload {
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
