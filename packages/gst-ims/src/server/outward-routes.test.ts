// The supplier-view API (issue 17) in process over tests/fixtures/outward.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../app/context.js';
import { openSqliteStore } from '../store/index.js';
import { createServer } from './create-server.js';
import type { ImportOutwardPayload, OutwardPayload } from './outward-api-types.js';
import { apiClient } from './test-support/api-client.js';

const F = resolve(
  fileURLToPath(new URL('.', import.meta.url)),
  '../../../../tests/fixtures/outward',
);
const TOKEN = 'test-token-0123456789abcdef0123456789abcdef';
const G = '27AABCU9603R1ZN';

describe('supplier-view API: GET /api/outward, POST /api/import/outward, GET /api/outward/followup', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gst-ims-outward-api-'));
  let ctx: AppContext;
  let app: Hono;
  const { req, send, get, json } = apiClient(() => app, TOKEN);
  const upload = (file: string, query = '') =>
    send(`/api/import/outward?name=${file}${query}`, {
      method: 'POST',
      body: readFileSync(join(F, file)),
    });

  beforeAll(async () => {
    const store = await openSqliteStore(join(dir, 'ws.sqlite'));
    await store.ensureGstin(G, '2026-12-01T00:00:00.000Z');
    ctx = { store, user: 'asha', now: () => '2026-12-07T06:00:00.000Z' };
    app = createServer({
      ctx,
      token: TOKEN,
      port: () => 5177,
      webDir: join(dir, 'web'),
      log: () => undefined,
    });
  });
  afterAll(async () => {
    await ctx.store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers null before any supplier-view import', async () => {
    expect(await get<OutwardPayload>('/api/outward')).toEqual({ report: null });
  });

  it('imports uploads, refuses a bad one without the token or with IMS0027 and no period', async () => {
    const r = await json<ImportOutwardPayload>(upload('sales-gstr1-112026.json'));
    expect(r).toMatchObject({
      gstin: G,
      kind: 'sales',
      period: '112026',
      entries: 11,
      customers: 3,
    });
    const noToken = await req('/api/import/outward?name=x.json', {
      method: 'POST',
      body: readFileSync(join(F, 'added-back-112026.json')),
    });
    expect(noToken.status).toBe(403);
    const none = await json<{ error: string; kind: string }>(
      upload('added-back-none-ims0027.json'),
      400,
    );
    expect(none).toMatchObject({ kind: 'usage' });
    expect(none.error).toContain('--period MMYYYY');
    expect(await json<ImportOutwardPayload>(upload('added-back-112026.json'))).toMatchObject({
      kind: 'addedBack',
      entries: 4,
    });
  });

  it('reports the period with the liability added back and what to do', async () => {
    const { report } = await get<OutwardPayload>('/api/outward?period=112026&olderThan=10');
    if (report === null) throw new Error('no report');
    expect(report.periods).toEqual(['112026']);
    expect(report.imports.map((i) => i.part)).toEqual(['gstr1', 'addedBack']);
    expect(report.notImported).toEqual(['gstr1a']);
    expect(report.addedBack.heads).toEqual({
      igst: 28825,
      cgst: 1800,
      sgst: 1800,
      cess: 0,
      total: 32425,
    });
    expect(report.pendingOlder.map((d) => d.docNumber)).toEqual(['INV-103', 'ECO-1']);
    expect(report.customers.find((c) => c.customerGstin === '29AAACR5055K1Z3')?.customerName).toBe(
      'Rao Traders',
    );
    const bad = await json<{ kind: string }>(
      req('/api/outward?olderThan=soon', { headers: { 'sec-fetch-site': 'same-origin' } }),
      400,
    );
    expect(bad.kind).toBe('usage');
  });

  it("downloads one customer's follow-up, and 404 for a customer with nothing to ask", async () => {
    const res = await req(`/api/outward/followup?customer=29AAACR5055K1Z3&format=csv`, {
      headers: { 'sec-fetch-site': 'same-origin' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="customer-followup-29AAACR5055K1Z3-Rao-Traders.csv"',
    );
    const text = await res.text();
    expect(text).toContain('INV-102');
    expect(text).toContain('Goods not received');
    expect(text).not.toContain('INV-101');
    const xlsx = await req(`/api/outward/followup?customer=29AAACR5055K1Z3&format=xlsx`, {
      headers: { 'sec-fetch-site': 'same-origin' },
    });
    expect(xlsx.status).toBe(200);
    // An .xlsx is a zip: "PK".
    expect(new Uint8Array(await xlsx.arrayBuffer()).slice(0, 2)).toEqual(
      new Uint8Array([0x50, 0x4b]),
    );
    const none = await req(`/api/outward/followup?customer=24AAACB1234C1ZL`, {
      headers: { 'sec-fetch-site': 'same-origin' },
    });
    expect(none.status).toBe(404);
  });
});
