import type { Command } from 'commander';
import {
  UPLOAD_FILE_STATUS_WORDS,
  deadlineSummary,
  itcReport,
  parsePeriod,
  recordHistory,
  scopeToPeriod,
  supplierReport,
  workspaceStatus,
} from '../../app/index.js';
import type { ItcBucket, Paise } from '../../core/index.js';
import { ACTIONS, actionLabel } from '../../core/index.js';
import { money, moneyJson, table } from '../output.js';
import { parsePositiveInt } from '../parse-values.js';
import { printRule37, printRule37a } from './month-commands.js';
import type { Session } from '../session.js';
import { printRecentActions } from './undo-command.js';

const bucketJson = (b: ItcBucket) => ({
  count: b.count,
  igst: moneyJson(b.igst),
  cgst: moneyJson(b.cgst),
  sgst: moneyJson(b.sgst),
  cess: moneyJson(b.cess),
  total: moneyJson(b.total),
});
const bucketRow = (label: string, b: ItcBucket): (string | number)[] => [
  label,
  b.count,
  money(b.igst),
  money(b.cgst),
  money(b.sgst),
  money(b.cess),
  money(b.total),
];
const BUCKETS = [
  ['available', 'Available (accepted + no action)'],
  ['creditNoteReduction', 'Less: credit notes'],
  ['netAvailable', 'Net ITC available'],
  ['rejected', 'Rejected'],
  ['rejectedCreditNotes', 'Rejected credit notes'],
  ['pending', 'Pending (deferred)'],
  ['pendingCreditNotes', 'Pending credit notes'],
  ['waitingForSupplier', 'Waiting for the supplier to file'],
  ['waitingForSupplierCreditNotes', 'Credit notes waiting for the supplier'],
  ['amendmentsOriginalUnknown', 'Amendments, original not known (kept apart)'],
] as const;

export function registerStatus(program: Command, session: () => Session): void {
  program
    .command('status')
    .description(
      'where things stand: counts per section, what waits for upload, flags and portal errors',
    )
    .option('--period <MMYYYY>', 'only the records of this GSTR-2B period')
    .option('--warn-days <n>', 'flag deadlines this many days ahead', '30')
    .action(async (o: { period?: string; warnDays: string }) => {
      const s = session();
      const ctx = scopeToPeriod(
        await s.ctx(),
        o.period === undefined ? undefined : parsePeriod(o.period),
      );
      const r = await workspaceStatus(ctx, await s.gstin());
      const deadlines = await deadlineSummary(
        ctx,
        r.gstin,
        parsePositiveInt('--warn-days', o.warnDays),
      );
      if (s.out.format === 'json') return s.out.json({ ...r, deadlines });
      s.out.line(
        `GSTIN ${r.gstin}${r.lastImport ? `, last download ${r.lastImport.file} imported ${r.lastImport.at}` : ''}`,
      );
      const head = [
        'section',
        'records',
        ...ACTIONS.map((a) => `portal ${actionLabel(a)}`),
        ...ACTIONS.map((a) => `yours ${actionLabel(a)}`),
        'to upload',
        'flagged',
        'errors',
        'gone',
      ];
      const rows = [
        ...r.sections.filter((x) => x.total > 0),
        { section: 'total', ...r.totals },
      ].map((x) => [
        x.section,
        x.total,
        ...ACTIONS.map((a) => x.byPortalAction[a]),
        ...ACTIONS.map((a) => x.byDecision[a]),
        x.waitingUpload,
        x.flagged,
        x.withError,
        x.gone,
      ]);
      s.out.line(table(head, rows, head.map((_, i) => i).slice(1)));
      if (r.errors.length) {
        s.out.line(`\nRecords the portal refused (${r.errors.length}):`);
        s.out.line(
          table(
            ['record', 'code', 'message'],
            r.errors.map((e) => [e.recordKey, e.code ?? '', e.message]),
          ),
        );
      }
      if (r.flagged.length)
        s.out.line(
          `\n${r.flagged.length} record(s) changed by the supplier since the decision: decide again (gst-ims validate lists them).`,
        );
      if (r.goneWithDecision.length) {
        s.out.line(
          `\nError: ${r.goneWithDecision.length} decision(s) not uploaded are on records that left the portal's download; they cannot be uploaded. Reset them, or import a download that holds them:`,
        );
        for (const k of r.goneWithDecision.slice(0, 20)) s.out.line(`  ${k}`);
        if (r.goneWithDecision.length > 20)
          s.out.line(
            `  ... and ${r.goneWithDecision.length - 20} more (use --format json for all)`,
          );
      }
      if (deadlines.past.length)
        s.out.line(
          `\n${deadlines.past.length} open record(s) (Pending, or the supplier has not filed) are PAST their last date (s.16(4), or the credit-note pending window): gst-ims report pending`,
        );
      if (deadlines.near.length)
        s.out.line(
          `${deadlines.near.length} open record(s) reach their last date within ${deadlines.warnDays} days: gst-ims report pending`,
        );
      if (deadlines.rule37a.length) printRule37a(s, deadlines.rule37a);
      printRule37(s, deadlines.rule37, deadlines.warnDays);
      if (r.uploadFiles.length) {
        s.out.line('\nUpload files:');
        s.out.line(
          table(
            ['file', 'type', 'records', 'written', 'answer'],
            r.uploadFiles.map((f) => [
              f.name,
              f.reqtyp,
              f.records,
              f.at.slice(0, 16).replace('T', ' '),
              f.status === 'partlyFailed'
                ? `partly failed: ${f.failed} record(s)`
                : UPLOAD_FILE_STATUS_WORDS[f.status],
            ]),
            [2],
          ),
        );
      }
    });

  program
    .command('history')
    .argument(
      '[record]',
      'a record key (section|supplier|number|FY) or a document number; without it, the latest decision actions with their event ids',
    )
    .option('--supplier <gstin>', 'narrow a document number to one supplier')
    .option('--limit <n>', 'without a record: how many actions to list', '20')
    .description(
      'the audit trail of a record (every decision with who, when, from, to, remark, source and event), or the latest actions',
    )
    .action(async (selector: string | undefined, o: { supplier?: string; limit: string }) => {
      const s = session();
      if (selector === undefined)
        return printRecentActions(s, parsePositiveInt('--limit', o.limit));
      const r = await recordHistory(await s.ctx(), await s.gstin(), selector, o.supplier);
      if (s.out.format === 'json') return s.out.json(r);
      for (const rec of r.records) {
        const entries = r.entries.filter((e) => e.recordKey === rec.key);
        s.out.line(
          `${rec.key}: ${entries.length ? `${entries.length} change(s)` : 'no decision recorded yet'}`,
        );
        if (entries.length) {
          s.out.line(
            table(
              ['event', 'when', 'user', 'from', 'to', 'remark', 'source'],
              entries.map((e) => [
                e.eventId ?? '',
                e.at,
                e.user,
                actionLabel(e.fromAction),
                actionLabel(e.toAction),
                e.remark ?? '',
                e.source,
              ]),
            ),
          );
        }
        const approval = r.approvals.find((a) => a.key === rec.key);
        if (approval !== undefined)
          s.out.line(
            approval.current
              ? `Approved by ${approval.by} at ${approval.at} (its current decision).`
              : `Last approved by ${approval.by} at ${approval.at}; decided again since (version ${approval.recordVersion}, approved ${approval.version}): waiting for approval.`,
          );
      }
    });

  const report = program
    .command('report')
    .description('projected GSTR-2B effect of the current decisions');
  report
    .command('itc')
    .description(
      'per tax head: available, credit-note reductions, rejected, pending, waiting for the supplier to file',
    )
    .option('--period <MMYYYY>', 'only the records of this GSTR-2B period')
    .action(async (o: { period?: string }) => {
      const s = session();
      const r = await itcReport(await s.ctx(), await s.gstin(), {
        period: o.period === undefined ? undefined : parsePeriod(o.period),
      });
      if (s.out.format === 'json')
        return s.out.json({
          ...Object.fromEntries(BUCKETS.map(([k]) => [k, bucketJson(r[k])])),
          byAction: r.byAction,
          bySection: r.bySection,
          decideAgain: {
            count: r.decideAgain.count,
            tax: moneyJson(r.decideAgain.tax),
            keys: r.decideAgain.keys,
          },
        });
      s.out.line(
        table(
          ['bucket', 'documents', 'IGST', 'CGST', 'SGST', 'cess', 'total'],
          BUCKETS.map(([k, label]) => bucketRow(label, r[k])),
          [1, 2, 3, 4, 5, 6],
        ),
      );
      if (r.decideAgain.count > 0) {
        s.out.line(
          `Decide again: ${r.decideAgain.count} record(s) (tax ${money(r.decideAgain.tax)}) on No Action after the supplier changed a document whose decision the portal held; counted above as deemed accepted, as the portal will if nobody decides. gst-ims status lists them.`,
        );
      }
      s.out.line(
        'No action counts as accepted: the portal deems it accepted when GSTR-2B is generated on the 14th. Records whose supplier has not filed are in no 2B; an amendment counts as its difference from the original.',
      );
    });
  report
    .command('suppliers')
    .description('the same per supplier')
    .action(async () => {
      const s = session();
      const r = await supplierReport(await s.ctx(), await s.gstin());
      if (s.out.format === 'json') {
        return s.out.json(
          r.map((x) => ({
            supplierGstin: x.supplierGstin,
            supplierName: x.supplierName,
            count: x.count,
            byAction: x.byAction,
            ...Object.fromEntries(BUCKETS.map(([k]) => [k, bucketJson(x[k])])),
          })),
        );
      }
      const tax = (b: ItcBucket): Paise => b.total;
      s.out.line(
        table(
          ['supplier', 'name', 'docs', 'available', 'CN reduction', 'net', 'rejected', 'pending'],
          r.map((x) => [
            x.supplierGstin,
            x.supplierName ?? '',
            x.count,
            money(tax(x.available)),
            money(tax(x.creditNoteReduction)),
            money(tax(x.netAvailable)),
            money((tax(x.rejected) + tax(x.rejectedCreditNotes)) as Paise),
            money((tax(x.pending) + tax(x.pendingCreditNotes)) as Paise),
          ]),
          [2, 3, 4, 5, 6, 7],
        ),
      );
    });
}
