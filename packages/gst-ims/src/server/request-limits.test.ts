// Hostile or unlucky requests: malformed URL encoding, oversized JSON bodies, and a workspace
// whose write lock another process holds.
import { request } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
// A raw connection plays another process holding the workspace's write lock.
// eslint-disable-next-line no-restricted-imports
import Database from 'better-sqlite3';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../app/context.js';
import { importIms } from '../app/import-ims.js';
import { openSqliteStore } from '../store/index.js';
import type { ApiError, RecordsPayload } from './api-types.js';
import { createServer } from './create-server.js';
import { BUSY_RETRY_AFTER_S } from './errors.js';
import { startServer } from './start-server.js';
import { apiClient, PORT } from './test-support/api-client.js';

const FIXTURE = resolve(
  fileURLToPath(new URL('.', import.meta.url)),
  '../../../../tests/fixtures/ims/offline-download.json',
);
const TOKEN = 'test-token-limits-0123456789abcdef0123456789';
const MAX_JSON = 64 * 1024;

/** A body in 8 KB chunks with no declared length, as a chunked upload arrives. */
function streamOf(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  return new ReadableStream<Uint8Array>({
    start(c) {
      for (let i = 0; i < bytes.length; i += 8192) c.enqueue(bytes.subarray(i, i + 8192));
      c.close();
    },
  });
}

describe('server: request limits and a busy workspace', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gst-ims-limits-'));
  const file = join(dir, 'ws.sqlite');
  let ctx: AppContext;
  let app: Hono;
  const { req, get, post, json } = apiClient(() => app, TOKEN);

  beforeAll(async () => {
    const web = join(dir, 'web');
    mkdirSync(web, { recursive: true });
    writeFileSync(
      join(web, 'index.html'),
      '<!doctype html><html><head></head><body></body></html>',
    );
    // A short wait: the busy case must end in a 503 quickly, not after the CLI's 30 s.
    const store = await openSqliteStore(file, { timeoutMs: 300 });
    ctx = { store, user: 'asha', now: () => '2026-11-05T10:00:00.000Z' };
    await importIms(ctx, { file: FIXTURE });
    app = createServer({
      ctx,
      token: TOKEN,
      port: () => PORT,
      webDir: web,
      log: () => undefined,
      watchOtherProcesses: true,
      maxJsonBytes: MAX_JSON,
    });
  });

  afterAll(async () => {
    await ctx.store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers malformed percent-encoding with 400, not 500', async () => {
    for (const path of [
      '/%',
      '/records/%E0%A4',
      '/api/records?q=%',
      '/api/status?gstin=%zz',
      '/api/%',
    ]) {
      const r = await req(path, { headers: { 'sec-fetch-site': 'same-origin' } });
      expect(r.status, path).toBe(400);
      const body = (await r.json()) as ApiError;
      expect(body.kind, path).toBe('badInput');
      expect(body.error, path).toContain('percent-encoding');
    }
    // Well-formed encoding still works.
    expect((await req('/records%20x')).status).toBe(200);
  });

  it('over real HTTP too: 400 for malformed encoding, 413 for a large body, never 500', async () => {
    const s = await startServer({
      ctx,
      port: 0,
      webDir: null,
      token: TOKEN,
      log: () => undefined,
      maxJsonBytes: MAX_JSON,
    });
    const raw = (
      method: string,
      path: string,
      body = '',
    ): Promise<{ status: number; text: string }> =>
      new Promise((done, fail) => {
        const r = request(
          {
            host: '127.0.0.1',
            port: s.port,
            method,
            path,
            headers: {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(body),
              origin: `http://127.0.0.1:${s.port}`,
              'x-gst-ims-token': TOKEN,
            },
          },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (d: string) => (text += d));
            res.on('end', () => done({ status: res.statusCode ?? 0, text }));
          },
        );
        r.on('error', fail);
        r.end(body);
      });
    try {
      for (const path of ['/%', '/api/records?q=%', '/api/%E0%A4%A']) {
        const r = await raw('GET', path);
        expect(r.status, path).toBe(400);
        expect(r.text, path).toContain('percent-encoding');
      }
      const big = await raw(
        'POST',
        '/api/decide',
        JSON.stringify({ keys: ['x'.repeat(MAX_JSON)], verb: 'accept' }),
      );
      expect(big.status).toBe(413);
      expect(big.text).toContain('tooLarge');
    } finally {
      await s.close();
    }
  });

  it('refuses a JSON body over the limit with 413, declared or streamed, and accepts one under it', async () => {
    const keys = Array.from({ length: 4000 }, (_, i) => `b2b|27AAAAA0000A1Z5|DOC-${i}|2026-27`);
    const big = await post('/api/decide', { keys, verb: 'accept', dryRun: true });
    expect(big.status).toBe(413);
    const body = (await big.json()) as ApiError;
    expect(body.kind).toBe('tooLarge');
    expect(body.error).toContain('64 KB');

    // No content-length: the body arrives as a stream and is counted as it is read.
    const stream = streamOf(JSON.stringify({ keys, verb: 'accept', dryRun: true }));
    const raw = await req('/api/decide', {
      method: 'POST',
      body: stream,
      duplex: 'half',
      headers: {
        'content-type': 'application/json',
        origin: `http://127.0.0.1:${PORT}`,
        'sec-fetch-site': 'same-origin',
        'x-gst-ims-token': TOKEN,
      },
    });
    expect(raw.status).toBe(413);

    const rows = (await get<RecordsPayload>('/api/records')).rows;
    const smallBody = { keys: rows.slice(0, 2).map((r) => r[0]), verb: 'accept', dryRun: true };
    const small = await json<{ selected: number }>(post('/api/decide', smallBody));
    expect(small.selected).toBe(2);
    // A small body streamed without content-length is counted, then read by the route as usual.
    const smallStreamed = await json<{ selected: number }>(
      req('/api/decide', {
        method: 'POST',
        body: streamOf(JSON.stringify(smallBody)),
        duplex: 'half',
        headers: {
          'content-type': 'application/json',
          origin: `http://127.0.0.1:${PORT}`,
          'sec-fetch-site': 'same-origin',
          'x-gst-ims-token': TOKEN,
        },
      }),
    );
    expect(smallStreamed.selected).toBe(2);
  });

  it('answers 503 with Retry-After while another process holds the write lock, and works after', async () => {
    const rows = (await get<RecordsPayload>('/api/records')).rows;
    const keys = [rows[0]?.[0] as string];
    const other = new Database(file);
    try {
      other.exec('BEGIN IMMEDIATE');
      const started = Date.now();
      const r = await post('/api/decide', { keys, verb: 'reject', remark: null });
      expect(r.status).toBe(503);
      expect(r.headers.get('retry-after')).toBe(String(BUSY_RETRY_AFTER_S));
      const body = (await r.json()) as ApiError;
      expect(body.kind).toBe('busy');
      expect(body.error).toContain('another gst-ims process');
      // It waited (about the configured 300 ms) before giving up.
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
      // Reads still answer while the lock is held (WAL: readers do not wait for the writer).
      expect((await get<RecordsPayload>('/api/records')).rows.length).toBe(rows.length);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    const ok = await json<{ applied: boolean }>(
      post('/api/decide', { keys, verb: 'reject', remark: null }),
    );
    expect(ok.applied).toBe(true);
  });

  it('while a decision waits for the lock, other requests still answer, and it succeeds once the lock is free', async () => {
    let waiting: () => void = () => undefined;
    const isWaiting = new Promise<void>((resolve) => (waiting = resolve));
    const store = await openSqliteStore(file, { timeoutMs: 20_000, onWait: () => waiting() });
    const patient = createServer({
      ctx: { ...ctx, store },
      token: TOKEN,
      port: () => PORT,
      webDir: null,
      log: () => undefined,
    });
    const client = apiClient(() => patient, TOKEN);
    const other = new Database(file);
    try {
      const rows = (await client.get<RecordsPayload>('/api/records')).rows;
      other.exec('BEGIN IMMEDIATE');
      let settled = false;
      const decision = client
        .post('/api/decide', { keys: [rows[1]?.[0]], verb: 'reject', remark: null })
        .finally(() => {
          settled = true;
        });
      await isWaiting;
      const status = await client.get<{ totals: { total: number } }>('/api/status');
      expect(status.totals.total).toBe(rows.length);
      expect(settled).toBe(false);
      other.exec('ROLLBACK');
      expect((await decision).status).toBe(200);
    } finally {
      if (other.inTransaction) other.exec('ROLLBACK');
      other.close();
      await store.close();
    }
  });
});
