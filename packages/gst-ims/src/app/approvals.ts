// Approval before upload (issue 16): in a workspace with accounts (a practice server), a reviewer
// approves the decisions people made, and an upload is generated only from approved ones. What
// changed since the last approval is read from the audit log: a record at version v approved at
// version a holds v - a decisions nobody approved, its last v - a audit entries (every decision
// writes one entry per record and adds one to its version, app/decide.ts).
import type { Action } from '../core/index.js';
import {
  NothingToDoError,
  RefusedError,
  periodLabel,
  roleMay,
  roleRefusal,
} from '../core/index.js';
import type {
  ApprovalEvent,
  RecordApproval,
  UnapprovedRecord,
  WorkspaceStore,
} from '../store/index.js';
import type { AppContext } from './context.js';
import { inPeriod } from './period-scope.js';

/** One decision made since the record's last approval. */
export interface UnapprovedChange {
  readonly key: string;
  readonly at: string;
  readonly from: Action;
  readonly to: Action;
  readonly remark: string | null;
  readonly source: string;
}

/** One person's decisions since the last approval, newest first. */
export interface PersonChanges {
  readonly user: string;
  /** Records this person changed that wait for approval. */
  readonly records: number;
  readonly changes: UnapprovedChange[];
}

export interface ApprovalReview {
  readonly gstin: string;
  readonly period: string | null;
  /** Records waiting for approval. */
  readonly unapproved: number;
  /** Each record's version now: approve with these, so a later decision is not approved unseen. */
  readonly versions: Record<string, number>;
  /** By person, most records first. */
  readonly people: PersonChanges[];
  readonly lastApproval: RecordApproval | null;
}

export interface ApprovalScope {
  readonly gstin: string;
  /** Only the records of this GSTR-2B period (MMYYYY). */
  readonly period?: string | undefined;
  /** Only these records. */
  readonly keys?: readonly string[] | undefined;
}

/** A workspace is multi-user once it has an account: then uploads need approved decisions. */
export async function isMultiUser(store: WorkspaceStore): Promise<boolean> {
  return (await store.listUsers()).length > 0;
}

async function unapprovedIn(
  store: WorkspaceStore,
  scope: ApprovalScope,
): Promise<UnapprovedRecord[]> {
  const all = await store.unapprovedRecords(scope.gstin, scope.keys ?? null);
  if (scope.period === undefined || all.length === 0) return all;
  const rows = await store.loadRecordsByKeys(
    scope.gstin,
    all.map((u) => u.key),
  );
  const inScope = new Set(rows.filter(inPeriod(scope.period)).map((r) => r.record.key));
  return all.filter((u) => inScope.has(u.key));
}

/** The decisions waiting for approval in the scope, by the person who made them. */
export async function reviewChanges(
  ctx: AppContext,
  scope: ApprovalScope,
): Promise<ApprovalReview> {
  const unapproved = await unapprovedIn(ctx.store, scope);
  const people = await changesByPerson(ctx.store, scope.gstin, unapproved);
  return {
    gstin: scope.gstin,
    period: scope.period ?? null,
    unapproved: unapproved.length,
    versions: Object.fromEntries(unapproved.map((u) => [u.key, u.version])),
    people,
    lastApproval: await ctx.store.lastApproval(scope.gstin),
  };
}

async function changesByPerson(
  store: WorkspaceStore,
  gstin: string,
  unapproved: readonly UnapprovedRecord[],
): Promise<PersonChanges[]> {
  if (unapproved.length === 0) return [];
  const entries = await store.auditFor(
    gstin,
    unapproved.map((u) => u.key),
  );
  const byKey = new Map<string, typeof entries>();
  for (const e of entries) {
    const list = byKey.get(e.recordKey) ?? [];
    list.push(e);
    byKey.set(e.recordKey, list);
  }
  const people = new Map<string, { keys: Set<string>; changes: UnapprovedChange[] }>();
  for (const u of unapproved) {
    const list = byKey.get(u.key) ?? [];
    for (const e of list.slice(Math.max(0, list.length - (u.version - u.approvedVersion)))) {
      const p = people.get(e.user) ?? { keys: new Set<string>(), changes: [] };
      p.keys.add(u.key);
      p.changes.push({
        key: u.key,
        at: e.at,
        from: e.fromAction,
        to: e.toAction,
        remark: e.remark,
        source: e.source,
      });
      people.set(e.user, p);
    }
  }
  return [...people.entries()]
    .map(([user, p]) => ({
      user,
      records: p.keys.size,
      changes: p.changes.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)),
    }))
    .sort((a, b) => b.records - a.records || (a.user < b.user ? -1 : 1));
}

export interface ApproveResult {
  readonly approved: number;
  /** Records decided again after the reviewer looked (their version moved): not approved. */
  readonly changedSince: string[];
}

/**
 * Approves the decisions waiting in the scope. With `seen` (the review's versions), a record
 * decided again since the reviewer looked is left unapproved and named, never approved unseen.
 */
export async function approveDecisions(
  ctx: AppContext,
  scope: ApprovalScope & { readonly seen?: Readonly<Record<string, number>> | undefined },
): Promise<ApproveResult> {
  await checkApprover(ctx);
  return ctx.store.transaction(async (tx) => {
    const unapproved = await unapprovedIn(tx, scope);
    if (unapproved.length === 0)
      throw new NothingToDoError(
        `nothing to approve for ${scope.gstin}${scope.period === undefined ? '' : ` in ${periodLabel(scope.period)}`}: every decision is approved`,
      );
    const seen = scope.seen;
    const fresh =
      seen === undefined ? unapproved : unapproved.filter((u) => seen[u.key] === u.version);
    const changedSince =
      seen === undefined
        ? []
        : unapproved.filter((u) => seen[u.key] !== undefined && seen[u.key] !== u.version);
    await tx.approveRecords(
      scope.gstin,
      fresh.map((u) => ({ key: u.key, version: u.version })),
      ctx.user,
      ctx.now(),
    );
    return { approved: fresh.length, changedSince: changedSince.map((u) => u.key) };
  });
}

/**
 * In a multi-user workspace the approver is an account that may approve (the server's signed-in
 * account; the CLI's --user), so an approval always names a reviewer who exists.
 */
async function checkApprover(ctx: AppContext): Promise<void> {
  if (!(await isMultiUser(ctx.store))) return;
  const account = await ctx.store.getUser(ctx.user);
  if (account === null || account.disabled)
    throw new RefusedError(
      `"${ctx.user}" is not an enabled account of this workspace: approve as a reviewer (--user NAME)`,
      [],
    );
  if (!roleMay(account.role, 'approve'))
    throw new RefusedError(roleRefusal(account.role, 'approve'), []);
}

/**
 * Refuses (RefusedError, code UNAPPROVED_DECISION) an upload holding records whose decisions a
 * reviewer has not approved, when the workspace is multi-user; naming how many and who made them.
 */
export async function checkApproved(
  ctx: AppContext,
  gstin: string,
  keys: readonly string[],
): Promise<void> {
  if (keys.length === 0 || !(await isMultiUser(ctx.store))) return;
  const unapproved = await ctx.store.unapprovedRecords(gstin, keys);
  if (unapproved.length === 0) return;
  const people = await changesByPerson(ctx.store, gstin, unapproved);
  const who = people.map((p) => `${p.user} (${p.records})`).join(', ');
  throw new RefusedError(
    `${unapproved.length} decision(s) in this upload are not approved yet (made by ${who}); a reviewer approves them first (gst-ims approve --gstin ${gstin}, or Approve on the Upload page)`,
    unapproved.map((u) => ({
      recordKey: u.key,
      code: 'UNAPPROVED_DECISION',
      message: `${u.key}: decided since its last approval (version ${u.version}, approved ${u.approvedVersion})`,
    })),
  );
}

/**
 * The approvals to show beside the latest decision actions (the History page, `gst-ims
 * history`), newest first: those since the oldest action shown when the list of actions was cut
 * at `limit`, else the latest `limit`.
 */
export async function approvalsBeside(
  store: Pick<WorkspaceStore, 'listApprovals'>,
  gstin: string,
  actions: readonly { readonly at: string }[],
  limit: number,
): Promise<ApprovalEvent[]> {
  const all = await store.listApprovals(gstin, { limit });
  const oldest = actions[actions.length - 1]?.at;
  if (actions.length < limit || oldest === undefined) return all;
  return all.filter((a) => a.at >= oldest);
}

/** A record's last approval, and whether it covers the decision the record holds now. */
export interface RecordApprovalState extends RecordApproval {
  /** True when no decision was made since (the record's version is the approved one). */
  readonly current: boolean;
  /** The record's version now. */
  readonly recordVersion: number;
}

/** The last approval of each of these records that has one, by key. */
export async function approvalsOfRecords(
  store: Pick<WorkspaceStore, 'recordApprovals' | 'recordVersions'>,
  gstin: string,
  keys: readonly string[],
): Promise<RecordApprovalState[]> {
  const approvals = await store.recordApprovals(gstin, keys);
  if (approvals.length === 0) return [];
  const versions = await store.recordVersions(
    gstin,
    approvals.map((a) => a.key),
  );
  return approvals.map((a) => {
    const recordVersion = versions.get(a.key) ?? 0;
    return { ...a, recordVersion, current: recordVersion === a.version };
  });
}
