import type {
  Action,
  Decision,
  IsoDate,
  ItcReduction,
  MatchOutcome,
  MatchResult,
  RecordOutline,
  RecordState,
  RegisterDocument,
  Section,
  WorkspaceRecord,
} from '../core/index.js';

export interface AuditEntry {
  readonly id?: number;
  readonly at: string;
  readonly user: string;
  readonly gstin: string;
  readonly recordKey: string;
  readonly fromAction: Action;
  readonly toAction: Action;
  readonly remark: string | null;
  readonly itcReduction: ItcReduction | null;
  readonly source: string;
  /** The event the entry belongs to (as read back; ignored by appendAudit). */
  readonly eventId?: number;
}

/** One audit event: one decision written to one or more records at once. */
export interface AuditEventInfo {
  readonly id: number;
  readonly at: string;
  readonly user: string;
  readonly gstin: string;
  readonly source: string;
  readonly toAction: Action;
  readonly remark: string | null;
  readonly itcReduction: ItcReduction | null;
  /** How many records it changed. */
  readonly records: number;
}

/** A view of the Records page saved by name (the web app's JSON, as text). */
export interface SavedView {
  readonly name: string;
  readonly view: string;
  readonly at: string;
}

export interface ImportLogEntry {
  readonly id?: number;
  readonly gstin: string;
  readonly kind: string;
  readonly file: string;
  readonly at: string;
  readonly user: string;
  readonly summary: unknown;
}

export interface ExportItem {
  readonly recordKey: string;
  readonly action: Action;
  readonly prevStatus: Action;
}

/**
 * A record with a decision, the portal's or the user's, not gone, as an upload plans it: its
 * place in the upload's order and its actions, without its description.
 */
export interface UploadPlanRow {
  readonly key: string;
  readonly section: Section;
  readonly supplierGstin: string;
  readonly docDate: string;
  readonly docNumber: string;
  /** The local decision's action. */
  readonly action: Action;
  /** What the portal holds. */
  readonly portalAction: Action;
}

/** One file of an export as written: the files' records let an answer confirm only its own file. */
export interface UploadFileEntry {
  readonly name: string;
  readonly sha256: string;
  readonly reqtyp: 'SAVE' | 'RESET';
  readonly bytes: number;
  readonly items: readonly ExportItem[];
}

/** What the portal's answer said of a file: not yet answered, accepted, partly failed, refused whole. */
import type { UploadFileStatus } from '../core/index.js';
import type { OutwardStore } from './outward-store.js';
import type { AccountStore } from './account-store.js';
import type { ApprovalStore } from './approval-store.js';
import type { AssignmentStore } from './assignment-store.js';
import type { RecordPageStore } from './record-page-store.js';
import type { PracticeCountStore } from './kysely-practice-counts.js';
import type { RecordStatusStore } from './kysely-record-status.js';
export type {
  RecordStatusRows,
  RecordStatusStore,
  ReturnPeriodCount,
  StatusGroup,
} from './kysely-record-status.js';
export type { PracticeCountStore, PracticeCounts } from './kysely-practice-counts.js';
export type { RecordPage, RecordPageStore, RecordSummary } from './record-page-store.js';
export type {
  AssignmentKind,
  AssignmentStore,
  NewAssignment,
  StoredAssignment,
} from './assignment-store.js';
export { ASSIGNMENT_KINDS } from './assignment-store.js';
export type {
  ApprovalEvent,
  ApprovalStore,
  RecordApproval,
  UnapprovedRecord,
} from './approval-store.js';
export type { AccountStore, StoredSession, StoredUser } from './account-store.js';
export type {
  OutwardImportEntry,
  OutwardImportInfo,
  OutwardStore,
  StoredOutwardEntry,
} from './outward-store.js';
export type { UploadFileStatus } from '../core/index.js';
export { UPLOAD_FILE_STATUSES } from '../core/index.js';

export interface UploadFileInfo {
  readonly id: number;
  readonly exportId: number;
  readonly gstin: string;
  readonly at: string;
  readonly name: string;
  readonly sha256: string;
  readonly reqtyp: 'SAVE' | 'RESET';
  readonly bytes: number;
  readonly records: number;
  readonly status: UploadFileStatus;
  readonly answeredAt: string | null;
  readonly answerFile: string | null;
  /** Records the answer listed as failing (all of them when refused whole). */
  readonly failed: number;
}

export interface ExportLogEntry {
  readonly id: number;
  readonly gstin: string;
  readonly at: string;
  readonly user: string;
  readonly files: string[];
}

export interface GstinInfo {
  readonly gstin: string;
  readonly records: number;
}

/**
 * Workspace persistence. Every method is async so a PostgreSQL adapter can share the app code.
 * `transaction` runs its callback against a store bound to one transaction: all or nothing.
 */
export interface WorkspaceStore
  extends
    OutwardStore,
    AccountStore,
    ApprovalStore,
    AssignmentStore,
    RecordPageStore,
    PracticeCountStore,
    RecordStatusStore {
  transaction<T>(fn: (tx: WorkspaceStore) => Promise<T>): Promise<T>;
  /** Checkpoints (SQLite: folds the write-ahead log into the file) and closes. */
  close(): Promise<void>;
  /** Writes one consistent copy of the workspace to `toFile` while it stays in use. */
  backup(toFile: string): Promise<void>;
  /**
   * A stamp that changes when anyone, another process included, commits to the workspace: a
   * long-running reader compares two to know whether what it read still holds. Null when the
   * store cannot tell (an in-memory workspace, which no other process can write).
   */
  changeStamp(): Promise<string | null>;

  /** Each GSTIN with its record count (a count of every record: not for every request). */
  listGstins(): Promise<GstinInfo[]>;
  /** The GSTINs alone, in listGstins' order: what a request resolving its GSTIN needs. */
  gstinIds(): Promise<string[]>;
  ensureGstin(gstin: string, at: string): Promise<void>;

  /**
   * Every record of the GSTIN, in load order. `remember: false` as for loadRecordsByKeys: a
   * transaction that reads them without writing them back (a reconcile) need not note them.
   */
  loadRecords(gstin: string, opts?: { readonly remember?: boolean }): Promise<WorkspaceRecord[]>;
  /**
   * The records an upload could hold, in loadRecords' order: those whose local or portal action
   * is not No Action (a superset of the dirty ones; the engine's isDirty decides). Most of a
   * month's records are No Action on both sides, so an upload need not read them.
   */
  loadUploadCandidates(gstin: string): Promise<WorkspaceRecord[]>;
  /**
   * A page of the upload candidates in id order (not load order) after `afterId` (0: the
   * first); `lastId` is where the next page starts, null after the last.
   */
  loadUploadCandidatePage(
    gstin: string,
    afterId: number,
    limit: number,
  ): Promise<{ records: WorkspaceRecord[]; lastId: number | null }>;
  /**
   * The upload candidates that are not gone, in id order, as an upload plans them (no
   * description read): `export upload` sorts them, then reads each record once, by key.
   */
  loadUploadPlanRows(gstin: string): Promise<UploadPlanRow[]>;
  /** Every record of the GSTIN in outline (key, scope, what the portal holds, state): no descriptions. */
  loadRecordOutlines(gstin: string): Promise<RecordOutline[]>;
  /**
   * A page of loadRecordOutlines (id order) after `afterId` (0: the first); `lastId` is where the
   * next page starts, null after the last. A streamed import marks records gone a page at a time.
   * With `throughId`, only records of ids up to it (those held before an import added its own).
   */
  loadRecordOutlinePage(
    gstin: string,
    afterId: number,
    limit: number,
    throughId?: number,
  ): Promise<{ outlines: RecordOutline[]; lastId: number | null }>;
  /**
   * The greatest id a record of the workspace has (0: none). A record added later gets a greater
   * one, so an import that notes it first can tell the records it added from those it found.
   */
  lastRecordId(): Promise<number>;
  /**
   * In a transaction about to add `adding` new records: drops the Records grid's page indexes
   * when building them after the rows costs less than inserting into them (true), so that the
   * rows go in without them; buildPageIndexes must follow in the same transaction. That is an
   * empty workspace, or on SQLite one to which the import adds at least half as many records as
   * it holds (store/record-page-indexes.ts). False, and nothing done, otherwise.
   */
  dropPageIndexesForImport(adding: number): Promise<boolean>;
  /** Builds the page indexes dropPageIndexesForImport dropped. */
  buildPageIndexes(): Promise<void>;
  /**
   * The records with these keys, in the order of the keys, on every database (unknown keys are
   * simply absent).
   * `remember: false`: the transaction does not note the records as what their rows hold (an
   * import loading the workspace a batch at a time would otherwise keep all of it).
   */
  loadRecordsByKeys(
    gstin: string,
    keys: readonly string[],
    opts?: { readonly remember?: boolean },
  ): Promise<WorkspaceRecord[]>;
  /**
   * The records that are not gone, in loadRecords' order, as ids and supplier GSTINs only (no
   * description read): what a reconcile plans its groups of suppliers and its passes from.
   */
  loadRecordIndex(gstin: string): Promise<RecordIndex>;
  /** The records with these ids (loadRecordIndex's), in the order of the ids; never remembered. */
  loadRecordsByIds(gstin: string, ids: readonly number[]): Promise<WorkspaceRecord[]>;
  insertRecords(gstin: string, rows: readonly WorkspaceRecord[]): Promise<void>;
  /** Replaces the portal description and local state of existing records (by key). */
  updateRecords(gstin: string, rows: readonly WorkspaceRecord[]): Promise<void>;

  /**
   * Gives existing records (by key) one decision and clears their changed-by-supplier flag
   * (a new decision answers the supplier's change); gone and portal error stay as they are.
   */
  setDecision(gstin: string, keys: readonly string[], decision: Decision): Promise<void>;
  /** Writes only the local state (decision, flags, portal error) of existing records. */
  updateStates(gstin: string, rows: readonly { key: string; state: RecordState }[]): Promise<void>;

  appendAudit(entries: readonly AuditEntry[]): Promise<void>;
  auditFor(gstin: string, recordKeys: readonly string[] | null): Promise<AuditEntry[]>;
  /** Record key -> the source of its latest audit entry (records never decided are absent). */
  lastAuditSources(gstin: string): Promise<Map<string, string>>;
  /**
   * The GSTIN's audit events, newest first (ids below `beforeId`), with their record counts;
   * `counts: false` leaves `records` at 0 and spares reading the changes (a walk back the log).
   */
  listAuditEvents(
    gstin: string,
    opts: { limit: number; beforeId?: number | undefined; counts?: boolean | undefined },
  ): Promise<AuditEventInfo[]>;
  /**
   * The events written together with this one (same time, user and source: one bulk action
   * with several decisions), itself included, in id order; empty when the GSTIN has no such event.
   */
  auditEventGroup(gstin: string, eventId: number): Promise<AuditEventInfo[]>;
  /**
   * The entries of these events and, for each record they changed, its entries just before and
   * just after that change in the GSTIN's log (what undo needs), each with its eventId, in id
   * order.
   */
  auditAroundEvents(gstin: string, eventIds: readonly number[]): Promise<AuditEntry[]>;

  // Views of the Records page saved by name, per GSTIN and user.
  listSavedViews(gstin: string, user: string): Promise<SavedView[]>;
  /** Saves a view under its name, replacing one of the same name. */
  saveView(gstin: string, user: string, view: SavedView): Promise<void>;
  /** Whether there was such a view to delete. */
  deleteSavedView(gstin: string, user: string, name: string): Promise<boolean>;

  logImport(entry: ImportLogEntry): Promise<number>;
  listImports(gstin: string): Promise<ImportLogEntry[]>;
  /**
   * The GSTIN's newest import of one of `kinds` (ids only grow), read as one row: status pages and
   * every bulk decision ask for it, and an import log grows by a few entries each month.
   */
  lastImport(gstin: string, kinds: readonly string[]): Promise<ImportLogEntry | undefined>;
  /** Logs an export; with `uploadFiles`, each file and its records too (listUploadFiles). */
  logExport(
    gstin: string,
    at: string,
    user: string,
    files: readonly string[],
    items: readonly ExportItem[],
    uploadFiles?: readonly UploadFileEntry[],
  ): Promise<number>;
  /** The files of the GSTIN's exports, newest first. */
  listUploadFiles(gstin: string): Promise<UploadFileInfo[]>;
  /** The records of one upload file (empty for an unknown id). */
  uploadFileItems(id: number): Promise<ExportItem[]>;
  setUploadFileAnswer(
    id: number,
    answer: { status: UploadFileStatus; at: string; file: string; failed: number },
  ): Promise<void>;
  lastExport(gstin: string): Promise<{ entry: ExportLogEntry; items: ExportItem[] } | null>;

  getSetting(gstin: string, name: string): Promise<string | null>;
  setSetting(gstin: string, name: string, value: string): Promise<void>;

  // Returns of a period (GSTR-2B, GSTR-3B), kept as parsed JSON text.
  /** Stores (or replaces) the return of a kind and period. */
  saveReturn(gstin: string, entry: StoredReturn): Promise<void>;
  /** The stored return of a kind and period, or null. */
  loadReturn(gstin: string, kind: ReturnKind, period: string): Promise<StoredReturn | null>;
  /** The stored returns of the GSTIN without their data, by kind and period. */
  listReturns(gstin: string): Promise<Omit<StoredReturn, 'data'>[]>;

  // Purchase register and reconciliation.
  /**
   * Replaces the GSTIN's register documents dated within [periodFrom, periodTo] with `docs`
   * (documents outside the range stay), and records the import. Refs must be unique within the
   * GSTIN after the replacement. Returns how many documents were removed.
   */
  replaceRegister(
    gstin: string,
    /** Read once, in order: a list that makes each document as it is read is enough. */
    docs: Iterable<RegisterDocument> & { readonly length: number },
    periodFrom: IsoDate,
    periodTo: IsoDate,
    entry: RegisterImportEntry,
  ): Promise<{ removed: number }>;
  /** Register documents in a stable order: supplier, date, number, ref. */
  loadRegister(gstin: string): Promise<RegisterDocument[]>;
  /** The ref and document date of every register document (loadRegister's order), without the rest. */
  listRegisterRefs(gstin: string): Promise<{ ref: string; docDate: IsoDate }[]>;
  /**
   * What replacing the register's documents dated within [periodFrom, periodTo] would replace
   * and keep: how many are dated there, the refs of those outside it, and those of `refs` dated
   * there (in no set order). A re-import over a large register reads no more of it than that.
   */
  registerForReplacement(
    gstin: string,
    periodFrom: IsoDate,
    periodTo: IsoDate,
    refs: readonly string[],
  ): Promise<RegisterReplacement>;
  /** The ref and supplier GSTIN of every register document, in loadRegister's order. */
  loadRegisterIndex(gstin: string): Promise<RegisterIndex>;
  /** Every register document of these supplier GSTINs (as stored), in no set order. */
  loadRegisterOfSuppliers(
    gstin: string,
    supplierGstins: readonly string[],
  ): Promise<RegisterDocument[]>;
  /** The register documents with these refs, in the order of the refs (unknown refs absent). */
  loadRegisterByRefs(gstin: string, refs: readonly string[]): Promise<RegisterDocument[]>;
  listRegisterImports(gstin: string): Promise<RegisterImportInfo[]>;
  /** Replaces all saved match results of the GSTIN. */
  saveMatches(gstin: string, results: readonly MatchResult[]): Promise<void>;
  /**
   * saveMatches of the results the parts hold one after the other, read as they come: the same
   * rows as saveMatches of them all, without them all at once. Returns how many.
   */
  saveMatchesFrom(
    gstin: string,
    parts: AsyncIterable<readonly MatchResult[]> | Iterable<readonly MatchResult[]>,
  ): Promise<number>;
  loadMatches(gstin: string): Promise<MatchResult[]>;
  /**
   * The last run's outcome of each of these records (absent: the run did not see it, or none
   * ran): what loadMatches gives for them, read by key (migration 0015).
   */
  matchOutcomes(gstin: string, keys: readonly string[]): Promise<Map<string, MatchOutcome>>;
  /**
   * A 'link' replaces any other link of either side and any 'unlink' of the same pair; an
   * 'unlink' replaces a 'link' of the same pair.
   */
  addManualLink(gstin: string, link: ManualLinkEntry): Promise<void>;
  /** Removes the 'link' entries of a record; returns them. */
  removeManualLinks(gstin: string, recordKey: string): Promise<ManualLinkEntry[]>;
  loadManualLinks(gstin: string): Promise<ManualLinkEntry[]>;
  /** Removes the entries (any kind) of exactly these pairs. */
  deleteManualLinks(
    gstin: string,
    pairs: readonly { recordKey: string; registerRef: string }[],
  ): Promise<void>;
}

/** A GSTIN's records in load order, by id and supplier (loadRecordIndex): position i is record i. */
export interface RecordIndex {
  readonly ids: readonly number[];
  readonly supplierGstins: readonly string[];
}

/** A GSTIN's register documents in loadRegister's order, by ref and supplier (loadRegisterIndex). */
export interface RegisterIndex {
  readonly refs: readonly string[];
  readonly supplierGstins: readonly string[];
}

/** registerForReplacement's answer. */
export interface RegisterReplacement {
  readonly replaced: number;
  readonly keptRefs: string[];
  readonly named: RegisterDocument[];
}

export interface RegisterImportEntry {
  /** The imports-log id of this import. */
  readonly id: number;
  readonly file: string;
  readonly at: string;
}

export interface RegisterImportInfo extends RegisterImportEntry {
  readonly gstin: string;
  readonly periodFrom: IsoDate;
  readonly periodTo: IsoDate;
  readonly documents: number;
}

export interface ManualLinkEntry {
  readonly recordKey: string;
  readonly registerRef: string;
  readonly kind: 'link' | 'unlink';
  readonly at: string;
  readonly user: string;
}

export type ReturnKind = 'gstr2b' | 'gstr3b';

export interface StoredReturn {
  readonly kind: ReturnKind;
  readonly period: string;
  /** The imports-log id of the import that stored it. */
  readonly importId: number;
  readonly files: readonly string[];
  readonly at: string;
  /** The parsed return as JSON text. */
  readonly data: string;
}
