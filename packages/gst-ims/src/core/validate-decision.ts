// The portal's rules for one decision on one record (ims-formats.md sections 3 and 5;
// reconciliation-notes.md 1.8). Returns issues with stable codes; never throws.
import { actionLabel } from './actions.js';
import type { Issue, Severity } from './issue.js';
import { issue } from './issue.js';
import type { IsoDate } from './dates.js';
import { toPortalDate } from './dates.js';
import { declarationRequired } from './itc-declaration.js';
import { formatRs } from './money.js';
import { PENDING_WINDOW_WARN_DAYS, pendingWindow } from './pending-window.js';
import type { Decision, ItcReduction, PortalRecord, TaxHead } from './record.js';
import { TAX_HEADS } from './record.js';
import { SECTIONS, SECTION_INFO } from './sections.js';

/** Longest remark the portal takes, in characters (Unicode code points, not bytes). [3P] */
export const REMARK_MAX_LENGTH = 250;

/** Every code validateDecision can return, with a one-line description (docs, CLI help). */
export const DECISION_RULE_CODES = {
  RECORD_GONE:
    'The record is not in the latest portal download: no decision, not even a reset to No Action, can be uploaded for it.',
  PENDING_BLOCKED:
    'Pending is chosen but the portal blocks Pending for this record (ispendactblocked).',
  PENDING_NOT_YET_ALLOWED:
    'Pending is chosen for a credit note of a GSTR-2B period before October 2025, when credit notes could not be kept Pending (the download carried no ispendactblocked flag).',
  PENDING_WINDOW_CLOSED:
    'Pending is chosen for a credit note whose one-period Pending window has closed: the GSTR-3B due date of the period after its 2B period has passed (the download carried no ispendactblocked flag).',
  PENDING_WINDOW_CLOSING:
    'Warning: the credit note may stay Pending only until the date shown (GSTR-3B due date of the period after its 2B period); decide before then.',
  PENDING_PERIOD_UNKNOWN:
    'Warning: Pending on a credit note whose supplier return period is unknown, so its one-period window cannot be checked (the download carried no ispendactblocked flag).',
  REMARK_BLOCKED:
    'A remark is set but the portal blocks remarks for this record (isRemarksBlocked).',
  REMARK_NOT_ALLOWED_ON_ACCEPT:
    'A remark is set on a plain Accept; remarks go only with Reject, Pending, or Accept declaring a partial or nil ITC reduction.',
  REMARK_NOT_ALLOWED_ON_RESET:
    'A remark is set on No Action; a reset to No Action carries no remark.',
  REMARK_TOO_LONG: `The remark is longer than ${REMARK_MAX_LENGTH} characters.`,
  REMARK_INVALID_CHARS:
    'The remark contains a control character (tab, line break, carriage return or similar).',
  REMARK_REQUIRED:
    'Accept with a partial or nil ITC-reduction declaration needs a remark, and none (or a blank one) is set.',
  ITC_REDUCTION_REQUIRED:
    'Accept of a credit note or ITC-reducing amendment without the ITC-reduction declaration (itcRedReq); the portal refuses it (IMSSAV0054). Declare full, partial or none.',
  ITC_REDUCTION_NOT_ALLOWED:
    'An ITC-reduction declaration is set where the portal takes none: on an action other than Accept, on a section without declarations, or where the record blocks it (isItcRedReqBlocked).',
  ITC_REDUCTION_INVALID_AMOUNT: 'A declared ITC-reduction amount is not a whole number of paise.',
  ITC_REDUCTION_NEGATIVE: 'A declared ITC-reduction amount is below zero.',
  ITC_REDUCTION_EXCEEDS_TAX:
    "A declared ITC-reduction amount is above the document's tax in that head.",
  ITC_REDUCTION_CGST_SGST_UNEQUAL:
    'The declared CGST and SGST reductions differ; they must be equal.',
  SUPPLIER_RETURN_NOT_FILED:
    'Warning: accepting a record whose supplier return is saved but not filed; it reaches GSTR-2B only once filed (consider Pending).',
  NOT_IN_BOOKS:
    'Warning: accepting a record the last reconciliation found missing in the purchase register (missing_in_register); ITC is claimed on a document the books do not show.',
} as const;

export type DecisionRuleCode = keyof typeof DECISION_RULE_CODES;

/** Severity of each code: all are errors except the supplier-not-filed warning. */
export const DECISION_RULE_SEVERITY: Readonly<Record<DecisionRuleCode, Severity>> = {
  RECORD_GONE: 'error',
  PENDING_BLOCKED: 'error',
  PENDING_NOT_YET_ALLOWED: 'error',
  PENDING_WINDOW_CLOSED: 'error',
  PENDING_WINDOW_CLOSING: 'warning',
  PENDING_PERIOD_UNKNOWN: 'warning',
  ITC_REDUCTION_REQUIRED: 'error',
  REMARK_BLOCKED: 'error',
  REMARK_NOT_ALLOWED_ON_ACCEPT: 'error',
  REMARK_NOT_ALLOWED_ON_RESET: 'error',
  REMARK_TOO_LONG: 'error',
  REMARK_INVALID_CHARS: 'error',
  REMARK_REQUIRED: 'error',
  ITC_REDUCTION_NOT_ALLOWED: 'error',
  ITC_REDUCTION_INVALID_AMOUNT: 'error',
  ITC_REDUCTION_NEGATIVE: 'error',
  ITC_REDUCTION_EXCEEDS_TAX: 'error',
  ITC_REDUCTION_CGST_SGST_UNEQUAL: 'error',
  SUPPLIER_RETURN_NOT_FILED: 'warning',
  NOT_IN_BOOKS: 'warning',
};

const HEAD_LABEL: Readonly<Record<TaxHead, string>> = {
  igst: 'IGST',
  cgst: 'CGST',
  sgst: 'SGST',
  cess: 'cess',
};

const DECLARATION_SECTIONS = SECTIONS.filter((s) => SECTION_INFO[s].itcReductionAllowed).join(', ');

// C0 controls (includes tab, LF, CR), DEL and C1 controls.
// eslint-disable-next-line no-control-regex
const CONTROL_CHAR = /[\u0000-\u001f\u007f-\u009f]/u;

export interface ValidateDecisionContext {
  /** The record is missing from the latest portal download. */
  readonly gone?: boolean;
  /**
   * The caller's date, for the time limits the engine applies itself (Pending on credit notes
   * when the portal's flag is absent). Without it only the date-free rules run.
   */
  readonly today?: IsoDate | null;
  /**
   * Whether the last reconciliation found the record in the purchase register: false gives the
   * NOT_IN_BOOKS warning on Accept; true, null or absent (never reconciled) nothing.
   */
  readonly inBooks?: boolean | null;
}

/**
 * Checks one decision against the portal's rules. Design choices where the sources are silent:
 * - A gone record yields RECORD_GONE only (a reset, which drops the decision, is allowed): nothing
 *   else matters when nothing can be uploaded.
 * - A remark is "set" when it is a non-empty string; a blank (whitespace-only) remark does not
 *   satisfy REMARK_REQUIRED. A remark refused outright (blocked, or wrong action) is not also
 *   checked for length and characters: the fix is to remove it.
 * - REMARK_REQUIRED is not raised when the record blocks remarks (the user could not comply), nor
 *   when the declaration itself is refused with ITC_REDUCTION_NOT_ALLOWED.
 * - An Accept declaring a full reduction counts as a plain Accept for remarks.
 * - Amount checks run only on a declaration that is allowed at all.
 */
export function validateDecision(
  record: PortalRecord,
  decision: Decision,
  ctx: ValidateDecisionContext = {},
): Issue[] {
  const key = record.key;
  const make = (code: DecisionRuleCode, field: string | null, message: string): Issue =>
    issue(code, DECISION_RULE_SEVERITY[code], key, field, `${key}: ${message}`);

  // A reset is the way to drop a decision on a record that left the portal: it is never uploaded.
  if (ctx.gone === true && decision.action !== 'noAction') {
    return [
      make(
        'RECORD_GONE',
        'action',
        `the record is no longer in the latest portal download, so no decision can be uploaded for it (${actionLabel(decision.action)} was chosen). Reset it to drop the decision, or import a newer download that contains the record.`,
      ),
    ];
  }
  if (ctx.gone === true) return [];

  const out: Issue[] = [];
  const { action, remark, itcReduction } = decision;

  if (action === 'pending' && record.pendingBlocked) {
    out.push(
      make(
        'PENDING_BLOCKED',
        'action',
        'Pending is not allowed: the portal blocks Pending for this record. Choose Accept, Reject or No Action.',
      ),
    );
  } else if (action === 'pending' && record.pendingFlagAbsent === true) {
    out.push(...checkPendingWindow(record, ctx.today ?? null, make));
  }

  // Remarks.
  const hasRemark = remark !== null && remark !== '';
  const declaresPartialOrNil =
    itcReduction !== null && (itcReduction.kind === 'partial' || itcReduction.kind === 'none');
  if (hasRemark) {
    // Only messages about a refused remark quote it.
    const shown = (): string => previewRemark(remark);
    let refused = false;
    if (record.remarksBlocked) {
      refused = true;
      out.push(
        make(
          'REMARK_BLOCKED',
          'remark',
          `a remark is set (${shown()}) but the portal does not allow remarks on this record. Remove the remark.`,
        ),
      );
    }
    if (action === 'noAction') {
      refused = true;
      out.push(
        make(
          'REMARK_NOT_ALLOWED_ON_RESET',
          'remark',
          `a remark is set (${shown()}) with No Action; a reset to No Action carries no remark. Remove the remark.`,
        ),
      );
    } else if (action === 'accept' && !declaresPartialOrNil) {
      refused = true;
      const what =
        itcReduction?.kind === 'full'
          ? 'an Accept declaring a full ITC reduction'
          : 'a plain Accept';
      out.push(
        make(
          'REMARK_NOT_ALLOWED_ON_ACCEPT',
          'remark',
          `a remark is set (${shown()}) with ${what}; the portal takes remarks only with Reject, Pending, or an Accept declaring a partial or nil ITC reduction. Remove the remark or change the action.`,
        ),
      );
    }
    if (!refused) {
      const length = [...remark].length;
      if (length > REMARK_MAX_LENGTH) {
        out.push(
          make(
            'REMARK_TOO_LONG',
            'remark',
            `the remark is ${length} characters long; the portal allows at most ${REMARK_MAX_LENGTH}. Shorten it by ${length - REMARK_MAX_LENGTH}.`,
          ),
        );
      }
      const bad = CONTROL_CHAR.exec(remark);
      if (bad) {
        const position = [...remark.slice(0, bad.index)].length + 1;
        out.push(
          make(
            'REMARK_INVALID_CHARS',
            'remark',
            `the remark contains a control character (${describeControl(bad[0])}) at character ${position}; write it as a single line without tabs or line breaks.`,
          ),
        );
      }
    }
  }

  // ITC-reduction declaration.
  if (itcReduction !== null) {
    const reasons: string[] = [];
    if (action !== 'accept')
      reasons.push(
        `the portal takes a declaration only with Accept, not with ${actionLabel(action)}`,
      );
    const info = SECTION_INFO[record.section];
    if (!info.itcReductionAllowed) {
      reasons.push(
        `section ${record.section} (${info.label}) takes no declaration; only ${DECLARATION_SECTIONS} do`,
      );
    }
    if (record.itcReductionBlocked)
      reasons.push('the portal blocks the declaration for this record');
    if (reasons.length > 0) {
      out.push(
        make(
          'ITC_REDUCTION_NOT_ALLOWED',
          'itcReduction',
          `an ITC-reduction declaration (${describeReduction(itcReduction)}) is not allowed: ${reasons.join('; ')}. Remove the declaration.`,
        ),
      );
    } else {
      if (itcReduction.kind === 'partial') out.push(...checkAmounts(record, itcReduction, make));
      if (
        declaresPartialOrNil &&
        !record.remarksBlocked &&
        (remark === null || remark.trim() === '')
      ) {
        const kind = itcReduction.kind === 'partial' ? 'a partial' : 'a nil';
        out.push(
          make(
            'REMARK_REQUIRED',
            'remark',
            `Accept with ${kind} ITC-reduction declaration needs a remark explaining it, and ${remark === null || remark === '' ? 'none is set' : 'the remark is blank'}. Add a remark.`,
          ),
        );
      }
    }
  }

  if (action === 'accept' && itcReduction === null && declarationRequired(record)) {
    out.push(
      make(
        'ITC_REDUCTION_REQUIRED',
        'itcReduction',
        `accepting a ${SECTION_INFO[record.section].label.replace(/s$/, '').toLowerCase()} needs the ITC-reduction declaration (full, partial or none); the portal refuses an Accept without it (IMSSAV0054). Accept again choosing the declaration (full is the portal's default).`,
      ),
    );
  }

  if (action === 'accept' && ctx.inBooks === false) {
    out.push(
      make(
        'NOT_IN_BOOKS',
        'action',
        'accepting a record the last reconciliation found missing in the purchase register; book the purchase (or link it: gst-ims link) before claiming its ITC, or keep it Pending.',
      ),
    );
  }

  if (action === 'accept' && record.supplierFiled === false) {
    out.push(
      make(
        'SUPPLIER_RETURN_NOT_FILED',
        'action',
        'accepting a record whose supplier has saved but not filed the return; it reaches GSTR-2B only once filed, and the supplier may still change it. Consider Pending until it is filed.',
      ),
    );
  }

  return out;
}

type Maker = (code: DecisionRuleCode, field: string | null, message: string) => Issue;

function checkPendingWindow(record: PortalRecord, today: IsoDate | null, make: Maker): Issue[] {
  const w = pendingWindow(record, today);
  switch (w.kind) {
    case 'unlimited':
      return [];
    case 'unknown':
      return [
        make(
          'PENDING_PERIOD_UNKNOWN',
          'action',
          'the supplier return period of this credit note is unknown, so its one-period Pending window cannot be checked; the portal may refuse Pending.',
        ),
      ];
    case 'beforeOct2025':
      return [
        make(
          'PENDING_NOT_YET_ALLOWED',
          'action',
          `Pending is not allowed: this credit note falls in the GSTR-2B period ${w.period}, before October 2025, when credit notes could not be kept Pending. Choose Accept or Reject.`,
        ),
      ];
    case 'closed':
      return [
        make(
          'PENDING_WINDOW_CLOSED',
          'action',
          `Pending is not allowed: a credit note may stay Pending only until ${toPortalDate(w.until)} (the GSTR-3B due date of the period after its 2B period), and that date has passed. Choose Accept or Reject.`,
        ),
      ];
    case 'open':
      if (w.daysLeft !== null && w.daysLeft <= PENDING_WINDOW_WARN_DAYS) {
        return [
          make(
            'PENDING_WINDOW_CLOSING',
            'action',
            `this credit note may stay Pending only until ${toPortalDate(w.until)} (${w.daysLeft} day${w.daysLeft === 1 ? '' : 's'} left); after that it must be accepted or rejected, or it is deemed accepted.`,
          ),
        ];
      }
      return [];
  }
}

function checkAmounts(
  record: PortalRecord,
  d: Extract<ItcReduction, { kind: 'partial' }>,
  make: Maker,
): Issue[] {
  const out: Issue[] = [];
  let allWhole = true;
  for (const head of TAX_HEADS) {
    const declared = d[head];
    const field = `itcReduction.${head}`;
    if (!Number.isSafeInteger(declared)) {
      allWhole = false;
      out.push(
        make(
          'ITC_REDUCTION_INVALID_AMOUNT',
          field,
          `the declared ${HEAD_LABEL[head]} reduction (${String(declared)} paise) is not a whole number of paise.`,
        ),
      );
      continue;
    }
    const tax = record.amounts[head];
    if (declared < 0) {
      out.push(
        make(
          'ITC_REDUCTION_NEGATIVE',
          field,
          `the declared ${HEAD_LABEL[head]} reduction is ${formatRs(declared)}; it must be 0 or more.`,
        ),
      );
    } else if (declared > tax) {
      out.push(
        make(
          'ITC_REDUCTION_EXCEEDS_TAX',
          field,
          `the declared ${HEAD_LABEL[head]} reduction of ${formatRs(declared)} exceeds the document's ${HEAD_LABEL[head]} of ${formatRs(tax)}; declare at most ${formatRs(tax)}.`,
        ),
      );
    }
  }
  if (allWhole && d.cgst !== d.sgst) {
    out.push(
      make(
        'ITC_REDUCTION_CGST_SGST_UNEQUAL',
        'itcReduction.sgst',
        `the declared CGST reduction (${formatRs(d.cgst)}) and SGST reduction (${formatRs(d.sgst)}) differ; they must be equal.`,
      ),
    );
  }
  return out;
}

function previewRemark(remark: string): string {
  const chars = [...remark];
  const short = chars.length > 40 ? `${chars.slice(0, 40).join('')}...` : remark;
  return JSON.stringify(short);
}

function describeControl(ch: string): string {
  switch (ch) {
    case '\t':
      return 'tab';
    case '\n':
      return 'line feed';
    case '\r':
      return 'carriage return';
    default:
      return `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  }
}

function describeReduction(r: ItcReduction): string {
  switch (r.kind) {
    case 'full':
      return 'full reduction';
    case 'none':
      return 'nil reduction';
    case 'partial':
      return `partial: IGST ${formatRs(r.igst)}, CGST ${formatRs(r.cgst)}, SGST ${formatRs(r.sgst)}, cess ${formatRs(r.cess)}`;
  }
}

/** Remarks: null and "" both mean "no remark". */
function sameRemark(a: string | null, b: string | null): boolean {
  return (a ?? '') === (b ?? '');
}

function sameReduction(a: ItcReduction | null, b: ItcReduction | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.kind !== b.kind) return false;
  if (a.kind === 'partial' && b.kind === 'partial') return TAX_HEADS.every((h) => a[h] === b[h]);
  return true;
}

/** Full comparison of two decisions: action, remark (null equals "") and declaration (deep). */
export function decisionEquals(a: Decision, b: Decision): boolean {
  return (
    a.action === b.action &&
    sameRemark(a.remark, b.remark) &&
    sameReduction(a.itcReduction, b.itcReduction)
  );
}

/**
 * The decision differs from what the portal holds and so belongs in an upload: the action
 * differs from record.portalAction, or (same action, other than No Action) the remark or the
 * declaration differs from the portal's. Remark and declaration are ignored on No Action, which
 * carries neither.
 */
export function isDirty(
  record: Pick<PortalRecord, 'portalAction' | 'portalRemark' | 'portalItcReduction'>,
  decision: Decision,
): boolean {
  if (decision.action !== record.portalAction) return true;
  if (decision.action === 'noAction') return false;
  return (
    !sameRemark(decision.remark, record.portalRemark) ||
    !sameReduction(decision.itcReduction, record.portalItcReduction)
  );
}
