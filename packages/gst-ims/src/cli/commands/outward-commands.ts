// The supplier side (issue 17): `import outward`, `report outward`, `export customer-followups`.
// Registered after the commands that create `import`, `report` and `export`, under them.
import type { Command } from 'commander';
import { Option } from 'commander';
import { exportOutwardFollowups } from '../../app/export-outward-followups.js';
import { importOutward } from '../../app/import-outward.js';
import { parseMapOptions } from '../../app/import-register.js';
import { importSalesRegister } from '../../app/import-sales-register.js';
import type { OutwardReportResult } from '../../app/outward-report.js';
import { outwardReportFor } from '../../app/outward-report.js';
import { parsePeriod } from '../../app/period-scope.js';
import type {
  ActionCell,
  OutwardDocumentView,
  OutwardPart,
  OutwardTodoCode,
  TaxHeads,
} from '../../core/index.js';
import {
  CUSTOMER_ACTIONS,
  CUSTOMER_ACTION_WORDS,
  OUTWARD_DOC_TYPE_WORDS,
  OUTWARD_TODO,
  UsageError,
  periodLabel,
  toPortalDate,
} from '../../core/index.js';
import { money, moneyJsonDeep, table } from '../output.js';
import { parsePositiveInt } from '../parse-values.js';
import type { Session } from '../session.js';
import { printWarnings } from './import-commands.js';

const PART_WORDS: Readonly<Record<OutwardPart, string>> = {
  gstr1: 'GSTR-1 documents',
  gstr1a: 'GSTR-1A documents',
  addedBack: 'added-back liabilities',
  salesRegister: 'sales register',
};

/** Commander's collector for a repeatable option. */
const repeat = (value: string, previous: string[] = []): string[] => [...previous, value];

const sub = (program: Command, name: string, description: string): Command =>
  program.commands.find((c) => c.name() === name) ?? program.command(name).description(description);

const mmyyyy = periodLabel;

export function registerOutward(program: Command, session: () => Session): void {
  sub(program, 'import', 'import a portal file into the workspace')
    .command('outward')
    .argument(
      '<file>',
      "the IMS supplier-view download: sales with the customers' actions (GSTR-1/1A shape), the added-back liabilities, or the IMS0027 answer",
    )
    .option(
      '--period <MMYYYY>',
      'the return period (needed for the IMS0027 answer, which names none)',
    )
    .option('--max-mb <n>', 'refuse files larger than this many MB', '512')
    .description(
      'import what your customers did with your invoices and credit notes; replaces the parts of the period the file carries',
    )
    .action(async (file: string, o: { period?: string; maxMb: string }) => {
      const s = session();
      const r = await importOutward(await s.ctx(), {
        file,
        gstin: s.opts.gstin,
        period: o.period,
        maxBytes: parsePositiveInt('--max-mb', o.maxMb) * 1024 * 1024,
      });
      if (s.out.format === 'json') return s.out.json(r);
      if (r.kind === 'none') {
        s.out.line(
          `Read ${r.file}: the portal answered IMS0027, no added-back liability for ${mmyyyy(r.period)} (${r.gstin}); stored as none${r.replaced ? `, replacing ${r.replaced} record(s) imported before` : ''}.`,
        );
        return;
      }
      s.out.line(
        `Imported ${r.file} for ${r.gstin}, return period ${mmyyyy(r.period)}: ${r.parts.map((p) => PART_WORDS[p]).join(' and ')}, ${r.entries} record(s) of ${r.customers} customer(s)${r.replaced ? ` (replacing ${r.replaced} imported before)` : ''}`,
      );
      if (r.kind === 'sales')
        s.out.line(
          `  by the customers' action: ${CUSTOMER_ACTIONS.map((a) => `${CUSTOMER_ACTION_WORDS[a]} ${r.byAction[a]}`).join(', ')}`,
        );
      printWarnings(
        s,
        r.warnings.map((w) => ({ code: w.code, message: w.message })),
      );
    });

  sub(program, 'import', 'import a portal file into the workspace')
    .command('sales-register')
    .argument('<file>', 'your sales register: CSV (any delimiter and encoding) or .xlsx')
    .option('--preset <name>', 'layout, as for import register (default: named by the headers)')
    .option(
      '--map <Header=field>',
      'read a column as a field, or "Header=ignore" (repeatable)',
      repeat,
    )
    .option('--strict', 'refuse the whole file when any row is bad')
    .option('--max-mb <n>', 'refuse files larger than this many MB', '256')
    .description(
      "import the books' sales register, to link each document of the supplier view to it; replaces the months its documents are dated in",
    )
    .action(
      async (
        file: string,
        o: { preset?: string; map?: string[]; strict?: boolean; maxMb: string },
      ) => {
        const s = session();
        const r = await importSalesRegister(await s.ctx(), {
          gstin: await s.gstin(),
          file,
          preset: o.preset,
          map: o.map === undefined ? undefined : parseMapOptions(o.map),
          strict: o.strict === true,
          maxBytes: parsePositiveInt('--max-mb', o.maxMb) * 1024 * 1024,
        });
        if (s.out.format === 'json') return s.out.json(r);
        s.out.line(
          `Imported ${r.file} for ${r.gstin}: ${r.documents} sales document(s) dated in ${r.months.map(mmyyyy).join(', ')}${r.replaced ? ` (replacing ${r.replaced} imported before)` : ''}`,
        );
        s.out.line(
          `  columns: ${Object.entries(r.mapping)
            .map(([f, h]) => `${f} <- "${h}"`)
            .join(', ')}`,
        );
        if (r.badRows.length) {
          s.out.line(`${r.badRows.length} row(s) not read:`);
          for (const b of r.badRows.slice(0, 20)) s.out.line(`  ${b}`);
        }
        printWarnings(s, r.warnings);
      },
    );

  sub(program, 'report', 'reports')
    .command('outward')
    .description(
      "the supplier view of a period: per customer and in total by the customer's action, the liability added back per tax head, rejections waiting for a correction, old pending documents, and what to do",
    )
    .option('--period <MMYYYY>', 'the return period (default: the latest imported)')
    .option('--older-than <days>', 'list pending documents older than this many days', '30')
    .action(async (o: { period?: string; olderThan: string }) => {
      const s = session();
      if (!/^\d+$/.test(o.olderThan.trim()))
        throw new UsageError(
          `--older-than: expected a whole number of days, found "${o.olderThan}"`,
        );
      const r = await outwardReportFor(await s.ctx(), await s.gstin(), {
        period: o.period === undefined ? undefined : parsePeriod(o.period),
        olderThanDays: Number(o.olderThan.trim()),
      });
      if (s.out.format === 'json') return s.out.json(moneyJsonDeep(r));
      printReport(s, r);
    });

  sub(program, 'export', 'write files')
    .command('customer-followups')
    .requiredOption('--out <dir>', 'folder for the files (created when missing)')
    .addOption(new Option('--as <type>', 'file type').choices(['xlsx', 'csv']).default('xlsx'))
    .option('--period <MMYYYY>', 'the return period (default: the latest imported)')
    .option(
      '--message <text>',
      'text above each table; {customer_name}, {customer_gstin}, {our_gstin}, {period}, {count} are filled in; \\n starts a line',
    )
    .description(
      'one file per customer listing the documents it rejected or kept pending, with its remarks, to follow up',
    )
    .action(async (o: { out: string; as: 'xlsx' | 'csv'; period?: string; message?: string }) => {
      const s = session();
      const r = await exportOutwardFollowups(await s.ctx(), {
        gstin: await s.gstin(),
        outDir: o.out,
        format: o.as,
        period: o.period === undefined ? undefined : parsePeriod(o.period),
        message: o.message?.replace(/\\n/g, '\n'),
      });
      if (s.out.format === 'json') return s.out.json(r);
      s.out.line(
        `Wrote ${r.files.length} follow-up file(s) for ${mmyyyy(r.period)} to ${r.outDir}:`,
      );
      s.out.line(
        table(
          ['customer', 'name', 'rejected', 'pending', 'file'],
          r.files.map((f) => [
            f.customerGstin,
            (f.customerName ?? '').slice(0, 30),
            f.rejected,
            f.pending,
            f.file,
          ]),
          [2, 3],
        ),
      );
    });
}

const cell = (c: ActionCell): string => (c.count === 0 ? '-' : `${c.count} / ${money(c.value)}`);
const heads = (h: TaxHeads): string =>
  `IGST ${money(h.igst)}, CGST ${money(h.cgst)}, SGST ${money(h.sgst)}, cess ${money(h.cess)}: total ${money(h.total)}`;
const todoText = (t: readonly OutwardTodoCode[]): string => t.join(', ');

function docRows(list: readonly OutwardDocumentView[]): (string | number)[][] {
  return list.map((d) => [
    d.customerGstin,
    `${OUTWARD_DOC_TYPE_WORDS[d.docType]} ${d.docNumber}${d.form === 'gstr1a' ? ' (1A)' : ''}`,
    toPortalDate(d.docDate),
    d.ageDays ?? '',
    money(d.amounts.value),
    d.book === null ? '' : `${d.book.ref}${d.book.differs ? ' (differs)' : ''}`,
    (d.remarks ?? '').slice(0, 40),
    todoText(d.todo),
  ]);
}
const DOC_HEAD = ['customer', 'document', 'date', 'days', 'value', 'books', 'remarks', 'to do'];

function printReport(s: Session, r: OutwardReportResult): void {
  s.out.line(`Supplier view of ${mmyyyy(r.period)} for ${r.gstin}`);
  for (const i of r.imports)
    s.out.line(
      `  ${PART_WORDS[i.part]}: ${i.file} (${i.entries} record(s), imported ${i.at.slice(0, 10)})`,
    );
  for (const p of r.notImported) s.out.line(`  ${PART_WORDS[p]}: not imported`);
  s.out.line();
  s.out.line(
    table(
      ['customer', 'name', 'documents', ...CUSTOMER_ACTIONS.map((a) => CUSTOMER_ACTION_WORDS[a])],
      [
        ...r.customers.map((c) => [
          c.customerGstin,
          (c.customerName ?? '').slice(0, 30),
          c.documents,
          ...CUSTOMER_ACTIONS.map((a) => cell(c.byAction[a])),
        ]),
        [
          'total',
          '',
          r.customers.reduce((n, c) => n + c.documents, 0),
          ...CUSTOMER_ACTIONS.map((a) => cell(r.totals[a])),
        ],
      ],
      [2, 3, 4, 5, 6],
    ),
  );
  s.out.line('Cells: documents / document value.');
  if (r.books !== null)
    s.out.line(
      `Books (sales register): ${r.books.linked} document(s) linked, ${r.books.differing} of them with other amounts in the books; ${r.books.notInBooks} not in the books.`,
    );
  s.out.line();
  const a = r.addedBack;
  const source =
    a.source === 'download'
      ? `from the added-back download, ${a.records} record(s)`
      : a.source === 'none'
        ? 'none: the portal answered IMS0027'
        : 'estimated from the rejected credit notes: no added-back download imported for this period';
  s.out.line(`Liability added back (your GSTR-3B), ${source}:`);
  s.out.line(`  ${heads(a.heads)}`);
  if (a.source !== 'estimate' && a.estimate.total !== a.heads.total)
    s.out.line(`  (credit notes rejected in the sales view: ${heads(a.estimate)})`);
  s.out.line();
  s.out.line(`Rejected, waiting for a correction: ${r.rejectedWaiting.length}`);
  if (r.rejectedWaiting.length) s.out.line(table(DOC_HEAD, docRows(r.rejectedWaiting), [3, 4]));
  s.out.line(`Pending for more than ${r.olderThanDays} day(s): ${r.pendingOlder.length}`);
  if (r.pendingOlder.length) s.out.line(table(DOC_HEAD, docRows(r.pendingOlder), [3, 4]));
  const todo = r.documents.filter((d) => d.todo.length > 0 && d.todo[0] !== 'CORRECTED');
  const rejectedCn = todo.filter((d) => d.docType === 'creditNote' && d.action === 'rejected');
  if (rejectedCn.length) {
    s.out.line(`Credit notes rejected (their tax is added back): ${rejectedCn.length}`);
    s.out.line(table(DOC_HEAD, docRows(rejectedCn), [3, 4]));
  }
  const used = new Set(todo.flatMap((d) => d.todo));
  if (used.size) {
    s.out.line();
    s.out.line('To do, most advised first:');
    for (const code of Object.keys(OUTWARD_TODO) as OutwardTodoCode[])
      if (used.has(code)) s.out.line(`  ${code}: ${OUTWARD_TODO[code].words}`);
  }
}
