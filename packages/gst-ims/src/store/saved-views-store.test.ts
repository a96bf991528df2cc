import { expect, it } from 'vitest';
import type { AuditEntry } from './workspace-store.js';
import { describeStores } from '../test-support/stores.js';

const G = '27AABCU9603R1ZN';

describeStores('saved views (migration 0008-saved-views)', (kind) => {
  it('keeps views per GSTIN and user, replaces one of the same name, deletes by name', async () => {
    const store = await kind.open();
    await store.saveView(G, 'asha', { name: 'Rejects', view: '{"tab":"reject"}', at: 't1' });
    await store.saveView(G, 'asha', { name: 'Big', view: '{"min":1}', at: 't2' });
    await store.saveView(G, 'ravi', { name: 'Rejects', view: '{"tab":"ravi"}', at: 't3' });
    await store.saveView('29AAACR5055K1Z3', 'asha', { name: 'Other', view: '{}', at: 't4' });
    expect(await store.listSavedViews(G, 'asha')).toEqual([
      { name: 'Big', view: '{"min":1}', at: 't2' },
      { name: 'Rejects', view: '{"tab":"reject"}', at: 't1' },
    ]);
    await store.saveView(G, 'asha', { name: 'Rejects', view: '{"tab":"pending"}', at: 't5' });
    expect((await store.listSavedViews(G, 'asha')).map((v) => [v.name, v.view])).toEqual([
      ['Big', '{"min":1}'],
      ['Rejects', '{"tab":"pending"}'],
    ]);
    expect(await store.listSavedViews(G, 'ravi')).toEqual([
      { name: 'Rejects', view: '{"tab":"ravi"}', at: 't3' },
    ]);
    expect(await store.deleteSavedView(G, 'asha', 'Big')).toBe(true);
    expect(await store.deleteSavedView(G, 'asha', 'Big')).toBe(false);
    expect((await store.listSavedViews(G, 'asha')).map((v) => v.name)).toEqual(['Rejects']);
    expect((await store.listSavedViews(G, 'ravi')).map((v) => v.name)).toEqual(['Rejects']);
    await store.close();
  });
});

describeStores('the audit log read as events', (kind) => {
  const entry = (key: string, at: string, o: Partial<AuditEntry> = {}): AuditEntry => ({
    at,
    user: 'asha',
    gstin: G,
    recordKey: key,
    fromAction: 'noAction',
    toAction: 'accept',
    remark: null,
    itcReduction: null,
    source: 'cli',
    ...o,
  });

  it('lists events newest first with record counts, groups one write, reads the entries around an event', async () => {
    const store = await kind.open();
    await store.appendAudit([entry('a', 't1'), entry('b', 't1'), entry('c', 't1')]);
    // One write of two decisions: two events with the same time, user and source.
    await store.appendAudit([
      entry('a', 't2', { fromAction: 'accept', toAction: 'reject', remark: 'x' }),
      entry('d', 't2', { itcReduction: { kind: 'full' } }),
    ]);
    await store.appendAudit([entry('e', 't3', { user: 'ravi' })]);
    const events = await store.listAuditEvents(G, { limit: 10 });
    expect(events.map((e) => [e.at, e.toAction, e.records])).toEqual([
      ['t3', 'accept', 1],
      ['t2', 'accept', 1],
      ['t2', 'reject', 1],
      ['t1', 'accept', 3],
    ]);
    expect(events[1]?.itcReduction).toEqual({ kind: 'full' });
    // Without counts (a walk back the log), the same events and no records counted.
    const bare = await store.listAuditEvents(G, { limit: 10, counts: false });
    expect(bare.map((e) => [e.id, e.records])).toEqual(events.map((e) => [e.id, 0]));
    const older = await store.listAuditEvents(G, { limit: 1, beforeId: events[1]?.id });
    expect(older.map((e) => e.id)).toEqual([events[2]?.id]);
    const group = await store.auditEventGroup(G, events[1]?.id ?? 0);
    expect(group.map((e) => e.id)).toEqual([events[2]?.id, events[1]?.id]);
    expect(await store.auditEventGroup('29AAACR5055K1Z3', events[1]?.id ?? 0)).toEqual([]);
    // Record a again: later, and under another recipient GSTIN (whose log is not G's).
    await store.appendAudit([
      entry('a', 't4', { gstin: '29AAACR5055K1Z3', toAction: 'pending' }),
      entry('a', 't5', { fromAction: 'reject', toAction: 'pending' }),
    ]);
    // The first event's records: a, b, c, and only a's next entry (t2), not the one after.
    const around = async (id: number | undefined) =>
      (await store.auditAroundEvents(G, [id ?? 0])).map((e) => [
        e.recordKey,
        e.at,
        e.toAction,
        e.eventId,
      ]);
    expect(await around(events[3]?.id)).toEqual([
      ['a', 't1', 'accept', events[3]?.id],
      ['b', 't1', 'accept', events[3]?.id],
      ['c', 't1', 'accept', events[3]?.id],
      ['a', 't2', 'reject', events[2]?.id],
    ]);
    // The rejection of a: the entry before it and the one after it in G's log.
    const [t5] = await store.listAuditEvents(G, { limit: 1 });
    expect(await around(events[2]?.id)).toEqual([
      ['a', 't1', 'accept', events[3]?.id],
      ['a', 't2', 'reject', events[2]?.id],
      ['a', 't5', 'pending', t5?.id],
    ]);
    expect(await store.auditAroundEvents(G, [])).toEqual([]);
    await store.close();
  });
});
