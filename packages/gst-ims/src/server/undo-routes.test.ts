// The undo, history and saved-view API in process: a web decision undone (preview first), a
// record changed since left alone, the list of actions, views per user and GSTIN.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../app/context.js';
import { importIms } from '../app/import-ims.js';
import { declarationRequired } from '../core/index.js';
import { generateImsDownload } from '../generator/generate-ims.js';
import { openSqliteStore } from '../store/index.js';
import { createServer } from './create-server.js';
import { apiClient } from './test-support/api-client.js';
import type { AuditActionsPayload, SavedViewsPayload, UndoPayload } from './undo-api-types.js';

const TOKEN = 'test-token-0123456789abcdef0123456789abcdef';

describe('undo API: GET /api/audit/actions, POST /api/undo; saved views: /api/views', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gst-ims-undo-api-'));
  let ctx: AppContext;
  let app: Hono;
  let keys: string[] = [];
  let minute = 0;
  const { get, post, json } = apiClient(() => app, TOKEN);
  const serverAs = (user: string): Hono =>
    createServer({
      ctx: { ...ctx, user },
      token: TOKEN,
      port: () => 5177,
      webDir: null,
      log: () => undefined,
    });

  beforeAll(async () => {
    const file = join(dir, 'ims.json');
    writeFileSync(
      file,
      JSON.stringify(
        generateImsDownload({
          seed: 11,
          count: 200,
          recipientGstin: '27AABCU9603R1ZN',
          returnPeriod: '102026',
        }).json,
      ),
    );
    ctx = {
      store: await openSqliteStore(join(dir, 'ws.sqlite')),
      user: 'asha',
      now: () => new Date(Date.UTC(2026, 10, 5, 10, minute++)).toISOString(),
    };
    await importIms(ctx, { file });
    keys = (await ctx.store.loadRecords('27AABCU9603R1ZN'))
      .filter(
        (r) =>
          !r.state.gone &&
          !r.record.pendingBlocked &&
          r.record.supplierFiled !== false &&
          !declarationRequired(r.record) &&
          r.state.decision.action === 'noAction',
      )
      .slice(0, 4)
      .map((r) => r.record.key);
    expect(keys.length).toBe(4);
    app = serverAs('asha');
  });
  afterAll(async () => {
    await ctx.store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const decisionOf = async (key: string): Promise<string> =>
    (await get<{ decision: { action: string } }>(`/api/record?key=${encodeURIComponent(key)}`))
      .decision.action;

  it('undoes a bulk decision of the web app: a preview, then the real thing', async () => {
    await json(post('/api/decide', { keys, verb: 'accept' }));
    await json(post('/api/decide', { keys: [keys[0]], verb: 'pending' }));
    const { actions } = await get<AuditActionsPayload>('/api/audit/actions');
    expect(actions.map((a) => [a.user, a.decisions[0]?.toAction, a.records])).toEqual([
      ['asha', 'pending', 1],
      ['asha', 'accept', 4],
    ]);
    const accept = actions[1]?.id;
    const preview = await json<UndoPayload>(post('/api/undo', { eventId: accept, dryRun: true }));
    expect(preview).toMatchObject({
      records: 4,
      undone: 3,
      skippedCount: 1,
      skippedByCode: { UNDO_RECORD_CHANGED_SINCE: 1 },
      restoredTo: { noAction: 3 },
      applied: false,
      dryRun: true,
    });
    expect(preview.skipped[0]?.recordKey).toBe(keys[0]);
    expect(await decisionOf(keys[1] as string)).toBe('accept');

    const done = await json<UndoPayload>(post('/api/undo', { eventId: accept }));
    expect(done.applied).toBe(true);
    expect(done.undone + done.skippedCount).toBe(done.records);
    expect(await decisionOf(keys[1] as string)).toBe('noAction');
    expect(await decisionOf(keys[0] as string)).toBe('pending');
    const after = (await get<AuditActionsPayload>('/api/audit/actions')).actions;
    expect(after[0]).toMatchObject({
      id: done.undoEvent,
      undoes: accept,
      source: `undo:${accept}`,
    });
    expect(after.find((a) => a.id === accept)?.undoneBy).toBe(done.undoEvent);
  });

  it("undoes the session user's last action by default; says so when there is none", async () => {
    const r = await json<UndoPayload>(post('/api/undo', {}));
    expect(r.event.decisions[0]?.toAction).toBe('pending');
    expect(await decisionOf(keys[0] as string)).toBe('accept');
    const other = serverAs('ravi');
    const res = await other.request('http://127.0.0.1:5177/api/undo', {
      method: 'POST',
      body: '{}',
      headers: {
        host: '127.0.0.1:5177',
        origin: 'http://127.0.0.1:5177',
        'content-type': 'application/json',
        'x-gst-ims-token': TOKEN,
      },
    });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: string }).error).toMatch(/nothing to undo: ravi/);
  });

  it('refuses a bad body or an unknown event clearly', async () => {
    const bad = await json<{ error: string; kind: string }>(
      post('/api/undo', { eventId: 'last' }),
      400,
    );
    expect(bad.kind).toBe('badInput');
    expect(bad.error).toMatch(/eventId/);
    const unknown = await json<{ error: string }>(post('/api/undo', { eventId: 999999 }), 400);
    expect(unknown.error).toMatch(/event 999999: GSTIN 27AABCU9603R1ZN has no audit event/);
  });

  it('saves, lists, replaces and deletes views per user', async () => {
    const view = { tab: 'reject', quick: 'RAMAN', filter: { value: { type: 'greaterThan' } } };
    await json(post('/api/views', { name: '  Rejects  ', view }));
    await json(post('/api/views', { name: 'Big ones', view: { tab: 'all' } }));
    let listed = await get<SavedViewsPayload>('/api/views');
    expect(listed.user).toBe('asha');
    expect(listed.views.map((v) => [v.name, v.view])).toEqual([
      ['Big ones', { tab: 'all' }],
      ['Rejects', view],
    ]);
    await json(post('/api/views', { name: 'Rejects', view: { tab: 'pending' } }));
    listed = await get<SavedViewsPayload>('/api/views');
    expect(listed.views.find((v) => v.name === 'Rejects')?.view).toEqual({ tab: 'pending' });
    // Another user of the same workspace has views of their own.
    const ravi = await serverAs('ravi').request('http://127.0.0.1:5177/api/views', {
      headers: { host: '127.0.0.1:5177' },
    });
    expect(((await ravi.json()) as SavedViewsPayload).views).toEqual([]);
    const left = await json<SavedViewsPayload>(post('/api/views/delete', { name: 'Big ones' }));
    expect(left.views.map((v) => v.name)).toEqual(['Rejects']);
    const again = await json<{ error: string }>(
      post('/api/views/delete', { name: 'Big ones' }),
      409,
    );
    expect(again.error).toMatch(/no saved view named "Big ones"/);
    const blank = await json<{ error: string }>(post('/api/views', { name: ' ', view: {} }), 400);
    expect(blank.error).toMatch(/name: give the view a name/);
    const notObject = await json<{ error: string }>(
      post('/api/views', { name: 'x', view: [1] }),
      400,
    );
    expect(notObject.error).toMatch(/view/);
  });
});
