// The long-running jobs of the server (issue 18, decision 0044), as they travel: a decision on
// every record a Records filter matches runs as a job the page follows and may cancel.
//   POST /api/decide-filtered DecideFilteredBody -> 202 JobStartedPayload (409 while the GSTIN
//        has a job running)
//   GET  /api/jobs/:id -> JobPayload;  GET /api/jobs?gstin= -> JobPayload[] (running first)
//   POST /api/jobs/:id/cancel -> 202 JobPayload (the job stops at its next batch: 'cancelled')
//   GET  /api/audit-point?gstin= -> AuditPointPayload (what a page sends back as seenUpTo)
// Self-contained (core types only): the web app type-checks this file.
import type { DeclarationFit, DecisionVerb, Issue, RecordView, Section } from '../core/index.js';

export interface DecideFilteredBody {
  readonly gstin: string;
  /** The Records page's filter; terms are the search's words (upper-cased by the server). */
  readonly filter: {
    readonly view: RecordView;
    readonly supplier: string | null;
    readonly section: Section | null;
    readonly terms: readonly string[];
  };
  readonly verb: DecisionVerb;
  readonly remark?: string | null;
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
  /**
   * The GSTIN's newest audit event id the page had seen (GET /api/audit-point when it loaded, or
   * the last job's result.auditPoint): records another person decided after it are skipped
   * (STALE_RECORD).
   * Required on a multi-user server.
   */
  readonly seenUpTo?: number;
}

export interface JobStartedPayload {
  readonly jobId: string;
}

export type JobState = 'running' | 'done' | 'cancelled' | 'failed';

/**
 * The job's result (app/decide-filtered.ts DecideFilteredResult, which must stay assignable to
 * it): counts that add up, applied + unchanged + refused + skipped = matched. Lists hold at most
 * 1,000 each; the counts count all.
 */
export interface DecideFilteredPayload {
  readonly matched: number;
  /** Changed, or would change when `written` is false (a dry run, or stopped by refusals). */
  readonly applied: number;
  readonly unchanged: number;
  readonly refused: number;
  readonly skipped: number;
  readonly refusals: readonly {
    recordKey: string;
    code: string;
    message: string;
    field: string | null;
  }[];
  /**
   * Records left as they are: decided by someone else meanwhile (STALE_RECORD), or changed by an
   * import meanwhile so that they no longer match (CHANGED_BY_IMPORT).
   */
  readonly skippedRecords: readonly {
    recordKey: string;
    code: 'STALE_RECORD' | 'CHANGED_BY_IMPORT';
    message: string;
    by: string;
    at: string;
  }[];
  readonly changes: readonly { key: string; from: string; to: string }[];
  readonly warnings: readonly Issue[];
  readonly declarations: Readonly<Record<DeclarationFit, number>>;
  readonly written: boolean;
  /** The GSTIN's newest audit event id afterwards: the page's next seenUpTo. */
  readonly auditPoint: number;
  /**
   * An import committed while the records were being checked (the latest, if several): the
   * selected records were checked again against it before anything was written. Null if none.
   */
  readonly recheckedAfter: {
    readonly kind: string;
    readonly file: string;
    readonly at: string;
    readonly user: string;
    /** In words, as the page shows it. */
    readonly message: string;
  } | null;
}

export interface JobPayload {
  readonly id: string;
  readonly kind: 'decideFiltered';
  readonly gstin: string;
  /** Who started it. */
  readonly user: string;
  readonly state: JobState;
  /** What it is doing: checking the matched records, then writing the changes. */
  readonly phase: 'checking' | 'writing' | null;
  /**
   * Records done of the records matched, each counted once: the work of both phases (each record
   * checked, then each change written) in records; `done` equals `total` at the end.
   */
  readonly done: number;
  readonly total: number;
  /** The phase's own count: records checked of those matched, or changes saved of those to save. */
  readonly phaseDone: number;
  readonly phaseTotal: number;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  /** When done. A run stopped by refusals is done too, with `written: false`. */
  readonly result: DecideFilteredPayload | null;
  /** When failed: what went wrong, in words. */
  readonly error: string | null;
  /**
   * The server's change version (GET /api/changes) the job's write made, once it has written:
   * the page that ran it takes that change as its own.
   */
  readonly version: number | null;
}

export interface AuditPointPayload {
  readonly gstin: string;
  readonly auditPoint: number;
}
