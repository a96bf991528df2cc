// The results of the use cases the web app shows as they are (workspace status, validation, the
// upload preview, saved match outcomes, the preview of a register file). They live here, apart from the use cases, because the
// server's API types (server/api-types.ts) are these very types and the web app's type check
// reaches them through that file: this module imports nothing but core types, so it never
// brings the store, io or node:* into the web's type check (lint holds it to that).
import type { Action, Issue, MatchOutcome, Paise, Section } from '../core/index.js';

/** One section of `gst-ims status`: records by portal action and by decision. */
export interface SectionStatus {
  readonly section: Section;
  readonly total: number;
  readonly byPortalAction: Record<Action, number>;
  readonly byDecision: Record<Action, number>;
  readonly waitingUpload: number;
  readonly flagged: number;
  readonly withError: number;
  readonly gone: number;
}

export interface StatusResult {
  readonly gstin: string;
  readonly sections: SectionStatus[];
  readonly totals: Omit<SectionStatus, 'section'>;
  readonly errors: { recordKey: string; code: string | null; message: string }[];
  readonly flagged: string[];
  /** Decisions not uploaded on records that left the portal: an error until reset or back. */
  readonly goneWithDecision: string[];
  readonly lastImport: { file: string; at: string } | null;
  /** The files of the last export, and any earlier file still waiting for the portal's answer. */
  readonly uploadFiles: UploadFileRow[];
}

/** One upload file as status shows it (the store's UploadFileInfo; kept here for the web's types). */
export interface UploadFileRow {
  readonly id: number;
  readonly exportId: number;
  readonly at: string;
  readonly name: string;
  readonly sha256: string;
  readonly reqtyp: 'SAVE' | 'RESET';
  readonly bytes: number;
  readonly records: number;
  readonly status: 'unanswered' | 'accepted' | 'partlyFailed' | 'failed';
  readonly answeredAt: string | null;
  readonly answerFile: string | null;
  readonly failed: number;
}

export interface ValidateResult {
  readonly checked: number;
  readonly issues: Issue[];
  readonly errors: number;
  readonly warnings: number;
}

export interface UploadGroup {
  readonly section: Section;
  /** The action the upload asks for; noAction goes in the RESET file. */
  readonly action: Action;
  readonly count: number;
  readonly value: Paise;
  readonly tax: Paise;
}

export interface UploadPreviewItem {
  readonly key: string;
  readonly section: Section;
  readonly supplierGstin: string;
  readonly supplierName: string | null;
  readonly docNumber: string;
  readonly docDate: string;
  readonly value: Paise;
  readonly from: Action;
  readonly to: Action;
  readonly remark: string | null;
}

export interface UploadPreview {
  readonly gstin: string;
  readonly pending: number;
  readonly save: number;
  readonly reset: number;
  readonly groups: UploadGroup[];
  /** The first `limit` records waiting for upload, in section order. */
  readonly items: UploadPreviewItem[];
  /** Broken rules on records the upload would send: they block it (exportUpload refuses). */
  readonly blocking: Issue[];
  /** Broken rules on records that cannot be sent at all (gone from the portal): left out of the upload. */
  readonly notSent: Issue[];
  /** What a reviewer should look at before uploading (supplier changes, last upload's errors, ...). */
  readonly warnings: Issue[];
  readonly errors: number;
  /** True when an error-severity issue stops the upload from being generated. */
  readonly blocked: boolean;
}

/** Outcome counts of the last reconcile run. */
export interface SavedOutcomes {
  readonly counts: Record<MatchOutcome, number>;
  readonly documents: number;
  readonly lastRegisterImport: { file: string; at: string } | null;
}

/**
 * A register file read as the import would read it, nothing stored: what was found, and the
 * column mapping detected (which the user may correct). `Doc` is how a document is told.
 */
export interface RegisterPreviewOf<Doc> {
  readonly file: string;
  readonly preset: string;
  readonly presets: readonly string[];
  readonly sheet: string | null;
  readonly headerRow: number;
  /** Every header of the header row, in column order. */
  readonly headers: string[];
  /** Field -> header, as detected (or as the map and preset given say). */
  readonly mapping: Partial<Record<string, string>>;
  readonly fields: { field: string; label: string }[];
  readonly documents: number;
  readonly rows: number;
  readonly skippedRows: number;
  /** Rows that could not be read (io's RegisterBadRow). */
  readonly badRows: { row: number; column: string | null; value: string; message: string }[];
  /** io's RegisterWarning. */
  readonly warnings: { code: string; message: string; rows: number[] }[];
  /** The first documents read. */
  readonly sample: Doc[];
  readonly periodFrom: string | null;
  readonly periodTo: string | null;
}
