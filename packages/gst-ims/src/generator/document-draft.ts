// A generated document before it is written out: amounts in integer paise, drawn from skewed
// distributions, and the tax on them.
import type { Rng } from './rng.js';
import type { SupplierModel } from './supplier-models.js';
import { Weighted } from './weighted.js';

/** Relative weights of the leading digit 1-9 (Benford), times 1000. */
const BENFORD = new Weighted([301, 176, 125, 97, 79, 67, 58, 51, 46]);
const DECADES: readonly Weighted[] = [
  new Weighted([25, 45, 25, 5, 0]), // small tickets
  new Weighted([5, 25, 45, 22, 3]), // medium
  new Weighted([0, 8, 32, 45, 15]), // large
];
const POW10: readonly number[] = [100, 1000, 10000, 100000, 1000000];
export const MIN_TAXABLE_PAISE = 30000; // Rs 300
const MAX_TAXABLE_PAISE = 750000000; // Rs 75 lakh

function taxablePaise(rng: Rng, sizeClass: number, shift: number): number {
  const decades = DECADES[Math.max(0, Math.min(2, sizeClass))] ?? DECADES[1];
  const e = Math.max(0, (decades ? decades.pick(rng) : 2) - shift);
  let lead = BENFORD.pick(rng) + 1;
  if (e === 4 && lead > 4) lead -= 4; // at most about 50 lakh
  const unit = POW10[e] ?? 100;
  let rupees = Math.floor((lead + rng.float()) * unit);
  const r = rng.float();
  if (r < 0.12 && rupees >= 1000) rupees = Math.round(rupees / 100) * 100; // round figures
  let p = rupees * 100;
  if (r >= 0.12 && r < 0.6) p += rng.int(100); // paise on about half the documents
  return Math.min(MAX_TAXABLE_PAISE, Math.max(MIN_TAXABLE_PAISE + rng.int(100) * 100, p));
}

/** Rounds a / b half up, for non-negative integers. */
function divRound(a: number, b: number): number {
  return Math.floor((2 * a + b) / (2 * b));
}

/** The GST 2.0 slabs (from 22 September 2025), in basis points. */
export const RATES_BP: readonly number[] = [500, 1800, 4000];
const RATE_MIX = new Weighted([30, 62, 8]);

// ---------------------------------------------------------------------------------------------
// Drafts: one per record before it is written out. A class keeps one shape for all of them.

export class Draft {
  num = '';
  txval = 0;
  igst = 0;
  cgst = 0;
  sgst = 0;
  cess = 0;
  /** Main rate, kept so an amendment can reuse its original's rate. */
  rateBp = 0;
  cessBp = 0;
  onum: string | null = null;
  oday = 0;

  constructor(
    readonly sup: number,
    public day: number,
  ) {}

  addTax(txval: number, rateBp: number, cessBp: number, intra: boolean): void {
    if (intra) {
      const half = divRound(txval * rateBp, 20000);
      this.cgst += half;
      this.sgst += half;
    } else {
      this.igst += divRound(txval * rateBp, 10000);
    }
    if (cessBp > 0) this.cess += divRound(txval * cessBp, 10000);
  }
}

/** A draft's taxable value and tax at the supplier's usual rate, now and then at two rates. */
export function fillAmounts(
  rng: Rng,
  s: SupplierModel,
  d: Draft,
  shift: number,
  mixed: boolean,
): void {
  const rateBp = rng.chance(0.8) ? s.rateBp : (RATES_BP[RATE_MIX.pick(rng)] ?? 1800);
  const cessBp = rateBp === 4000 && s.cessBp > 0 ? s.cessBp : 0;
  const txval = taxablePaise(rng, s.sizeClass, shift);
  d.txval = txval;
  d.rateBp = rateBp;
  d.cessBp = cessBp;
  if (mixed && txval >= 200000 && rng.chance(0.12)) {
    // A two-rate invoice: the IMS record carries only the totals.
    const part = Math.floor((txval * (55 + rng.int(40))) / 100);
    let rate2 = RATES_BP[rng.int(RATES_BP.length)] ?? 500;
    if (rate2 === rateBp) rate2 = rateBp === 1800 ? 500 : 1800;
    d.addTax(part, rateBp, cessBp, s.intra);
    d.addTax(txval - part, rate2, 0, s.intra);
  } else {
    d.addTax(txval, rateBp, cessBp, s.intra);
  }
}

/** Stable order by supplier, then date (a numeric key sort: fast for 100,000 records). */
export function sortBySupplierAndDay(list: Draft[]): Draft[] {
  let slots = 1;
  while (slots <= list.length) slots *= 2;
  const keys = new Float64Array(list.length);
  list.forEach((d, i) => {
    keys[i] = (d.sup * 512 + d.day) * slots + i;
  });
  keys.sort();
  return Array.from(keys, (k) => list[k % slots] as Draft);
}
