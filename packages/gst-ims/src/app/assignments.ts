// Assignment (issue 16): a client's month split among staff by supplier or section, the live form
// of the Excel split. Kept as one JSON setting per period (no table of its own: a few lines per
// person), read against the records each time, so a queue's progress is always today's.
import type { Section, WorkspaceRecord } from '../core/index.js';
import { BadInputError, SECTIONS, checkGstin, twoBPeriod } from '../core/index.js';
import type { AppContext } from './context.js';

/** One person's share of a period: records of these suppliers, or of these sections. */
export interface Assignment {
  readonly user: string;
  readonly suppliers: readonly string[];
  readonly sections: readonly Section[];
  readonly by: string;
  readonly at: string;
}

export interface WorkQueue {
  readonly user: string;
  readonly suppliers: readonly string[];
  readonly sections: readonly Section[];
  readonly records: number;
  /** Decided here or on the portal. */
  readonly decided: number;
  /** The records still to decide, by key (the person's queue). */
  readonly remaining: readonly string[];
}

export interface WorkQueues {
  readonly gstin: string;
  readonly period: string;
  readonly queues: WorkQueue[];
  /** Records of the period in no one's share. */
  readonly unassigned: number;
}

const settingName = (period: string): string => `assignments.${period}`;

async function readAssignments(ctx: AppContext, gstin: string, period: string) {
  const raw = await ctx.store.getSetting(gstin, settingName(period));
  return raw === null ? [] : (JSON.parse(raw) as Assignment[]);
}

/**
 * Gives `user` the period's records of these suppliers and sections (replacing their earlier
 * share of the period); with neither, takes the share away.
 */
export async function assignWork(
  ctx: AppContext,
  opts: {
    gstin: string;
    period: string;
    user: string;
    suppliers?: readonly string[] | undefined;
    sections?: readonly string[] | undefined;
  },
): Promise<Assignment[]> {
  const account = await ctx.store.getUser(opts.user);
  if (account === null || account.disabled)
    throw new BadInputError(`there is no enabled account "${opts.user}" to assign work to`, {
      field: 'user',
    });
  const suppliers = (opts.suppliers ?? []).map((s) => {
    const c = checkGstin(s);
    if (!c.ok) throw new BadInputError(`supplier ${s}: ${c.message}`, { field: 'suppliers' });
    return c.gstin;
  });
  const sections = (opts.sections ?? []).map((s) => {
    const k = s.trim().toLowerCase();
    if (!(SECTIONS as readonly string[]).includes(k))
      throw new BadInputError(`section "${s}": expected one of ${SECTIONS.join(', ')}`, {
        field: 'sections',
      });
    return k as Section;
  });
  return ctx.store.transaction(async (tx) => {
    const scoped = { ...ctx, store: tx };
    const rest = (await readAssignments(scoped, opts.gstin, opts.period)).filter(
      (a) => a.user !== opts.user,
    );
    const next =
      suppliers.length + sections.length === 0
        ? rest
        : [...rest, { user: opts.user, suppliers, sections, by: ctx.user, at: ctx.now() }];
    await tx.setSetting(opts.gstin, settingName(opts.period), JSON.stringify(next));
    return next;
  });
}

const decided = (r: WorkspaceRecord): boolean =>
  r.state.decision.action !== 'noAction' || r.record.portalAction !== 'noAction';

/**
 * Each person's queue of the period and their progress; `only` keeps one person's (a preparer
 * sees their own queue, a reviewer everyone's). A record in two shares counts in the first.
 */
export async function workQueues(
  ctx: AppContext,
  opts: { gstin: string; period: string; only?: string | undefined },
): Promise<WorkQueues> {
  const assignments = await readAssignments(ctx, opts.gstin, opts.period);
  const rows = (await ctx.store.loadRecords(opts.gstin)).filter(
    (r) => !r.state.gone && twoBPeriod(r.record) === opts.period,
  );
  const shares = assignments.map((a) => ({ a, rows: [] as WorkspaceRecord[] }));
  let unassigned = 0;
  for (const r of rows) {
    const share = shares.find(
      ({ a }) =>
        a.suppliers.includes(r.record.supplierGstin) || a.sections.includes(r.record.section),
    );
    if (share === undefined) unassigned++;
    else share.rows.push(r);
  }
  const queues = shares
    .filter(({ a }) => opts.only === undefined || a.user === opts.only)
    .map(({ a, rows: mine }) => ({
      user: a.user,
      suppliers: a.suppliers,
      sections: a.sections,
      records: mine.length,
      decided: mine.filter(decided).length,
      remaining: mine.filter((r) => !decided(r)).map((r) => r.record.key),
    }));
  return { gstin: opts.gstin, period: opts.period, queues, unassigned };
}
