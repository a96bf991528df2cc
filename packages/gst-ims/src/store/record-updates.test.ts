import Database from 'better-sqlite3';
import { Kysely, Migrator } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { IsoDate, Paise, RecordState, WorkspaceRecord } from '../core/index.js';
import { recordKey } from '../core/index.js';
import { KyselyStore } from './kysely-store.js';
import { MIGRATIONS } from './migrations.js';
import { TransactionalDdlSqliteDialect } from './open-sqlite-store.js';
import type { Database as Schema } from './schema.js';
import { describeStores } from '../test-support/stores.js';

// Next month's download marks every old record gone: one update per record. Whether that costs
// a key lookup per record or a scan of a table per record is SQLite's choice of plan, made when
// the statement is prepared. These tests read the plans the store's updates get (the statements
// it actually runs, with their parameters) rather than time them; and they check that the
// shortcuts the updates take (a state shared by many records written once, a record given back
// as loaded keeping its rows) store exactly what the plain path would.

const G = '27AABCU9603R1ZN';
const OTHER = '29AAACR5055K1Z3';
const TABLES = ['records', 'record_states', 'record_docs'];

function row(n: number, gstin = G): WorkspaceRecord {
  const docDate = `2026-10-${String(1 + (n % 28)).padStart(2, '0')}` as IsoDate;
  const p = (x: number) => x as Paise;
  return {
    record: {
      key: recordKey('b2b', gstin === G ? OTHER : G, `INV-${n}`, docDate),
      section: 'b2b',
      supplierGstin: gstin === G ? OTHER : G,
      supplierName: 'Ravi',
      docNumber: `INV-${n}`,
      docDate,
      originalDocNumber: null,
      originalDocDate: null,
      invType: 'R',
      srcForm: 'R1',
      returnPeriod: '102026',
      supplierFiled: true,
      pos: '27',
      amounts: {
        value: p(118_00 + n),
        taxable: p(100_00),
        igst: p(18_00),
        cgst: p(0),
        sgst: p(0),
        cess: p(0),
      },
      portalAction: 'noAction',
      pendingBlocked: false,
      remarksBlocked: false,
      itcReductionBlocked: false,
      portalRemark: null,
      portalItcReduction: null,
      hash: null,
      extra: {},
    },
    state: {
      decision: { action: 'noAction', remark: null, itcReduction: null },
      changedBySupplier: false,
      gone: false,
      portalError: null,
    },
  };
}

interface Statement {
  sql: string;
  parameters: readonly unknown[];
}

/** A store over plain kysely (JSON or VALUES statements) that keeps every statement it runs. */
async function recordingStore(
  sqliteJson: boolean,
): Promise<{ store: KyselyStore; sqlite: Database.Database; ran: Statement[] }> {
  const sqlite = new Database(':memory:');
  const ran: Statement[] = [];
  const db = new Kysely<Schema>({
    dialect: new TransactionalDdlSqliteDialect({ database: sqlite }),
    log: (e) => {
      if (e.level === 'query') ran.push({ sql: e.query.sql, parameters: e.query.parameters });
    },
  });
  expect(
    (
      await new Migrator({
        db,
        provider: { getMigrations: () => Promise.resolve(MIGRATIONS) },
      }).migrateToLatest()
    ).error,
  ).toBeUndefined();
  return { store: new KyselyStore(db, undefined, { sqliteJson }), sqlite, ran };
}

/** SQLite's plan of a statement: one line per loop or step, as EXPLAIN QUERY PLAN words it. */
function plan(sqlite: Database.Database, s: Statement): { detail: string; topLevel: boolean }[] {
  const params = s.parameters.map((v) => (typeof v === 'boolean' ? Number(v) : v));
  return (
    sqlite.prepare(`EXPLAIN QUERY PLAN ${s.sql}`).all(...params) as {
      parent: number;
      detail: string;
    }[]
  ).map((r) => ({ detail: r.detail, topLevel: r.parent === 0 }));
}

/** A line that reads one of the record tables: a search by the primary key or by (gstin, key). */
const BY_KEY =
  /^SEARCH (records|record_states|record_docs) USING (INTEGER PRIMARY KEY \(rowid=\?\)|(COVERING )?INDEX \S+ \(gstin=\? AND key=\?\))$/;

describe('record updates by key', () => {
  for (const sqliteJson of [true, false]) {
    it(`find each record by its key and each row by its id, never by a scan (${sqliteJson ? 'JSON' : 'VALUES'} statements)`, async () => {
      const { store, sqlite, ran } = await recordingStore(sqliteJson);
      // Another GSTIN's records too: a plan that searched `records` by GSTIN alone would then
      // be a scan of all of this GSTIN's records per updated record.
      await store.insertRecords(
        G,
        Array.from({ length: 3000 }, (_, i) => row(i)),
      );
      await store.insertRecords(
        OTHER,
        Array.from({ length: 500 }, (_, i) => row(i, OTHER)),
      );
      const gone = Array.from({ length: 2500 }, (_, i) => {
        const r = row(i);
        return { record: r.record, state: { ...r.state, gone: true } };
      });
      ran.length = 0;
      await store.updateRecords(G, gone);
      await store.updateStates(
        G,
        gone
          .slice(0, 10)
          .map((r) => ({ key: r.record.key, state: { ...r.state, changedBySupplier: true } })),
      );

      const updates = ran.filter((s) => /\bUPDATE\b/i.test(s.sql));
      const updated = new Set<string>();
      for (const s of updates) {
        const target = /\bUPDATE\s+"?(\w+)"?/i.exec(s.sql)?.[1] ?? '';
        updated.add(target);
        const steps = plan(sqlite, s);
        const lines = steps.map((x) => x.detail);
        const reads = lines.filter((l) =>
          TABLES.some((t) => new RegExp(`^(SCAN|SEARCH) ${t}\\b`).test(l)),
        );
        // The updated table is among the lines read by key: the plan names what it touches.
        expect(
          reads.some((l) => l.startsWith(`SEARCH ${target} `)),
          `${target}: ${lines.join(' | ')}`,
        ).toBe(true);
        for (const l of reads) expect(l, `${target}: ${lines.join(' | ')}`).toMatch(BY_KEY);
        // The statement's own loops, outermost first: one pass over the rows given, then only
        // lookups inside it (a SCAN further in would run once per row given).
        const loops = steps
          .filter((x) => x.topLevel && /^(SCAN|SEARCH) /.test(x.detail))
          .map((x) => x.detail);
        expect(
          loops.slice(1).filter((l) => l.startsWith('SCAN ')),
          `${target}: ${lines.join(' | ')}`,
        ).toEqual([]);
      }
      expect([...updated].sort()).toEqual([...TABLES].sort());

      // And the updates did what they say: every one of the 2,500 records gone, the rest not.
      const back = await store.loadRecords(G);
      expect(back.filter((r) => r.state.gone)).toHaveLength(2500);
      expect(back.filter((r) => r.state.changedBySupplier)).toHaveLength(10);
      expect((await store.loadRecords(OTHER)).some((r) => r.state.gone)).toBe(false);
      await store.close();
    });
  }

  for (const sqliteJson of [true, false]) {
    it(`writes a state shared by many records once over their keys, and the others row by row, with the same result (${sqliteJson ? 'JSON' : 'VALUES'})`, async () => {
      const { store, ran } = await recordingStore(sqliteJson);
      await store.insertRecords(
        G,
        Array.from({ length: 400 }, (_, i) => row(i)),
      );
      await store.insertRecords(
        OTHER,
        Array.from({ length: 400 }, (_, i) => row(i, OTHER)),
      );
      const gone: RecordState = {
        decision: { action: 'noAction', remark: null, itcReduction: null },
        changedBySupplier: false,
        gone: true,
        portalError: null,
      };
      const own = (i: number): RecordState => ({
        decision: {
          action: 'reject',
          remark: `wrong rate ${i}, "sic" ₹`,
          itcReduction:
            i % 2
              ? {
                  kind: 'partial',
                  igst: 5 as Paise,
                  cgst: 0 as Paise,
                  sgst: 0 as Paise,
                  cess: 0 as Paise,
                }
              : null,
        },
        changedBySupplier: i % 3 === 0,
        gone: false,
        portalError: i % 4 === 0 ? { code: i % 8 ? 'E1' : null, message: `bad ${i}` } : null,
      });
      // 300 records share the gone state; 50 have states of their own; 50 are left alone.
      const want = new Map<string, RecordState>();
      for (let i = 0; i < 350; i++) want.set(row(i).record.key, i < 300 ? gone : own(i));
      ran.length = 0;
      await store.updateStates(
        G,
        [...want].map(([key, state]) => ({ key, state })),
      );
      // One statement for the shared state, one for the 50 others (their values row by row).
      expect(ran.filter((s) => /UPDATE "record_states"/i.test(s.sql))).toHaveLength(2);
      for (const r of await store.loadRecords(G)) {
        const i = Number(r.record.docNumber.slice(4));
        expect(r.state, r.record.docNumber).toEqual(want.get(r.record.key) ?? row(i).state);
        expect(r.record).toEqual(row(i).record);
      }
      expect(
        (await store.loadRecords(OTHER)).every(
          (r) => !r.state.gone && r.state.decision.action === 'noAction',
        ),
      ).toBe(true);
      await store.close();
    });
  }

  it('keeps the rows of a record given back as loaded in the same transaction, and writes every other', async () => {
    const { store, ran } = await recordingStore(true);
    await store.insertRecords(
      G,
      Array.from({ length: 100 }, (_, i) => row(i)),
    );
    const edited = (r: WorkspaceRecord): WorkspaceRecord => ({
      record: {
        ...r.record,
        amounts: { ...r.record.amounts, value: 1 as Paise },
        portalAction: 'accept',
        hash: 'edited',
      },
      state: r.state,
    });
    const goneNumbers = new Set<string>();
    const editedNumbers = new Set<string>();
    await store.transaction(async (tx) => {
      const loaded = await tx.loadRecords(G);
      for (const r of loaded.slice(0, 60)) goneNumbers.add(r.record.docNumber);
      for (const r of loaded.slice(60, 65)) editedNumbers.add(r.record.docNumber);
      ran.length = 0;
      // Marked gone, as a merge does: the loaded record itself, a new state.
      await tx.updateRecords(
        G,
        loaded.slice(0, 60).map((r) => ({ record: r.record, state: { ...r.state, gone: true } })),
      );
      expect(ran.filter((s) => /UPDATE "?(records|record_docs)"?\b/i.test(s.sql))).toEqual([]);
      // Edited by the supplier, then (within the same transaction) given back as first loaded:
      // the second write must restore the first content, not be skipped as "as loaded".
      await tx.updateRecords(G, loaded.slice(60, 70).map(edited));
      await tx.updateRecords(G, loaded.slice(65, 70));
    });
    const back = new Map((await store.loadRecords(G)).map((r) => [r.record.docNumber, r]));
    for (let i = 0; i < 100; i++) {
      const n = `INV-${i}`;
      const want = goneNumbers.has(n)
        ? { ...row(i), state: { ...row(i).state, gone: true } }
        : editedNumbers.has(n)
          ? edited(row(i))
          : row(i);
      expect(back.get(n), n).toEqual(want);
    }
    expect(goneNumbers.size + editedNumbers.size).toBe(65);
  });
});

describeStores('record updates outside a transaction', (kind) => {
  it('writes a record loaded outside a transaction whatever it is, since another writer may have changed its rows', async () => {
    const store = await kind.open();
    await store.ensureGstin(G, '2026-12-07T00:00:00Z');
    await store.insertRecords(
      G,
      Array.from({ length: 10 }, (_, i) => row(i)),
    );
    const loaded = await store.loadRecords(G);
    const changed = {
      ...(loaded[3] as WorkspaceRecord),
      record: { ...(loaded[3] as WorkspaceRecord).record, supplierName: 'Someone else' },
    };
    await store.transaction((tx) => tx.updateRecords(G, [changed]));
    await store.updateRecords(G, [loaded[3] as WorkspaceRecord]);
    expect((await store.loadRecords(G))[3]).toEqual(loaded[3]);
    await store.close();
  });
});
