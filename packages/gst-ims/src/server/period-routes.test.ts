// The web's period switcher and typed Table 4 against the API, over the hand-computed months of
// tests/fixtures/gstr2b: November's NOV-0001 on No Action (CGST + SGST 9,000 each), NOV-0003
// waiting for its supplier; October's OCT-0001 (CGST + SGST 3,537.29 each).
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
import type { ReconcilePayload, StatusPayload } from './api-types.js';
import { createServer } from './create-server.js';
import { apiClient } from './test-support/api-client.js';

const F = resolve(
  fileURLToPath(new URL('.', import.meta.url)),
  '../../../../tests/fixtures/gstr2b',
);
const TOKEN = 'test-token-0123456789abcdef0123456789abcdef';

/** A GSTR-3B as the web's Table 4 form sends it: only 4(A)(5) and 4(D)(1) filled. */
function typed(oth: { camt: number; samt: number }, reclaim = { camt: 0, samt: 0 }): unknown {
  const zero = { iamt: 0, camt: 0, samt: 0, csamt: 0 };
  return {
    ret_period: '112026',
    itc_elg: {
      itc_avl: [
        { ty: 'IMPG', ...zero },
        { ty: 'IMPS', ...zero },
        { ty: 'ISRC', ...zero },
        { ty: 'ISD', ...zero },
        { ty: 'OTH', ...zero, ...oth },
      ],
      itc_rev: [
        { ty: 'RUL', ...zero },
        { ty: 'OTH', ...zero },
      ],
      itc_inelg: [
        { ty: 'RUL', ...zero, ...reclaim },
        { ty: 'OTH', ...zero },
      ],
    },
  };
}

describe('period queries and typed Table 4: /api/itc, /api/status, /api/reconcile/run ?period; POST /api/gstr3b/table4', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gst-ims-period-api-'));
  let ctx: AppContext;
  let app: Hono;
  const { send, get, post, json, req } = apiClient(() => app, TOKEN);

  beforeAll(async () => {
    const store = await openSqliteStore(join(dir, 'ws.sqlite'));
    ctx = { store, user: 'asha', now: () => '2026-12-10T10:00:00.000Z' };
    await importIms(ctx, { file: join(F, 'ims-oct-nov.json') });
    app = createServer({ ctx, token: TOKEN, port: () => 5177, webDir: null, log: () => undefined });
  });
  afterAll(async () => {
    await ctx.store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('report itc of one period matches the month projection; without a period, every period', async () => {
    type Itc = { netAvailable: { igst: number; cgst: number; sgst: number; cess: number } };
    const nov = await get<Itc>('/api/itc?period=112026');
    expect(nov.netAvailable).toMatchObject({ igst: 0, cgst: 9000_00, sgst: 9000_00, cess: 0 });
    const oct = await get<Itc>('/api/itc?period=102026');
    const all = await get<Itc>('/api/itc');
    expect(all.netAvailable.cgst).toBe(nov.netAvailable.cgst + oct.netAvailable.cgst);
    expect(oct.netAvailable.cgst).toBeGreaterThan(0);
    const bad = await json<{ error: string }>(
      req('/api/itc?period=2026-11', { headers: { 'sec-fetch-site': 'same-origin' } }),
      400,
    );
    expect(bad.error).toContain('period: expected a return period as MMYYYY');
  });

  it('status of one period counts only its records', async () => {
    const all = await get<StatusPayload>('/api/status');
    const nov = await get<StatusPayload>('/api/status?period=112026');
    const oct = await get<StatusPayload>('/api/status?period=102026');
    expect(nov.totals.total).toBeGreaterThan(0);
    expect(oct.totals.total).toBeGreaterThan(0);
    expect(nov.totals.total + oct.totals.total).toBe(all.totals.total);
  });

  it('stores a typed Table 4 as the period 3B and checks it against the projection', async () => {
    // Claimed 10,000 + 10,000 against 9,000 + 9,000 projected (no 2B imported): 2,000 excess.
    const r = await json<{ period: string; gstin: string; file: string }>(
      post('/api/gstr3b/table4', typed({ camt: 10000, samt: 10000 })),
    );
    expect(r).toMatchObject({ period: '112026', gstin: '27AABCU9603R1ZN' });
    let m = await get<MonthView>('/api/month?period=112026');
    expect(m.gstr3b?.availableFrom).toBe('projection');
    expect(m.gstr3b?.check.excess).toEqual({ igst: 0, cgst: 1000_00, sgst: 1000_00, cess: 0 });
    expect(m.gstr3b?.check.excessTotal).toBe(2000_00);
    // A reclaim in 4(D)(1) is not new ITC: 10,000 - 1,000 claimed, no excess.
    await json(
      post('/api/gstr3b/table4', typed({ camt: 10000, samt: 10000 }, { camt: 1000, samt: 1000 })),
    );
    m = await get<MonthView>('/api/month?period=112026');
    expect(m.gstr3b?.check.excessTotal).toBe(0);
    expect(m.gstr3b?.check.claimed).toEqual({ igst: 0, cgst: 9000_00, sgst: 9000_00, cess: 0 });
  });

  it('refuses a bad amount (400, the 3B kept as it was) and a request without the token (403)', async () => {
    const bad = await json<{ error: string; kind: string }>(
      post('/api/gstr3b/table4', typed({ camt: 10.005, samt: 0 })),
      400,
    );
    expect(bad.kind).toBe('badInput');
    expect(bad.error).toContain('itc_elg.itc_avl[4].camt');
    expect(bad.error).toContain('at most 2 decimals');
    const m = await get<MonthView>('/api/month?period=112026');
    expect(m.gstr3b?.check.claimed.cgst).toBe(9000_00);
    const noToken = await send('/api/gstr3b/table4', {
      method: 'POST',
      body: JSON.stringify(typed({ camt: 1, samt: 1 })),
      headers: { 'content-type': 'application/json', 'x-gst-ims-token': 'wrong' },
    });
    expect(noToken.status).toBe(403);
  });

  it('matches with the period of the top bar as the IMS period, every record still matched', async () => {
    const reg = readFileSync(join(F, 'register-nov.csv'));
    await json(send('/api/import/register?name=register-nov.csv', { method: 'POST', body: reg }));
    const auto = await json<ReconcilePayload>(post('/api/reconcile/run', {}));
    const oct = await json<ReconcilePayload>(post('/api/reconcile/run?period=102026', {}));
    expect(oct.period).toMatchObject({ period: '102026', source: 'setting' });
    expect(auto.period?.source).toBe('records');
    expect(oct.records).toBe(auto.records);
    const bad = await json<{ error: string }>(post('/api/reconcile/run?period=13-2026', {}), 400);
    expect(bad.error).toContain('period: expected a return period as MMYYYY');
  });
});
