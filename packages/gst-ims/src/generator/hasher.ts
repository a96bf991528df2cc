// Record hash: two 32-bit running hashes over the record's content, expanded to 64 hex
// characters. Not cryptographic; the portal's own hash is opaque to us anyway.
import { mix32 } from './rng.js';

const HEX_CODES: readonly number[] = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

export class Hasher {
  private h1 = 0;
  private h2 = 0;
  private readonly codes: number[] = new Array<number>(64).fill(48);

  reset(tag: string): this {
    this.h1 = 0x011c9dc5;
    this.h2 = 0x1747b28c;
    return this.str(tag);
  }

  str(text: string): this {
    let h1 = this.h1;
    let h2 = this.h2;
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    }
    // A separator so that ("ab","c") and ("a","bc") differ.
    this.h1 = Math.imul(h1 ^ 0x7c, 0x01000193);
    this.h2 = Math.imul(h2 ^ (h2 >>> 15) ^ 0x7c, 0x5bd1e995);
    return this;
  }

  num(n: number): this {
    const lo = n | 0;
    const hi = Math.floor(n / 4294967296) | 0;
    this.h1 = Math.imul(this.h1 ^ lo, 0x01000193) ^ hi;
    this.h2 = Math.imul(this.h2 ^ (this.h2 >>> 15) ^ lo, 0x5bd1e995) + hi;
    return this;
  }

  hex64(): string {
    const codes = this.codes;
    for (let k = 0; k < 8; k++) {
      let w = mix32((this.h1 + Math.imul(k + 1, 0x9e3779b9)) ^ mix32(this.h2 + k));
      for (let j = 7; j >= 0; j--) {
        codes[k * 8 + j] = HEX_CODES[w & 15] ?? 48;
        w >>>= 4;
      }
    }
    return String.fromCharCode(...codes);
  }
}
