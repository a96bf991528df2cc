// The monthly cycle on the command line (issue 12): import gstr2b / gstr3b, report 2b / 3b /
// pending. Money for scripts as two-decimal strings, as elsewhere.
import type { Command } from 'commander';
import { Option } from 'commander';
import {
  deadlineSummary,
  gstr2bReport,
  importGstr2b,
  importGstr3b,
  parsePeriod,
  pendingReport,
  report3b,
} from '../../app/index.js';
import type { Gstr2bCheck, Rule37Row, Rule37Summary } from '../../app/index.js';
import type { Drc01cThreshold, Heads, Paise } from '../../core/index.js';
import {
  UsageError,
  formatReason,
  formatRs,
  headsTotal,
  periodLabel,
  toPortalDate,
} from '../../core/index.js';
import type { TwoBBooksKind } from '../../core/reconcile-2b.js';
import { TWOB_BOOKS_KINDS } from '../../core/reconcile-2b.js';
import { money, moneyJson, moneyJsonDeep, table } from '../output.js';
import { parsePositiveInt, parseRupeesOption } from '../parse-values.js';
import type { Session } from '../session.js';
import { printWarnings } from './import-commands.js';

const SHOWN = 50;
const headsJson = (h: Heads) => ({
  igst: moneyJson(h.igst),
  cgst: moneyJson(h.cgst),
  sgst: moneyJson(h.sgst),
  cess: moneyJson(h.cess),
  total: moneyJson(headsTotal(h)),
});
const headsRow = (label: string, h: Heads): string[] => [
  label,
  money(h.igst),
  money(h.cgst),
  money(h.sgst),
  money(h.cess),
  money(headsTotal(h)),
];
const HEAD_COLUMNS = ['', 'IGST', 'CGST', 'SGST', 'cess', 'total'];
const showPeriod = periodLabel;

function sub(program: Command, name: string, description: string): Command {
  return (
    program.commands.find((c) => c.name() === name) ??
    program.command(name).description(description)
  );
}

export function registerMonth(program: Command, session: () => Session): void {
  const imp = sub(program, 'import', 'import files into the workspace');
  imp
    .command('gstr2b')
    .argument(
      '<files...>',
      "the portal's GSTR-2B JSON; a 2B in several files (fc) is given as all its files",
    )
    .option('--max-mb <n>', 'refuse files larger than this many MB', '512')
    .description(
      'store the GSTR-2B of its period and check it against the IMS decisions and the projection',
    )
    .action(async (files: string[], o: { maxMb: string }) => {
      const s = session();
      const r = await importGstr2b(await s.ctx(), {
        files,
        gstin: s.opts.gstin,
        maxBytes: parsePositiveInt('--max-mb', o.maxMb) * 1024 * 1024,
      });
      if (s.out.format === 'json') return s.out.json(moneyJsonDeep(r));
      s.out.line(
        `Imported the GSTR-2B of ${showPeriod(r.period)} for ${r.gstin} from ${r.files.join(', ')}${r.replaced ? ' (it replaces the one imported before)' : ''}`,
      );
      for (const [list, counts] of Object.entries(r.documents))
        s.out.line(
          `  ${list}: ${Object.entries(counts)
            .map(([k, n]) => `${k} ${n}`)
            .join(', ')}`,
        );
      s.out.line(
        `  totals from ${r.table4.source === 'summary' ? "the file's itcsumm" : 'its documents (no itcsumm)'}:`,
      );
      printTable4(s, r.table4);
      printCheck(s, r.check);
      printWarnings(s, r.warnings);
    });

  imp
    .command('gstr3b')
    .argument('<file>', 'the GSTR-3B JSON (ret_period and Table 4 itc_elg)')
    .description(
      'store the GSTR-3B of its period, to check its ITC against the 2B (gst-ims report 3b)',
    )
    .action(async (file: string) => {
      const s = session();
      const r = await importGstr3b(await s.ctx(), { file, gstin: s.opts.gstin });
      if (s.out.format === 'json') return s.out.json(moneyJsonDeep(r));
      s.out.line(
        `Imported the GSTR-3B of ${showPeriod(r.period)} for ${r.gstin} from ${r.file}${r.replaced ? ' (it replaces the one imported before)' : ''}`,
      );
      s.out.line(`Next: gst-ims report 3b --period ${r.period}`);
    });

  const report = sub(program, 'report', 'reports');
  report
    .command('2b')
    .requiredOption('--period <MMYYYY>', 'the 2B period')
    .description(
      'the imported GSTR-2B of a period against the IMS decisions (recompute?) and the projection',
    )
    .action(async (o: { period: string }) => {
      const s = session();
      const r = await gstr2bReport(await s.ctx(), await s.gstin(), parsePeriod(o.period));
      if (s.out.format === 'json') return s.out.json(moneyJsonDeep(r));
      printTable4(s, r.table4);
      printCheck(s, r);
    });

  report
    .command('3b')
    .requiredOption('--period <MMYYYY>', 'the return period')
    .option('--threshold-amount <rupees>', 'DRC-01C limit: excess above this amount', '2500000')
    .option(
      '--threshold-percent <n>',
      'DRC-01C limit: excess above this percentage of the 2B',
      '20',
    )
    .addOption(
      new Option('--threshold-rule <rule>', 'both limits crossed (and) or either (or)')
        .choices(['and', 'or'])
        .default('and'),
    )
    .description(
      'GSTR-3B Table 4 against the 2B of the period: the excess ITC, the documents behind it, the DRC-01C limit',
    )
    .action(
      async (o: {
        period: string;
        thresholdAmount: string;
        thresholdPercent: string;
        thresholdRule: 'and' | 'or';
      }) => {
        const s = session();
        const percent = Number(o.thresholdPercent);
        if (!Number.isFinite(percent) || percent < 0)
          throw new UsageError(
            `--threshold-percent: expected a percentage such as 20, found "${o.thresholdPercent}"`,
          );
        const threshold: Drc01cThreshold = {
          amount: parseRupeesOption('--threshold-amount', o.thresholdAmount),
          percent,
          rule: o.thresholdRule,
        };
        const r = await report3b(await s.ctx(), await s.gstin(), parsePeriod(o.period), threshold);
        const c = r.check;
        if (s.out.format === 'json')
          return s.out.json({
            period: r.period,
            claimed: headsJson(c.claimed),
            available: headsJson(c.available),
            excess: headsJson(c.excess),
          });
        s.out.line(
          `GSTR-3B ${showPeriod(r.period)} for ${r.gstin}: all other ITC, 4(A)(5) less reclaims 4(D)(1), against the ${r.availableFrom === 'gstr2b' ? 'imported GSTR-2B' : 'projected 2B (no GSTR-2B imported for the period)'}`,
        );
        s.out.line(
          table(
            HEAD_COLUMNS,
            [
              headsRow('claimed in 3B', c.claimed),
              headsRow('available in 2B', c.available),
              headsRow('excess', c.excess),
            ],
            [1, 2, 3, 4, 5],
          ),
        );
        const other = r.lines.filter(
          (l) =>
            headsTotal(l.claimed) !== 0 || (l.available !== null && headsTotal(l.available) !== 0),
        );
        if (other.length)
          s.out.line(
            table(
              ['line', 'row', 'claimed', '2B'],
              other.map((l) => [
                l.name,
                l.row,
                money(headsTotal(l.claimed)),
                l.available === null ? '-' : money(headsTotal(l.available)),
              ]),
              [2, 3],
            ),
          );
        if (c.excessTotal === 0) s.out.line('No excess: the ITC claimed does not exceed the 2B.');
        else {
          const pct =
            c.percent === null
              ? 'nothing available in the 2B'
              : `${c.percent.toFixed(2)}% of the 2B`;
          s.out.line(
            `Excess ITC ${formatRs(c.excessTotal)} (${pct}). DRC-01C limit (${r.threshold.rule === 'and' ? 'both' : 'either'} above ${formatRs(r.threshold.amount)} and ${r.threshold.percent}%): ${c.crossesThreshold ? 'CROSSED' : 'not crossed'}.`,
          );
          if (r.explaining.length) {
            s.out.line(
              `Records that may explain it (${formatRs(r.explained)}${r.explained === c.excessTotal ? ', exactly the excess' : ''}):`,
            );
            s.out.line(
              table(
                ['record', '2B period', 'tax', 'why'],
                r.explaining
                  .slice(0, SHOWN)
                  .map((e) => [
                    e.recordKey,
                    e.twoBPeriod === null ? '' : periodLabel(e.twoBPeriod),
                    money(headsTotal(e.tax)),
                    e.note,
                  ]),
                [2],
              ),
            );
          } else
            s.out.line(
              'No record explains it from the workspace: import the purchase register and run gst-ims reconcile to find documents claimed from an earlier 2B.',
            );
          for (const a of r.advice) s.out.line(`- ${a}`);
        }
      },
    );

  report
    .command('pending')
    .option('--period <MMYYYY>', 'as of this period (default: the current month)')
    .option('--warn-days <n>', 'flag deadlines this many days ahead', '30')
    .description(
      'records kept Pending, carried month to month: age and the date each must be decided by',
    )
    .action(async (o: { period?: string; warnDays: string }) => {
      const s = session();
      const ctx = await s.ctx();
      const gstin = await s.gstin();
      const warnDays = parsePositiveInt('--warn-days', o.warnDays);
      const r = await pendingReport(ctx, gstin, {
        period: o.period === undefined ? undefined : parsePeriod(o.period),
        warnDays,
      });
      const d = await deadlineSummary(ctx, gstin, warnDays);
      const r37 =
        d.rule37 === null
          ? null
          : {
              reverse: d.rule37.reverse.map(rule37Json),
              reclaim: d.rule37.reclaim.map(rule37Json),
              near: d.rule37.near.map(rule37Json),
            };
      if (s.out.format === 'json')
        return s.out.json({
          ...r,
          rows: r.rows.map((x) => ({ ...x, tax: moneyJson(x.tax) })),
          rule37a: d.rule37a.map((x) => ({ ...x, tax: moneyJson(x.tax) })),
          rule37: r37,
        });
      if (r.rows.length === 0) s.out.line('No record is kept Pending.');
      else {
        s.out.line(
          `${r.rows.length} record(s) kept Pending${r.asOf ? ` (today ${toPortalDate(r.asOf)})` : ''}:`,
        );
        s.out.line(
          table(
            ['record', '2B period', 'carried', 'age (days)', 'decide by', 'rule', 'state', 'tax'],
            r.rows
              .slice(0, SHOWN)
              .map((x) => [
                x.recordKey,
                x.twoBPeriod ? periodLabel(x.twoBPeriod) : '',
                x.periodsCarried ?? '',
                x.ageDays ?? '',
                x.decideBy ? toPortalDate(x.decideBy) : 'not pendable',
                x.rule,
                x.state === 'past'
                  ? 'PAST'
                  : x.state === 'near'
                    ? `near (${x.daysLeft} days)`
                    : x.state,
                money(x.tax),
              ]),
            [2, 3, 7],
          ),
        );
        if (r.rows.length > SHOWN)
          s.out.line(`... and ${r.rows.length - SHOWN} more (use --format json for all)`);
      }
      printRule37a(s, d.rule37a);
      printRule37(s, d.rule37, warnDays);
    });
}

const rule37Json = (x: Rule37Row) => ({ ...x, tax: moneyJson(x.tax) });

/** Rule 37 lines for status and report pending; nothing when the register carries no payment date. */
export function printRule37(s: Session, r: Rule37Summary | null, warnDays: number): void {
  if (r === null) return;
  const sum = (rows: readonly Rule37Row[]): string =>
    formatRs(rows.reduce((n, x) => n + x.tax, 0) as Paise);
  const rows = (list: readonly Rule37Row[], when: string) =>
    table(
      ['document', 'supplier', 'date', '180th day', when, 'tax'],
      list
        .slice(0, 20)
        .map((x) => [
          x.docNumber,
          x.supplierGstin,
          toPortalDate(x.docDate),
          toPortalDate(x.lastDay),
          showPeriod(x.period),
          money(x.tax),
        ]),
      [5],
    );
  if (r.reverse.length) {
    s.out.line(
      `Rule 37: ${r.reverse.length} invoice(s) in the books still unpaid 180 days after their date: reverse ${sum(r.reverse)} of ITC in 4(B)(2) of the 3B shown (with interest if it was used); claim it again once paid.`,
    );
    s.out.line(rows(r.reverse, 'reverse in'));
  }
  if (r.reclaim.length) {
    s.out.line(
      `Rule 37: ${r.reclaim.length} invoice(s) paid after the 180 days: claim ${sum(r.reclaim)} again in 4(A)(5), shown in 4(D)(1), of the 3B of the payment's period.`,
    );
    s.out.line(rows(r.reclaim, 'reclaim in'));
  }
  if (r.near.length)
    s.out.line(
      `Rule 37: ${r.near.length} unpaid invoice(s) reach their 180th day within ${warnDays} days (${sum(r.near)} of ITC): pay them, or reverse the ITC.`,
    );
}

export function printRule37a(
  s: Session,
  rows: readonly { recordKey: string; reverseBy: string; tax: Paise }[],
): void {
  if (!rows.length) return;
  const total = rows.reduce((n, x) => n + x.tax, 0) as Paise;
  s.out.line(
    `Rule 37A: ${rows.length} record(s) whose supplier has still not filed after 30 September following the year: reverse ${formatRs(total)} of ITC (if claimed) in a 3B filed by 30 November; reclaim once the supplier files.`,
  );
  s.out.line(
    table(
      ['record', 'reverse by', 'tax'],
      rows.slice(0, 20).map((x) => [x.recordKey, x.reverseBy, money(x.tax)]),
      [2],
    ),
  );
}

function printTable4(
  s: Session,
  t: {
    allOther: Heads;
    imports: Heads;
    reverseCharge: Heads;
    isd: Heads;
    rule37a: Heads;
    notAvailable: Heads;
    rejected: Heads;
  },
): void {
  s.out.line(
    table(
      HEAD_COLUMNS,
      [
        headsRow('4(A)(5) all other ITC', t.allOther),
        headsRow('4(A)(1) imports', t.imports),
        headsRow('4(A)(3) reverse charge', t.reverseCharge),
        headsRow('4(A)(4) ISD', t.isd),
        headsRow('4(B)(2) rule 37A', t.rule37a),
        headsRow('not available', t.notAvailable),
        headsRow('rejected', t.rejected),
      ],
      [1, 2, 3, 4, 5],
    ),
  );
}

function printCheck(s: Session, c: Gstr2bCheck): void {
  const d = c.decisions;
  if (d.recompute) {
    s.out.line(
      `Recompute the 2B on the portal before filing 3B: ${d.findings.length} record(s) of ${showPeriod(c.period)} differ from your IMS actions (the 2B was generated before them):`,
    );
    s.out.line(
      table(
        ['code', 'record', 'what'],
        d.findings.slice(0, SHOWN).map((f) => [f.code, f.recordKey, f.message]),
      ),
    );
  } else
    s.out.line(
      `The 2B agrees with the IMS actions on all ${d.compared} record(s) of ${showPeriod(c.period)}.`,
    );
  if (d.unknownDocuments.length)
    s.out.line(
      `${d.unknownDocuments.length} document(s) of the 2B are not in the workspace's IMS records (import the latest IMS download).`,
    );
  const t = c.totals;
  if (t.equal) s.out.line('The 2B all other ITC equals the projection of your decisions.');
  else
    s.out.line(
      table(
        HEAD_COLUMNS,
        [
          headsRow('2B all other ITC', t.twoB),
          headsRow('projected', t.projected),
          headsRow('2B - projected', t.difference),
        ],
        [1, 2, 3, 4, 5],
      ),
    );
  printBooks(s, c);
}

const KIND_LABEL: Readonly<Record<TwoBBooksKind, string>> = {
  reverseCharge: 'reverse charge',
  import: 'imports',
  isd: 'ISD',
};

/** (c) The 2B against the books: documents that never enter IMS are found, or not, here. */
function printBooks(s: Session, c: Gstr2bCheck): void {
  const b = c.books;
  if (b === null) return;
  s.out.line(
    `2B against the books (reverse charge, imports and ISD never enter IMS; the 2B is where they are found):`,
  );
  const rows = TWOB_BOOKS_KINDS.map((k) => {
    const t = b.byKind[k];
    return [
      KIND_LABEL[k],
      t.matched,
      money(t.matchedBooksTax),
      money(t.matchedTwoBTax),
      t.withDifferences,
      t.notIn2b,
      money(t.notIn2bTax),
      t.notInBooks,
      money(t.notInBooksTax),
    ];
  });
  s.out.line(
    table(
      [
        'section',
        'in both',
        'books tax',
        '2B tax',
        'differing',
        'books only',
        'tax',
        '2B only',
        'tax',
      ],
      rows,
      [1, 2, 3, 4, 5, 6, 7, 8],
    ),
  );
  if (b.neverIn2b)
    s.out.line(
      `${b.neverIn2b} purchase(s) from unregistered suppliers: in no 2B (self-invoice and pay under reverse charge).`,
    );
  const differing = b.rows.filter((r) => r.status === 'matched' && r.differences.length > 0);
  if (differing.length) {
    s.out.line(
      `In the 2B with different amounts (correct the books, or ask the supplier / customs to amend):`,
    );
    s.out.line(
      table(
        ['register', 'number', 'section', 'differences (2B - books)'],
        differing.slice(0, SHOWN).map((r) => [
          r.registerRef,
          r.docNumber,
          r.section ?? '',
          r.reasons
            .filter((x) => x.code.endsWith('Diff2b'))
            .map(formatReason)
            .join('; '),
        ]),
      ),
    );
  }
  const missing = b.rows
    .filter((r) => r.status === 'notIn2b')
    .sort((x, y) => x.kind.localeCompare(y.kind) || x.registerRef.localeCompare(y.registerRef));
  if (missing.length) {
    s.out.line(
      `In the books, not in the 2B of ${showPeriod(b.period)} yet: their ITC is not available this period (claim it in the 3B of the period whose 2B shows it):`,
    );
    s.out.line(
      table(
        ['register', 'kind', 'supplier', 'number', 'date', 'tax'],
        missing
          .slice(0, SHOWN)
          .map((r) => [
            r.registerRef,
            KIND_LABEL[r.kind as TwoBBooksKind],
            r.supplierGstin,
            r.docNumber,
            toPortalDate(r.docDate),
            money(headsTotal(r.booksTax)),
          ]),
        [5],
      ),
    );
    if (missing.length > SHOWN)
      s.out.line(`... and ${missing.length - SHOWN} more (use --format json for all)`);
  }
  if (b.notInBooks.length) {
    s.out.line(`In the 2B, not in the books: book them (or find why they are not yours):`);
    s.out.line(
      table(
        ['section', 'supplier', 'number', 'date', 'port', 'tax'],
        b.notInBooks
          .slice(0, SHOWN)
          .map((r) => [
            r.section,
            r.supplierGstin ?? '',
            r.docNumber,
            r.docDate === null ? '' : toPortalDate(r.docDate),
            r.portCode ?? '',
            money(headsTotal(r.tax)),
          ]),
        [5],
      ),
    );
    if (b.notInBooks.length > SHOWN)
      s.out.line(`... and ${b.notInBooks.length - SHOWN} more (use --format json for all)`);
  }
}
