// Optimistic concurrency beyond /api/decide (issue 16): flows that write decisions planned on an
// earlier view (a reconcile preview, a workbook exported last week) leave out, or refuse, the
// records someone decided after that view, instead of overwriting them. Every write of a decision
// adds one to the record's version (decide.ts) and one audit entry, so a moved version, or an
// audit entry after the view, is a decision the view did not show.
import type { AuditEventInfo, WorkspaceStore } from '../store/index.js';

/** A record left out because it was decided after the view the write was planned on. */
export interface StaleSkip {
  readonly recordKey: string;
  readonly code: 'STALE_RECORD';
  readonly message: string;
  /** Who decided it last, and when (null when the audit log has no entry). */
  readonly by: string | null;
  readonly at: string | null;
}

/**
 * Splits planned changes into those still on the version the view saw (`seen`: key -> version,
 * an absent key at version 0) and those whose version moved since: left out, each named with
 * who decided it last.
 */
export async function splitStale<C extends { readonly key: string }>(
  tx: Pick<WorkspaceStore, 'recordVersions' | 'auditFor'>,
  gstin: string,
  changes: readonly C[],
  seen: ReadonlyMap<string, number>,
  what: string,
): Promise<{ fresh: C[]; stale: StaleSkip[] }> {
  if (changes.length === 0) return { fresh: [], stale: [] };
  const versions = await tx.recordVersions(
    gstin,
    changes.map((c) => c.key),
  );
  const moved = (key: string): boolean => (versions.get(key) ?? 0) !== (seen.get(key) ?? 0);
  const staleKeys = changes.filter((c) => moved(c.key)).map((c) => c.key);
  if (staleKeys.length === 0) return { fresh: [...changes], stale: [] };
  const latest = new Map<string, { user: string; at: string }>();
  for (const e of await tx.auditFor(gstin, staleKeys))
    latest.set(e.recordKey, { user: e.user, at: e.at });
  return {
    fresh: changes.filter((c) => !moved(c.key)),
    stale: staleKeys.map((key) => {
      const d = latest.get(key);
      return {
        recordKey: key,
        code: 'STALE_RECORD',
        message: `${key}: decided${d === undefined ? '' : ` by ${d.user} at ${d.at}`} after ${what}; left as it is`,
        by: d?.user ?? null,
        at: d?.at ?? null,
      };
    }),
  };
}

/** Versions of these records now (0 for a record never decided): what a preview hands back. */
export async function versionsOf(
  store: Pick<WorkspaceStore, 'recordVersions'>,
  gstin: string,
  keys: readonly string[],
): Promise<Record<string, number>> {
  if (keys.length === 0) return {};
  const v = await store.recordVersions(gstin, keys);
  return Object.fromEntries(keys.map((k) => [k, v.get(k) ?? 0]));
}

/**
 * Records decided after `time` (ISO), with the latest decision's author and time: the audit
 * log walked back from its newest event while events are newer than `time`.
 */
export function decidedAfterTime(
  store: Pick<WorkspaceStore, 'listAuditEvents' | 'auditAroundEvents'>,
  gstin: string,
  time: string,
): Promise<Map<string, { by: string; at: string }>> {
  return decidedInNewest(store, gstin, (e) => e.at > time);
}

/** Records decided in audit events after the event `afterId`, each with its latest decision. */
export function decidedSinceEvent(
  store: Pick<WorkspaceStore, 'listAuditEvents' | 'auditAroundEvents'>,
  gstin: string,
  afterId: number,
): Promise<Map<string, { by: string; at: string }>> {
  return decidedInNewest(store, gstin, (e) => e.id > afterId);
}

/**
 * The records of the newest audit events, walked back from the newest while `newer` holds
 * (events come newest first, so the first that fails ends the walk); a record decided twice
 * keeps its later decision.
 */
async function decidedInNewest(
  store: Pick<WorkspaceStore, 'listAuditEvents' | 'auditAroundEvents'>,
  gstin: string,
  newer: (e: AuditEventInfo) => boolean,
): Promise<Map<string, { by: string; at: string }>> {
  const ids: number[] = [];
  let before: number | undefined;
  for (;;) {
    const page = await store.listAuditEvents(gstin, {
      limit: 500,
      beforeId: before,
      counts: false,
    });
    const taken = page.filter(newer);
    ids.push(...taken.map((e) => e.id));
    if (taken.length < page.length || page.length < 500) break;
    before = (page[page.length - 1] as AuditEventInfo).id;
  }
  const out = new Map<string, { by: string; at: string }>();
  if (ids.length === 0) return out;
  const wanted = new Set(ids);
  // In id order: a record decided twice keeps the later one.
  for (const e of await store.auditAroundEvents(gstin, ids))
    if (e.eventId !== undefined && wanted.has(e.eventId))
      out.set(e.recordKey, { by: e.user, at: e.at });
  return out;
}
