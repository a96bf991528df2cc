import { dirname, basename, extname, join } from 'node:path';
import type { Section } from '../core/index.js';
import { NothingToDoError, RefusedError, buildUploadFiles } from '../core/index.js';
import { writeFileAtomic } from '../io/index.js';
import type { AppContext } from './context.js';
import { todayOf } from './context.js';
import { pendingUpload, validatePending } from './pending-upload.js';

export const DEFAULT_UPLOAD_MAX_BYTES = 5 * 1024 * 1024;

export interface WrittenUploadFile {
  readonly path: string;
  readonly reqtyp: 'SAVE' | 'RESET';
  readonly records: number;
  readonly bytes: number;
  readonly counts: Partial<Record<Section, number>>;
}

export interface ExportUploadResult {
  readonly files: WrittenUploadFile[];
  readonly save: number;
  readonly reset: number;
}

export interface ExportUploadOptions {
  readonly gstin: string;
  readonly outFile: string;
  readonly maxBytes?: number | undefined;
}

/** Builds the upload files in memory (used by the web app's download too). */
export async function planUpload(ctx: AppContext, gstin: string, maxBytes = DEFAULT_UPLOAD_MAX_BYTES) {
  const rows = await ctx.store.loadUploadCandidates(gstin);
  const pending = pendingUpload(rows);
  const errors = validatePending(pending, todayOf(ctx)).filter((i) => i.severity === 'error');
  if (errors.length > 0) {
    throw new RefusedError(
      `${errors.length} decision(s) break the portal's rules; fix them before generating the upload (gst-ims validate lists them)`,
      errors.map((e) => ({ recordKey: e.recordKey ?? '', code: e.code, message: e.message })),
    );
  }
  if (pending.length === 0) throw new NothingToDoError('nothing to upload: every local decision matches what the portal holds');
  const built = buildUploadFiles({
    rtin: gstin,
    items: pending.map((r) => ({ record: r.record, decision: r.state.decision })),
    maxBytes,
    byteLength: (s) => Buffer.byteLength(s, 'utf8'),
  });
  return { pending, built };
}

/** Writes the SAVE file(s), and RESET file(s) beside them, atomically; logs what was exported. */
export async function exportUpload(ctx: AppContext, opts: ExportUploadOptions): Promise<ExportUploadResult> {
  const { pending, built } = await planUpload(ctx, opts.gstin, opts.maxBytes);
  const ext = extname(opts.outFile) || '.json';
  const stem = join(dirname(opts.outFile), basename(opts.outFile, extname(opts.outFile)));
  const name = (kind: 'save' | 'reset', i: number, n: number): string =>
    `${stem}${kind === 'reset' ? '-reset' : ''}${n > 1 ? `-${i + 1}` : ''}${ext}`;
  const files: WrittenUploadFile[] = [];
  for (const [kind, list] of [['save', built.save], ['reset', built.reset]] as const) {
    for (const [i, f] of list.entries()) {
      const path = name(kind, i, list.length);
      await writeFileAtomic(path, f.json);
      files.push({ path, reqtyp: f.reqtyp, records: f.recordKeys.length, bytes: Buffer.byteLength(f.json), counts: f.counts });
    }
  }
  await ctx.store.logExport(
    opts.gstin,
    ctx.now(),
    ctx.user,
    files.map((f) => f.path),
    pending.map((r) => ({ recordKey: r.record.key, action: r.state.decision.action, prevStatus: r.record.portalAction })),
  );
  const reset = pending.filter((r) => r.state.decision.action === 'noAction').length;
  return { files, save: pending.length - reset, reset };
}
