// What the assignment routes send (issue 16): types only, shared with the web app.

export type AssignmentKindDto = 'supplier' | 'section' | 'view';

/** One share of a person's queue (a supplier, a section or a saved view) and its records. */
export interface ShareDto {
  readonly id: number;
  readonly kind: AssignmentKindDto;
  /** The supplier's GSTIN, the section, or the saved view's name. */
  readonly value: string;
  /** Whose saved view (kind view). */
  readonly viewOwner: string | null;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly records: number;
  /** What the share does not do as asked (a saved view gone, column filters not applied). */
  readonly note: string | null;
}

export interface WorkQueueDto {
  readonly user: string;
  readonly shares: readonly ShareDto[];
  readonly records: number;
  readonly decided: number;
  /** The keys still to decide. */
  readonly remaining: readonly string[];
  /** Of `records`, those also in someone else's queue. */
  readonly overlapping: number;
}

export interface QueueOverlapDto {
  readonly users: readonly [string, string];
  readonly records: number;
}

/** GET /api/assignments?gstin=&period=: a reviewer sees everyone's queue, others their own. */
export interface WorkQueuesPayload {
  readonly gstin: string;
  readonly period: string;
  readonly queues: readonly WorkQueueDto[];
  readonly unassigned: number;
  /** Records in two people's queues at once, per pair. */
  readonly overlaps: readonly QueueOverlapDto[];
  /**
   * What the asking person may do: assign (a reviewer or admin on a multi-user server), the
   * people work may go to and their own saved views (when they may assign); `multiUser` false
   * on a single-user server, where shares are read only.
   */
  readonly assign: {
    readonly multiUser: boolean;
    readonly allowed: boolean;
    readonly people: readonly string[];
    readonly views: readonly string[];
  };
}

/** POST /api/assign: shares added to a person's queue (by the signed-in reviewer). */
export interface AssignRequest {
  readonly gstin?: string;
  readonly period: string;
  readonly user: string;
  readonly suppliers?: readonly string[];
  readonly sections?: readonly string[];
  /** The asking person's saved views, by name. */
  readonly views?: readonly string[];
}

/** POST /api/assign/remove: shares taken back by id. */
export interface UnassignRequest {
  readonly gstin?: string;
  readonly period: string;
  readonly ids: readonly number[];
}
