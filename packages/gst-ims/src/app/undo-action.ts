// Undo of a decision action: each record of it gets back the decision it had before, through the
// same rules as any decision (planDecisions) and the same write path (writeDecisions), audited
// as `undo:<action id>`. Nothing of the log is removed; a record changed since is left alone and
// listed with its reason, so undone + skipped always equals the records of the action.
import type { Decision, Issue } from '../core/index.js';
import { BadInputError, NothingToDoError, auditSource, planUndo } from '../core/index.js';
import type { AppContext } from './context.js';
import { todayOf } from './context.js';
import { booksPresence, planDecisions, writeDecisions } from './decide.js';
import type { AuditAction } from './undo-recent-actions.js';
import { actionOfEvent, lastUndoableAction } from './undo-recent-actions.js';

export interface UndoOptions {
  readonly gstin: string;
  /** Any event id of the action; without it, the user's latest undoable action. */
  readonly eventId?: number | undefined;
  readonly dryRun?: boolean | undefined;
}

/** A record left as it is, and why: an UNDO_* code or the rule that refuses the old decision. */
export interface UndoSkipped {
  readonly recordKey: string;
  readonly code: string;
  readonly message: string;
}

export interface UndoRestore {
  readonly key: string;
  readonly from: Decision;
  readonly to: Decision;
}

export interface UndoResult {
  readonly action: AuditAction;
  /** Records of the action. */
  readonly records: number;
  /** Records back at (or, on a dry run, that would go back to) their earlier decision. */
  readonly undone: number;
  /** The decisions written (or that would be): undone less those already at their earlier decision. */
  readonly restores: UndoRestore[];
  readonly skipped: UndoSkipped[];
  readonly warnings: Issue[];
  readonly dryRun: boolean;
  /** True when decisions were written. */
  readonly applied: boolean;
  /** The action the undo wrote (null on a dry run, or when nothing needed writing). */
  readonly undoActionId: number | null;
}

export async function undoAction(ctx: AppContext, opts: UndoOptions): Promise<UndoResult> {
  const dryRun = opts.dryRun === true;
  return ctx.store.transaction(async (tx) => {
    const action = await findAction(tx, opts.gstin, opts.eventId, ctx.user);
    if (!action.undoable)
      throw new BadInputError(
        `event ${action.id} is the record of a download (${action.sourceWords}): it shows what the portal did, not a decision of yours, so it cannot be undone; decide on the records again instead`,
        { field: 'event', code: 'UNDO_NOT_A_DECISION' },
      );
    const trail = await tx.auditAroundEvents(opts.gstin, action.eventIds);
    const ids = new Set(action.eventIds);
    const own = trail.filter((e) => e.eventId !== undefined && ids.has(e.eventId));
    const keys = [...new Set(own.map((e) => e.recordKey))];
    const rows = await tx.loadRecordsByKeys(opts.gstin, keys);
    const plan = planUndo(own, trail, new Map(rows.map((r) => [r.record.key, r])));
    const inBooks = plan.items.some((i) => i.decision.action === 'accept')
      ? await booksPresence(tx, opts.gstin)
      : undefined;
    const decided = planDecisions(plan.items, { today: todayOf(ctx), inBooks });
    const skipped: UndoSkipped[] = [...plan.skipped, ...refusalsByRecord(decided.refused)];
    const applied = !dryRun && decided.changes.length > 0;
    let undoActionId: number | null = null;
    if (applied) {
      await writeDecisions(ctx, tx, opts.gstin, decided.changes, auditSource.undo(action.id));
      const newest = (await tx.listAuditEvents(opts.gstin, { limit: 1 }))[0];
      if (newest !== undefined)
        undoActionId = (await tx.auditEventGroup(opts.gstin, newest.id))[0]?.id ?? null;
    }
    return {
      action,
      records: own.length,
      undone: decided.changes.length + decided.unchanged,
      restores: decided.changes.map((c) => ({ key: c.key, from: c.from, to: c.to })),
      skipped,
      warnings: decided.warnings,
      dryRun,
      applied,
      undoActionId,
    };
  });
}

async function findAction(
  tx: AppContext['store'],
  gstin: string,
  eventId: number | undefined,
  user: string,
): Promise<AuditAction> {
  if (eventId === undefined) {
    const last = await lastUndoableAction(tx, gstin, user);
    if (last === null)
      throw new NothingToDoError(
        `nothing to undo: ${user} has no decision in GSTIN ${gstin} that is not undone already (gst-ims history lists the events; undo --event ID takes back any of them)`,
      );
    return last;
  }
  const action = await actionOfEvent(tx, gstin, eventId);
  if (action === null)
    throw new BadInputError(
      `event ${eventId}: GSTIN ${gstin} has no audit event with this id (gst-ims history lists them)`,
      { field: 'event', code: 'UNDO_NO_SUCH_EVENT' },
    );
  return action;
}

/** One line per record: a record the rules refuse for several reasons is one record skipped. */
function refusalsByRecord(
  refused: readonly { recordKey: string; code: string; message: string }[],
): UndoSkipped[] {
  const byKey = new Map<string, UndoSkipped>();
  for (const r of refused) {
    const had = byKey.get(r.recordKey);
    byKey.set(
      r.recordKey,
      had === undefined
        ? { recordKey: r.recordKey, code: r.code, message: r.message }
        : { ...had, message: `${had.message}; ${r.message}` },
    );
  }
  return [...byKey.values()];
}
