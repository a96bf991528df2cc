// Assignment over the multi-user server (issue 16): a reviewer splits the month by supplier, each
// preparer sees only their own queue and its progress, the reviewer sees everyone's, and a
// preparer may not assign.
import { expect, it } from 'vitest';
import { describeStores } from '../test-support/stores.js';
import { SAMPLE_SUPPLIER } from '../test-support/sample-records.js';
import type { WorkQueuesPayload } from './assignment-api-types.js';
import { G, fillWorkspace, multiUserServer, signIn } from './test-support/multi-user-fixture.js';

describeStores('assignment routes on the multi-user server', (kind) => {
  it('shows each person their queue and the reviewer everyone’s', async () => {
    const store = await kind.open();
    try {
      const keys = await fillWorkspace(store, 5, [
        { name: 'meera', role: 'reviewer', gstins: [G] },
        { name: 'asha', role: 'preparer', gstins: [G] },
        { name: 'ravi', role: 'preparer', gstins: [G] },
      ]);
      const app = multiUserServer(store);
      const meera = await signIn(app, 'meera');
      const asha = await signIn(app, 'asha');
      const ravi = await signIn(app, 'ravi');
      const assign = (b: typeof meera, user: string, body: object) =>
        b.req('/api/assign', { body: { gstin: G, period: '102026', user, ...body } });

      expect((await assign(asha, 'asha', { sections: ['b2b'] })).status).toBe(403);
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
      expect((await q(ravi)).queues.map((x) => [x.user, x.records])).toEqual([['ravi', 0]]);
      const all = await q(meera);
      expect(all.queues.map((x) => [x.user, x.decided])).toEqual([
        ['asha', 2],
        ['ravi', 0],
      ]);
      expect(all.unassigned).toBe(0);
    } finally {
      await store.close();
    }
  });
});
