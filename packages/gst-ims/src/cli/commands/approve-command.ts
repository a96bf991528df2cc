// `gst-ims review` and `gst-ims approve` (issue 16): in a workspace with accounts an upload is
// generated only from decisions a reviewer approved; review shows what changed since the last
// approval, by person.
import type { Command } from 'commander';
import type { ApprovalReview } from '../../app/approvals.js';
import { approveDecisions, reviewChanges } from '../../app/approvals.js';
import { parsePeriod } from '../../app/index.js';
import { actionLabel, periodLabel } from '../../core/index.js';
import { table } from '../output.js';
import type { Session } from '../session.js';

const SHOWN = 20;

interface ScopeOptions {
  period?: string;
  key?: string[];
}

const collect = (v: string, acc: string[] = []) => [...acc, v];

async function scopeOf(s: Session, o: ScopeOptions) {
  return {
    gstin: await s.gstin(),
    period: o.period === undefined ? undefined : parsePeriod(o.period),
    keys: o.key,
  };
}

export function registerApprove(program: Command, session: () => Session): void {
  program
    .command('review')
    .description('list the decisions made since the last approval, by the person who made them')
    .option('--period <MMYYYY>', 'only the records of this GSTR-2B period')
    .option('--key <record>', 'only this record (repeatable)', collect)
    .action(async (o: ScopeOptions) => {
      const s = session();
      const r = await reviewChanges(await s.ctx(), await scopeOf(s, o));
      if (s.out.format === 'json') return s.out.json(r);
      printReview(s, r);
      if (r.unapproved === 0) s.exitCode = 4;
    });

  program
    .command('approve')
    .description(
      'approve the decisions made since the last approval (a reviewer; with accounts, `export upload` needs them approved)',
    )
    .option('--period <MMYYYY>', 'only the records of this GSTR-2B period')
    .option('--key <record>', 'only this record (repeatable)', collect)
    .action(async (o: ScopeOptions) => {
      const s = session();
      const r = await approveDecisions(await s.ctx(), await scopeOf(s, o));
      if (s.out.format === 'json') return s.out.json(r);
      s.out.line(`Approved the decisions of ${r.approved} record(s) as ${s.user}.`);
    });
}

function printReview(s: Session, r: ApprovalReview): void {
  const where = `${r.gstin}${r.period === null ? '' : `, ${periodLabel(r.period)}`}`;
  const last =
    r.lastApproval === null
      ? 'nothing approved yet'
      : `last approval by ${r.lastApproval.by} at ${r.lastApproval.at}`;
  if (r.unapproved === 0) {
    s.out.line(`Every decision of ${where} is approved (${last}).`);
    return;
  }
  s.out.line(`${r.unapproved} record(s) of ${where} wait for approval (${last}).`);
  s.out.line(
    table(
      ['person', 'records', 'decisions'],
      r.people.map((p) => [p.user, p.records, p.changes.length]),
      [1, 2],
    ),
  );
  for (const p of r.people) {
    s.out.line(`${p.user}:`);
    s.out.line(
      table(
        ['record', 'from', 'to', 'at'],
        p.changes.slice(0, SHOWN).map((c) => [c.key, actionLabel(c.from), actionLabel(c.to), c.at]),
      ),
    );
    if (p.changes.length > SHOWN) s.out.line(`  ... and ${p.changes.length - SHOWN} more`);
  }
  s.out.line('Approve them with: gst-ims approve (a reviewer, --user NAME)');
}
