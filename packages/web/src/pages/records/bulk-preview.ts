// The dry run before a bulk decision on all matching records (paged mode): what the server's
// count says the job would do, and what the question's primary button may then do. Pure, so the
// rules are tested alone; the dry run itself is use-bulk-preview.ts.
import type { JobPayload } from '../../decide-job.js';

export type BulkResult = NonNullable<JobPayload['result']>;

export interface BulkPreviewReading {
  /** Refusals listed per rule code (the server lists at most 1,000; `refused` counts them all). */
  readonly refusedByCode: ReadonlyMap<string, number>;
  /** The engine asks for a remark (a partial or no ITC reduction): the dialog's input to fix. */
  readonly remarkMissing: boolean;
  /** Records the ITC-reduction declaration goes to. */
  readonly declared: number;
  /** Nothing refused, something changes: "Accept N records". */
  readonly canApplyAll: boolean;
  /** Some refused, others change, no remark missing: "Accept the N allowed; leave M refused". */
  readonly canApplyAllowed: boolean;
}

export function readBulkPreview(r: BulkResult): BulkPreviewReading {
  const refusedByCode = new Map<string, number>();
  for (const x of r.refusals) refusedByCode.set(x.code, (refusedByCode.get(x.code) ?? 0) + 1);
  const remarkMissing = refusedByCode.has('REMARK_REQUIRED');
  const left = r.refused + r.skipped;
  return {
    refusedByCode,
    remarkMissing,
    declared: r.declarations.given + r.declarations.defaulted + r.declarations.kept,
    canApplyAll: left === 0 && r.applied > 0,
    canApplyAllowed: left > 0 && r.applied > 0 && !remarkMissing,
  };
}
