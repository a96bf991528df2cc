// Projected ITC effect of a set of decisions, per tax head, in integer paise
// (ims-formats.md sections 3, 5 and 6; architecture.md step 6).
import type { Action } from './actions.js';
import type { Paise } from './money.js';
import type { ItcReduction, PortalRecord, TaxHead } from './record.js';
import { TAX_HEADS } from './record.js';
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
   * available - creditNoteReduction per head; may be negative. Its count is the number of
   * documents behind it (available.count + creditNoteReduction.count).
   */
  readonly netAvailable: ItcBucket;
}

export interface ItcSectionCount {
  readonly count: number;
  readonly byAction: Readonly<Record<Action, number>>;
}

export interface ItcSummary extends ItcBuckets {
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
  };
  readonly byAction: Record<Action, number> = zeroByAction();
  count = 0;

  add(item: ItcSummaryItem): void {
    this.count++;
    this.byAction[item.action]++;
    const { name, heads } = classify(item);
    const b = this.buckets[name];
    b.count++;
    for (const h of TAX_HEADS) b[h] += heads[h];
  }

  result(): ItcBuckets & { count: number; byAction: Record<Action, number> } {
    const frozen = {
      available: freeze(this.buckets.available),
      creditNoteReduction: freeze(this.buckets.creditNoteReduction),
      rejected: freeze(this.buckets.rejected),
      rejectedCreditNotes: freeze(this.buckets.rejectedCreditNotes),
      pending: freeze(this.buckets.pending),
      pendingCreditNotes: freeze(this.buckets.pendingCreditNotes),
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

/**
 * Which bucket a record lands in and with what tax.
 *
 * Amendment simplification: every record, original or amendment, is counted at its own values.
 * An amendment (b2ba, b2bdna, b2bcna, ecoma) is not netted against its original: GSTR-2B carries
 * the amended document in full (FAQ of 19 Jun 2025: accepting a re-reported document gives the
 * full amended value), and the original, once amended, normally leaves IMS. If a data set holds
 * both an original and its amendment, both are counted, so callers that keep superseded
 * originals should leave them out. An ITC-reduction declaration on an accepted invoice or
 * debit-note amendment (b2ba, b2bdna, ecoma) does not change `available` here: it concerns ITC
 * already availed in an earlier 3B, which this projection does not model. Declarations are
 * applied to credit notes and credit-note amendments only: partial -> the declared amounts as
 * given (validateDecision checks them), none -> zero, full or no declaration -> the note's tax.
 * A declaration on No Action is ignored (a reset carries none; the note is deemed accepted in full).
 */
function classify(item: ItcSummaryItem): { name: BucketName; heads: Heads } {
  const { record, action, itcReduction } = item;
  const isCreditNote = SECTION_INFO[record.section].docType === 'creditNote';
  const tax: Heads = record.amounts;
  switch (action) {
    case 'reject':
      return { name: isCreditNote ? 'rejectedCreditNotes' : 'rejected', heads: tax };
    case 'pending':
      return { name: isCreditNote ? 'pendingCreditNotes' : 'pending', heads: tax };
    case 'noAction':
      return { name: isCreditNote ? 'creditNoteReduction' : 'available', heads: tax };
    case 'accept': {
      if (!isCreditNote) return { name: 'available', heads: tax };
      if (itcReduction === null || itcReduction.kind === 'full')
        return { name: 'creditNoteReduction', heads: tax };
      if (itcReduction.kind === 'none') return { name: 'creditNoteReduction', heads: ZERO_HEADS };
      return { name: 'creditNoteReduction', heads: itcReduction };
    }
  }
}

/** Projected ITC totals for the given records and actions. Integer paise throughout. */
export function itcSummary(items: readonly ItcSummaryItem[]): ItcSummary {
  const acc = new Accumulator();
  const bySection = {} as Record<Section, { count: number; byAction: Record<Action, number> }>;
  for (const s of SECTIONS) bySection[s] = { count: 0, byAction: zeroByAction() };
  for (const item of items) {
    acc.add(item);
    const s = bySection[item.record.section];
    s.count++;
    s.byAction[item.action]++;
  }
  return { ...acc.result(), bySection };
}

/** The same buckets per supplier GSTIN, sorted by GSTIN (plain code-unit order). */
export function itcSummaryBySupplier(items: readonly ItcSummaryItem[]): SupplierItcSummary[] {
  const groups = new Map<string, { name: string | null; acc: Accumulator }>();
  for (const item of items) {
    const gstin = item.record.supplierGstin;
    let g = groups.get(gstin);
    if (!g) {
      g = { name: null, acc: new Accumulator() };
      groups.set(gstin, g);
    }
    if (g.name === null && item.record.supplierName !== null) g.name = item.record.supplierName;
    g.acc.add(item);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([gstin, g]) => ({ supplierGstin: gstin, supplierName: g.name, ...g.acc.result() }));
}
