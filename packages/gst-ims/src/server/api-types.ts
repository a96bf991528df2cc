// The JSON shapes of the local API, shared with the web app (type-only imports there).
// Imports nothing but core types and the app's result types (app/result-types.ts, itself core
// types only), so the web's type check never reaches node code; lint holds both files to that.
import type {
  RegisterPreviewOf,
  SavedOutcomes,
  SectionStatus,
  StatusResult,
  UploadPreview,
  ValidateResult,
} from '../app/result-types.js';
import type {
  Action,
  ApiErrorKind,
  DecisionVerb,
  Issue,
  ItcReduction,
  MatchOutcome,
  MergeSummary,
  PortalRecord,
  RecordState,
  RegisterDocument,
  Section,
} from '../core/index.js';

/** Header carrying the per-start token on every state-changing request. */
export const TOKEN_HEADER = 'x-gst-ims-token';
/** index.html carries the token in `<meta name="gst-ims-token" content="...">`. */
export const TOKEN_META = 'gst-ims-token';

export interface ApiError {
  readonly error: string;
  /** Machine-readable kind (core's API_ERROR_KINDS). */
  readonly kind: ApiErrorKind;
  readonly refusals?: readonly { recordKey: string; code: string; message: string }[];
  readonly details?: unknown;
}

export interface MetaPayload {
  readonly version: string;
  readonly user: string;
  readonly gstins: { gstin: string; records: number }[];
  readonly features: { reconciliation: boolean };
}

/** GET /api/changes: a stamp that changes whenever the workspace does, whoever wrote it. */
export interface ChangesPayload {
  /** The version as text (older pages compared stamps). */
  readonly stamp: string;
  /** One more for each change to the workspace: a write through this server or another process's. */
  readonly version: number;
}

/** Response header of a request that could write: the workspace version it made. */
export const VERSION_HEADER = 'x-gst-ims-version';

/**
 * Records travel as columns + rows (arrays) to stay compact at 100,000 rows. A row is
 * RecordTuple; suppliers are a dictionary indexed by RecordTuple[2].
 */
export type RecordTuple = [
  key: string,
  section: Section,
  supplier: number,
  docNumber: string,
  docDate: string,
  originalDocNumber: string | null,
  originalDocDate: string | null,
  returnPeriod: string | null,
  pos: string | null,
  value: number,
  taxable: number,
  igst: number,
  cgst: number,
  sgst: number,
  cess: number,
  portalAction: ActionCode,
  decision: ActionCode,
  remark: string | null,
  itcReduction: ItcReduction['kind'] | null,
  flags: number,
  portalError: string | null,
  /** The outcome of the record's match in the last reconcile run; null when none was run. */
  match: MatchOutcome | null,
];

export type ActionCode = 'A' | 'R' | 'P' | 'N';

/** Bits of RecordTuple[19]. */
export const FLAG = {
  dirty: 1,
  changedBySupplier: 2,
  gone: 4,
  pendingBlocked: 8,
  remarksBlocked: 16,
  itcReductionBlocked: 32,
  supplierFiled: 64,
  supplierNotFiled: 128,
} as const;

export interface RecordsPayload {
  readonly gstin: string;
  readonly columns: readonly string[];
  readonly suppliers: [gstin: string, name: string | null][];
  readonly rows: RecordTuple[];
}

export interface AuditEntryDto {
  readonly at: string;
  readonly user: string;
  readonly fromAction: Action;
  readonly toAction: Action;
  readonly remark: string | null;
  readonly itcReduction: ItcReduction | null;
  readonly source: string;
}

/** One record for the record panel: the portal's document, the decision and its state, the history. */
export interface RecordApprovalDto {
  readonly by: string;
  readonly at: string;
  readonly current: boolean;
}

export interface RecordDetailPayload extends PortalRecord, RecordState {
  readonly dirty: boolean;
  readonly history: AuditEntryDto[];
  /**
   * The record's last approval (multi-user workspaces); `current` when it covers the decision
   * the record holds now. Null when never approved.
   */
  readonly approval: RecordApprovalDto | null;
  /** The saved match of the last reconcile run; null when none was run. */
  readonly reconciliation: RecordReconciliationDto | null;
}

export type DecideVerb = DecisionVerb;

export interface DecideRequest {
  readonly gstin?: string;
  readonly keys: string[];
  readonly verb: DecideVerb;
  readonly remark?: string | null;
  /** Rupee amounts as decimal strings or numbers for a partial declaration. */
  readonly itcReduction?:
    | { kind: 'full' | 'none' }
    | {
        kind: 'partial';
        igst: number | string;
        cgst: number | string;
        sgst: number | string;
        cess: number | string;
      }
    | null;
  readonly dryRun?: boolean;
  readonly skipRefused?: boolean;
}

export interface DecidePayload {
  readonly selected: number;
  /** Keys asked for that name no record of the GSTIN. */
  readonly missing: number;
  readonly changes: { key: string; from: Action; to: Action }[];
  readonly changed: number;
  readonly unchanged: number;
  readonly refused: { recordKey: string; code: string; message: string }[];
  readonly warnings: Issue[];
  readonly applied: boolean;
  readonly dryRun: boolean;
  /** How the ITC-reduction declaration was set on the selected records (Accept). */
  readonly declarations: {
    none: number;
    given: number;
    defaulted: number;
    kept: number;
    notApplicable: number;
  };
  /** The same, in words (core's declarationSummary), for the dialog and the toast. */
  readonly declarationNotes: string[];
  /** After an applied decision: the changed records as they now are (own supplier dictionary). */
  readonly updated: RecordsPayload | null;
  /** On a multi-user server, after an applied decision: the changed records' new versions. */
  readonly versions?: Readonly<Record<string, number>>;
}

export interface UploadFileInfo {
  readonly name: string;
  readonly reqtyp: 'SAVE' | 'RESET';
  readonly records: number;
  readonly bytes: number;
  readonly counts: Partial<Record<Section, number>>;
  /** Same-origin URL serving the file as an attachment. */
  readonly url: string;
}

export interface UploadExportPayload {
  readonly files: UploadFileInfo[];
  readonly save: number;
  readonly reset: number;
}

/** One file of a past upload export and what the portal answered to it (GET /api/upload-files). */
export interface UploadFileStatusDto {
  id: number;
  exportId: number;
  name: string;
  sha256: string;
  reqtyp: 'SAVE' | 'RESET';
  records: number;
  bytes: number;
  createdAt: string;
  status: 'unanswered' | 'accepted' | 'partlyFailed' | 'failed';
  answeredAt: string | null;
  answerFile: string | null;
  failed: number;
}

// The app use cases' results travel as they are.
export type SectionStatusDto = SectionStatus;
export type StatusPayload = StatusResult;
export type ValidatePayload = ValidateResult;
export type UploadPreviewPayload = UploadPreview;

export interface ImportImsPayload {
  readonly gstin: string;
  readonly file: string;
  readonly records: number;
  readonly counts: Record<Section, number>;
  readonly summary: MergeSummary;
  readonly flaggedKeys: string[];
  /** Held decisions a supplier edit returned to No Action: decide again. */
  readonly decideAgainKeys: string[];
  /** Decisions waiting on records that left the download's periods. */
  readonly goneWithDecisionKeys: string[];
  readonly periods: string[];
  readonly newGstin: boolean;
  readonly warnings: Issue[];
}

export interface ImportErrorsPayload {
  readonly file: string;
  readonly statusCode: string | null;
  /** The upload file the answer belongs to, and its answer status now. */
  readonly uploadFile: {
    id: number;
    name: string;
    status: UploadFileStatusDto['status'];
    records: number;
    answeredBefore: string | null;
  } | null;
  readonly marked: { recordKey: string; code: string | null; message: string }[];
  readonly unmatched: {
    section: string;
    supplierGstin: string;
    docNumber: string;
    code: string | null;
    message: string;
  }[];
  readonly confirmed: number;
  readonly warnings: Issue[];
}

export interface ImportLogDto {
  readonly kind: string;
  readonly file: string;
  readonly at: string;
  readonly user: string;
  readonly summary: unknown;
}

// Reconciliation (purchase register vs. IMS).
export type MatchOutcomeName = MatchOutcome;

/** A document of the books as it travels: without its other source columns. */
export type RegisterDocumentDto = Omit<RegisterDocument, 'receivedDate' | 'extra'>;

export interface ProposalDto {
  readonly action: Action;
  readonly remark: string | null;
  readonly rule: string;
  readonly safe: boolean;
  readonly note: string | null;
}

export interface RecordReconciliationDto {
  readonly outcome: MatchOutcomeName;
  readonly score: number;
  readonly reasons: string[];
  readonly manual: boolean;
  readonly registerRef: string | null;
  readonly register: RegisterDocumentDto | null;
}

export interface ReconcileRowDto {
  readonly recordKey: string | null;
  readonly registerRef: string | null;
  readonly section: Section | null;
  readonly supplierGstin: string;
  readonly supplierName: string | null;
  readonly documentNumber: string | null;
  readonly documentDate: string | null;
  readonly registerDocNumber: string | null;
  readonly registerDocDate: string | null;
  readonly outcome: MatchOutcomeName;
  readonly score: number;
  readonly reasons: string[];
  readonly proposal: ProposalDto | null;
  readonly currentAction: Action | null;
  readonly manual: boolean;
  readonly portalValue: number | null;
  readonly registerValue: number | null;
  readonly portalTax: number | null;
  readonly registerTax: number | null;
}

export interface ReconcilePayload {
  readonly gstin: string;
  readonly records: number;
  readonly documents: number;
  readonly counts: Record<MatchOutcomeName, number>;
  readonly proposals: { byAction: Partial<Record<Action, number>>; safe: number; review: number };
  readonly period: { period: string; end: string; source: string } | null;
  readonly rows: ReconcileRowDto[];
}

/** Outcome counts of the last reconcile run; the API sends null while no register is imported. */
export type ReconcileStatusPayload = SavedOutcomes;

export interface ApplyProposalsPayload {
  readonly applied: boolean;
  readonly dryRun: boolean;
  readonly considered: number;
  readonly changed: number;
  readonly unchanged: number;
  readonly refused: { recordKey: string; code: string; message: string }[];
  readonly keptDecisions: number;
  readonly notSafe: number;
  readonly withoutProposal: number;
  readonly byRule: { rule: string; proposed: number; changed: number }[];
  /** Records decided since the preview the apply was sent with: left out (STALE_RECORD). */
  readonly stale: {
    recordKey: string;
    code: string;
    message: string;
    by: string | null;
    at: string | null;
  }[];
  /**
   * The version of each record planned to change; a preview's go back with the apply
   * (`versions`), so that a record decided in between is not overwritten.
   */
  readonly versions: Record<string, number>;
}

export interface ExplainPayload {
  readonly outcome: MatchOutcomeName;
  readonly score: number;
  readonly reasons: string[];
  readonly manual: boolean;
  readonly registerRef: string | null;
  readonly proposal: ProposalDto | null;
  readonly candidates: {
    ref: string;
    score: number;
    reasons: string[];
    whyNot: string;
    document: RegisterDocumentDto | null;
  }[];
}

export type RegisterPreviewPayload = RegisterPreviewOf<RegisterDocumentDto>;

export interface ImportRegisterPayload {
  readonly file: string;
  readonly documents: number;
  readonly rows: number;
  readonly skippedRows: number;
  readonly badRows: { row: number; column: string | null; value: string; message: string }[];
  readonly warnings: { code: string; message: string; rows: number[] }[];
  readonly periodFrom: string;
  readonly periodTo: string;
  readonly replaced: number;
  readonly kept: number;
  readonly droppedLinks: { recordKey: string; registerRef: string; kind: string }[];
}
