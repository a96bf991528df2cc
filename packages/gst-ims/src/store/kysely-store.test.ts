import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { IsoDate, Paise, RecordState, WorkspaceRecord } from '../core/index.js';
import { recordKey } from '../core/index.js';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { KyselyStore } from './kysely-store.js';
import { MIGRATIONS } from './migrations.js';
import { openSqliteStore } from './open-sqlite-store.js';
import type { Database as Schema } from './schema.js';
import type { AuditEntry } from './workspace-store.js';
import { describeStores } from '../test-support/stores.js';

const G = '27AABCU9603R1ZN';

function row(n: number): WorkspaceRecord {
  const docDate = '2026-10-05' as IsoDate;
  const p = (x: number) => x as Paise;
  return {
    record: {
      key: recordKey('b2b', '29AAACR5055K1Z3', `INV-${n}`, docDate),
      section: 'b2b',
      supplierGstin: '29AAACR5055K1Z3',
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
      extra: { newField: 'x' },
    },
    state: {
      decision: { action: 'noAction', remark: null, itcReduction: null },
      changedBySupplier: false,
      gone: false,
      portalError: null,
    },
  };
}

/** An accept of a record from No Action, by one person at one time. */
const auditEntry = (recordKey: string, source: string): AuditEntry => ({
  at: '2026-11-05T10:00:00.000Z',
  user: 'u',
  gstin: G,
  recordKey,
  fromAction: 'noAction',
  toAction: 'accept',
  remark: null,
  itcReduction: null,
  source,
});

describeStores('workspace store', (kind) => {
  it('round-trips records exactly, in bulk, and upserts updates', async () => {
    const store = await kind.open();
    await store.ensureGstin(G, '2026-11-22T00:00:00Z');
    const rows = Array.from({ length: 2500 }, (_, i) => row(i));
    await store.insertRecords(G, rows);
    const back = await store.loadRecords(G);
    expect(back).toHaveLength(2500);
    const byKey = new Map(back.map((r) => [r.record.key, r]));
    expect(byKey.get(rows[7]!.record.key)).toEqual(rows[7]);
    const changed = {
      ...rows[7]!,
      state: {
        ...rows[7]!.state,
        decision: { action: 'reject' as const, remark: 'no', itcReduction: null },
        portalError: { code: 'X1', message: 'bad' },
      },
    };
    await store.updateRecords(G, [changed]);
    const again = new Map((await store.loadRecords(G)).map((r) => [r.record.key, r]));
    expect(again.get(changed.record.key)).toEqual(changed);
    expect(again.size).toBe(2500);
    expect(await store.listGstins()).toEqual([{ gstin: G, records: 2500 }]);
    await store.close();
  });

  it('lists the GSTINs alone (gstinIds) in the order listGstins gives them, with or without records', async () => {
    const store = await kind.open();
    try {
      expect(await store.gstinIds()).toEqual([]);
      await store.ensureGstin('29AAACR5055K1Z3', 'now');
      await store.ensureGstin(G, 'now');
      await store.insertRecords(G, [row(1), row(2)]);
      expect(await store.gstinIds()).toEqual(['27AABCU9603R1ZN', '29AAACR5055K1Z3']);
      expect(await store.gstinIds()).toEqual((await store.listGstins()).map((g) => g.gstin));
    } finally {
      await store.close();
    }
  });

  it('rolls a failed transaction back completely', async () => {
    const store = await kind.open();
    await store.ensureGstin(G, 'now');
    await expect(
      store.transaction(async (tx) => {
        await tx.insertRecords(G, [row(1), row(2)]);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store.loadRecords(G)).toHaveLength(0);
    await store.close();
  });

  it('gives records by key in the order of the keys, on every database', async () => {
    const store = await kind.open();
    try {
      const rows = Array.from({ length: 30 }, (_, i) => row(i));
      await store.transaction(async (tx) => {
        await tx.ensureGstin(G, '2026-12-07T00:00:00Z');
        await tx.insertRecords(G, rows);
      });
      const keys = rows.map((r) => r.record.key).reverse();
      const asked = [keys[3], 'no-such-key', ...keys.filter((_, i) => i % 2 === 0)] as string[];
      const got = await store.loadRecordsByKeys(G, asked);
      expect(got.map((r) => r.record.key)).toEqual(asked.filter((k) => k !== 'no-such-key'));
    } finally {
      await store.close();
    }
  });

  it("gives a GSTIN's newest import of the kinds asked, as listImports has it", async () => {
    const store = await kind.open();
    try {
      const log = (gstin: string, kind: string, file: string) =>
        store.logImport({
          gstin,
          kind,
          file,
          at: '2026-11-05T10:00:00.000Z',
          user: 'u',
          summary: { file },
        });
      expect(await store.lastImport(G, ['ims'])).toBeUndefined();
      await log(G, 'ims', 'oct.json');
      const register = await log(G, 'register', 'books.csv');
      await log(G, 'ims', 'nov.json');
      await log(G, 'gstr2b', '2b.json');
      await log('29AAACR5055K1Z3', 'ims', 'other.json');
      const all = await store.listImports(G);
      expect(await store.lastImport(G, ['ims'])).toEqual(all.find((e) => e.file === 'nov.json'));
      expect((await store.lastImport(G, ['register', 'errors']))?.id).toBe(register);
      expect((await store.lastImport(G, ['ims', 'gstr2b']))?.file).toBe('2b.json');
      expect(await store.lastImport(G, ['excel'])).toBeUndefined();
      expect(await store.lastImport(G, [])).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it('gives the source of the latest audit entry of each record', async () => {
    const store = await kind.open();
    const entry = auditEntry;
    await store.appendAudit([entry('a', 'rule:x'), entry('b', 'cli'), entry('a', 'web')]);
    await store.appendAudit([
      entry('b', 'rule:y'),
      { ...entry('c', 'cli'), gstin: '29AAACR5055K1Z3' },
    ]);
    expect(await store.lastAuditSources(G)).toEqual(
      new Map([
        ['a', 'web'],
        ['b', 'rule:y'],
      ]),
    );
    await store.close();
  });
});

describe('SQLite workspace store', () => {
  it('keeps the audit log append-only: the database refuses updates and deletes', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gst-store-')), 'ws.sqlite');
    const store = await openSqliteStore(file);
    await store.appendAudit([
      {
        at: 't1',
        user: 'asha',
        gstin: G,
        recordKey: 'k',
        fromAction: 'noAction',
        toAction: 'accept',
        remark: null,
        itcReduction: null,
        source: 'cli',
      },
    ]);
    await store.close();
    const raw = new Database(file);
    for (const table of ['audit_events', 'audit_changes']) {
      expect(() => raw.prepare(`UPDATE ${table} SET id = id + 100`).run()).toThrow(/append-only/);
      expect(() => raw.prepare(`DELETE FROM ${table}`).run()).toThrow(/append-only/);
    }
    raw.close();
    const reopened = await openSqliteStore(file);
    expect((await reopened.auditFor(G, null)).map((e) => e.user)).toEqual(['asha']);
    await reopened.close();
  });

  it('writes state updates the same through JSON (SQLite) and through VALUES batches', async () => {
    const states = (n: number): { key: string; state: RecordState } => ({
      key: row(n).record.key,
      state: {
        decision: {
          action: n % 2 ? 'pending' : 'accept',
          remark: n % 3 ? `r ${n} "q", ₹` : null,
          itcReduction:
            n % 5 === 0
              ? {
                  kind: 'partial',
                  igst: 100 as Paise,
                  cgst: 0 as Paise,
                  sgst: 0 as Paise,
                  cess: 0 as Paise,
                }
              : null,
        },
        changedBySupplier: n % 7 === 0,
        gone: n % 11 === 0,
        portalError: n % 13 === 0 ? { code: n % 2 ? null : 'E1', message: `bad ${n}` } : null,
      },
    });
    const results: WorkspaceRecord[][] = [];
    for (const sqliteJson of [true, false]) {
      const db = new Kysely<Schema>({
        dialect: new SqliteDialect({ database: new Database(':memory:') }),
      });
      const { error } = await new Migrator({
        db,
        provider: { getMigrations: () => Promise.resolve(MIGRATIONS) },
      }).migrateToLatest();
      expect(error).toBeUndefined();
      const store = new KyselyStore(db, undefined, { sqliteJson });
      await store.insertRecords(
        G,
        Array.from({ length: 6000 }, (_, i) => row(i)),
      );
      await store.transaction((tx) =>
        tx.updateStates(
          G,
          Array.from({ length: 5000 }, (_, i) => states(i + 500)),
        ),
      );
      const back = await store.loadRecords(G);
      const byKey = new Map(back.map((r) => [r.record.key, r]));
      expect(byKey.get(row(600).record.key)?.state).toEqual(states(600).state);
      expect(byKey.get(row(715).record.key)?.state).toEqual(states(715).state);
      expect(byKey.get(row(10).record.key)).toEqual(row(10));
      results.push(back);
      await store.close();
    }
    expect(results[0]).toEqual(results[1]);
  });

  it('refuses a file that is not a workspace with a clear message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gst-store-'));
    const file = join(dir, 'not.sqlite');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, 'this is not a database at all, just text '.repeat(100));
    await expect(openSqliteStore(file)).rejects.toThrow(/not\.sqlite/);
  });
});
