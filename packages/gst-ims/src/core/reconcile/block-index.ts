import type { Doc } from './prepare.js';

/** Largest books bucket (one GSTIN + number key) paired in full; bigger ones keep the nearest by date. */
export const BUCKET_CAP = 32;

/** Books documents by block (GSTIN or PAN), then by number key. One doc is stored bare. */
export class BlockIndex {
  private readonly blocks = new Map<string, Map<string, number | number[]>>();

  get size(): number {
    return this.blocks.size;
  }

  add(block: string, key: string, j: number): void {
    if (key === '') return;
    let inner = this.blocks.get(block);
    if (!inner) {
      inner = new Map();
      this.blocks.set(block, inner);
    }
    const v = inner.get(key);
    if (v === undefined) inner.set(key, j);
    else if (typeof v === 'number') inner.set(key, [v, j]);
    else v.push(j);
  }

  block(block: string): Map<string, number | number[]> | undefined {
    return this.blocks.get(block);
  }
}

/** A bucket cut to the BUCKET_CAP documents nearest to `day` (ties by ref). */
export function nearest(
  bucket: readonly number[],
  docs: readonly Doc[],
  day: number,
): readonly number[] {
  if (bucket.length <= BUCKET_CAP) return bucket;
  return [...bucket]
    .sort((x, y) => {
      const a = docs[x] as Doc;
      const b = docs[y] as Doc;
      const dx = Math.abs(a.own.day - day);
      const dy = Math.abs(b.own.day - day);
      if (dx !== dy) return dx - dy;
      return a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0;
    })
    .slice(0, BUCKET_CAP);
}
