import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { ExcelFinding, ImportExcelResult } from '../../app/index.js';
import {
  BLOCKING_FINDINGS,
  exportExcel,
  importExcel,
  parsePeriod,
  scopeToPeriod,
} from '../../app/index.js';
import { SECTIONS, SECTION_INFO } from '../../core/index.js';
import { table } from '../output.js';
import type { Session } from '../session.js';

const SHOWN = 50;

/** Hooks `export excel` and `import excel` into the existing `export` and `import` commands. */
export function registerExcel(program: Command, session: () => Session): void {
  const exp =
    program.commands.find((c) => c.name() === 'export') ??
    program.command('export').description('write files for the portal');
  exp
    .command('excel')
    .description(
      'write the IMS workbook: a Home sheet and one sheet per section (B2B ... ECOA) to decide in Excel',
    )
    .option('--out <file>', 'the .xlsx to write; with --split-by, the start of each file name')
    .option(
      '--split-by <what>',
      'one workbook per group: supplier, section, or a purchase-register column (after reconciliation)',
    )
    .option('--out-dir <dir>', 'the folder for the split workbooks')
    .option('--period <MMYYYY>', 'only the records of this GSTR-2B period')
    .action(async (o: { out?: string; splitBy?: string; outDir?: string; period?: string }) => {
      const s = session();
      const ctx = scopeToPeriod(
        await s.ctx(),
        o.period === undefined ? undefined : parsePeriod(o.period),
      );
      const r = await exportExcel(ctx, {
        gstin: await s.gstin(),
        outFile: o.out,
        splitBy: o.splitBy,
        outDir: o.outDir,
      });
      if (s.out.format === 'json') return s.out.json(r);
      s.out.line(
        `Wrote ${r.files.length} workbook(s) for ${r.gstin}: ${r.records} record(s)${r.gone ? ` (${r.gone} gone from the latest download left out)` : ''}`,
      );
      s.out.line(
        table(
          ['file', 'part', 'records', 'bytes', 'sheets'],
          r.files.map((f) => [
            f.file,
            f.part,
            f.rows,
            f.bytes,
            SECTIONS.filter((x) => f.counts[x])
              .map((x) => `${SECTION_INFO[x].sheet} ${f.counts[x]}`)
              .join(', '),
          ]),
          [2, 3],
        ),
      );
      if (!r.withMatch) s.out.line('No reconciliation data yet: the match columns are left out.');
      s.out.line('Decide in the yellow columns, then: gst-ims import excel FILE...');
    });

  const imp =
    program.commands.find((c) => c.name() === 'import') ??
    program.command('import').description('import a portal file into the workspace');
  imp
    .command('excel')
    .argument(
      '<files...>',
      'workbooks written by gst-ims export excel and filled in (several merge the work of a team)',
    )
    .description(
      'apply the decisions made in exported workbooks: only changed Action/Remarks/ITC-reduction cells, checked by the rules',
    )
    .option('--dry-run', 'check and report, change nothing')
    .option(
      '--prefer <newest|file>',
      'settle a record decided differently in two workbooks: newest (later export time on the Home sheet, else file time) or the named workbook',
    )
    .option(
      '--max-rows <n>',
      'refuse a workbook with more rows than this (default 1,100,000; env GST_IMS_XLSX_MAX_ROWS)',
      limitOption,
    )
    .option(
      '--max-cells <n>',
      'refuse a workbook with more cells than this (default 40,000,000; env GST_IMS_XLSX_MAX_CELLS)',
      limitOption,
    )
    .option(
      '--max-xml-bytes <n>',
      'refuse a workbook whose XML unpacks to more than this, e.g. 2G (default 1G; env GST_IMS_XLSX_MAX_XML_BYTES)',
      limitOption,
    )
    .action(async (files: string[], o: ImportExcelFlags) => {
      const s = session();
      const ctx = await s.ctx();
      const r = await importExcel(ctx, {
        files,
        gstin: s.opts.gstin,
        dryRun: o.dryRun === true,
        prefer: o.prefer,
        limits: {
          ...(o.maxRows === undefined ? {} : { maxRows: o.maxRows }),
          ...(o.maxCells === undefined ? {} : { maxCells: o.maxCells }),
          ...(o.maxXmlBytes === undefined ? {} : { maxXmlBytes: o.maxXmlBytes }),
        },
      });
      if (s.out.format === 'json') s.out.json(r);
      else printImport(s, r);
      const problems = r.notApplied > 0;
      if (problems) s.exitCode = 3;
      else if (r.changes.length === 0) {
        if (s.out.format !== 'json')
          s.out.err(
            r.edited === 0
              ? 'Nothing to import: no Action, Remarks or ITC-reduction cell differs from the exported workbook.'
              : 'Nothing to change: the workspace already holds these decisions.',
          );
        s.exitCode = 4;
      }
    });
}

interface ImportExcelFlags {
  readonly dryRun?: boolean;
  readonly prefer?: string;
  readonly maxRows?: number;
  readonly maxCells?: number;
  readonly maxXmlBytes?: number;
}

/** A limit flag: a whole number above 0, with `_` or `,` separators or a K/M/G suffix. */
function limitOption(raw: string): number {
  const m = /^(\d+)\s*([kmg]?)b?$/i.exec(raw.trim().replace(/[_,]/g, ''));
  const scale = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(m?.[2] ?? '').toLowerCase()] ?? 1;
  const n = m ? Number(m[1]) * scale : Number.NaN;
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new InvalidArgumentError('expected a whole number above 0 (such as 500000 or 2G)');
  return n;
}

function printImport(s: Session, r: ImportExcelResult): void {
  const head = r.applied ? 'Changed' : r.dryRun ? 'Would change' : 'Changed';
  s.out.line(
    `Read ${r.files.length} workbook(s) for ${r.gstin}: ${r.rows} row(s), ${r.edited} edited. ${head}: ${r.changes.length}; already so: ${r.unchanged}; not applied: ${r.notApplied}`,
  );
  for (const l of r.declarationNotes) s.out.line(l);
  if (r.changes.length) {
    s.out.line(
      table(
        ['record', 'from', 'to', 'file', 'cell'],
        r.changes.slice(0, SHOWN).map((c) => [c.key, c.from, c.to, c.file, c.cell]),
      ),
    );
    if (r.changes.length > SHOWN)
      s.out.line(`... and ${r.changes.length - SHOWN} more (use --format json for all)`);
  }
  if (r.conflicts.length) {
    s.out.err(
      `Decided differently in several places (${r.conflicts.filter((c) => c.resolution === 'unresolved').length} left unapplied; use --prefer newest or --prefer FILE):`,
    );
    s.out.err(
      table(
        ['record', 'values', 'outcome'],
        r.conflicts
          .slice(0, SHOWN)
          .map((c) => [
            c.recordKey,
            c.values
              .map((v) => `${v.file}${v.cell ? ` ${v.cell}` : ''}: ${v.decision}`)
              .join(' | '),
            c.resolution === 'unresolved'
              ? 'not applied'
              : `${c.winner ?? ''} wins (${c.resolution})`,
          ]),
      ),
    );
    if (r.conflicts.length > SHOWN) s.out.err(`... and ${r.conflicts.length - SHOWN} more`);
  }
  const section = (title: string, list: readonly ExcelFinding[]): void => {
    if (!list.length) return;
    s.out.err(title);
    s.out.err(
      table(
        ['file', 'cell', 'code', 'message'],
        list.slice(0, SHOWN).map((f) => [f.file, f.cell, f.code, f.message]),
      ),
    );
    if (list.length > SHOWN)
      s.out.err(`... and ${list.length - SHOWN} more (use --format json for all)`);
  };
  section(
    'Not applied:',
    r.findings.filter((f) => BLOCKING_FINDINGS.includes(f.kind)),
  );
  section(
    'Read-only cells that were edited (ignored):',
    r.findings.filter((f) => f.kind === 'readOnlyEdited'),
  );
  section(
    'Warnings (applied):',
    r.findings.filter((f) => f.kind === 'warning'),
  );
  if (r.dryRun) s.out.line('Dry run: nothing was changed.');
  else if (r.notApplied)
    s.out.err(
      'Fix these rows and import the workbook again: rows already applied are then left as they are.',
    );
}
