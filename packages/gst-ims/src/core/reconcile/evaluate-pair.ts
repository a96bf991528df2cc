// Scoring: the full comparison of one (record, books document) pair, its outcome and its score
// (see the SCORE and OUTCOMES notes in core/reconcile.ts). Pure.
import type { Amounts } from '../record.js';
import type { MatchOutcome, Tolerances } from '../register.js';
import type { DocType } from '../sections.js';
import type { Doc, NumKey, Rec } from './prepare.js';
import { confOf } from './prepare.js';

export type Evidence =
  | 'numberExact'
  | 'numberNormalised'
  | 'numberConfusable'
  | 'originalExact'
  | 'originalNormalised'
  | 'originalConfusable'
  | 'amountOnly'
  | 'none';

export type Level = 'gstin' | 'pan';

export type DiffField = 'taxable' | 'igst' | 'cgst' | 'sgst' | 'cess' | 'totalTax';
export const DIFF_FIELDS: readonly DiffField[] = [
  'taxable',
  'igst',
  'cgst',
  'sgst',
  'cess',
  'totalTax',
];
export const BIT: Readonly<Record<DiffField, number>> = {
  taxable: 1,
  igst: 2,
  cgst: 4,
  sgst: 8,
  cess: 16,
  totalTax: 32,
};

/** How the amounts of a pair compare: books minus portal, paise, and which are beyond tolerance. */
interface AmountComparison {
  readonly amountsOk: boolean;
  readonly taxableOk: boolean;
  readonly totalTaxOk: boolean;
  readonly headSwap: boolean;
  readonly taxable: number;
  readonly igst: number;
  readonly cgst: number;
  readonly sgst: number;
  readonly cess: number;
  readonly totalTax: number;
  /** Bits (BIT) of the fields beyond tolerance. */
  readonly over: number;
  readonly absSum: number;
}

/** The full comparison of one (record, document) pair; also the candidate the phases sort. */
export interface PairEvaluation extends AmountComparison {
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
  readonly docTypeDiff: boolean;
  readonly posDiff: boolean;
  /** The portal number key the books number was compared with (own or original). */
  readonly compared: NumKey;
  readonly booksFy: number;
  /** Books month minus portal month when the dates are beyond the window (0 otherwise). */
  readonly periodShift: number;
  /** How the books GSTIN is mistyped (phase 2b, or a manual link of such a pair); null otherwise. */
  readonly typo: string | null;
}

/** Months apart a pair beyond the date window may be and still be one document booked in another period. */
export const MAX_PERIOD_SHIFT = 2;

export function docTypesCompatible(portal: DocType, books: DocType): boolean {
  if (portal === 'creditNote') return books === 'creditNote';
  if (portal === 'debitNote') return books === 'debitNote' || books === 'invoice';
  return books === 'invoice';
}

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

type Draft = { -readonly [K in keyof PairEvaluation]: PairEvaluation[K] };

/**
 * How the amounts of a pair compare, written into the evaluation being built (one object per
 * candidate pair: the engine evaluates a few hundred thousand). Amount-only evidence uses the
 * absolute tolerance alone (the percentage is not used).
 */
function compareAmounts(e: Draft, ra: Amounts, da: Amounts, t: Tolerances, absOnly: boolean): void {
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
  e.amountsOk = over === 0;
  e.taxableOk = (over & BIT.taxable) === 0;
  e.totalTaxOk = totalTaxOk;
  e.headSwap =
    !headsOk &&
    totalTaxOk &&
    ((ra.igst > 0 && da.igst === 0 && da.cgst + da.sgst > 0) ||
      (ra.igst === 0 && ra.cgst + ra.sgst > 0 && da.igst > 0 && da.cgst + da.sgst === 0));
  e.taxable = taxable;
  e.igst = igst;
  e.cgst = cgst;
  e.sgst = sgst;
  e.cess = cess;
  e.totalTax = totalTax;
  e.over = over;
  e.absSum = Math.abs(taxable) + Math.abs(igst) + Math.abs(cgst) + Math.abs(sgst) + Math.abs(cess);
}

type Unscored = Omit<PairEvaluation, 'outcome' | 'score'>;

function outcomeOf(e: Unscored, manual: boolean): PairEvaluation['outcome'] {
  let outcome: PairEvaluation['outcome'];
  if (
    e.evidence === 'numberExact' &&
    e.level === 'gstin' &&
    !e.docTypeDiff &&
    !e.posDiff &&
    e.dateDiff === 0 &&
    e.amountsOk &&
    e.sameFy
  ) {
    outcome = 'exact';
  } else if (e.amountsOk && ((e.withinWindow && e.sameFy) || e.periodShift !== 0)) {
    outcome = 'probable';
  } else {
    outcome = 'mismatch';
  }
  if (manual && outcome === 'exact' && e.evidence !== 'numberExact') outcome = 'probable';
  return outcome;
}

function scoreOf(e: Unscored, window: number): number {
  const date = datePart(e.dateDiff, e.withinWindow, e.sameFy, window);
  let score: number;
  if (e.evidence === 'amountOnly') {
    score = 25 + date;
  } else {
    score = BASE[e.evidence];
    if (e.level === 'pan') score -= 8;
    if (e.docTypeDiff) score -= 5;
    if (e.posDiff) score -= 2;
    score += e.amountsOk ? 25 : (e.taxableOk ? 6 : 0) + (e.totalTaxOk ? 6 : 0);
    score += date;
    if (e.periodShift !== 0 && e.amountsOk) score += 3;
  }
  return Math.max(0, Math.min(100, score));
}

/**
 * Compares one record with one books document. `compared` is the portal number key used (the
 * record's own, or an original's, whose date the dates are compared with).
 */
export function evaluatePair(
  rec: Rec,
  doc: Doc,
  evidence: Evidence,
  compared: NumKey,
  t: Tolerances,
  manual = false,
): PairEvaluation {
  const absOnly = evidence === 'amountOnly';
  const dateDiff = doc.own.day - compared.day;
  const withinWindow = Math.abs(dateDiff) <= t.dateWindowDays;
  const monthShift = doc.own.month - compared.month;
  // Every field in one literal, in the order the evaluation always had (the amounts are filled
  // in below): one object and one shape per candidate, no intermediate comparison to spread.
  const e: Draft = {
    r: rec.i,
    d: doc.j,
    evidence,
    level: rec.gstin === doc.gstin ? 'gstin' : 'pan',
    dateDiff,
    sameFy: doc.own.fy === compared.fy,
    withinWindow,
    docTypeDiff: rec.type !== doc.type,
    posDiff: rec.pos !== null && doc.pos !== null && rec.pos !== doc.pos,
    amountsOk: false,
    taxableOk: false,
    totalTaxOk: false,
    headSwap: false,
    taxable: 0,
    igst: 0,
    cgst: 0,
    sgst: 0,
    cess: 0,
    totalTax: 0,
    over: 0,
    absSum: 0,
    compared,
    booksFy: doc.own.fy,
    periodShift:
      !withinWindow && !absOnly && monthShift !== 0 && Math.abs(monthShift) <= MAX_PERIOD_SHIFT
        ? monthShift
        : 0,
    typo: null,
    outcome: 'mismatch',
    score: 0,
  };
  compareAmounts(e, rec.a, doc.a, t, absOnly);
  e.outcome = outcomeOf(e, manual);
  e.score = scoreOf(e, t.dateWindowDays);
  return e;
}

/** Which evidence a pair has on its numbers, and the portal number key used. */
export function numberEvidenceOf(rec: Rec, doc: Doc): { ev: Evidence; key: NumKey } {
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
