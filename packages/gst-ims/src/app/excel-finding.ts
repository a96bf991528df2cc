// What an Excel import reports, and the internal shapes its plan passes between steps.
import type { Decision, WorkspaceRecord } from '../core/index.js';
import type { ReadRow, ReadSheet, ReadWorkbook } from '../io/index.js';
import { columnLetter, describeDecision } from '../io/index.js';

/** Why a row (or one of its cells) was not applied, or what was ignored. */
export type FindingKind =
  | 'refused' // the engine's rules refuse the decision
  | 'invalidCell' // an editable cell holds something that is not a value of its column
  | 'readOnlyEdited' // a locked portal cell differs from the portal's value: ignored
  | 'unknownKey' // the key names no record of the workspace
  | 'otherGstin' // the key belongs to another recipient GSTIN
  | 'noKey' // a row with content but no (readable) key
  | 'misplaced' // a row on the sheet of another section
  | 'keyMismatch' // the hidden key names another record than the row shows
  | 'stale' // the record changed on the portal since the workbook was made
  | 'warning'; // a warning from the engine (applied)

/** Kinds that leave a row's decision unapplied. */
export const BLOCKING_FINDINGS: readonly FindingKind[] = [
  'refused',
  'invalidCell',
  'unknownKey',
  'otherGstin',
  'noKey',
  'misplaced',
  'keyMismatch',
  'stale',
];

export interface ExcelFinding {
  readonly kind: FindingKind;
  readonly file: string;
  readonly sheet: string;
  readonly row: number;
  /** The column's header, when the finding is about one cell. */
  readonly column: string | null;
  /** `B2B!Q12`, or `B2B!12` for a whole row. */
  readonly cell: string;
  readonly recordKey: string | null;
  readonly code: string;
  readonly message: string;
}

export interface ExcelConflictValue {
  readonly file: string;
  readonly cell: string;
  readonly decision: string;
}

export interface ExcelConflict {
  readonly recordKey: string;
  /** `workbooks`: two files disagree; `workspace`: the workspace was decided differently after the workbook's export. */
  readonly between: 'workbooks' | 'workspace';
  readonly values: ExcelConflictValue[];
  /** `unresolved` leaves the record as it is. */
  readonly resolution: 'unresolved' | 'newest' | 'prefer';
  /** The file whose value was applied, `workspace` when the workspace's own later decision stays. */
  readonly winner: string | null;
  /**
   * DECIDED_SINCE_EXPORT: on a multi-user workspace, another person decided the record after
   * the workbook's export; never overwritten, whatever --prefer says.
   */
  readonly code?: 'DECIDED_SINCE_EXPORT';
}

export interface ExcelChange {
  readonly key: string;
  readonly from: string;
  readonly to: string;
  readonly file: string;
  readonly cell: string;
}

/** One workbook read, with the time `--prefer newest` compares. */
export interface ExcelWorkbook {
  readonly read: ReadWorkbook;
  readonly time: number;
  readonly timeSource: 'exportedAt' | 'mtime';
}

/** A row whose decision the user changed, on a record of the workspace. */
export interface ExcelEdit {
  /** Index of the workbook. */
  readonly wb: number;
  readonly sheet: ReadSheet;
  readonly row: ReadRow;
  readonly current: WorkspaceRecord;
  readonly decision: Decision;
  /** The decision hash the workbook was exported with. */
  readonly exported: string;
}

/** Rows, edited rows and applied decisions of one workbook. */
export interface ExcelFileCounts {
  rows: number;
  edited: number;
  applied: number;
}

/** The cell of an edit's Action. */
export function actionCellOf(e: ExcelEdit): string {
  return `${e.sheet.name}!${columnLetter(e.sheet.columns.get('action') ?? 1)}${e.row.row}`;
}

/** An edit as one side of a conflict. */
export function conflictValueOf(books: readonly ExcelWorkbook[], e: ExcelEdit): ExcelConflictValue {
  return {
    file: books[e.wb]?.read.name ?? '',
    cell: actionCellOf(e),
    decision: describeDecision(e.decision),
  };
}
