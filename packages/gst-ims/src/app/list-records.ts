// Read-only queries the web app needs beyond the reports: the GSTINs, every record of a GSTIN
// (and the outcome of its last match), one record with its audit trail, and the import log.
import type { MatchOutcome, WorkspaceRecord } from '../core/index.js';
import { NothingToDoError } from '../core/index.js';
import type { AuditEntry, GstinInfo, ImportLogEntry } from '../store/index.js';
import type { AppContext } from './context.js';

export async function listGstins(ctx: AppContext): Promise<GstinInfo[]> {
  return ctx.store.listGstins();
}

/** Every record of a GSTIN (gone ones included), in the store's stable order. */
export async function listRecords(ctx: AppContext, gstin: string): Promise<WorkspaceRecord[]> {
  return ctx.store.loadRecords(gstin);
}

/**
 * The outcome of each record in the last reconcile run, by record key: empty when reconciliation
 * never ran. Documents found only in the books have no record and are left out.
 */
export async function recordOutcomes(
  ctx: AppContext,
  gstin: string,
): Promise<Map<string, MatchOutcome>> {
  const out = new Map<string, MatchOutcome>();
  for (const m of await ctx.store.loadMatches(gstin))
    if (m.recordKey !== null) out.set(m.recordKey, m.outcome);
  return out;
}

export interface RecordDetail {
  readonly row: WorkspaceRecord;
  readonly history: AuditEntry[];
}

/** One record by its exact key, with its audit trail (oldest first). */
export async function recordDetail(
  ctx: AppContext,
  gstin: string,
  key: string,
): Promise<RecordDetail> {
  const rows = await ctx.store.loadRecords(gstin);
  const row = rows.find((r) => r.record.key === key);
  if (!row) throw new NothingToDoError(`no record with key "${key}" for ${gstin}`);
  const history = await ctx.store.auditFor(gstin, [key]);
  return { row, history };
}

/** The audit trail of one record key, without loading the records. */
export async function auditTrail(
  ctx: AppContext,
  gstin: string,
  key: string,
): Promise<AuditEntry[]> {
  return ctx.store.auditFor(gstin, [key]);
}

export async function listImports(ctx: AppContext, gstin: string): Promise<ImportLogEntry[]> {
  return ctx.store.listImports(gstin);
}
