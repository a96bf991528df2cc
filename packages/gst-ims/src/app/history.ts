import type { WorkspaceRecord } from '../core/index.js';
import { NothingToDoError, normaliseGstin } from '../core/index.js';
import type { AuditEntry } from '../store/index.js';
import type { RecordApprovalState } from './approvals.js';
import { approvalsOfRecords } from './approvals.js';
import type { AppContext } from './context.js';

export interface HistoryResult {
  readonly records: { key: string; docNumber: string; supplierGstin: string; section: string }[];
  readonly entries: AuditEntry[];
  /** Each record's last approval (multi-user workspaces), when it has one. */
  readonly approvals: RecordApprovalState[];
}

/**
 * The audit trail of the records a selector names: a record key (section|supplier|number|FY),
 * or a document number, optionally narrowed to one supplier.
 */
export async function recordHistory(
  ctx: AppContext,
  gstin: string,
  selector: string,
  supplier?: string,
): Promise<HistoryResult> {
  const rows = await ctx.store.loadRecords(gstin);
  const wanted = selector.trim();
  const sup = supplier === undefined ? null : normaliseGstin(supplier);
  const match = (r: WorkspaceRecord): boolean =>
    (r.record.key === wanted || r.record.docNumber.trim().toUpperCase() === wanted.toUpperCase()) &&
    (sup === null || r.record.supplierGstin === sup);
  const found = rows.filter(match);
  if (found.length === 0)
    throw new NothingToDoError(
      `no record matches "${selector}"${sup ? ` for supplier ${sup}` : ''}`,
    );
  const keys = found.map((r) => r.record.key);
  const entries = await ctx.store.auditFor(gstin, keys);
  return {
    records: found.map((r) => ({
      key: r.record.key,
      docNumber: r.record.docNumber,
      supplierGstin: r.record.supplierGstin,
      section: r.record.section,
    })),
    entries,
    approvals: await approvalsOfRecords(ctx.store, gstin, keys),
  };
}
