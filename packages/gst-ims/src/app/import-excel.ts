import { basename, resolve } from 'node:path';
import { UsageError } from '../core/index.js';
import type { XlsxLimits } from '../io/index.js';
import type { AppContext } from './context.js';
import { todayOf } from './context.js';
import { booksPresence, writeDecisions } from './decide.js';
import type {
  ExcelChange,
  ExcelConflict,
  ExcelFileCounts,
  ExcelFinding,
  ExcelWorkbook,
} from './excel-finding.js';
import type { ExcelImportPlan } from './plan-excel-import.js';
import { decisionTimesNeeded, draftOfChecked, planExcelImport } from './plan-excel-import.js';
import { weighLaterDecisions } from './excel-later-decisions.js';
import type { CheckedRows } from './check-excel-rows.js';
import {
  checkExcelBooks,
  distinctFiles,
  editsStillHold,
  excelTargetGstin,
} from './check-excel-books.js';

export type {
  ExcelChange,
  ExcelConflict,
  ExcelConflictValue,
  ExcelFinding,
  FindingKind,
} from './excel-finding.js';
export { BLOCKING_FINDINGS } from './excel-finding.js';

export interface ImportExcelOptions {
  readonly files: readonly string[];
  /** The workspace GSTIN; default: the workbooks' (Home sheet), else the only one. */
  readonly gstin?: string | undefined;
  readonly dryRun?: boolean | undefined;
  /**
   * How to settle a record decided differently in two workbooks (or in a workbook and, since
   * its export, in the workspace): `newest` (later export time) or a file that wins.
   */
  readonly prefer?: string | undefined;
  /** Limits on rows, cells and uncompressed XML per workbook (default: environment, else built in). */
  readonly limits?: Partial<XlsxLimits> | undefined;
}

export interface ExcelFileSummary {
  readonly file: string;
  readonly name: string;
  readonly gstin: string | null;
  readonly exportedAt: string | null;
  /** The time `--prefer newest` compares: the Home sheet's export time, else the file's mtime. */
  readonly time: string;
  readonly timeSource: 'exportedAt' | 'mtime';
  readonly rows: number;
  /** Rows whose editable cells differ from what the workbook was exported with. */
  readonly edited: number;
  readonly applied: number;
}

export interface ImportExcelResult {
  readonly gstin: string;
  readonly dryRun: boolean;
  readonly files: ExcelFileSummary[];
  readonly rows: number;
  readonly edited: number;
  /** Edited rows whose decision the workspace already holds. */
  readonly unchanged: number;
  readonly changes: ExcelChange[];
  /** True when changes were written (not on a dry run, not when there were none). */
  readonly applied: boolean;
  readonly findings: ExcelFinding[];
  readonly conflicts: ExcelConflict[];
  /** Edited rows left unapplied: refused, invalid, stale, unknown, conflicting. */
  readonly notApplied: number;
  /** Accepts whose ITC-reduction column was left empty: the default (full) was set, and said here. */
  readonly declarationNotes: string[];
}

/** Progress phases (AppContext.progress) after `reading <file>`: rows checked, decisions written. */
const CHECKING = 'checking the rows';
const APPLYING = 'applying decisions';

/**
 * Reads the editable columns of one or more workbooks and applies the decisions the user
 * changed, through the engine's rules, in one transaction audited as `excel:<file name>`.
 * Rows that break a rule, are stale, unknown or in conflict are reported and left out; the
 * rest are applied. The plan is pure (plan-excel-import.ts); this reads, then writes.
 */
export async function importExcel(
  ctx: AppContext,
  opts: ImportExcelOptions,
): Promise<ImportExcelResult> {
  if (opts.files.length === 0) throw new UsageError('import excel: name at least one workbook');
  // Read and check every file before touching the workspace: its rows a batch at a time, as they
  // are read, against the records they name (decision 0045).
  const files = distinctFiles(opts.files);
  const gstin = await excelTargetGstin(ctx.store, opts.gstin, files, opts.limits);
  const first = await checkExcelBooks(ctx, ctx.store, files, gstin, opts.limits);
  const prefer = {
    newest: opts.prefer === 'newest',
    file: preferredFile(opts.prefer, first.books),
  };

  return ctx.store.transaction(async (tx) => {
    // A record an edit names that changed since it was checked: check the rows again, in here.
    const { books, checked } = (await editsStillHold(tx, gstin, first.checked.edits))
      ? first
      : await checkExcelBooks(ctx, tx, files, gstin, opts.limits);
    reportChecked(ctx, checked);
    // Decisions made after the export, by the audit log (excel-later-decisions.ts).
    const draft = await weighLaterDecisions(
      tx,
      ctx.user,
      gstin,
      books,
      draftOfChecked({ books, gstin, prefer }, checked),
    );
    const plan = planExcelImport(draft, {
      lastDecided: await lastDecidedAt(tx, gstin, decisionTimesNeeded(draft)),
      today: todayOf(ctx),
      inBooks: await booksPresence(tx, gstin),
    });
    const dryRun = opts.dryRun === true;
    const applied = !dryRun && plan.changes.length > 0;
    if (applied) await applyPlan(ctx, tx, gstin, books, plan);
    return resultOf(books, plan, { gstin, dryRun, applied });
  });
}

/** Progress: the rows were checked as they were read; said once, with their number. */
function reportChecked(ctx: AppContext, checked: CheckedRows): void {
  const total = checked.perFile.reduce((n, f) => n + f.rows, 0);
  ctx.progress?.(CHECKING, total, total);
}

/** When the workspace last decided each record (its audit), for `--prefer newest`. */
async function lastDecidedAt(
  tx: AppContext['store'],
  gstin: string,
  keys: readonly string[],
): Promise<Map<string, string>> {
  const lastDecided = new Map<string, string>();
  if (keys.length === 0) return lastDecided;
  for (const a of await tx.auditFor(gstin, keys)) {
    const prev = lastDecided.get(a.recordKey);
    if (prev === undefined || a.at > prev) lastDecided.set(a.recordKey, a.at);
  }
  return lastDecided;
}

/** Writes the plan's decisions: one audit source per workbook, all inside one transaction. */
async function applyPlan(
  ctx: AppContext,
  tx: AppContext['store'],
  gstin: string,
  books: readonly ExcelWorkbook[],
  plan: ExcelImportPlan,
): Promise<void> {
  const total = plan.changes.length;
  let written = 0;
  ctx.progress?.(APPLYING, 0, total);
  for (const { wb, changes } of plan.writes) {
    const name = books[wb]?.read.name ?? '';
    await writeDecisions(ctx, tx, gstin, changes, `excel:${name}`);
    written += changes.length;
    ctx.progress?.(APPLYING, written, total);
    await tx.logImport({
      gstin,
      kind: 'excel',
      file: name,
      at: ctx.now(),
      user: ctx.user,
      summary: { applied: changes.length },
    });
  }
}

function resultOf(
  books: readonly ExcelWorkbook[],
  plan: ExcelImportPlan,
  run: { gstin: string; dryRun: boolean; applied: boolean },
): ImportExcelResult {
  return {
    gstin: run.gstin,
    dryRun: run.dryRun,
    files: books.map((b, i) => ({
      file: b.read.file,
      name: b.read.name,
      gstin: b.read.home?.gstin ?? null,
      exportedAt: b.read.home?.exportedAt ?? null,
      time: new Date(b.time).toISOString(),
      timeSource: b.timeSource,
      ...(plan.perFile[i] as ExcelFileCounts),
    })),
    rows: plan.perFile.reduce((n, f) => n + f.rows, 0),
    edited: plan.perFile.reduce((n, f) => n + f.edited, 0),
    unchanged: plan.unchanged,
    changes: plan.changes,
    applied: run.applied,
    findings: plan.findings,
    conflicts: plan.conflicts,
    notApplied: plan.notApplied,
    declarationNotes: plan.declarationNotes,
  };
}

/** `--prefer FILE`: the index of the named workbook (by path or file name); null for `newest` or none. */
function preferredFile(prefer: string | undefined, books: readonly ExcelWorkbook[]): number | null {
  if (prefer === undefined || prefer === 'newest') return null;
  const abs = resolve(prefer);
  let i = books.findIndex((b) => resolve(b.read.file) === abs);
  if (i < 0) {
    const byName = books
      .map((b, n) => (b.read.name === basename(prefer) ? n : -1))
      .filter((n) => n >= 0);
    if (byName.length === 1) i = byName[0] as number;
  }
  if (i < 0)
    throw new UsageError(
      `--prefer: expected newest or one of the workbooks being imported (${books.map((b) => b.read.name).join(', ')}), found "${prefer}"`,
    );
  return i;
}
