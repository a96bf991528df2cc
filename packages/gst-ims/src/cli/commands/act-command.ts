import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
// Narrow imports (not the app barrel): a command loads only what it runs (decision 0047).
import { decideSelection } from '../../app/decide-selection.js';
import { stoppedByRefusals } from '../../app/refusal-policy.js';
import type { ItcReduction, RecordSelector, Section } from '../../core/index.js';
import {
  BadInputError,
  DECISION_VERBS,
  SECTIONS,
  UsageError,
  actionLabel,
  decisionVerbUsage,
  declarationSummary,
  parseDecisionVerb,
  parseItcReduction,
  sectionFromAlias,
  selectorIsEmpty,
} from '../../core/index.js';
import { printSkipped, table } from '../output.js';
import { collect, parseDateOption, parseRupeesOption } from '../parse-values.js';
import type { Session } from '../session.js';
import { printWarnings } from './import-commands.js';

interface ActOptions {
  section?: string[];
  supplier?: string[];
  number?: string[];
  from?: string;
  to?: string;
  min?: string;
  max?: string;
  keysFile?: string;
  all?: boolean;
  remark?: string;
  itcReduction?: string;
  igst?: string;
  cgst?: string;
  sgst?: string;
  cess?: string;
  dryRun?: boolean;
  skipRefused?: boolean;
}

const SHOWN = 50;

/** The progress bar's words for decideSelection's phases. */
const PHASES = { checking: 'checking the records', writing: 'writing the decisions' } as const;

export function registerAct(program: Command, session: () => Session): void {
  program
    .command('act')
    .argument('<verb>', decisionVerbUsage())
    .description('decide on the selected records (every rule of the portal is checked first)')
    .option(
      '--section <s>',
      `section(s): ${SECTIONS.join(', ')} (repeat or comma-separate)`,
      collect,
    )
    .option('--supplier <gstin>', 'supplier GSTIN(s)', collect)
    .option('--number <docno>', 'document number(s), case-insensitive', collect)
    .option('--from <date>', 'document date on or after (DD-MM-YYYY)')
    .option('--to <date>', 'document date on or before (DD-MM-YYYY)')
    .option('--min <rupees>', 'document value at least')
    .option('--max <rupees>', 'document value at most')
    .option('--keys-file <file>', 'a file with one record key per line')
    .option('--all', 'every record of the GSTIN')
    .option(
      '--remark <text>',
      'remark sent to the portal (Reject, Pending, or Accept with a partial/nil ITC reduction)',
    )
    .option(
      '--itc-reduction <kind>',
      'on Accept of a credit note or ITC-reducing amendment: full (the default) | partial | none; applies to the selected records that take a declaration',
    )
    .option('--igst <rupees>', 'declared IGST reduction (with --itc-reduction partial)')
    .option('--cgst <rupees>', 'declared CGST reduction')
    .option('--sgst <rupees>', 'declared SGST reduction')
    .option('--cess <rupees>', 'declared cess reduction')
    .option('--dry-run', 'show what would change, change nothing')
    .option(
      '--skip-refused',
      'apply to the records the rules allow, leave the refused ones unchanged',
    )
    .action(async (verbRaw: string, o: ActOptions) => {
      const s = session();
      const verb = parseDecisionVerb(verbRaw);
      if (verb === null)
        throw new UsageError(
          `act: expected one of ${DECISION_VERBS.join(', ')}, found "${verbRaw}"`,
        );
      const selector = await buildSelector(o);
      if (selectorIsEmpty(selector))
        throw new UsageError(
          'act: say which records: --section, --supplier, --number, --from/--to, --min/--max, --keys-file, or --all',
        );
      const itcReduction = buildItcReduction(o);
      const ctx = await s.ctx();
      // A batch at a time (decision 0049): a million records in bounded memory, with progress.
      const r = await decideSelection(ctx, {
        gstin: await s.gstin(),
        selector,
        verb,
        remark: o.remark ?? null,
        itcReduction,
        source: 'cli',
        dryRun: o.dryRun === true,
        skipRefused: o.skipRefused === true,
        onProgress: ctx.progress
          ? ({ phase, done, total }) => ctx.progress?.(PHASES[phase], done, total)
          : undefined,
      });
      const stopped = stoppedByRefusals(r, o);
      if (s.out.format === 'json') {
        s.out.json(r);
      } else {
        const head = r.applied ? 'Changed' : o.dryRun ? 'Would change' : 'Not changed';
        if (r.recheckedAfter) s.out.err(r.recheckedAfter.message);
        s.out.line(
          `${r.selected} record(s) selected. ${head}: ${r.changes.length}; already so: ${r.unchanged}; refused: ${r.refused.length}${r.skipped.length > 0 ? `; skipped: ${r.skipped.length}` : ''}`,
        );
        if (verb === 'accept')
          for (const l of declarationSummary(r.declarations, itcReduction)) s.out.line(l);
        if (r.changes.length && (o.dryRun || r.changes.length <= SHOWN)) {
          s.out.line(
            table(
              ['record', 'from', 'to'],
              r.changes.slice(0, SHOWN).map((c) => [c.key, actionLabel(c.from), actionLabel(c.to)]),
            ),
          );
          if (r.changes.length > SHOWN) s.out.line(`... and ${r.changes.length - SHOWN} more`);
        }
        if (r.refused.length) {
          s.out.err(`Refused by the rules${r.applied ? ' (left unchanged)' : ''}:`);
          s.out.err(
            table(
              ['record', 'code', 'reason'],
              r.refused.slice(0, SHOWN).map((x) => [x.recordKey, x.code, x.message]),
            ),
          );
          if (r.refused.length > SHOWN)
            s.out.err(`... and ${r.refused.length - SHOWN} more (use --format json for all)`);
          if (stopped)
            s.out.err(
              'Nothing was changed. Narrow the selection, or add --skip-refused to apply to the rest.',
            );
        }
        printSkipped(
          s.out,
          'Decided by someone else while this decision was being checked (left as they decided):',
          r.skipped,
          SHOWN,
        );
        printWarnings(s, r.warnings);
      }
      if (stopped) s.exitCode = 3;
      else if (r.selected === 0 || (r.changes.length === 0 && r.refused.length === 0)) {
        if (s.out.format !== 'json')
          s.out.err(r.selected === 0 ? 'No record matches the selection.' : 'Nothing to change.');
        s.exitCode = 4;
      }
    });
}

async function buildSelector(o: ActOptions): Promise<RecordSelector> {
  const sel: RecordSelector = {};
  if (o.section) {
    sel.sections = o.section.map((x): Section => {
      const sec = sectionFromAlias(x);
      if (!sec)
        throw new UsageError(
          `--section: unknown section "${x}"; expected one of ${SECTIONS.join(', ')}`,
        );
      return sec;
    });
  }
  if (o.supplier) sel.supplierGstins = o.supplier.map((g) => g.toUpperCase());
  if (o.number) sel.docNumbers = o.number;
  if (o.from) sel.from = parseDateOption('--from', o.from);
  if (o.to) sel.to = parseDateOption('--to', o.to);
  if (o.min) sel.minValue = parseRupeesOption('--min', o.min);
  if (o.max) sel.maxValue = parseRupeesOption('--max', o.max);
  if (o.keysFile) {
    let text: string;
    try {
      text = await readFile(o.keysFile, 'utf8');
    } catch (e) {
      throw new BadInputError(
        `${o.keysFile}: cannot read the keys file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
        { file: o.keysFile },
      );
    }
    sel.keys = text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    if (sel.keys.length === 0)
      throw new BadInputError(`${o.keysFile}: the keys file names no record`, { file: o.keysFile });
  }
  if (o.all) sel.all = true;
  return sel;
}

function buildItcReduction(o: ActOptions): ItcReduction | null {
  const r = parseItcReduction(
    { kind: o.itcReduction, amounts: { igst: o.igst, cgst: o.cgst, sgst: o.sgst, cess: o.cess } },
    { partialNeedsAmounts: true },
  );
  if (r.ok) return r.value;
  throw new UsageError(
    r.errors
      .map((e) => `${e.field === 'kind' ? '--itc-reduction' : `--${e.field}`}: ${e.message}`)
      .join('; '),
  );
}
