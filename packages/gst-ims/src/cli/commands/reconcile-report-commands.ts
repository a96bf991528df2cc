// report reconcile (per supplier, by outcome) and export followups (letters to suppliers).
import type { Command } from 'commander';
import { Option } from 'commander';
import { exportFollowups } from '../../app/export-followups.js';
import { OUTCOME_LABEL, reconcileReport } from '../../app/reconcile-workspace.js';
import type { MatchOutcome, Paise } from '../../core/index.js';
import { MATCH_OUTCOMES, formatRupees } from '../../core/index.js';
import { money, table } from '../output.js';
import type { Session } from '../session.js';
import { OUTCOME_WORDS } from './reconcile-output.js';

export function registerReconcileReports(program: Command, session: () => Session): void {
  const report =
    program.commands.find((c) => c.name() === 'report') ??
    program.command('report').description('reports');
  report
    .command('reconcile')
    .description('per supplier: documents and amounts by match outcome')
    .action(async () => {
      const s = session();
      const r = await reconcileReport(await s.ctx(), await s.gstin());
      const amountJson = (b: { count: number; value: Paise; totalTax: Paise }) => ({
        count: b.count,
        value: formatRupees(b.value),
        totalTax: formatRupees(b.totalTax),
      });
      const outcomesJson = (
        x: Record<MatchOutcome, { count: number; value: Paise; totalTax: Paise }>,
      ) => Object.fromEntries(MATCH_OUTCOMES.map((m) => [OUTCOME_LABEL[m], amountJson(x[m])]));
      if (s.out.format === 'json') {
        return s.out.json({
          gstin: r.gstin,
          suppliers: r.suppliers.map((x) => ({
            supplierGstin: x.supplierGstin,
            supplierName: x.supplierName,
            records: x.records,
            documents: x.documents,
            byOutcome: outcomesJson(x.byOutcome),
          })),
          totals: outcomesJson(r.totals),
        });
      }
      const cell = (b: { count: number; value: Paise }): string =>
        b.count === 0 ? '-' : `${b.count} / ${money(b.value)}`;
      const head = ['supplier', 'name', ...MATCH_OUTCOMES.map((m) => OUTCOME_WORDS[m])];
      const rows = [
        ...r.suppliers.map((x) => [
          x.supplierGstin,
          (x.supplierName ?? '').slice(0, 30),
          ...MATCH_OUTCOMES.map((m) => cell(x.byOutcome[m])),
        ]),
        ['total', '', ...MATCH_OUTCOMES.map((m) => cell(r.totals[m]))],
      ];
      s.out.line(table(head, rows, [2, 3, 4, 5, 6]));
      s.out.line(
        'Cells: documents / document value (the portal value; the books value for documents missing in the portal).',
      );
    });

  const exp =
    program.commands.find((c) => c.name() === 'export') ??
    program.command('export').description('write files');
  exp
    .command('followups')
    .requiredOption('--out <dir>', 'folder for the files (created when missing)')
    .addOption(new Option('--as <type>', 'file type').choices(['xlsx', 'csv']).default('xlsx'))
    .option(
      '--message <text>',
      'text above each table; {supplier_name}, {supplier_gstin}, {our_gstin}, {period}, {count} are filled in; \\n starts a line',
    )
    .description(
      'one file per supplier (.xlsx, or CSV with --as csv) listing documents missing in the portal and mismatches, to chase suppliers',
    )
    .action(async (o: { out: string; as: 'xlsx' | 'csv'; message?: string }) => {
      const s = session();
      const format = o.as;
      const r = await exportFollowups(await s.ctx(), {
        gstin: await s.gstin(),
        outDir: o.out,
        format,
        message: o.message?.replace(/\\n/g, '\n'),
      });
      if (s.out.format === 'json') return s.out.json(r);
      s.out.line(`Wrote ${r.files.length} follow-up file(s) to ${r.outDir}:`);
      s.out.line(
        table(
          ['supplier', 'name', 'missing in portal', 'mismatches', 'file'],
          r.files.map((f) => [
            f.supplierGstin,
            (f.supplierName ?? '').slice(0, 30),
            f.missingInPortal,
            f.mismatches,
            f.file,
          ]),
          [2, 3],
        ),
      );
    });
}
