// Stable codes of the supplier view: what the parser warns about, and what to do per document.
// Scripts and tests rely on the codes; the words are for people.

/** Warnings of the outward parser (errors are thrown as BadInputError with the same style of code). */
export const OUTWARD_ISSUE_CODES = {
  GSTIN_CHECKSUM: "the customer's GSTIN fails its check character",
  UNKNOWN_ACTION_N: 'imsactn "N" read as no action (the schema lists A, R, P only)',
} as const;
export type OutwardIssueCode = keyof typeof OUTWARD_ISSUE_CODES;

export interface OutwardIssue {
  readonly code: OutwardIssueCode;
  readonly path: string;
  readonly message: string;
}

/** What the supplier should do about a document (supplier-view.md §5), most advised first. */
export const OUTWARD_TODO = {
  FOLLOW_UP_CUSTOMER: {
    short: 'follow up with the customer',
    words:
      'Ask the customer to act on it (or, for a rejection without a remark, why it was rejected).',
  },
  RE_REPORT_UNCHANGED: {
    short: 're-report unchanged in GSTR-1A or the next amendment table',
    words:
      "If it was rejected by mistake, report the same document unchanged in GSTR-1A of the period (before that period's GSTR-3B) or in the amendment table of a later GSTR-1/IFF, by 30 November after the financial year (s.37(3)). No extra tax: the amendment carries a zero difference.",
  },
  ISSUE_CREDIT_NOTE: {
    short: 'issue a credit note (or amend it)',
    words:
      'If the details are wrong, amend it (B2BA) or issue a credit note, so the liability follows what the customer accepts.',
  },
  AMEND_CREDIT_NOTE: {
    short: 'amend the credit note (CDNRA)',
    words:
      'If the credit note is wrong, amend it; its tax stays added back to your liability until the customer accepts a corrected note.',
  },
  NONE: {
    short: 'nothing to do',
    words: 'Accepted, or deemed accepted when GSTR-2B is generated.',
  },
  CORRECTED: {
    short: 'corrected',
    words: 'A later document (GSTR-1A or an amendment) re-reports it and is not rejected.',
  },
} as const;
export type OutwardTodoCode = keyof typeof OUTWARD_TODO;
export const OUTWARD_TODO_CODES = Object.keys(OUTWARD_TODO) as OutwardTodoCode[];

export const describeOutwardTodo = (c: OutwardTodoCode): string => OUTWARD_TODO[c].words;
