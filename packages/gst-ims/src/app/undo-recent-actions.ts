// The audit log as the actions people took: a bulk decision writes one audit event per distinct
// decision (an Accept of invoices and credit notes is two: the credit notes carry a declaration),
// all with the same time, user and source. Undo and the History page work on such actions, named
// by their first event's id.
import type { Action, AuditSourceKind, ItcReduction } from '../core/index.js';
import { describeAuditSource, parseAuditSource } from '../core/index.js';
import type { AuditEventInfo, WorkspaceStore } from '../store/index.js';

/** One decision of an action and how many records got it. */
export interface ActionDecision {
  readonly eventId: number;
  readonly toAction: Action;
  readonly remark: string | null;
  readonly itcReduction: ItcReduction | null;
  readonly records: number;
}

export interface AuditAction {
  /** The id of its first event: what `gst-ims undo --event` takes (any of its events' ids does). */
  readonly id: number;
  readonly eventIds: readonly number[];
  readonly at: string;
  readonly user: string;
  readonly gstin: string;
  readonly source: string;
  /** The source in words ("the web app", "the workbook oct.xlsx"). */
  readonly sourceWords: string;
  /** The source's kind; null for text of no known kind. */
  readonly kind: AuditSourceKind | null;
  readonly decisions: readonly ActionDecision[];
  /** Records it changed. */
  readonly records: number;
  /** A download's record of what the portal did is not a decision anyone can take back. */
  readonly undoable: boolean;
  /** For an undo: the action it undid. */
  readonly undoes: number | null;
  /** The (latest) undo of this action, when there is one. */
  readonly undoneBy: number | null;
}

/** Events read per page while walking the log back. */
const PAGE = 500;

const sameAction = (a: AuditEventInfo, b: AuditEventInfo): boolean =>
  a.at === b.at && a.user === b.user && a.source === b.source;

/** Actions newest first, each whole; undos are newer than what they undo, so `undoneBy` is known. */
export async function* actionsNewestFirst(
  store: Pick<WorkspaceStore, 'listAuditEvents'>,
  gstin: string,
  /** False: `records` stay 0, and the walk reads no change rows (see listAuditEvents). */
  counts = true,
): AsyncGenerator<AuditAction> {
  const undone = new Map<number, number>();
  let current: AuditEventInfo[] = [];
  let before: number | undefined;
  for (;;) {
    const page = await store.listAuditEvents(gstin, { limit: PAGE, beforeId: before, counts });
    for (const e of page) {
      if (current.length > 0 && !sameAction(current[0] as AuditEventInfo, e)) {
        yield actionOf(current, undone);
        current = [];
      }
      current.push(e);
    }
    if (page.length < PAGE) break;
    before = (page[page.length - 1] as AuditEventInfo).id;
  }
  if (current.length > 0) yield actionOf(current, undone);
}

function actionOf(
  newestFirst: readonly AuditEventInfo[],
  undone: Map<number, number>,
): AuditAction {
  const events = [...newestFirst].sort((a, b) => a.id - b.id);
  const first = events[0] as AuditEventInfo;
  const parsed = parseAuditSource(first.source);
  const undoes = parsed?.kind === 'undo' ? Number(parsed.detail) : null;
  if (undoes !== null && Number.isSafeInteger(undoes) && !undone.has(undoes))
    undone.set(undoes, first.id);
  return {
    id: first.id,
    eventIds: events.map((e) => e.id),
    at: first.at,
    user: first.user,
    gstin: first.gstin,
    source: first.source,
    sourceWords: describeAuditSource(first.source),
    kind: parsed?.kind ?? null,
    decisions: events.map((e) => ({
      eventId: e.id,
      toAction: e.toAction,
      remark: e.remark,
      itcReduction: e.itcReduction,
      records: e.records,
    })),
    records: events.reduce((n, e) => n + e.records, 0),
    undoable: parsed?.kind !== 'import',
    undoes: undoes !== null && Number.isSafeInteger(undoes) ? undoes : null,
    undoneBy: undone.get(first.id) ?? null,
  };
}

/** The latest actions of the GSTIN, newest first. */
export async function recentActions(
  ctx: { store: Pick<WorkspaceStore, 'listAuditEvents'> },
  gstin: string,
  opts: { limit?: number | undefined } = {},
): Promise<AuditAction[]> {
  const limit = Math.max(1, Math.min(opts.limit ?? 50, 1000));
  const out: AuditAction[] = [];
  for await (const a of actionsNewestFirst(ctx.store, gstin)) {
    out.push(a);
    if (out.length >= limit) break;
  }
  return out;
}

/**
 * What `undo` without an event takes back: the user's latest decision action that is neither a
 * download's nor an undo, and not undone already.
 */
export async function lastUndoableAction(
  store: Pick<WorkspaceStore, 'listAuditEvents' | 'auditEventGroup'>,
  gstin: string,
  user: string,
): Promise<AuditAction | null> {
  // The walk back may cross many pages of other people's events: counted is only the one found.
  for await (const a of actionsNewestFirst(store, gstin, false))
    if (a.user === user && a.undoable && a.kind !== 'undo' && a.undoneBy === null)
      return { ...((await actionOfEvent(store, gstin, a.id)) ?? a), undoneBy: null };
  return null;
}

/** The action an event belongs to, or null when the GSTIN has no such event. */
export async function actionOfEvent(
  store: Pick<WorkspaceStore, 'auditEventGroup'>,
  gstin: string,
  eventId: number,
): Promise<AuditAction | null> {
  const group = await store.auditEventGroup(gstin, eventId);
  return group.length === 0 ? null : actionOf(group, new Map());
}
