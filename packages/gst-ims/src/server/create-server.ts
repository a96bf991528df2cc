// The local web server: a JSON API over the app use cases, and the built web app.
// Only the app layer is called; every rule stays in the engine.
import { randomBytes } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
// The use cases are imported one module at a time: the server depends on exactly these.
import type { AppContext } from '../app/context.js';
import { listGstins, listImports } from '../app/list-records.js';
import { itcReport, supplierReport } from '../app/reports.js';
import { parsePeriod, scopeToPeriod } from '../app/period-scope.js';
import { resolveGstin } from '../app/resolve-gstin.js';
import { validateWorkspace } from '../app/validate-workspace.js';
import { workspaceStatus } from '../app/workspace-status.js';
import type { CachedStore } from '../store/index.js';
import { cachedStore } from '../store/index.js';
import type {
  ChangesPayload,
  ImportLogDto,
  MetaPayload,
  StatusPayload,
  ValidatePayload,
} from './api-types.js';
import { VERSION_HEADER } from './api-types.js';
import { errorResponse, malformedUrl, tooLarge } from './errors.js';
import { monthRoutes } from './month-routes.js';
import { outwardRoutes } from './outward-routes.js';
import { recordRoutes } from './record-routes.js';
import { recordPageRoutes } from './record-page-routes.js';
import { uploadRoutes } from './upload-routes.js';
import { reconcileRoutes } from './reconcile-routes.js';
import { undoRoutes } from './undo-routes.js';
import { approvalRoutes } from './approval-routes.js';
import { practiceRoutes } from './practice-routes.js';
import { assignmentRoutes } from './assignment-routes.js';
import { excelRoutes } from './excel-routes.js';
import { jobRoutes } from './job-routes.js';
import { guard } from './security.js';
import type { MultiUserOptions } from './multi-user.js';
import { assertGstinAccess, multiUser, perAccountContext } from './multi-user.js';
import { staticHandler } from './static-files.js';
import { MAX_UPLOAD_BYTES } from './uploads.js';

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

/** POST routes that only read (their bodies are too long for a URL): they are not changes. */
const READ_ONLY_POSTS: ReadonlySet<string> = new Set(['/api/versions']);

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * 16 MB: a decision on every record of a 300,000-record workspace (about 50 bytes a key) fits;
 * a body meant to exhaust memory does not.
 */
export const MAX_JSON_BYTES = 16 * 1024 * 1024;

export function createServer(opts: ServerOptions): Hono {
  const cache =
    opts.cache ??
    cachedStore(opts.ctx.store, { watchOtherProcesses: opts.watchOtherProcesses === true });
  const base: AppContext = { ...opts.ctx, store: cache.store };
  const ctx: AppContext = opts.multiUser === undefined ? base : perAccountContext(base);
  const log = opts.log ?? ((s: string) => console.error(s));
  const maxUpload = opts.maxUploadBytes ?? MAX_UPLOAD_BYTES;
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
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || READ_ONLY_POSTS.has(c.req.path))
      return next();
    await next();
    version++;
    // Through the context, not c.res.headers: the guard's c.header() calls after this rebuild the
    // response from the context's headers, and a header set on c.res was lost on the wire (every
    // write of the page then looked like another's to its live-data watch).
    c.header(VERSION_HEADER, String(version));
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

  const routeCtx = { ctx, gstinOf, multiUser: opts.multiUser !== undefined };
  recordRoutes(app, { ...routeCtx, cache });
  // The grid a page at a time; each page says the change version it was read at.
  recordPageRoutes(app, {
    ctx,
    gstinOf,
    versionNow: async () => {
      await noteForeign();
      return version;
    },
  });
  uploadRoutes(app, { ...routeCtx, maxUpload });
  monthRoutes(app, { ...routeCtx, maxUpload });
  reconcileRoutes(app, ctx, gstinOf, maxUpload, routeCtx.multiUser);
  undoRoutes(app, ctx, gstinOf);
  approvalRoutes(app, ctx, gstinOf);
  practiceRoutes(app, ctx);
  assignmentRoutes(app, ctx, gstinOf);
  excelRoutes(app, ctx, gstinOf, maxUpload);
  outwardRoutes(app, ctx, gstinOf, maxUpload);
  // A bulk job writes after its request has been answered: the change version moves on then.
  jobRoutes(app, { ...routeCtx, log, onWritten: () => ++version });

  app.all('/api/*', (c) =>
    c.json({ error: `no such API route: ${c.req.method} ${c.req.path}`, kind: 'notFound' }, 404),
  );
  app.get('*', staticHandler(opts.webDir, opts.token));
  app.all('*', (c) => c.json({ error: 'not found', kind: 'notFound' }, 404));
  return app;
}
