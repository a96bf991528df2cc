import type { Issue, PortalErrorEntry, WorkspaceRecord } from '../core/index.js';
import { parseErrorReport } from '../core/index.js';
import { readJsonFile } from '../io/index.js';
import type { AppContext } from './context.js';

export interface ImportErrorsResult {
  readonly file: string;
  readonly statusCode: string | null;
  /** Records now carrying the portal's error. */
  readonly marked: { recordKey: string; code: string | null; message: string }[];
  /** Error entries that name no record in the workspace. */
  readonly unmatched: PortalErrorEntry[];
  /** Uploaded records the portal accepted: their portal baseline now holds the uploaded decision. */
  readonly confirmed: number;
  readonly warnings: Issue[];
}

/**
 * Reads the portal's answer to an upload. Failing records are marked and stay in the next
 * upload. When the answer says the upload was processed (P, or PE with an error list), the
 * records of the last export that are not in the error list take the uploaded decision as
 * their new portal baseline, as the portal now holds it.
 */
export async function importErrors(ctx: AppContext, gstin: string, file: string): Promise<ImportErrorsResult> {
  const { data, name } = await readJsonFile(file);
  const report = parseErrorReport(data, name);
  return ctx.store.transaction(async (tx) => {
    const rows = await tx.loadRecords(gstin);
    const index = new Map<string, WorkspaceRecord[]>();
    for (const r of rows) {
      const k = lookupKey(r.record.section, r.record.supplierGstin, r.record.docNumber);
      const list = index.get(k);
      if (list) list.push(r);
      else index.set(k, [r]);
    }
    const last = await tx.lastExport(gstin);
    const exported = new Set(last?.items.map((i) => i.recordKey) ?? []);
    const errored = new Map<string, { code: string | null; message: string }>();
    const unmatched: PortalErrorEntry[] = [];
    for (const e of report.entries) {
      const candidates = index.get(lookupKey(e.section, e.supplierGstin, e.docNumber)) ?? [];
      const narrowed = narrow(candidates, e, exported);
      if (narrowed.length === 0) unmatched.push(e);
      for (const r of narrowed) errored.set(r.record.key, { code: e.code, message: e.message });
    }
    const processed = report.statusCode === 'P' || report.statusCode === 'PE' || (report.statusCode === null && report.entries.length > 0);
    const byKey = new Map(rows.map((r) => [r.record.key, r]));
    const updates = new Map<string, WorkspaceRecord>();
    let confirmed = 0;
    if (processed && last) {
      for (const item of last.items) {
        const r = byKey.get(item.recordKey);
        if (!r || errored.has(item.recordKey) || r.record.portalAction !== item.prevStatus) continue;
        const sent = r.state.decision.action === item.action ? r.state.decision : null;
        const record = {
          ...r.record,
          portalAction: item.action,
          portalRemark: sent?.remark ?? null,
          portalItcReduction: sent?.itcReduction ?? null,
        };
        updates.set(item.recordKey, { record, state: { ...r.state, portalError: null } });
        confirmed++;
      }
    }
    for (const [key, err] of errored) {
      const r = updates.get(key) ?? byKey.get(key);
      if (r) updates.set(key, { record: r.record, state: { ...r.state, portalError: err } });
    }
    await tx.updateRecords(gstin, [...updates.values()]);
    const marked = [...errored].map(([recordKey, e]) => ({ recordKey, ...e }));
    await tx.logImport({ gstin, kind: 'errors', file: name, at: ctx.now(), user: ctx.user, summary: { statusCode: report.statusCode, marked: marked.length, unmatched: unmatched.length, confirmed } });
    return { file: name, statusCode: report.statusCode, marked, unmatched, confirmed, warnings: report.warnings };
  });
}

function lookupKey(section: string, supplier: string, docNumber: string): string {
  return `${section}|${supplier.trim().toUpperCase()}|${docNumber.trim().toUpperCase()}`;
}

/** The same number can exist in two fiscal years: prefer the return period, then the last upload. */
function narrow(candidates: WorkspaceRecord[], e: PortalErrorEntry, exported: ReadonlySet<string>): WorkspaceRecord[] {
  if (candidates.length <= 1) return candidates;
  const byPeriod = e.returnPeriod === null ? candidates : candidates.filter((c) => c.record.returnPeriod === e.returnPeriod);
  if (byPeriod.length === 1) return byPeriod;
  const pool = byPeriod.length > 0 ? byPeriod : candidates;
  const uploaded = pool.filter((c) => exported.has(c.record.key));
  return uploaded.length > 0 ? uploaded : pool;
}
