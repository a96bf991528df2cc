// Validation findings: returned, never thrown. Codes are stable: scripts and tests rely on them.
export type Severity = 'error' | 'warning';

export interface Issue {
  readonly code: string;
  readonly severity: Severity;
  /** Record key, file path or row reference the issue is about. */
  readonly recordKey: string | null;
  readonly field: string | null;
  readonly message: string;
}

export function issue(code: string, severity: Severity, recordKey: string | null, field: string | null, message: string): Issue {
  return { code, severity, recordKey, field, message };
}

export const hasErrors = (issues: readonly Issue[]): boolean => issues.some((i) => i.severity === 'error');
