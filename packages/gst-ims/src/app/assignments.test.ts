import { expect, it } from 'vitest';
import type { Role } from '../core/index.js';
import { BadInputError, NothingToDoError } from '../core/index.js';
import type { WorkspaceStore } from '../store/index.js';
import { describeStores } from '../test-support/stores.js';
import { SAMPLE_GSTIN as G, sampleRecord } from '../test-support/sample-records.js';
import { assignablePeople, assignWork, unassignWork, workQueues } from './assignments.js';
import type { WorkQueues } from './assignments.js';
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

const account = (name: string, role: Role = 'preparer', disabled = false) => ({
  name,
  role,
  passwordHash: 'x',
  disabled,
  createdAt: '2026-11-01T00:00:00.000Z',
});

/** Four records of October: two of S1, one of S2, one of S3; accounts asha, ravi, vik (viewer). */
async function filled(store: WorkspaceStore) {
  await store.ensureGstin(G, '2026-11-01T00:00:00.000Z');
  const rows = [sampleRecord(1, S1), sampleRecord(2, S1), sampleRecord(3, S2), sampleRecord(4, S3)];
  await store.insertRecords(G, rows);
  await store.addUser(account('asha'));
  await store.addUser(account('ravi'));
  await store.addUser(account('vik', 'viewer'));
  await store.addUser(account('old', 'preparer', true));
  return rows.map((r) => r.record.key);
}

const summary = (q: WorkQueues) =>
  q.queues.map((x) => [x.user, x.records, x.decided, x.remaining.length, x.overlapping]);

describeStores('assignment of a period among staff (issue 16)', (kind) => {
  it("splits the period by supplier and section, shows each person's queue, progress and overlaps", async () => {
    const store = await kind.open();
    try {
      const keys = await filled(store);
      const meera = ctxOf(store, 'meera');
      const added = await assignWork(meera, { gstin: G, period: P, user: 'asha', suppliers: [S1] });
      expect(added.map((a) => [a.assignee, a.kind, a.value, a.createdBy])).toEqual([
        ['asha', 'supplier', S1, 'meera'],
      ]);
      await assignWork(meera, { gstin: G, period: P, user: 'ravi', suppliers: [S2, S1] });
      await decide(ctxOf(store, 'asha'), {
        gstin: G,
        selector: { keys: [keys[0]!] },
        verb: 'accept',
        source: 'web',
      });

      const all = await workQueues(meera, { gstin: G, period: P });
      expect(all.unassigned).toBe(1);
      // S1 is in both queues: each counts it, and the overlap is reported.
      expect(summary(all)).toEqual([
        ['asha', 2, 1, 1, 2],
        ['ravi', 3, 1, 2, 2],
      ]);
      expect(all.queues[0]!.remaining).toEqual([keys[1]]);
      expect(all.overlaps).toEqual([{ users: ['asha', 'ravi'], records: 2 }]);
      expect(all.queues[1]!.shares.map((s) => [s.kind, s.value, s.records])).toEqual([
        ['supplier', S2, 1],
        ['supplier', S1, 2],
      ]);
      const own = await workQueues(meera, { gstin: G, period: P, only: 'ravi' });
      expect(own.queues.map((q) => q.user)).toEqual(['ravi']);
      expect(own.overlaps).toHaveLength(1);

      // A share adds to the person's queue; one held already is not added twice.
      await expect(
        assignWork(meera, { gstin: G, period: P, user: 'asha', suppliers: [S1] }),
      ).rejects.toBeInstanceOf(NothingToDoError);
      const more = await assignWork(meera, {
        gstin: G,
        period: P,
        user: 'asha',
        suppliers: [S1],
        sections: ['B2B'],
      });
      expect(more.map((a) => [a.kind, a.value])).toEqual([['section', 'b2b']]);
      const again = await workQueues(meera, { gstin: G, period: P });
      expect(summary(again)).toEqual([
        ['asha', 4, 1, 3, 3],
        ['ravi', 3, 1, 2, 3],
      ]);
      expect(again.unassigned).toBe(0);
      // Another period has no shares.
      expect((await workQueues(meera, { gstin: G, period: '092026' })).queues).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('assigns a saved view: its tab, supplier and search pick the records, as the grid does', async () => {
    const store = await kind.open();
    try {
      const keys = await filled(store);
      const meera = ctxOf(store, 'meera');
      const save = (name: string, view: object) =>
        store.saveView(G, 'meera', { name, view: JSON.stringify(view), at: 't' });
      await save('Not decided', {
        v: 1,
        view: 'noAction',
        supplier: '',
        search: '',
        filterModel: {},
      });
      await save('Rao 3', {
        v: 1,
        view: 'all',
        supplier: '',
        search: 'inv-3',
        filterModel: { value: { filterType: 'number', type: 'greaterThan', filter: 5 } },
      });
      await decide(ctxOf(store, 'asha'), {
        gstin: G,
        selector: { keys: [keys[0]!] },
        verb: 'reject',
        source: 'web',
      });
      await assignWork(meera, { gstin: G, period: P, user: 'ravi', views: ['Not decided'] });
      await assignWork(meera, { gstin: G, period: P, user: 'asha', views: ['Rao 3'] });
      const q = await workQueues(meera, { gstin: G, period: P });
      // Not decided: every record but the rejected one; the search "inv-3": the third only.
      expect(q.queues.map((x) => [x.user, x.records, [...x.remaining].sort()])).toEqual([
        ['ravi', 3, [keys[1], keys[2], keys[3]].sort()],
        ['asha', 1, [keys[2]]],
      ]);
      expect(q.overlaps).toEqual([{ users: ['ravi', 'asha'], records: 1 }]);
      const [view] = q.queues[0]!.shares;
      expect([view!.kind, view!.value, view!.viewOwner, view!.note]).toEqual([
        'view',
        'Not decided',
        'meera',
        null,
      ]);
      // The grid's column filters have no engine form: the queue says so.
      expect(q.queues[1]!.shares[0]!.note).toContain('column filters (value) are not applied');

      // A view saved again is followed; a view deleted gives nothing, and says so.
      await save('Rao 3', { v: 1, view: 'all', supplier: S1, search: '', filterModel: {} });
      expect((await workQueues(meera, { gstin: G, period: P })).queues[1]!.records).toBe(2);
      await store.deleteSavedView(G, 'meera', 'Not decided');
      const gone = (await workQueues(meera, { gstin: G, period: P })).queues[0]!;
      expect(gone.records).toBe(0);
      expect(gone.shares[0]!.note).toContain('the saved view "Not decided" of meera is gone');
    } finally {
      await store.close();
    }
  });

  it('takes shares back by id, by person, or by person and share', async () => {
    const store = await kind.open();
    try {
      await filled(store);
      const meera = ctxOf(store, 'meera');
      const a = await assignWork(meera, {
        gstin: G,
        period: P,
        user: 'asha',
        suppliers: [S1, S2],
        sections: ['b2b'],
      });
      await assignWork(meera, { gstin: G, period: P, user: 'ravi', suppliers: [S3] });
      const held = async () =>
        (await store.listAssignments(G, P)).map((x) => `${x.assignee}:${x.value}`);

      await expect(
        unassignWork(meera, { gstin: G, period: P, ids: [a[0]!.id, 424242] }),
      ).rejects.toThrow('has the id 424242');
      expect(await held()).toEqual([`asha:${S1}`, `asha:${S2}`, 'asha:b2b', `ravi:${S3}`]);

      const one = await unassignWork(meera, { gstin: G, period: P, ids: [a[0]!.id] });
      expect(one.map((x) => x.value)).toEqual([S1]);
      await unassignWork(meera, { gstin: G, period: P, user: 'asha', sections: ['b2b'] });
      expect(await held()).toEqual([`asha:${S2}`, `ravi:${S3}`]);
      await expect(
        unassignWork(meera, { gstin: G, period: P, user: 'asha', sections: ['b2b'] }),
      ).rejects.toBeInstanceOf(NothingToDoError);
      const rest = await unassignWork(meera, { gstin: G, period: P, user: 'ravi' });
      expect(rest.map((x) => x.value)).toEqual([S3]);
      expect(await held()).toEqual([`asha:${S2}`]);
      await expect(unassignWork(meera, { gstin: G, period: P })).rejects.toBeInstanceOf(
        BadInputError,
      );
    } finally {
      await store.close();
    }
  });

  it('refuses an unknown, disabled or viewer account, a bad share or none, and changes nothing', async () => {
    const store = await kind.open();
    try {
      await filled(store);
      const meera = ctxOf(store, 'meera');
      const bad: [object, string][] = [
        [{ user: 'nobody', suppliers: [S1] }, 'no enabled account "nobody"'],
        [{ user: 'old', suppliers: [S1] }, 'no enabled account "old"'],
        [{ user: 'vik', suppliers: [S1] }, 'vik is a viewer and may not decide'],
        [{ user: 'asha', suppliers: ['29AAACR5055K1Z4'] }, 'supplier 29AAACR5055K1Z4'],
        [{ user: 'asha', sections: ['b2z'] }, 'section "b2z": expected one of'],
        [{ user: 'asha', views: ['Nope'] }, 'saved view "Nope": meera has no saved view'],
        [{ user: 'asha' }, 'name a supplier, section or saved view'],
      ];
      for (const [b, message] of bad) {
        const e = await assignWork(meera, { gstin: G, period: P, user: '', ...b }).catch(
          (x: unknown) => x,
        );
        expect(e).toBeInstanceOf(BadInputError);
        expect((e as Error).message).toContain(message);
      }
      expect(await store.listAssignments(G, P)).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('lists the people work may go to: enabled, allowed to decide, with access to the client', async () => {
    const store = await kind.open();
    try {
      await filled(store);
      await store.addUser(account('boss', 'admin'));
      await store.addUser(account('zara', 'reviewer'));
      await store.grantGstins('asha', [G]);
      await store.grantGstins('vik', [G]);
      await store.grantGstins('old', [G]);
      await store.grantGstins('ravi', ['29AAACR5055K1Z3']);
      await store.grantGstins('zara', [G]);
      expect(await assignablePeople(ctxOf(store, 'meera'), G)).toEqual(['asha', 'boss', 'zara']);
    } finally {
      await store.close();
    }
  });
});
