// Projected ITC effect of a set of decisions, per tax head, in integer paise
// (ims-formats.md sections 3, 5 and 6; architecture.md step 6).
import type { Action } from './actions.js';
import type { Paise } from './money.js';
import type { ItcReduction, PortalRecord, TaxHead } from './record.js';
import { TAX_HEADS, recordKey } from './record.js';
import { SECTIONS, SECTION_INFO } from './sections.js';
import type { Section } from './sections.js';

/** One record with the action (and declaration) to project: usually the local decision. */
export interface ItcSummaryItem {
  readonly record: PortalRecord;
  readonly action: Action;
  readonly itcReduction: ItcReduction | null;
}

/** Tax per head plus their total, all in paise, and the number of documents in the bucket. */
export interface ItcBucket {
  readonly count: number;
  readonly igst: Paise;
  readonly cgst: Paise;
  readonly sgst: Paise;
  readonly cess: Paise;
  readonly total: Paise;
}

export interface ItcBuckets {
  /** Invoices and debit notes (b2b, b2ba, b2bdn, b2bdna, ecom, ecoma) accepted or on No Action (deemed accepted). */
  readonly available: ItcBucket;
  /** Credit notes (b2bcn, b2bcna) accepted or on No Action: the ITC they take away. */
  readonly creditNoteReduction: ItcBucket;
  /** Invoices and debit notes rejected. */
  readonly rejected: ItcBucket;
  /** Credit notes rejected (the supplier's liability goes back up; no effect on the recipient). */
  readonly rejectedCreditNotes: ItcBucket;
  /** Invoices and debit notes pending: kept out of GSTR-2B for now. */
  readonly pending: ItcBucket;
  /** Credit notes pending. */
  readonly pendingCreditNotes: ItcBucket;
  /**
   * Invoices and debit notes whose supplier has saved but not filed the return: in no GSTR-2B
   * yet, whatever the action ("waiting for the supplier to file"). Never in available ITC.
   */
  readonly waitingForSupplier: ItcBucket;
  /** Credit notes whose supplier has not filed the return yet. */
  readonly waitingForSupplierCreditNotes: ItcBucket;
  /**
   * Amendments accepted or on No Action whose original is not in the workspace: their difference
   * cannot be computed, so they are kept out of available ITC. Signed effect on ITC (credit-note
   * amendments negative).
   */
  readonly amendmentsOriginalUnknown: ItcBucket;
  /**
   * available - creditNoteReduction per head; may be negative. Its count is the number of
   * documents behind it (available.count + creditNoteReduction.count).
   */
  readonly netAvailable: ItcBucket;
}

export interface ItcSectionCount {
  readonly count: number;
  readonly byAction: Readonly<Record<Action, number>>;
}

/** How an accepted (or deemed accepted) amendment was counted. */
export interface AmendmentCount {
  readonly key: string;
  /** The original's key (whether or not the workspace holds it). */
  readonly originalKey: string;
  /**
   * difference: amended - original (original counted in its own 2B); full: the original never
   * gave ITC (rejected, pending or not filed), so the amended value counts; declared: a credit-note
   * amendment's partial or nil declaration; unknownOriginal: kept apart.
   */
  readonly basis: 'difference' | 'full' | 'declared' | 'unknownOriginal';
  /** Signed effect on ITC per head, paise (a credit-note amendment reduces ITC: negative). */
  readonly igst: Paise;
  readonly cgst: Paise;
  readonly sgst: Paise;
  readonly cess: Paise;
}

export interface ItcSummary extends ItcBuckets {
  /** How each amendment among the items was counted, in input order. */
  readonly amendments: readonly AmendmentCount[];
  /** Number of items summarised. */
  readonly count: number;
  readonly byAction: Readonly<Record<Action, number>>;
  /** Every section is present, with zeros when it has no records. */
  readonly bySection: Readonly<Record<Section, ItcSectionCount>>;
}

export interface SupplierItcSummary extends ItcBuckets {
  readonly supplierGstin: string;
  /** The first non-null name seen among the supplier's records, in input order. */
  readonly supplierName: string | null;
  readonly count: number;
  readonly byAction: Readonly<Record<Action, number>>;
}

interface MutableBucket {
  count: number;
  igst: number;
  cgst: number;
  sgst: number;
  cess: number;
}

type BucketName = Exclude<keyof ItcBuckets, 'netAvailable'>;

/** What an original looks like to the summary: its description and the action it holds. */
export interface KnownRecord {
  readonly record: PortalRecord;
  readonly action: Action;
}

export interface ItcSummaryOptions {
  /**
   * Records by key the amendments' originals are looked up in; include records no longer in the
   * download (an original leaves IMS once its 3B is filed). Default: the items themselves.
   */
  readonly known?: ReadonlyMap<string, KnownRecord>;
}

type Heads = Readonly<Record<TaxHead, number>>;

const ZERO_HEADS: Heads = { igst: 0, cgst: 0, sgst: 0, cess: 0 };

class Accumulator {
  readonly buckets: Record<BucketName, MutableBucket> = {
    available: emptyBucket(),
    creditNoteReduction: emptyBucket(),
    rejected: emptyBucket(),
    rejectedCreditNotes: emptyBucket(),
    pending: emptyBucket(),
    pendingCreditNotes: emptyBucket(),
    waitingForSupplier: emptyBucket(),
    waitingForSupplierCreditNotes: emptyBucket(),
    amendmentsOriginalUnknown: emptyBucket(),
  };
  readonly byAction: Record<Action, number> = zeroByAction();
  readonly amendments: AmendmentCount[] = [];
  count = 0;

  constructor(private readonly known: ReadonlyMap<string, KnownRecord>) {}

  add(item: ItcSummaryItem): void {
    this.count++;
    this.byAction[item.action]++;
    const { name, heads, amendment } = classify(item, this.known);
    const b = this.buckets[name];
    b.count++;
    for (const h of TAX_HEADS) b[h] += heads[h];
    if (amendment) this.amendments.push(amendment);
  }

  result(): ItcBuckets & { count: number; byAction: Record<Action, number> } {
    const frozen = {
      available: freeze(this.buckets.available),
      creditNoteReduction: freeze(this.buckets.creditNoteReduction),
      rejected: freeze(this.buckets.rejected),
      rejectedCreditNotes: freeze(this.buckets.rejectedCreditNotes),
      pending: freeze(this.buckets.pending),
      pendingCreditNotes: freeze(this.buckets.pendingCreditNotes),
      waitingForSupplier: freeze(this.buckets.waitingForSupplier),
      waitingForSupplierCreditNotes: freeze(this.buckets.waitingForSupplierCreditNotes),
      amendmentsOriginalUnknown: freeze(this.buckets.amendmentsOriginalUnknown),
    };
    const a = this.buckets.available;
    const c = this.buckets.creditNoteReduction;
    const net = freeze({
      count: a.count + c.count,
      igst: a.igst - c.igst,
      cgst: a.cgst - c.cgst,
      sgst: a.sgst - c.sgst,
      cess: a.cess - c.cess,
    });
    return { ...frozen, netAvailable: net, count: this.count, byAction: { ...this.byAction } };
  }
}

function emptyBucket(): MutableBucket {
  return { count: 0, igst: 0, cgst: 0, sgst: 0, cess: 0 };
}

function zeroByAction(): Record<Action, number> {
  return { accept: 0, reject: 0, pending: 0, noAction: 0 };
}

function freeze(b: MutableBucket): ItcBucket {
  for (const h of TAX_HEADS) {
    if (!Number.isSafeInteger(b[h]))
      throw new RangeError(`ITC summary: ${h} total ${b[h]} is not a whole number of paise`);
  }
  return {
    count: b.count,
    igst: b.igst as Paise,
    cgst: b.cgst as Paise,
    sgst: b.sgst as Paise,
    cess: b.cess as Paise,
    total: (b.igst + b.cgst + b.sgst + b.cess) as Paise,
  };
}

/** The key the original of an amendment has (or would have) in the workspace; null for originals. */
export function originalKeyOf(record: PortalRecord): string | null {
  const of = SECTION_INFO[record.section].amendmentOf;
  if (of === null || record.originalDocNumber === null || record.originalDocDate === null)
    return null;
  return recordKey(of, record.supplierGstin, record.originalDocNumber, record.originalDocDate);
}

interface Classified {
  readonly name: BucketName;
  readonly heads: Heads;
  readonly amendment?: AmendmentCount;
}

/**
 * Which bucket a record lands in and with what tax (what the portal's 2B counts):
 * - a record whose supplier has not filed is in no 2B: kept apart, whatever the action;
 * - an accepted (or deemed accepted) amendment counts as its difference from the original, the
 *   original being counted in its own 2B; the full amended value when the original never gave
 *   ITC (rejected, pending or not filed: FAQ of 19 Jun 2025); kept apart when the original is
 *   not known, as the difference cannot be computed. So the original and its amendment are never
 *   both counted in full;
 * - declarations apply to credit notes and credit-note amendments only: partial -> the declared
 *   amounts as given (validateDecision checks them), none -> zero, full or none given -> the
 *   note's tax (its difference, for an amendment). A declaration on an invoice or debit-note
 *   amendment concerns ITC availed in an earlier 3B, which this projection does not model; one
 *   on No Action is ignored (the note is deemed accepted in full).
 */
function classify(item: ItcSummaryItem, known: ReadonlyMap<string, KnownRecord>): Classified {
  const { record, action, itcReduction } = item;
  const isCreditNote = SECTION_INFO[record.section].docType === 'creditNote';
  const tax: Heads = record.amounts;
  if (record.supplierFiled === false)
    return {
      name: isCreditNote ? 'waitingForSupplierCreditNotes' : 'waitingForSupplier',
      heads: tax,
    };
  switch (action) {
    case 'reject':
      return { name: isCreditNote ? 'rejectedCreditNotes' : 'rejected', heads: tax };
    case 'pending':
      return { name: isCreditNote ? 'pendingCreditNotes' : 'pending', heads: tax };
    case 'noAction':
    case 'accept': {
      const name: BucketName = isCreditNote ? 'creditNoteReduction' : 'available';
      const declared =
        action === 'accept' &&
        isCreditNote &&
        itcReduction !== null &&
        itcReduction.kind !== 'full';
      const declaredHeads: Heads = itcReduction?.kind === 'partial' ? itcReduction : ZERO_HEADS;
      const originalKey = originalKeyOf(record);
      if (originalKey === null) return { name, heads: declared ? declaredHeads : tax };
      const sign = isCreditNote ? -1 : 1;
      const counted = (
        basis: AmendmentCount['basis'],
        heads: Heads,
        bucket: BucketName,
      ): Classified => ({
        name: bucket,
        heads,
        amendment: {
          key: record.key,
          originalKey,
          basis,
          ...signed(heads, bucket === 'amendmentsOriginalUnknown' ? 1 : sign),
        },
      });
      if (declared) return counted('declared', declaredHeads, name);
      const original = known.get(originalKey);
      if (original === undefined)
        return counted('unknownOriginal', signed(tax, sign), 'amendmentsOriginalUnknown');
      const originalGaveItc =
        original.record.supplierFiled !== false &&
        (original.action === 'accept' || original.action === 'noAction');
      if (!originalGaveItc) return counted('full', tax, name);
      return counted('difference', difference(tax, original.record.amounts), name);
    }
  }
}

function signed(h: Heads, sign: number): { igst: Paise; cgst: Paise; sgst: Paise; cess: Paise } {
  return {
    igst: (h.igst * sign) as Paise,
    cgst: (h.cgst * sign) as Paise,
    sgst: (h.sgst * sign) as Paise,
    cess: (h.cess * sign) as Paise,
  };
}

function difference(a: Heads, b: Heads): Heads {
  return {
    igst: a.igst - b.igst,
    cgst: a.cgst - b.cgst,
    sgst: a.sgst - b.sgst,
    cess: a.cess - b.cess,
  };
}

function knownFromItems(items: readonly ItcSummaryItem[]): Map<string, KnownRecord> {
  return new Map(items.map((i) => [i.record.key, { record: i.record, action: i.action }]));
}

/** Projected ITC totals for the given records and actions. Integer paise throughout. */
export function itcSummary(
  items: readonly ItcSummaryItem[],
  options: ItcSummaryOptions = {},
): ItcSummary {
  const acc = new Accumulator(options.known ?? knownFromItems(items));
  const bySection = {} as Record<Section, { count: number; byAction: Record<Action, number> }>;
  for (const s of SECTIONS) bySection[s] = { count: 0, byAction: zeroByAction() };
  for (const item of items) {
    acc.add(item);
    const s = bySection[item.record.section];
    s.count++;
    s.byAction[item.action]++;
  }
  return { ...acc.result(), amendments: acc.amendments, bySection };
}

/** The same buckets per supplier GSTIN, sorted by GSTIN (plain code-unit order). */
export function itcSummaryBySupplier(
  items: readonly ItcSummaryItem[],
  options: ItcSummaryOptions = {},
): SupplierItcSummary[] {
  const known = options.known ?? knownFromItems(items);
  const groups = new Map<string, { name: string | null; acc: Accumulator }>();
  for (const item of items) {
    const gstin = item.record.supplierGstin;
    let g = groups.get(gstin);
    if (!g) {
      g = { name: null, acc: new Accumulator(known) };
      groups.set(gstin, g);
    }
    if (g.name === null && item.record.supplierName !== null) g.name = item.record.supplierName;
    g.acc.add(item);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([gstin, g]) => ({ supplierGstin: gstin, supplierName: g.name, ...g.acc.result() }));
}
