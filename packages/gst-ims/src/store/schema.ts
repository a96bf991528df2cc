import type { Generated } from 'kysely';

// Column types as stored. Money columns hold integer paise; dates ISO "YYYY-MM-DD";
// timestamps ISO-8601 UTC text; booleans 0/1; JSON columns text.
// A record is a row of `records` (what SQL filters, sorts and updates on its own: identity, the
// portal's action, the local state) and a row of `record_docs` with the same id (the rest of the
// portal's description, packed JSON read and written whole; see record-rows.ts). Split since
// migration 0003 so that a decision rewrites a short row, not the whole description.
export interface RecordsTable {
  /** Also the id of the record's rows in record_docs and record_states. */
  id: number;
  gstin: string;
  key: string;
  section: string;
  supplier_gstin: string;
  doc_number: string;
  doc_date: string;
  value: number;
  portal_action: string;
  /** The supplier's name from the description (migration 0015): what the grid's search reads. */
  supplier_name: string | null;
  /**
   * The record's GSTR-2B period, MMYYYY (core's twoBPeriod of its return period and source
   * form; null when unknown), and the portal's remark and ITC-reduction declaration (JSON, as
   * `record_states.local_itc_reduction`): copies of the description's (migration 0016), so that
   * the practice view counts a period and the waiting view compares decisions in SQL without
   * reading each record's description.
   */
  two_b_period: string | null;
  portal_remark: string | null;
  portal_itc_reduction: string | null;
}

/** The workspace's own state of a record (migration 0005): the decision, flags, portal error. */
export interface RecordStatesTable {
  /** records.id of the record. */
  id: number;
  local_action: string;
  local_remark: string | null;
  local_itc_reduction: string | null;
  changed_by_supplier: number;
  gone: number;
  error_code: string | null;
  error_message: string | null;
  /** One more for every decision written (migration 0010): the optimistic-concurrency check. */
  version: Generated<number>;
}

export interface RecordDocsTable {
  /** records.id of the record described. */
  id: number;
  /** Packed JSON array, see record-rows.ts. */
  doc: string;
}

/** One decision applied to one or more records (migration 0004). */
export interface AuditEventsTable {
  id: number;
  at: string;
  user: string;
  gstin: string;
  source: string;
  to_action: string;
  remark: string | null;
  itc_reduction: string | null;
}

/** A record an audit event changed, and the action it had before. */
export interface AuditChangesTable {
  id: Generated<number>;
  event_id: number;
  record_key: string;
  from_action: string;
}

export interface ImportsTable {
  id: Generated<number>;
  gstin: string;
  kind: string;
  file: string;
  at: string;
  user: string;
  summary: string;
}

export interface ExportsTable {
  id: Generated<number>;
  gstin: string;
  at: string;
  user: string;
  files: string;
  /** JSON array of [record key, action sent, prev_status] for every record in the export. */
  items: string;
}

export interface GstinsTable {
  gstin: string;
  created_at: string;
}

export interface SettingsTable {
  gstin: string;
  name: string;
  value: string;
}

/** One file of an export, as written (migration 0006): its records and what the portal answered. */
export interface UploadFilesTable {
  id: Generated<number>;
  export_id: number;
  gstin: string;
  at: string;
  name: string;
  sha256: string;
  reqtyp: string;
  bytes: number;
  records: number;
  /** The file's records, packed as exports.items. */
  items: string;
  /** unanswered | accepted | partlyFailed | failed */
  status: string;
  answered_at: string | null;
  answer_file: string | null;
  failed: number;
}

/** A view of the Records page saved by name, per GSTIN and user (migration 0008). */
export interface SavedViewsTable {
  gstin: string;
  user: string;
  name: string;
  /** The view as the web app sent it (JSON text: filters, columns, tab, search). */
  view: string;
  at: string;
}

export interface Database {
  records: RecordsTable;
  record_docs: RecordDocsTable;
  record_states: RecordStatesTable;
  audit_events: AuditEventsTable;
  audit_changes: AuditChangesTable;
  imports: ImportsTable;
  exports: ExportsTable;
  upload_files: UploadFilesTable;
  gstins: GstinsTable;
  settings: SettingsTable;
  register_imports: RegisterImportsTable;
  register_docs: RegisterDocsTable;
  match_results: MatchResultsTable;
  match_outcomes: MatchOutcomesTable;
  manual_links: ManualLinksTable;
  returns: ReturnsTable;
  saved_views: SavedViewsTable;
  users: UsersTable;
  user_gstins: UserGstinsTable;
  sessions: SessionsTable;
  record_approvals: RecordApprovalsTable;
  assignments: AssignmentsTable;
}

/** One share of a client's period given to a person (migration 0012-assignments). */
export interface AssignmentsTable {
  id: Generated<number>;
  gstin: string;
  /** The GSTR-2B period, MMYYYY. */
  period: string;
  assignee: string;
  /** supplier | section | view */
  kind: string;
  /** The supplier's GSTIN, the section, or the saved view's name. */
  value: string;
  /** Whose saved view (kind view); null otherwise. */
  view_owner: string | null;
  created_by: string;
  created_at: string;
}

/** A GSTR-2B or GSTR-3B of one period (migration 0007-returns); `data` is the parsed return as JSON. */
export interface ReturnsTable {
  gstin: string;
  kind: string;
  period: string;
  import_id: number;
  /** JSON array of the file names it was read from. */
  files: string;
  at: string;
  data: string;
}

// Purchase register and reconciliation (migration 0002-register).

/** One register import: its id is the imports-log id; the period is the min/max document date. */
export interface RegisterImportsTable {
  id: number;
  gstin: string;
  file: string;
  at: string;
  period_from: string;
  period_to: string;
  documents: number;
}

export interface RegisterDocsTable {
  gstin: string;
  ref: string;
  import_id: number;
  supplier_gstin: string;
  doc_date: string;
  doc_number: string;
  /**
   * The document, JSON (see store/register-rows.ts): [ref, supplierGstin, supplierName,
   * docNumber, docDate, docType, value, taxable, igst, cgst, sgst, cess, pos, receivedDate,
   * sourceRows, extra].
   */
  doc: string;
}

/**
 * The outcome of each record in the last run's results (migration 0015), one row per record:
 * written with match_results, read by key (a page of the grid reads its own rows' outcomes).
 */
export interface MatchOutcomesTable {
  gstin: string;
  record_key: string;
  outcome: string;
}

export interface MatchResultsTable {
  gstin: string;
  /** 0, 1, 2, ...: the chunks in engine order. */
  chunk: number;
  /** JSON array of results, each [recordKey, registerRef, outcome, score, reasons, manual (0/1)]. */
  results: string;
}

export interface ManualLinksTable {
  gstin: string;
  record_key: string;
  register_ref: string;
  /** 'link': a person paired them; 'unlink': a person said they are not a pair. */
  kind: string;
  at: string;
  user: string;
}

/** An account of the practice server (migration 0010). */
export interface UsersTable {
  name: string;
  role: string;
  /** scrypt$N$r$p$salt$hash (app/passwords.ts). */
  password_hash: string;
  disabled: Generated<number>;
  created_at: string;
}

/** The client GSTINs an account may see and touch (migration 0010). */
export interface UserGstinsTable {
  user_name: string;
  gstin: string;
}

/** A record approved at a version by a reviewer (migration 0011). */
export interface RecordApprovalsTable {
  gstin: string;
  record_key: string;
  version: number;
  approved_by: string;
  approved_at: string;
}

/** A login session: the SHA-256 of its random id, never the id itself (migration 0010). */
export interface SessionsTable {
  id_hash: string;
  user_name: string;
  created_at: string;
  expires_at: string;
}
