// Why an undo left a record of the event as it is: one table, the codes stable (UPPER_SNAKE).
// The engine's own refusals (validateDecision's codes, e.g. PENDING_WINDOW_CLOSED) are reported
// beside these with their own codes: a restored decision goes through the same rules.
export const UNDO_SKIP_CODES = {
  UNDO_RECORD_CHANGED_SINCE:
    'The record was decided again after the event (or no longer holds what the event set); undoing would overwrite the later decision.',
  UNDO_RECORD_RESET_BY_PORTAL:
    "A later download returned the record to No Action (the supplier changed the document); there is no decision of the event's left to undo.",
  UNDO_RECORD_GONE:
    "The record left the portal's latest download; no decision can be uploaded for it.",
  UNDO_RECORD_MISSING: 'The workspace no longer holds the record.',
  UNDO_PREVIOUS_UNKNOWN:
    'The decision the record had before the event cannot be told from the audit log (the portal changed it in between).',
} as const;

export type UndoSkipCode = keyof typeof UNDO_SKIP_CODES;

export const describeUndoSkipCode = (code: UndoSkipCode): string => UNDO_SKIP_CODES[code];
