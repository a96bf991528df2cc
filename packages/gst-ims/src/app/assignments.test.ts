import { expect, it } from 'vitest';
import { BadInputError } from '../core/index.js';
import type { WorkspaceStore } from '../store/index.js';
import { describeStores } from '../test-support/stores.js';
import { SAMPLE_GSTIN as G, sampleRecord } from '../test-support/sample-records.js';
import { assignWork, workQueues } from './assignments.js';
import type { AppContext } from './context.js';
import { decide } from './decide.js';

const S1 = '29AAACR5055K1Z3';
const S2 = '27AAACS1234F1ZS';
const S3 = '06AJGPX5349O1ZC';
const P = '102026';

const ctxOf = (store: WorkspaceStore, user: string): AppContext => ({
  store,
  user,
  now: () => '2026-11-05T10:00:00.000Z',
});

const account = (name: string) => ({
  name,
  role: 'preparer' as const,
  passwordHash: 'x',
  disabled: false,
  createdAt: '2026-11-01T00:00:00.000Z',
});

describeStores('assignment of a period among staff (issue 16)', (kind) => {
  it("splits the period by supplier, shows each person's queue and progress", async () => {
    const store = await kind.open();
    try {
      await store.ensureGstin(G, '2026-11-01T00:00:00.000Z');
      const rows = [
        sampleRecord(1, S1),
        sampleRecord(2, S1),
        sampleRecord(3, S2),
        sampleRecord(4, S3),
      ];
      await store.insertRecords(G, rows);
      await store.addUser(account('asha'));
      await store.addUser(account('ravi'));
      const meera = ctxOf(store, 'meera');
      await assignWork(meera, { gstin: G, period: P, user: 'asha', suppliers: [S1] });
      await assignWork(meera, { gstin: G, period: P, user: 'ravi', suppliers: [S2, S1] });
      await decide(ctxOf(store, 'asha'), {
        gstin: G,
        selector: { keys: [rows[0]!.record.key] },
        verb: 'accept',
        source: 'web',
      });

      const all = await workQueues(meera, { gstin: G, period: P });
      expect(all.unassigned).toBe(1);
      // S1 is Asha's: the first share a record falls in holds it.
      expect(all.queues.map((q) => [q.user, q.records, q.decided, q.remaining])).toEqual([
        ['asha', 2, 1, [rows[1]!.record.key]],
        ['ravi', 1, 0, [rows[2]!.record.key]],
      ]);
      const own = await workQueues(meera, { gstin: G, period: P, only: 'ravi' });
      expect(own.queues.map((q) => q.user)).toEqual(['ravi']);

      // A new share replaces the person's earlier one; an empty one takes it away.
      await assignWork(meera, { gstin: G, period: P, user: 'asha', sections: ['b2b'] });
      const again = await workQueues(meera, { gstin: G, period: P });
      expect(again.queues.map((q) => [q.user, q.records])).toEqual([
        ['ravi', 3],
        ['asha', 1],
      ]);
      await assignWork(meera, { gstin: G, period: P, user: 'ravi' });
      expect((await workQueues(meera, { gstin: G, period: P })).queues).toHaveLength(1);
      // Another period has no shares.
      expect((await workQueues(meera, { gstin: G, period: '092026' })).queues).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('refuses an unknown account, a bad supplier GSTIN or section, and changes nothing', async () => {
    const store = await kind.open();
    try {
      await store.ensureGstin(G, '2026-11-01T00:00:00.000Z');
      await store.addUser(account('asha'));
      const meera = ctxOf(store, 'meera');
      const bad = [
        { user: 'nobody', suppliers: [S1] },
        { user: 'asha', suppliers: ['29AAACR5055K1Z4'] },
        { user: 'asha', sections: ['b2z'] },
      ];
      for (const b of bad)
        await expect(assignWork(meera, { gstin: G, period: P, ...b })).rejects.toBeInstanceOf(
          BadInputError,
        );
      expect(await store.getSetting(G, `assignments.${P}`)).toBeNull();
    } finally {
      await store.close();
    }
  });
});
