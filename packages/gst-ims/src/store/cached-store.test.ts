import { describe, expect, it } from 'vitest';
import type { MatchResult, WorkspaceRecord } from '../core/index.js';
import { WRITES, cachedStore } from './cached-store.js';
import type { WorkspaceStore } from './workspace-store.js';

const G = '27AABCU9603R1ZN';
const match = (recordKey: string): MatchResult => ({
  recordKey,
  registerRef: null,
  outcome: 'missingInRegister',
  score: 0,
  reasons: [],
  manual: false,
});

/**
 * A store that counts its loads; `gate` holds the next loadMatches until it is opened; `stamp`
 * is its changeStamp (another process's write moves it).
 */
function fakeStore(records = 0) {
  const calls = { records: 0, matches: 0 };
  const file: { stamp: string; imsImport: number | null } = { stamp: 's1', imsImport: null };
  const tallies = { n: 0 };
  let results: MatchResult[] = [match('a')];
  let gate: Promise<void> | null = null;
  const inner = {
    loadRecords: () => {
      calls.records++;
      return Promise.resolve(Array.from({ length: records }, () => ({}) as WorkspaceRecord));
    },
    loadMatches: async () => {
      calls.matches++;
      const now = results;
      if (gate) await gate;
      return now;
    },
    saveMatches: (_g: string, r: readonly MatchResult[]) => {
      results = [...r];
      return Promise.resolve();
    },
    listGstins: () => Promise.resolve([{ gstin: G, records }]),
    lastImport: () =>
      Promise.resolve(file.imsImport === null ? undefined : { id: file.imsImport, kind: 'ims' }),
    returnPeriodTally: () => {
      tallies.n++;
      return Promise.resolve([{ returnPeriod: '102026', supplierFiled: true, count: records }]);
    },
    changeStamp: () => Promise.resolve(file.stamp),
  };
  const hold = (): (() => void) => {
    let open = (): void => undefined;
    gate = new Promise<void>((ok) => (open = ok));
    return () => {
      gate = null;
      open();
    };
  };
  return { inner: inner as unknown as WorkspaceStore, calls, hold, file, tallies };
}

describe('cachedStore', () => {
  it('serves the matches from memory until a write or a change of the file', async () => {
    const f = fakeStore();
    const c = cachedStore(f.inner, { watchOtherProcesses: true });
    expect(c.snapshotId(G, 'matches')).toBeNull();
    expect(await c.store.loadMatches(G)).toEqual([match('a')]);
    await c.store.loadMatches(G);
    expect(f.calls.matches).toBe(1);
    const id = c.snapshotId(G, 'matches');
    expect(id).not.toBeNull();
    expect(c.snapshotId(G, 'records')).toBeNull();

    await c.store.saveMatches(G, [match('b')]);
    expect(c.snapshotId(G, 'matches')).toBeNull();
    expect(await c.store.loadMatches(G)).toEqual([match('b')]);
    expect(f.calls.matches).toBe(2);
    expect(c.snapshotId(G, 'matches')).not.toBe(id);

    f.file.stamp = 's2'; // another process wrote to the file
    await c.store.loadMatches(G);
    expect(f.calls.matches).toBe(3);
    await c.store.loadMatches(G);
    expect(f.calls.matches).toBe(3);
  });

  it('hands out copies: a caller changing its list changes no other', async () => {
    const c = cachedStore(fakeStore().inner, { watchOtherProcesses: false });
    const a = await c.store.loadMatches(G);
    a.pop();
    expect(await c.store.loadMatches(G)).toHaveLength(1);
  });

  it('joins a load under way, but not one that began before a write', async () => {
    const f = fakeStore();
    const c = cachedStore(f.inner, { watchOtherProcesses: false });
    let open = f.hold();
    const x = c.store.loadMatches(G);
    const y = c.store.loadMatches(G);
    open();
    expect(await x).toEqual(await y);
    expect(f.calls.matches).toBe(1);

    c.invalidate();
    open = f.hold();
    const stale = c.store.loadMatches(G);
    await c.store.saveMatches(G, [match('c')]);
    const fresh = c.store.loadMatches(G);
    open();
    expect(await stale).toEqual([match('a')]);
    expect(await fresh).toEqual([match('c')]);
    expect(f.calls.matches).toBe(3);
    // The load that began before the write is not kept.
    expect(await c.store.loadMatches(G)).toEqual([match('c')]);
    expect(f.calls.matches).toBe(3);
  });

  it('warms the records and the matches of every GSTIN', async () => {
    const f = fakeStore();
    const c = cachedStore(f.inner, { watchOtherProcesses: false });
    await c.warm();
    expect(f.calls).toEqual({ records: 1, matches: 1 });
    expect(c.snapshotId(G)).not.toBeNull();
    expect(c.snapshotId(G, 'matches')).not.toBeNull();
  });

  it('keeps no load of more rows than keepUpTo, and warms no GSTIN that has more', async () => {
    const f = fakeStore(3);
    const c = cachedStore(f.inner, { watchOtherProcesses: false, keepUpTo: 2 });
    await c.warm();
    expect(f.calls.records).toBe(0);
    expect(await c.store.loadRecords(G)).toHaveLength(3);
    expect(await c.store.loadRecords(G)).toHaveLength(3);
    expect(f.calls.records).toBe(2);
    expect(c.snapshotId(G)).toBeNull();
    // At the limit, kept.
    const small = fakeStore(2);
    const k = cachedStore(small.inner, { watchOtherProcesses: false, keepUpTo: 2 });
    await k.warm();
    await k.store.loadRecords(G);
    expect(small.calls.records).toBe(1);
    expect(k.snapshotId(G)).not.toBeNull();
  });

  it("keeps the return-period tally until the GSTIN's next IMS download, through other writes", async () => {
    const f = fakeStore(3);
    const c = cachedStore(f.inner, { watchOtherProcesses: true, keepUpTo: 2 });
    // Warmed even for a GSTIN too large to keep whole.
    await c.warm();
    expect(f.tallies.n).toBe(1);
    expect(await c.store.returnPeriodTally(G)).toEqual([
      { returnPeriod: '102026', supplierFiled: true, count: 3 },
    ]);
    // A decision (a write; another process's too) leaves it: no download came.
    await c.store.saveMatches(G, []);
    f.file.stamp = 's2';
    await c.store.returnPeriodTally(G);
    expect(f.tallies.n).toBe(1);
    // A download (here or in another process) has it counted again.
    f.file.imsImport = 4;
    await c.store.returnPeriodTally(G);
    await c.store.returnPeriodTally(G);
    expect(f.tallies.n).toBe(2);
  });

  it('sees no other process unless asked to watch: only its own writes drop the cache', async () => {
    const f = fakeStore();
    const c = cachedStore(f.inner, { watchOtherProcesses: false });
    await c.store.loadMatches(G);
    f.file.stamp = 's2';
    await c.store.loadMatches(G);
    expect(f.calls.matches).toBe(1);
  });

  it('passes reads through without dropping the cache, and drops it around every write', async () => {
    const f = fakeStore();
    const c = cachedStore(f.inner, { watchOtherProcesses: false });
    await c.store.loadMatches(G);
    expect(await c.store.listGstins()).toEqual([{ gstin: G, records: 0 }]);
    expect(await c.store.changeStamp()).toBe('s1');
    expect(c.snapshotId(G, 'matches')).not.toBeNull();
    for (const name of WRITES) {
      await c.store.loadMatches(G);
      const id = c.snapshotId(G, 'matches');
      expect(id, name).not.toBeNull();
      // The fake has no such method: the call fails, after dropping the cache all the same.
      if (name !== 'saveMatches')
        await expect((c.store[name] as () => Promise<unknown>)()).rejects.toThrow();
      else await c.store.saveMatches(G, [match('a')]);
      expect(c.snapshotId(G, 'matches'), name).toBeNull();
    }
  });
});
