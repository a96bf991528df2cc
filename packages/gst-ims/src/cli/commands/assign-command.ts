// `gst-ims assign` and `gst-ims queue` (issue 16): a client's period split among staff by
// supplier or section, and each person's queue with its progress.
import type { Command } from 'commander';
import { assignWork, workQueues } from '../../app/assignments.js';
import type { WorkQueues } from '../../app/assignments.js';
import { parsePeriod } from '../../app/index.js';
import { periodLabel } from '../../core/index.js';
import { table } from '../output.js';
import type { Session } from '../session.js';

const collect = (v: string, acc: string[] = []) => [...acc, v];

export function registerAssign(program: Command, session: () => Session): void {
  program
    .command('assign')
    .description(
      "give a person a period's records of some suppliers or sections (replacing their earlier share; neither takes it away)",
    )
    .argument('<user>', 'the account the work goes to')
    .requiredOption('--period <MMYYYY>', 'the GSTR-2B period')
    .option('--supplier <gstin>', "a supplier's records (repeatable)", collect)
    .option('--section <section>', "a section's records, e.g. b2b (repeatable)", collect)
    .action(
      async (user: string, o: { period: string; supplier?: string[]; section?: string[] }) => {
        const s = session();
        const ctx = await s.ctx();
        const gstin = await s.gstin();
        const period = parsePeriod(o.period);
        await assignWork(ctx, { gstin, period, user, suppliers: o.supplier, sections: o.section });
        const q = await workQueues(ctx, { gstin, period });
        if (s.out.format === 'json') return s.out.json(q);
        printQueues(s, q);
      },
    );

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

function printQueues(s: Session, q: WorkQueues): void {
  s.out.line(`${q.gstin}, ${periodLabel(q.period)}: ${q.unassigned} record(s) in no one's share.`);
  if (q.queues.length === 0) return;
  s.out.line(
    table(
      ['person', 'share', 'records', 'decided', 'left'],
      q.queues.map((x) => [
        x.user,
        [...x.suppliers, ...x.sections].join(', '),
        x.records,
        x.decided,
        x.remaining.length,
      ]),
      [2, 3, 4],
    ),
  );
}
