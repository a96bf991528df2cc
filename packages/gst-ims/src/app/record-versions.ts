// Optimistic concurrency per record (issue 16): a decision names the version of each record the
// person saw; when another person's decision has moved a record on since, nothing is written and
// the conflict says who changed it, when, and what it holds now.
import type { Action, Decision } from '../core/index.js';
import type { WorkspaceStore } from '../store/index.js';

export interface VersionConflict {
  readonly key: string;
  /** The version the request saw. */
  readonly seen: number;
  /** The version the record is at now. */
  readonly version: number;
  /** Who made the latest decision, and when (null when the audit log has none). */
  readonly by: string | null;
  readonly at: string | null;
  /** The record's decision now. */
  readonly decision: Decision;
}

/** A decision made on a stale view: nothing was written (HTTP 409). */
export class StaleRecordsError extends Error {
  override readonly name = 'StaleRecordsError';
  constructor(readonly conflicts: readonly VersionConflict[]) {
    const first = conflicts[0];
    super(
      `${conflicts.length} record(s) changed since you loaded them, so nothing was changed` +
        (first === undefined
          ? ''
          : `: ${first.key} was changed by ${first.by ?? 'someone'}${first.at === null ? '' : ` at ${first.at}`}, now ${actionWords(first.decision.action)}`) +
        '; look at the record(s) again and decide once more',
    );
  }
}

const ACTION_WORDS: Readonly<Record<Action, string>> = {
  accept: 'Accepted',
  reject: 'Rejected',
  pending: 'Pending',
  noAction: 'No Action',
};
export const actionWords = (a: Action): string => ACTION_WORDS[a] ?? a;

/**
 * Refuses (StaleRecordsError) when any of `current` moved past the version in `seen` (a key
 * absent from `seen` was seen at version 0). Call inside the decision's transaction, so nothing
 * can change between the check and the write.
 */
export async function checkVersions(
  tx: WorkspaceStore,
  gstin: string,
  current: readonly { key: string; decision: Decision }[],
  seen: ReadonlyMap<string, number>,
): Promise<void> {
  if (current.length === 0) return;
  const versions = await tx.recordVersions(
    gstin,
    current.map((c) => c.key),
  );
  const stale = current.filter((c) => (versions.get(c.key) ?? 0) !== (seen.get(c.key) ?? 0));
  if (stale.length === 0) return;
  const latest = new Map<string, { user: string; at: string }>();
  for (const e of await tx.auditFor(
    gstin,
    stale.map((s) => s.key),
  ))
    latest.set(e.recordKey, { user: e.user, at: e.at });
  throw new StaleRecordsError(
    stale.map((s) => ({
      key: s.key,
      seen: seen.get(s.key) ?? 0,
      version: versions.get(s.key) ?? 0,
      by: latest.get(s.key)?.user ?? null,
      at: latest.get(s.key)?.at ?? null,
      decision: s.decision,
    })),
  );
}
