import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../app/context.js';
import { decide } from '../app/decide.js';
import { importIms } from '../app/import-ims.js';
import { openSqliteStore } from '../store/index.js';
import type {
  DecidePayload,
  ImportErrorsPayload,
  ImportImsPayload,
  MetaPayload,
  RecordDetailPayload,
  RecordsPayload,
  StatusPayload,
  UploadExportPayload,
  UploadPreviewPayload,
} from './api-types.js';
import { FLAG, TOKEN_HEADER } from './api-types.js';
import { createServer } from './create-server.js';
import { PortInUseError, startServer } from './start-server.js';
import { ORIGIN, PORT, apiClient } from './test-support/api-client.js';

const FIXTURES = resolve(
  fileURLToPath(new URL('.', import.meta.url)),
  '../../../../tests/fixtures',
);
const ims = (f: string): string => join(FIXTURES, 'ims', f);
const RECIPIENT = '27AABCU9603R1ZN';
const TOKEN = 'test-token-0123456789abcdef0123456789abcdef';
const FIXTURE_RECORDS = Object.values(
  (
    JSON.parse(readFileSync(ims('offline-download.json'), 'utf8')) as {
      imsDetails: Record<string, unknown[]>;
    }
  ).imsDetails,
).reduce((n, l) => n + l.length, 0);

describe('local API (in process, over a temp SQLite workspace)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gst-ims-server-'));
  const web = join(dir, 'web');
  let ctx: AppContext;
  let app: Hono;

  const { req, get, post } = apiClient(() => app, TOKEN);
  const keyOf = async (docNumber: string): Promise<string> => {
    const p = await get<RecordsPayload>('/api/records');
    const row = p.rows.find((r) => r[3] === docNumber);
    if (!row) throw new Error(`no ${docNumber}`);
    return row[0];
  };

  beforeAll(async () => {
    mkdirSync(join(web, 'assets'), { recursive: true });
    writeFileSync(
      join(web, 'index.html'),
      '<!doctype html><html><head><title>t</title></head><body><div id="root"></div></body></html>',
    );
    writeFileSync(join(web, 'assets', 'app-1.js'), 'console.log(1)');
    writeFileSync(join(dir, 'secret.txt'), 'secret');
    const store = await openSqliteStore(join(dir, 'ws.sqlite'));
    ctx = { store, user: 'asha', now: () => '2026-11-05T10:00:00.000Z' };
    await importIms(ctx, { file: ims('offline-download.json') });
    app = createServer({
      ctx,
      token: TOKEN,
      port: () => PORT,
      webDir: web,
      log: () => undefined,
      watchOtherProcesses: true,
    });
  });

  afterAll(async () => {
    await ctx.store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('security', () => {
    it('serves index.html with the token in a meta tag, a CSP, and the SPA fallback', async () => {
      for (const path of ['/', '/records', '/upload?x=1']) {
        const r = await req(path);
        expect(r.status).toBe(200);
        const html = await r.text();
        expect(html).toContain(`<meta name="gst-ims-token" content="${TOKEN}">`);
        expect(r.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
        expect(r.headers.get('cache-control')).toBe('no-store');
      }
      const js = await req('/assets/app-1.js');
      expect(js.status).toBe(200);
      expect(js.headers.get('content-type')).toContain('javascript');
      expect((await req('/assets/missing.js')).status).toBe(404);
      const traversal = await req('/assets/..%2f..%2fsecret.txt');
      expect(await traversal.text()).not.toContain('secret');
    });

    it('refuses a Host other than 127.0.0.1:PORT or localhost:PORT (DNS rebinding)', async () => {
      expect((await req('/api/meta', { headers: { host: 'evil.example:5177' } })).status).toBe(403);
      expect((await req('/', { headers: { host: 'evil.example:5177' } })).status).toBe(403);
      expect((await req('/api/meta', { headers: { host: '127.0.0.1:8080' } })).status).toBe(403);
      expect((await req('/api/meta', { headers: { host: `localhost:${PORT}` } })).status).toBe(200);
    });

    it('refuses API requests from another origin, another port of the same machine included', async () => {
      const evil = await req('/api/status', { headers: { origin: 'http://evil.example' } });
      expect(evil.status).toBe(403);
      expect(((await evil.json()) as { kind: string }).kind).toBe('forbidden');
      expect(
        (await req('/api/status', { headers: { origin: 'http://127.0.0.1:3000' } })).status,
      ).toBe(403);
      expect(
        (await req('/api/status', { headers: { 'sec-fetch-site': 'cross-site' } })).status,
      ).toBe(403);
      expect(
        (await req('/api/status', { headers: { 'sec-fetch-site': 'same-site' } })).status,
      ).toBe(403);
      expect(
        (await req('/api/status', { headers: { origin: ORIGIN, 'sec-fetch-site': 'same-origin' } }))
          .status,
      ).toBe(200);
    });

    it('needs the token on every state-changing request, and refuses it cross-origin even with the token', async () => {
      const key = await keyOf('DN-14');
      const body = { keys: [key], verb: 'accept', dryRun: true };
      const none = await req('/api/decide', {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json', origin: ORIGIN },
      });
      expect(none.status).toBe(403);
      expect(await none.text()).toContain('session token');
      expect((await post('/api/decide', body, { [TOKEN_HEADER]: 'wrong' })).status).toBe(403);
      expect(
        (
          await post('/api/decide', body, {
            origin: 'http://evil.example',
            'sec-fetch-site': 'cross-site',
          })
        ).status,
      ).toBe(403);
      expect((await post('/api/import/ims?name=x.json', {}, { [TOKEN_HEADER]: '' })).status).toBe(
        403,
      );
      expect((await post('/api/decide', body)).status).toBe(200);
      // A form post from another page (no custom header possible) is refused as well.
      const form = await req('/api/decide', {
        method: 'POST',
        body: 'keys=x',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'null' },
      });
      expect(form.status).toBe(403);
    });
  });

  describe('reading', () => {
    it('lists GSTINs and features', async () => {
      const m = await get<MetaPayload>('/api/meta');
      expect(m.gstins).toEqual([{ gstin: RECIPIENT, records: FIXTURE_RECORDS }]);
      expect(m.user).toBe('asha');
    });

    it('sends the records as columns + rows with a supplier dictionary', async () => {
      const p = await get<RecordsPayload>('/api/records');
      expect(p.gstin).toBe(RECIPIENT);
      expect(p.columns[0]).toBe('key');
      expect(p.rows).toHaveLength(FIXTURE_RECORDS);
      const row = p.rows.find((r) => r[3] === 'INV/2026-27/0002');
      expect(row).toBeDefined();
      if (!row) return;
      expect(p.suppliers[row[2]]).toEqual(['27AAACS1234F1ZS', 'Shree Sai Traders']);
      expect(row.slice(9, 15)).toEqual([59050, 50042, 0, 4504, 4504, 0]);
      expect(row[4]).toBe('2026-10-09');
      expect(row[15]).toBe('A');
      const unfiled = p.rows.find((r) => r[3] === '0004512');
      expect(((unfiled?.[19] ?? 0) & FLAG.supplierNotFiled) !== 0).toBe(true);
      // The outcome of the last match with the books: none, as reconciliation never ran.
      expect(p.columns).toHaveLength(row.length);
      expect(p.columns[21]).toBe('match');
      expect(p.rows.every((r) => r[21] === null)).toBe(true);
    });

    it('sees a decision made by another process on the same workspace (read cache stamps the SQLite file)', async () => {
      const first = await get<RecordsPayload>('/api/records');
      const key = first.rows.find((r) => r[3] === 'ECO-501')?.[0] ?? '';
      const other = await openSqliteStore(join(dir, 'ws.sqlite'));
      try {
        const r = await decide(
          { store: other, user: 'ravi', now: () => '2026-11-05T11:00:00.000Z' },
          {
            gstin: RECIPIENT,
            selector: { keys: [key] },
            verb: 'reject',
            remark: 'Not ours',
            source: 'cli',
          },
        );
        expect(r.applied).toBe(true);
        const again = await get<RecordsPayload>('/api/records');
        expect(again.rows.find((t) => t[0] === key)?.[16]).toBe('R');
        await decide(
          { store: other, user: 'ravi', now: () => '2026-11-05T11:01:00.000Z' },
          { gstin: RECIPIENT, selector: { keys: [key] }, verb: 'reset', source: 'cli' },
        );
        expect(
          (await get<RecordsPayload>('/api/records')).rows.find((t) => t[0] === key)?.[16],
        ).toBe('N');
      } finally {
        await other.close();
      }
    });

    it('reports status, ITC and suppliers; unknown GSTIN is a 400 with the reason', async () => {
      const s = await get<StatusPayload>('/api/status');
      expect(s.totals.total).toBe(FIXTURE_RECORDS);
      const itc = await get<{ available: { count: number } }>(`/api/itc?gstin=${RECIPIENT}`);
      expect(itc.available.count).toBeGreaterThan(0);
      expect((await get<unknown[]>('/api/suppliers')).length).toBeGreaterThan(2);
      const bad = await req('/api/status?gstin=29AAACR5055K1Z3');
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: string }).error).toContain('not in this workspace');
    });

    it('answers unknown API routes with JSON 404', async () => {
      const r = await req('/api/nope');
      expect(r.status).toBe(404);
      expect(((await r.json()) as { kind: string }).kind).toBe('notFound');
      expect((await req(`/api/record?key=${encodeURIComponent('b2b|X|Y|2026-27')}`)).status).toBe(
        404,
      );
    });
  });

  describe('deciding', () => {
    it('previews a bulk decision: refusals carry the rule and the reason, nothing changes', async () => {
      const p = await get<RecordsPayload>('/api/records');
      const keys = p.rows
        .filter((r) => p.suppliers[r[2]]?.[0] === '27AAACS1234F1ZS')
        .map((r) => r[0]);
      expect(keys.length).toBeGreaterThan(1);
      const r = await post('/api/decide', {
        keys,
        verb: 'pending',
        remark: 'Checking with supplier',
        dryRun: true,
      });
      expect(r.status).toBe(200);
      const d = (await r.json()) as DecidePayload;
      expect(d.dryRun).toBe(true);
      expect(d.applied).toBe(false);
      expect(d.refused.length).toBeGreaterThan(0);
      expect(d.refused[0]?.code).toBe('PENDING_BLOCKED');
      expect(d.refused[0]?.message).toContain('Pending is not allowed');
      expect(d.changed + d.unchanged + new Set(d.refused.map((x) => x.recordKey)).size).toBe(
        keys.length,
      );
      expect((await get<StatusPayload>('/api/status')).totals.waitingUpload).toBe(0);

      const apply = await post('/api/decide', {
        keys,
        verb: 'pending',
        remark: 'Checking with supplier',
      });
      expect(apply.status).toBe(422);
      const err = (await apply.json()) as {
        kind: string;
        refusals: { code: string }[];
        error: string;
      };
      expect(err.kind).toBe('refused');
      expect(err.refusals[0]?.code).toBe('PENDING_BLOCKED');
      expect(err.error).toContain('nothing was changed');
      expect((await get<StatusPayload>('/api/status')).totals.waitingUpload).toBe(0);
    });

    it('applies to the allowed records when asked (skipRefused) and returns them as they now are', async () => {
      const p = await get<RecordsPayload>('/api/records');
      const keys = p.rows
        .filter((r) => p.suppliers[r[2]]?.[0] === '27AAACS1234F1ZS')
        .map((r) => r[0]);
      const d = (await (
        await post('/api/decide', {
          keys,
          verb: 'pending',
          remark: 'Checking with supplier',
          skipRefused: true,
        })
      ).json()) as DecidePayload;
      expect(d.applied).toBe(true);
      expect(d.changed).toBeGreaterThan(0);
      expect(d.updated?.rows).toHaveLength(d.changed);
      expect(
        d.updated?.rows.every(
          (r) => r[16] === 'P' && r[17] === 'Checking with supplier' && (r[19] & FLAG.dirty) !== 0,
        ),
      ).toBe(true);
      // Back to what the portal holds, for the later tests.
      for (const verb of ['accept', 'reset'] as const) {
        const back = d.changes
          .filter((c) => c.from === (verb === 'accept' ? 'accept' : 'noAction'))
          .map((c) => c.key);
        if (back.length) expect((await post('/api/decide', { keys: back, verb })).status).toBe(200);
      }
      expect((await get<StatusPayload>('/api/status')).totals.waitingUpload).toBe(0);
    });

    it('puts the ITC-reduction declaration on Accept of a credit note: the default said, one answer for a selection', async () => {
      const cn = await keyOf('CN-7');
      const invoice = await keyOf('DN-14');
      const dry = (await (
        await post('/api/decide', { keys: [cn, invoice], verb: 'accept', dryRun: true })
      ).json()) as DecidePayload;
      expect(dry.declarations).toMatchObject({ defaulted: 1, none: 1 });
      expect(dry.declarationNotes.join(' ')).toContain(
        "full reduction (the portal's default) on 1 record",
      );
      const none = await post('/api/decide', {
        keys: [cn, invoice],
        verb: 'accept',
        itcReduction: { kind: 'none' },
        dryRun: true,
      });
      expect(none.status).toBe(200);
      const nd = (await none.json()) as DecidePayload;
      // The nil declaration needs a remark; the debit note takes no declaration at all.
      expect(nd.refused.map((x) => x.code)).toEqual(['REMARK_REQUIRED']);
      expect(nd.declarations).toMatchObject({ given: 1, notApplicable: 1 });
      expect((await get<StatusPayload>('/api/status')).totals.waitingUpload).toBe(0);
    });

    it('rejects one record with a remark; the record detail shows it in the audit history', async () => {
      const key = await keyOf('0004513');
      const d = (await (
        await post('/api/decide', { keys: [key], verb: 'reject', remark: 'Goods returned' })
      ).json()) as DecidePayload;
      expect(d).toMatchObject({ applied: true, changed: 1, refused: [] });
      const detail = await get<RecordDetailPayload>(`/api/record?key=${encodeURIComponent(key)}`);
      expect(detail.decision).toMatchObject({ action: 'reject', remark: 'Goods returned' });
      expect(detail.dirty).toBe(true);
      expect(detail.history.at(-1)).toMatchObject({
        user: 'asha',
        fromAction: 'noAction',
        toAction: 'reject',
        remark: 'Goods returned',
        source: 'web',
      });
    });

    it('refuses a remark on a plain Accept and a bad declaration, with reasons', async () => {
      const key = await keyOf('DN-14');
      const r = await post('/api/decide', { keys: [key], verb: 'accept', remark: 'fine' });
      expect(r.status).toBe(422);
      expect(((await r.json()) as { refusals: { code: string }[] }).refusals[0]?.code).toBe(
        'REMARK_NOT_ALLOWED_ON_ACCEPT',
      );
      const cn = await keyOf('CN-7');
      const over = await post('/api/decide', {
        keys: [cn],
        verb: 'accept',
        remark: 'x',
        itcReduction: { kind: 'partial', igst: 0, cgst: '10', sgst: '20', cess: 0 },
        dryRun: true,
      });
      expect(((await over.json()) as DecidePayload).refused.map((x) => x.code)).toContain(
        'ITC_REDUCTION_CGST_SGST_UNEQUAL',
      );
      const badAmount = await post('/api/decide', {
        keys: [cn],
        verb: 'accept',
        itcReduction: { kind: 'partial', igst: '1.234', cgst: 0, sgst: 0, cess: 0 },
      });
      expect(badAmount.status).toBe(400);
    });

    it('validates the request body', async () => {
      const empty = await post('/api/decide', { keys: [], verb: 'accept' });
      expect(empty.status).toBe(400);
      expect(((await empty.json()) as { error: string }).error).toContain(
        'choose at least one record',
      );
      expect((await post('/api/decide', { keys: ['x'], verb: 'approve' })).status).toBe(400);
      const notJson = await req('/api/decide', {
        method: 'POST',
        body: '{',
        headers: { 'content-type': 'application/json', origin: ORIGIN, [TOKEN_HEADER]: TOKEN },
      });
      expect(notJson.status).toBe(400);
    });
  });

  describe('upload', () => {
    it('previews what will be sent, grouped by section and action', async () => {
      const p = await get<UploadPreviewPayload>('/api/upload/preview');
      expect(p.blocked).toBe(false);
      expect(p.pending).toBe(1);
      expect(p.groups).toEqual([
        expect.objectContaining({ section: 'b2b', action: 'reject', count: 1 }),
      ]);
      expect(p.items[0]).toMatchObject({
        docNumber: '0004513',
        to: 'reject',
        from: 'noAction',
        remark: 'Goods returned',
      });
    });

    it('builds the SAVE file and serves it as an attachment', async () => {
      const r = await post('/api/upload/export', {});
      expect(r.status).toBe(200);
      const x = (await r.json()) as UploadExportPayload;
      expect(x.save).toBe(1);
      expect(x.files).toHaveLength(1);
      const f = x.files[0];
      expect(f?.reqtyp).toBe('SAVE');
      const dl = await req(f?.url ?? '', { headers: { 'sec-fetch-site': 'same-origin' } });
      expect(dl.status).toBe(200);
      expect(dl.headers.get('content-disposition')).toMatch(
        /^attachment; filename="ims-upload-27AABCU9603R1ZN-2026-11-05\.json"$/,
      );
      const body = (await dl.json()) as {
        rtin: string;
        reqtyp: string;
        invdata: Record<string, Record<string, unknown>[]>;
      };
      expect(body.rtin).toBe(RECIPIENT);
      expect(body.reqtyp).toBe('SAVE');
      expect(body.invdata.b2b?.[0]).toMatchObject({
        stin: '29AAACR5055K1Z3',
        inum: '0004513',
        action: 'R',
        prev_status: 'N',
        remarks: 'Goods returned',
      });
      expect((await req('/api/upload/files/ffff/0')).status).toBe(404);
    });
  });

  describe('import', () => {
    it('imports an IMS download sent as the raw body, and reports the merge', async () => {
      const body = readFileSync(ims('offline-download.json'));
      const r = await req('/api/import/ims?name=offline-download.json', {
        method: 'POST',
        body,
        headers: { origin: ORIGIN, [TOKEN_HEADER]: TOKEN },
      });
      expect(r.status).toBe(200);
      const x = (await r.json()) as ImportImsPayload;
      expect(x.file).toBe('offline-download.json');
      expect(x.gstin).toBe(RECIPIENT);
      expect(x.summary).toMatchObject({ new: 0, unchanged: FIXTURE_RECORDS, gone: 0 });
    });

    it('imports from a multipart form too', async () => {
      const form = new FormData();
      form.append(
        'file',
        new Blob([readFileSync(ims('offline-download.json'))], { type: 'application/json' }),
        'again.json',
      );
      const r = await req('/api/import/ims', {
        method: 'POST',
        body: form,
        headers: { origin: ORIGIN, [TOKEN_HEADER]: TOKEN },
      });
      expect(r.status, await r.clone().text()).toBe(200);
      expect(((await r.json()) as ImportImsPayload).file).toBe('again.json');
    });

    it('answers a bad file with 400 and a message naming the user file, never the temp path', async () => {
      const r = await req('/api/import/ims?name=broken.json', {
        method: 'POST',
        body: '{"gstin": "27AABCU9603R1ZN", "imsDetails": {"b2b": [',
        headers: { origin: ORIGIN, [TOKEN_HEADER]: TOKEN },
      });
      expect(r.status).toBe(400);
      const e = (await r.json()) as { error: string; kind: string };
      expect(e.kind).toBe('badInput');
      expect(e.error).toContain('broken.json');
      expect(e.error).not.toContain(tmpdir());
      expect(e.error).not.toContain('gst-ims-upload-');
    });

    it("imports the portal's error file: failing records marked, with the portal's message", async () => {
      const key = await keyOf('DN-14');
      expect((await post('/api/decide', { keys: [key], verb: 'accept' })).status).toBe(200);
      expect((await post('/api/upload/export', {})).status).toBe(200);
      const r = await req('/api/import/errors?name=status.json', {
        method: 'POST',
        body: readFileSync(ims('status-processed-with-errors.json')),
        headers: { origin: ORIGIN, [TOKEN_HEADER]: TOKEN },
      });
      expect(r.status, await r.clone().text()).toBe(200);
      const x = (await r.json()) as ImportErrorsPayload;
      expect(x.statusCode).toBe('PE');
      expect(x.marked).toEqual([expect.objectContaining({ recordKey: key, code: 'IMSSAV0010' })]);
      const s = await get<StatusPayload>('/api/status');
      expect(s.errors.map((e) => e.recordKey)).toEqual([key]);
      const rows = await get<RecordsPayload>('/api/records');
      expect(rows.rows.find((t) => t[0] === key)?.[20]).toContain('IMSSAV0010');
      // The answer belonged to the browser download it names, which the Upload page lists.
      const files = await get<{
        files: { name: string; status: string; failed: number; createdAt: string }[];
      }>('/api/upload-files');
      expect(files.files[0]).toMatchObject({ status: 'partlyFailed', failed: 1 });
      expect(files.files[0]?.name).toMatch(/^ims-upload-27AABCU9603R1ZN/);
      expect(typeof files.files[0]?.createdAt).toBe('string');
    });

    it("reads the answer inside a GSP's wrapper, and refuses one it cannot read (never 'no errors')", async () => {
      const cn = await keyOf('CN-7');
      expect((await post('/api/decide', { keys: [cn], verb: 'accept' })).status).toBe(200);
      expect((await post('/api/upload/export', {})).status).toBe(200);
      const send = (name: string, body: string | Buffer) =>
        req(`/api/import/errors?name=${name}`, {
          method: 'POST',
          body,
          headers: { origin: ORIGIN, [TOKEN_HEADER]: TOKEN },
        });
      const bad = await send('wrapped.json', '{"status_cd":1,"result":{"nothing":"here"}}');
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: string }).error).toContain('nothing was marked');
      const r = await send('gsp.json', readFileSync(ims('status-gsp-wrapped-imssav0054.json')));
      expect(r.status, await r.clone().text()).toBe(200);
      const x = (await r.json()) as ImportErrorsPayload;
      expect(x.marked).toEqual([expect.objectContaining({ recordKey: cn, code: 'IMSSAV0054' })]);
    });
  });

  it('leaves gone records out of the upload, and blocks it while a decision to send breaks a rule', async () => {
    // A decision valid when made breaks a rule once the next download no longer has the record.
    expect(
      (await post('/api/decide', { keys: [await keyOf('0004513')], verb: 'accept' })).status,
    ).toBe(200);
    const next = readFileSync(ims('offline-download-next.json'));
    const r = await req('/api/import/ims?name=offline-download-next.json', {
      method: 'POST',
      body: next,
      headers: { origin: ORIGIN, [TOKEN_HEADER]: TOKEN },
    });
    expect(r.status).toBe(200);
    expect(((await r.json()) as ImportImsPayload).summary.gone).toBe(1);
    const p = await get<UploadPreviewPayload>('/api/upload/preview');
    expect(p.notSent).toEqual([
      expect.objectContaining({ code: 'GONE_NOT_UPLOADED', recordKey: await keyOf('0004513') }),
    ]);
    expect(p.items.map((i) => i.docNumber)).not.toContain('0004513');
    expect(p.blocked).toBe(false);
    // A decision the rules refuse on a record that would be sent blocks the upload, with the rule named.
    const cn = await keyOf('CN-7');
    // Written by another connection, as an older gst-ims would have left it.
    const store = await openSqliteStore(join(dir, 'ws.sqlite'));
    const row = (await store.loadRecords(RECIPIENT)).find((r) => r.record.key === cn);
    if (!row) throw new Error('CN-7');
    await store.updateRecords(RECIPIENT, [
      {
        ...row,
        state: { ...row.state, decision: { action: 'pending', remark: null, itcReduction: null } },
      },
    ]);
    await store.close();
    const q = await get<UploadPreviewPayload>('/api/upload/preview');
    expect(q.blocked).toBe(true);
    expect(q.blocking).toEqual([
      expect.objectContaining({ code: 'PENDING_BLOCKED', recordKey: cn }),
    ]);
    const x = await post('/api/upload/export', {});
    expect(x.status).toBe(422);
    expect(((await x.json()) as { refusals: { code: string }[] }).refusals[0]?.code).toBe(
      'PENDING_BLOCKED',
    );
  });

  it('blocks the upload of an Accept of a credit note that lacks the declaration (an older decision)', async () => {
    const cn = await keyOf('CN-7');
    // Written by another connection, as an older gst-ims would have left it.
    const other = await openSqliteStore(join(dir, 'ws.sqlite'));
    const row = (await other.loadRecords(RECIPIENT)).find((r) => r.record.key === cn);
    if (!row) throw new Error('CN-7');
    await other.updateRecords(RECIPIENT, [
      {
        ...row,
        state: {
          ...row.state,
          gone: false,
          decision: { action: 'accept', remark: null, itcReduction: null },
        },
      },
    ]);
    await other.close();
    const q = await get<UploadPreviewPayload>('/api/upload/preview');
    expect(q.blocking).toContainEqual(
      expect.objectContaining({ code: 'ITC_REDUCTION_REQUIRED', recordKey: cn }),
    );
    const x = await post('/api/upload/export', {});
    expect(x.status).toBe(422);
    const codes = ((await x.json()) as { refusals: { code: string }[] }).refusals.map(
      (r) => r.code,
    );
    expect(codes).toContain('ITC_REDUCTION_REQUIRED');
  });

  it('answers an internal failure with 500 and no stack trace', async () => {
    const broken = createServer({
      ctx: {
        ...ctx,
        store: {
          ...ctx.store,
          listGstins: () => Promise.reject(new Error('disk on fire at /secret/path.ts:12')),
        },
      },
      token: TOKEN,
      port: () => PORT,
      webDir: null,
      log: () => undefined,
    });
    const r = await broken.request(`${ORIGIN}/api/meta`, {
      headers: { host: `127.0.0.1:${PORT}` },
    });
    expect(r.status).toBe(500);
    const text = await r.text();
    expect(text).toContain('internal error');
    expect(text).not.toContain('secret');
    expect(text).not.toContain('.ts:');
  });
});

describe('local API: re-imports and Pending windows (issue 10)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gst-ims-server-reimport-'));
  let ctx: AppContext;
  let app: Hono;
  const { get, post, send } = apiClient(() => app, TOKEN);
  const SUP = '29AAACR5055K1Z3';
  const note = (n: string, o: Record<string, unknown> = {}) => ({
    stin: SUP,
    nt_num: n,
    nt_dt: '06-10-2026',
    inv_typ: 'R',
    srcform: 'R1',
    rtnprd: '102026',
    srcfilstatus: 'Filed',
    val: 118,
    pos: '27',
    txval: 100,
    iamt: 18,
    camt: 0,
    samt: 0,
    cess: 0,
    action: 'N',
    ...o,
  });
  const upload = (name: string, sections: Record<string, unknown[]>) =>
    send(`/api/import/ims?name=${name}`, {
      method: 'POST',
      body: JSON.stringify({ gstin: RECIPIENT, imsDetails: sections }),
    });

  beforeAll(async () => {
    const store = await openSqliteStore(join(dir, 'ws.sqlite'));
    ctx = { store, user: 'asha', now: () => '2026-12-07T10:00:00.000Z' };
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

  it('flags a held Accept that comes back on No Action, scopes gone to the periods, and refuses an old credit note Pending', async () => {
    const first = await upload('oct.json', {
      b2bcn: [
        note('CN-HELD', { action: 'A', itcRedReq: 'Y', hash: 'a' }),
        note('CN-OLD', { rtnprd: '092025', nt_dt: '10-09-2025' }),
      ],
      b2b: [
        {
          stin: SUP,
          inum: 'APR-1',
          idt: '05-04-2026',
          inv_typ: 'R',
          srcform: 'R1',
          rtnprd: '042026',
          val: 1180,
          pos: '27',
          txval: 1000,
          iamt: 180,
          camt: 0,
          samt: 0,
          cess: 0,
          action: 'N',
        },
      ],
    });
    expect(first.status, await first.clone().text()).toBe(200);
    const p = await get<RecordsPayload>('/api/records');
    const keyOf = (n: string) => p.rows.find((r) => r[3] === n)?.[0] ?? '';
    // No ispendactblocked in this download: the engine's window applies.
    const pend = await post('/api/decide', {
      keys: [keyOf('CN-OLD')],
      verb: 'pending',
      dryRun: true,
    });
    expect(((await pend.json()) as DecidePayload).refused.map((r) => r.code)).toEqual([
      'PENDING_NOT_YET_ALLOWED',
    ]);
    const next = await upload('oct-2.json', {
      b2bcn: [
        note('CN-HELD', { action: 'N', hash: 'b', txval: 90, iamt: 16.2, val: 106.2 }),
        note('CN-OLD', { rtnprd: '092025', nt_dt: '10-09-2025' }),
      ],
    });
    expect(next.status).toBe(200);
    const r = (await next.json()) as ImportImsPayload & {
      decideAgainKeys: string[];
      periods: string[];
    };
    expect(r.decideAgainKeys).toEqual([keyOf('CN-HELD')]);
    // April's invoice is of a period this download does not cover: not gone.
    expect(r.summary.gone).toBe(0);
    expect(r.periods).toEqual(['092025', '102026']);
    const s = await get<StatusPayload>('/api/status');
    expect(s.flagged).toEqual([keyOf('CN-HELD')]);
  });
});

describe('startServer', () => {
  it('listens on 127.0.0.1 only, on a free port when given 0, and says so when the port is taken', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gst-ims-server-'));
    const store = await openSqliteStore(join(dir, 'ws.sqlite'));
    const ctx: AppContext = { store, user: 'asha', now: () => new Date().toISOString() };
    const s = await startServer({ ctx, port: 0, webDir: null, log: () => undefined });
    try {
      expect(s.url).toBe(`http://127.0.0.1:${s.port}/`);
      expect(s.token).toMatch(/^[\w-]{43}$/);
      const meta = await fetch(`${s.url}api/meta`);
      expect(meta.status).toBe(200);
      expect(((await meta.json()) as MetaPayload).gstins).toEqual([]);
      const page = await fetch(s.url);
      expect(page.status).toBe(503);
      expect(await page.text()).toContain('npm run build');
      await expect(startServer({ ctx, port: s.port, webDir: null })).rejects.toBeInstanceOf(
        PortInUseError,
      );
    } finally {
      await s.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
