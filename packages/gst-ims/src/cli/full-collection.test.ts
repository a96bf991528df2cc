import { describe, expect, it } from 'vitest';
import { fullCollection } from './full-collection.js';

describe('fullCollection', () => {
  it('collects what is no longer reachable, without putting gc on the global object', () => {
    fullCollection();
    const before = process.memoryUsage().heapUsed;
    let big: { i: number }[] | null = Array.from({ length: 500_000 }, (_, i) => ({ i }));
    expect(process.memoryUsage().heapUsed - before).toBeGreaterThan(5_000_000);
    expect(big.length).toBe(500_000);
    big = null;
    fullCollection();
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(5_000_000);
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
  });
});
