import type { Rng } from './rng.js';

/** Cumulative weights for weighted picks by binary search. */
export class Weighted {
  private readonly cum: Float64Array;
  private readonly total: number;

  constructor(weights: readonly number[]) {
    this.cum = new Float64Array(weights.length);
    let t = 0;
    weights.forEach((w, i) => {
      t += w;
      this.cum[i] = t;
    });
    this.total = t;
  }

  pick(rng: Rng): number {
    const x = rng.float() * this.total;
    let lo = 0;
    let hi = this.cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.cum[mid] ?? 0) > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
