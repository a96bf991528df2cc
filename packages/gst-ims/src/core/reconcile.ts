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
import { dayNumber } from './dates.js';
import { UsageError } from './errors.js';
import { checkGstin, normaliseGstin, panOf } from './gstin.js';
import type { Paise } from './money.js';
import { formatRupees } from './money.js';
import {
  confusableFromNormalised,
  foldDocNumber,
  normaliseDocNumber,
} from './normalise-doc-number.js';
import type { Amounts, PortalRecord } from './record.js';
import type {
  MatchOutcome,
  MatchReason,
  MatchResult,
  OutsideIms,
  RegisterDocument,
  Tolerances,
} from './register.js';
import type { DocType } from './sections.js';
import { SECTION_INFO } from './sections.js';

export interface PairLink {
  readonly recordKey: string;
  readonly registerRef: string;
}

export interface ReconcileInput {
  readonly records: readonly PortalRecord[];
  readonly documents: readonly RegisterDocument[];
  readonly tolerances: Tolerances;
  /** Pairs a person linked: fixed before any automatic matching. */
  readonly manualLinks?: readonly PairLink[] | undefined;
  /**
   * Register refs left out of automatic matching (e.g. marked not applicable). They still get a
   * result (missingInPortal with reason `excluded`) unless a manual link names them.
   */
  readonly excludedRefs?: readonly string[] | undefined;
  /** Pairs a person unlinked: never paired automatically again. */
  readonly unlinkedPairs?: readonly PairLink[] | undefined;
}

/** Largest books bucket (one GSTIN + number key) paired in full; bigger ones keep the nearest by date. */
export const BUCKET_CAP = 32;

// ---------------------------------------------------------------------------------------------
// Prepared sides.

interface NumKey {
  readonly text: string;
  readonly folded: string;
  readonly norm: string;
  /** The look-alike key, computed on first use (only leftovers need it). */
  conf: string | null;
  readonly day: number;
  readonly fy: number;
  /** Calendar month index: year * 12 + month - 1. */
  readonly month: number;
}

function confOf(k: NumKey): string {
  if (k.conf === null) k.conf = confusableFromNormalised(k.norm);
  return k.conf;
}

interface Rec {
  readonly i: number;
  readonly key: string;
  readonly gstin: string;
  readonly pan: string;
  readonly type: DocType;
  /** An amendment section (b2ba, b2bdna, b2bcna, ecoma). */
  readonly amendment: boolean;
  readonly own: NumKey;
  /** Original numbers of an amendment, nearest first (original, then the original's original). */
  ancestors: NumKey[];
  readonly a: Amounts;
  readonly pos: string | null;
  readonly src: PortalRecord;
}

interface Doc {
  readonly j: number;
  readonly ref: string;
  readonly gstin: string;
  readonly pan: string;
  readonly type: DocType;
  readonly own: NumKey;
  readonly a: Amounts;
  readonly pos: string | null;
  readonly outside: OutsideIms | null;
  readonly src: RegisterDocument;
}

type Evidence =
  | 'numberExact'
  | 'numberNormalised'
  | 'numberConfusable'
  | 'originalExact'
  | 'originalNormalised'
  | 'originalConfusable'
  | 'amountOnly'
  | 'none';

type Level = 'gstin' | 'pan';

type DiffField = 'taxable' | 'igst' | 'cgst' | 'sgst' | 'cess' | 'totalTax';
const DIFF_FIELDS: readonly DiffField[] = ['taxable', 'igst', 'cgst', 'sgst', 'cess', 'totalTax'];
const BIT: Readonly<Record<DiffField, number>> = {
  taxable: 1,
  igst: 2,
  cgst: 4,
  sgst: 8,
  cess: 16,
  totalTax: 32,
};

/** The full comparison of one (record, document) pair; also the candidate the phases sort. */
interface PairEvaluation {
  readonly r: number;
  readonly d: number;
  readonly evidence: Evidence;
  readonly level: Level;
  readonly outcome: Exclude<MatchOutcome, 'missingInRegister' | 'missingInPortal' | 'notInIms'>;
  readonly score: number;
  /** Books minus portal, days. */
  readonly dateDiff: number;
  readonly sameFy: boolean;
  readonly withinWindow: boolean;
  readonly amountsOk: boolean;
  readonly taxableOk: boolean;
  readonly totalTaxOk: boolean;
  readonly headSwap: boolean;
  readonly docTypeDiff: boolean;
  readonly posDiff: boolean;
  /** Books minus portal, paise. */
  readonly taxable: number;
  readonly igst: number;
  readonly cgst: number;
  readonly sgst: number;
  readonly cess: number;
  readonly totalTax: number;
  /** Bits (BIT) of the fields beyond tolerance. */
  readonly over: number;
  readonly absSum: number;
  /** The portal number key the books number was compared with (own or original). */
  readonly compared: NumKey;
  readonly booksFy: number;
  /** Books month minus portal month when the dates are beyond the window (0 otherwise). */
  readonly periodShift: number;
  /** How the books GSTIN is mistyped (phase 2b, or a manual link of such a pair); null otherwise. */
  readonly typo: string | null;
}

type Cand = PairEvaluation;

interface Pair {
  readonly e: PairEvaluation;
  readonly manual: boolean;
  readonly phase: number;
}

function fyStart(date: string): number {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  return m >= 4 ? y : y - 1;
}

export function fiscalYearLabel(start: number): string {
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

function numKey(text: string, date: RegisterDocument['docDate']): NumKey {
  return {
    text,
    folded: foldDocNumber(text),
    norm: normaliseDocNumber(text, date),
    conf: null,
    day: dayNumber(date),
    fy: fyStart(date),
    month: Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1,
  };
}

function posCode(p: string | null): string | null {
  if (p === null) return null;
  const m = /^\s*(\d{2})/.exec(p);
  return m ? (m[1] ?? null) : null;
}

export function docTypesCompatible(portal: DocType, books: DocType): boolean {
  if (portal === 'creditNote') return books === 'creditNote';
  if (portal === 'debitNote') return books === 'debitNote' || books === 'invoice';
  return books === 'invoice';
}

const DOC_TYPE_LABEL: Readonly<Record<DocType, string>> = {
  invoice: 'invoice',
  debitNote: 'debit note',
  creditNote: 'credit note',
};

function prepare(input: ReconcileInput): {
  recs: Rec[];
  docs: Doc[];
  recByKey: Map<string, number>;
  docByRef: Map<string, number>;
} {
  // Record key -> index and ref -> index: the duplicate checks and the engine's look-ups in one.
  const recByKey = new Map<string, number>();
  const recs: Rec[] = input.records.map((r, i) => {
    if (recByKey.has(r.key)) throw new UsageError(`reconcile: record key "${r.key}" appears twice`);
    recByKey.set(r.key, i);
    const own = numKey(r.docNumber, r.docDate);
    const ancestors: NumKey[] = [];
    if (r.originalDocNumber !== null && r.originalDocNumber.trim() !== '') {
      ancestors.push(numKey(r.originalDocNumber, r.originalDocDate ?? r.docDate));
    }
    const gstin = normaliseGstin(r.supplierGstin);
    return {
      i,
      key: r.key,
      gstin,
      pan: panOf(gstin),
      type: SECTION_INFO[r.section].docType,
      amendment: SECTION_INFO[r.section].amendmentOf !== null,
      own,
      ancestors,
      a: r.amounts,
      pos: posCode(r.pos),
      src: r,
    };
  });
  const docByRef = new Map<string, number>();
  const docs: Doc[] = input.documents.map((d, j) => {
    if (docByRef.has(d.ref))
      throw new UsageError(`reconcile: register ref "${d.ref}" appears twice`);
    docByRef.set(d.ref, j);
    const gstin = normaliseGstin(d.supplierGstin);
    return {
      j,
      ref: d.ref,
      gstin,
      pan: panOf(gstin),
      type: d.docType,
      own: numKey(d.docNumber, d.docDate),
      a: d.amounts,
      pos: posCode(d.pos),
      outside: d.outsideIms ?? null,
      src: d,
    };
  });
  followAmendmentChains(recs);
  return { recs, docs, recByKey, docByRef };
}

/** Adds the original's original (and so on) when those amendments are in the input too. */
function followAmendmentChains(recs: Rec[]): void {
  const byNumber = new Map<string, Rec[]>();
  for (const r of recs) {
    if (r.ancestors.length === 0) continue;
    const k = `${r.gstin}\u0000${r.type}\u0000${r.own.folded}`;
    const l = byNumber.get(k);
    if (l) l.push(r);
    else byNumber.set(k, [r]);
  }
  if (byNumber.size === 0) return;
  for (const r of recs) {
    if (r.ancestors.length === 0) continue;
    const seen = new Set<string>([r.own.folded, ...r.ancestors.map((a) => a.folded)]);
    const queue = [...r.ancestors];
    for (let depth = 0; depth < 8 && queue.length > 0; depth++) {
      const next: NumKey[] = [];
      for (const anc of queue) {
        const parents = byNumber.get(`${r.gstin}\u0000${r.type}\u0000${anc.folded}`) ?? [];
        for (const p of parents) {
          for (const pa of p.ancestors.slice(0, 1)) {
            if (seen.has(pa.folded)) continue;
            seen.add(pa.folded);
            r.ancestors.push(pa);
            next.push(pa);
          }
        }
      }
      queue.length = 0;
      queue.push(...next);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Comparison.

function allowance(t: Tolerances, x: number, y: number, absOnly: boolean): number {
  if (absOnly || t.percent === null) return t.amountPaise;
  return t.amountPaise + Math.floor((t.percent * Math.max(Math.abs(x), Math.abs(y))) / 100);
}

const BASE: Readonly<Record<Evidence, number>> = {
  numberExact: 60,
  numberNormalised: 55,
  numberConfusable: 48,
  originalExact: 55,
  originalNormalised: 52,
  originalConfusable: 46,
  amountOnly: 0,
  none: 40,
};

function datePart(
  dateDiff: number,
  withinWindow: boolean,
  sameFy: boolean,
  window: number,
): number {
  if (dateDiff === 0) return 15;
  if (withinWindow) return 12 - Math.floor((7 * Math.abs(dateDiff)) / Math.max(1, window));
  return sameFy ? 2 : 0;
}

/**
 * Compares one record with one books document. `compared` is the portal number key used (the
 * record's own, or an original's, whose date the dates are compared with).
 */
function evaluatePair(
  rec: Rec,
  doc: Doc,
  evidence: Evidence,
  compared: NumKey,
  t: Tolerances,
  manual = false,
): PairEvaluation {
  const absOnly = evidence === 'amountOnly';
  const ra = rec.a;
  const da = doc.a;
  const taxable = da.taxable - ra.taxable;
  const igst = da.igst - ra.igst;
  const cgst = da.cgst - ra.cgst;
  const sgst = da.sgst - ra.sgst;
  const cess = da.cess - ra.cess;
  const rTax = ra.igst + ra.cgst + ra.sgst + ra.cess;
  const dTax = da.igst + da.cgst + da.sgst + da.cess;
  const totalTax = dTax - rTax;
  let over = 0;
  if (Math.abs(taxable) > allowance(t, ra.taxable, da.taxable, absOnly)) over |= BIT.taxable;
  if (Math.abs(igst) > allowance(t, ra.igst, da.igst, absOnly)) over |= BIT.igst;
  if (Math.abs(cgst) > allowance(t, ra.cgst, da.cgst, absOnly)) over |= BIT.cgst;
  if (Math.abs(sgst) > allowance(t, ra.sgst, da.sgst, absOnly)) over |= BIT.sgst;
  if (Math.abs(cess) > allowance(t, ra.cess, da.cess, absOnly)) over |= BIT.cess;
  const headsOk = (over & (BIT.igst | BIT.cgst | BIT.sgst | BIT.cess)) === 0;
  const totalTaxOk = Math.abs(totalTax) <= allowance(t, rTax, dTax, absOnly);
  if (!totalTaxOk && t.totalTaxCheck) over |= BIT.totalTax;
  const taxableOk = (over & BIT.taxable) === 0;
  const headSwap =
    !headsOk &&
    totalTaxOk &&
    ((ra.igst > 0 && da.igst === 0 && da.cgst + da.sgst > 0) ||
      (ra.igst === 0 && ra.cgst + ra.sgst > 0 && da.igst > 0 && da.cgst + da.sgst === 0));
  const amountsOk = over === 0;
  const absSum =
    Math.abs(taxable) + Math.abs(igst) + Math.abs(cgst) + Math.abs(sgst) + Math.abs(cess);
  const dateDiff = doc.own.day - compared.day;
  const sameFy = doc.own.fy === compared.fy;
  const withinWindow = Math.abs(dateDiff) <= t.dateWindowDays;
  const level: Level = rec.gstin === doc.gstin ? 'gstin' : 'pan';
  const docTypeDiff = rec.type !== doc.type;
  const posDiff = rec.pos !== null && doc.pos !== null && rec.pos !== doc.pos;
  const monthShift = doc.own.month - compared.month;
  const periodShift =
    !withinWindow && !absOnly && monthShift !== 0 && Math.abs(monthShift) <= MAX_PERIOD_SHIFT
      ? monthShift
      : 0;

  let outcome: PairEvaluation['outcome'];
  if (
    evidence === 'numberExact' &&
    level === 'gstin' &&
    !docTypeDiff &&
    !posDiff &&
    dateDiff === 0 &&
    amountsOk &&
    sameFy
  ) {
    outcome = 'exact';
  } else if (amountsOk && ((withinWindow && sameFy) || periodShift !== 0)) {
    outcome = 'probable';
  } else {
    outcome = 'mismatch';
  }
  if (manual && outcome === 'exact' && evidence !== 'numberExact') outcome = 'probable';

  let score: number;
  if (evidence === 'amountOnly') {
    score = 25 + datePart(dateDiff, withinWindow, sameFy, t.dateWindowDays);
  } else {
    score = BASE[evidence];
    if (level === 'pan') score -= 8;
    if (docTypeDiff) score -= 5;
    if (posDiff) score -= 2;
    score += amountsOk ? 25 : (taxableOk ? 6 : 0) + (totalTaxOk ? 6 : 0);
    score += datePart(dateDiff, withinWindow, sameFy, t.dateWindowDays);
    if (periodShift !== 0 && amountsOk) score += 3;
  }
  score = Math.max(0, Math.min(100, score));
  return {
    r: rec.i,
    d: doc.j,
    evidence,
    level,
    outcome,
    score,
    dateDiff,
    sameFy,
    withinWindow,
    amountsOk,
    taxableOk,
    totalTaxOk,
    headSwap,
    docTypeDiff,
    posDiff,
    taxable,
    igst,
    cgst,
    sgst,
    cess,
    totalTax,
    over,
    absSum,
    compared,
    booksFy: doc.own.fy,
    periodShift,
    typo: null,
  };
}

/** Months apart a pair beyond the date window may be and still be one document booked in another period. */
export const MAX_PERIOD_SHIFT = 2;

/**
 * How `books` is a mistyped `portal` GSTIN: `stateCode` (only the first two characters differ),
 * `transposition@N` (characters N and N+1 swapped, 1-based), `substitution@N` (one character);
 * null when the two differ otherwise (or are equal).
 */
export function gstinTypo(portal: string, books: string): string | null {
  if (portal.length !== 15 || books.length !== 15 || portal === books) return null;
  const diffs: number[] = [];
  for (let i = 0; i < 15; i++) if (portal.charCodeAt(i) !== books.charCodeAt(i)) diffs.push(i);
  if (diffs.every((i) => i < 2)) return 'stateCode';
  const [a, b] = diffs;
  if (diffs.length === 1 && a !== undefined) return `substitution@${a + 1}`;
  if (
    diffs.length === 2 &&
    a !== undefined &&
    b === a + 1 &&
    portal.charAt(a) === books.charAt(b) &&
    portal.charAt(b) === books.charAt(a)
  )
    return `transposition@${a + 1}`;
  return null;
}

const money = (p: number): string => formatRupees(p as Paise);

const PLAIN_EXACT: readonly MatchReason[] = Object.freeze([Object.freeze({ code: 'numberExact' })]);

function reasonsOf(e: PairEvaluation, rec: Rec, doc: Doc, manual: boolean): readonly MatchReason[] {
  if (!manual && e.outcome === 'exact' && e.absSum === 0 && e.totalTax === 0) return PLAIN_EXACT;
  const out: MatchReason[] = [];
  if (manual) out.push({ code: 'manualLink' });
  switch (e.evidence) {
    case 'numberExact':
      out.push({ code: 'numberExact' });
      break;
    case 'numberNormalised':
      out.push({ code: 'numberNormalised' });
      break;
    case 'numberConfusable':
      out.push({ code: 'numberConfusable' });
      break;
    case 'originalExact':
      out.push({ code: 'viaOriginalNumber', value: e.compared.text });
      break;
    case 'originalNormalised':
      out.push({ code: 'viaOriginalNumber', value: e.compared.text }, { code: 'numberNormalised' });
      break;
    case 'originalConfusable':
      out.push({ code: 'viaOriginalNumber', value: e.compared.text }, { code: 'numberConfusable' });
      break;
    case 'amountOnly':
      out.push({ code: 'amountOnly' });
      break;
    case 'none':
      break;
  }
  if (e.typo !== null) out.push({ code: 'gstinTypo', value: e.typo });
  else if (e.level === 'pan') out.push({ code: 'panLevel' });
  if (rec.gstin !== doc.gstin) out.push({ code: 'gstinDiff', value: doc.gstin });
  if (e.docTypeDiff) out.push({ code: 'docTypeDiff', value: doc.type });
  if (!e.sameFy) out.push({ code: 'fiscalYearDiff', value: fiscalYearLabel(e.booksFy) });
  if (e.dateDiff !== 0) out.push({ code: 'dateDiff', value: e.dateDiff });
  if (e.periodShift !== 0)
    out.push({ code: 'periodShift', value: e.periodShift > 0 ? `+${e.periodShift}` : String(e.periodShift) });
  for (const f of DIFF_FIELDS) if (e[f] !== 0) out.push({ code: `${f}Diff`, value: money(e[f]) });
  if (e.headSwap) out.push({ code: 'headSwap' });
  if (e.posDiff) out.push({ code: 'posDiff', value: doc.pos ?? '' });
  return out;
}

function better(a: Cand, b: Cand, recs: readonly Rec[], docs: readonly Doc[]): number {
  if (a.score !== b.score) return b.score - a.score;
  if (a.absSum !== b.absSum) return a.absSum - b.absSum;
  const da = Math.abs(a.dateDiff);
  const db = Math.abs(b.dateDiff);
  if (da !== db) return da - db;
  const ra0 = recs[a.r] as Rec;
  const rb0 = recs[b.r] as Rec;
  if (ra0.amendment !== rb0.amendment) return ra0.amendment ? -1 : 1; // the later version wins a tie
  const ka = ra0.key;
  const kb = rb0.key;
  if (ka !== kb) return ka < kb ? -1 : 1;
  const ra = (docs[a.d] as Doc).ref;
  const rb = (docs[b.d] as Doc).ref;
  return ra < rb ? -1 : ra > rb ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// The engine.

interface EngineState {
  readonly recs: Rec[];
  readonly docs: Doc[];
  readonly pairOfRec: (Pair | undefined)[];
  readonly pairOfDoc: (Pair | undefined)[];
  readonly excluded: ReadonlySet<number>;
  readonly unlinked: ReadonlySet<string>;
  /** Amount-only ambiguity counts (phase 4), for explanations. */
  readonly amountCountRec: Map<number, number>;
  readonly amountCountDoc: Map<number, number>;
}

const pairId = (r: number, d: number): string => `${r}:${d}`;

/** Books documents by block (GSTIN or PAN), then by number key. One doc is stored bare. */
class BlockIndex {
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

interface Indexes {
  readonly folded: BlockIndex | null;
  readonly norm: BlockIndex | null;
  readonly conf: BlockIndex | null;
}

function nearest(bucket: readonly number[], docs: readonly Doc[], day: number): readonly number[] {
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

const isConfusable = (ev: Evidence): boolean =>
  ev === 'numberConfusable' || ev === 'originalConfusable';

interface ScanContext {
  rec: Rec;
  readonly docs: readonly Doc[];
  readonly t: Tolerances;
  readonly accept: (rec: Rec, doc: Doc) => boolean;
  /** The best evaluation per books document for the current record. */
  readonly out: Map<number, PairEvaluation>;
  readonly seen: number[];
}

function consider(ctx: ScanContext, j: number, ev: Evidence, key: NumKey): void {
  if (ctx.seen.includes(j)) return;
  ctx.seen.push(j);
  const doc = ctx.docs[j] as Doc;
  if (!ctx.accept(ctx.rec, doc)) return;
  const e = evaluatePair(ctx.rec, doc, ev, key, ctx.t);
  if (isConfusable(ev) && !(e.amountsOk && e.withinWindow && e.sameFy)) return;
  const prev = ctx.out.get(j);
  if (
    prev === undefined ||
    e.score > prev.score ||
    (e.score === prev.score && Math.abs(e.dateDiff) < Math.abs(prev.dateDiff)) ||
    (e.score === prev.score &&
      Math.abs(e.dateDiff) === Math.abs(prev.dateDiff) &&
      e.compared.text < prev.compared.text)
  ) {
    ctx.out.set(j, e);
  }
}

function visit(
  ctx: ScanContext,
  map: Map<string, number | number[]> | undefined,
  k: string,
  ev: Evidence,
  key: NumKey,
): void {
  if (!map || k === '') return;
  const v = map.get(k);
  if (v === undefined) return;
  if (typeof v === 'number') consider(ctx, v, ev, key);
  else for (const j of nearest(v, ctx.docs, key.day)) consider(ctx, j, ev, key);
}

/** Number-evidence candidates of ctx.rec into ctx.out. */
function numberCandidates(ctx: ScanContext, block: string, idx: Indexes): void {
  ctx.out.clear();
  const folded = idx.folded?.block(block);
  const norm = idx.norm?.block(block);
  const conf = idx.conf?.block(block);
  if (!folded && !norm && !conf) return;
  const rec = ctx.rec;
  for (let a = -1; a < rec.ancestors.length; a++) {
    const own = a < 0;
    const key = own ? rec.own : (rec.ancestors[a] as NumKey);
    ctx.seen.length = 0;
    if (folded) visit(ctx, folded, key.folded, own ? 'numberExact' : 'originalExact', key);
    if (norm) visit(ctx, norm, key.norm, own ? 'numberNormalised' : 'originalNormalised', key);
    if (conf) visit(ctx, conf, confOf(key), own ? 'numberConfusable' : 'originalConfusable', key);
  }
}

function runEngine(input: ReconcileInput): EngineState {
  const t = input.tolerances;
  const { recs, docs, recByKey, docByRef } = prepare(input);
  const pairOfRec: (Pair | undefined)[] = new Array<Pair | undefined>(recs.length);
  const pairOfDoc: (Pair | undefined)[] = new Array<Pair | undefined>(docs.length);
  const excluded = new Set<number>();
  for (const ref of input.excludedRefs ?? []) {
    const j = docByRef.get(ref);
    if (j !== undefined) excluded.add(j);
  }
  // Documents that never enter IMS are kept out of automatic matching like excluded ones.
  for (const d of docs) if (d.outside !== null) excluded.add(d.j);
  const unlinked = new Set<string>();
  for (const l of input.unlinkedPairs ?? []) {
    const r = recByKey.get(l.recordKey);
    const d = docByRef.get(l.registerRef);
    if (r !== undefined && d !== undefined) unlinked.add(pairId(r, d));
  }
  const state: EngineState = {
    recs,
    docs,
    pairOfRec,
    pairOfDoc,
    excluded,
    unlinked,
    amountCountRec: new Map(),
    amountCountDoc: new Map(),
  };
  const link = (e: PairEvaluation, manual: boolean, phase: number): void => {
    const p: Pair = { e, manual, phase };
    pairOfRec[e.r] = p;
    pairOfDoc[e.d] = p;
  };

  // Phase 0: manual links.
  for (const l of input.manualLinks ?? []) {
    const r = recByKey.get(l.recordKey);
    const d = docByRef.get(l.registerRef);
    if (r === undefined || d === undefined || pairOfRec[r] || pairOfDoc[d]) continue;
    link(manualEvaluation(recs[r] as Rec, docs[d] as Doc, t, portalGstinsOf(recs)), true, 0);
  }

  const free = (r: number, d: number): boolean =>
    pairOfRec[r] === undefined &&
    pairOfDoc[d] === undefined &&
    !excluded.has(d) &&
    (unlinked.size === 0 || !unlinked.has(pairId(r, d)));
  const recCount = new Int32Array(recs.length);
  const docCount = new Int32Array(docs.length);
  /** Greedy best-first. Candidates that compete with nothing are taken without sorting. */
  const take = (cands: Cand[], phase: number): void => {
    recCount.fill(0);
    docCount.fill(0);
    for (const c of cands) {
      recCount[c.r] = (recCount[c.r] ?? 0) + 1;
      docCount[c.d] = (docCount[c.d] ?? 0) + 1;
    }
    const contested: Cand[] = [];
    for (const c of cands) {
      if (recCount[c.r] === 1 && docCount[c.d] === 1) link(c, false, phase);
      else contested.push(c);
    }
    contested.sort((a, b) => better(a, b, recs, docs));
    for (const c of contested) {
      if (pairOfRec[c.r] !== undefined || pairOfDoc[c.d] !== undefined) continue;
      link(c, false, phase);
    }
  };
  const leftoverDocs = (): Doc[] =>
    docs.filter((d) => pairOfDoc[d.j] === undefined && !excluded.has(d.j));
  const found = new Map<number, PairEvaluation>();
  const scanAll = (
    idx: Indexes,
    block: (r: Rec) => string,
    accept: (rec: Rec, doc: Doc) => boolean,
    keep: (e: PairEvaluation) => boolean,
    out: Cand[],
  ): void => {
    const ctx: ScanContext = { rec: recs[0] as Rec, docs, t, accept, out: found, seen: [] };
    for (const rec of recs) {
      if (pairOfRec[rec.i] !== undefined) continue;
      ctx.rec = rec;
      numberCandidates(ctx, block(rec), idx);
      for (const e of found.values()) if (keep(e)) out.push(e);
    }
  };
  const sameGstin = (rec: Rec, doc: Doc): boolean =>
    free(rec.i, doc.j) && docTypesCompatible(rec.type, doc.type);

  // Phase 1: same GSTIN, number equal folded or normalised (own or original). Candidates in
  // another fiscal year are kept aside for phase 2.
  const otherYear: Cand[] = [];
  {
    const idx: Indexes = { folded: new BlockIndex(), norm: new BlockIndex(), conf: null };
    for (const d of leftoverDocs()) {
      idx.folded?.add(d.gstin, d.own.folded, d.j);
      idx.norm?.add(d.gstin, d.own.norm, d.j);
    }
    const sameYear: Cand[] = [];
    scanAll(
      idx,
      (r) => r.gstin,
      sameGstin,
      (e) => {
        if (e.sameFy) return true;
        if (e.withinWindow || (e.periodShift !== 0 && e.amountsOk)) otherYear.push(e);
        return false;
      },
      sameYear,
    );
    take(sameYear, 1);
  }

  // Phase 1b: same GSTIN and fiscal year, numbers equal only after look-alike mapping, amounts
  // within tolerance, dates within the window. Leftovers only.
  {
    const idx: Indexes = { folded: null, norm: null, conf: new BlockIndex() };
    for (const d of leftoverDocs()) idx.conf?.add(d.gstin, confOf(d.own), d.j);
    const cands: Cand[] = [];
    if (idx.conf !== null && idx.conf.size > 0)
      scanAll(
        idx,
        (r) => r.gstin,
        sameGstin,
        (e) => e.sameFy,
        cands,
      );
    take(cands, 1);
  }

  // Phase 2: another fiscal year, dates within the window: mismatch (fiscalYearDiff).
  take(
    otherYear.filter((c) => free(c.r, c.d)),
    2,
  );

  // Phase 2b: supplier GSTIN mistyped in the books.
  {
    const portalGstins = portalGstinsOf(recs);
    const idx: Indexes = { folded: new BlockIndex(), norm: new BlockIndex(), conf: null };
    for (const d of leftoverDocs()) {
      if (d.gstin.length !== 15 || portalGstins.has(d.gstin) || checkGstin(d.gstin).ok) continue;
      idx.folded?.add('', d.own.folded, d.j);
      idx.norm?.add('', d.own.norm, d.j);
    }
    const cands: Cand[] = [];
    if ((idx.folded?.size ?? 0) > 0) {
      scanAll(
        idx,
        () => '',
        (rec, doc) =>
          free(rec.i, doc.j) &&
          docTypesCompatible(rec.type, doc.type) &&
          gstinTypo(rec.gstin, doc.gstin) !== null,
        (e) => e.amountsOk && e.withinWindow && e.sameFy,
        cands,
      );
    }
    take(
      cands.map((e) => typoPair(e, (recs[e.r] as Rec).gstin, (docs[e.d] as Doc).gstin)),
      3,
    );
  }

  // Phase 3: same PAN, different GSTIN.
  {
    const idx: Indexes = { folded: new BlockIndex(), norm: new BlockIndex(), conf: null };
    for (const d of leftoverDocs()) {
      idx.folded?.add(d.pan, d.own.folded, d.j);
      idx.norm?.add(d.pan, d.own.norm, d.j);
    }
    const cands: Cand[] = [];
    if ((idx.folded?.size ?? 0) > 0) {
      scanAll(
        idx,
        (r) => r.pan,
        (rec, doc) =>
          doc.gstin !== rec.gstin && free(rec.i, doc.j) && docTypesCompatible(rec.type, doc.type),
        (e) => e.sameFy && e.taxableOk && e.totalTaxOk,
        cands,
      );
    }
    take(cands, 3);
  }

  // Phase 4: amount-only, unique both ways.
  {
    const width = t.amountPaise + 1;
    const buckets = new BlockIndex();
    for (const d of leftoverDocs()) {
      if (d.a.taxable < 100) continue;
      buckets.add(d.gstin, `${d.type}:${Math.floor(d.a.taxable / width)}`, d.j);
    }
    const edges: Cand[] = [];
    const countRec = state.amountCountRec;
    const countDoc = state.amountCountDoc;
    if (buckets.size > 0) {
      for (const rec of recs) {
        if (pairOfRec[rec.i] !== undefined || rec.a.taxable < 100) continue;
        const block = buckets.block(rec.gstin);
        if (!block) continue;
        const b = Math.floor(rec.a.taxable / width);
        for (let k = b - 1; k <= b + 1; k++) {
          const v = block.get(`${rec.type}:${k}`);
          if (v === undefined) continue;
          const bucket = typeof v === 'number' ? [v] : v;
          if (bucket.length > 256) {
            // A large run of identical amounts: ambiguous by construction.
            countRec.set(rec.i, (countRec.get(rec.i) ?? 0) + bucket.length);
            continue;
          }
          for (const j of bucket) {
            if (!free(rec.i, j)) continue;
            const e = evaluatePair(rec, docs[j] as Doc, 'amountOnly', rec.own, t);
            if (!(e.amountsOk && e.withinWindow && e.sameFy)) continue;
            edges.push(e);
            countRec.set(rec.i, (countRec.get(rec.i) ?? 0) + 1);
            countDoc.set(j, (countDoc.get(j) ?? 0) + 1);
          }
        }
      }
    }
    take(
      edges.filter((c) => countRec.get(c.r) === 1 && countDoc.get(c.d) === 1),
      4,
    );
  }
  return state;
}

function typoPair(e: PairEvaluation, portalGstin: string, booksGstin: string): PairEvaluation {
  const typo = gstinTypo(portalGstin, booksGstin);
  return typo === null ? e : { ...e, typo, outcome: e.outcome === 'exact' ? 'probable' : e.outcome };
}

const portalGstinsCache = new WeakMap<readonly Rec[], Set<string>>();
function portalGstinsOf(recs: readonly Rec[]): Set<string> {
  let s = portalGstinsCache.get(recs);
  if (s === undefined) {
    s = new Set(recs.map((r) => r.gstin));
    portalGstinsCache.set(recs, s);
  }
  return s;
}

function manualEvaluation(rec: Rec, doc: Doc, t: Tolerances, portalGstins: ReadonlySet<string>): PairEvaluation {
  const { ev, key } = numberEvidenceOf(rec, doc);
  const e = evaluatePair(rec, doc, ev, key, t, true);
  const mistyped =
    rec.gstin !== doc.gstin && !portalGstins.has(doc.gstin) && !checkGstin(doc.gstin).ok;
  return mistyped ? typoPair(e, rec.gstin, doc.gstin) : e;
}

function resultsOf(state: EngineState): MatchResult[] {
  const { recs, docs, pairOfRec, pairOfDoc, excluded } = state;
  // Originals left alone while an amendment of theirs was paired.
  const amendedBy = new Map<string, string>();
  for (const p of pairOfRec) {
    if (!p) continue;
    const rec = recs[p.e.r] as Rec;
    for (const anc of rec.ancestors) {
      const k = `${rec.gstin}\u0000${rec.type}\u0000${anc.folded}`;
      const prev = amendedBy.get(k);
      if (prev === undefined || rec.key < prev) amendedBy.set(k, rec.key);
    }
  }
  const out: MatchResult[] = [];
  for (const rec of recs) {
    const p = pairOfRec[rec.i];
    if (p) {
      const doc = docs[p.e.d] as Doc;
      out.push({
        recordKey: rec.key,
        registerRef: doc.ref,
        outcome: p.e.outcome,
        score: p.e.score,
        reasons: reasonsOf(p.e, rec, doc, p.manual),
        manual: p.manual,
      });
    } else {
      const reasons: MatchReason[] = [];
      const by = amendedBy.get(`${rec.gstin}\u0000${rec.type}\u0000${rec.own.folded}`);
      if (by !== undefined && by !== rec.key) reasons.push({ code: 'amendedBy', value: by });
      out.push({
        recordKey: rec.key,
        registerRef: null,
        outcome: 'missingInRegister',
        score: 0,
        reasons,
        manual: false,
      });
    }
  }
  for (const doc of docs) {
    if (pairOfDoc[doc.j]) continue;
    if (doc.outside !== null) {
      out.push({
        recordKey: null,
        registerRef: doc.ref,
        outcome: 'notInIms',
        score: 0,
        reasons: [{ code: doc.outside }],
        manual: false,
      });
      continue;
    }
    out.push({
      recordKey: null,
      registerRef: doc.ref,
      outcome: 'missingInPortal',
      score: 0,
      reasons: excluded.has(doc.j) ? [{ code: 'excluded' }] : [],
      manual: false,
    });
  }
  return out;
}

/**
 * Matches every portal record and every register document: each ends in exactly one result.
 * Order: one result per record in input order, then the unpaired register documents in input
 * order. Throws UsageError on a duplicate record key or register ref.
 */
export function reconcile(input: ReconcileInput): MatchResult[] {
  return resultsOf(runEngine(input));
}

// ---------------------------------------------------------------------------------------------
// Explanations.

export type ExplainTarget = { readonly recordKey: string } | { readonly registerRef: string };

export interface ExplainCandidate {
  /** The other side: a register ref when explaining a record, a record key otherwise. */
  readonly other: string;
  readonly score: number;
  readonly reasons: readonly MatchReason[];
  readonly whyNot: string;
}

export interface Explanation {
  readonly result: MatchResult;
  readonly candidates: ExplainCandidate[];
}

function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let prev = Array.from({ length: b.length + 1 }, (_, k) => k);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let k = 1; k <= b.length; k++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(k - 1) ? 0 : 1;
      cur.push(Math.min((prev[k] ?? 0) + 1, (cur[k - 1] ?? 0) + 1, (prev[k - 1] ?? 0) + cost));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/** Which evidence a pair has on its numbers, and the portal number key used. */
function numberEvidenceOf(rec: Rec, doc: Doc): { ev: Evidence; key: NumKey } {
  const o = rec.own;
  const d = doc.own;
  if (o.folded !== '' && o.folded === d.folded) return { ev: 'numberExact', key: o };
  if (o.norm !== '' && o.norm === d.norm) return { ev: 'numberNormalised', key: o };
  for (const a of rec.ancestors)
    if (a.folded !== '' && a.folded === d.folded) return { ev: 'originalExact', key: a };
  for (const a of rec.ancestors)
    if (a.norm !== '' && a.norm === d.norm) return { ev: 'originalNormalised', key: a };
  const dc = confOf(d);
  if (dc !== '' && confOf(o) === dc) return { ev: 'numberConfusable', key: o };
  for (const a of rec.ancestors)
    if (dc !== '' && confOf(a) === dc) return { ev: 'originalConfusable', key: a };
  return { ev: 'none', key: o };
}

const rupees = (p: number): string => `Rs ${formatRupees(Math.abs(p) as Paise)}`;

function amountTroubles(e: PairEvaluation, t: Tolerances): string {
  const names: Record<DiffField, string> = {
    taxable: 'taxable value',
    igst: 'IGST',
    cgst: 'CGST',
    sgst: 'SGST',
    cess: 'cess',
    totalTax: 'total tax',
  };
  const parts = DIFF_FIELDS.filter((f) => (e.over & BIT[f]) !== 0).map(
    (f) => `${names[f]} differs by ${rupees(e[f])}`,
  );
  return `${parts.join(', ')} (tolerance ${rupees(t.amountPaise)}${t.percent !== null && e.evidence !== 'amountOnly' ? ` + ${t.percent}%` : ''})`;
}

function describePair(
  state: EngineState,
  rec: Rec,
  doc: Doc,
  t: Tolerances,
  forRecord: boolean,
): ExplainCandidate {
  const { pairOfRec, pairOfDoc, excluded, unlinked } = state;
  const other = forRecord ? doc.ref : rec.key;
  const mine = forRecord ? pairOfRec[rec.i] : pairOfDoc[doc.j];
  if (mine && mine.e.r === rec.i && mine.e.d === doc.j) {
    return {
      other,
      score: mine.e.score,
      reasons: reasonsOf(mine.e, rec, doc, mine.manual),
      whyNot: `paired: ${mine.e.outcome}${mine.manual ? ' (manual link)' : ''}, score ${mine.e.score}`,
    };
  }
  const { ev, key } = numberEvidenceOf(rec, doc);
  const e = evaluatePair(rec, doc, ev === 'none' ? 'amountOnly' : ev, key, t);
  const reasons = reasonsOf(e, rec, doc, false);
  let score = e.score;
  const why: string[] = [];
  const window = t.dateWindowDays;
  const fyNote = (): string =>
    `fiscal year differs (books ${fiscalYearLabel(e.booksFy)}, portal ${fiscalYearLabel(e.compared.fy)})`;
  if (doc.outside !== null)
    why.push(`the register document never enters IMS (${doc.outside}); only a manual link pairs it`);
  else if (excluded.has(doc.j)) why.push('the register document is excluded from matching');
  if (unlinked.has(pairId(rec.i, doc.j))) why.push('a person unlinked this pair');
  if (!docTypesCompatible(rec.type, doc.type)) {
    why.push(
      `a portal ${DOC_TYPE_LABEL[rec.type]} cannot match a books ${DOC_TYPE_LABEL[doc.type]}`,
    );
  }
  if (rec.pan !== doc.pan)
    why.push(`different supplier: books GSTIN ${doc.gstin}, portal ${rec.gstin} (different PAN)`);
  if (ev === 'none') {
    const sim =
      1 -
      levenshtein(rec.own.norm, doc.own.norm) /
        Math.max(1, rec.own.norm.length, doc.own.norm.length);
    const amt =
      1 -
      Math.min(
        1,
        Math.abs(e.taxable) / Math.max(1, Math.abs(rec.a.taxable), Math.abs(doc.a.taxable)),
      );
    const near = Math.round(
      15 * sim + 15 * amt + 10 * Math.max(0, 1 - Math.abs(e.dateDiff) / (6 * Math.max(1, window))),
    );
    why.push(
      `number ${doc.src.docNumber} differs from ${rec.src.docNumber} after normalisation (${doc.own.norm || '(empty)'} vs ${rec.own.norm || '(empty)'})`,
    );
    const amountOnlyPossible =
      e.amountsOk && e.withinWindow && e.sameFy && rec.gstin === doc.gstin && rec.type === doc.type;
    if (!amountOnlyPossible) {
      score = Math.min(near, 39);
      if (rec.gstin !== doc.gstin && rec.pan === doc.pan)
        why.push('amount-only pairs need the same GSTIN');
      if (rec.type !== doc.type && docTypesCompatible(rec.type, doc.type))
        why.push('amount-only pairs need the same document type');
      if (!e.sameFy) why.push(fyNote());
      if (!e.withinWindow) why.push(`date ${Math.abs(e.dateDiff)} days apart, window is ${window}`);
      if (!e.amountsOk) why.push(amountTroubles(e, t));
    } else {
      const cr = state.amountCountRec.get(rec.i) ?? 0;
      const cd = state.amountCountDoc.get(doc.j) ?? 0;
      if (cr > 1)
        why.push(
          `amount-only evidence is ambiguous: ${cr} books documents of this supplier have these amounts and dates`,
        );
      if (cd > 1)
        why.push(
          `amount-only evidence is ambiguous: ${cd} portal records of this supplier have these amounts and dates`,
        );
    }
  } else {
    if (rec.gstin !== doc.gstin && rec.pan === doc.pan && !(e.taxableOk && e.totalTaxOk)) {
      why.push(
        `at PAN level (GSTIN differs) taxable value and total tax must agree: ${amountTroubles(e, t)}`,
      );
    }
    if (!e.sameFy && !e.withinWindow) {
      why.push(
        `${fyNote()} and dates are ${Math.abs(e.dateDiff)} days apart (window ${window}): another year's document`,
      );
    }
    if (
      (ev === 'numberConfusable' || ev === 'originalConfusable') &&
      !(e.amountsOk && e.withinWindow && e.sameFy)
    ) {
      why.push(
        'numbers equal only after look-alike mapping (O/0, I/1), which needs amounts within tolerance and dates within the window',
      );
    }
  }
  if (why.length === 0) {
    // A valid candidate that lost to a better pair.
    const theirs = forRecord ? pairOfDoc[doc.j] : pairOfRec[rec.i];
    if (theirs) {
      const name = forRecord ? (state.recs[theirs.e.r] as Rec) : (state.docs[theirs.e.d] as Doc);
      const label = forRecord
        ? `record ${(name as Rec).key} (${(name as Rec).src.docNumber})`
        : `books ${(name as Doc).ref} (${(name as Doc).src.docNumber})`;
      why.push(
        `taken by a better pair with ${label}, ${theirs.e.outcome}, score ${theirs.e.score}`,
      );
    }
    if (mine) {
      const partner = forRecord ? (state.docs[mine.e.d] as Doc) : (state.recs[mine.e.r] as Rec);
      const label = forRecord ? `books ${(partner as Doc).ref}` : `record ${(partner as Rec).key}`;
      why.push(`a better pair was chosen: ${label}, ${mine.e.outcome}, score ${mine.e.score}`);
    }
    if (why.length === 0) why.push('not paired');
  }
  return { other, score, reasons, whyNot: why.join('; ') };
}

/**
 * Why a record (or register document) matched as it did, or why its nearest candidates did not.
 * Candidates: the partner first, then up to `limit` nearest others of the same PAN, plus books
 * or portal documents of other suppliers with the same normalised number.
 */
export function explainRecord(
  input: ReconcileInput,
  target: ExplainTarget,
  limit = 5,
): Explanation {
  const state = runEngine(input);
  const results = resultsOf(state);
  const t = input.tolerances;
  const { recs, docs } = state;
  let result: MatchResult | undefined;
  const found: ExplainCandidate[] = [];
  if ('recordKey' in target) {
    result = results.find((r) => r.recordKey === target.recordKey);
    const rec = recs.find((r) => r.key === target.recordKey);
    if (!result || !rec)
      throw new UsageError(`explain: no portal record with key "${target.recordKey}"`);
    const norms = new Set(
      [rec.own.norm, ...rec.ancestors.map((a) => a.norm)].filter((s) => s !== ''),
    );
    for (const doc of docs) {
      if (doc.pan !== rec.pan && !norms.has(doc.own.norm)) continue;
      found.push(describePair(state, rec, doc, t, true));
    }
  } else {
    result = results.find((r) => r.registerRef === target.registerRef);
    const doc = docs.find((d) => d.ref === target.registerRef);
    if (!result || !doc)
      throw new UsageError(`explain: no register document with ref "${target.registerRef}"`);
    for (const rec of recs) {
      if (
        rec.pan !== doc.pan &&
        rec.own.norm !== doc.own.norm &&
        !rec.ancestors.some((a) => a.norm === doc.own.norm)
      )
        continue;
      found.push(describePair(state, rec, doc, t, false));
    }
  }
  const partner = 'recordKey' in target ? result.registerRef : result.recordKey;
  found.sort((a, b) => {
    const pa = a.other === partner ? 1 : 0;
    const pb = b.other === partner ? 1 : 0;
    if (pa !== pb) return pb - pa;
    if (a.score !== b.score) return b.score - a.score;
    return a.other < b.other ? -1 : a.other > b.other ? 1 : 0;
  });
  return { result, candidates: found.slice(0, Math.max(0, limit)) };
}
