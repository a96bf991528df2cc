// import register: a purchase register file read into the workspace.
import type { Command } from 'commander';
import type { RegisterRowCounts } from '../../app/import-register.js';
import {
  REGISTER_FIELD_LABELS,
  importRegister,
  parseMapOptions,
} from '../../app/import-register.js';
import { toPortalDate } from '../../core/index.js';
import { table } from '../output.js';
import { parseDateOption, parsePositiveInt } from '../parse-values.js';
import type { Session } from '../session.js';
import { printWarnings } from './import-commands.js';
import { SHOWN } from './reconcile-output.js';

const repeat = (value: string, previous: string[] = []): string[] => [...previous, value];

export function registerImportRegister(program: Command, session: () => Session): void {
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
