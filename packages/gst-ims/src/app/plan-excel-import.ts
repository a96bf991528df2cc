// The pure plan of an Excel import: workbooks + the workspace's records -> the decisions to
// write, the findings, the conflicts. No files, no store, no clock: the shell (importExcel)
// reads the workbooks and the records, passes today and the books presence, and applies.
import type { IsoDate, WorkspaceRecord } from '../core/index.js';
import { declarationSummary } from '../core/index.js';
import { columnLetter, columnOfField, describeDecision, sheetColumns } from '../io/index.js';
import type { CheckedRows } from './check-excel-rows.js';
import { checkExcelRows } from './check-excel-rows.js';
import type { DecisionChange, Refusal } from './decide.js';
import { planDecisions } from './decide.js';
import type {
  ExcelChange,
  ExcelConflict,
  ExcelEdit,
  ExcelFileCounts,
  ExcelFinding,
  ExcelWorkbook,
  FindingKind,
} from './excel-finding.js';
import { BLOCKING_FINDINGS, actionCellOf } from './excel-finding.js';
import type { MergedEdits, Preference } from './merge-excel-edits.js';
import { mergeExcelEdits, settleDecidedSince } from './merge-excel-edits.js';

export interface ExcelImportInput {
  readonly books: readonly ExcelWorkbook[];
  /** The workspace GSTIN the rows must belong to. */
  readonly gstin: string;
  /** The workspace's records of that GSTIN, by key (draftExcelImport; not when the rows come checked). */
  readonly records?: ReadonlyMap<string, WorkspaceRecord> | undefined;
  readonly prefer: Preference;
}

/** The rows checked and the workbooks merged: all but the workspace's later decisions weighed. */
export interface ExcelImportDraft {
  readonly input: ExcelImportInput;
  readonly checked: CheckedRows;
  readonly merged: MergedEdits;
}

export interface ExcelPlanContext {
  /** Record key -> when the workspace last decided it (from the audit); read for `--prefer newest`. */
  readonly lastDecided: ReadonlyMap<string, string>;
  /** Today's date in India, for the engine's deadline rules. */
  readonly today: IsoDate | null;
  /** Whether the last reconciliation found a record in the books (NOT_IN_BOOKS on Accept). */
  readonly inBooks: (recordKey: string) => boolean | null;
}

type PlannedChange = DecisionChange & { row: WorkspaceRecord };

export interface ExcelImportPlan {
  /** Row findings first, then the engine's refusals and warnings. */
  readonly findings: ExcelFinding[];
  readonly conflicts: ExcelConflict[];
  readonly changes: ExcelChange[];
  /** The decisions to write, by workbook (one audit source each), in order of first change. */
  readonly writes: { readonly wb: number; readonly changes: PlannedChange[] }[];
  readonly perFile: ExcelFileCounts[];
  /** Edited rows whose decision the workspace already holds. */
  readonly unchanged: number;
  /** Edited rows left unapplied: refused, invalid, stale, unknown, conflicting. */
  readonly notApplied: number;
  readonly declarationNotes: string[];
}

/** Checks every row and merges the workbooks. `onRow` reports progress. */
export function draftExcelImport(
  input: ExcelImportInput,
  onRow?: (checked: number, total: number) => void,
): ExcelImportDraft {
  const checked = checkExcelRows(input.books, input.gstin, input.records ?? new Map(), onRow);
  return draftOfChecked(input, checked);
}

/** The draft of rows already checked (a batch at a time as they were read): the workbooks merged. */
export function draftOfChecked(input: ExcelImportInput, checked: CheckedRows): ExcelImportDraft {
  return { input, checked, merged: mergeExcelEdits(input.books, checked.edits, input.prefer) };
}

/** The records whose last decision time planExcelImport needs (only under `--prefer newest`). */
export function decisionTimesNeeded(draft: ExcelImportDraft): string[] {
  if (!draft.input.prefer.newest) return [];
  return draft.merged.decidedSince.map((e) => e.current.record.key);
}

/** A finding about an edit from one of the engine's issues (or refusals), at its field's cell. */
function issueFinding(
  books: readonly ExcelWorkbook[],
  e: ExcelEdit,
  kind: FindingKind,
  i: Pick<Refusal, 'code' | 'field' | 'message'>,
): ExcelFinding {
  const id = columnOfField(i.field);
  const n = e.sheet.columns.get(id) ?? e.sheet.columns.get('action');
  const column = sheetColumns(e.sheet.section, true).find((c) => c.id === id)?.header ?? null;
  const prefix = `${e.current.record.key}: `;
  return {
    kind,
    file: books[e.wb]?.read.name ?? '',
    sheet: e.sheet.name,
    row: e.row.row,
    column: n === undefined ? null : column,
    cell:
      n === undefined
        ? `${e.sheet.name}!${e.row.row}`
        : `${e.sheet.name}!${columnLetter(n)}${e.row.row}`,
    recordKey: e.current.record.key,
    code: i.code,
    message: i.message.startsWith(prefix) ? i.message.slice(prefix.length) : i.message,
  };
}

/** The planned changes grouped by workbook, in order of each workbook's first change. */
function writesByWorkbook(
  changes: readonly PlannedChange[],
  edit: ReadonlyMap<string, ExcelEdit>,
): ExcelImportPlan['writes'] {
  const byFile = new Map<number, PlannedChange[]>();
  for (const c of changes) {
    const wb = (edit.get(c.key) as ExcelEdit).wb;
    const list = byFile.get(wb);
    if (list) list.push(c);
    else byFile.set(wb, [c]);
  }
  return [...byFile].map(([wb, list]) => ({ wb, changes: list }));
}

function notAppliedOf(
  findings: readonly ExcelFinding[],
  conflicts: readonly ExcelConflict[],
): number {
  const blocking = findings.filter((f) => BLOCKING_FINDINGS.includes(f.kind));
  return (
    new Set(blocking.map((f) => `${f.file}|${f.sheet}|${f.row}`)).size +
    conflicts.filter((c) => c.resolution === 'unresolved').length
  );
}

/**
 * Weighs the workspace's later decisions and passes the winning edits through the engine's
 * rules (planDecisions): what is written, and what is reported for each row.
 */
export function planExcelImport(draft: ExcelImportDraft, ctx: ExcelPlanContext): ExcelImportPlan {
  const { books, prefer } = draft.input;
  const { checked, merged } = draft;
  const settled = settleDecidedSince(books, merged.decidedSince, prefer, ctx.lastDecided);
  const winners = [...merged.winners, ...settled.winners];
  const plan = planDecisions(
    winners.map((e) => ({ current: e.current, decision: e.decision })),
    { today: ctx.today, inBooks: ctx.inBooks },
  );
  const edit = new Map(winners.map((e) => [e.current.record.key, e]));
  const findings = [...checked.findings];
  // Each refusal carries the engine's issue (code, field, message): reported at the field's cell.
  for (const r of plan.refused) {
    const e = edit.get(r.recordKey);
    if (e) findings.push(issueFinding(books, e, 'refused', r));
  }
  for (const w of plan.warnings) {
    const e = w.recordKey === null ? undefined : edit.get(w.recordKey);
    if (e) findings.push(issueFinding(books, e, 'warning', w));
  }
  const perFile = checked.perFile.map((f) => ({ ...f }));
  for (const c of plan.changes)
    (perFile[(edit.get(c.key) as ExcelEdit).wb] as ExcelFileCounts).applied++;
  const conflicts = [...merged.conflicts, ...settled.conflicts];
  return {
    findings,
    conflicts,
    changes: plan.changes.map((c) => {
      const e = edit.get(c.key) as ExcelEdit;
      const file = books[e.wb]?.read.name ?? '';
      return {
        key: c.key,
        from: describeDecision(c.from),
        to: describeDecision(c.to),
        file,
        cell: actionCellOf(e),
      };
    }),
    writes: writesByWorkbook(plan.changes, edit),
    perFile,
    unchanged: checked.unchanged + merged.unchanged + plan.unchanged,
    notApplied: notAppliedOf(findings, conflicts),
    // Each row carries its own declaration: only the defaulted and kept ones need words.
    declarationNotes: declarationSummary(
      { ...plan.declarations, given: 0, notApplicable: 0 },
      null,
    ),
  };
}
