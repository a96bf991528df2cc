// What the decision dialog asks the engine, and what it makes of the engine's dry run: pure, so
// the dialog's rules (when to ask for a remark, what the primary button does) are tested alone.
import type {
  DecidePayload,
  DecideRequest,
  DecideVerb,
} from '../../../../gst-ims/src/server/api-types.js';
import { count, plural } from '../../format.js';

export const VERB_LABEL: Readonly<Record<DecideVerb, string>> = {
  accept: 'Accept',
  reject: 'Reject',
  pending: 'Keep pending',
  reset: 'Reset to No Action',
};
export const VERB_DONE: Readonly<Record<DecideVerb, string>> = {
  accept: 'Accepted',
  reject: 'Rejected',
  pending: 'Set to Pending',
  reset: 'Reset to No Action',
};

/**
 * The one answer to the ITC-reduction question for the whole selection. `full` is the portal's
 * default and is sent as no declaration: the engine then sets full on the records that need one
 * and keeps the portal's own declaration on records it already holds as accepted.
 */
export type Reduction = 'full' | 'partial' | 'none';

export const REDUCTION_CHOICES: readonly (readonly [Reduction, string])[] = [
  ['full', 'Reduce ITC by the full tax on the note (default)'],
  ['partial', 'Reduce by part (amounts per head)'],
  ['none', 'No reduction (ITC never availed / already reversed)'],
];

export const TAX_HEADS = ['igst', 'cgst', 'sgst', 'cess'] as const;
export type Amounts = Record<(typeof TAX_HEADS)[number], string>;
export const NO_AMOUNTS: Amounts = { igst: '', cgst: '', sgst: '', cess: '' };

/** The records the declaration went to (or will): given, set by default, or kept as the portal holds it. */
export const declaredCount = (p: DecidePayload): number =>
  p.declarations.given + p.declarations.defaulted + p.declarations.kept;

/** Reject and Pending take a remark; an Accept only with a partial or no reduction. */
export const remarkShownFor = (verb: DecideVerb, declarable: boolean, r: Reduction): boolean =>
  verb === 'reject' || verb === 'pending' || (declarable && (r === 'partial' || r === 'none'));

export interface DialogInput {
  readonly gstin: string;
  readonly keys: string[];
  readonly verb: DecideVerb;
  /** Some selected record takes the ITC-reduction declaration (Accept only). */
  readonly declarable: boolean;
  readonly reduction: Reduction;
  readonly amounts: Amounts;
  readonly remark: string;
}

/** The declaration a decision's request carries (POST /api/decide and the bulk job alike). */
export type ItcReductionAnswer = NonNullable<DecideRequest['itcReduction']> | null;

/**
 * The declaration a request carries for the dialog's answer: none for `full` (the engine's
 * default) or when no record takes one, the amounts of a part with blank heads as 0.
 */
export function itcReductionOf(
  declarable: boolean,
  reduction: Reduction,
  amounts: Amounts,
): ItcReductionAnswer {
  if (!declarable || reduction === 'full') return null;
  if (reduction === 'none') return { kind: 'none' };
  return {
    kind: 'partial',
    igst: amounts.igst || '0',
    cgst: amounts.cgst || '0',
    sgst: amounts.sgst || '0',
    cess: amounts.cess || '0',
  };
}

/** The request the dialog's inputs make: a remark only where one is asked, blank heads as 0. */
export function decideRequest(i: DialogInput): DecideRequest {
  const itcReduction = itcReductionOf(i.declarable, i.reduction, i.amounts);
  const remarkShown = remarkShownFor(i.verb, i.declarable, i.reduction);
  return {
    gstin: i.gstin,
    keys: i.keys,
    verb: i.verb,
    remark: remarkShown && i.remark.trim() ? i.remark : null,
    itcReduction,
  };
}

export type Refusal = DecidePayload['refused'][number];

/** The dry run as the dialog shows it, and what its primary button may do. */
export interface PreviewReading {
  /** Refusals per rule code, in the order met. */
  readonly refusedByCode: ReadonlyMap<string, number>;
  /** Records refused (a record may break more than one rule). */
  readonly refusedRecords: number;
  /** Warnings per code, with the first one's text. */
  readonly warningsByCode: ReadonlyMap<string, { n: number; example: string }>;
  /** The engine asks for a remark: the dialog's own input to fix, said once at the remark. */
  readonly remarkRefusals: readonly Refusal[];
  /** The refusals the table lists (those at the remark left out). */
  readonly listed: readonly Refusal[];
  /** Nothing refused, something changes: "Accept N records". */
  readonly canApplyAll: boolean;
  /** Some refused, others change, no remark missing: "Accept the N allowed; leave M refused". */
  readonly canApplyAllowed: boolean;
}

export function readPreview(p: DecidePayload, remarkShown: boolean): PreviewReading {
  const refusedByCode = new Map<string, number>();
  for (const r of p.refused) refusedByCode.set(r.code, (refusedByCode.get(r.code) ?? 0) + 1);
  const warningsByCode = new Map<string, { n: number; example: string }>();
  for (const w of p.warnings) {
    const cur = warningsByCode.get(w.code);
    warningsByCode.set(w.code, { n: (cur?.n ?? 0) + 1, example: cur?.example ?? w.message });
  }
  // A missing remark is not records to leave out: no "apply to the others" while it is asked.
  const remarkRefusals = p.refused.filter((r) => r.code === 'REMARK_REQUIRED');
  const listed = remarkShown ? p.refused.filter((r) => r.code !== 'REMARK_REQUIRED') : p.refused;
  return {
    refusedByCode,
    refusedRecords: new Set(p.refused.map((r) => r.recordKey)).size,
    warningsByCode,
    remarkRefusals,
    listed,
    canApplyAll: p.refused.length === 0 && p.changed > 0,
    canApplyAllowed: p.refused.length > 0 && p.changed > 0 && remarkRefusals.length === 0,
  };
}

/** The toast after a decision: what changed, what the refusals left, the declaration notes. */
export function doneMessage(verb: DecideVerb, r: DecidePayload): string {
  const left = r.refused.length
    ? `; ${plural(r.refused.length, 'refused record')} left unchanged`
    : '';
  const done = r.changed
    ? `${VERB_DONE[verb]}: ${plural(r.changed, 'record')}${left}.`
    : 'Nothing changed: every record was already so.';
  return [done, ...(r.changed ? r.declarationNotes : [])].join(' ');
}

/** A refusal's or a warning's text without the record key the engine puts first. */
export const withoutKey = (r: Refusal): string => r.message.replace(`${r.recordKey}: `, '');

/** "IMSSAV0010 (3), REMARK_REQUIRED (1)". */
export const codesText = (byCode: ReadonlyMap<string, number>): string =>
  [...byCode].map(([c, n]) => `${c} (${count(n)})`).join(', ');
