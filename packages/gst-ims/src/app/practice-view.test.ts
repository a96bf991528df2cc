import { expect, it } from 'vitest';
import type { WorkspaceStore } from '../store/index.js';
import { describeStores } from '../test-support/stores.js';
import { SAMPLE_GSTIN as G, sampleRecord } from '../test-support/sample-records.js';
import type { AppContext } from './context.js';
import { decide } from './decide.js';
import { approveDecisions } from './approvals.js';
import { practiceView } from './practice-view.js';

const OTHER = '29AAACR5055K1Z3';
const ctxOf = (store: WorkspaceStore, user: string): AppContext => ({
  store,
  user,
  now: () => '2026-11-05T10:00:00.000Z',
});

/** Record n of `gstin` in return period `period`. */
function recordIn(n: number, period: string, supplier = OTHER) {
  const r = sampleRecord(n, supplier);
  return { ...r, record: { ...r.record, returnPeriod: period } };
}

describeStores('the practice view (issue 16)', (kind) => {
  it("counts each client's records of the period and what is left to do on them", async () => {
    const store = await kind.open();
    try {
      await store.ensureGstin(G, '2026-11-01T00:00:00.000Z');
      await store.ensureGstin(OTHER, '2026-11-01T00:00:00.000Z');
      const g = [1, 2, 3, 4].map((n) => recordIn(n, '102026'));
      const older = recordIn(9, '092026');
      await store.insertRecords(G, [...g, older]);
      await store.insertRecords(OTHER, [recordIn(1, '102026', G), recordIn(2, '092026', G)]);
      // One record the portal refused in the last upload.
      await store.updateStates(G, [
        {
          key: g[3]!.record.key,
          state: { ...g[3]!.state, portalError: { code: 'E1', message: 'refused' } },
        },
      ]);
      const asha = ctxOf(store, 'asha');
      await decide(asha, {
        gstin: G,
        selector: { keys: [g[0]!.record.key, g[1]!.record.key, older.record.key] },
        verb: 'accept',
        source: 'web',
      });

      const one = await practiceView(asha, '102026');
      expect(one).toMatchObject({
        period: '102026',
        gstr2bOn: '2026-11-14',
        gstr3bDue: '2026-11-20',
        periods: ['102026', '092026'],
      });
      const row = (gstin: string) => one.clients.find((c) => c.gstin === gstin);
      expect(row(G)).toEqual({
        gstin: G,
        records: 4,
        undecided: 2,
        // A one-person workspace approves nothing.
        waitingApproval: null,
        waitingUpload: 2,
        portalErrors: 1,
        gstr2bImportedAt: null,
      });
      expect(row(OTHER)).toMatchObject({ records: 1, undecided: 1, waitingUpload: 0 });

      // With accounts, the period's decisions wait for approval until a reviewer approves.
      await store.addUser({
        name: 'meera',
        role: 'reviewer',
        passwordHash: 'x',
        disabled: false,
        createdAt: '2026-11-01T00:00:00.000Z',
      });
      expect(row(G)!.waitingApproval).toBeNull();
      const two = await practiceView(asha, '102026');
      expect(two.clients.find((c) => c.gstin === G)!.waitingApproval).toBe(2);
      expect((await practiceView(asha, '092026')).clients.find((c) => c.gstin === G)).toMatchObject(
        { records: 1, waitingApproval: 1, undecided: 0 },
      );
      await approveDecisions(ctxOf(store, 'meera'), { gstin: G });
      const three = await practiceView(asha);
      expect(three.period).toBe('102026');
      expect(three.clients.find((c) => c.gstin === G)!.waitingApproval).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('puts GSTR-1A records in the next period, and follows an import that changes the periods', async () => {
    const store = await kind.open();
    try {
      await store.ensureGstin(G, '2026-11-01T00:00:00.000Z');
      const amended = recordIn(1, '092026');
      const r1a = { ...amended, record: { ...amended.record, srcForm: 'R1A' } };
      await store.insertRecords(G, [r1a, recordIn(2, '102026')]);
      const ctx = ctxOf(store, 'asha');
      const first = await practiceView(ctx);
      expect(first.periods).toEqual(['102026']);
      expect(first.clients[0]).toMatchObject({ records: 2, undecided: 2 });

      // A later download says the supplier filed it in GSTR-1 of August: the view follows.
      await store.updateRecords(G, [
        { ...r1a, record: { ...r1a.record, srcForm: 'R1', returnPeriod: '082026' } },
      ]);
      await store.logImport({
        gstin: G,
        kind: 'ims',
        file: 'next.json',
        at: '2026-11-06T00:00:00.000Z',
        user: 'asha',
        summary: {},
      });
      const second = await practiceView(ctx, '102026');
      expect(second.periods).toEqual(['102026', '082026']);
      expect(second.clients[0]).toMatchObject({ records: 1, undecided: 1 });

      // A decision is seen at once (states are read on every request).
      await decide(ctx, {
        gstin: G,
        selector: { keys: [recordIn(2, '102026').record.key] },
        verb: 'reject',
        remark: 'not received',
        source: 'web',
      });
      expect((await practiceView(ctx, '102026')).clients[0]).toMatchObject({
        records: 1,
        undecided: 0,
        waitingUpload: 1,
      });
    } finally {
      await store.close();
    }
  });
});
