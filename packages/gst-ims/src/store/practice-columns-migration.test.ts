// Migration 0016-practice-columns on both stores: an older workspace's records gain their 2B
// period (core's twoBPeriod, a GSTR-1A record in the next period) and the portal's remark and
// declaration as columns, the same values an import writes; the practice view's counts and the
// grid's waiting view then read them.
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import type { ItcReduction, Paise, WorkspaceRecord } from '../core/index.js';
import { isDirty } from '../core/index.js';
import {
  insertOldRecord,
  olderWorkspace,
  storedPracticeColumns,
} from '../test-support/older-workspace.js';
import { sampleRecord } from '../test-support/sample-records.js';
import { describeStores } from '../test-support/stores.js';
import { fillRecordValues, RECORD_COLUMNS } from './record-rows.js';

const G = '27AABCU9603R1ZN';
const partial: ItcReduction = {
  kind: 'partial',
  igst: 100 as Paise,
  cgst: 0 as Paise,
  sgst: 0 as Paise,
  cess: 5 as Paise,
};

function record(n: number, change: Partial<WorkspaceRecord['record']>, gone = false) {
  const w = sampleRecord(n);
  return { record: { ...w.record, ...change }, state: { ...w.state, gone } };
}

const ROWS: WorkspaceRecord[] = [
  record(1, { returnPeriod: '102026' }),
  // GSTR-1A of September: the October 2B, however the form is spelt.
  record(2, { returnPeriod: '092026', srcForm: 'R1A' }),
  record(3, { returnPeriod: '092026', srcForm: 'gstr-1a' }),
  // Held by the portal with a remark and a partial declaration, the same decision here.
  {
    record: {
      ...sampleRecord(4).record,
      portalAction: 'accept',
      portalRemark: 'short "supply" é',
      portalItcReduction: partial,
    },
    state: {
      ...sampleRecord(4).state,
      decision: { action: 'accept', remark: 'short "supply" é', itcReduction: partial },
    },
  },
  // The same action with another declaration: waiting for upload.
  {
    record: { ...sampleRecord(5).record, portalAction: 'accept', portalItcReduction: partial },
    state: {
      ...sampleRecord(5).state,
      decision: { action: 'accept', remark: null, itcReduction: { kind: 'full' } },
    },
  },
  // No period known; a December GSTR-1A (January's 2B); a period twoBPeriod cannot read.
  record(6, { returnPeriod: null }),
  record(7, { returnPeriod: '122026', srcForm: 'R1A' }),
  record(8, { returnPeriod: '132026', srcForm: 'R1A' }),
  // Gone: its period is not listed.
  record(9, { returnPeriod: '082026' }, true),
];

describeStores('migration 0016-practice-columns', (kind) => {
  it("fills an older workspace's period, remark and declaration columns as an import writes them", async () => {
    const location = await kind.newLocation({ empty: true });
    const db = await olderWorkspace(kind, location, '0016');
    await sql`INSERT INTO gstins (gstin, created_at) VALUES (${G}, ${'2026-10-01T00:00:00Z'})`.execute(
      db,
    );
    for (const [i, w] of ROWS.entries()) await insertOldRecord(db, G, i + 1, w, 'supplier_name');
    await db.destroy();

    const store = await kind.open(location);
    try {
      expect((await store.practicePeriods(G)).sort()).toEqual(['012027', '102026']);
      // Records 1-5: the October 2B; 4 and 5 held by the portal, 5 waiting.
      expect(await store.practiceCounts(G, '102026')).toEqual({
        records: 5,
        undecided: 3,
        unapproved: 0,
        waitingUpload: ROWS.filter((w) => isDirty(w.record, w.state.decision)).length,
        portalErrors: 0,
      });
      expect((await store.practiceCounts(G, '102026')).waitingUpload).toBe(1);
      const waiting = await store.pageRecords(
        G,
        { view: 'waiting', supplier: null, section: null, terms: [] },
        { column: 'docNumber', dir: 'asc' },
        0,
        10,
      );
      expect(waiting.records.map((w) => w.record.key)).toEqual([ROWS[4]!.record.key]);
    } finally {
      await store.close();
    }

    // The migrated columns hold what an import of the same records writes.
    const fresh = await kind.newLocation();
    const imported = await kind.open(fresh);
    try {
      await imported.ensureGstin(G, '2026-10-01T00:00:00Z');
      await imported.insertRecords(G, ROWS);
    } finally {
      await imported.close();
    }
    const columns = (at: string) => storedPracticeColumns(kind, at, G);
    const expected = ROWS.map((w) => {
      const values: unknown[] = [];
      fillRecordValues(values, 0, G, w.record);
      return [
        w.record.key,
        ...['two_b_period', 'portal_remark', 'portal_itc_reduction'].map(
          (c) => values[RECORD_COLUMNS.indexOf(c as (typeof RECORD_COLUMNS)[number])],
        ),
      ];
    }).sort();
    expect(await columns(location)).toEqual(expected);
    expect(await columns(fresh)).toEqual(expected);
  });
});
