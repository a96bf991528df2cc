import { expect, it } from 'vitest';
import { describeStores } from '../test-support/stores.js';
import { SAMPLE_GSTIN as G, sampleRecords } from '../test-support/sample-records.js';

const accept = { action: 'accept' as const, remark: null, itcReduction: null };
const AT = '2026-12-07T11:00:00.000Z';

describeStores('approvals of records at a version (migration 0011-approvals)', (kind) => {
  it('lists the records decided past their approved version, and approves them', async () => {
    const store = await kind.open();
    try {
      const rows = sampleRecords(10);
      await store.ensureGstin(G, AT);
      await store.insertRecords(G, rows);
      const keys = rows.map((r) => r.record.key);
      expect(await store.unapprovedRecords(G, null)).toEqual([]);
      expect(await store.lastApproval(G)).toBeNull();
      await store.setDecision(G, keys.slice(0, 3), accept);
      await store.setDecision(G, keys.slice(2, 3), { ...accept, action: 'pending' });
      const before = await store.unapprovedRecords(G, null);
      expect(before.map((u) => [u.key, u.version, u.approvedVersion])).toEqual(
        [
          [keys[0], 1, 0],
          [keys[1], 1, 0],
          [keys[2], 2, 0],
        ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
      );
      await store.approveRecords(
        G,
        before.filter((u) => u.key !== keys[1]).map((u) => ({ key: u.key, version: u.version })),
        'meera',
        AT,
      );
      expect((await store.unapprovedRecords(G, null)).map((u) => u.key)).toEqual([keys[1]]);
      expect(await store.lastApproval(G)).toMatchObject({ by: 'meera', at: AT });
      // A later decision brings an approved record back, against its approved version.
      await store.setDecision(G, keys.slice(0, 1), { ...accept, action: 'reject' });
      expect(
        (await store.unapprovedRecords(G, [keys[0]!, keys[5]!])).map((u) => [
          u.key,
          u.version,
          u.approvedVersion,
        ]),
      ).toEqual([[keys[0], 2, 1]]);
      // Approving again replaces the record's approval.
      await store.approveRecords(
        G,
        [{ key: keys[0]!, version: 2 }],
        'ravi',
        '2026-12-07T12:00:00.000Z',
      );
      expect((await store.unapprovedRecords(G, null)).map((u) => u.key)).toEqual([keys[1]]);
      expect(await store.lastApproval(G)).toMatchObject({ by: 'ravi', key: keys[0], version: 2 });
      expect(await store.lastApproval('29AAACR5055K1Z3')).toBeNull();
    } finally {
      await store.close();
    }
  });

  it('lists approvals by reviewer and time, and the last approval of each record', async () => {
    const store = await kind.open();
    try {
      const rows = sampleRecords(6);
      await store.ensureGstin(G, AT);
      await store.insertRecords(G, rows);
      const keys = rows.map((r) => r.record.key);
      expect(await store.listApprovals(G, { limit: 10 })).toEqual([]);
      await store.setDecision(G, keys, accept);
      const LATER = '2026-12-07T12:00:00.000Z';
      await store.approveRecords(
        G,
        keys.slice(0, 4).map((key) => ({ key, version: 1 })),
        'meera',
        AT,
      );
      await store.approveRecords(
        G,
        keys.slice(3).map((key) => ({ key, version: 1 })),
        'ravi',
        LATER,
      );
      // keys[3] was approved again by ravi: it counts with the later approval.
      expect(await store.listApprovals(G, { limit: 10 })).toEqual([
        { by: 'ravi', at: LATER, records: 3 },
        { by: 'meera', at: AT, records: 3 },
      ]);
      expect(await store.listApprovals(G, { limit: 1 })).toEqual([
        { by: 'ravi', at: LATER, records: 3 },
      ]);
      expect(await store.listApprovals('29AAACR5055K1Z3', { limit: 10 })).toEqual([]);
      const got = await store.recordApprovals(G, [keys[0]!, keys[3]!, 'no-such-key']);
      expect(got).toEqual(
        [
          { key: keys[0], version: 1, by: 'meera', at: AT },
          { key: keys[3], version: 1, by: 'ravi', at: LATER },
        ].sort((a, b) => String(a.key).localeCompare(String(b.key))),
      );
      expect(await store.recordApprovals(G, [])).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
