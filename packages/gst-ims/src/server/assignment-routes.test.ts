// Assignment over the multi-user server (issue 16): a reviewer splits the month by supplier,
// section or saved view and takes shares back, each preparer sees only their own queue and its
// progress, the reviewer sees everyone's (overlaps shown), and only a reviewer or admin assigns.
import { expect, it } from 'vitest';
import type { AppContext } from '../app/context.js';
import { describeStores } from '../test-support/stores.js';
import { SAMPLE_SUPPLIER } from '../test-support/sample-records.js';
import type { WorkQueuesPayload } from './assignment-api-types.js';
import { createServer } from './create-server.js';
import { G, fillWorkspace, multiUserServer, signIn } from './test-support/multi-user-fixture.js';

describeStores('assignment routes on the multi-user server', (kind) => {
  it('shows each person their queue and the reviewer everyone’s', async () => {
    const store = await kind.open();
    try {
      const keys = await fillWorkspace(store, 5, [
        { name: 'meera', role: 'reviewer', gstins: [G] },
        { name: 'asha', role: 'preparer', gstins: [G] },
        { name: 'ravi', role: 'preparer', gstins: [G] },
        { name: 'boss', role: 'admin' },
        { name: 'vik', role: 'viewer', gstins: [G] },
      ]);
      const app = multiUserServer(store);
      const meera = await signIn(app, 'meera');
      const asha = await signIn(app, 'asha');
      const ravi = await signIn(app, 'ravi');
      const boss = await signIn(app, 'boss');
      const vik = await signIn(app, 'vik');
      const assign = (b: typeof meera, user: string, body: object) =>
        b.req('/api/assign', { body: { gstin: G, period: '102026', user, ...body } });

      expect((await assign(asha, 'asha', { sections: ['b2b'] })).status).toBe(403);
      expect((await assign(vik, 'asha', { sections: ['b2b'] })).status).toBe(403);
      expect((await assign(meera, 'asha', { suppliers: [SAMPLE_SUPPLIER] })).status).toBe(200);
      const bad = await assign(meera, 'ravi', { sections: ['b2z'] });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: string }).error).toContain('section "b2z"');
      expect((await assign(meera, 'ravi', { sections: ['b2ba'] })).status).toBe(200);
      expect(
        (
          await asha.req('/api/decide', {
            body: { gstin: G, keys: keys.slice(0, 2), verb: 'accept', versions: {} },
          })
        ).status,
      ).toBe(200);

      const q = (b: typeof meera) =>
        b
          .req(`/api/assignments?gstin=${G}&period=102026`)
          .then((r) => r.json() as Promise<WorkQueuesPayload>);
      const hers = await q(asha);
      expect(hers.queues.map((x) => [x.user, x.records, x.decided, x.remaining.length])).toEqual([
        ['asha', 5, 2, 3],
      ]);
      // A preparer may not assign: no people or views are offered.
      expect(hers.assign).toEqual({ multiUser: true, allowed: false, people: [], views: [] });
      expect((await q(ravi)).queues.map((x) => [x.user, x.records])).toEqual([['ravi', 0]]);
      const all = await q(meera);
      expect(all.queues.map((x) => [x.user, x.decided])).toEqual([
        ['asha', 2],
        ['ravi', 0],
      ]);
      expect(all.unassigned).toBe(0);
      expect(all.assign).toEqual({
        multiUser: true,
        allowed: true,
        people: ['asha', 'boss', 'meera', 'ravi'],
        views: [],
      });

      // A saved view of the reviewer's, assigned by name: the records it shows, overlaps shown.
      expect(
        (
          await meera.req('/api/views', {
            body: {
              gstin: G,
              name: 'Open',
              view: { v: 1, view: 'noAction', supplier: '', search: '', filterModel: {} },
            },
          })
        ).status,
      ).toBe(200);
      const viewed = await assign(meera, 'ravi', { views: ['Open'] });
      expect(viewed.status, await viewed.clone().text()).toBe(200);
      const after = (await viewed.json()) as WorkQueuesPayload;
      expect(after.assign.views).toEqual(['Open']);
      expect(after.queues.map((x) => [x.user, x.records, x.overlapping])).toEqual([
        ['asha', 5, 3],
        ['ravi', 3, 3],
      ]);
      expect(after.overlaps).toEqual([{ users: ['asha', 'ravi'], records: 3 }]);
      const unknownView = await assign(boss, 'ravi', { views: ['Open'] });
      expect(unknownView.status).toBe(400);

      // Taking a share back: the reviewer's or admin's, by id.
      const share = after.queues[1]!.shares.find((s) => s.kind === 'view')!;
      const remove = (b: typeof meera, ids: number[]) =>
        b.req('/api/assign/remove', { body: { gstin: G, period: '102026', ids } });
      expect((await remove(ravi, [share.id])).status).toBe(403);
      const removed = await remove(boss, [share.id]);
      expect(removed.status).toBe(200);
      const left = (await removed.json()) as WorkQueuesPayload;
      expect(left.queues.map((x) => [x.user, x.records, x.shares.map((s) => s.kind)])).toEqual([
        ['asha', 5, ['supplier']],
        ['ravi', 0, ['section']],
      ]);
      expect(left.overlaps).toEqual([]);
      const again = await remove(meera, [share.id]);
      expect(again.status).toBe(400);
      expect(((await again.json()) as { error: string }).error).toContain(`has the id ${share.id}`);
    } finally {
      await store.close();
    }
  });
});

describeStores('assignment routes on a single-user server', (kind) => {
  it('shows the shares read only and offers no assignment', async () => {
    const store = await kind.open();
    try {
      await fillWorkspace(store, 3, []);
      const ctx: AppContext = { store, user: 'os-user', now: () => '2026-12-07T10:00:00.000Z' };
      const token = 'single-user-token-0123456789abcdef0123456789';
      const app = createServer({
        ctx,
        token,
        port: () => 5177,
        webDir: null,
        log: () => undefined,
      });
      const res = await app.request(
        `http://127.0.0.1:5177/api/assignments?gstin=${G}&period=102026`,
        {
          headers: { host: '127.0.0.1:5177', 'sec-fetch-site': 'same-origin' },
        },
      );
      expect(res.status, await res.clone().text()).toBe(200);
      const body = (await res.json()) as WorkQueuesPayload;
      expect(body.assign).toEqual({ multiUser: false, allowed: false, people: [], views: [] });
      expect(body.unassigned).toBe(3);
    } finally {
      await store.close();
    }
  });
});
