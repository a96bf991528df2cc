// Document numbers as suppliers write them: one series per supplier and base section (an
// amendment numbers from its original's series), with gaps where other customers' documents
// fall in between.
import type { Section } from '../core/sections.js';
import type { DocumentCalendar, Month } from './document-calendar.js';
import type { Rng } from './rng.js';
import type { SupplierModel } from './supplier-models.js';

export class DocumentNumbers {
  /** Next sequence number per base section and supplier. */
  readonly #seqs = new Map<Section, Int32Array>();

  constructor(
    private readonly rng: Rng,
    private readonly suppliers: readonly SupplierModel[],
    private readonly calendar: DocumentCalendar,
  ) {}

  next(base: Section, sup: number, day: number): string {
    const s = this.suppliers[sup];
    if (!s) throw new RangeError(`no supplier ${sup}`);
    let counter = this.#seqs.get(base);
    if (!counter) {
      counter = Int32Array.from(this.suppliers, (x) => x.firstSeq);
      this.#seqs.set(base, counter);
    }
    const q = counter[sup] ?? 1;
    // Other customers' documents fall in between; fewer gaps for suppliers with many documents here.
    const gapMax = Math.max(1, Math.min(12, Math.floor(80000 / Math.max(1, s.recordCount))));
    counter[sup] = q + 1 + (gapMax > 1 ? this.rng.int(gapMax) : 0);
    const fy = (this.calendar.months[this.calendar.monthOf(day)] as Month).fy;
    const text =
      base === 'b2bcn' || base === 'b2bdn'
        ? s.noteStyle(s, base === 'b2bcn' ? 'C' : 'D', q, fy)
        : s.invoiceStyle(s, q, fy);
    return text.length <= 16 ? text : `${s.initials}${q}`.slice(-16);
  }
}
