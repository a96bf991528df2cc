// GET /api/records/page and /api/records/summary over the demo workspace (after a reconcile run
// and some decisions): each page holds exactly the rows GET /api/records sends for the same
// records, filtered, sorted and counted as the grid's own filter would; POST /api/decide sends
// back only the records it changed. On the multi-user server the pages keep to granted clients.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../app/context.js';
import { createDemo } from '../app/create-demo.js';
import type { RecordOrder } from '../core/index.js';
import { recordQueryValues } from '../core/index.js';
import { openSqliteStore } from '../store/index.js';
import { describeStores } from '../test-support/stores.js';
import type { DecidePayload, RecordTuple, RecordsPayload } from './api-types.js';
import { FLAG } from './api-types.js';
import { createServer } from './create-server.js';
import type { RecordsPagePayload, RecordsSummaryPayload } from './record-page-api-types.js';
import { PORT, apiClient } from './test-support/api-client.js';
import {
  G,
  OTHER_CLIENT,
  fillWorkspace,
  multiUserServer,
  signIn,
} from './test-support/multi-user-fixture.js';

const TOKEN = 'test-token-record-pages-0123456789abcdef0123';

/** A row with its supplier index replaced by the supplier itself (dictionaries differ). */
type Row = [gstin: string, name: string | null, ...rest: unknown[]];
const rowsOf = (p: RecordsPayload): Row[] =>
  p.rows.map((t) => {
    const [k, section, s, ...rest] = t;
    return [...(p.suppliers[s] ?? ['?', null]), k, section, -1, ...rest] as Row;
  });
const key = (r: Row) => r[2] as string;
const tuple = (r: Row) => r.slice(2) as unknown as RecordTuple;
const decisionCode = (r: Row) => tuple(r)[16];

describe('paged records API', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gst-ims-record-pages-'));
  let ctx: AppContext;
  let app: Hono;
  let gstin: string;
  let all: Row[];
  const { get, post, json, req } = apiClient(() => app, TOKEN);
  const page = (q: Record<string, string>) =>
    get<RecordsPagePayload>(`/api/records/page?${new URLSearchParams({ gstin, ...q }).toString()}`);

  beforeAll(async () => {
    const store = await openSqliteStore(join(dir, 'ws.sqlite'));
    let clock = Date.parse('2026-11-05T10:00:00.000Z');
    ctx = { store, user: 'asha', now: () => new Date((clock += 60_000)).toISOString() };
    gstin = (await createDemo(ctx, join(dir, 'demo'))).gstin;
    app = createServer({ ctx, token: TOKEN, port: () => PORT, webDir: null, log: () => undefined });
    await json(post('/api/reconcile/run', { gstin }));
    const whole = await get<RecordsPayload>(`/api/records?gstin=${gstin}`);
    const some = whole.rows.filter((_, i) => i % 7 === 0).map((t) => t[0]);
    await json(post('/api/decide', { gstin, keys: some, verb: 'reject', remark: 'not ours' }));
    all = rowsOf(await get<RecordsPayload>(`/api/records?gstin=${gstin}`));
  });

  afterAll(async () => {
    await ctx.store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the demo is large enough to page, and its matches show on the rows', () => {
    expect(all.length).toBeGreaterThan(500);
    expect(all.filter((r) => tuple(r)[21] !== null).length).toBeGreaterThan(100);
  });

  it('the first page is the first rows in section order, as GET /api/records sends them', async () => {
    const p = await page({});
    expect(p.total).toBe(all.length);
    expect(p.offset).toBe(0);
    expect(p.rows).toHaveLength(100);
    const bySection = [...all].sort((a, b) => {
      const x = tuple(a)[1];
      const y = tuple(b)[1];
      return x < y ? -1 : x > y ? 1 : key(a) < key(b) ? -1 : 1;
    });
    expect(rowsOf(p)).toEqual(bySection.slice(0, 100));
    expect(p.suppliers.length).toBeLessThanOrEqual(100);
    expect(typeof p.version).toBe('number');
  });

  it('filters by view, supplier and search words, counting all pages', async () => {
    const dirty = all.filter((r) => (tuple(r)[19] & FLAG.dirty) !== 0);
    expect(dirty.length).toBeGreaterThan(50);
    const waiting = await page({ view: 'waiting', limit: '1000' });
    expect(waiting.total).toBe(dirty.length);
    expect(rowsOf(waiting).map(key).sort()).toEqual(dirty.map(key).sort());

    const supplier = all[3]?.[0] as string;
    const name = all[3]?.[1];
    const mine = all.filter((r) => r[0] === supplier);
    const bySupplier = await page({ supplier, limit: '1000' });
    expect(bySupplier.total).toBe(mine.length);
    expect(bySupplier.suppliers).toHaveLength(1);

    const word = (name ?? supplier).split(' ')[0]!.toLowerCase();
    const searched = await page({ q: `${word} ${supplier.slice(0, 5)}`, limit: '1000' });
    const expected = all.filter(
      (r) =>
        (key(r).toUpperCase().includes(word.toUpperCase()) ||
          (r[1] ?? '').toUpperCase().includes(word.toUpperCase())) &&
        key(r).includes(supplier.slice(0, 5)),
    );
    expect(searched.total).toBe(expected.length);
    expect(rowsOf(searched).map(key).sort()).toEqual(expected.map(key).sort());

    // The count alone (limit=0), as the grid asks it after a filter's first rows.
    const counted = await page({ view: 'waiting', limit: '0' });
    expect(counted.total).toBe(dirty.length);
    expect(counted.rows).toEqual([]);
  });

  it('sorts by a column with ties broken by key, at a deep offset', async () => {
    const order: RecordOrder = { column: 'value', dir: 'desc' };
    const offset = all.length - 30;
    const p = await page(recordQueryValues({ order, offset, limit: 50 }));
    const sorted = [...all].sort((a, b) => {
      const x = tuple(a)[9];
      const y = tuple(b)[9];
      return x !== y ? y - x : key(a) < key(b) ? 1 : -1;
    });
    expect(p.rows).toHaveLength(30);
    expect(rowsOf(p)).toEqual(sorted.slice(offset));
    // A later block of the grid's (count=no): the same rows, the total left out.
    const later = await page(recordQueryValues({ order, offset, limit: 50, count: false }));
    expect(later.total).toBeNull();
    expect(rowsOf(later)).toEqual(rowsOf(p));
  });

  it('summarises the views and the suppliers as the rows do', async () => {
    const s = await get<RecordsSummaryPayload>(`/api/records/summary?gstin=${gstin}`);
    const flag = (r: Row, f: number) => (tuple(r)[19] & f) !== 0;
    expect(s.total).toBe(all.length);
    expect(s.views).toEqual({
      all: all.length,
      noAction: all.filter((r) => decisionCode(r) === 'N' && !flag(r, FLAG.gone)).length,
      waiting: all.filter((r) => flag(r, FLAG.dirty)).length,
      changed: all.filter((r) => flag(r, FLAG.changedBySupplier)).length,
      errors: all.filter((r) => tuple(r)[20] !== null).length,
      gone: all.filter((r) => flag(r, FLAG.gone)).length,
    });
    const counts = new Map<string, number>();
    for (const r of all) counts.set(r[0], (counts.get(r[0]) ?? 0) + 1);
    expect(new Map(s.suppliers.map(([g, , n]) => [g, n]))).toEqual(counts);
  });

  it('refuses a bad parameter, naming it', async () => {
    for (const [q, field] of [
      ['view=later', 'view'],
      ['sort=colour', 'sort'],
      ['limit=5000', 'limit'],
      ['offset=-3', 'offset'],
    ] as const) {
      const r = await req(`/api/records/page?gstin=${gstin}&${q}`, {
        headers: { 'sec-fetch-site': 'same-origin' },
      });
      expect(r.status).toBe(400);
      expect(((await r.json()) as { error: string }).error).toContain(field);
    }
  });

  it('a decision sends back only the records it changed, as the pages show them', async () => {
    const keys = all
      .filter((r) => decisionCode(r) === 'N')
      .slice(0, 3)
      .map(key);
    const d = await json<DecidePayload>(post('/api/decide', { gstin, keys, verb: 'accept' }));
    expect(d.changed).toBe(3);
    const updated = rowsOf(d.updated as RecordsPayload);
    expect(updated.map(key).sort()).toEqual([...keys].sort());
    const p = await page({ view: 'waiting', limit: '1000' });
    const onPage = new Map(rowsOf(p).map((r) => [key(r), r]));
    for (const r of updated) expect(onPage.get(key(r))).toEqual(r);
  });
});

describeStores('paged records on the multi-user server', (kind) => {
  it('pages only the clients an account was granted', async () => {
    const store = await kind.open();
    try {
      await fillWorkspace(store, 12, [
        { name: 'asha', role: 'preparer', gstins: [G] },
        { name: 'vik', role: 'viewer', gstins: [G] },
      ]);
      const app = multiUserServer(store);
      const asha = await signIn(app, 'asha');
      const vik = await signIn(app, 'vik');
      const mine = (await (
        await vik.req(`/api/records/page?gstin=${G}&limit=5&sort=value&dir=desc`)
      ).json()) as RecordsPagePayload;
      expect(mine.total).toBe(12);
      expect(mine.rows.map((t) => t[3])).toEqual(['INV-12', 'INV-11', 'INV-10', 'INV-9', 'INV-8']);
      const other = await asha.req(`/api/records/page?gstin=${OTHER_CLIENT}`);
      expect(other.status).toBe(403);
      const otherSummary = await asha.req(`/api/records/summary?gstin=${OTHER_CLIENT}`);
      expect(otherSummary.status).toBe(403);
      const s = (await (
        await asha.req(`/api/records/summary?gstin=${G}`)
      ).json()) as RecordsSummaryPayload;
      expect(s.views.noAction).toBe(12);
    } finally {
      await store.close();
    }
  });
});
