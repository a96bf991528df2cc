// The practice view over the multi-user server (issue 16): each account sees the clients it was
// granted, an admin every client; a bad period is refused.
import { expect, it } from 'vitest';
import { describeStores } from '../test-support/stores.js';
import type { PracticePayload } from './practice-api-types.js';
import {
  G,
  OTHER_CLIENT,
  fillWorkspace,
  multiUserServer,
  signIn,
} from './test-support/multi-user-fixture.js';

describeStores('practice route on the multi-user server', (kind) => {
  it('lists the granted clients with what is left to do', async () => {
    const store = await kind.open();
    try {
      const keys = await fillWorkspace(store, 6, [
        { name: 'root', role: 'admin' },
        { name: 'asha', role: 'preparer', gstins: [G] },
      ]);
      const app = multiUserServer(store);
      const asha = await signIn(app, 'asha');
      const root = await signIn(app, 'root');
      const decided = await asha.req('/api/decide', {
        body: { gstin: G, keys: keys.slice(0, 2), verb: 'accept', versions: {} },
      });
      expect(decided.status).toBe(200);

      const mine = (await (
        await asha.req('/api/practice?period=102026')
      ).json()) as PracticePayload;
      expect(mine.clients).toEqual([
        {
          gstin: G,
          records: 6,
          undecided: 4,
          waitingApproval: 2,
          waitingUpload: 2,
          portalErrors: 0,
          gstr2bImportedAt: null,
        },
      ]);
      expect(mine).toMatchObject({ period: '102026', gstr3bDue: '2026-11-20' });
      const all = (await (await root.req('/api/practice')).json()) as PracticePayload;
      expect(all.clients.map((c) => [c.gstin, c.records]).sort()).toEqual(
        [
          [G, 6],
          [OTHER_CLIENT, 5],
        ].sort(),
      );
      const bad = await root.req('/api/practice?period=13-2026');
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: string }).error).toContain('period');
    } finally {
      await store.close();
    }
  });
});
