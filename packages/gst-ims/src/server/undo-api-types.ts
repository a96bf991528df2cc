// What the undo, history and saved-view routes send: types only, shared with the web app.
import type { Action, ItcReduction } from '../core/index.js';

export interface AuditActionDto {
  /** The id `POST /api/undo` takes (its first event's). */
  readonly id: number;
  readonly at: string;
  readonly user: string;
  readonly source: string;
  readonly sourceWords: string;
  readonly decisions: readonly {
    readonly toAction: Action;
    readonly remark: string | null;
    readonly itcReduction: ItcReduction['kind'] | null;
    readonly records: number;
  }[];
  readonly records: number;
  readonly undoable: boolean;
  readonly undoes: number | null;
  readonly undoneBy: number | null;
}

/** Records a reviewer approved at one time (those that still hold this approval). */
export interface ApprovalDto {
  readonly by: string;
  readonly at: string;
  readonly records: number;
}

export interface AuditActionsPayload {
  readonly actions: AuditActionDto[];
  /** The approvals since the oldest action listed, newest first. */
  readonly approvals: ApprovalDto[];
}

export interface UndoSkippedDto {
  readonly recordKey: string;
  readonly code: string;
  readonly message: string;
}

export interface UndoPayload {
  readonly event: AuditActionDto;
  readonly records: number;
  readonly undone: number;
  /** The decisions written (or, on a dry run, to be written); the first 5,000. */
  readonly restores: { key: string; from: Action; to: Action }[];
  /** How many records go back to each action. */
  readonly restoredTo: Partial<Record<Action, number>>;
  /** Records left as they are; the first 5,000 (skippedCount has them all). */
  readonly skipped: UndoSkippedDto[];
  readonly skippedCount: number;
  readonly skippedByCode: Record<string, number>;
  readonly warnings: number;
  readonly dryRun: boolean;
  readonly applied: boolean;
  /** The action the undo wrote (undo it to redo). */
  readonly undoEvent: number | null;
}

export interface SavedViewDto {
  readonly name: string;
  readonly view: Record<string, unknown>;
  readonly at: string;
}

export interface SavedViewsPayload {
  readonly user: string;
  readonly views: SavedViewDto[];
}
