// What the assignment routes send (issue 16): types only, shared with the web app.
import type { Section } from '../core/index.js';

export interface WorkQueueDto {
  readonly user: string;
  readonly suppliers: readonly string[];
  readonly sections: readonly Section[];
  readonly records: number;
  readonly decided: number;
  /** The keys still to decide. */
  readonly remaining: readonly string[];
}

/** GET /api/assignments?gstin=&period=: a reviewer sees everyone's queue, others their own. */
export interface WorkQueuesPayload {
  readonly gstin: string;
  readonly period: string;
  readonly queues: readonly WorkQueueDto[];
  readonly unassigned: number;
}
