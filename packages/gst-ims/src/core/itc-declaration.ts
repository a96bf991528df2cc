// Which records carry the ITC-reduction declaration on Accept, and how one answer given for a
// selection (CLI flag, web dialog, Excel column, a rule) becomes each record's decision
// (itc-reduction.md §3, §4; ims-formats.md §5 rule 6).
import type { Decision, ItcReduction, PortalRecord } from './record.js';
import { SECTION_INFO } from './sections.js';

/** The default when the user says nothing: the portal's own default answer ("Yes", reduce). */
export const DEFAULT_ITC_REDUCTION: ItcReduction = Object.freeze({ kind: 'full' });

/** The record can carry a declaration on Accept: its section takes one and the portal does not block it. */
export function takesDeclaration(record: PortalRecord): boolean {
  return SECTION_INFO[record.section].itcReductionAllowed && !record.itcReductionBlocked;
}

/** An Accept of this record must carry a declaration, or the portal refuses it (IMSSAV0054). */
export function declarationRequired(record: PortalRecord): boolean {
  return SECTION_INFO[record.section].itcReductionRequired && !record.itcReductionBlocked;
}

/** How fitDecision treated the declaration of one record. */
export type DeclarationFit =
  /** Not an Accept, or the record takes no declaration and none was given. */
  | 'none'
  /** The declaration given applies to the record. */
  | 'given'
  /** None was given and the record needs one: the default (full) was set. */
  | 'defaulted'
  /** None was given; the portal already holds an Accept of the record, whose declaration (if any) stays. */
  | 'kept'
  /** A declaration was given for the selection, but this record takes none: it was left off. */
  | 'notApplicable';

/**
 * One decision for a selection, fitted to one record:
 * - an Accept of a record that takes no declaration (an invoice, a blocked note) carries none,
 *   whatever was given for the selection: one answer in a bulk action applies to the records
 *   that take it, as on the portal;
 * - an Accept without a declaration of a record that needs one keeps the declaration the portal
 *   holds when the portal already has it accepted (so accepting again uploads nothing), and
 *   otherwise gets the default, a full reduction;
 * - anything else is returned as given (the rules then judge it).
 */
export function fitDecision(
  record: PortalRecord,
  decision: Decision,
): { decision: Decision; fit: DeclarationFit } {
  if (decision.action !== 'accept') return { decision, fit: 'none' };
  if (!takesDeclaration(record)) {
    if (decision.itcReduction === null) return { decision, fit: 'none' };
    // The remark came with the declaration (partial and nil ones need it); a plain Accept takes none.
    return { decision: { ...decision, itcReduction: null, remark: null }, fit: 'notApplicable' };
  }
  if (decision.itcReduction !== null) return { decision, fit: 'given' };
  if (!declarationRequired(record)) return { decision, fit: 'none' };
  // Even an Accept the portal took before declarations existed (none held): re-sending it would
  // change nothing the user asked for.
  if (record.portalAction === 'accept') {
    return { decision: { ...decision, itcReduction: record.portalItcReduction }, fit: 'kept' };
  }
  return { decision: { ...decision, itcReduction: DEFAULT_ITC_REDUCTION }, fit: 'defaulted' };
}

/** Counts of fitDecision outcomes over a selection, for the words shown to the user. */
export type DeclarationCounts = Readonly<Record<DeclarationFit, number>>;

export function emptyDeclarationCounts(): Record<DeclarationFit, number> {
  return { none: 0, given: 0, defaulted: 0, kept: 0, notApplicable: 0 };
}

function describeKind(r: ItcReduction): string {
  switch (r.kind) {
    case 'full':
      return 'full reduction';
    case 'none':
      return 'no reduction';
    case 'partial':
      return 'partial reduction';
  }
}

/**
 * The words every shell shows after a decision on a selection: which records got which
 * declaration, so that the default is never applied unseen. Empty when no record takes one.
 */
export function declarationSummary(
  counts: DeclarationCounts,
  asked: ItcReduction | null,
): string[] {
  const out: string[] = [];
  const n = (k: number) => `${k} record${k === 1 ? '' : 's'}`;
  if (counts.defaulted > 0)
    out.push(
      `ITC-reduction declaration: full reduction (the portal's default) on ${n(counts.defaulted)}, as none was chosen; choose partial or none to declare otherwise.`,
    );
  if (counts.given > 0 && asked !== null)
    out.push(`ITC-reduction declaration: ${describeKind(asked)} on ${n(counts.given)}.`);
  if (counts.kept > 0)
    out.push(
      `ITC-reduction declaration: ${n(counts.kept)} already accepted on the portal keep the declaration the portal holds.`,
    );
  if (counts.notApplicable > 0)
    out.push(
      `The ITC-reduction declaration (and its remark) was left off ${n(counts.notApplicable)} that take none (invoices, debit notes, or blocked by the portal): a plain Accept.`,
    );
  return out;
}
