// Every code an Issue (a validation finding) can carry, with what it means: one table. The
// decision rules' codes are validateDecision's own table (DECISION_RULE_CODES), spread in here;
// Issue.code and issue() are typed by IssueCode, so a new code is added here or not at all.
// Bad rows of a register file and BadInputError codes are outside Issue and not listed here.
import { DECISION_RULE_CODES } from '../validate-decision.js';

export const ISSUE_CODES = {
  ...DECISION_RULE_CODES,
  // Decisions waiting for upload (app/pending-upload.ts, app/import-ims.ts).
  GONE_NOT_UPLOADED:
    "A decision waits for upload on a record that left the portal's latest download; it cannot be uploaded.",
  CHANGED_BY_SUPPLIER:
    'Warning: the supplier changed the document after the decision; check it again.',
  PORTAL_ERROR: 'Warning: the portal refused the last upload of this record (its error file).',
  // IMS download (core/parse-ims-download.ts).
  GSTIN_CHECKSUM: 'Warning: a GSTIN fails its check character.',
  UNKNOWN_SECTION:
    'Warning: the download holds a section this tool does not know; its documents were not read.',
  ORIGINAL_DOC_MISSING: 'Warning: an amendment whose original document is not in the download.',
  UNKNOWN_FILING_STATUS:
    'Warning: a supplier filing status (srcfilstatus) this tool does not know; read as unknown.',
  RETURN_PERIOD_YEAR_INFERRED:
    'Warning: return periods given as a month only; the year was inferred from the document date.',
  ITC_REDUCTION_AMOUNTS_IGNORED:
    'Warning: declared ITC-reduction amounts on a record whose declaration is not partial; they were left out.',
  // The portal's error file (core/parse-error-report.ts, app/import-errors.ts).
  UPLOAD_REJECTED_WHOLE: 'Warning: the portal rejected the whole upload file.',
  UPLOAD_STATUS_MESSAGE: "Warning: the portal's answer carries a status message.",
  UPLOAD_IN_PROGRESS: 'Warning: the portal is still processing the upload.',
  ERROR_REPORT_EMPTY: 'Warning: the error file lists no record.',
  ERROR_COUNT_MISMATCH: "Warning: the error file's count differs from the records it lists.",
  NO_UPLOAD_FILES_RECORDED:
    'Warning: the workspace recorded no upload files; the answer was read against the last export as a whole.',
  // GSTR-2B (core/parse-gstr2b.ts, app/month-cycle.ts).
  GSTR2B_UNKNOWN_SECTION:
    'Warning: the 2B holds a section this tool does not know; its documents were not read.',
  GSTR2B_UNKNOWN_SUMMARY:
    "Warning: the 2B's itcsumm holds a bucket or group this tool does not know; left out.",
  GSTR2B_SUMMARY_DIFFERS:
    "Warning: the 2B's itcsumm differs from the sum of its documents; the itcsumm is used.",
} as const;

export type IssueCode = keyof typeof ISSUE_CODES;

/** What a code means, in words (docs, CLI help). */
export const describeIssueCode = (code: IssueCode): string => ISSUE_CODES[code];
