// What undoing an audit event would restore, record by record, from the audit log and the
// records as they are now. Pure: the app loads the entries and records, and sends each restored
// decision through the same rules as any decision (planDecisions).
import type { Action } from './actions.js';
import { actionLabel } from './actions.js';
import type { Decision, ItcReduction } from './record.js';
import { decisionEquals } from './validate-decision.js';
import { describeAuditSource, parseAuditSource } from './vocabulary/audit-sources.js';
import type { UndoSkipCode } from './vocabulary/undo-skip-codes.js';
import type { WorkspaceRecord } from './workspace-record.js';
import { portalDecision } from './workspace-record.js';

/** One audit entry as undo reads it (the store's AuditEntry fits): ids order the log. */
export interface AuditStep {
  /** The entry's own id (its change row); entries without one are ignored. */
  readonly id?: number | undefined;
  readonly at: string;
  readonly user: string;
  readonly recordKey: string;
  readonly fromAction: Action;
  readonly toAction: Action;
  readonly remark: string | null;
  readonly itcReduction: ItcReduction | null;
  readonly source: string;
}

export interface UndoSkip {
  readonly recordKey: string;
  readonly code: UndoSkipCode;
  readonly message: string;
}

export interface UndoItem {
  readonly current: WorkspaceRecord;
  /** The decision the record had before the event. */
  readonly decision: Decision;
}

export interface UndoPlan {
  readonly items: UndoItem[];
  readonly skipped: UndoSkip[];
}

/**
 * The decision an entry set. An import's entry (a download that reset a decision) keeps the
 * remark and declaration of the decision it reset: a No Action carries neither.
 */
export function decisionSet(e: Pick<AuditStep, 'toAction' | 'remark' | 'itcReduction'>): Decision {
  return {
    action: e.toAction,
    remark: e.toAction === 'noAction' ? null : e.remark,
    itcReduction: e.toAction === 'accept' ? e.itcReduction : null,
  };
}

const NO_ACTION: Decision = { action: 'noAction', remark: null, itcReduction: null };

/**
 * For each entry of the event (one per record it changed): the decision to restore, or why the
 * record is left as it is. `trail` holds every audit entry of the event's records, the event's
 * own included, in any order; `records` the records as the workspace holds them now.
 *
 * The decision before the event is the one the record's previous entry set, when that entry
 * ended in the action the event found; without such an entry the record was undecided, and held
 * what the portal held (its action then is the event's `fromAction`). A record whose portal
 * action moved in between without an entry is not guessed at (UNDO_PREVIOUS_UNKNOWN).
 */
export function planUndo(
  event: readonly AuditStep[],
  trail: readonly AuditStep[],
  records: ReadonlyMap<string, WorkspaceRecord>,
): UndoPlan {
  const byKey = new Map<string, AuditStep[]>();
  for (const e of trail) {
    if (e.id === undefined) continue;
    const list = byKey.get(e.recordKey);
    if (list === undefined) byKey.set(e.recordKey, [e]);
    else list.push(e);
  }
  for (const list of byKey.values()) list.sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
  const items: UndoItem[] = [];
  const skipped: UndoSkip[] = [];
  for (const e of event) {
    const verdict = undoOne(e, byKey.get(e.recordKey) ?? [], records.get(e.recordKey));
    if ('code' in verdict) skipped.push(verdict);
    else items.push(verdict);
  }
  return { items, skipped };
}

function undoOne(
  e: AuditStep,
  trail: readonly AuditStep[],
  current: WorkspaceRecord | undefined,
): UndoItem | UndoSkip {
  const key = e.recordKey;
  const skip = (code: UndoSkipCode, why: string): UndoSkip => ({
    recordKey: key,
    code,
    message: `${key}: ${why}`,
  });
  if (current === undefined) return skip('UNDO_RECORD_MISSING', 'the workspace no longer holds it');
  const id = e.id ?? 0;
  const later = trail.find((t) => (t.id ?? 0) > id);
  if (later !== undefined) {
    if (parseAuditSource(later.source)?.kind === 'import')
      return skip(
        'UNDO_RECORD_RESET_BY_PORTAL',
        `a later download (${later.at}) returned it to No Action: the supplier changed the document, so decide on it again`,
      );
    return skip(
      'UNDO_RECORD_CHANGED_SINCE',
      `decided again after the event: ${actionLabel(later.toAction)} by ${later.user} at ${later.at} (${describeAuditSource(later.source)}); that decision stays`,
    );
  }
  if (current.state.gone)
    return skip(
      'UNDO_RECORD_GONE',
      "it left the portal's latest download, so no decision can be uploaded for it",
    );
  const set = decisionSet(e);
  if (!decisionEquals(current.state.decision, set))
    return skip(
      'UNDO_RECORD_CHANGED_SINCE',
      `it holds ${actionLabel(current.state.decision.action)} now, not the ${actionLabel(set.action)} the event set; that stays`,
    );
  const before = previousDecision(e, trail, current);
  if (before === null)
    return skip(
      'UNDO_PREVIOUS_UNKNOWN',
      `the event found it at ${actionLabel(e.fromAction)}, but the audit log holds no decision of that action before it and the portal holds ${actionLabel(current.record.portalAction)} now; decide on it again`,
    );
  return { current, decision: before };
}

function previousDecision(
  e: AuditStep,
  trail: readonly AuditStep[],
  current: WorkspaceRecord,
): Decision | null {
  const id = e.id ?? 0;
  let prior: AuditStep | undefined;
  for (const t of trail) if ((t.id ?? 0) < id) prior = t;
  if (prior !== undefined && prior.toAction === e.fromAction) return decisionSet(prior);
  if (current.record.portalAction === e.fromAction) return portalDecision(current.record);
  if (e.fromAction === 'noAction') return NO_ACTION;
  return null;
}
