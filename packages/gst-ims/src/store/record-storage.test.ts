import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Migration } from 'kysely';
import { Kysely, Migrator, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { IsoDate, Paise, PortalRecord, WorkspaceRecord } from '../core/index.js';
import { recordKey } from '../core/index.js';
import { KyselyStore } from './kysely-store.js';
import { MIGRATIONS } from './migrations.js';
import {
  TransactionalDdlSqliteDialect,
  openSqliteStore,
  sqliteRunner,
} from './open-sqlite-store.js';
import { fromLoadRow, packDoc } from './record-rows.js';
import type { AuditEntry, WorkspaceStore } from './workspace-store.js';
import type { StoreKind } from '../test-support/stores.js';
import { describeStores } from '../test-support/stores.js';
import pg from 'pg';
import type { Database as Schema } from './schema.js';

const G = '27AABCU9603R1ZN';
const p = (x: number) => x as Paise;

/** Records that exercise every field of the stored form: nulls, flags, declarations, extras. */
function sample(n: number): WorkspaceRecord {
  const docDate = `2026-0${1 + (n % 9)}-1${n % 10}` as IsoDate;
  const section = n % 3 === 0 ? 'b2bcn' : 'b2b';
  const record: PortalRecord = {
    key: recordKey(section, '29AAACR5055K1Z3', `CN/${n}`, docDate),
    section,
    supplierGstin: '29AAACR5055K1Z3',
    supplierName: n % 4 === 0 ? null : `Ravi "Traders" ₹ ${n}`,
    docNumber: `CN/${n}`,
    docDate,
    originalDocNumber: n % 5 === 0 ? `OLD-${n}` : null,
    originalDocDate: n % 5 === 0 ? ('2025-12-31' as IsoDate) : null,
    invType: n % 2 ? 'R' : null,
    srcForm: 'R1',
    returnPeriod: '102026',
    supplierFiled: n % 3 === 0 ? null : n % 3 === 1,
    pos: n % 7 === 0 ? null : '27',
    amounts: {
      value: p(1_18_00 + n),
      taxable: p(1_00_00),
      igst: p(n % 2 ? 18_00 : 0),
      cgst: p(n % 2 ? 0 : 9_00),
      sgst: p(n % 2 ? 0 : 9_00),
      cess: p(n),
    },
    portalAction: n % 4 === 1 ? 'accept' : 'noAction',
    pendingBlocked: n % 3 === 0,
    remarksBlocked: n % 6 === 0,
    itcReductionBlocked: n % 9 === 0,
    portalRemark: n % 8 === 0 ? 'remark, "quoted"' : null,
    portalItcReduction:
      n % 10 === 0
        ? { kind: 'partial', igst: p(5), cgst: p(0), sgst: p(0), cess: p(1) }
        : n % 10 === 1
          ? { kind: 'full' }
          : null,
    hash: n % 2 ? `h${n}`.padEnd(64, 'f') : null,
    extra: n % 4 === 0 ? { newField: 'x', nested: { a: [1, 2] } } : {},
  };
  return {
    record,
    state: {
      decision:
        n % 5 === 2
          ? { action: 'reject', remark: 'not ours', itcReduction: null }
          : { action: 'noAction', remark: null, itcReduction: null },
      changedBySupplier: n % 11 === 0,
      gone: n % 13 === 0,
      portalError: n % 17 === 0 ? { code: null, message: `bad ${n}` } : null,
    },
  };
}

const byKey = (rows: WorkspaceRecord[]) => new Map(rows.map((r) => [r.record.key, r]));

describe('record storage', () => {
  it('packs and unpacks a portal description exactly, field order included', () => {
    for (let n = 0; n < 40; n++) {
      const { record, state } = sample(n);
      const row = [
        record.key,
        packDoc(record),
        state.decision.action,
        state.decision.remark,
        null,
        state.changedBySupplier ? 1 : 0,
        state.gone ? 1 : 0,
        state.portalError?.code ?? null,
        state.portalError?.message ?? null,
      ];
      const back = fromLoadRow(row);
      expect(back.record).toEqual(record);
      expect(JSON.stringify(back.record)).toBe(JSON.stringify(record));
      expect(back.state).toEqual(state);
    }
  });

  it('refuses a stored description of a version it does not know, rather than guess', () => {
    const row = ['k', '[2,"x"]', 'noAction', null, null, 0, 0, null, null];
    expect(() => fromLoadRow(row)).toThrow(/unknown version 2/);
  });

  it('gives the same records through the SQLite runner and through plain kysely, for every write path', async () => {
    const results: WorkspaceRecord[][] = [];
    for (const mode of ['runner', 'json', 'values'] as const) {
      const sqlite = new Database(':memory:');
      const db = new Kysely<Schema>({
        dialect: new TransactionalDdlSqliteDialect({ database: sqlite }),
      });
      expect(
        (
          await new Migrator({
            db,
            provider: { getMigrations: () => Promise.resolve(MIGRATIONS) },
          }).migrateToLatest()
        ).error,
      ).toBeUndefined();
      const store = new KyselyStore(db, undefined, {
        sqliteJson: mode !== 'values',
        runner: mode === 'runner' ? sqliteRunner(sqlite) : undefined,
      });
      results.push(
        await everyWritePath(store, () =>
          Promise.resolve(
            sqlite.prepare('SELECT COUNT(*) FROM audit_events').pluck().get() as number,
          ),
        ),
      );
      await store.close();
    }
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
  });

  it('upgrades a workspace written before migration 0003 without changing any record', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gst-store-')), 'old.sqlite');
    const db = new Kysely<Schema>({
      dialect: new TransactionalDdlSqliteDialect({ database: new Database(file) }),
    });
    const upTo2 = Object.fromEntries(Object.entries(MIGRATIONS).filter(([name]) => name < '0003'));
    expect(
      (
        await new Migrator({
          db,
          provider: { getMigrations: () => Promise.resolve(upTo2) },
        }).migrateToLatest()
      ).error,
    ).toBeUndefined();
    const rows = Array.from({ length: 1200 }, (_, i) => sample(i));
    // The rows as the 0001/0002 store wrote them: the whole record as a JSON object column.
    for (const { record: r, state: s } of rows) {
      await sql`INSERT INTO records (gstin, key, section, supplier_gstin, doc_number, doc_date, value, portal_action, portal, local_action, local_remark, local_itc_reduction, changed_by_supplier, gone, error_code, error_message)
        VALUES (${G}, ${r.key}, ${r.section}, ${r.supplierGstin}, ${r.docNumber}, ${r.docDate}, ${r.amounts.value}, ${r.portalAction}, ${JSON.stringify(r)}, ${s.decision.action}, ${s.decision.remark},
        ${s.decision.itcReduction === null ? null : JSON.stringify(s.decision.itcReduction)}, ${s.changedBySupplier ? 1 : 0}, ${s.gone ? 1 : 0}, ${s.portalError?.code ?? null}, ${s.portalError?.message ?? null})`.execute(
        db,
      );
    }
    await db.destroy();

    const store = await openSqliteStore(file);
    const back = await store.loadRecords(G);
    expect(back).toHaveLength(1200);
    expect(byKey(back)).toEqual(byKey(rows));
    expect(await store.listGstins()).toEqual([]); // no gstins row was written by the old rows above
    await store.insertRecords(G, [sample(5000)]);
    const after = await store.loadRecords(G);
    expect(after).toHaveLength(1201);
    // The new record sorts among the b2b ones, not after every other record.
    expect(after.findIndex((r) => r.record.key === sample(5000).record.key)).toBeLessThan(1200);
    await store.close();
    const raw = new Database(file);
    const cols = (raw.prepare('PRAGMA table_info(records)').all() as { name: string }[]).map(
      (c) => c.name,
    );
    expect(cols).toContain('id');
    expect(cols).not.toContain('portal');
    // 0005: the state has a table of its own, a row per record with the record's id.
    expect(cols).not.toContain('local_action');
    expect(
      raw
        .prepare('SELECT COUNT(*) FROM record_states s JOIN records r ON r.id = s.id')
        .pluck()
        .get(),
    ).toBe(1201);
    expect(
      raw
        .prepare(
          "SELECT name FROM sqlite_master WHERE name IN ('records_v3', 'records_order', 'record_docs')",
        )
        .all(),
    ).toEqual([{ name: 'record_docs' }]);
    // Ids follow the load order, so loads read the table in id order.
    const ids = raw.prepare('SELECT key FROM records ORDER BY id').pluck().all();
    expect(ids.slice(0, 1200)).toEqual(back.map((r) => r.record.key));
    raw.close();
  });

  it('upgrades the audit log written before migration 0004 entry for entry', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gst-store-')), 'old.sqlite');
    const sqlite = new Database(file);
    const db = new Kysely<Schema>({
      dialect: new TransactionalDdlSqliteDialect({ database: sqlite }),
    });
    const upTo3 = Object.fromEntries(Object.entries(MIGRATIONS).filter(([name]) => name < '0004'));
    expect(
      (
        await new Migrator({
          db,
          provider: { getMigrations: () => Promise.resolve(upTo3) },
        }).migrateToLatest()
      ).error,
    ).toBeUndefined();
    const old = Array.from({ length: 40 }, (_, i) => ({
      at: `2026-10-0${1 + (i % 9)}T10:00:00.000Z`,
      user: i % 3 ? 'asha' : 'ravi',
      gstin: i % 7 ? G : '29AAACR5055K1Z3',
      record_key: `b2b|29AAACR5055K1Z3|INV-${i % 12}|2026-27`,
      from_action: i % 2 ? 'accept' : 'noAction',
      to_action: i % 2 ? 'reject' : 'accept',
      remark: i % 5 ? null : `remark ${i}`,
      itc_reduction: i % 8 ? null : '{"kind":"full"}',
      source: i % 4 ? 'cli' : 'excel:march.xlsx',
    }));
    // Ids with a gap, as an AUTOINCREMENT table can have them.
    for (const [i, r] of old.entries()) {
      await sql`INSERT INTO audit_log (id, at, user, gstin, record_key, from_action, to_action, remark, itc_reduction, source)
        VALUES (${i < 20 ? i + 1 : i + 5}, ${r.at}, ${r.user}, ${r.gstin}, ${r.record_key}, ${r.from_action}, ${r.to_action}, ${r.remark}, ${r.itc_reduction}, ${r.source})`.execute(
        db,
      );
    }
    await db.destroy();

    const store = await openSqliteStore(file);
    const want = old.map((r, i) => ({
      id: i < 20 ? i + 1 : i + 5,
      // Each old row became an event of its own, with the row's id.
      eventId: i < 20 ? i + 1 : i + 5,
      at: r.at,
      user: r.user,
      gstin: r.gstin,
      recordKey: r.record_key,
      fromAction: r.from_action,
      toAction: r.to_action,
      remark: r.remark,
      itcReduction: r.itc_reduction === null ? null : (JSON.parse(r.itc_reduction) as unknown),
      source: r.source,
    }));
    expect(await store.auditFor(G, null)).toEqual(want.filter((e) => e.gstin === G));
    expect(await store.auditFor(G, ['b2b|29AAACR5055K1Z3|INV-3|2026-27'])).toEqual(
      want.filter((e) => e.gstin === G && e.recordKey.includes('INV-3|')),
    );
    // New entries follow the old ones.
    await store.appendAudit([
      {
        at: 'now',
        user: 'u',
        gstin: G,
        recordKey: 'k',
        fromAction: 'noAction',
        toAction: 'pending',
        remark: null,
        itcReduction: null,
        source: 'cli',
      },
    ]);
    const after = await store.auditFor(G, null);
    expect(after.at(-1)).toMatchObject({ id: 45, recordKey: 'k', toAction: 'pending' });
    await store.close();
    const raw = new Database(file);
    expect(raw.prepare("SELECT name FROM sqlite_master WHERE name = 'audit_log'").all()).toEqual(
      [],
    );
    expect(() => raw.prepare('UPDATE audit_events SET user = ?').run('mallory')).toThrow(
      /append-only/,
    );
    expect(() => raw.prepare('DELETE FROM audit_changes').run()).toThrow(/append-only/);
    raw.close();
  });

  it('applies a migration that fails half-way not at all', async () => {
    const sqlite = new Database(':memory:');
    const db = new Kysely<Schema>({
      dialect: new TransactionalDdlSqliteDialect({ database: sqlite }),
    });
    const failing: Migration = {
      async up(k) {
        await sql`CREATE TABLE half_done (x INTEGER)`.execute(k);
        throw new Error('disk full');
      },
    };
    const { error } = await new Migrator({
      db,
      provider: {
        getMigrations: () => Promise.resolve({ ...MIGRATIONS, '9999-failing': failing }),
      },
    }).migrateToLatest();
    expect((error as Error).message).toBe('disk full');
    expect(
      sqlite.prepare("SELECT name FROM sqlite_master WHERE name IN ('half_done', 'records')").all(),
    ).toEqual([]);
    await db.destroy();
  });
});

/**
 * Every write path of the store over 3,000 records (inserts, re-import updates, states, keyed
 * loads, upload candidates, the audit log) with its checks; the records as loaded at the end.
 */
async function everyWritePath(
  store: WorkspaceStore,
  auditEvents: () => Promise<number>,
): Promise<WorkspaceRecord[]> {
  const rows = Array.from({ length: 3000 }, (_, i) => sample(i));
  await store.transaction(async (tx) => {
    await tx.insertRecords(G, rows.slice(0, 2000));
    await tx.insertRecords(G, rows.slice(2000));
  });
  // A re-import: new portal amounts, hash and action for some; a decision for others.
  const updated = rows.slice(100, 400).map((r, i) => ({
    record: {
      ...r.record,
      docDate: '2026-04-30' as IsoDate,
      amounts: { ...r.record.amounts, value: p(99), cess: p(7) },
      portalAction: 'reject' as const,
      hash: `new${i}`,
      extra: { added: i },
    },
    state: { ...r.state, changedBySupplier: true },
  }));
  await store.updateRecords(G, updated);
  await store.updateStates(
    G,
    rows.slice(350, 500).map((r) => ({
      key: r.record.key,
      state: {
        ...r.state,
        decision: {
          action: 'accept' as const,
          remark: 'ok',
          itcReduction: { kind: 'none' as const },
        },
      },
    })),
  );
  const back = await store.loadRecords(G);
  expect(back).toHaveLength(3000);
  const m = byKey(back);
  expect(m.get(rows[10]!.record.key)).toEqual(rows[10]);
  expect(m.get(rows[2999]!.record.key)).toEqual(rows[2999]);
  expect(m.get(updated[0]!.record.key)).toEqual(updated[0]);
  expect(m.get(rows[360]!.record.key)?.record).toEqual(updated[260]!.record);
  expect(m.get(rows[360]!.record.key)?.state.decision).toEqual({
    action: 'accept',
    remark: 'ok',
    itcReduction: { kind: 'none' },
  });
  const some = await store.loadRecordsByKeys(G, [
    rows[5]!.record.key,
    'no such key',
    rows[1500]!.record.key,
  ]);
  expect(byKey(some)).toEqual(
    new Map([
      [rows[5]!.record.key, rows[5]],
      [rows[1500]!.record.key, rows[1500]],
    ]),
  );
  // The load order: section, supplier, date, number.
  const order = back.map((r) => [
    r.record.section,
    r.record.supplierGstin,
    r.record.docDate,
    r.record.docNumber,
  ]);
  const cmp = (a: string[], b: string[]) => {
    for (let i = 0; i < a.length; i++)
      if (a[i] !== b[i]) return (a[i] as string) < (b[i] as string) ? -1 : 1;
    return 0;
  };
  expect(order).toEqual([...order].sort(cmp));
  const candidates = await store.loadUploadCandidates(G);
  expect(candidates).toEqual(
    back.filter(
      (r) => r.state.decision.action !== 'noAction' || r.record.portalAction !== 'noAction',
    ),
  );
  expect(candidates.length).toBeGreaterThan(500);
  expect(candidates.length).toBeLessThan(3000);
  // The audit log: a bulk action (one event), entries with their own remarks, another GSTIN.
  const other = '29AAACR5055K1Z3';
  const entry = (i: number, over: Partial<AuditEntry> = {}): AuditEntry => ({
    at: 't1',
    user: 'asha',
    gstin: G,
    recordKey: rows[i]!.record.key,
    fromAction: 'noAction',
    toAction: 'accept',
    remark: null,
    itcReduction: null,
    source: 'cli',
    ...over,
  });
  const entries = [
    ...Array.from({ length: 1500 }, (_, i) =>
      entry(i, { fromAction: i % 2 ? 'pending' : 'noAction' }),
    ),
    entry(7, { toAction: 'reject', remark: 'wrong rate', source: 'excel:a.xlsx' }),
    entry(8, { toAction: 'reject', remark: 'duplicate', source: 'excel:a.xlsx' }),
    entry(9, { gstin: other }),
    entry(10, {
      at: 't2',
      itcReduction: { kind: 'partial', igst: p(5), cgst: p(0), sgst: p(0), cess: p(0) },
    }),
  ];
  await store.appendAudit(entries);
  await store.appendAudit([
    entry(7, {
      at: 't3',
      user: 'ravi',
      fromAction: 'reject',
      toAction: 'noAction',
      source: 'web',
    }),
  ]);
  // Within an event, by the action the records had, then in entry order.
  const bulk = entries.slice(0, 1500);
  const stored = [
    ...bulk.filter((e) => e.fromAction === 'noAction'),
    ...bulk.filter((e) => e.fromAction === 'pending'),
    ...entries.slice(1500),
  ];
  const expected = [
    ...stored,
    entry(7, {
      at: 't3',
      user: 'ravi',
      fromAction: 'reject',
      toAction: 'noAction',
      source: 'web',
    }),
  ].map((e, i) => ({ ...e, id: i + 1 }));
  // Entries as written; the event each belongs to is the store's own numbering.
  const auditFor = async (gstin: string, keys: string[] | null) =>
    (await store.auditFor(gstin, keys)).map(({ eventId: _event, ...e }) => e);
  expect(await auditFor(G, null)).toEqual(expected.filter((e) => e.gstin === G));
  expect(await auditFor(other, null)).toEqual(expected.filter((e) => e.gstin === other));
  expect(await auditFor(G, [rows[7]!.record.key, rows[9]!.record.key])).toEqual(
    expected.filter(
      (e) =>
        e.gstin === G &&
        (e.recordKey === rows[7]!.record.key || e.recordKey === rows[9]!.record.key),
    ),
  );
  expect((await store.lastAuditSources(G)).get(rows[7]!.record.key)).toBe('web');
  // Consecutive entries with one decision share an event: 1500 + 2 + 1 + 1 + 1 events would be far more.
  // Consecutive entries with one decision share an event: 1500 + 2 + 1 + 1 + 1 events would be far more.
  expect(await auditEvents()).toBe(6);
  return back;
}

describeStores('record storage, every write path', (kind) => {
  it("passes every write path's checks on each store", async () => {
    const location = await kind.newLocation();
    const store = await kind.open(location);
    try {
      const back = await everyWritePath(store, () => countAuditEvents(kind, location));
      expect(back).toHaveLength(3000);
    } finally {
      await store.close();
    }
  });
});

async function countAuditEvents(kind: StoreKind, location: string): Promise<number> {
  if (kind.name === 'SQLite') {
    const raw = new Database(location, { readonly: true });
    try {
      return raw.prepare('SELECT COUNT(*) FROM audit_events').pluck().get() as number;
    } finally {
      raw.close();
    }
  }
  const client = new pg.Client({ connectionString: location });
  await client.connect();
  try {
    const r = await client.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM audit_events');
    return r.rows[0]?.n ?? -1;
  } finally {
    await client.end();
  }
}
