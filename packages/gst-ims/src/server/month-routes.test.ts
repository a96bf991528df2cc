// The month's API (issue 12) in process over the hand-computed months of tests/fixtures/gstr2b:
// October's OCT-0001 (CGST + SGST 3,537.29 each) claimed again in November's 3B: Rs 7,074.58.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../app/context.js';
import { importIms } from '../app/import-ims.js';
import type { MonthView } from '../app/month-cycle.js';
import { openSqliteStore } from '../store/index.js';
import { TOKEN_HEADER } from './api-types.js';
import { createServer } from './create-server.js';
import { ORIGIN, apiClient } from './test-support/api-client.js';

const F = resolve(
  fileURLToPath(new URL('.', import.meta.url)),
  '../../../../tests/fixtures/gstr2b',
);
const TOKEN = 'test-token-0123456789abcdef0123456789abcdef';

describe('month API: GET /api/month, /api/periods; POST /api/import/gstr2b, /api/import/gstr3b', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gst-ims-month-api-'));
  let ctx: AppContext;
  let app: Hono;
  const { req, get, json } = apiClient(() => app, TOKEN);
  const upload = (route: string, file: string, token = TOKEN) =>
    req(`${route}?name=${file}`, {
      method: 'POST',
      body: readFileSync(join(F, file)),
      headers: { origin: ORIGIN, [TOKEN_HEADER]: token },
    });

  beforeAll(async () => {
    const store = await openSqliteStore(join(dir, 'ws.sqlite'));
    ctx = { store, user: 'asha', now: () => '2026-12-10T10:00:00.000Z' };
    await importIms(ctx, { file: join(F, 'ims-oct-nov.json') });
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

  it('lists the periods of the records, newest first, and the one to open on', async () => {
    // `current` is the period most records carry when no period is set (app/work-period.ts):
    // November here.
    expect(await get<{ periods: string[]; current: string }>('/api/periods')).toEqual({
      periods: ['112026', '102026'],
      current: '112026',
    });
  });

  it('before any return: the projection, the portal dates, no 2B or 3B', async () => {
    const m = await get<MonthView>('/api/month?period=112026');
    expect(m.period).toBe('112026');
    expect(m.dates).toEqual({ gstr2bOn: '2026-12-14', gstr3bDue: '2026-12-20' });
    // NOV-0001 on No Action: CGST + SGST 9,000 each; NOV-0003 waits for its supplier (IGST 1,800).
    expect(m.projection.netAvailable).toEqual({ igst: 0, cgst: 9000_00, sgst: 9000_00, cess: 0 });
    expect(m.projection.waitingForSupplier).toEqual({ igst: 1800_00, cgst: 0, sgst: 0, cess: 0 });
    expect(m.projection.pending).toEqual({ igst: 900_00, cgst: 0, sgst: 0, cess: 0 });
    expect(m.gstr2b).toBeNull();
    expect(m.gstr3b).toBeNull();
    expect(m.books).toBeNull();
    expect(m.deadlines.pending).toBe(1);
    // Without a period: the newest.
    expect((await get<MonthView>('/api/month')).period).toBe('112026');
  });

  it('imports a 2B and a 3B sent as the raw body; the month then shows the excess of Rs 7,074.58', async () => {
    const twoB = await json<{ period: string; check: { decisions: { recompute: boolean } } }>(
      upload('/api/import/gstr2b', 'gstr2b-112026.json'),
    );
    expect(twoB.period).toBe('112026');
    expect(twoB.check.decisions.recompute).toBe(false);
    expect(
      (await json<{ period: string }>(upload('/api/import/gstr3b', 'gstr3b-112026.json'))).period,
    ).toBe('112026');
    const m = await get<MonthView>('/api/month?period=112026');
    expect(m.gstr2b?.table4.allOther).toEqual({ igst: 0, cgst: 9000_00, sgst: 9000_00, cess: 0 });
    expect(m.gstr2b?.totals.equal).toBe(true);
    expect(m.gstr3b?.availableFrom).toBe('gstr2b');
    expect(m.gstr3b?.check.excess).toEqual({ igst: 0, cgst: 3537_29, sgst: 3537_29, cess: 0 });
    expect(m.gstr3b?.check.excessTotal).toBe(7074_58);
    expect(m.gstr3b?.check.crossesThreshold).toBe(false);
  });

  it('refuses one file of a two-file 2B (400, nothing stored), a bad period (400), no token (403)', async () => {
    const one = await json<{ error: string; kind: string }>(
      upload('/api/import/gstr2b', 'gstr2b-102026-part1.json'),
      400,
    );
    expect(one.error).toContain('comes in 2 files');
    expect((await get<MonthView>('/api/month?period=102026')).gstr2b).toBeNull();
    const bad = await json<{ error: string }>(
      req('/api/month?period=13-2026', { headers: { 'sec-fetch-site': 'same-origin' } }),
      400,
    );
    expect(bad.error).toContain('period: expected a return period as MMYYYY');
    expect((await upload('/api/import/gstr3b', 'gstr3b-112026.json', 'wrong')).status).toBe(403);
    const notA3b = await json<{ kind: string }>(
      upload('/api/import/gstr3b', 'ims-oct-nov.json'),
      400,
    );
    expect(notA3b.kind).toBe('badInput');
  });
});
