import { expect, it } from 'vitest';
import type { IsoDate, ItcReduction, Paise, WorkspaceRecord } from '../core/index.js';
import { outlineOf, recordKey } from '../core/index.js';
import { describeStores } from '../test-support/stores.js';

// Next month's import reads the held records in outline (the database reading the packed
// description's return period, and the portal's remark and declaration from migration 0016's
// columns): the outline must say what the whole record says, after inserts and re-imports.

const G = '27AABCU9603R1ZN';
const S = '29AAACR5055K1Z3';
const p = (x: number) => x as Paise;

function row(
  n: number,
  o: {
    returnPeriod?: string | null;
    portalRemark?: string | null;
    itc?: ItcReduction | null;
    decided?: boolean;
  } = {},
): WorkspaceRecord {
  const docDate = '2026-10-05' as IsoDate;
  const section = n % 2 === 0 ? 'b2b' : 'b2bcn';
  return {
    record: {
      key: recordKey(section, S, `D-${n}`, docDate),
      section,
      supplierGstin: S,
      supplierName: 'Ravi',
      docNumber: `D-${n}`,
      docDate,
      originalDocNumber: null,
      originalDocDate: null,
      invType: 'R',
      srcForm: 'R1',
      returnPeriod: o.returnPeriod === undefined ? '102026' : o.returnPeriod,
      supplierFiled: true,
      pos: '27',
      amounts: {
        value: p(11800),
        taxable: p(10000),
        igst: p(1800),
        cgst: p(0),
        sgst: p(0),
        cess: p(0),
      },
      portalAction: o.portalRemark ? 'reject' : o.itc ? 'accept' : 'noAction',
      pendingBlocked: false,
      remarksBlocked: false,
      itcReductionBlocked: false,
      portalRemark: o.portalRemark ?? null,
      portalItcReduction: o.itc ?? null,
      hash: null,
      extra: { note: 'x' },
    },
    state: {
      decision: o.decided
        ? { action: 'pending', remark: 'later', itcReduction: null }
        : {
            action: o.portalRemark ? 'reject' : o.itc ? 'accept' : 'noAction',
            remark: o.portalRemark ?? null,
            itcReduction: o.itc ?? null,
          },
      changedBySupplier: n % 3 === 0,
      gone: n % 5 === 0,
      portalError: n % 7 === 0 ? { code: 'IMSSAV0010', message: 'stale' } : null,
    },
  };
}

describeStores('loadRecordOutlines', (kind) => {
  it('gives for every record what its whole load gives, without the description', async () => {
    const store = await kind.open();
    try {
      const rows = [
        row(1),
        row(2, { returnPeriod: null }),
        row(3, { portalRemark: 'not ours, "quoted" ₹' }),
        row(4, { itc: { kind: 'partial', igst: p(900), cgst: p(0), sgst: p(0), cess: p(0) } }),
        row(5, { itc: { kind: 'none' } }),
        row(6, { decided: true }),
        row(7),
        row(10, { returnPeriod: '092026' }),
      ];
      await store.transaction(async (tx) => {
        await tx.ensureGstin(G, '2026-12-07T00:00:00Z');
        await tx.insertRecords(G, rows);
      });
      const whole = await store.loadRecords(G);
      const outlines = await store.loadRecordOutlines(G);
      expect(outlines).toEqual(whole.map(outlineOf));
      expect(outlines).toHaveLength(rows.length);

      // A re-import changes the portal's remark and declaration: the outline follows.
      const [r1, r3, r4] = [rows[0], rows[2], rows[3]] as [
        WorkspaceRecord,
        WorkspaceRecord,
        WorkspaceRecord,
      ];
      const changed: WorkspaceRecord[] = [
        { ...r1, record: { ...r1.record, portalAction: 'reject', portalRemark: 'now rejected' } },
        { ...r3, record: { ...r3.record, portalRemark: null } },
        {
          ...r4,
          record: {
            ...r4.record,
            portalItcReduction: {
              kind: 'partial',
              igst: p(100),
              cgst: p(0),
              sgst: p(0),
              cess: p(0),
            },
          },
        },
      ];
      await store.transaction((tx) => tx.updateRecords(G, changed));
      const after = await store.loadRecordOutlines(G);
      expect(after).toEqual((await store.loadRecords(G)).map(outlineOf));
      expect(after.find((o) => o.key === r1.record.key)?.portalRemark).toBe('now rejected');
      expect(after.find((o) => o.key === r3.record.key)?.portalRemark).toBeNull();
      const page = await store.loadRecordOutlinePage(G, 0, 100);
      expect(page.outlines).toEqual(after);
    } finally {
      await store.close();
    }
  });
});

describeStores('loadRecordOutlinePage through an id', (kind) => {
  // An import notes lastRecordId before it adds records, and marks gone only those held then:
  // the records it added itself must not be read again (next month's import read them all).
  it('pages the records held up to the id, and the ids given later are greater', async () => {
    const store = await kind.open();
    try {
      expect(await store.lastRecordId()).toBe(0);
      const held = [row(1), row(2), row(3), row(4), row(6)];
      await store.transaction(async (tx) => {
        await tx.ensureGstin(G, '2026-12-07T00:00:00Z');
        await tx.insertRecords(G, held);
      });
      const through = await store.lastRecordId();
      expect(through).toBeGreaterThan(0);
      await store.transaction((tx) => tx.insertRecords(G, [row(7), row(8), row(9)]));
      expect(await store.lastRecordId()).toBeGreaterThan(through);

      const keys: string[] = [];
      for (let after = 0; ;) {
        const page = await store.loadRecordOutlinePage(G, after, 2, through);
        keys.push(...page.outlines.map((o) => o.key));
        if (page.lastId === null) break;
        after = page.lastId;
      }
      expect(keys.sort()).toEqual(held.map((r) => r.record.key).sort());
      // Without a bound, every record.
      const all = await store.loadRecordOutlinePage(G, 0, 100);
      expect(all.outlines).toHaveLength(8);
      expect(all.lastId).toBeNull();
    } finally {
      await store.close();
    }
  });
});
