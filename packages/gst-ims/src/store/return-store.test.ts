import { expect, it } from 'vitest';
import { describeStores } from '../test-support/stores.js';

describeStores('returns of a period (migration 0007-returns)', (kind) => {
  it("stores, replaces and lists a GSTIN's 2B and 3B by period", async () => {
    const store = await kind.open();
    const g = '27AABCU9603R1ZN';
    await store.saveReturn(g, {
      kind: 'gstr2b',
      period: '102026',
      importId: 1,
      files: ['a.json'],
      at: '2026-11-14T10:00:00Z',
      data: '{"v":1}',
    });
    await store.saveReturn(g, {
      kind: 'gstr3b',
      period: '112026',
      importId: 2,
      files: ['b.json'],
      at: '2026-12-20T10:00:00Z',
      data: '{"v":2}',
    });
    await store.saveReturn(g, {
      kind: 'gstr2b',
      period: '102026',
      importId: 3,
      files: ['a1.json', 'a2.json'],
      at: '2026-11-15T10:00:00Z',
      data: '{"v":3}',
    });
    expect(await store.loadReturn(g, 'gstr2b', '102026')).toEqual({
      kind: 'gstr2b',
      period: '102026',
      importId: 3,
      files: ['a1.json', 'a2.json'],
      at: '2026-11-15T10:00:00Z',
      data: '{"v":3}',
    });
    expect(await store.loadReturn(g, 'gstr2b', '112026')).toBeNull();
    expect(await store.loadReturn('29AAACR5055K1Z3', 'gstr3b', '112026')).toBeNull();
    expect((await store.listReturns(g)).map((r) => [r.kind, r.period, r.importId])).toEqual([
      ['gstr2b', '102026', 3],
      ['gstr3b', '112026', 2],
    ]);
    await store.close();
  });
});
