// Explanation of one (record, books document) pair: paired, or why not, in words. Pure.
import type { Paise } from '../money.js';
import { formatRs } from '../money.js';
import type { MatchReason, Tolerances } from '../register.js';
import type { DocType } from '../sections.js';
import type { EngineState, Pair } from './engine-state.js';
import { pairId } from './engine-state.js';
import type { DiffField, Evidence, PairEvaluation } from './evaluate-pair.js';
import {
  BIT,
  DIFF_FIELDS,
  docTypesCompatible,
  evaluatePair,
  numberEvidenceOf,
} from './evaluate-pair.js';
import type { Doc, Rec } from './prepare.js';
import { fiscalYearLabel } from './prepare.js';
import { reasonsOf } from './reasons-of.js';

export interface ExplainCandidate {
  /** The other side: a register ref when explaining a record, a record key otherwise. */
  readonly other: string;
  readonly score: number;
  readonly reasons: readonly MatchReason[];
  readonly whyNot: string;
}

const DOC_TYPE_LABEL: Readonly<Record<DocType, string>> = {
  invoice: 'invoice',
  debitNote: 'debit note',
  creditNote: 'credit note',
};

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

const rupees = (p: number): string => formatRs(Math.abs(p) as Paise);

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

const fyNote = (e: PairEvaluation): string =>
  `fiscal year differs (books ${fiscalYearLabel(e.booksFy)}, portal ${fiscalYearLabel(e.compared.fy)})`;

/** What keeps the pair apart whatever its numbers: exclusion, unlinking, doc type, supplier. */
function blockers(state: EngineState, rec: Rec, doc: Doc): string[] {
  const why: string[] = [];
  if (doc.outside !== null)
    why.push(
      `the register document never enters IMS (${doc.outside}); only a manual link pairs it`,
    );
  else if (state.excluded.has(doc.j)) why.push('the register document is excluded from matching');
  if (state.unlinked.has(pairId(rec.i, doc.j))) why.push('a person unlinked this pair');
  if (!docTypesCompatible(rec.type, doc.type)) {
    why.push(
      `a portal ${DOC_TYPE_LABEL[rec.type]} cannot match a books ${DOC_TYPE_LABEL[doc.type]}`,
    );
  }
  if (rec.pan !== doc.pan)
    why.push(`different supplier: books GSTIN ${doc.gstin}, portal ${rec.gstin} (different PAN)`);
  return why;
}

/** How near a pair without number evidence is (0-40: below every pair with number evidence). */
function nearness(rec: Rec, doc: Doc, e: PairEvaluation, window: number): number {
  const sim =
    1 -
    levenshtein(rec.own.norm, doc.own.norm) / Math.max(1, rec.own.norm.length, doc.own.norm.length);
  const amt =
    1 -
    Math.min(
      1,
      Math.abs(e.taxable) / Math.max(1, Math.abs(rec.a.taxable), Math.abs(doc.a.taxable)),
    );
  return Math.round(
    15 * sim + 15 * amt + 10 * Math.max(0, 1 - Math.abs(e.dateDiff) / (6 * Math.max(1, window))),
  );
}

/** Why a pair without number evidence did not pair on amounts; its score when it cannot. */
function whyNotAmountOnly(
  state: EngineState,
  rec: Rec,
  doc: Doc,
  e: PairEvaluation,
  t: Tolerances,
): { why: string[]; score: number } {
  const why = [
    `number ${doc.src.docNumber} differs from ${rec.src.docNumber} after normalisation (${doc.own.norm || '(empty)'} vs ${rec.own.norm || '(empty)'})`,
  ];
  const amountOnlyPossible =
    e.amountsOk && e.withinWindow && e.sameFy && rec.gstin === doc.gstin && rec.type === doc.type;
  if (amountOnlyPossible) {
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
    return { why, score: e.score };
  }
  if (rec.gstin !== doc.gstin && rec.pan === doc.pan)
    why.push('amount-only pairs need the same GSTIN');
  if (rec.type !== doc.type && docTypesCompatible(rec.type, doc.type))
    why.push('amount-only pairs need the same document type');
  if (!e.sameFy) why.push(fyNote(e));
  if (!e.withinWindow)
    why.push(`date ${Math.abs(e.dateDiff)} days apart, window is ${t.dateWindowDays}`);
  if (!e.amountsOk) why.push(amountTroubles(e, t));
  return { why, score: Math.min(nearness(rec, doc, e, t.dateWindowDays), 39) };
}

/** Why a pair with number evidence was not taken by its phase. */
function whyNotByNumber(
  rec: Rec,
  doc: Doc,
  e: PairEvaluation,
  ev: Evidence,
  t: Tolerances,
): string[] {
  const why: string[] = [];
  if (rec.gstin !== doc.gstin && rec.pan === doc.pan && !(e.taxableOk && e.totalTaxOk)) {
    why.push(
      `at PAN level (GSTIN differs) taxable value and total tax must agree: ${amountTroubles(e, t)}`,
    );
  }
  if (!e.sameFy && !e.withinWindow) {
    why.push(
      `${fyNote(e)} and dates are ${Math.abs(e.dateDiff)} days apart (window ${t.dateWindowDays}): another year's document`,
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
  return why;
}

/** A valid candidate that lost: to whom the other side went, and whom this side took. */
function lostTo(
  state: EngineState,
  rec: Rec,
  doc: Doc,
  forRecord: boolean,
  mine: Pair | undefined,
): string[] {
  const why: string[] = [];
  const theirs = forRecord ? state.pairOfDoc[doc.j] : state.pairOfRec[rec.i];
  if (theirs) {
    const label = forRecord
      ? `record ${(state.recs[theirs.e.r] as Rec).key} (${(state.recs[theirs.e.r] as Rec).src.docNumber})`
      : `books ${(state.docs[theirs.e.d] as Doc).ref} (${(state.docs[theirs.e.d] as Doc).src.docNumber})`;
    why.push(`taken by a better pair with ${label}, ${theirs.e.outcome}, score ${theirs.e.score}`);
  }
  if (mine) {
    const label = forRecord
      ? `books ${(state.docs[mine.e.d] as Doc).ref}`
      : `record ${(state.recs[mine.e.r] as Rec).key}`;
    why.push(`a better pair was chosen: ${label}, ${mine.e.outcome}, score ${mine.e.score}`);
  }
  if (why.length === 0) why.push('not paired');
  return why;
}

/** One candidate of an explanation, seen from the record (forRecord) or from the document. */
export function describePair(
  state: EngineState,
  rec: Rec,
  doc: Doc,
  t: Tolerances,
  forRecord: boolean,
): ExplainCandidate {
  const other = forRecord ? doc.ref : rec.key;
  const mine = forRecord ? state.pairOfRec[rec.i] : state.pairOfDoc[doc.j];
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
  const why = blockers(state, rec, doc);
  let score = e.score;
  if (ev === 'none') {
    const amounts = whyNotAmountOnly(state, rec, doc, e, t);
    why.push(...amounts.why);
    score = amounts.score;
  } else {
    why.push(...whyNotByNumber(rec, doc, e, ev, t));
  }
  if (why.length === 0) why.push(...lostTo(state, rec, doc, forRecord, mine));
  return { other, score, reasons, whyNot: why.join('; ') };
}
