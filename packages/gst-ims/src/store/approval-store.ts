// Approval of decisions on a practice server (issue 16): a reviewer approves records at the
// version they hold; a record whose version has moved past its approved one carries decisions
// nobody approved yet, and an upload file is generated only when none of its records does.

/** A record decided since its last approval (or never approved). */
export interface UnapprovedRecord {
  readonly key: string;
  /** The record's version now (every decision adds one). */
  readonly version: number;
  /** The version last approved, 0 when never. */
  readonly approvedVersion: number;
}

/** A record's last approval. */
export interface RecordApproval {
  readonly key: string;
  readonly version: number;
  readonly by: string;
  readonly at: string;
}

/**
 * Records approved together: one reviewer at one time. Counted are the records that still hold
 * this approval (a record approved again later counts with its later approval).
 */
export interface ApprovalEvent {
  readonly by: string;
  readonly at: string;
  readonly records: number;
}

export interface ApprovalStore {
  /**
   * The GSTIN's records (only these keys when given) whose version is above the one last
   * approved, by key.
   */
  unapprovedRecords(gstin: string, keys: readonly string[] | null): Promise<UnapprovedRecord[]>;
  /** Approves each record at the version given (replacing its earlier approval). */
  approveRecords(
    gstin: string,
    rows: readonly { key: string; version: number }[],
    by: string,
    at: string,
  ): Promise<void>;
  /** The GSTIN's latest approval (by time), or null when nothing was ever approved. */
  lastApproval(gstin: string): Promise<RecordApproval | null>;
  /** The GSTIN's approvals grouped by reviewer and time, newest first (at most `limit`). */
  listApprovals(gstin: string, opts: { limit: number }): Promise<ApprovalEvent[]>;
  /** The last approval of each of these records that has one, by key. */
  recordApprovals(gstin: string, keys: readonly string[]): Promise<RecordApproval[]>;
}
