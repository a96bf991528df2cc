// Assignment (issue 16): a client's month split among staff by supplier, section or saved view of
// the Records page, the live form of the Excel split. Each share is a row of its own (migration
// 0012); a queue is read against the records each time, so its progress is always today's. A
// record in two people's shares is in both queues, and the overlap is reported, not hidden.
import type { RecordFilter, Section, WorkspaceRecord } from '../core/index.js';
import {
  BadInputError,
  NothingToDoError,
  SECTIONS,
  checkGstin,
  mayAccessGstin,
  recordPasses,
  roleMay,
  twoBPeriod,
} from '../core/index.js';
import type { AssignmentKind, NewAssignment, StoredAssignment } from '../store/index.js';
import type { AppContext } from './context.js';
import { savedViewFilter } from './saved-view-filter.js';

export type { AssignmentKind, StoredAssignment } from '../store/index.js';

/** One share of a person's queue and how many of the period's records it holds. */
export interface ShareProgress {
  readonly id: number;
  readonly kind: AssignmentKind;
  /** The supplier's GSTIN, the section, or the saved view's name. */
  readonly value: string;
  /** Whose saved view (kind view). */
  readonly viewOwner: string | null;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly records: number;
  /** What the share does not do as asked: a saved view gone, or filters not applied. */
  readonly note: string | null;
}

export interface WorkQueue {
  readonly user: string;
  readonly shares: readonly ShareProgress[];
  /** Records in any of the person's shares (each once). */
  readonly records: number;
  /** Decided here or on the portal. */
  readonly decided: number;
  /** The records still to decide, by key (the person's queue). */
  readonly remaining: readonly string[];
  /** Of `records`, those also in someone else's queue. */
  readonly overlapping: number;
}

/** Records in two people's queues at once. */
export interface QueueOverlap {
  readonly users: readonly [string, string];
  readonly records: number;
}

export interface WorkQueues {
  readonly gstin: string;
  readonly period: string;
  readonly queues: WorkQueue[];
  /** Records of the period in no one's share. */
  readonly unassigned: number;
  readonly overlaps: QueueOverlap[];
}

export interface ShareChoice {
  readonly suppliers?: readonly string[] | undefined;
  readonly sections?: readonly string[] | undefined;
  /** Saved views of the Records page, by name. */
  readonly views?: readonly string[] | undefined;
  /** Whose saved views `views` names (default: the person assigning). */
  readonly viewOwner?: string | undefined;
}

interface Share {
  readonly kind: AssignmentKind;
  readonly value: string;
  readonly viewOwner: string | null;
}

const sameShare = (a: Share, b: Share): boolean =>
  a.kind === b.kind && a.value === b.value && (a.viewOwner ?? null) === (b.viewOwner ?? null);

function checkedSuppliers(given: readonly string[]): Share[] {
  return given.map((s) => {
    const c = checkGstin(s);
    if (!c.ok) throw new BadInputError(`supplier ${s}: ${c.message}`, { field: 'suppliers' });
    return { kind: 'supplier', value: c.gstin, viewOwner: null };
  });
}

function checkedSections(given: readonly string[]): Share[] {
  return given.map((s) => {
    const k = s.trim().toLowerCase();
    if (!(SECTIONS as readonly string[]).includes(k))
      throw new BadInputError(`section "${s}": expected one of ${SECTIONS.join(', ')}`, {
        field: 'sections',
      });
    return { kind: 'section', value: k, viewOwner: null };
  });
}

async function checkedViews(
  ctx: AppContext,
  gstin: string,
  given: readonly string[],
  owner: string,
): Promise<Share[]> {
  if (given.length === 0) return [];
  const saved = await ctx.store.listSavedViews(gstin, owner);
  return given.map((name) => {
    const v = saved.find((s) => s.name === name);
    if (v === undefined)
      throw new BadInputError(
        `saved view "${name}": ${owner} has no saved view of that name for ${gstin}` +
          (saved.length === 0 ? '' : ` (saved: ${saved.map((s) => s.name).join(', ')})`),
        { field: 'views' },
      );
    if (savedViewFilter(v.view) === null)
      throw new BadInputError(`saved view "${name}": not a view of the Records page`, {
        field: 'views',
      });
    return { kind: 'view', value: name, viewOwner: owner };
  });
}

async function checkedAssignee(ctx: AppContext, name: string): Promise<void> {
  const account = await ctx.store.getUser(name);
  if (account === null || account.disabled)
    throw new BadInputError(`there is no enabled account "${name}" to assign work to`, {
      field: 'user',
    });
  if (!roleMay(account.role, 'decide'))
    throw new BadInputError(
      `${name} is a ${account.role} and may not decide on records: assign work to a preparer, reviewer or admin`,
      { field: 'user' },
    );
}

/**
 * Adds these suppliers, sections and saved views to `user`'s share of the period (a share the
 * person holds already is not added twice). Returns the shares added.
 */
export async function assignWork(
  ctx: AppContext,
  opts: { gstin: string; period: string; user: string } & ShareChoice,
): Promise<StoredAssignment[]> {
  await checkedAssignee(ctx, opts.user);
  const wanted = [
    ...checkedSuppliers(opts.suppliers ?? []),
    ...checkedSections(opts.sections ?? []),
    ...(await checkedViews(ctx, opts.gstin, opts.views ?? [], opts.viewOwner ?? ctx.user)),
  ];
  if (wanted.length === 0)
    throw new BadInputError('name a supplier, section or saved view to assign', {
      field: 'suppliers',
    });
  return ctx.store.transaction(async (tx) => {
    const held = (await tx.listAssignments(opts.gstin, opts.period)).filter(
      (a) => a.assignee === opts.user,
    );
    const fresh: Share[] = [];
    for (const s of wanted)
      if (!held.some((h) => sameShare(h, s)) && !fresh.some((f) => sameShare(f, s))) fresh.push(s);
    if (fresh.length === 0)
      throw new NothingToDoError(`${opts.user} already holds every share named`);
    const rows: NewAssignment[] = fresh.map((s) => ({
      ...s,
      gstin: opts.gstin,
      period: opts.period,
      assignee: opts.user,
      createdBy: ctx.user,
      createdAt: ctx.now(),
    }));
    return tx.addAssignments(rows);
  });
}

/**
 * Takes shares of the period back: those with these ids, and those of `user` (all of them, or
 * only the suppliers, sections and saved views named). Returns the shares removed.
 */
export async function unassignWork(
  ctx: AppContext,
  opts: {
    gstin: string;
    period: string;
    ids?: readonly number[] | undefined;
    user?: string | undefined;
  } & ShareChoice,
): Promise<StoredAssignment[]> {
  const named: Share[] = [
    ...checkedSuppliers(opts.suppliers ?? []),
    ...checkedSections(opts.sections ?? []),
    ...(opts.views ?? []).map((value): Share => ({
      kind: 'view',
      value,
      viewOwner: opts.viewOwner ?? null,
    })),
  ];
  const ids = new Set(opts.ids ?? []);
  if (ids.size === 0 && opts.user === undefined)
    throw new BadInputError('say which shares to take back: their ids, or the person', {
      field: 'ids',
    });
  return ctx.store.transaction(async (tx) => {
    const all = await tx.listAssignments(opts.gstin, opts.period);
    const unknown = [...ids].filter((id) => !all.some((a) => a.id === id));
    if (unknown.length > 0)
      throw new BadInputError(
        `no share of ${opts.gstin}'s period ${opts.period} has the id ${unknown.join(', ')}`,
        { field: 'ids' },
      );
    const byPerson = (a: StoredAssignment): boolean =>
      a.assignee === opts.user &&
      (named.length === 0 ||
        named.some((n) =>
          n.kind === 'view' && n.viewOwner === null
            ? a.kind === 'view' && a.value === n.value
            : sameShare(a, n),
        ));
    const chosen = all.filter((a) => ids.has(a.id) || byPerson(a));
    if (chosen.length === 0)
      throw new NothingToDoError(
        `${opts.user ?? 'nobody'} holds no such share of the period ${opts.period}`,
      );
    return tx.removeAssignments(
      opts.gstin,
      chosen.map((a) => a.id),
    );
  });
}

const decided = (r: WorkspaceRecord): boolean =>
  r.state.decision.action !== 'noAction' || r.record.portalAction !== 'noAction';

/** A share as a test on records, with what it could not do as asked. */
interface ShareTest {
  readonly passes: (r: WorkspaceRecord) => boolean;
  readonly note: string | null;
}

async function shareTests(
  ctx: AppContext,
  gstin: string,
  shares: readonly StoredAssignment[],
): Promise<Map<number, ShareTest>> {
  const views = new Map<string, Map<string, string>>();
  for (const owner of new Set(shares.filter((s) => s.kind === 'view').map((s) => s.viewOwner)))
    if (owner !== null)
      views.set(
        owner,
        new Map((await ctx.store.listSavedViews(gstin, owner)).map((v) => [v.name, v.view])),
      );
  const out = new Map<number, ShareTest>();
  for (const s of shares) out.set(s.id, shareTest(s, views));
  return out;
}

function shareTest(s: StoredAssignment, views: Map<string, Map<string, string>>): ShareTest {
  if (s.kind === 'supplier')
    return { passes: (r) => r.record.supplierGstin === s.value, note: null };
  if (s.kind === 'section')
    return { passes: (r) => r.record.section === (s.value as Section), note: null };
  const json = views.get(s.viewOwner ?? '')?.get(s.value);
  const parsed = json === undefined ? null : savedViewFilter(json);
  if (parsed === null)
    return {
      passes: () => false,
      note: `the saved view "${s.value}" of ${s.viewOwner ?? 'nobody'} is gone: it gives no records`,
    };
  const filter: RecordFilter = parsed.filter;
  return {
    passes: (r) => recordPasses(filter, r),
    note:
      parsed.columnFilters.length === 0
        ? null
        : `its column filters (${parsed.columnFilters.join(', ')}) are not applied: the queue follows the view's tab, supplier and search`,
  };
}

/**
 * Each person's queue of the period and their progress; `only` keeps one person's (a preparer
 * sees their own queue, a reviewer everyone's). A record in two people's shares is in both
 * queues and counted in the overlaps.
 */
export async function workQueues(
  ctx: AppContext,
  opts: { gstin: string; period: string; only?: string | undefined },
): Promise<WorkQueues> {
  const shares = await ctx.store.listAssignments(opts.gstin, opts.period);
  const tests = await shareTests(ctx, opts.gstin, shares);
  const rows = (await ctx.store.loadRecords(opts.gstin)).filter(
    (r) => !r.state.gone && twoBPeriod(r.record) === opts.period,
  );
  const people = [...new Set(shares.map((s) => s.assignee))];
  const perShare = new Map<number, number>(shares.map((s) => [s.id, 0]));
  const queues = new Map<string, WorkspaceRecord[]>(people.map((p) => [p, []]));
  const pairs = new Map<string, number>();
  const overlapping = new Map<string, number>(people.map((p) => [p, 0]));
  let unassigned = 0;
  for (const r of rows) {
    const holders = new Set<string>();
    for (const s of shares)
      if (tests.get(s.id)!.passes(r)) {
        perShare.set(s.id, perShare.get(s.id)! + 1);
        holders.add(s.assignee);
      }
    if (holders.size === 0) unassigned++;
    for (const p of holders) queues.get(p)!.push(r);
    if (holders.size < 2) continue;
    const who = people.filter((p) => holders.has(p));
    for (const p of who) overlapping.set(p, overlapping.get(p)! + 1);
    for (let i = 0; i < who.length; i++)
      for (let j = i + 1; j < who.length; j++) {
        const k = JSON.stringify([who[i], who[j]]);
        pairs.set(k, (pairs.get(k) ?? 0) + 1);
      }
  }
  const overlapsAll = [...pairs].map(([k, records]) => ({
    users: JSON.parse(k) as [string, string],
    records,
  }));
  const shown = (p: string): boolean => opts.only === undefined || p === opts.only;
  return {
    gstin: opts.gstin,
    period: opts.period,
    queues: people.filter(shown).map((user) => {
      const mine = queues.get(user)!;
      return {
        user,
        shares: shares
          .filter((s) => s.assignee === user)
          .map((s) => ({
            id: s.id,
            kind: s.kind,
            value: s.value,
            viewOwner: s.viewOwner,
            createdBy: s.createdBy,
            createdAt: s.createdAt,
            records: perShare.get(s.id)!,
            note: tests.get(s.id)!.note,
          })),
        records: mine.length,
        decided: mine.filter(decided).length,
        remaining: mine.filter((r) => !decided(r)).map((r) => r.record.key),
        overlapping: overlapping.get(user)!,
      };
    }),
    unassigned,
    overlaps: overlapsAll.filter((o) => o.users.some(shown)),
  };
}

/**
 * The accounts work of this GSTIN may go to: enabled, allowed to decide, and with access to the
 * client (an admin has every client).
 */
export async function assignablePeople(ctx: AppContext, gstin: string): Promise<string[]> {
  const out: string[] = [];
  for (const u of await ctx.store.listUsers()) {
    if (u.disabled || !roleMay(u.role, 'decide')) continue;
    const gstins = u.role === 'admin' ? [] : await ctx.store.grantedGstins(u.name);
    if (mayAccessGstin({ role: u.role, gstins }, gstin)) out.push(u.name);
  }
  return out.sort();
}
