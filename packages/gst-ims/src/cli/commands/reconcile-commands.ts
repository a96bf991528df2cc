// reconcile, explain, link, unlink, apply-proposals; and the register import, the reconciliation
// settings and reports, registered from their own files in the order the help lists them.
import type { Command } from 'commander';
import { parsePeriod, scopeToPeriod } from '../../app/period-scope.js';
import {
  OUTCOME_LABEL,
  applyProposals,
  explainMatch,
  formatReasons,
  linkRecords,
  parseOutcome,
  reconcileWorkspace,
  unlinkRecords,
} from '../../app/reconcile-workspace.js';
import { MATCH_OUTCOMES } from '../../core/index.js';
import { fullCollection } from '../full-collection.js';
import { parsePositiveInt } from '../parse-values.js';
import type { Session } from '../session.js';
import { registerReconcileSettings } from './reconcile-settings-commands.js';
import { registerReconcileReports } from './reconcile-report-commands.js';
import { registerImportRegister } from './import-register-command.js';
import {
  OUTCOME_WORDS,
  applyJson,
  printApply,
  printExplain,
  printSummary,
  summaryJson,
} from './reconcile-output.js';

export function registerReconcile(program: Command, session: () => Session): void {
  registerImportRegister(program, session);
  registerMatchCommands(program, session);
  registerReconcileSettings(program, session);
  registerApplyProposals(program, session);
  registerReconcileReports(program, session);
}

/** reconcile, explain, link, unlink. */
function registerMatchCommands(program: Command, session: () => Session): void {
  program
    .command('reconcile')
    .description(
      'match every IMS record with the purchase register: outcome, score, reasons and a proposed action',
    )
    .option(
      '--out <file>',
      'write the result: .csv, .json or .xlsx (one row per record and per register document found only in the books)',
    )
    .option(
      '--period <MMYYYY>',
      'only the records of this GSTR-2B period and the register documents dated in that month',
    )
    .action(async (o: { out?: string; period?: string }) => {
      const s = session();
      const r = await reconcileWorkspace(
        scopeToPeriod(await s.ctx(), o.period === undefined ? undefined : parsePeriod(o.period)),
        await s.gstin(),
        // The command prints counts, never the rows: they go to the file one at a time.
        { out: o.out, keepRows: false, collect: fullCollection },
      );
      if (s.out.format === 'json') return s.out.json({ ...summaryJson(r), written: r.written });
      printSummary(s, r);
      if (r.written) s.out.line(`Wrote ${r.written} (${r.rowCount} row(s)).`);
      else
        s.out.line(
          'Write the rows with --out FILE.csv|.json|.xlsx; see one with gst-ims explain <record>.',
        );
      if (r.proposals.safe + r.proposals.review > 0)
        s.out.line('Apply with gst-ims apply-proposals --only-safe (add --dry-run to preview).');
    });

  program
    .command('explain')
    .argument('<record>', 'a record key, a register ref, or a document number')
    .option('--candidates <n>', 'how many candidates to show', '5')
    .description('why a record matched as it did, or why its nearest candidates did not')
    .action(async (target: string, o: { candidates: string }) => {
      const s = session();
      const r = await explainMatch(
        await s.ctx(),
        await s.gstin(),
        target,
        parsePositiveInt('--candidates', o.candidates),
      );
      if (s.out.format === 'json')
        return s.out.json({
          ...r,
          result: { ...r.result, outcome: OUTCOME_LABEL[r.result.outcome] },
        });
      printExplain(s, r);
    });

  program
    .command('link')
    .argument('<record>', 'record key (or its document number)')
    .argument('<register-ref>', 'register ref (or the document number in the books)')
    .description('pair a record with a register document by hand; the match is run again')
    .action(async (record: string, ref: string) => {
      const s = session();
      const r = await linkRecords(await s.ctx(), await s.gstin(), record, ref);
      if (s.out.format === 'json')
        return s.out.json({
          recordKey: r.recordKey,
          registerRef: r.registerRef,
          result: r.result && { ...r.result, outcome: OUTCOME_LABEL[r.result.outcome] },
        });
      s.out.line(`Linked ${r.recordKey} with ${r.registerRef ?? ''}.`);
      if (r.result)
        s.out.line(
          `Now ${OUTCOME_WORDS[r.result.outcome]}, score ${r.result.score}${r.result.reasons.length ? `: ${formatReasons(r.result.reasons)}` : ''}`,
        );
    });

  program
    .command('unlink')
    .argument('<record>', 'record key (or its document number)')
    .description("undo a pair: a person's link is removed; an automatic pair is never made again")
    .action(async (record: string) => {
      const s = session();
      const r = await unlinkRecords(await s.ctx(), await s.gstin(), record);
      if (s.out.format === 'json')
        return s.out.json({
          recordKey: r.recordKey,
          registerRef: r.registerRef,
          removed: r.removed,
          result: r.result && { ...r.result, outcome: OUTCOME_LABEL[r.result.outcome] },
        });
      s.out.line(
        r.removed === 'manualLink'
          ? `Removed the link of ${r.recordKey} with ${r.registerRef ?? ''}.`
          : `${r.recordKey} and ${r.registerRef ?? ''} will not be paired again (gst-ims link pairs them back).`,
      );
      if (r.result)
        s.out.line(
          `Now ${OUTCOME_WORDS[r.result.outcome]}${r.result.registerRef ? ` with ${r.result.registerRef}` : ''}, score ${r.result.score}`,
        );
    });
}

function registerApplyProposals(program: Command, session: () => Session): void {
  program
    .command('apply-proposals')
    .description(
      'decide on records as the rules propose, through the same checks and audit log as act (source rule:<name>)',
    )
    .option('--only-safe', 'only proposals safe to apply unseen (not the ones marked for review)')
    .option(
      '--outcome <outcome>',
      `only records with this match outcome: ${MATCH_OUTCOMES.map((x) => OUTCOME_LABEL[x]).join(', ')}`,
    )
    .option('--dry-run', 'show what would change, change nothing')
    .action(async (o: { onlySafe?: boolean; outcome?: string; dryRun?: boolean }) => {
      const s = session();
      const r = await applyProposals(await s.ctx(), {
        gstin: await s.gstin(),
        onlySafe: o.onlySafe === true,
        outcome: o.outcome === undefined ? undefined : parseOutcome(o.outcome),
        dryRun: o.dryRun === true,
      });
      if (s.out.format === 'json') s.out.json(applyJson(r));
      else printApply(s, r);
      if (r.changed === 0) {
        if (s.out.format !== 'json') s.out.err('Nothing to change.');
        s.exitCode = 4;
      }
    });
}
