import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { IsoDate, Paise, WorkspaceRecord } from '../core/index.js';
import { recordKey } from '../core/index.js';
import { openSqliteStore } from './open-sqlite-store.js';

const G = '27AABCU9603R1ZN';

function row(n: number): WorkspaceRecord {
  const docDate = '2026-10-05' as IsoDate;
  const p = (x: number) => x as Paise;
  return {
    record: {
      key: recordKey('b2b', '29AAACR5055K1Z3', `INV-${n}`, docDate),
      section: 'b2b', supplierGstin: '29AAACR5055K1Z3', supplierName: 'Ravi', docNumber: `INV-${n}`, docDate,
      originalDocNumber: null, originalDocDate: null, invType: 'R', srcForm: 'R1', returnPeriod: '102026', supplierFiled: true, pos: '27',
      amounts: { value: p(118_00 + n), taxable: p(100_00), igst: p(18_00), cgst: p(0), sgst: p(0), cess: p(0) },
      portalAction: 'noAction', pendingBlocked: false, remarksBlocked: false, itcReductionBlocked: false,
      portalRemark: null, portalItcReduction: null, hash: null, extra: { newField: 'x' },
    },
    state: { decision: { action: 'noAction', remark: null, itcReduction: null }, changedBySupplier: false, gone: false, portalError: null },
  };
}

describe('SQLite workspace store', () => {
  it('round-trips records exactly, in bulk, and upserts updates', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gst-store-')), 'ws.sqlite');
    const store = await openSqliteStore(file);
    await store.ensureGstin(G, '2026-11-22T00:00:00Z');
    const rows = Array.from({ length: 2500 }, (_, i) => row(i));
    await store.insertRecords(G, rows);
    const back = await store.loadRecords(G);
    expect(back).toHaveLength(2500);
    const byKey = new Map(back.map((r) => [r.record.key, r]));
    expect(byKey.get(rows[7]!.record.key)).toEqual(rows[7]);
    const changed = { ...rows[7]!, state: { ...rows[7]!.state, decision: { action: 'reject' as const, remark: 'no', itcReduction: null }, portalError: { code: 'X1', message: 'bad' } } };
    await store.updateRecords(G, [changed]);
    const again = new Map((await store.loadRecords(G)).map((r) => [r.record.key, r]));
    expect(again.get(changed.record.key)).toEqual(changed);
    expect(again.size).toBe(2500);
    expect(await store.listGstins()).toEqual([{ gstin: G, records: 2500 }]);
    await store.close();
  });

  it('rolls a failed transaction back completely', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gst-store-')), 'ws.sqlite');
    const store = await openSqliteStore(file);
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

  it('keeps the audit log append-only: the database refuses updates and deletes', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gst-store-')), 'ws.sqlite');
    const store = await openSqliteStore(file);
    await store.appendAudit([{ at: 't1', user: 'asha', gstin: G, recordKey: 'k', fromAction: 'noAction', toAction: 'accept', remark: null, itcReduction: null, source: 'cli' }]);
    await store.close();
    const raw = new Database(file);
    expect(() => raw.prepare('UPDATE audit_log SET user = ?').run('mallory')).toThrow(/append-only/);
    expect(() => raw.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    raw.close();
    const reopened = await openSqliteStore(file);
    expect((await reopened.auditFor(G, null)).map((e) => e.user)).toEqual(['asha']);
    await reopened.close();
  });

  it('refuses a file that is not a workspace with a clear message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gst-store-'));
    const file = join(dir, 'not.sqlite');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, 'this is not a database at all, just text '.repeat(100));
    await expect(openSqliteStore(file)).rejects.toThrow(/not\.sqlite/);
  });
});
