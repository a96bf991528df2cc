import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../app/context.js';
import { importIms } from '../app/import-ims.js';
import { openSqliteStore } from '../store/index.js';
import type {
  ApplyProposalsPayload,
  ExplainPayload,
  ImportRegisterPayload,
  ReconcilePayload,
  ReconcileStatusPayload,
  RecordDetailPayload,
  RegisterPreviewPayload,
} from './api-types.js';
import { TOKEN_HEADER } from './api-types.js';
import { createServer } from './create-server.js';

const FIXTURES = resolve(
  fileURLToPath(new URL('.', import.meta.url)),
  '../../../../tests/fixtures',
);
const PORT = 5177;
const ORIGIN = `http://127.0.0.1:${PORT}`;
const TOKEN = 'test-token-reconcile-0123456789abcdef0123';

describe('reconciliation API', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gst-ims-server-rec-'));
  let ctx: AppContext;
  let app: Hono;
  const register = readFileSync(join(FIXTURES, 'register', 'tally-purchase-register.csv'));

  const req = (
    path: string,
    init: RequestInit & { headers?: Record<string, string> } = {},
  ): Promise<Response> =>
    Promise.resolve(
      app.request(`${ORIGIN}${path}`, {
        ...init,
        headers: {
          host: `127.0.0.1:${PORT}`,
          origin: ORIGIN,
          [TOKEN_HEADER]: TOKEN,
          ...init.headers,
        },
      }),
    );
  const json = async <T>(r: Promise<Response> | Response, status = 200): Promise<T> => {
    const res = await r;
    expect(res.status, await res.clone().text()).toBe(status);
    return (await res.json()) as T;
  };
  const post = (path: string, body: unknown): Promise<Response> =>
    req(path, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });

  beforeAll(async () => {
    const store = await openSqliteStore(join(dir, 'ws.sqlite'));
    ctx = { store, user: 'asha', now: () => '2026-11-05T10:00:00.000Z' };
    await importIms(ctx, { file: join(FIXTURES, 'ims', 'offline-download.json') });
    app = createServer({
      ctx,
      token: TOKEN,
      port: () => PORT,
      webDir: null,
      log: () => undefined,
      dbFile: join(dir, 'ws.sqlite'),
    });
  });

  afterAll(async () => {
    await ctx.store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('says the register is missing before one is imported', async () => {
    expect(await json<ReconcileStatusPayload | null>(req('/api/reconcile/status'))).toBeNull();
    const r = await post('/api/reconcile/run', {});
    expect(r.status).toBe(409);
    expect(((await r.json()) as { error: string }).error).toContain('purchase register is empty');
  });

  it('previews a register file: every header, the detected mapping, documents and bad rows; stores nothing', async () => {
    const p = await json<RegisterPreviewPayload>(
      req('/api/import/register/preview?name=tally.csv', { method: 'POST', body: register }),
    );
    expect(p.file).toBe('tally.csv');
    expect(p.headers).toContain('Supplier Invoice No.');
    expect(p.mapping.docNumber).toBe('Supplier Invoice No.');
    expect(p.mapping.supplierGstin).toBe('GSTIN/UIN');
    expect(p.documents).toBeGreaterThan(2);
    expect(p.sample[0]?.amounts.taxable).toBeGreaterThan(0);
    expect(p.fields.map((f) => f.field)).toContain('docNumber');
    expect(await json<ReconcileStatusPayload | null>(req('/api/reconcile/status'))).toBeNull();
    // A correction of the mapping is applied in the preview.
    const q = await json<RegisterPreviewPayload>(
      req(
        `/api/import/register/preview?name=tally.csv&map=${encodeURIComponent(JSON.stringify({ 'Place of Supply': 'ignore' }))}`,
        { method: 'POST', body: register },
      ),
    );
    expect(q.mapping.pos).toBeUndefined();
    const bad = await req('/api/import/register/preview?name=tally.csv&map=nope', {
      method: 'POST',
      body: register,
    });
    expect(bad.status).toBe(400);
  });

  it('imports the register, runs the match with outcomes and proposals, shows it on the record', async () => {
    const imp = await json<ImportRegisterPayload>(
      req('/api/import/register?name=tally.csv', { method: 'POST', body: register }),
    );
    expect(imp.documents).toBeGreaterThan(2);
    const run = await json<ReconcilePayload>(post('/api/reconcile/run', {}));
    expect(run.rows.length).toBe(Object.values(run.counts).reduce((a, b) => a + b, 0));
    expect(run.counts.missingInRegister).toBeGreaterThan(0);
    expect(run.counts.missingInPortal).toBeGreaterThan(0);
    const missing = run.rows.find((r) => r.outcome === 'missingInRegister');
    expect(missing?.recordKey).toBeTruthy();
    const status = await json<ReconcileStatusPayload>(req('/api/reconcile/status'));
    expect(status.counts).toEqual(run.counts);
    const detail = await json<RecordDetailPayload>(
      req(`/api/record?key=${encodeURIComponent(missing?.recordKey ?? '')}`),
    );
    expect(detail.reconciliation?.outcome).toBe('missingInRegister');
  });

  it('links a portal record with a register document by hand, explains it, and unlinks it', async () => {
    const run = await json<ReconcilePayload>(post('/api/reconcile/run', {}));
    const rec = run.rows.find((r) => r.outcome === 'missingInRegister' && r.section === 'b2b');
    const doc = run.rows.find((r) => r.outcome === 'missingInPortal');
    expect(rec && doc).toBeTruthy();
    const linked = await json<{ outcome: string; registerRef: string }>(
      post('/api/reconcile/link', { recordKey: rec?.recordKey, registerRef: doc?.registerRef }),
    );
    expect(linked.registerRef).toBe(doc?.registerRef);
    const ex = await json<ExplainPayload>(
      req(`/api/reconcile/explain?key=${encodeURIComponent(rec?.recordKey ?? '')}`),
    );
    expect(ex.manual).toBe(true);
    expect(ex.registerRef).toBe(doc?.registerRef);
    const detail = await json<RecordDetailPayload>(
      req(`/api/record?key=${encodeURIComponent(rec?.recordKey ?? '')}`),
    );
    expect(detail.reconciliation).toMatchObject({ manual: true, registerRef: doc?.registerRef });
    expect(detail.reconciliation?.register?.ref).toBe(doc?.registerRef);
    const un = await json<{ removed: string }>(
      post('/api/reconcile/unlink', { recordKey: rec?.recordKey }),
    );
    expect(un.removed).toBe('manualLink');
  });

  it('applies proposals: a dry run of all safe ones, then a selection', async () => {
    const dry = await json<ApplyProposalsPayload>(
      post('/api/reconcile/apply', { onlySafe: true, dryRun: true }),
    );
    expect(dry.applied).toBe(false);
    const run = await json<ReconcilePayload>(post('/api/reconcile/run', {}));
    const withProposal = run.rows.filter((r) => r.proposal !== null && r.recordKey !== null);
    expect(withProposal.length).toBeGreaterThan(0);
    const keys = withProposal.slice(0, 2).map((r) => r.recordKey as string);
    const preview = await json<ApplyProposalsPayload>(
      post('/api/reconcile/apply-selected', { keys, dryRun: true }),
    );
    expect(preview.dryRun).toBe(true);
    const applied = await post('/api/reconcile/apply-selected', { keys, skipRefused: true });
    const body = (await applied.json()) as ApplyProposalsPayload;
    expect(applied.status).toBe(200);
    expect(body.changed + body.unchanged + body.refused.length).toBeGreaterThan(0);
    const detail = await json<RecordDetailPayload>(
      req(`/api/record?key=${encodeURIComponent(keys[0] ?? '')}`),
    );
    if (body.applied) expect(detail.history.at(-1)?.source).toMatch(/^web:/);
  });
});
