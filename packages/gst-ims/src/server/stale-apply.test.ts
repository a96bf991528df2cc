// Version checks beyond /api/decide on the multi-user server (issue 16): applying reconcile
// proposals after a preview, and undo, never overwrite a decision another person made after the
// preview. Apply-selected (a person's selection) is refused whole with 409 naming the record;
// apply-all (rules over many records) leaves the record out as STALE_RECORD; undo leaves it as
// UNDO_RECORD_CHANGED_SINCE. With real concurrent requests: whichever lands first, nothing is lost.
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { addUser } from '../app/accounts.js';
import { decide } from '../app/decide.js';
import type { AppContext } from '../app/context.js';
import { importIms } from '../app/import-ims.js';
import { importRegister } from '../app/import-register.js';
import type { WorkspaceStore } from '../store/index.js';
import { describeStores } from '../test-support/stores.js';
import type { ApplyProposalsPayload, ReconcilePayload } from './api-types.js';
import { TOKEN_HEADER } from './api-types.js';
import { startServer } from './start-server.js';
import {
  G as SAMPLE,
  PASSWORD,
  fillWorkspace,
  multiUserServer,
  signIn,
} from './test-support/multi-user-fixture.js';
import type { UndoPayload } from './undo-api-types.js';

const FIXTURES = resolve(
  fileURLToPath(new URL('.', import.meta.url)),
  '../../../../tests/fixtures',
);
const G = '27AABCU9603R1ZN';

/** The IMS fixture, the books' register (so that rules propose), and two preparers. */
async function reconcileWorkspace(store: WorkspaceStore): Promise<void> {
  const ctx: AppContext = { store, user: 'setup', now: () => '2026-11-05T10:00:00.000Z' };
  await importIms(ctx, { file: resolve(FIXTURES, 'ims/offline-download.json') });
  await importRegister(ctx, {
    gstin: G,
    file: resolve(FIXTURES, 'register/tally-purchase-register.csv'),
  });
  for (const name of ['asha', 'ravi'])
    await addUser(store, {
      name,
      role: 'preparer',
      gstins: [G],
      password: PASSWORD,
      now: '2026-11-05T10:00:00.000Z',
    });
}

const decisionOf = async (store: WorkspaceStore, key: string) =>
  (await store.loadRecordsByKeys(G, [key]))[0]!.state.decision.action;

describeStores('reconcile apply after a preview, on the multi-user server', (kind) => {
  it('refuses apply-selected (409) and leaves apply-all out (STALE_RECORD) for a record decided since the preview', async () => {
    const store = await kind.open();
    try {
      await reconcileWorkspace(store);
      const app = multiUserServer(store);
      const asha = await signIn(app, 'asha');
      const ravi = await signIn(app, 'ravi');
      const apply = async (path: string, body: object) => {
        const res = await asha.req(`/api/reconcile/${path}`, { body: { gstin: G, ...body } });
        return { status: res.status, body: (await res.json()) as Record<string, unknown> };
      };

      const all = await apply('apply', { dryRun: true });
      expect(all.status).toBe(200);
      const preview = all.body as unknown as ApplyProposalsPayload;
      const planned = Object.keys(preview.versions);
      expect(planned.length).toBeGreaterThan(1);
      expect(planned.length).toBe(preview.changed);
      const [taken, ...rest] = planned as [string, ...string[]];

      // Without the preview's versions a multi-user apply is refused, nothing written.
      const bare = await apply('apply', {});
      expect(bare.status).toBe(400);
      expect(String(bare.body.error)).toContain('versions');

      // Ravi decides one of the previewed records after the preview.
      const r = await ravi.req('/api/decide', {
        body: { gstin: G, keys: [taken], verb: 'pending', versions: preview.versions },
      });
      expect(r.status, await r.clone().text()).toBe(200);

      const selected = await apply('apply-selected', {
        keys: planned,
        versions: preview.versions,
      });
      expect(selected.status).toBe(409);
      const conflicts = (selected.body.details as { conflicts: { key: string; by: string }[] })
        .conflicts;
      expect(conflicts.map((c) => [c.key, c.by])).toEqual([[taken, 'ravi']]);
      expect(await decisionOf(store, taken)).toBe('pending');
      for (const k of rest) expect(await store.recordVersions(G, [k])).toEqual(new Map());

      const done = await apply('apply', { versions: preview.versions });
      expect(done.status).toBe(200);
      const result = done.body as unknown as ApplyProposalsPayload;
      // The run itself would write the proposal over ravi's Pending (this fixture's rules do not
      // keep it): the version moved since the preview is what keeps ravi's decision.
      expect(result.stale.map((x) => [x.recordKey, x.code, x.by])).toEqual([
        [taken, 'STALE_RECORD', 'ravi'],
      ]);
      expect(await decisionOf(store, taken)).toBe('pending');
      expect(result.changed).toBe(rest.length);
      const versions = await store.recordVersions(G, planned);
      expect(versions.get(taken)).toBe(1);
      for (const k of rest) expect(versions.get(k)).toBe(1);
    } finally {
      await store.close();
    }
  });

  it('leaves out as STALE_RECORD a record decided since the preview that the rules do not keep', async () => {
    const store = await kind.open();
    try {
      await reconcileWorkspace(store);
      const app = multiUserServer(store);
      const asha = await signIn(app, 'asha');
      const preview = (await (
        await asha.req('/api/reconcile/apply', { body: { gstin: G, dryRun: true } })
      ).json()) as ApplyProposalsPayload;
      const planned = Object.keys(preview.versions);
      const [taken, ...rest] = planned as [string, ...string[]];
      const run = (await (
        await asha.req('/api/reconcile/run', { body: { gstin: G } })
      ).json()) as ReconcilePayload;
      const proposed = run.rows.find((row) => row.recordKey === taken)?.proposal?.action;
      expect(proposed).toBeDefined();
      // After the preview, ravi's rules (another configuration) decide the record otherwise: a
      // rule's decision, which the run does not keep as a person's, so only the version tells.
      const other = proposed === 'reject' ? 'accept' : 'reject';
      await decide(
        { store, user: 'ravi', now: () => '2026-11-05T11:00:00.000Z' },
        { gstin: G, selector: { keys: [taken] }, verb: other, source: 'rule:ravi-rules' },
      );
      const res = await asha.req('/api/reconcile/apply', {
        body: { gstin: G, versions: preview.versions },
      });
      expect(res.status).toBe(200);
      const r = (await res.json()) as ApplyProposalsPayload;
      expect(r.stale).toHaveLength(1);
      expect(r.stale[0]).toMatchObject({ recordKey: taken, code: 'STALE_RECORD' });
      expect(r.stale[0]!.message).toContain('decided by ravi at 2026-11-05T11:00:00.000Z');
      expect(r.changed).toBe(rest.length);
      expect(await decisionOf(store, taken)).toBe(other);
      expect(await store.recordVersions(G, [taken])).toEqual(new Map([[taken, 1]]));
      const audit = await store.auditFor(G, [taken]);
      expect(audit.map((e) => e.user)).toEqual(['ravi']);
    } finally {
      await store.close();
    }
  });
});

async function httpSignIn(base: string, name: string) {
  const origin = base.slice(0, -1);
  const res = await fetch(`${base}api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ name, password: PASSWORD }),
  });
  expect(res.status).toBe(200);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return (path: string, body: object) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin, cookie, [TOKEN_HEADER]: csrfToken },
      body: JSON.stringify(body),
    });
}

describeStores('undo and a decision at once on the multi-user server', (kind) => {
  it('loses nothing: the other person is refused (409) or the undo leaves their records out', async () => {
    const store = await kind.open();
    const ctx: AppContext = { store, user: 'os-user', now: () => new Date().toISOString() };
    const server = await startServer({
      ctx,
      port: 0,
      webDir: null,
      multiUser: true,
      log: () => undefined,
    });
    try {
      const keys = await fillWorkspace(store, 300, [
        { name: 'asha', role: 'preparer', gstins: [SAMPLE] },
        { name: 'ravi', role: 'preparer', gstins: [SAMPLE] },
      ]);
      const asha = await httpSignIn(server.url, 'asha');
      const ravi = await httpSignIn(server.url, 'ravi');
      const decided = await asha('api/decide', {
        gstin: SAMPLE,
        keys: keys.slice(0, 200),
        verb: 'accept',
        versions: {},
      });
      expect(decided.status).toBe(200);
      const overlap = keys.slice(100, 200);
      const seen = Object.fromEntries(overlap.map((k) => [k, 1]));
      const [undo, decide] = await Promise.all([
        asha('api/undo', { gstin: SAMPLE }),
        ravi('api/decide', { gstin: SAMPLE, keys: overlap, verb: 'reject', versions: seen }),
      ]);
      expect(undo.status).toBe(200);
      const u = (await undo.json()) as UndoPayload;
      const records = new Map((await store.loadRecords(SAMPLE)).map((r) => [r.record.key, r]));
      const audit = await store.auditFor(SAMPLE, overlap);
      if (decide.status === 200) {
        // Ravi first: the undo left his records as he decided them.
        expect(u.undone).toBe(100);
        expect(u.skippedByCode).toEqual({ UNDO_RECORD_CHANGED_SINCE: 100 });
        for (const k of overlap) expect(records.get(k)!.state.decision.action, k).toBe('reject');
      } else {
        // The undo first: ravi's view was stale, his request refused whole.
        expect(decide.status).toBe(409);
        expect(u.undone).toBe(200);
        for (const k of overlap) expect(records.get(k)!.state.decision.action, k).toBe('noAction');
      }
      // Each record of the overlap: asha's decision and exactly one later entry, never both.
      expect(audit).toHaveLength(200);
      for (const k of keys.slice(0, 100))
        expect(records.get(k)!.state.decision.action, k).toBe('noAction');
    } finally {
      await server.close();
      await store.close();
    }
  });
});
