// Proposed IMS actions from an ordered, editable rule list (issue 3, "Propose and apply actions";
// reconciliation-notes.md 1.8 and 6.4). Pure. The first rule whose conditions all hold gives the
// proposal; the proposal is then checked with validateDecision and adjusted where the portal
// refuses it, saying so in `note`.
//
// Conditions (all given ones must hold; a list holds when it contains the value):
//   outcome                 the record's match outcome (missingInPortal has no portal record and
//                           is refused by the schema);
//   afterPeriodEnd          document date after periodEnd (true) / on or before it (false);
//   receivedAfterPeriodEnd  the paired books document has a goods-receipt date after periodEnd
//                           (true) / has one on or before it (false); no date: the condition
//                           fails either way;
//   supplierNotFiled        the supplier's return is saved but not filed (true) / filed or
//                           unknown (false);
//   sections                the record's section;
//   heldAction              the decision the record already holds (a person's, or the portal's
//                           Accept / Reject / Pending): the rule applies only when the held
//                           action is listed ('noAction' = nothing held). This is how a rule
//                           NAMES a held decision explicitly; see "Held decisions" below.
//   With periodEnd null, a rule naming afterPeriodEnd or receivedAfterPeriodEnd never applies.
//   For a pair booked in a later month (periodShift:+N) without a goods-receipt date, the books
//   date stands in for it: the goods-in-transit rule then applies as to a late receipt.
//
// Held decisions (issue 13): a decision a person made, or an Accept / Reject / Pending the portal
// holds, is kept unless the rule that applies names the held action in `heldAction`. The proposal
// still says what the rule would do, with `kept` set, safe false and a note; apply-proposals
// leaves such records as they are and lists them with the reason.
//
// Weak pairs (issue 13): a pair on amounts and date only (reason amountOnly) is never proposed
// for Accept (Pending instead, until a person links it) and no proposal on it is safe; a pair
// through a mistyped supplier GSTIN (gstinTypo) is never safe either.
//
// Remark templates may use {difference} (what differs between books and portal, computed from the
// pair), {docNumber}, {docDate}, {periodEnd}, {receivedDate}, {registerRef}, {booksNumber},
// {supplierGstin}; dates as DD-MM-YYYY. The rendered remark is one line of at most 250 characters.
//
// Engine rules the proposals respect (fallbacks, each explained in `note`, and never `safe`):
//   - never Accept a record missing in the books: a rule proposing it gets Pending instead;
//   - Pending blocked by the portal (ispendactblocked; e.g. original credit notes): the proposal
//     keeps the action the portal already holds, which is No Action unless someone acted on the
//     portal. A CA would not Reject a credit note merely because the books do not show it yet:
//     credit notes are usually booked late, and a rejection disputes the supplier's reduction
//     of tax. No Action lets GSTR-2B deem it accepted (the ITC reduction the law requires
//     anyway) and leaves the user free to Reject before the 2B is generated if the note is not
//     recognised. Mismatched credit notes with Pending blocked are handled the same way;
//   - a remark the portal refuses (blocked on the record, or on Accept / No Action) is dropped;
//   - Accept while the supplier has not filed: kept, with the warning in `note`.
import type { Action } from './actions.js';
import { actionLabel } from './actions.js';
import type { IsoDate } from './dates.js';
import { daysBetween, fiscalYearOf, toPortalDate } from './dates.js';
import type { Paise } from './money.js';
import { formatIndian, formatRs, formatRupees } from './money.js';
import { declarationRequired } from './itc-declaration.js';
import type { Decision, ItcReduction, PortalRecord } from './record.js';
import type { MatchOutcome, MatchResult, RegisterDocument, Tolerances } from './register.js';
import { DEFAULT_TOLERANCES } from './register.js';
import type { Section } from './sections.js';
import { SECTION_INFO } from './sections.js';
import { REMARK_MAX_LENGTH, validateDecision } from './validate-decision.js';

export interface ProposalCondition {
  readonly outcome?: readonly MatchOutcome[] | undefined;
  readonly afterPeriodEnd?: boolean | undefined;
  readonly receivedAfterPeriodEnd?: boolean | undefined;
  readonly supplierNotFiled?: boolean | undefined;
  readonly sections?: readonly Section[] | undefined;
  readonly heldAction?: readonly Action[] | undefined;
}

/** A decision a record already holds: by a person (audit source) or on the portal. */
export interface HeldDecision {
  readonly action: Action;
  /** `portal`, or the audit source of the person's decision (`cli`, `web`, `excel:<file>`). */
  readonly by: string;
}

export interface ProposalRule {
  /** Unique within the list; audited as `rule:<name>`. */
  readonly name: string;
  readonly when: ProposalCondition;
  readonly action: Action;
  /** May be applied by `apply-proposals --only-safe`. */
  readonly safe: boolean;
  /** A remark template (see the top of this file). */
  readonly remark?: string | undefined;
}

export interface Proposal {
  readonly recordKey: string;
  readonly action: Action;
  readonly remark: string | null;
  /**
   * On an Accept of a record that needs the ITC-reduction declaration: full, or partial at the
   * books' figure when the paired books document claims less than the note (never safe then).
   */
  readonly itcReduction: ItcReduction | null;
  /** The rule that gave the proposal; "" when none applied. */
  readonly rule: string;
  readonly safe: boolean;
  /** Why the proposal differs from what the rule says, or a warning; null when nothing to add. */
  readonly note: string | null;
  /** The decision the record holds and keeps (the rule does not name it); null when open. */
  readonly kept: HeldDecision | null;
}

/** The defaults: specific cases first (not filed, after the period end), then one rule per outcome. */
export const DEFAULT_PROPOSAL_RULES: readonly ProposalRule[] = [
  {
    name: 'supplier-not-filed',
    when: { supplierNotFiled: true },
    action: 'pending',
    safe: true,
    remark: 'Supplier return not filed yet',
  },
  {
    name: 'dated-after-period',
    when: { afterPeriodEnd: true },
    action: 'pending',
    safe: true,
    remark: 'Document dated {docDate}, after the period end {periodEnd}: ITC in a later period',
  },
  {
    name: 'received-after-period',
    when: { receivedAfterPeriodEnd: true },
    action: 'pending',
    safe: true,
    remark: 'Goods received on {receivedDate}, after the period end {periodEnd} (in transit)',
  },
  { name: 'exact-accept', when: { outcome: ['exact'] }, action: 'accept', safe: true },
  {
    name: 'probable-accept-after-review',
    when: { outcome: ['probable'] },
    action: 'accept',
    safe: false,
  },
  {
    name: 'mismatch-pending',
    when: { outcome: ['mismatch'] },
    action: 'pending',
    safe: true,
    remark: '{difference}',
  },
  {
    name: 'missing-in-books-pending',
    when: { outcome: ['missingInRegister'] },
    action: 'pending',
    safe: true,
    remark: 'Document not found in our purchase register',
  },
];

export interface ProposeInput {
  readonly records: readonly PortalRecord[];
  readonly documents: readonly RegisterDocument[];
  readonly results: readonly MatchResult[];
  readonly rules: readonly ProposalRule[];
  /** Last day of the IMS period being worked; null when unknown. */
  readonly periodEnd: IsoDate | null;
  /** Decides which differences {difference} names; default DEFAULT_TOLERANCES. */
  readonly tolerances?: Tolerances | undefined;
  /** Decisions records already hold (a person's or the portal's), by record key. */
  readonly held?: ReadonlyMap<string, HeldDecision> | undefined;
}

// ---------------------------------------------------------------------------------------------
// The difference text.

const HEAD_NAMES = { igst: 'IGST', cgst: 'CGST', sgst: 'SGST', cess: 'Cess' } as const;

const inr = (p: number): string => formatIndian(p as Paise);

/**
 * What differs between the books and the portal, most important first, for a remark:
 * "Taxable value differs by Rs 500.00 (books 10,000.00, portal 10,500.00)". Only differences
 * beyond the tolerance are named; null when nothing does.
 */
export function describeDifference(
  record: PortalRecord,
  doc: RegisterDocument,
  tolerances: Tolerances = DEFAULT_TOLERANCES,
): string | null {
  const parts: string[] = [];
  const allowed = (x: number, y: number): number =>
    tolerances.amountPaise +
    (tolerances.percent === null
      ? 0
      : Math.floor((tolerances.percent * Math.max(Math.abs(x), Math.abs(y))) / 100));
  const over = (x: number, y: number): boolean => Math.abs(y - x) > allowed(x, y);
  const line = (label: string, books: number, portal: number): string =>
    `${label} differs by ${formatRs(Math.abs(books - portal) as Paise)} (books ${inr(books)}, portal ${inr(portal)})`;
  const p = record.amounts;
  const b = doc.amounts;
  if (record.supplierGstin !== doc.supplierGstin)
    parts.push(`Booked under GSTIN ${doc.supplierGstin}`);
  const docType = SECTION_INFO[record.section].docType;
  if (docType !== doc.docType)
    parts.push(
      `Booked as ${doc.docType === 'invoice' ? 'an invoice' : doc.docType === 'debitNote' ? 'a debit note' : 'a credit note'}`,
    );
  if (over(p.taxable, b.taxable)) parts.push(line('Taxable value', b.taxable, p.taxable));
  const pTax = p.igst + p.cgst + p.sgst + p.cess;
  const bTax = b.igst + b.cgst + b.sgst + b.cess;
  const headsOver = (['igst', 'cgst', 'sgst', 'cess'] as const).filter((h) => over(p[h], b[h]));
  const swap =
    headsOver.length > 0 &&
    !over(pTax, bTax) &&
    ((p.igst > 0 && b.igst === 0 && b.cgst + b.sgst > 0) ||
      (p.igst === 0 && p.cgst + p.sgst > 0 && b.igst > 0 && b.cgst + b.sgst === 0));
  if (swap) {
    const booksHeads = b.igst > 0 ? `IGST ${inr(b.igst)}` : `CGST+SGST ${inr(b.cgst + b.sgst)}`;
    const portalHeads = p.igst > 0 ? `IGST ${inr(p.igst)}` : `CGST+SGST ${inr(p.cgst + p.sgst)}`;
    parts.push(`Tax heads differ (books ${booksHeads}, portal ${portalHeads})`);
  } else {
    for (const h of headsOver) parts.push(line(HEAD_NAMES[h], b[h], p[h]));
    if (headsOver.length === 0 && tolerances.totalTaxCheck && over(pTax, bTax))
      parts.push(line('Total tax', bTax, pTax));
  }
  const pDate =
    record.originalDocDate !== null &&
    doc.docNumber.trim().toUpperCase() === (record.originalDocNumber ?? '').trim().toUpperCase()
      ? record.originalDocDate
      : record.docDate;
  if (fiscalYearOf(pDate) !== fiscalYearOf(doc.docDate)) {
    parts.push(
      `Fiscal year differs (books ${fiscalYearOf(doc.docDate)}, portal ${fiscalYearOf(pDate)})`,
    );
  } else if (Math.abs(daysBetween(pDate, doc.docDate)) > tolerances.dateWindowDays) {
    parts.push(
      `Date differs by ${Math.abs(daysBetween(pDate, doc.docDate))} days (books ${toPortalDate(doc.docDate)}, portal ${toPortalDate(pDate)})`,
    );
  }
  if (parts.length === 0) return null;
  return clip(parts.join('; '));
}

function clip(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  // No more UTF-16 units than the limit: no more characters either (the common case).
  if (one.length <= REMARK_MAX_LENGTH) return one;
  const chars = [...one];
  return chars.length <= REMARK_MAX_LENGTH
    ? one
    : `${chars.slice(0, REMARK_MAX_LENGTH - 3).join('')}...`;
}

// ---------------------------------------------------------------------------------------------

interface Context {
  readonly record: PortalRecord;
  readonly result: MatchResult | undefined;
  readonly outcome: MatchOutcome;
  readonly doc: RegisterDocument | undefined;
  readonly periodEnd: IsoDate | null;
  readonly tolerances: Tolerances;
  readonly held: HeldDecision | undefined;
}

const hasReason = (r: MatchResult | undefined, code: string): boolean =>
  r?.reasons.some((x) => x.code === code) === true;

/** Months the books booked the pair after the portal's date (periodShift:+N); 0 when not shifted. */
function periodShiftOf(r: MatchResult | undefined): number {
  const v = r?.reasons.find((x) => x.code === 'periodShift')?.value;
  return v === undefined ? 0 : Number(v);
}

/** The goods-receipt date, or for a pair booked in a later month without one, the books date. */
function receivedOf(c: Context): IsoDate | null {
  const booked = c.doc !== undefined && periodShiftOf(c.result) > 0 ? c.doc.docDate : null;
  return c.doc?.receivedDate ?? booked;
}

function applies(rule: ProposalRule, c: Context): boolean {
  const w = rule.when;
  if (w.outcome !== undefined && !w.outcome.includes(c.outcome)) return false;
  if (w.sections !== undefined && !w.sections.includes(c.record.section)) return false;
  if (w.supplierNotFiled !== undefined && (c.record.supplierFiled === false) !== w.supplierNotFiled)
    return false;
  if (w.afterPeriodEnd !== undefined) {
    if (c.periodEnd === null) return false;
    if (c.record.docDate > c.periodEnd !== w.afterPeriodEnd) return false;
  }
  if (w.heldAction !== undefined && !w.heldAction.includes(c.held?.action ?? 'noAction'))
    return false;
  if (w.receivedAfterPeriodEnd !== undefined) {
    const received = receivedOf(c);
    if (c.periodEnd === null || received === null) return false;
    if (received > c.periodEnd !== w.receivedAfterPeriodEnd) return false;
  }
  return true;
}

function render(template: string, c: Context): string | null {
  const text = template.replace(/\{(\w+)\}/g, (whole: string, name: string) => {
    switch (name) {
      case 'difference':
        return (
          (c.doc ? describeDifference(c.record, c.doc, c.tolerances) : null) ??
          'Values differ from our books'
        );
      case 'docNumber':
        return c.record.docNumber;
      case 'docDate':
        return toPortalDate(c.record.docDate);
      case 'periodEnd':
        return c.periodEnd === null ? '' : toPortalDate(c.periodEnd);
      case 'receivedDate':
        return ((d) => (d === null ? '' : toPortalDate(d)))(receivedOf(c));
      case 'registerRef':
        return c.doc?.ref ?? '';
      case 'booksNumber':
        return c.doc?.docNumber ?? '';
      case 'supplierGstin':
        return c.record.supplierGstin;
      default:
        return whole;
    }
  });
  const out = clip(text);
  return out === '' ? null : out;
}

const REMARK_CODES = new Set([
  'REMARK_BLOCKED',
  'REMARK_NOT_ALLOWED_ON_ACCEPT',
  'REMARK_NOT_ALLOWED_ON_RESET',
  'REMARK_TOO_LONG',
  'REMARK_INVALID_CHARS',
]);

function pendingFallbackNote(record: PortalRecord, fallback: Action): string {
  const isCreditNote = SECTION_INFO[record.section].docType === 'creditNote';
  const kept =
    fallback === 'noAction'
      ? 'No Action is proposed instead'
      : `the portal's current action (${actionLabel(fallback)}) is kept instead`;
  const why = isCreditNote
    ? 'a credit note that cannot be kept pending is deemed accepted when GSTR-2B is generated, reducing ITC as the law requires; book it, or Reject it before then if you do not recognise it'
    : 'No Action means deemed accepted when GSTR-2B is generated; Accept once the books agree, or Reject if the document is not yours';
  return `Pending is blocked by the portal for this record, so ${kept}: ${why}.`;
}

function finalise(rule: ProposalRule, c: Context): Proposal {
  const record = c.record;
  const notes: string[] = [];
  let safe = rule.safe;
  let action = rule.action;
  let remark = rule.remark === undefined ? null : render(rule.remark, c);
  const amountOnly = hasReason(c.result, 'amountOnly') && c.result?.manual !== true;
  if (amountOnly) {
    safe = false;
    if (action === 'accept') {
      action = 'pending';
      notes.push(
        `Paired on amount and date only: our books hold number ${c.doc?.docNumber ?? '?'}, not ${record.docNumber}. Pending is proposed instead; link the two (gst-ims link) if they are one document, then accept.`,
      );
      remark = clip(
        `Not found under this number in our books; amounts agree with our ${c.doc?.docNumber ?? 'document'}`,
      );
    }
  }
  if (hasReason(c.result, 'gstinTypo')) {
    safe = false;
    notes.push(
      `Our books carry the supplier GSTIN as ${c.doc?.supplierGstin ?? '?'} (a typo of ${record.supplierGstin}): correct the register.`,
    );
  }
  if (action === 'accept' && c.outcome === 'missingInRegister') {
    action = 'pending';
    safe = false;
    notes.push(
      'A record missing in the books is never accepted: Pending is proposed instead (link a purchase to accept it).',
    );
    if (remark === null) remark = 'Document not found in our purchase register';
  }
  let itcReduction: ItcReduction | null = null;
  if (action === 'accept' && declarationRequired(record)) {
    const books = booksDeclaration(record, c.doc);
    if (books === null) itcReduction = { kind: 'full' };
    else {
      itcReduction = books.declaration;
      safe = false;
      notes.push(books.note);
      if (remark === null) remark = clip(books.remark);
    }
  }
  const check = (): string[] =>
    validateDecision(record, {
      action,
      remark,
      itcReduction: action === 'accept' ? itcReduction : null,
    } satisfies Decision).map((i) => i.code);
  let codes = check();
  if (codes.includes('PENDING_BLOCKED')) {
    const fallback: Action = record.portalAction === 'pending' ? 'noAction' : record.portalAction;
    notes.push(pendingFallbackNote(record, fallback));
    action = fallback;
    safe = false;
    codes = check();
  }
  if (remark !== null && codes.some((c) => REMARK_CODES.has(c))) {
    const why = record.remarksBlocked
      ? 'the portal blocks remarks on this record'
      : `${actionLabel(action)} carries no remark`;
    notes.push(`Remark dropped (${why}): "${remark}".`);
    remark = null;
    codes = check();
  }
  if (codes.includes('SUPPLIER_RETURN_NOT_FILED')) {
    safe = false;
    notes.push(
      'Warning: the supplier has not filed the return; consider Pending until it is filed.',
    );
  }
  let kept: HeldDecision | null = null;
  if (c.held !== undefined && rule.when.heldAction === undefined && c.held.action !== action) {
    kept = c.held;
    safe = false;
    notes.push(heldNote(c.held));
  }
  return {
    recordKey: record.key,
    action,
    remark,
    itcReduction: action === 'accept' ? itcReduction : null,
    rule: rule.name,
    safe,
    note: notes.length > 0 ? notes.join(' ') : null,
    kept,
  };
}

/** Why a held decision stays, for notes and the dry run. */
export function heldNote(h: HeldDecision): string {
  const who =
    h.by === 'portal'
      ? `the portal holds ${actionLabel(h.action)}`
      : `${actionLabel(h.action)} was decided by a person (${h.by})`;
  return `Kept: ${who}; no rule names it (a rule with heldAction [${h.action}] may change it).`;
}

/**
 * The books' ITC reduction when the paired books document of a credit note claims less tax than
 * the note in some head: each head the smaller of the two, CGST and SGST equal (the smaller), as
 * the portal takes it. Null when the books claim the note's full tax (or there is no pair).
 */
function booksDeclaration(
  record: PortalRecord,
  doc: RegisterDocument | undefined,
): { declaration: ItcReduction; note: string; remark: string } | null {
  if (doc === undefined) return null;
  const a = record.amounts;
  const b = doc.amounts;
  const cgst = Math.min(a.cgst, b.cgst, a.sgst, b.sgst);
  const d = { igst: Math.min(a.igst, b.igst), cgst, sgst: cgst, cess: Math.min(a.cess, b.cess) };
  if (d.igst === a.igst && d.cgst === a.cgst && d.sgst === a.sgst && d.cess === a.cess) return null;
  const total = d.igst + d.cgst + d.sgst + d.cess;
  const declaration: ItcReduction = {
    kind: 'partial',
    igst: d.igst as Paise,
    cgst: d.cgst as Paise,
    sgst: d.sgst as Paise,
    cess: d.cess as Paise,
  };
  return {
    declaration,
    note: `The books (${doc.ref}) show less tax on this note than the portal (${formatIndian(total as Paise)} against ${formatIndian((a.igst + a.cgst + a.sgst + a.cess) as Paise)}): a partial ITC reduction at the books' figure is proposed; review it before applying (the portal's default would reduce the full tax).`,
    remark: `ITC reduced as per books (${doc.ref}): ${formatRupees(total as Paise)}`,
  };
}

/** One proposal per portal record, in input order: the first rule that applies. */
export function proposeActions(input: ProposeInput): Proposal[] {
  // reconcile() answers one result per record, in record order: look results up by position, and
  // by key only when the inputs do not line up that way.
  let resultOf: Map<string, MatchResult> | null = null;
  const byKey = (key: string): MatchResult | undefined => {
    if (resultOf === null) {
      resultOf = new Map<string, MatchResult>();
      for (const r of input.results) if (r.recordKey !== null) resultOf.set(r.recordKey, r);
    }
    return resultOf.get(key);
  };
  const docOf = new Map<string, RegisterDocument>();
  for (const d of input.documents) docOf.set(d.ref, d);
  const tolerances = input.tolerances ?? DEFAULT_TOLERANCES;
  return input.records.map((record, i) => {
    const at = input.results[i];
    const result = at !== undefined && at.recordKey === record.key ? at : byKey(record.key);
    const ref = result?.registerRef ?? null;
    const doc = ref !== null ? docOf.get(ref) : undefined;
    const c: Context = {
      record,
      result,
      outcome: result?.outcome ?? 'missingInRegister',
      doc,
      periodEnd: input.periodEnd,
      tolerances,
      held: input.held?.get(record.key),
    };
    const rule = input.rules.find((r) => applies(r, c));
    if (rule) return finalise(rule, c);
    return {
      recordKey: record.key,
      action: record.portalAction,
      remark: null,
      itcReduction: null,
      rule: '',
      safe: false,
      note: `No rule applies; the portal's current action (${actionLabel(record.portalAction)}) is kept.`,
      kept: null,
    };
  });
}
