import type { Command } from 'commander';
import { Option } from 'commander';
import type {
  ApplyProposalsResult,
  ExplainResult,
  ReconcileSummary,
  RegisterRowCounts,
} from '../../app/index.js';
import {
  OUTCOME_LABEL,
  REGISTER_FIELD_LABELS,
  applyProposals,
  configGet,
  configSet,
  explainMatch,
  exportFollowups,
  formatReasons,
  importRegister,
  linkRecords,
  parseMapOptions,
  parseOutcome,
  parsePeriod,
  reconcileReport,
  reconcileWorkspace,
  rulesList,
  rulesReset,
  rulesSet,
  scopeToPeriod,
  unlinkRecords,
} from '../../app/index.js';
import type { Amounts, MatchOutcome, Paise } from '../../core/index.js';
import type { ProposalRule } from '../../core/proposals.js';
import type { TwoBKindTotals } from '../../core/reconcile-2b.js';
import {
  MATCH_OUTCOMES,
  formatRs,
  formatRupees,
  periodLabel,
  toPortalDate,
} from '../../core/index.js';
import { money, moneyJson, table } from '../output.js';
import { parseDateOption, parsePositiveInt } from '../parse-values.js';
import type { Session } from '../session.js';
import { printWarnings } from './import-commands.js';

const SHOWN = 50;
const repeat = (value: string, previous: string[] = []): string[] => [...previous, value];
const OUTCOME_WORDS: Readonly<Record<MatchOutcome, string>> = {
  exact: 'exact',
  probable: 'probable',
  mismatch: 'mismatch',
  missingInRegister: 'missing in register',
  missingInPortal: 'missing in portal',
  notInIms: 'not in IMS (reverse charge, import, ISD or unregistered)',
};

const amountsLine = (a: Amounts): string =>
  `value ${money(a.value)} (taxable ${money(a.taxable)}${a.igst ? `, IGST ${money(a.igst)}` : ''}${a.cgst ? `, CGST ${money(a.cgst)}` : ''}${a.sgst ? `, SGST ${money(a.sgst)}` : ''}${a.cess ? `, cess ${money(a.cess)}` : ''})`;

export function registerReconcile(program: Command, session: () => Session): void {
  registerImportRegister(program, session);

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
        { out: o.out },
      );
      if (s.out.format === 'json') return s.out.json({ ...summaryJson(r), written: r.written });
      printSummary(s, r);
      if (r.written) s.out.line(`Wrote ${r.written} (${r.rows.length} row(s)).`);
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

  const config = program
    .command('config')
    .description('reconciliation settings of the GSTIN: tolerances and the IMS period');
  config
    .command('get')
    .argument(
      '[name]',
      'amount | total-tax-check | percent | date-window | period (all when left out)',
    )
    .description('show the settings')
    .action(async (name: string | undefined) => {
      const s = session();
      const r = await configGet(await s.ctx(), await s.gstin(), name);
      if (s.out.format === 'json') return s.out.json(r);
      s.out.line(
        table(
          ['setting', 'value', 'default', 'meaning'],
          r.map((e) => [e.name, e.value, e.default, e.description]),
        ),
      );
    });
  config
    .command('set')
    .argument('<name>', 'amount | total-tax-check | percent | date-window | period')
    .argument('<value>', 'rupees for amount; on/off; a percentage or off; days; MMYYYY or auto')
    .description('change a setting (run gst-ims reconcile again to use it)')
    .action(async (name: string, value: string) => {
      const s = session();
      const e = await configSet(await s.ctx(), await s.gstin(), name, value);
      if (s.out.format === 'json') return s.out.json(e);
      s.out.line(`${e.name} = ${e.value}${e.isDefault ? ' (the default)' : ''}`);
    });

  const rules = program
    .command('rules')
    .description('the ordered rules that turn match outcomes into proposed actions');
  rules
    .command('list')
    .description('show the rules in force (first matching rule wins)')
    .action(async () => {
      const s = session();
      const r = await rulesList(await s.ctx(), await s.gstin());
      if (s.out.format === 'json') return s.out.json(r.rules);
      s.out.line(
        `${r.source === 'default' ? 'Built-in rules' : 'Rules set for this GSTIN'} (first match wins):`,
      );
      s.out.line(
        table(
          ['#', 'rule', 'when', 'action', 'safe', 'remark'],
          r.rules.map((x, i) => [
            i + 1,
            x.name,
            ruleWhen(x),
            x.action,
            x.safe ? 'yes' : 'review',
            x.remark ?? '',
          ]),
        ),
      );
      s.out.line(
        'Change them with gst-ims rules set FILE.json (start from gst-ims --format json rules list); gst-ims rules reset restores these defaults.',
      );
    });
  rules
    .command('set')
    .argument('<file>', 'a JSON array of rules')
    .description('replace the rules of this GSTIN with the list in FILE (validated first)')
    .action(async (file: string) => {
      const s = session();
      const r = await rulesSet(await s.ctx(), await s.gstin(), file);
      if (s.out.format === 'json') return s.out.json(r.rules);
      s.out.line(`Set ${r.rules.length} rule(s): ${r.rules.map(ruleName).join(', ')}`);
    });
  rules
    .command('reset')
    .description('back to the built-in rules')
    .action(async () => {
      const s = session();
      const r = await rulesReset(await s.ctx(), await s.gstin());
      if (s.out.format === 'json') return s.out.json(r.rules);
      s.out.line(`Back to the ${r.rules.length} built-in rule(s).`);
    });

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

function registerImportRegister(program: Command, session: () => Session): void {
  const imp =
    program.commands.find((c) => c.name() === 'import') ??
    program.command('import').description('import files into the workspace');
  imp
    .command('register')
    .argument('<file>', 'the purchase register: CSV (any delimiter and encoding) or .xlsx')
    .option(
      '--preset <name>',
      'layout: generic (default), tally (TallyPrime purchase register / GSTR-2), gstr2b (a GSTR-2B-style sheet), busy (Busy purchase register), zoho (Zoho Books bill export), sap (SAP MIRO/MIGO list)',
    )
    .option(
      '--map <Header=field>',
      'read a column as a field, or "Header=ignore" (repeatable); remembered for the next import',
      repeat,
    )
    .option('--strict', 'refuse the whole file when any row is bad')
    .option(
      '--from <date>',
      'the period the file covers starts (default: its earliest document date)',
    )
    .option('--to <date>', 'the period ends (default: its latest document date)')
    .option('--max-mb <n>', 'refuse files larger than this many MB', '256')
    .description(
      "import the books' purchase register; replaces the register for the period the file covers",
    )
    .action(
      async (
        file: string,
        o: {
          preset?: string;
          map?: string[];
          strict?: boolean;
          from?: string;
          to?: string;
          maxMb: string;
        },
      ) => {
        const s = session();
        const ctx = await s.ctx();
        const r = await importRegister(ctx, {
          gstin: await s.gstin(),
          file,
          preset: o.preset,
          map: o.map ? parseMapOptions(o.map) : undefined,
          strict: o.strict === true,
          from: o.from === undefined ? undefined : parseDateOption('--from', o.from),
          to: o.to === undefined ? undefined : parseDateOption('--to', o.to),
          maxBytes: parsePositiveInt('--max-mb', o.maxMb) * 1024 * 1024,
        });
        if (s.out.format === 'json') return s.out.json(r);
        s.out.line(
          `Imported ${r.documents} document(s) from ${r.rows} row(s) of ${r.file} for ${r.gstin}, dated ${toPortalDate(r.periodFrom)} to ${toPortalDate(r.periodTo)}`,
        );
        s.out.line(
          `  replaced ${r.replaced} document(s) of that period, kept ${r.kept} of other periods${r.outsidePeriod ? `; ${r.outsidePeriod} outside --from/--to left out` : ''}`,
        );
        s.out.line(`  ${rowCountsLine(r.counts)}`);
        const where = [
          r.sheet === null ? null : `sheet "${r.sheet}"`,
          `header row ${r.headerRow}`,
          r.encoding,
          r.delimiter === null ? null : `delimiter ${JSON.stringify(r.delimiter)}`,
        ]
          .filter(Boolean)
          .join(', ');
        s.out.line(`Columns (preset ${r.preset}; ${where}):`);
        const entries = Object.entries(r.mapping) as [keyof typeof REGISTER_FIELD_LABELS, string][];
        s.out.line(
          table(
            ['field', 'meaning', 'column'],
            entries.map(([f, h]) => [f, REGISTER_FIELD_LABELS[f], h]),
          ),
        );
        s.out.line(
          'This mapping is saved for the next import; correct a column with --map "Header=field".',
        );
        if (r.badRows.length) {
          const rows = new Set(r.badRows.map((b) => b.row)).size;
          s.out.err(`${rows} bad row(s) not imported (--strict refuses the file instead):`);
          s.out.err(
            table(
              ['row', 'column', 'value', 'problem', 'code'],
              r.badRows
                .slice(0, SHOWN)
                .map((b) => [b.row, b.column ?? '', b.value, b.message, b.code]),
            ),
          );
          if (r.badRows.length > SHOWN)
            s.out.err(`... and ${r.badRows.length - SHOWN} more (use --format json for all)`);
        }
        if (r.droppedLinks.length)
          s.out.err(
            `${r.droppedLinks.length} manual link(s) removed: their register document was replaced by a different one.`,
          );
        printWarnings(s, r.warnings);
        s.out.line('Next: gst-ims reconcile');
      },
    );
}

/** Where every row below the header went; the parts add up to the first number. */
function rowCountsLine(c: RegisterRowCounts): string {
  const parts = [
    `${c.documents} document(s)`,
    c.merged ? `${c.merged} further rate row(s) summed into them` : '',
    c.duplicates ? `${c.duplicates} exact duplicate row(s) left out (see warnings)` : '',
    c.skipped ? `${c.skipped} skipped (see warnings)` : '',
    `${c.bad} bad`,
    c.blank ? `${c.blank} blank` : '',
  ].filter(Boolean);
  return `${c.dataRows} row(s) below the header: ${parts.join(', ')}`;
}

function summaryJson(r: ReconcileSummary) {
  return {
    gstin: r.gstin,
    records: r.records,
    documents: r.documents,
    counts: Object.fromEntries(MATCH_OUTCOMES.map((m) => [OUTCOME_LABEL[m], r.counts[m]])),
    proposals: r.proposals,
    period: r.period,
    tolerances: r.tolerances,
    gstinCorrections: r.gstinCorrections,
    gstr2b:
      r.twoB === null
        ? null
        : {
            period: r.twoB.period,
            neverIn2b: r.twoB.neverIn2b,
            byKind: Object.fromEntries(
              Object.entries(r.twoB.byKind).map(([k, t]) => [k, twoBTotalsJson(t)]),
            ),
          },
  };
}

const twoBTotalsJson = (t: TwoBKindTotals) => ({
  ...t,
  matchedBooksTax: moneyJson(t.matchedBooksTax),
  matchedTwoBTax: moneyJson(t.matchedTwoBTax),
  notIn2bTax: moneyJson(t.notIn2bTax),
  notInBooksTax: moneyJson(t.notInBooksTax),
});

function printSummary(s: Session, r: ReconcileSummary): void {
  const t = r.tolerances;
  const period = r.period
    ? `IMS period ${periodLabel(r.period.period)} (${r.period.source === 'setting' ? 'set' : 'from the records'})`
    : 'no IMS period known';
  s.out.line(
    `Reconciled ${r.records} record(s) with ${r.documents} register document(s) for ${r.gstin}; ${period}`,
  );
  s.out.line(
    `Tolerances: ${formatRs(t.amountPaise as Paise)} per amount${t.percent === null ? '' : ` + ${t.percent}%`}, total tax ${t.totalTaxCheck ? 'checked' : 'not checked'}, dates ${t.dateWindowDays} day(s) (gst-ims config)`,
  );
  s.out.line(
    table(
      ['outcome', 'count'],
      MATCH_OUTCOMES.map((m) => [OUTCOME_LABEL[m], r.counts[m]]),
      [1],
    ),
  );
  const acts = Object.entries(r.proposals.byAction).map(([a, n]) => `${a} ${n}`);
  s.out.line(
    `Proposed actions: ${acts.length ? acts.join(', ') : 'none'} (${r.proposals.safe} safe, ${r.proposals.review} to review${r.proposals.kept ? `, ${r.proposals.kept} held decision(s) kept` : ''})`,
  );
  if (r.counts.notInIms)
    s.out.line(
      `${r.counts.notInIms} register document(s) never enter IMS (reverse charge, imports, ISD, unregistered suppliers): not_in_ims, never chased as missing.`,
    );
  if (r.counts.notInIms && r.twoB !== null) {
    const k = Object.values(r.twoB.byKind);
    const sum = (f: (t: TwoBKindTotals) => number): number => k.reduce((n, t) => n + f(t), 0);
    s.out.line(
      `  against the GSTR-2B of ${periodLabel(r.twoB.period)}: ${sum((t) => t.matched)} in the 2B (reason in2b:<section>, ${sum((t) => t.withDifferences)} with amount differences), ${sum((t) => t.notIn2b)} not in it yet (notIn2b: ITC not available this period); see gst-ims report 2b --period ${r.twoB.period}.`,
    );
  }
  if (r.gstinCorrections.length) {
    s.out.line(
      `${r.gstinCorrections.length} register document(s) carry a mistyped supplier GSTIN (paired as probable, never applied unseen); correct the register:`,
    );
    s.out.line(
      table(
        ['register', 'number', 'books GSTIN', 'portal GSTIN', 'typo'],
        r.gstinCorrections
          .slice(0, SHOWN)
          .map((c) => [c.registerRef, c.documentNumber, c.booksGstin, c.portalGstin, c.kind]),
      ),
    );
  }
}

function printExplain(s: Session, r: ExplainResult): void {
  const m = r.result;
  if (r.record) {
    const rec = r.record;
    s.out.line(
      `Record ${rec.key}: ${rec.section} ${rec.docNumber} dated ${toPortalDate(rec.docDate)} from ${rec.supplierGstin}${rec.supplierName ? ` (${rec.supplierName})` : ''}, ${amountsLine(rec.amounts)}`,
    );
  }
  if (r.document) {
    const d = r.document;
    s.out.line(
      `Register ${d.ref}: ${d.docType} ${d.docNumber} dated ${toPortalDate(d.docDate)} from ${d.supplierGstin}, ${amountsLine(d.amounts)}; rows ${d.sourceRows.join(', ')}`,
    );
  }
  s.out.line(
    `Outcome: ${OUTCOME_WORDS[m.outcome]}, score ${m.score}${m.manual ? ' (manual link)' : ''}${m.reasons.length ? `; reasons: ${formatReasons(m.reasons)}` : ''}`,
  );
  if (r.proposal) {
    s.out.line(
      `Proposed: ${r.proposal.action}${r.proposal.safe ? '' : ' (review first)'} by rule ${r.proposal.rule}${r.proposal.remark ? `, remark "${r.proposal.remark}"` : ''}${r.proposal.note ? `: ${r.proposal.note}` : ''}`,
    );
  }
  if (r.candidates.length === 0)
    s.out.line(
      r.kind === 'record'
        ? 'No register document of this supplier (or PAN) or with this number to compare.'
        : 'No portal record of this supplier (or PAN) or with this number to compare.',
    );
  else {
    s.out.line(
      `Nearest candidates (${r.kind === 'record' ? 'register documents' : 'portal records'}):`,
    );
    s.out.line(
      table(
        [
          r.kind === 'record' ? 'register' : 'record',
          'number',
          'date',
          'value',
          'score',
          'reasons',
          'verdict',
        ],
        r.candidates.map((c) => {
          const o = c.document ?? c.record;
          return [
            c.other,
            o?.docNumber ?? '',
            o ? toPortalDate(o.docDate) : '',
            o ? money(o.amounts.value) : '',
            c.score,
            formatReasons(c.reasons),
            c.whyNot,
          ];
        }),
        [3, 4],
      ),
    );
  }
  const t = r.tolerances;
  s.out.line(
    `(tolerance ${formatRs(t.amountPaise as Paise)} per amount${t.percent === null ? '' : ` + ${t.percent}%`}, date window ${t.dateWindowDays} day(s))`,
  );
}

function applyJson(r: ApplyProposalsResult) {
  return {
    ...r,
    byRule: r.byRule.map((b) => ({
      ...b,
      changes: b.changes.map((c) => ({
        key: c.key,
        from: c.from.action,
        to: c.to.action,
        remark: c.remark,
      })),
    })),
  };
}

function printApply(s: Session, r: ApplyProposalsResult): void {
  const verb = r.applied ? 'Changed' : r.dryRun ? 'Would change' : 'Changed';
  s.out.line(
    `${r.considered} proposal(s) considered. ${verb}: ${r.changed}; already so: ${r.unchanged}; refused: ${r.refused}`,
  );
  if (r.byRule.length)
    s.out.line(
      table(
        [
          'rule',
          'source',
          'proposed',
          r.dryRun ? 'would change' : 'changed',
          'already so',
          'refused',
        ],
        r.byRule.map((b) => [
          b.rule,
          b.source,
          b.proposed,
          b.changes.length,
          b.unchanged,
          b.refused.length,
        ]),
        [2, 3, 4, 5],
      ),
    );
  if (r.dryRun) {
    const changes = r.byRule.flatMap((b) =>
      b.changes.map((c) => [c.key, c.from.action, c.to.action, c.remark ?? '', b.rule]),
    );
    if (changes.length) {
      s.out.line(table(['record', 'from', 'to', 'remark', 'rule'], changes.slice(0, SHOWN)));
      if (changes.length > SHOWN)
        s.out.line(`... and ${changes.length - SHOWN} more (use --format json for all)`);
    }
  }
  if (r.notSafe)
    s.out.line(`${r.notSafe} proposal(s) need a review first (left out by --only-safe).`);
  if (r.keptDecisions.length) {
    s.out.line(
      `${r.keptDecisions.length} record(s) already decided by a person or on the portal kept their decision (no rule names it):`,
    );
    s.out.line(
      table(
        ['record', 'holds', 'decided by', 'rule would', 'rule'],
        r.keptDecisions
          .slice(0, SHOWN)
          .map((k) => [k.recordKey, k.action, k.by, k.proposed, k.rule]),
      ),
    );
    if (r.keptDecisions.length > SHOWN)
      s.out.line(`... and ${r.keptDecisions.length - SHOWN} more (use --format json for all)`);
    s.out.line(
      'A rule changes a held decision only when it names it: "when": { "heldAction": ["pending"] } (gst-ims rules set FILE).',
    );
  }
  const refused = r.byRule.flatMap((b) => b.refused.map((x) => [x.recordKey, x.code, x.message]));
  if (refused.length) {
    s.out.err('Refused by the rules (left unchanged):');
    s.out.err(table(['record', 'code', 'reason'], refused.slice(0, SHOWN)));
  }
  printWarnings(s, r.warnings);
}

const ruleName = (rule: ProposalRule): string => rule.name;

/** "outcome exact, after the period end" for people. */
function ruleWhen(rule: ProposalRule): string {
  const w = rule.when;
  const parts: string[] = [];
  if (w.outcome) parts.push(`outcome ${w.outcome.map((o) => OUTCOME_LABEL[o]).join(' or ')}`);
  if (w.sections) parts.push(`section ${w.sections.join(' or ')}`);
  if (w.heldAction) parts.push(`holding ${w.heldAction.join(' or ')}`);
  if (w.supplierNotFiled !== undefined)
    parts.push(w.supplierNotFiled ? 'supplier return not filed' : 'supplier return filed');
  if (w.afterPeriodEnd !== undefined)
    parts.push(w.afterPeriodEnd ? 'dated after the period end' : 'dated within the period');
  if (w.receivedAfterPeriodEnd !== undefined)
    parts.push(
      w.receivedAfterPeriodEnd
        ? 'goods received after the period end'
        : 'goods received within the period',
    );
  return parts.length ? parts.join(', ') : 'always';
}
