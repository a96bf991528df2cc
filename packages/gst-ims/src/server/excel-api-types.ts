// The shapes of the Excel and follow-up routes (excel-routes.ts), shared with the web app
// (types only cross that line).
import type { Section } from '../core/index.js';

// The shapes of app/excel-finding.ts, said again here: the web type-checks this file and cannot
// follow the app's imports of io. The server's compile checks that the two agree.

/** Why a row (or a cell) was not applied, or what was ignored: as app/excel-finding.ts. */
export type ExcelFindingKind =
  | 'refused'
  | 'invalidCell'
  | 'readOnlyEdited'
  | 'unknownKey'
  | 'otherGstin'
  | 'noKey'
  | 'misplaced'
  | 'keyMismatch'
  | 'stale'
  | 'warning';

export interface ExcelFindingDto {
  readonly kind: ExcelFindingKind;
  readonly file: string;
  readonly sheet: string;
  readonly row: number;
  readonly column: string | null;
  /** `B2B!Q12`, or `B2B!12` for a whole row. */
  readonly cell: string;
  readonly recordKey: string | null;
  readonly code: string;
  readonly message: string;
}

export interface ExcelConflictDto {
  readonly recordKey: string;
  readonly between: 'workbooks' | 'workspace';
  readonly values: { readonly file: string; readonly cell: string; readonly decision: string }[];
  readonly resolution: 'unresolved' | 'newest' | 'prefer';
  readonly winner: string | null;
}

export interface ExcelChangeDto {
  readonly key: string;
  readonly from: string;
  readonly to: string;
  readonly file: string;
  readonly cell: string;
}

/** A file the server made and keeps for a while, to be fetched from `url`. */
export interface DownloadDto {
  readonly name: string;
  readonly bytes: number;
  readonly url: string;
}

export interface ExcelExportFileDto extends DownloadDto {
  /** What the workbook holds: `all records`, `supplier 27...`, `section B2B-CN (...)`. */
  readonly part: string;
  readonly rows: number;
  readonly counts: Record<Section, number>;
}

export interface ExcelExportPayload {
  readonly gstin: string;
  readonly exportedAt: string;
  readonly splitBy: string | null;
  /** The GSTR-2B period the records were limited to; null for every period. */
  readonly period: string | null;
  readonly records: number;
  /** Records gone from the latest download: left out. */
  readonly gone: number;
  readonly withMatch: boolean;
  readonly files: ExcelExportFileDto[];
}

export interface ExcelImportFileDto {
  readonly name: string;
  readonly gstin: string | null;
  readonly exportedAt: string | null;
  readonly rows: number;
  readonly edited: number;
  readonly applied: number;
}

/** The same report as `gst-ims import excel`; long lists are cut at LIST_LIMIT, their counts are whole. */
export interface ExcelImportPayload {
  readonly gstin: string;
  readonly dryRun: boolean;
  readonly applied: boolean;
  readonly files: ExcelImportFileDto[];
  readonly rows: number;
  readonly edited: number;
  /** Edited rows whose decision the workspace already holds. */
  readonly unchanged: number;
  /** Decisions written (or, on a dry run, that would be). */
  readonly changed: number;
  readonly notApplied: number;
  readonly changes: ExcelChangeDto[];
  readonly conflicts: ExcelConflictDto[];
  readonly conflictCount: number;
  readonly findings: ExcelFindingDto[];
  /** Findings of each kind, over every finding (not only those listed). */
  readonly findingCounts: Partial<Record<ExcelFindingKind, number>>;
  readonly declarationNotes: string[];
  /** The kinds that leave a row unapplied (the others are ignored cells or warnings). */
  readonly blockingKinds: readonly ExcelFindingKind[];
}

export interface FollowupFileDto extends DownloadDto {
  readonly supplierGstin: string;
  readonly supplierName: string | null;
  readonly missingInPortal: number;
  readonly mismatches: number;
}

export interface FollowupsPayload {
  readonly gstin: string;
  readonly format: 'xlsx' | 'csv';
  readonly files: FollowupFileDto[];
  /** Suppliers asked for that have nothing to chase: no file for them. */
  readonly nothingToChase: string[];
}
