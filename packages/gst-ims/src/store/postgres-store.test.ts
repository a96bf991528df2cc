// The PostgreSQL store's own behaviour: migrations on an empty database, the schema's types,
// the append-only audit log, one writer at a time, the change stamp. What both stores share is
// tested once for both (the describeStores suites).
import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { IsoDate, Paise, WorkspaceRecord } from '../core/index.js';
import { recordKey, WorkspaceBusyError } from '../core/index.js';
import { POSTGRES, REQUIRE_POSTGRES, describeStores } from '../test-support/stores.js';
import { openPostgresStore, redactUrl } from './open-postgres-store.js';
import { insertOldRecord, olderWorkspace } from '../test-support/older-workspace.js';
import { sampleRecord } from '../test-support/sample-records.js';

const G = '27AABCU9603R1ZN';
const NOW = '2026-11-05T10:00:00.000Z';

function record(n: number, value: number): WorkspaceRecord {
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
        value: p(value),
        taxable: p(value),
        igst: p(0),
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

async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

describeStores('PostgreSQL store', (kind) => {
  if (kind.name !== 'PostgreSQL') {
    // The SQLite half of this suite is the rest of the store tests; here it only checks the
    // helper hands out SQLite workspaces.
    it('is SQLite here', () => expect(kind.available).toBe(true));
    return;
  }

  it('vacuums and analyses every table after migrating a workspace that held data', async () => {
    // Migration 0016 rewrote every record twice; until autovacuum came the practice view of a
    // migrated 10 x 100,000-record cluster took 10 s against 0.4 s (decision 0059).
    const tidied = async (url: string) =>
      (
        await query<{ relname: string }>(
          url,
          'SELECT relname FROM pg_stat_user_tables WHERE last_vacuum IS NOT NULL AND last_analyze IS NOT NULL ORDER BY relname',
        )
      ).map((r) => r.relname);
    const tables = async (url: string) =>
      (
        await query<{ name: string }>(
          url,
          'SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename',
        )
      ).map((r) => r.name);
    const older = await POSTGRES.newLocation({ empty: true });
    const db = await olderWorkspace(kind, older, '0016');
    await sql`INSERT INTO gstins (gstin, created_at) VALUES (${G}, ${'2026-10-01T00:00:00Z'})`.execute(
      db,
    );
    await insertOldRecord(db, G, 1, sampleRecord(1), 'supplier_name');
    await db.destroy();
    expect(await tidied(older)).toEqual([]);
    await (await openPostgresStore(older)).close();
    expect(await tidied(older)).toEqual(await tables(older));
    // Opened again with nothing to migrate, or made new: nothing to tidy.
    const fresh = await POSTGRES.newLocation({ empty: true });
    await (await openPostgresStore(fresh)).close();
    expect(await tidied(fresh)).toEqual([]);
  });

  it('migrates an empty database from nothing to the latest schema', async () => {
    const url = await POSTGRES.newLocation({ empty: true });
    const store = await openPostgresStore(url);
    await store.close();
    const tables = await query<{ name: string }>(
      url,
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
    );
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining([
        'records',
        'record_docs',
        'record_states',
        'audit_events',
        'returns',
      ]),
    );
    // Integers are 64-bit as in SQLite, and ids the store is not given are numbered.
    const types = await query<{ t: string }>(
      url,
      "SELECT data_type AS t FROM information_schema.columns WHERE table_name = 'records' AND column_name = 'value'",
    );
    expect(types[0]?.t).toBe('bigint');
    // Opening again finds nothing to do.
    await (await openPostgresStore(url)).close();
  });

  it('keeps amounts beyond 32 bits and numbers imports itself', async () => {
    const store = await POSTGRES.open();
    try {
      await store.ensureGstin(G, NOW);
      const big = 98_765_432_109_876; // Rs 987 crore and more, in paise
      await store.insertRecords(G, [record(1, big)]);
      const [back] = await store.loadRecords(G);
      expect(back?.record.amounts.value).toBe(big);
      const a = await store.logImport({
        gstin: G,
        kind: 'ims',
        file: 'a',
        at: NOW,
        user: 'u',
        summary: {},
      });
      const b = await store.logImport({
        gstin: G,
        kind: 'ims',
        file: 'b',
        at: NOW,
        user: 'u',
        summary: {},
      });
      expect(b).toBe(a + 1);
      expect(await store.listGstins()).toEqual([{ gstin: G, records: 1 }]);
    } finally {
      await store.close();
    }
  });

  it('refuses updates, deletes and truncation of the audit log', async () => {
    const url = await POSTGRES.newLocation();
    const store = await openPostgresStore(url);
    await store.appendAudit([
      {
        at: NOW,
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
    for (const table of ['audit_events', 'audit_changes']) {
      await expect(query(url, `UPDATE ${table} SET id = id + 100`)).rejects.toThrow(/append-only/);
      await expect(query(url, `DELETE FROM ${table}`)).rejects.toThrow(/append-only/);
      await expect(query(url, `TRUNCATE ${table} CASCADE`)).rejects.toThrow(/append-only/);
    }
    const rows = await query<{ n: number }>(url, 'SELECT COUNT(*)::int AS n FROM audit_changes');
    expect(rows[0]?.n).toBe(1);
  });

  it("moves the change stamp for another store's commits, not its own", async () => {
    const url = await POSTGRES.newLocation();
    const mine = await openPostgresStore(url);
    const other = await openPostgresStore(url);
    try {
      const a = await mine.changeStamp();
      expect(a).not.toBeNull();
      await mine.listGstins();
      expect(await mine.changeStamp()).toBe(a);
      const theirs = await other.changeStamp();
      await other.ensureGstin(G, NOW);
      const b = await mine.changeStamp();
      expect(b).not.toBe(a);
      expect(await other.changeStamp()).toBe(theirs);
      await mine.transaction((tx) => tx.ensureGstin('29AAACR5055K1Z3', NOW));
      expect(await mine.changeStamp()).toBe(b);
      expect(await other.changeStamp()).not.toBe(theirs);
      // A store that closes leaves the others' stamps as they were.
      const before = await mine.changeStamp();
      const third = await openPostgresStore(url);
      await third.ensureGstin('33AAACR5055K1Z3', NOW);
      const seen = await mine.changeStamp();
      expect(seen).not.toBe(before);
      await third.close();
      expect(await mine.changeStamp()).toBe(seen);
    } finally {
      await other.close();
      await mine.close();
    }
  });

  it('lets one writer at a time into a workspace; the second waits, then gives up', async () => {
    const url = await POSTGRES.newLocation();
    const first = await openPostgresStore(url);
    let waited = 0;
    const second = await openPostgresStore(url, { timeoutMs: 300, onWait: () => waited++ });
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    const writing = first.transaction(async (tx) => {
      await tx.ensureGstin(G, NOW);
      entered();
      await held;
    });
    try {
      await inside;
      // Reads do not wait for the writer.
      expect(await second.listGstins()).toEqual([]);
      await expect(second.transaction((tx) => tx.ensureGstin(G, NOW))).rejects.toBeInstanceOf(
        WorkspaceBusyError,
      );
      // A write outside a transaction waits the same way.
      await expect(second.setSetting(G, 'x', '1')).rejects.toThrow(/another gst-ims process/);
      expect(waited).toBe(2);
      release();
      await writing;
      await second.transaction((tx) => tx.setSetting(G, 'x', '2'));
      expect(await first.getSetting(G, 'x')).toBe('2');
    } finally {
      release();
      await writing.catch(() => undefined);
      await second.close();
      await first.close();
    }
  });

  it('refuses a database that does not order text by code point, and hides the password', async () => {
    const url = await POSTGRES.newLocation({ empty: true });
    const name = new URL(url).pathname.slice(1);
    const server = new URL(url);
    server.pathname = '/postgres';
    const en = `${name}_en`;
    // ICU's root collation: alphabetic, not code-point, order (Debian builds PostgreSQL with ICU).
    await query(
      server.toString(),
      `CREATE DATABASE ${en} TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'und' LC_COLLATE 'C' LC_CTYPE 'C'`,
    );
    const target = new URL(url);
    target.pathname = `/${en}`;
    target.password = 'secret';
    await expect(openPostgresStore(target.toString())).rejects.toThrow(/code-point order/);
    await expect(openPostgresStore(target.toString())).rejects.not.toThrow(/secret/);
  });
});

describe('redactUrl', () => {
  it('hides a password and keeps the rest', () => {
    expect(redactUrl('postgres://asha:hunter2@db.local:5432/gst')).toBe(
      'postgres://asha:***@db.local:5432/gst',
    );
    expect(redactUrl('postgres://asha@db.local/gst')).toBe('postgres://asha@db.local/gst');
  });
});

describe('PostgreSQL for the tests', () => {
  it(`is ${REQUIRE_POSTGRES ? 'required and' : 'optional, and'} reported either way`, () => {
    if (REQUIRE_POSTGRES) expect(POSTGRES.absent).toBeNull();
    expect(POSTGRES.available || POSTGRES.absent !== null).toBe(true);
  });
});
