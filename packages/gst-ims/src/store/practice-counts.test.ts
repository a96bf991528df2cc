// The practice view's store reads (kysely-practice-counts.ts) on both stores: the stamp moves
// with what the period parts depend on, the parts are the live records', and the states are
// read only for records with something set, with the remarks only where both actions agree.
import { expect, it } from 'vitest';
import type { ItcReduction, WorkspaceRecord } from '../core/index.js';
import { describeStores } from '../test-support/stores.js';
import { SAMPLE_GSTIN as G, sampleRecord } from '../test-support/sample-records.js';
import type { WorkspaceStore } from './workspace-store.js';

const AT = '2026-11-05T10:00:00.000Z';

function record(
  n: number,
  change: Partial<WorkspaceRecord['record']> = {},
  state: Partial<WorkspaceRecord['state']> = {},
): WorkspaceRecord {
  const r = sampleRecord(n);
  return { record: { ...r.record, ...change }, state: { ...r.state, ...state } };
}

/** Record n of the second test is told by its return period: month n of 2026. */
const periodOf = (n: number): string => `${String(n).padStart(2, '0')}2026`;

/** Record id -> key, through each record's own return period. */
const idsByKey = async (
  store: WorkspaceStore,
  rows: readonly WorkspaceRecord[],
): Promise<Map<number, string>> => {
  const byPeriod = new Map(rows.map((r) => [r.record.returnPeriod, r.record.key]));
  return new Map(
    (await store.recordPeriodParts(G)).map((p) => [p.id, byPeriod.get(p.returnPeriod)!]),
  );
};

describeStores('practice counts in the store (issue 16)', (kind) => {
  it('reads the period parts of live records, and a stamp that moves only when they may', async () => {
    const store = await kind.open();
    try {
      await store.ensureGstin(G, AT);
      const empty = await store.practiceStamp(G);
      const rows = [
        record(1, { returnPeriod: '102026' }),
        record(2, { returnPeriod: '092026', srcForm: 'R1A' }),
        record(3, { returnPeriod: null }),
      ];
      await store.insertRecords(G, rows);
      const three = await store.practiceStamp(G);
      expect(three).not.toBe(empty);
      const parts = await store.recordPeriodParts(G);
      expect(parts.map((p) => [p.returnPeriod, p.srcForm]).sort()).toEqual(
        [
          ['102026', 'R1'],
          ['092026', 'R1A'],
          [null, 'R1'],
        ].sort(),
      );
      expect(new Set(parts.map((p) => p.id)).size).toBe(3);

      // A decision leaves the parts as they are, and so the stamp.
      await store.setDecision(G, [rows[0]!.record.key], {
        action: 'accept',
        remark: null,
        itcReduction: null,
      });
      expect(await store.practiceStamp(G)).toBe(three);

      // A record gone from the portal leaves the parts, and moves the stamp.
      await store.updateStates(G, [
        { key: rows[2]!.record.key, state: { ...rows[2]!.state, gone: true } },
      ]);
      const gone = await store.practiceStamp(G);
      expect(gone).not.toBe(three);
      expect((await store.recordPeriodParts(G)).map((p) => p.returnPeriod).sort()).toEqual([
        '092026',
        '102026',
      ]);

      // An import (the only way descriptions change) moves it too.
      await store.logImport({
        gstin: G,
        kind: 'ims',
        file: 'x.json',
        at: AT,
        user: 'u',
        summary: {},
      });
      expect(await store.practiceStamp(G)).not.toBe(gone);
      // Another GSTIN's stamp is its own.
      expect(await store.practiceStamp('29AAACR5055K1Z3')).not.toBe(await store.practiceStamp(G));
    } finally {
      await store.close();
    }
  });

  it('reads the states of records with something set, remarks only where both actions agree', async () => {
    const store = await kind.open();
    try {
      await store.ensureGstin(G, AT);
      const full: ItcReduction = { kind: 'full' };
      const rows = [
        // Undecided on both sides: not read.
        record(1, { returnPeriod: periodOf(1) }),
        // Decided here only.
        record(2, { returnPeriod: periodOf(2) }),
        // Held by the portal with a remark; decided the same here with another remark.
        record(3, {
          returnPeriod: periodOf(3),
          portalAction: 'reject',
          portalRemark: 'short supply',
        }),
        // Held by the portal with a declaration, undecided here.
        record(4, { returnPeriod: periodOf(4), portalAction: 'accept', portalItcReduction: full }),
        // Refused by the portal.
        record(
          5,
          { returnPeriod: periodOf(5) },
          { portalError: { code: 'E1', message: 'refused' } },
        ),
        // Gone: never read.
        record(6, { returnPeriod: periodOf(6) }, { gone: true }),
      ];
      await store.insertRecords(G, rows);
      await store.setDecision(G, [rows[1]!.record.key], {
        action: 'pending',
        remark: null,
        itcReduction: null,
      });
      await store.setDecision(G, [rows[2]!.record.key], {
        action: 'reject',
        remark: 'not received',
        itcReduction: null,
      });
      const key = await idsByKey(store, rows);
      const states = new Map(
        (await store.practiceStates(G)).map((s) => [key.get(s.id), s] as const),
      );
      expect([...states.keys()].sort()).toEqual(
        [2, 3, 4, 5].map((n) => rows[n - 1]!.record.key).sort(),
      );
      expect(states.get(rows[1]!.record.key)).toMatchObject({
        localAction: 'pending',
        portalAction: 'noAction',
        sameAction: null,
        portalError: false,
        unapproved: true,
      });
      expect(states.get(rows[2]!.record.key)).toMatchObject({
        localAction: 'reject',
        portalAction: 'reject',
        sameAction: {
          localRemark: 'not received',
          portalRemark: 'short supply',
          localItcReduction: null,
          portalItcReduction: null,
        },
      });
      expect(states.get(rows[3]!.record.key)).toMatchObject({
        localAction: 'noAction',
        portalAction: 'accept',
        sameAction: null,
        unapproved: false,
      });
      expect(states.get(rows[4]!.record.key)).toMatchObject({ portalError: true });

      // Approved at its version, a record no longer waits (and, with nothing else set, is not read).
      const versions = await store.recordVersions(G, [rows[1]!.record.key]);
      await store.approveRecords(
        G,
        [{ key: rows[1]!.record.key, version: versions.get(rows[1]!.record.key)! }],
        'meera',
        AT,
      );
      const after = (await store.practiceStates(G)).find(
        (s) => key.get(s.id) === rows[1]!.record.key,
      );
      expect(after).toMatchObject({ localAction: 'pending', unapproved: false });

      // A declaration on both sides comes back parsed.
      await store.setDecision(G, [rows[3]!.record.key], {
        action: 'accept',
        remark: null,
        itcReduction: full,
      });
      const both = (await store.practiceStates(G)).find(
        (s) => key.get(s.id) === rows[3]!.record.key,
      );
      expect(both?.sameAction).toEqual({
        localRemark: null,
        portalRemark: null,
        localItcReduction: full,
        portalItcReduction: full,
      });
    } finally {
      await store.close();
    }
  });
});
