// Reconciliation of IMS records with the purchase register: scored, one-to-one, deterministic
// matching with reasons (issue 3; reconciliation-notes.md sections 1 and 6). Pure.
//
// PHASES. Each phase generates candidate pairs among what earlier phases left, scores them,
// sorts them (score desc, then summed absolute amount difference and |date difference| asc, an
// amendment before its original, record key, register ref) and takes them greedily: a pair is
// taken when neither side is taken yet (a candidate that competes with no other is taken without
// sorting, which gives the same result). Best pairs win; the result never depends on the input order.
//   0. Manual links (given): fixed first, manual=true, reason manualLink; outcome from the
//      comparison. A link naming an unknown record or ref is ignored; a side named by two links
//      keeps the first link in the given order.
//   1. Same supplier GSTIN, same fiscal year, number evidence: the record's number (or, for an
//      amendment, its original number, or the original's original when that amendment is in the
//      input too) equal to the book's number after trim+casefold or after full normalisation.
//      Blocked by GSTIN + number key: hash look-ups, no all-pairs; a bucket holding more than
//      BUCKET_CAP books documents is cut to the BUCKET_CAP nearest by date.
//  1b. Leftovers, same GSTIN and fiscal year: numbers equal only after look-alike mapping (O/0,
//      I/L/1), and only with amounts within tolerance and dates within the window: probable.
//   2. Same GSTIN, number evidence (folded or normalised) but another fiscal year, dates within
//      the window (31 March vs 1 April): mismatch, fiscalYearDiff. A separate, later phase, so a
//      same-year candidate always wins. Further apart, the same number in another year is
//      another document (series restart every April) and is not paired.
//   3. Same PAN, different GSTIN (leftovers only), number evidence, taxable value and total tax
//      within tolerance: probable (panLevel, gstinDiff) or mismatch (heads or date differ).
//  2b. Supplier GSTIN mistyped in the books (leftovers only): the books GSTIN is no GSTIN of any
//      portal record, fails its check character, and is one edit away from the record's GSTIN
//      (one character substituted, two adjacent ones transposed, or the state code changed);
//      number evidence, amounts within tolerance, dates within the window, same fiscal year:
//      probable with gstinTypo:<kind> (never exact). Runs before the PAN phase, so a valid
//      sibling GSTIN of the same PAN stays a PAN-level pair.
//   4. Amount-only (leftovers only): same GSTIN, same doc type, same fiscal year, dates within the
//      window, taxable and every head within the ABSOLUTE tolerance (the percentage is not used
//      here), and UNIQUE both ways: the record has exactly one such books document and that
//      document exactly one such record. Two same-amount invoices of a supplier are therefore
//      never paired on amounts. Outcome probable, reason amountOnly; it can never take a document
//      that has number evidence with anyone (phases 1-3 ran first).
// Cost: one normalisation per number, hash look-ups, sorting of contested candidates only:
// about 1.5 s for 100,000 records against 100,000 books documents.
//
// OUTSIDE IMS. Books documents that never enter IMS (reverse charge, imports, ISD credit,
// unregistered suppliers; RegisterDocument.outsideIms) are left out of automatic matching and end
// as notInIms with the kind as reason; only a manual link pairs them.
//
// PERIOD SHIFT. A pair with number evidence and amounts within tolerance whose dates are beyond
// the window but one or two calendar months apart (booked in the month after the IMS period,
// goods in transit, or before it) is probable with periodShift:+N (books month minus portal
// month), also across 31 March, rather than a mismatch on the date.
//
// DOC TYPES. Credit notes (b2bcn, b2bcna) match books credit notes only; debit notes (b2bdn,
// b2bdna) books debit notes or, scored lower and never exact (docTypeDiff), books invoices;
// invoices (b2b, b2ba, ecom, ecoma) books invoices only.
//
// OUTCOMES of a pair.
//   exact     own number equal after trim+casefold, same GSTIN and doc type, same date, every
//             amount within tolerance (taxable, IGST, CGST, SGST, cess; total tax when
//             totalTaxCheck), place of supply not different;
//   probable  any number evidence (or amount-only, or PAN level) with amounts within tolerance,
//             same fiscal year and dates within the window;
//   mismatch  number evidence but amounts, heads (headSwap) or date beyond tolerance, or another
//             fiscal year.
//
// SCORE (0-100). Number evidence sets a base: own number folded 60, normalised 55, look-alike 48,
// via original folded 55, via original normalised 52; PAN level -8, debit note vs invoice -5,
// place of supply differs -2. Agreement adds: amounts within tolerance +25 (otherwise taxable
// within +6 and total tax within +6); date: same +15, within the window 12 - floor(7|d|/window)
// (5..12), beyond the window but same fiscal year +2. An exact pair scores 100. Amount-only pairs
// score 25 + the date part (at most 40), below every pair with number evidence (at least 45).
//
// REASON VALUES. dateDiff:N = books date minus portal date in days (signed; for a pair via the
// original number, the portal's original date is used). Money diffs = books minus portal, in
// rupees with two decimals ("0.40", "-500.00"), listed whenever non-zero, also within tolerance.
//
// FILES (core/reconcile/). prepare: both sides turned into number keys, GSTIN, PAN, doc type;
// evaluate-pair: the comparison, outcome and score of one pair; reasons-of: its reason codes;
// gstin-typo: phase 2b's typo test; supplier-groups: groups of suppliers that can be matched
// one at a time; block-index and number-candidates: the blocked look-ups;
// engine-state and run-engine: the phases and the greedy one-to-one assignment; results-of: one
// result per record and document; describe-pair and explain-record: the explanations.
import type { MatchResult } from './register.js';
import type { ReconcileInput } from './reconcile/reconcile-input.js';
import { resultsOf } from './reconcile/results-of.js';
import { runEngine } from './reconcile/run-engine.js';

export type { PairLink, ReconcileInput } from './reconcile/reconcile-input.js';
export { BUCKET_CAP } from './reconcile/block-index.js';
export { docTypesCompatible, MAX_PERIOD_SHIFT } from './reconcile/evaluate-pair.js';
export { fiscalYearLabel } from './reconcile/prepare.js';
export { gstinTypo } from './reconcile/gstin-typo.js';
export type {
  SupplierGroups,
  SupplierGroupsInput,
  SuspectDocument,
} from './reconcile/supplier-groups.js';
export { mistypedGstins, portalGstinSet, supplierGroups } from './reconcile/supplier-groups.js';
export type { ExplainCandidate, ExplainTarget, Explanation } from './reconcile/explain-record.js';
export { explainRecord } from './reconcile/explain-record.js';

/**
 * Matches every portal record and every register document: each ends in exactly one result.
 * Order: one result per record in input order, then the unpaired register documents in input
 * order. Throws UsageError on a duplicate record key or register ref.
 */
export function reconcile(input: ReconcileInput): MatchResult[] {
  return resultsOf(runEngine(input));
}
