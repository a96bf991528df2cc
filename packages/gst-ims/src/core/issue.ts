// Validation findings: returned, never thrown. Codes are stable: scripts and tests rely on them
// (ISSUE_CODES in core/vocabulary/issue-codes.ts).
import type { IssueCode } from './vocabulary/issue-codes.js';

export type Severity = 'error' | 'warning';

export interface Issue {
  readonly code: IssueCode;
  readonly severity: Severity;
  /** Record key, file path or row reference the issue is about. */
  readonly recordKey: string | null;
  readonly field: string | null;
  readonly message: string;
}

export function issue(
  code: IssueCode,
  severity: Severity,
  recordKey: string | null,
  field: string | null,
  message: string,
): Issue {
  return { code, severity, recordKey, field, message };
}

export const hasErrors = (issues: readonly Issue[]): boolean =>
  issues.some((i) => i.severity === 'error');
