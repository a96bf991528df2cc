// status counted in SQL (recordStatus) against what loading every record and asking core gives,
// on both stores: the sections' counts, the totals and the records it lists.
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import type { Action, ItcReduction, Paise, Section, WorkspaceRecord } from '../core/index.js';
import { ACTIONS, SECTIONS, isDirty, recordKey } from '../core/index.js';
import { sampleRecord } from '../test-support/sample-records.js';
import { caseStore } from '../test-support/case-store.js';
import { describeStores } from '../test-support/stores.js';
import type { WorkspaceStore } from '../store/index.js';
import type { AppContext } from './context.js';
import { inPeriod, scopeToPeriod } from './period-scope.js';
import { workspaceStatus } from './workspace-status.js';

const REDUCTION: ItcReduction = {
  kind: 'partial',
  igst: 5_00 as Paise,
  cgst: 0 as Paise,
  sgst: 0 as Paise,
  cess: 0 as Paise,
};

const recordArb = fc
  .record({
    n: fc.integer({ min: 0, max: 1_000_000 }),
    returnPeriod: fc.constantFrom('102026', '112026', null),
    supplierFiled: fc.constantFrom(true, false, null),
    section: fc.constantFrom(...SECTIONS),
    portalAction: fc.constantFrom(...ACTIONS),
    decision: fc.constantFrom(...ACTIONS),
    portalRemark: fc.constantFrom(null, 'short'),
    remark: fc.constantFrom(null, '', 'short', 'other'),
    itc: fc.constantFrom(null, REDUCTION),
    gone: fc.boolean(),
    changed: fc.boolean(),
    error: fc.constantFrom(null, { code: 'RET191', message: 'bad' }, { code: null, message: 'x' }),
  })
  .map((g): WorkspaceRecord => {
    const base = sampleRecord(g.n);
    const key = recordKey(g.section, base.record.supplierGstin, `D-${g.n}`, base.record.docDate);
    return {
      record: {
        ...base.record,
        key,
        section: g.section,
        docNumber: `D-${g.n}`,
        returnPeriod: g.returnPeriod,
        supplierFiled: g.supplierFiled,
        portalAction: g.portalAction,
        portalRemark: g.portalAction === 'noAction' ? null : g.portalRemark,
        portalItcReduction: g.portalAction === 'accept' ? g.itc : null,
      },
      state: {
        decision: { action: g.decision, remark: g.remark, itcReduction: g.itc },
        changedBySupplier: g.changed,
        gone: g.gone,
        portalError: g.error,
      },
    };
  });

const rowsArb = fc.uniqueArray(recordArb, { maxLength: 40, selector: (w) => w.record.key });

/** What status said when it loaded every record (before recordStatus), from the records. */
function loadedStatus(rows: readonly WorkspaceRecord[]) {
  const zero = (): Record<Action, number> => ({ accept: 0, reject: 0, pending: 0, noAction: 0 });
  const sections = SECTIONS.map((section: Section) => {
    const own = rows.filter((w) => w.record.section === section);
    const byPortalAction = zero();
    const byDecision = zero();
    for (const w of own) {
      byPortalAction[w.record.portalAction]++;
      byDecision[w.state.decision.action]++;
    }
    return {
      section,
      total: own.length,
      byPortalAction,
      byDecision,
      waitingUpload: own.filter((w) => !w.state.gone && isDirty(w.record, w.state.decision)).length,
      flagged: own.filter((w) => w.state.changedBySupplier).length,
      withError: own.filter((w) => w.state.portalError !== null).length,
      gone: own.filter((w) => w.state.gone).length,
    };
  });
  return {
    sections,
    errors: rows
      .filter((w) => w.state.portalError !== null)
      .map((w) => ({
        recordKey: w.record.key,
        code: w.state.portalError!.code,
        message: w.state.portalError!.message,
      })),
    flagged: rows.filter((w) => w.state.changedBySupplier).map((w) => w.record.key),
    goneWithDecision: rows
      .filter(
        (w) =>
          w.state.gone &&
          w.state.decision.action !== 'noAction' &&
          isDirty(w.record, w.state.decision),
      )
      .map((w) => w.record.key),
  };
}

describeStores('workspaceStatus', (kind) => {
  const cases = caseStore(kind);
  let store: WorkspaceStore;
  beforeAll(() => {
    store = cases.store;
  });
  /**
   * A GSTIN of its own per generated case, its records in two imports with a neighbour's record
   * between (the GSTIN's ids are not one run: SQLite reads them over their range).
   */
  async function workspaceWith(rows: readonly WorkspaceRecord[]): Promise<string> {
    const gstin = cases.nextGstin();
    await store.ensureGstin(gstin, '2026-11-01T00:00:00Z');
    const half = Math.ceil(rows.length / 2);
    await store.insertRecords(gstin, rows.slice(0, half));
    await store.insertRecords(NEIGHBOUR, [neighbourRecord(cases.cases)]);
    await store.insertRecords(gstin, rows.slice(half));
    return gstin;
  }
  const NEIGHBOUR = '27AABCU9999R1ZN';
  beforeAll(async () => {
    await store.ensureGstin(NEIGHBOUR, '2026-11-01T00:00:00Z');
  });
  /** A record of the neighbour's, new each time: flagged, refused and waiting, to be left out. */
  const neighbourRecord = (i: number): WorkspaceRecord => {
    const w = sampleRecord(900_000 + i);
    return {
      ...w,
      state: {
        decision: { action: 'reject', remark: 'not ours', itcReduction: null },
        changedBySupplier: true,
        gone: false,
        portalError: { code: 'RET191', message: 'bad' },
      },
    };
  };

  it('counts in the database what loading every record counted, and lists the same records', async () => {
    await fc.assert(
      fc.asyncProperty(rowsArb, async (rows) => {
        const gstin = await workspaceWith(rows);
        const ctx: AppContext = { store, user: 'u', now: () => '2026-11-05T10:00:00.000Z' };
        const got = await workspaceStatus(ctx, gstin);
        // In the order the records are stored (loadRecords's), as status listed them.
        const want = loadedStatus(await store.loadRecords(gstin, { remember: false }));
        expect(got.sections).toEqual(want.sections);
        expect(got.errors).toEqual(want.errors);
        expect(got.flagged).toEqual(want.flagged);
        expect(got.goneWithDecision).toEqual(want.goneWithDecision);
        expect(got.totals.total).toBe(rows.length);
        expect(got.totals.waitingUpload).toBe(
          want.sections.reduce((a, s) => a + s.waitingUpload, 0),
        );
        // --period: the records of one GSTR-2B period only.
        const nov = await workspaceStatus(scopeToPeriod(ctx, '112026'), gstin);
        const novWant = loadedStatus(
          (await store.loadRecords(gstin, { remember: false })).filter(inPeriod('112026')),
        );
        expect(nov.sections).toEqual(novWant.sections);
        expect(nov.errors).toEqual(novWant.errors);
        expect(nov.flagged).toEqual(novWant.flagged);
        expect(nov.goneWithDecision).toEqual(novWant.goneWithDecision);
      }),
      { numRuns: kind.name === 'SQLite' ? 100 : 40 },
    );
  });

  it("tallies the live records' return periods and filing as the records hold them", async () => {
    await fc.assert(
      fc.asyncProperty(rowsArb, async (rows) => {
        const gstin = await workspaceWith(rows);
        const want = new Map<string, number>();
        for (const w of rows.filter((r) => !r.state.gone)) {
          const id = `${w.record.returnPeriod}|${w.record.supplierFiled}`;
          want.set(id, (want.get(id) ?? 0) + 1);
        }
        const got = await store.returnPeriodTally(gstin);
        expect(new Map(got.map((t) => [`${t.returnPeriod}|${t.supplierFiled}`, t.count]))).toEqual(
          want,
        );
        expect(got).toHaveLength(want.size);
      }),
      { numRuns: kind.name === 'SQLite' ? 60 : 30 },
    );
  });
});
