// The return-period tally read a range of ids at a time on SQLite (the server's one thread is
// not held for a million descriptions): the ranges' counts add up to the one statement's.
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { sampleRecord } from '../test-support/sample-records.js';
import { SQLITE } from '../test-support/stores.js';
import { KyselyRecordStatus } from './kysely-record-status.js';
import { KyselySql } from './kysely-sql.js';
import type { Database as Schema } from './schema.js';

const G = '27AABCU9603R1ZN';
const OTHER = '29AAACR5055K1Z3';

describe('returnPeriodTally in ranges of ids (SQLite)', () => {
  it('counts the same in ranges of 7 ids as in one, across another GSTIN between', async () => {
    const file = await SQLITE.newLocation();
    const store = await SQLITE.open(file);
    const periods = ['102026', '112026', null] as const;
    const filed = [true, false, null] as const;
    const made = (n: number) => {
      const w = sampleRecord(n);
      return {
        ...w,
        record: { ...w.record, returnPeriod: periods[n % 3]!, supplierFiled: filed[n % 2]! },
        state: { ...w.state, gone: n % 5 === 0 },
      };
    };
    await store.ensureGstin(G, '2026-11-01T00:00:00Z');
    await store.ensureGstin(OTHER, '2026-11-01T00:00:00Z');
    await store.insertRecords(
      G,
      Array.from({ length: 30 }, (_, i) => made(i + 1)),
    );
    await store.insertRecords(
      OTHER,
      Array.from({ length: 9 }, (_, i) => made(i + 100)),
    );
    await store.insertRecords(
      G,
      Array.from({ length: 25 }, (_, i) => made(i + 200)),
    );
    const whole = await store.returnPeriodTally(G);
    await store.close();

    const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: new Database(file) }) });
    try {
      const ranged = await new KyselyRecordStatus(new KyselySql(db, {}), 7).returnPeriodTally(G);
      const byKey = (t: typeof whole) =>
        new Map(t.map((x) => [`${x.returnPeriod}|${x.supplierFiled}`, x.count]));
      expect(byKey(ranged)).toEqual(byKey(whole));
      const live = [
        ...Array.from({ length: 30 }, (_, i) => i + 1),
        ...Array.from({ length: 25 }, (_, i) => i + 200),
      ].filter((n) => n % 5 !== 0);
      expect(ranged.reduce((a, x) => a + x.count, 0)).toBe(live.length);
      expect(byKey(ranged).get('102026|false')).toBe(
        live.filter((n) => n % 3 === 0 && n % 2 === 1).length,
      );
    } finally {
      await db.destroy();
    }
  });
});
