// GET /api/changes: the stamp the web app polls to learn that the workspace changed, whoever
// changed it (this server, or another process writing the same SQLite file).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../app/context.js';
import { decide } from '../app/decide.js';
import { importIms } from '../app/import-ims.js';
import { openSqliteStore } from '../store/index.js';
import type { ChangesPayload, RecordsPayload } from './api-types.js';
import { TOKEN_HEADER, VERSION_HEADER } from './api-types.js';
import { createServer } from './create-server.js';
import { startServer } from './start-server.js';
import { PORT, apiClient } from './test-support/api-client.js';

const FIXTURES = resolve(
  fileURLToPath(new URL('.', import.meta.url)),
  '../../../../tests/fixtures',
);
const TOKEN = 'test-token-changes-0123456789abcdef0123456789';

describe('GET /api/changes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gst-ims-changes-'));
  const file = join(dir, 'ws.sqlite');
  let ctx: AppContext;
  let other: AppContext;
  let app: Hono;
  let noFile: Hono;
  const { get, post } = apiClient(() => app, TOKEN);
  const bare = apiClient(() => noFile, TOKEN);
  const stamp = async (): Promise<string> => (await get<ChangesPayload>('/api/changes')).stamp;

  beforeAll(async () => {
    ctx = {
      store: await openSqliteStore(file),
      user: 'asha',
      now: () => '2026-11-05T10:00:00.000Z',
    };
    // A second connection to the same file: another process, as `gst-ims act` in a terminal.
    other = {
      store: await openSqliteStore(file),
      user: 'ravi',
      now: () => '2026-11-05T10:05:00.000Z',
    };
    await importIms(ctx, { file: join(FIXTURES, 'ims', 'offline-download.json') });
    const common = { token: TOKEN, port: () => PORT, webDir: null, log: () => undefined };
    app = createServer({ ...common, ctx, watchOtherProcesses: true });
    noFile = createServer({ ...common, ctx });
  });

  afterAll(async () => {
    await other.store.close();
    await ctx.store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stays the same while nothing is written, reads included', async () => {
    const a = await stamp();
    await get<RecordsPayload>('/api/records');
    await get('/api/status');
    expect(await stamp()).toBe(a);
  });

  it('changes when another connection writes the file', async () => {
    const before = await stamp();
    const p = await get<RecordsPayload>('/api/records');
    const key = p.rows.find((r) => r[16] === 'N')![0];
    await decide(other, {
      gstin: p.gstin,
      selector: { keys: [key] },
      verb: 'accept',
      source: 'cli',
    });
    expect(await stamp()).not.toBe(before);
  });

  it("changes on the server's own decision", async () => {
    const before = await stamp();
    const p = await get<RecordsPayload>('/api/records');
    const key = p.rows.find((r) => r[16] === 'N')![0];
    const r = await post('/api/decide', { keys: [key], verb: 'reject', remark: 'short supply' });
    expect(r.status).toBe(200);
    expect(await stamp()).not.toBe(before);
  });

  it('without a file, counts the requests that could write', async () => {
    const before = (await bare.get<ChangesPayload>('/api/changes')).version;
    await bare.post('/api/reconcile/run', {});
    expect((await bare.get<ChangesPayload>('/api/changes')).version).toBe(before + 1);
  });

  it("tells the page which change is its own: a write's response carries the version it made", async () => {
    const before = (await get<ChangesPayload>('/api/changes')).version;
    const p = await get<RecordsPayload>('/api/records');
    const key = p.rows.find((r) => r[16] === 'N')![0];
    const r = await post('/api/decide', { keys: [key], verb: 'accept' });
    expect(Number(r.headers.get(VERSION_HEADER))).toBe(before + 1);
    expect((await get<ChangesPayload>('/api/changes')).version).toBe(before + 1);
  });

  it("never hides another process's change behind one of its own, however close", async () => {
    const before = (await get<ChangesPayload>('/api/changes')).version;
    const p = await get<RecordsPayload>('/api/records');
    const [a, b] = p.rows.filter((r) => r[16] === 'N').map((r) => r[0]);
    // The other process writes, then (before any poll) the page writes: two changes, one foreign.
    await decide(other, {
      gstin: p.gstin,
      selector: { keys: [a!] },
      verb: 'reject',
      remark: 'x',
      source: 'cli',
    });
    const r = await post('/api/decide', { keys: [b!], verb: 'accept' });
    const own = Number(r.headers.get(VERSION_HEADER));
    const now = (await get<ChangesPayload>('/api/changes')).version;
    expect(now).toBe(before + 2);
    // The page knows `own` is its own; the other number is the foreign change it must reload for.
    expect(own).toBe(before + 1);
  });

  it('stays the same when another process only reads the workspace and closes it', async () => {
    // The server's own write leaves the write-ahead log non-empty, as it is while serving.
    const p = await get<RecordsPayload>('/api/records');
    const key = p.rows.find((r) => r[16] === 'N')![0];
    expect((await post('/api/decide', { keys: [key], verb: 'accept' })).status).toBe(200);
    const before = (await get<ChangesPayload>('/api/changes')).version;
    // `gst-ims status` in a terminal: opens the file, reads, closes. Its close used to fold the
    // log into the file, which moved the server's data_version though no row changed: the page
    // reloaded for a change nobody made (the live-data watch's "foreign" change).
    const reader = await openSqliteStore(file);
    expect((await reader.loadRecords(p.gstin)).length).toBe(p.rows.length);
    await reader.close();
    expect((await get<ChangesPayload>('/api/changes')).version).toBe(before);
  });

  it('carries the version a write made over real HTTP, as the browser reads it', async () => {
    // In process (app.request) the header was there; on the wire it was lost behind the guard's
    // own headers, so the page took each of its writes for another's and reloaded.
    const server = await startServer({
      ctx,
      port: 0,
      webDir: null,
      watchOtherProcesses: true,
      log: () => undefined,
    });
    try {
      const base = server.url;
      const origin = base.slice(0, -1);
      const changes = async (): Promise<number> =>
        ((await (await fetch(`${base}api/changes`)).json()) as ChangesPayload).version;
      const p = (await (await fetch(`${base}api/records`)).json()) as RecordsPayload;
      const key = p.rows.find((r) => r[16] === 'N')![0];
      const before = await changes();
      const res = await fetch(`${base}api/decide`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          origin,
          'sec-fetch-site': 'same-origin',
          [TOKEN_HEADER]: server.token,
        },
        body: JSON.stringify({ keys: [key], verb: 'pending' }),
      });
      expect(res.status).toBe(200);
      expect(res.headers.get(VERSION_HEADER)).toBe(String(before + 1));
      expect(await changes()).toBe(before + 1);
    } finally {
      await server.close();
    }
  });
});
