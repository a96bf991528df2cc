// What the approval routes send (issue 16): types only, shared with the web app.
import type { Action } from '../core/index.js';

export interface ReviewChangeDto {
  readonly key: string;
  readonly at: string;
  readonly from: Action;
  readonly to: Action;
  readonly remark: string | null;
  readonly source: string;
}

export interface ReviewPersonDto {
  readonly user: string;
  /** Records this person changed that wait for approval. */
  readonly records: number;
  /** Decisions this person made since the last approval (all, though `changes` may be cut). */
  readonly decisions: number;
  /** Newest first, at most a few thousand. */
  readonly changes: readonly ReviewChangeDto[];
}

/** GET /api/review?gstin=&period= */
export interface ReviewPayload {
  readonly gstin: string;
  readonly period: string | null;
  /** Records waiting for approval. */
  readonly unapproved: number;
  /** Send back with the approval: a record decided again since is then not approved unseen. */
  readonly versions: Record<string, number>;
  readonly people: readonly ReviewPersonDto[];
  readonly lastApproval: { readonly by: string; readonly at: string } | null;
  /** Whether an upload needs approved decisions (the workspace has accounts). */
  readonly required: boolean;
}

/** POST /api/approve {gstin, period?, keys?, versions?} */
export interface ApprovePayload {
  readonly approved: number;
  /** Records decided again since the review: left unapproved. */
  readonly changedSince: readonly string[];
}
