// Assignment of a client's period among staff (issue 16): one row per share (a supplier, a
// section or a saved view of the Records page) given to a person (migration 0012-assignments).

export type AssignmentKind = 'supplier' | 'section' | 'view';
export const ASSIGNMENT_KINDS: readonly AssignmentKind[] = ['supplier', 'section', 'view'];

/** A share as written: what, to whom, by whom. */
export interface NewAssignment {
  readonly gstin: string;
  /** The GSTR-2B period, MMYYYY. */
  readonly period: string;
  readonly assignee: string;
  readonly kind: AssignmentKind;
  /** The supplier's GSTIN, the section, or the saved view's name. */
  readonly value: string;
  /** Whose saved view it is (kind 'view': views are saved per person); null for the others. */
  readonly viewOwner: string | null;
  readonly createdBy: string;
  readonly createdAt: string;
}

export interface StoredAssignment extends NewAssignment {
  readonly id: number;
}

export interface AssignmentStore {
  /** The shares of a GSTIN's period, in the order they were given (by id). */
  listAssignments(gstin: string, period: string): Promise<StoredAssignment[]>;
  /** Writes the shares, returning them with their ids. */
  addAssignments(rows: readonly NewAssignment[]): Promise<StoredAssignment[]>;
  /** Takes back the GSTIN's shares with these ids; returns those it removed (by id). */
  removeAssignments(gstin: string, ids: readonly number[]): Promise<StoredAssignment[]>;
}
