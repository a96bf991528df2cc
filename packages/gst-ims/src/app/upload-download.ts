// The upload as the web app shows and hands it out: a preview grouped by section and action,
// and the files built in memory (the browser downloads them) with the export logged, so that
// the portal's error file can later be matched against what was sent.
import type { Action, Paise, Section } from '../core/index.js';
import { SECTIONS, addPaise, totalTax } from '../core/index.js';
import type { AppContext } from './context.js';
import { todayOf } from './context.js';
import { DEFAULT_UPLOAD_MAX_BYTES, logUpload, planUpload, sha256 } from './export-upload.js';
import { pendingUpload, validatePending } from './pending-upload.js';
import type { UploadGroup, UploadPreview } from './result-types.js';

export type { UploadGroup, UploadPreview, UploadPreviewItem } from './result-types.js';

/** What the next upload will hold, and what (if anything) blocks it. Changes nothing. */
export async function uploadPreview(
  ctx: AppContext,
  gstin: string,
  limit = 2000,
): Promise<UploadPreview> {
  const rows = await ctx.store.loadRecords(gstin);
  const pending = pendingUpload(rows);
  const issues = validatePending(rows, todayOf(ctx));
  const sent = new Set(pending.map((r) => r.record.key));
  const blocking = issues.filter(
    (i) => i.severity === 'error' && i.recordKey !== null && sent.has(i.recordKey),
  );
  const notSent = issues.filter(
    (i) =>
      i.code === 'GONE_NOT_UPLOADED' ||
      (i.severity === 'error' && !(i.recordKey !== null && sent.has(i.recordKey))),
  );
  const groups = new Map<
    string,
    { section: Section; action: Action; count: number; value: Paise; tax: Paise }
  >();
  for (const r of pending) {
    const action = r.state.decision.action;
    const id = `${r.record.section}|${action}`;
    const g = groups.get(id) ?? {
      section: r.record.section,
      action,
      count: 0,
      value: 0 as Paise,
      tax: 0 as Paise,
    };
    g.count++;
    g.value = addPaise(g.value, r.record.amounts.value);
    g.tax = addPaise(g.tax, totalTax(r.record.amounts));
    groups.set(id, g);
  }
  const order = (g: UploadGroup): number =>
    SECTIONS.indexOf(g.section) * 10 +
    ['accept', 'reject', 'pending', 'noAction'].indexOf(g.action);
  const reset = pending.filter((r) => r.state.decision.action === 'noAction').length;
  return {
    gstin,
    pending: pending.length,
    save: pending.length - reset,
    reset,
    groups: [...groups.values()].sort((a, b) => order(a) - order(b)),
    items: pending.slice(0, limit).map((r) => ({
      key: r.record.key,
      section: r.record.section,
      supplierGstin: r.record.supplierGstin,
      supplierName: r.record.supplierName,
      docNumber: r.record.docNumber,
      docDate: r.record.docDate,
      value: r.record.amounts.value,
      from: r.record.portalAction,
      to: r.state.decision.action,
      remark: r.state.decision.remark,
    })),
    blocking,
    notSent,
    warnings: issues.filter((i) => i.severity !== 'error' && i.code !== 'GONE_NOT_UPLOADED'),
    errors: blocking.length,
    blocked: blocking.length > 0,
  };
}

export interface UploadFileContent {
  readonly name: string;
  readonly reqtyp: 'SAVE' | 'RESET';
  readonly records: number;
  readonly bytes: number;
  readonly counts: Partial<Record<Section, number>>;
  readonly json: string;
}

export interface UploadFilesResult {
  readonly files: UploadFileContent[];
  readonly save: number;
  readonly reset: number;
}

/**
 * Builds the SAVE (and RESET) files in memory, named as exportUpload names them on disk, and
 * logs the export like exportUpload does. Refuses (RefusedError) while a decision breaks the
 * rules, and says NothingToDo when every decision matches the portal.
 */
export async function exportUploadFiles(
  ctx: AppContext,
  gstin: string,
  opts: { baseName?: string; maxBytes?: number } = {},
): Promise<UploadFilesResult> {
  const { pending, built } = await planUpload(
    ctx,
    gstin,
    opts.maxBytes ?? DEFAULT_UPLOAD_MAX_BYTES,
  );
  const stem = opts.baseName ?? `ims-upload-${gstin}`;
  const files: UploadFileContent[] = [];
  for (const [kind, list] of [
    ['save', built.save],
    ['reset', built.reset],
  ] as const) {
    for (const [i, f] of list.entries()) {
      const name = `${stem}${kind === 'reset' ? '-reset' : ''}${list.length > 1 ? `-${i + 1}` : ''}.json`;
      files.push({
        name,
        reqtyp: f.reqtyp,
        records: f.recordKeys.length,
        bytes: Buffer.byteLength(f.json),
        counts: f.counts,
        json: f.json,
      });
    }
  }
  await logUpload(
    ctx,
    gstin,
    pending,
    built,
    files.map((f) => ({ name: f.name, sha256: sha256(f.json) })),
    files.map((f) => `browser download: ${f.name}`),
  );
  const reset = pending.filter((r) => r.state.decision.action === 'noAction').length;
  return { files, save: pending.length - reset, reset };
}
