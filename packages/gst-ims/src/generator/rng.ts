// A small deterministic PRNG for the generators: sfc32 seeded through a 32-bit mixer. No
// Math.random: the same seed must give byte-identical data on every machine.

/** Constants that decorrelate generators sharing one seed; each generator has its own. */
export type RngSalt = readonly [number, number, number, number];

export const IMS_SALT: RngSalt = [0x9e3779b9, 0x243f6a88, 0x85a308d3, 0x13198a2e];

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, salt: RngSalt = IMS_SALT) {
    const lo = seed >>> 0;
    const hi = Math.floor(seed / 4294967296) >>> 0;
    this.a = mix32(lo ^ salt[0]);
    this.b = mix32(hi ^ salt[1]);
    this.c = mix32((lo + salt[2]) ^ Math.imul(hi, salt[3]));
    this.d = 1;
    for (let i = 0; i < 15; i++) this.next();
  }

  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** [0, 1) */
  float(): number {
    return this.next() / 4294967296;
  }

  /** [0, n) */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** [lo, hi] */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    const v = items[this.int(items.length)];
    if (v === undefined) throw new RangeError('pick from an empty list');
    return v;
  }
}

export function mix32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
