// A period's GSTR-2B against the workspace (issue 12): (a) against the IMS decisions, to tell when
// the 2B was generated before the last actions and must be recomputed on the portal before 3B is
// filed; (b) its totals against the projection of the decisions.
import type { Action } from './actions.js';
import { fiscalYearOf } from './dates.js';
import type { Gstr2bTable4 } from './gstr2b-totals.js';
import { ZERO_HEADS, addHeads } from './gstr2b-totals.js';
import type { Gstr2b, Gstr2bDocument, Heads } from './parse-gstr2b.js';
import type { PortalRecord } from './record.js';
import type { Section } from './sections.js';
import { SECTION_INFO } from './sections.js';
import { isDirty } from './validate-decision.js';
import type { WorkspaceRecord } from './workspace-record.js';

/** Stable codes of the decisions-vs-2B findings. */
export const TWOB_FINDING_CODES = {
  /** Accepted or left on No Action (deemed accepted), yet not among the 2B's counted documents. */
  acceptedMissing: 'TWOB_ACCEPTED_MISSING',
  /** Rejected, yet counted in the 2B. */
  rejectedPresent: 'TWOB_REJECTED_PRESENT',
  /** Kept Pending, yet counted in the 2B. */
  pendingPresent: 'TWOB_PENDING_PRESENT',
} as const;
export type TwoBFindingCode = (typeof TWOB_FINDING_CODES)[keyof typeof TWOB_FINDING_CODES];

export interface TwoBFinding {
  readonly code: TwoBFindingCode;
  readonly recordKey: string;
  readonly action: Action;
  /** The decision still waits for upload: upload it first, then recompute. */
  readonly notUploaded: boolean;
  readonly message: string;
}

export interface DecisionsVs2b {
  readonly findings: readonly TwoBFinding[];
  /** Any finding: "recompute the 2B on the portal before filing 3B". */
  readonly recompute: boolean;
  /** IMS-kind documents of the 2B (not reverse charge) that no workspace record matches. */
  readonly unknownDocuments: readonly Gstr2bDocument[];
  /** Records of the period compared. */
  readonly compared: number;
}

/** The 2B section and note type an IMS section's documents appear under. */
const TWOB_PLACE: Readonly<Record<Section, string>> = {
  b2b: 'b2b',
  b2ba: 'b2ba',
  b2bdn: 'cdnr:debitNote',
  b2bdna: 'cdnra:debitNote',
  b2bcn: 'cdnr:creditNote',
  b2bcna: 'cdnra:creditNote',
  ecom: 'ecom',
  ecoma: 'ecoma',
};

const fold = (n: string): string => n.trim().toUpperCase();

function recordIdentity(r: PortalRecord): string {
  return `${TWOB_PLACE[r.section]}|${r.supplierGstin.toUpperCase()}|${fold(r.docNumber)}|${fiscalYearOf(r.docDate)}`;
}

function documentIdentity(d: Gstr2bDocument): string | null {
  if (d.supplierGstin === null || d.docDate === null) return null;
  const place =
    d.section === 'cdnr' || d.section === 'cdnra' ? `${d.section}:${d.docType}` : d.section;
  return `${place}|${d.supplierGstin}|${fold(d.docNumber)}|${fiscalYearOf(d.docDate)}`;
}

const IMS_KIND = new Set(['b2b', 'b2ba', 'cdnr', 'cdnra', 'ecom', 'ecoma']);

/**
 * `records` are the workspace's records of the 2B's period (not gone). A record whose supplier has
 * not filed is in no 2B and is not compared.
 */
export function compareDecisionsWith2b(
  records: readonly WorkspaceRecord[],
  twoB: Gstr2b,
): DecisionsVs2b {
  const counted = new Map<string, Gstr2bDocument>();
  for (const d of twoB.documents) {
    const id = d.list === 'docdata' ? documentIdentity(d) : null;
    if (id !== null) counted.set(id, d);
  }
  const seen = new Set<string>();
  const findings: TwoBFinding[] = [];
  let compared = 0;
  for (const { record, state } of records) {
    if (record.supplierFiled === false) continue;
    compared++;
    const id = recordIdentity(record);
    seen.add(id);
    const present = counted.has(id);
    const action = state.decision.action;
    const notUploaded = isDirty(record, state.decision);
    const label = `${SECTION_INFO[record.section].label.replace(/s$/, '')} ${record.docNumber} of ${record.supplierGstin}`;
    const then = notUploaded ? 'upload the decision, then recompute the 2B' : 'recompute the 2B';
    if ((action === 'accept' || action === 'noAction') && !present) {
      findings.push({
        code: TWOB_FINDING_CODES.acceptedMissing,
        recordKey: record.key,
        action,
        notUploaded,
        message: `${label} is ${action === 'accept' ? 'accepted' : 'on No Action (deemed accepted)'} but not counted in the 2B: ${then}`,
      });
    } else if (action === 'reject' && present) {
      findings.push({
        code: TWOB_FINDING_CODES.rejectedPresent,
        recordKey: record.key,
        action,
        notUploaded,
        message: `${label} is rejected but counted in the 2B: ${then}`,
      });
    } else if (action === 'pending' && present) {
      findings.push({
        code: TWOB_FINDING_CODES.pendingPresent,
        recordKey: record.key,
        action,
        notUploaded,
        message: `${label} is kept Pending but counted in the 2B: ${then}`,
      });
    }
  }
  const unknownDocuments = [...counted.entries()]
    .filter(([id, d]) => !seen.has(id) && IMS_KIND.has(d.section) && !d.reverseCharge)
    .map(([, d]) => d);
  return { findings, recompute: findings.length > 0, unknownDocuments, compared };
}

export interface TotalsVs2b {
  /** Net ITC the decisions project for the period (available less credit notes). */
  readonly projected: Heads;
  /** The 2B's all-other ITC, 4(A)(5): what IMS feeds. */
  readonly twoB: Heads;
  /** twoB - projected, per head. */
  readonly difference: Heads;
  readonly equal: boolean;
}

export function compareTotalsWith2b(projected: Heads, table4: Gstr2bTable4): TotalsVs2b {
  const difference = addHeads(table4.allOther, projected, -1);
  const equal =
    difference.igst === 0 &&
    difference.cgst === 0 &&
    difference.sgst === 0 &&
    difference.cess === 0;
  return { projected: addHeads(ZERO_HEADS, projected), twoB: table4.allOther, difference, equal };
}
