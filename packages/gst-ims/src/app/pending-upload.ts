import type { IsoDate, Issue, WorkspaceRecord } from '../core/index.js';
import { isDirty, validateDecision } from '../core/index.js';

/** Records whose local decision differs from the portal's and that can still be uploaded. */
export function pendingUpload(rows: readonly WorkspaceRecord[]): WorkspaceRecord[] {
  return rows.filter((r) => !r.state.gone && isDirty(r.record, r.state.decision));
}

/**
 * Re-checks every decision waiting for upload, plus what a reviewer must see before uploading:
 * records changed by the supplier since the decision, and records the portal refused last time.
 */
export function validatePending(
  rows: readonly WorkspaceRecord[],
  today: IsoDate | null = null,
): Issue[] {
  const issues: Issue[] = [];
  for (const r of rows) {
    const dirty = isDirty(r.record, r.state.decision);
    if (dirty && r.state.gone) {
      issues.push({
        code: 'GONE_NOT_UPLOADED',
        // A decision that cannot reach the portal is an error; a reset is how the user drops one.
        severity: r.state.decision.action === 'noAction' ? 'warning' : 'error',
        recordKey: r.record.key,
        field: null,
        message:
          r.state.decision.action === 'noAction'
            ? `${r.record.key}: no longer in the latest portal download of its period; your reset is kept here and never uploaded`
            : `${r.record.key}: no longer in the latest portal download of its period, so your decision (${r.state.decision.action}) cannot be uploaded; reset it to drop it, or import a download that holds the record`,
      });
      continue;
    }
    if (dirty)
      issues.push(...validateDecision(r.record, r.state.decision, { gone: r.state.gone, today }));
    if (r.state.changedBySupplier) {
      issues.push({
        code: 'CHANGED_BY_SUPPLIER',
        severity: 'warning',
        recordKey: r.record.key,
        field: null,
        message: `${r.record.key}: the supplier changed this document after you decided on it; check it again (deciding again clears this flag)`,
      });
    }
    if (r.state.portalError !== null && dirty) {
      issues.push({
        code: 'PORTAL_ERROR',
        severity: 'warning',
        recordKey: r.record.key,
        field: null,
        message:
          `${r.record.key}: the portal refused the last upload of this record: ${r.state.portalError.code ?? ''} ${r.state.portalError.message}`.replace(
            / {2}/g,
            ' ',
          ),
      });
    }
  }
  return issues;
}
