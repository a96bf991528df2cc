import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AppContext } from '../app/context.js';
import { importIms } from '../app/import-ims.js';
import { openSqliteStore } from '../store/index.js';
import type {
  ApplyProposalsPayload,
  DecidePayload,
  ExplainPayload,
  ImportRegisterPayload,
  ReconcilePayload,
  ReconcileStatusPayload,
  RecordDetailPayload,
  RecordsPayload,
  RegisterPreviewPayload,
} from './api-types.js';
import { createServer } from './create-server.js';
import { PORT, apiClient } from './test-support/api-client.js';

const FIXTURES = resolve(
  fileURLToPath(new URL('.', import.meta.url)),
  '../../../../tests/fixtures',
);
const TOKEN = 'test-token-reconcile-0123456789abcdef0123';
const RECIPIENT = '27AABCU9603R1ZN';
/** RecordTuple's place of the match outcome. */
const MATCH = 21;

describe('reconciliation API', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gst-ims-server-rec-'));
  let ctx: AppContext;
  let app: Hono;
  const register = readFileSync(join(FIXTURES, 'register', 'tally-purchase-register.csv'));

  const { send: req, json, post } = apiClient(() => app, TOKEN);

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
      watchOtherProcesses: true,
    });
  });

  afterAll(async () => {
    await ctx.store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Record key -> the match outcome the records API sends with it. */
  const recordOutcomes = async (): Promise<Map<string, string | null>> => {
    const p = await json<RecordsPayload>(req('/api/records'));
    expect(p.columns[MATCH]).toBe('match');
    return new Map(p.rows.map((r) => [r[0], r[MATCH]]));
  };
  /** Record key -> outcome, of a run's rows (documents only in the books left out). */
  const runOutcomes = (run: ReconcilePayload): Map<string, string> =>
    new Map(
      run.rows.flatMap((r) => (r.recordKey === null ? [] : [[r.recordKey, r.outcome] as const])),
    );

  it('says the register is missing before one is imported', async () => {
    expect(await json<ReconcileStatusPayload | null>(req('/api/reconcile/status'))).toBeNull();
    // Never reconciled: the records carry no outcome.
    expect(new Set((await recordOutcomes()).values())).toEqual(new Set([null]));
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

  it("sends each record's outcome of the last run with the records, and in a decision's answer", async () => {
    const run = await json<ReconcilePayload>(post('/api/reconcile/run', {}));
    const expected = runOutcomes(run);
    const sent = await recordOutcomes();
    expect(sent.size).toBeGreaterThan(0);
    for (const [key, outcome] of sent) expect(outcome).toBe(expected.get(key) ?? null);
    expect(new Set(sent.values())).toContain('missingInRegister');
    expect([...sent.values()].filter((o) => o !== null)).toHaveLength(expected.size);

    const row = run.rows.find((r) => r.section === 'b2b' && r.recordKey !== null);
    const key = row?.recordKey ?? '';
    const d = await json<DecidePayload>(
      post('/api/decide', { keys: [key], verb: 'reject', remark: 'Not in our books' }),
    );
    expect(d.applied).toBe(true);
    expect(d.updated?.rows.map((r) => [r[0], r[MATCH]])).toEqual([[key, row?.outcome]]);
    await json<DecidePayload>(post('/api/decide', { keys: [key], verb: 'reset' }));
  });

  it('reads the outcomes once per change, not once per request', async () => {
    await json<ReconcilePayload>(post('/api/reconcile/run', {}));
    const loads = vi.spyOn(ctx.store, 'loadMatches');
    try {
      const first = await recordOutcomes();
      await recordOutcomes();
      await recordOutcomes();
      expect(loads).toHaveBeenCalledTimes(1);
      await json<ReconcilePayload>(post('/api/reconcile/run', {}));
      loads.mockClear();
      expect(await recordOutcomes()).toEqual(first);
      await recordOutcomes();
      expect(loads).toHaveBeenCalledTimes(1);
    } finally {
      loads.mockRestore();
    }
  });

  it('sees outcomes saved by another process on the same workspace', async () => {
    const before = await recordOutcomes();
    expect([...before.values()].some((o) => o !== null)).toBe(true);
    const other = await openSqliteStore(join(dir, 'ws.sqlite'));
    try {
      await other.saveMatches(RECIPIENT, []);
    } finally {
      await other.close();
    }
    expect(new Set((await recordOutcomes()).values())).toEqual(new Set([null]));
    await json<ReconcilePayload>(post('/api/reconcile/run', {}));
    expect(await recordOutcomes()).toEqual(before);
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
    // The link ran the match again: the records show the record's new outcome.
    expect(linked.outcome).not.toBe('missingInRegister');
    expect((await recordOutcomes()).get(rec?.recordKey ?? '')).toBe(linked.outcome);
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
