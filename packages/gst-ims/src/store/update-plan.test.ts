import Database from 'better-sqlite3';
import { Kysely, Migrator } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { IsoDate, Paise, WorkspaceRecord } from '../core/index.js';
import { recordKey } from '../core/index.js';
import { KyselyStore } from './kysely-store.js';
import { MIGRATIONS } from './migrations.js';
import { TransactionalDdlSqliteDialect } from './open-sqlite-store.js';
import type { Database as Schema } from './schema.js';

// Next month's download marks every old record gone: one update per record. Whether that costs
// a key lookup per record or a scan of a table per record is SQLite's choice of plan, made when
// the statement is prepared. These tests read the plans the store's updates get (the statements
// it actually runs, with their parameters) rather than time them.

const G = '27AABCU9603R1ZN';
const OTHER = '29AAACR5055K1Z3';
const TABLES = ['records', 'record_states', 'record_docs'];

function row(n: number, gstin = G): WorkspaceRecord {
  const docDate = `2026-10-${String(1 + (n % 28)).padStart(2, '0')}` as IsoDate;
  const p = (x: number) => x as Paise;
  return {
    record: {
      key: recordKey('b2b', gstin === G ? OTHER : G, `INV-${n}`, docDate),
      section: 'b2b', supplierGstin: gstin === G ? OTHER : G, supplierName: 'Ravi', docNumber: `INV-${n}`, docDate,
      originalDocNumber: null, originalDocDate: null, invType: 'R', srcForm: 'R1', returnPeriod: '102026', supplierFiled: true, pos: '27',
      amounts: { value: p(118_00 + n), taxable: p(100_00), igst: p(18_00), cgst: p(0), sgst: p(0), cess: p(0) },
      portalAction: 'noAction', pendingBlocked: false, remarksBlocked: false, itcReductionBlocked: false,
      portalRemark: null, portalItcReduction: null, hash: null, extra: {},
    },
    state: { decision: { action: 'noAction', remark: null, itcReduction: null }, changedBySupplier: false, gone: false, portalError: null },
  };
}

interface Statement {
  sql: string;
  parameters: readonly unknown[];
}

/** A store over plain kysely (JSON or VALUES statements) that keeps every statement it runs. */
async function recordingStore(sqliteJson: boolean): Promise<{ store: KyselyStore; sqlite: Database.Database; ran: Statement[] }> {
  const sqlite = new Database(':memory:');
  const ran: Statement[] = [];
  const db = new Kysely<Schema>({
    dialect: new TransactionalDdlSqliteDialect({ database: sqlite }),
    log: (e) => {
      if (e.level === 'query') ran.push({ sql: e.query.sql, parameters: e.query.parameters });
    },
  });
  expect((await new Migrator({ db, provider: { getMigrations: () => Promise.resolve(MIGRATIONS) } }).migrateToLatest()).error).toBeUndefined();
  return { store: new KyselyStore(db, undefined, { sqliteJson }), sqlite, ran };
}

/** SQLite's plan of a statement: one line per loop or step, as EXPLAIN QUERY PLAN words it. */
function plan(sqlite: Database.Database, s: Statement): { detail: string; topLevel: boolean }[] {
  const params = s.parameters.map((v) => (typeof v === 'boolean' ? Number(v) : v));
  return (sqlite.prepare(`EXPLAIN QUERY PLAN ${s.sql}`).all(...params) as { parent: number; detail: string }[]).map((r) => ({ detail: r.detail, topLevel: r.parent === 0 }));
}

/** A line that reads one of the record tables: a search by the primary key or by (gstin, key). */
const BY_KEY = /^SEARCH (records|record_states|record_docs) USING (INTEGER PRIMARY KEY \(rowid=\?\)|(COVERING )?INDEX \S+ \(gstin=\? AND key=\?\))$/;

describe('record updates by key', () => {
  for (const sqliteJson of [true, false]) {
    it(`find each record by its key and each row by its id, never by a scan (${sqliteJson ? 'JSON' : 'VALUES'} statements)`, async () => {
      const { store, sqlite, ran } = await recordingStore(sqliteJson);
      // Another GSTIN's records too: a plan that searched `records` by GSTIN alone would then
      // be a scan of all of this GSTIN's records per updated record.
      await store.insertRecords(G, Array.from({ length: 3000 }, (_, i) => row(i)));
      await store.insertRecords(OTHER, Array.from({ length: 500 }, (_, i) => row(i, OTHER)));
      const gone = Array.from({ length: 2500 }, (_, i) => {
        const r = row(i);
        return { record: r.record, state: { ...r.state, gone: true } };
      });
      ran.length = 0;
      await store.updateRecords(G, gone);
      await store.updateStates(G, gone.slice(0, 10).map((r) => ({ key: r.record.key, state: { ...r.state, changedBySupplier: true } })));

      const updates = ran.filter((s) => /\bUPDATE\b/i.test(s.sql));
      const updated = new Set<string>();
      for (const s of updates) {
        const target = /\bUPDATE\s+"?(\w+)"?/i.exec(s.sql)?.[1] ?? '';
        updated.add(target);
        const steps = plan(sqlite, s);
        const lines = steps.map((x) => x.detail);
        const reads = lines.filter((l) => TABLES.some((t) => new RegExp(`^(SCAN|SEARCH) ${t}\\b`).test(l)));
        // The updated table is among the lines read by key: the plan names what it touches.
        expect(reads.some((l) => l.startsWith(`SEARCH ${target} `)), `${target}: ${lines.join(' | ')}`).toBe(true);
        for (const l of reads) expect(l, `${target}: ${lines.join(' | ')}`).toMatch(BY_KEY);
        // The statement's own loops, outermost first: one pass over the rows given, then only
        // lookups inside it (a SCAN further in would run once per row given).
        const loops = steps.filter((x) => x.topLevel && /^(SCAN|SEARCH) /.test(x.detail)).map((x) => x.detail);
        expect(loops.slice(1).filter((l) => l.startsWith('SCAN ')), `${target}: ${lines.join(' | ')}`).toEqual([]);
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
});
