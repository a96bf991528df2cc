// The signed-in account of a multi-user server (gst-ims serve --multi-user), and the version of
// each record the page saw, sent back with every decision so that the server refuses one made
// on a stale view (HTTP 409) instead of overwriting another person's. On a single-user server
// none of this is used: GET /api/session answers 404 and the page works as before.
import type { Action } from '../../gst-ims/src/core/index.js';

export interface SessionInfo {
  readonly user: string;
  readonly role: string;
  readonly gstins: readonly string[];
  readonly permissions: readonly string[];
  readonly csrfToken: string;
}

let current: SessionInfo | null = null;
/** GSTIN -> record key -> version (absent: 0), as last loaded with the records. */
const seen = new Map<string, Map<string, number>>();
let onConflict: ((text: string) => void) | null = null;

export const currentSession = (): SessionInfo | null => current;

export function setSession(s: SessionInfo | null): void {
  current = s;
  seen.clear();
}

/** The versions loaded beside the records of `gstin` (GET /api/versions). */
export function setSeenVersions(gstin: string, versions: Record<string, number>): void {
  seen.set(gstin, new Map(Object.entries(versions)));
}

/** The versions a decision made (its response's `versions`). */
export function noteVersions(gstin: string, versions: Record<string, number>): void {
  const m = seen.get(gstin) ?? new Map<string, number>();
  for (const [k, v] of Object.entries(versions)) m.set(k, v);
  seen.set(gstin, m);
}

/** The versions seen of these records, the non-zero ones only. */
export function seenVersionsOf(gstin: string, keys: readonly string[]): Record<string, number> {
  const m = seen.get(gstin);
  const out: Record<string, number> = {};
  if (m === undefined) return out;
  for (const k of keys) {
    const v = m.get(k);
    if (v !== undefined && v > 0) out[k] = v;
  }
  return out;
}

/** What the page does when a decision meets a conflict: say so, and reload what it shows. */
export function whenConflict(run: ((text: string) => void) | null): void {
  onConflict = run;
}
export function conflictSeen(conflicts: readonly ConflictDto[]): void {
  onConflict?.(conflictText(conflicts));
}

export interface ConflictDto {
  readonly key: string;
  readonly by: string | null;
  readonly at: string | null;
  readonly decision: { readonly action: Action };
}

const WORDS: Readonly<Record<Action, string>> = {
  accept: 'Accepted',
  reject: 'Rejected',
  pending: 'Pending',
  noAction: 'No Action',
};

/** "changed by X at T: now Y", one line per record (the first five). */
export function conflictText(conflicts: readonly ConflictDto[]): string {
  const lines = conflicts.slice(0, 5).map((c) => {
    const at = c.at === null ? '' : ` at ${new Date(c.at).toLocaleString('en-IN')}`;
    return `${c.key}: changed by ${c.by ?? 'someone'}${at}: now ${WORDS[c.decision.action] ?? c.decision.action}`;
  });
  const more = conflicts.length > 5 ? ` (and ${conflicts.length - 5} more)` : '';
  return `Nothing was changed: ${conflicts.length} record(s) changed since you loaded them${more}. ${lines.join('; ')}. The records are reloaded: look again and decide once more.`;
}
