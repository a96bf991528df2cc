import Database from 'better-sqlite3';
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import type { IsoDate, Paise, RecordFilter, RecordOrder, WorkspaceRecord } from '../core/index.js';
import {
  RECORD_SORT_COLUMNS,
  RECORD_VIEWS,
  SECTIONS,
  compareRecords,
  recordInView,
  recordKey,
  recordPasses,
} from '../core/index.js';
import { caseStore } from '../test-support/case-store.js';
import { SQLITE, describeStores } from '../test-support/stores.js';
import type { WorkspaceStore } from './workspace-store.js';
import { TEST_ACTIONS, TEST_REDUCTIONS, TEST_REMARKS } from '../test-support/decision-values.js';

// The SQL of pageRecords, recordKeysMatching and recordSummary against core's definitions:
// generated records (few suppliers, dates, values and names, so that filters hit and sorts tie),
// a generated filter and order, and the database's answer compared with filtering and sorting
// in JavaScript.

const SUPPLIERS = ['29AAACR5055K1Z3', '27AAPFU0939F1ZV', '07AAACB2894G1ZP'];
const NAMES = ['Rao Traders', 'rao & sons', 'Café Kumar', 'MEHTA_100%', null];
const ACTIONS = TEST_ACTIONS;
const p = (x: number) => x as Paise;
const REDUCTIONS = TEST_REDUCTIONS;
const REMARKS = TEST_REMARKS;

const recordArb = fc
  .record({
    section: fc.constantFrom(...SECTIONS),
    supplier: fc.integer({ min: 0, max: SUPPLIERS.length - 1 }),
    name: fc.constantFrom(...NAMES),
    docNumber: fc.stringMatching(/^[A-Za-z0-9/-]{1,6}$/),
    day: fc.integer({ min: 1, max: 4 }),
    value: fc.integer({ min: 0, max: 3 }),
    portalAction: fc.constantFrom(...ACTIONS),
    portalRemark: fc.constantFrom(...REMARKS),
    portalItc: fc.constantFrom(...REDUCTIONS),
    action: fc.constantFrom(...ACTIONS),
    remark: fc.constantFrom(...REMARKS),
    itc: fc.constantFrom(...REDUCTIONS),
    // Several GSTR-2B periods and none: SQLite finds a GSTIN's ids through them (gstinIds).
    returnPeriod: fc.constantFrom('102026', '112026', null),
    gone: fc.boolean(),
    changed: fc.boolean(),
    error: fc.constantFrom(null, { code: 'RET191', message: 'bad' }, { code: null, message: 'x' }),
  })
  .map((g): WorkspaceRecord => {
    const supplierGstin = SUPPLIERS[g.supplier] as string;
    const docDate = `2026-10-0${g.day}` as IsoDate;
    return {
      record: {
        key: recordKey(g.section, supplierGstin, g.docNumber, docDate),
        section: g.section,
        supplierGstin,
        supplierName: g.name,
        docNumber: g.docNumber,
        docDate,
        originalDocNumber: null,
        originalDocDate: null,
        invType: null,
        srcForm: 'R1',
        returnPeriod: g.returnPeriod,
        supplierFiled: true,
        pos: '27',
        amounts: {
          value: p(g.value * 100),
          taxable: p(0),
          igst: p(0),
          cgst: p(0),
          sgst: p(0),
          cess: p(0),
        },
        portalAction: g.portalAction,
        pendingBlocked: false,
        remarksBlocked: false,
        itcReductionBlocked: false,
        portalRemark: g.portalAction === 'noAction' ? null : g.portalRemark,
        portalItcReduction: g.portalAction === 'accept' ? g.portalItc : null,
        hash: null,
        extra: {},
      },
      state: {
        decision: { action: g.action, remark: g.remark, itcReduction: g.itc },
        changedBySupplier: g.changed,
        gone: g.gone,
        portalError: g.error,
      },
    };
  });

const recordsArb = fc.uniqueArray(recordArb, {
  minLength: 0,
  maxLength: 40,
  selector: (w) => w.record.key,
});

/** Words that hit: parts of names, numbers, GSTINs; and some that do not. */
const termArb = fc.constantFrom(
  'RAO',
  'CAFé',
  'MEHTA_',
  '100%',
  'A',
  '1',
  '29AAACR',
  'B2BA|',
  'ZZZ',
);

const filterArb: fc.Arbitrary<RecordFilter> = fc.record({
  view: fc.constantFrom(...RECORD_VIEWS),
  supplier: fc.option(fc.constantFrom(...SUPPLIERS, '33AAAAA0000A1Z5'), { nil: null }),
  section: fc.option(fc.constantFrom(...SECTIONS), { nil: null }),
  terms: fc.array(termArb, { maxLength: 2 }),
});

const orderArb: fc.Arbitrary<RecordOrder> = fc.record({
  column: fc.constantFrom(...RECORD_SORT_COLUMNS),
  dir: fc.constantFrom('asc' as const, 'desc' as const),
});

const keysOf = (rows: readonly WorkspaceRecord[]) => rows.map((w) => w.record.key);

describeStores('record pages', (kind) => {
  const cases = caseStore(kind);
  let store: WorkspaceStore;
  beforeAll(() => {
    store = cases.store;
  });
  /** A GSTIN of its own per generated case, beside a neighbour whose records must never show. */
  async function workspaceWith(rows: readonly WorkspaceRecord[]): Promise<string> {
    const gstin = cases.nextGstin();
    await store.ensureGstin(gstin, '2026-11-01T00:00:00Z');
    // In two imports with another client's between: the GSTIN's ids are not one run.
    const half = Math.ceil(rows.length / 2);
    await store.insertRecords(gstin, rows.slice(0, half));
    if (half < rows.length) {
      await store.insertRecords(NEIGHBOUR, [between(cases.cases)]);
      await store.insertRecords(gstin, rows.slice(half));
    }
    return gstin;
  }
  const NEIGHBOUR = '27AABCU9999R1ZN';
  /** One record of the neighbour, new each time. */
  const between = (i: number): WorkspaceRecord => {
    const [w] = fc.sample(recordArb, { numRuns: 1, seed: i });
    const key = recordKey(w!.record.section, w!.record.supplierGstin, `N${i}`, w!.record.docDate);
    return { ...w!, record: { ...w!.record, docNumber: `N${i}`, key } };
  };
  beforeAll(async () => {
    const neighbour = fc.sample(recordsArb, { numRuns: 1, seed: 7 })[0] ?? [];
    await store.ensureGstin(NEIGHBOUR, '2026-11-01T00:00:00Z');
    await workspaceWith(neighbour);
  });

  it('a page is the records recordPasses lets through, in compareRecords order', async () => {
    await fc.assert(
      fc.asyncProperty(
        recordsArb,
        filterArb,
        orderArb,
        fc.integer({ min: 0, max: 45 }),
        fc.integer({ min: 1, max: 50 }),
        async (rows, filter, order, offset, limit) => {
          const gstin = await workspaceWith(rows);
          const passing = rows.filter((w) => recordPasses(filter, w));
          const expected = [...passing].sort((a, b) => compareRecords(order, a, b));
          const page = await store.pageRecords(gstin, filter, order, offset, limit);
          expect(page.total).toBe(passing.length);
          expect(keysOf(page.records)).toEqual(keysOf(expected.slice(offset, offset + limit)));
          // Not counted (a later block of the grid's): the same rows, no total.
          const uncounted = await store.pageRecords(gstin, filter, order, offset, limit, false);
          expect(uncounted.total).toBeNull();
          expect(keysOf(uncounted.records)).toEqual(keysOf(page.records));
          const byKey = new Map(rows.map((w) => [w.record.key, w]));
          for (const w of page.records) expect(w).toEqual(byKey.get(w.record.key));
          expect(await store.recordKeysMatching(gstin, filter)).toEqual(
            keysOf(passing).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
          );
        },
      ),
      { numRuns: kind.name === 'SQLite' ? 150 : 60 },
    );
  });

  it('in the default order (section, then key) across sections, either way, at any offset', async () => {
    // The common case, which the property above reaches rarely: no supplier, usually no section
    // (the store walks each section's range of keys, whose names are prefixes of each other).
    await fc.assert(
      fc.asyncProperty(
        recordsArb,
        fc.record({
          view: fc.constantFrom(...RECORD_VIEWS),
          supplier: fc.constant(null),
          section: fc.option(fc.constantFrom(...SECTIONS), { nil: null, freq: 1 }),
          terms: fc.array(termArb, { maxLength: 1 }),
        }),
        fc.constantFrom('asc' as const, 'desc' as const),
        fc.integer({ min: 0, max: 45 }),
        fc.integer({ min: 1, max: 50 }),
        async (rows, filter, dir, offset, limit) => {
          const gstin = await workspaceWith(rows);
          const order: RecordOrder = { column: 'section', dir };
          const expected = rows
            .filter((w) => recordPasses(filter, w))
            .sort((a, b) => compareRecords(order, a, b));
          const page = await store.pageRecords(gstin, filter, order, offset, limit, false);
          expect(keysOf(page.records)).toEqual(keysOf(expected.slice(offset, offset + limit)));
        },
      ),
      { numRuns: kind.name === 'SQLite' ? 150 : 60 },
    );
  });

  it('the summary counts each view and each supplier', async () => {
    await fc.assert(
      fc.asyncProperty(recordsArb, async (rows) => {
        const gstin = await workspaceWith(rows);
        const s = await store.recordSummary(gstin);
        expect(s.total).toBe(rows.length);
        for (const v of RECORD_VIEWS)
          expect(s.views[v]).toBe(rows.filter((w) => recordInView(v, w)).length);
        const suppliers = [...new Set(rows.map((w) => w.record.supplierGstin))].sort();
        expect(s.suppliers.map(([g]) => g)).toEqual(suppliers);
        for (const [g, name, count] of s.suppliers) {
          const own = rows.filter((w) => w.record.supplierGstin === g);
          expect(count).toBe(own.length);
          const names = own.map((w) => w.record.supplierName);
          expect(names).toContain(name);
          if (name === null) expect(names.every((x) => x === null)).toBe(true);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('a record whose key does not begin with its section is refused', async () => {
    const [w] = fc.sample(recordArb, { numRuns: 1, seed: 5 });
    const wrong = { ...w!, record: { ...w!.record, section: 'b2ba' as const } };
    await expect(workspaceWith([wrong])).rejects.toThrow(/does not begin with its section b2ba\|/);
  });

  it('an offset past the end gives no records but the total', async () => {
    const rows = fc.sample(recordsArb, { numRuns: 1, seed: 3 })[0] ?? [];
    const gstin = await workspaceWith(rows);
    const all = { view: 'all', supplier: null, section: null, terms: [] } as const;
    const page = await store.pageRecords(gstin, all, { column: 'value', dir: 'asc' }, 1000, 10);
    expect(page).toEqual({ total: rows.length, records: [] });
  });
});

it('migration 0014 indexes a supplier, the date and the value, each with the key', async () => {
  const file = await SQLITE.newLocation();
  await (await SQLITE.open(file)).close();
  const db = new Database(file, { readonly: true });
  try {
    const columns = (index: string) =>
      db.prepare(`SELECT name FROM pragma_index_info(?) ORDER BY seqno`).pluck().all(index);
    expect(columns('records_page_supplier')).toEqual(['gstin', 'supplier_gstin', 'key']);
    expect(columns('records_page_date')).toEqual(['gstin', 'doc_date', 'key']);
    expect(columns('records_page_value')).toEqual(['gstin', 'value', 'key']);
  } finally {
    db.close();
  }
});
