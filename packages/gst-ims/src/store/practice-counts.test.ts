// The practice view's store reads (kysely-practice-counts.ts) on both stores, against core's
// definitions: generated records of several 2B periods (GSTR-1A ones moved to the next), decided,
// approved and decided again, and the SQL counts compared with counting in JavaScript through
// twoBPeriod and isDirty. A re-import that changes a record's period or the portal's remark moves
// it between the counts (the columns of migration 0016 kept by updateRecords).
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import type { Decision, WorkspaceRecord } from '../core/index.js';
import { isDirty, recordKey, twoBPeriod } from '../core/index.js';
import { caseStore } from '../test-support/case-store.js';
import { describeStores } from '../test-support/stores.js';
import { sampleRecord } from '../test-support/sample-records.js';
import type { PracticeCounts } from './kysely-practice-counts.js';
import type { WorkspaceStore } from './workspace-store.js';
import { TEST_ACTIONS, TEST_REDUCTIONS, TEST_REMARKS } from '../test-support/decision-values.js';

const AT = '2026-11-05T10:00:00.000Z';
const ACTIONS = TEST_ACTIONS;
const REDUCTIONS = TEST_REDUCTIONS;
const REMARKS = TEST_REMARKS;
/** Return periods: two months, a year's turn, unknown, and one twoBPeriod cannot move. */
const RETURN_PERIODS = ['092026', '102026', '122026', null, '132026'];
const SRC_FORMS = ['R1', 'R1A', 'gstr-1a', null];

const decisionArb: fc.Arbitrary<Decision> = fc.record({
  action: fc.constantFrom(...ACTIONS),
  remark: fc.constantFrom(...REMARKS),
  itcReduction: fc.constantFrom(...REDUCTIONS),
});

const caseArb = fc.record({
  rows: fc.array(
    fc.record({
      returnPeriod: fc.constantFrom(...RETURN_PERIODS),
      srcForm: fc.constantFrom(...SRC_FORMS),
      portalAction: fc.constantFrom(...ACTIONS),
      portalRemark: fc.constantFrom(...REMARKS),
      portalItc: fc.constantFrom(...REDUCTIONS),
      stored: decisionArb,
      // Decisions the same as the portal's (often: only then do remarks and declarations count).
      same: fc.boolean(),
      gone: fc.boolean(),
      error: fc.boolean(),
      // A decision made through the store (version 1), approved or not, decided again or not.
      decided: fc.option(
        fc.record({ decision: decisionArb, approved: fc.boolean(), again: fc.boolean() }),
        { nil: null },
      ),
    }),
    { maxLength: 30 },
  ),
});

type Case = (typeof caseArb extends fc.Arbitrary<infer T> ? T : never)['rows'][number];

function recordOf(n: number, g: Case): WorkspaceRecord {
  const w = sampleRecord(n);
  const stored = g.same ? { ...g.stored, action: g.portalAction } : g.stored;
  return {
    record: {
      ...w.record,
      key: recordKey('b2b', w.record.supplierGstin, `INV-${n}`, w.record.docDate),
      returnPeriod: g.returnPeriod,
      srcForm: g.srcForm,
      portalAction: g.portalAction,
      portalRemark: g.portalAction === 'noAction' ? null : g.portalRemark,
      portalItcReduction: g.portalAction === 'accept' ? g.portalItc : null,
    },
    state: {
      decision: stored,
      changedBySupplier: false,
      gone: g.gone,
      portalError: g.error ? { code: 'RET191', message: 'refused' } : null,
    },
  };
}

/** The counts of core's definitions over the records as they stand. */
function expected(
  rows: readonly { w: WorkspaceRecord; unapproved: boolean }[],
  period: string,
): PracticeCounts {
  const of = rows.filter(({ w }) => !w.state.gone && twoBPeriod(w.record) === period);
  const count = (f: (x: (typeof of)[number]) => boolean) => of.filter(f).length;
  return {
    records: of.length,
    undecided: count(
      ({ w }) => w.state.decision.action === 'noAction' && w.record.portalAction === 'noAction',
    ),
    unapproved: count((x) => x.unapproved),
    waitingUpload: count(({ w }) => isDirty(w.record, w.state.decision)),
    portalErrors: count(({ w }) => w.state.portalError !== null),
  };
}

describeStores('practice counts in the store (issue 16, decision 0053)', (kind) => {
  const cases = caseStore(kind);
  let store: WorkspaceStore;
  beforeAll(() => {
    store = cases.store;
  });
  const nextGstin = () => cases.nextGstin();

  it("counts a period's live records as core would, and lists the periods of live records", async () => {
    // A neighbour whose records must never count.
    const neighbour = nextGstin();
    await store.ensureGstin(neighbour, AT);
    const other: Case = {
      returnPeriod: '102026',
      srcForm: 'R1',
      portalAction: 'reject',
      portalRemark: null,
      portalItc: null,
      stored: { action: 'accept', remark: null, itcReduction: null },
      same: false,
      gone: false,
      error: true,
      decided: null,
    };
    await store.insertRecords(
      neighbour,
      Array.from({ length: 5 }, (_, i) => recordOf(i + 1, other)),
    );
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ rows: cases }) => {
        const gstin = nextGstin();
        await store.ensureGstin(gstin, AT);
        const rows = cases.map((g, i) => ({ g, w: recordOf(i + 1, g), unapproved: false }));
        await store.insertRecords(
          gstin,
          rows.map((r) => r.w),
        );
        for (const r of rows) {
          const d = r.g.decided;
          if (d === null) continue;
          const key = r.w.record.key;
          const decision = r.g.same ? { ...d.decision, action: r.g.portalAction } : d.decision;
          await store.setDecision(gstin, [key], decision);
          r.w = { ...r.w, state: { ...r.w.state, decision } };
          r.unapproved = true;
          if (d.approved) {
            const version = (await store.recordVersions(gstin, [key])).get(key)!;
            await store.approveRecords(gstin, [{ key, version }], 'meera', AT);
            r.unapproved = false;
          }
          if (d.again) {
            await store.setDecision(gstin, [key], decision);
            r.unapproved = true;
          }
        }
        const periods = new Set<string>();
        for (const { w } of rows) {
          const period = twoBPeriod(w.record);
          if (!w.state.gone && period !== null) periods.add(period);
        }
        expect((await store.practicePeriods(gstin)).sort()).toEqual([...periods].sort());
        for (const period of [...periods, '082026'])
          expect(await store.practiceCounts(gstin, period)).toEqual(expected(rows, period));
      }),
      { numRuns: kind.name === 'SQLite' ? 60 : 25 },
    );
  });

  it("follows a re-import's new period, remark and declaration, and a record gone", async () => {
    const gstin = nextGstin();
    await store.ensureGstin(gstin, AT);
    const base = (i: number) => sampleRecord(i);
    const a = base(1);
    const b = base(2);
    await store.insertRecords(gstin, [a, b]);
    expect(await store.practicePeriods(gstin)).toEqual(['102026']);
    // Both accepted here, as the portal will hold them.
    const accepted: Decision = { action: 'accept', remark: 'ok', itcReduction: { kind: 'full' } };
    await store.setDecision(gstin, [a.record.key, b.record.key], accepted);
    expect((await store.practiceCounts(gstin, '102026')).waitingUpload).toBe(2);

    // The next download: a moves to a GSTR-1A of September (2B period October still), b to
    // November; both now held by the portal as decided here, a with another remark.
    const held = { portalAction: 'accept' as const, portalItcReduction: { kind: 'full' as const } };
    const a2: WorkspaceRecord = {
      record: { ...a.record, ...held, returnPeriod: '092026', srcForm: 'R1A', portalRemark: 'x' },
      state: { ...a.state, decision: accepted },
    };
    const b2: WorkspaceRecord = {
      record: { ...b.record, ...held, returnPeriod: '112026', portalRemark: 'ok' },
      state: { ...b.state, decision: accepted },
    };
    await store.updateRecords(gstin, [a2, b2]);
    expect((await store.practicePeriods(gstin)).sort()).toEqual(['102026', '112026']);
    expect(await store.practiceCounts(gstin, '102026')).toMatchObject({
      records: 1,
      waitingUpload: 1,
    });
    expect(await store.practiceCounts(gstin, '112026')).toMatchObject({
      records: 1,
      undecided: 0,
      waitingUpload: 0,
    });

    // Gone from the portal: its period is no longer listed.
    await store.updateRecords(gstin, [{ ...b2, state: { ...b2.state, gone: true } }]);
    expect(await store.practicePeriods(gstin)).toEqual(['102026']);
    expect((await store.practiceCounts(gstin, '112026')).records).toBe(0);
  });
});
