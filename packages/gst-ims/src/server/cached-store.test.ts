import { describe, expect, it } from 'vitest';
import type { MatchResult, WorkspaceRecord } from '../core/index.js';
import type { WorkspaceStore } from '../store/index.js';
import { cachedStore } from './cached-store.js';

const G = '27AABCU9603R1ZN';
const match = (recordKey: string): MatchResult => ({
  recordKey,
  registerRef: null,
  outcome: 'missingInRegister',
  score: 0,
  reasons: [],
  manual: false,
});

/** A store that counts its loads; `gate` holds the next loadMatches until it is opened. */
function fakeStore() {
  const calls = { records: 0, matches: 0 };
  let results: MatchResult[] = [match('a')];
  let gate: Promise<void> | null = null;
  const inner = {
    loadRecords: () => {
      calls.records++;
      return Promise.resolve([] as WorkspaceRecord[]);
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
    listGstins: () => Promise.resolve([{ gstin: G, records: 0 }]),
  };
  const hold = (): (() => void) => {
    let open = (): void => undefined;
    gate = new Promise<void>((ok) => (open = ok));
    return () => {
      gate = null;
      open();
    };
  };
  return { inner: inner as unknown as WorkspaceStore, calls, hold };
}

describe('cachedStore', () => {
  it('serves the matches from memory until a write or a change of the file', async () => {
    const f = fakeStore();
    let stamp = 's1';
    const c = cachedStore(f.inner, () => Promise.resolve(stamp));
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

    stamp = 's2'; // another process wrote to the file
    await c.store.loadMatches(G);
    expect(f.calls.matches).toBe(3);
    await c.store.loadMatches(G);
    expect(f.calls.matches).toBe(3);
  });

  it('hands out copies: a caller changing its list changes no other', async () => {
    const c = cachedStore(fakeStore().inner, null);
    const a = await c.store.loadMatches(G);
    a.pop();
    expect(await c.store.loadMatches(G)).toHaveLength(1);
  });

  it('joins a load under way, but not one that began before a write', async () => {
    const f = fakeStore();
    const c = cachedStore(f.inner, null);
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
    const c = cachedStore(f.inner, null);
    await c.warm();
    expect(f.calls).toEqual({ records: 1, matches: 1 });
    expect(c.snapshotId(G)).not.toBeNull();
    expect(c.snapshotId(G, 'matches')).not.toBeNull();
  });
});
