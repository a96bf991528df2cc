// `gst-ims assign`, `assign list`, `assign remove` and `gst-ims queue` (issue 16): a client's
// period split among staff by supplier, section or saved view, and each person's queue with its
// progress. The period and the shares are options of `assign` itself, which its subcommands read:
// commander hands a parent's options to the parent wherever they stand on the line.
import type { Command } from 'commander';
import type { StoredAssignment, WorkQueues } from '../../app/assignments.js';
import { assignWork, unassignWork, workQueues } from '../../app/assignments.js';
import { parsePeriod } from '../../app/index.js';
import { UsageError, periodLabel } from '../../core/index.js';
import { table } from '../output.js';
import type { Session } from '../session.js';

const collect = (v: string, acc: string[] = []) => [...acc, v];

interface AssignOptions {
  period?: string;
  supplier?: string[];
  section?: string[];
  view?: string[];
  viewOwner?: string;
}

function periodOf(o: AssignOptions): string {
  if (o.period === undefined)
    throw new UsageError("required option '--period <MMYYYY>' not specified");
  return parsePeriod(o.period);
}

export function registerAssign(program: Command, session: () => Session): void {
  const assign = program
    .command('assign')
    .description(
      "give a person a period's records of some suppliers, sections or saved views (added to their share); `assign list` shows the shares, `assign remove` takes them back",
    )
    .argument('<user>', 'the account the work goes to')
    .option('--period <MMYYYY>', 'the GSTR-2B period')
    .option('--supplier <gstin>', "a supplier's records (repeatable)", collect)
    .option('--section <section>', "a section's records, e.g. b2b (repeatable)", collect)
    .option(
      '--view <name>',
      'the records a saved view of the Records page shows (repeatable)',
      collect,
    )
    .option('--view-owner <user>', 'whose saved views --view names (default: --user)')
    .action(async (user: string, o: AssignOptions) => {
      const s = session();
      const ctx = await s.ctx();
      const gstin = await s.gstin();
      const period = periodOf(o);
      const added = await assignWork(ctx, {
        gstin,
        period,
        user,
        suppliers: o.supplier,
        sections: o.section,
        views: o.view,
        viewOwner: o.viewOwner,
      });
      const q = await workQueues(ctx, { gstin, period });
      if (s.out.format === 'json') return s.out.json({ added, ...q });
      s.out.line(
        `Added ${added.length} share(s) to ${user}'s queue: ${added.map(shareText).join(', ')}.`,
      );
      printQueues(s, q);
    });

  assign
    .command('list')
    .description(
      "each share of the period, with its id (for `assign remove --id`), and each person's queue",
    )
    .action(async () => {
      const s = session();
      const ctx = await s.ctx();
      const gstin = await s.gstin();
      const period = periodOf(assign.opts<AssignOptions>());
      const shares = await ctx.store.listAssignments(gstin, period);
      const q = await workQueues(ctx, { gstin, period });
      if (s.out.format === 'json') return s.out.json({ shares, ...q });
      if (shares.length === 0) {
        s.out.line(`${gstin}, ${periodLabel(period)}: no one has a share of the period.`);
        return;
      }
      s.out.line(
        table(
          ['id', 'person', 'share', 'given by', 'at'],
          shares.map((a) => [a.id, a.assignee, shareText(a), a.createdBy, a.createdAt]),
          [0],
        ),
      );
      printQueues(s, q);
    });

  assign
    .command('remove')
    .description(
      "take shares back: by id (--id), or a person's (all of them, or the --supplier, --section or --view given)",
    )
    .argument('[user]', 'the person whose shares go')
    .option('--id <n>', 'a share by its id from `assign list` (repeatable)', collect)
    .action(async (user: string | undefined, own: { id?: string[] }) => {
      const o = assign.opts<AssignOptions>();
      const ids = (own.id ?? []).map((v) => {
        if (!/^\d{1,12}$/.test(v)) throw new UsageError(`--id: expected a share's id, got "${v}"`);
        return Number(v);
      });
      const s = session();
      const ctx = await s.ctx();
      const gstin = await s.gstin();
      const period = periodOf(o);
      const removed = await unassignWork(ctx, {
        gstin,
        period,
        ids,
        user,
        suppliers: o.supplier,
        sections: o.section,
        views: o.view,
        viewOwner: o.viewOwner,
      });
      const q = await workQueues(ctx, { gstin, period });
      if (s.out.format === 'json') return s.out.json({ removed, ...q });
      s.out.line(
        `Removed ${removed.length} share(s): ${removed.map((a) => `${a.assignee} ${shareText(a)}`).join(', ')}.`,
      );
      printQueues(s, q);
    });

  program
    .command('queue')
    .description("each person's share of a period and how much of it is decided")
    .requiredOption('--period <MMYYYY>', 'the GSTR-2B period')
    .option('--mine', 'only the queue of --user')
    .action(async (o: { period: string; mine?: boolean }) => {
      const s = session();
      const q = await workQueues(await s.ctx(), {
        gstin: await s.gstin(),
        period: parsePeriod(o.period),
        only: o.mine === true ? s.user : undefined,
      });
      if (s.out.format === 'json') return s.out.json(q);
      printQueues(s, q);
    });
}

const shareText = (a: Pick<StoredAssignment, 'kind' | 'value' | 'viewOwner'>): string =>
  a.kind === 'view' ? `view "${a.value}" (${a.viewOwner ?? '?'})` : a.value;

function printQueues(s: Session, q: WorkQueues): void {
  s.out.line(`${q.gstin}, ${periodLabel(q.period)}: ${q.unassigned} record(s) in no one's share.`);
  if (q.queues.length === 0) return;
  s.out.line(
    table(
      ['person', 'share', 'records', 'decided', 'left', 'also in another queue'],
      q.queues.map((x) => [
        x.user,
        x.shares.map(shareText).join(', '),
        x.records,
        x.decided,
        x.remaining.length,
        x.overlapping,
      ]),
      [2, 3, 4, 5],
    ),
  );
  for (const o of q.overlaps)
    s.out.line(`${o.records} record(s) are in both ${o.users[0]}'s and ${o.users[1]}'s queues.`);
  for (const x of q.queues)
    for (const sh of x.shares)
      if (sh.note !== null) s.out.line(`${x.user}, ${shareText(sh)}: ${sh.note}.`);
}
