import type { Command } from 'commander';
import type { AuditAction, UndoResult } from '../../app/index.js';
import type { ApprovalEvent } from '../../store/index.js';
import { approvalsBeside } from '../../app/approvals.js';
import { recentActions, undoAction } from '../../app/index.js';
import type { Decision } from '../../core/index.js';
import { actionLabel } from '../../core/index.js';
import { printSkipped, table } from '../output.js';
import { parsePositiveInt } from '../parse-values.js';
import type { Session } from '../session.js';

const SHOWN = 50;

export function registerUndo(program: Command, session: () => Session): void {
  program
    .command('undo')
    .description(
      'take back a decision action: each record gets the decision it had before, through the rules; records changed since are left as they are and listed (default: your last decision action)',
    )
    .option('--event <id>', 'the action to undo, by an event id `gst-ims history` lists')
    .option('--dry-run', 'show what would be restored and what skipped, change nothing')
    .action(async (o: { event?: string; dryRun?: boolean }) => {
      const s = session();
      const r = await undoAction(await s.ctx(), {
        gstin: await s.gstin(),
        eventId: o.event === undefined ? undefined : parsePositiveInt('--event', o.event),
        dryRun: o.dryRun === true,
      });
      if (s.out.format === 'json') s.out.json(undoJson(r));
      else printUndo(s, r);
      // Nothing restored while records were skipped: nothing could be done.
      if (r.undone === 0) s.exitCode = 4;
    });
}

function undoJson(r: UndoResult) {
  return {
    event: actionJson(r.action),
    records: r.records,
    undone: r.undone,
    skipped: r.skipped,
    restores: r.restores.map((x) => ({ key: x.key, from: x.from, to: x.to })),
    warnings: r.warnings,
    dryRun: r.dryRun,
    applied: r.applied,
    undoEvent: r.undoActionId,
  };
}

function printUndo(s: Session, r: UndoResult): void {
  const a = r.action;
  s.out.line(
    `Event ${a.id}: ${describeAction(a)} by ${a.user} at ${a.at} (${a.sourceWords}), ${a.records} record(s).`,
  );
  const verb = r.dryRun ? 'Would restore' : 'Restored';
  s.out.line(`${verb}: ${r.undone}; skipped: ${r.skipped.length}.`);
  if (r.restores.length > 0) {
    s.out.line(
      table(
        ['record', 'now', 'back to'],
        r.restores.slice(0, SHOWN).map((x) => [x.key, decisionText(x.from), decisionText(x.to)]),
      ),
    );
    if (r.restores.length > SHOWN)
      s.out.line(`... and ${r.restores.length - SHOWN} more (use --format json for all)`);
  }
  printSkipped(s.out, 'Left as they are:', r.skipped, SHOWN);
  if (r.applied && r.undoActionId !== null)
    s.out.line(
      `Written as event ${r.undoActionId} (undo it with: gst-ims undo --event ${r.undoActionId}).`,
    );
  if (r.undone === 0) s.out.err('Nothing was restored.');
}

function decisionText(d: Decision): string {
  const parts = [actionLabel(d.action)];
  if (d.itcReduction !== null) parts.push(`declaration ${d.itcReduction.kind}`);
  if (d.remark !== null && d.remark !== '') parts.push(`"${d.remark}"`);
  return parts.join(', ');
}

/** "Accept", or "Accept (2 decisions)" for an action of several. */
export function describeAction(a: AuditAction): string {
  const actions = [...new Set(a.decisions.map((d) => actionLabel(d.toAction)))];
  const what = actions.join(' / ');
  return a.decisions.length > 1 ? `${what} (${a.decisions.length} decisions)` : what;
}

function actionJson(a: AuditAction) {
  return {
    id: a.id,
    eventIds: a.eventIds,
    at: a.at,
    user: a.user,
    source: a.source,
    sourceWords: a.sourceWords,
    decisions: a.decisions,
    records: a.records,
    undoable: a.undoable,
    undoes: a.undoes,
    undoneBy: a.undoneBy,
  };
}

/**
 * `gst-ims history` without a record: the latest actions with their event ids, and among them
 * (by time) who approved: "approved by meera at T, 12 records".
 */
export async function printRecentActions(s: Session, limit: number): Promise<void> {
  const ctx = await s.ctx();
  const gstin = await s.gstin();
  const actions = await recentActions(ctx, gstin, { limit });
  const approvals = await approvalsBeside(ctx.store, gstin, actions, limit);
  const lines = byTime(actions, approvals);
  if (s.out.format === 'json')
    return s.out.json(
      lines.map((l) =>
        'by' in l ? { type: 'approval', ...l } : { type: 'action', ...actionJson(l) },
      ),
    );
  if (lines.length === 0) {
    s.out.line('No decision recorded yet.');
    return;
  }
  s.out.line(
    table(
      ['event', 'when', 'user', 'decision', 'records', 'source', 'note'],
      lines.map((a) =>
        'by' in a
          ? [
              '',
              a.at,
              a.by,
              'Approved',
              a.records,
              'review',
              `approved by ${a.by} at ${a.at}, ${a.records} record(s)`,
            ]
          : [
              a.id,
              a.at,
              a.user,
              describeAction(a),
              a.records,
              a.sourceWords,
              a.undoneBy !== null
                ? `undone by event ${a.undoneBy}`
                : !a.undoable
                  ? 'a download: cannot be undone'
                  : '',
            ],
      ),
    ),
  );
  s.out.line('Undo one with: gst-ims undo --event <event> [--dry-run]');
}

/** Newest first; an approval at the same time as an action goes above it. */
function byTime(
  actions: readonly AuditAction[],
  approvals: readonly ApprovalEvent[],
): (AuditAction | ApprovalEvent)[] {
  const out: (AuditAction | ApprovalEvent)[] = [];
  let i = 0;
  for (const a of actions) {
    while (i < approvals.length && (approvals[i] as ApprovalEvent).at >= a.at)
      out.push(approvals[i++] as ApprovalEvent);
    out.push(a);
  }
  return out.concat(approvals.slice(i));
}
