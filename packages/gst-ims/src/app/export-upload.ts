import { createHash } from 'node:crypto';
import { dirname, basename, extname, join } from 'node:path';
import type { Section, UploadFile, WorkspaceRecord } from '../core/index.js';
import { NothingToDoError, RefusedError, buildUploadFiles } from '../core/index.js';
import { writeFileSet } from '../io/index.js';
import type { ExportItem, UploadFileEntry } from '../store/index.js';
import type { AppContext } from './context.js';
import { todayOf } from './context.js';
import { pendingUpload, validatePending } from './pending-upload.js';
import { checkApproved } from './approvals.js';

/** Below the strictest payload cap seen in practice (a GSP's 4 MB request limit, ims-formats.md §4.1). */
export const DEFAULT_UPLOAD_MAX_BYTES = 4_000_000;

export interface WrittenUploadFile {
  readonly path: string;
  readonly reqtyp: 'SAVE' | 'RESET';
  readonly records: number;
  readonly bytes: number;
  readonly counts: Partial<Record<Section, number>>;
  readonly sha256: string;
}

export interface ExportUploadResult {
  readonly files: WrittenUploadFile[];
  readonly save: number;
  readonly reset: number;
  /** The manifest naming the set (its files, records and sha256). */
  readonly manifest: string;
  /** Parts of an earlier export under the same name that this set does not have, removed. */
  readonly removedStale: string[];
  /** Temporary files of an interrupted earlier run, removed. */
  readonly cleanedTemporary: string[];
}

export interface ExportUploadOptions {
  readonly gstin: string;
  readonly outFile: string;
  readonly maxBytes?: number | undefined;
}

/** Builds the upload files in memory (used by the web app's download too). */
export async function planUpload(
  ctx: AppContext,
  gstin: string,
  maxBytes = DEFAULT_UPLOAD_MAX_BYTES,
) {
  const rows = await ctx.store.loadUploadCandidates(gstin);
  const pending = pendingUpload(rows);
  const errors = validatePending(pending, todayOf(ctx)).filter((i) => i.severity === 'error');
  if (errors.length > 0) {
    throw new RefusedError(
      `${errors.length} decision(s) break the portal's rules; fix them before generating the upload (gst-ims validate lists them)`,
      errors.map((e) => ({ recordKey: e.recordKey ?? '', code: e.code, message: e.message })),
    );
  }
  if (pending.length === 0)
    throw new NothingToDoError(
      'nothing to upload: every local decision matches what the portal holds',
    );
  // A practice server uploads only what a reviewer approved (issue 16); one person's workspace as before.
  await checkApproved(
    ctx,
    gstin,
    pending.map((r) => r.record.key),
  );
  const built = buildUploadFiles({
    rtin: gstin,
    items: pending.map((r) => ({ record: r.record, decision: r.state.decision })),
    maxBytes,
    byteLength: (s) => Buffer.byteLength(s, 'utf8'),
  });
  return { pending, built };
}

/**
 * Writes the SAVE file(s), RESET file(s) beside them and a manifest naming the set, as one set
 * (writeFileSet): parts of an earlier export under the same name that this one does not have are
 * removed, so the folder never holds a stale part contradicting the workspace. Logs the export
 * with each file's records and sha256, so that the portal's answer confirms only its own file.
 */
export async function exportUpload(
  ctx: AppContext,
  opts: ExportUploadOptions,
): Promise<ExportUploadResult> {
  const { pending, built } = await planUpload(ctx, opts.gstin, opts.maxBytes);
  const ext = extname(opts.outFile) || '.json';
  const stemName = basename(opts.outFile, extname(opts.outFile));
  const stem = join(dirname(opts.outFile), stemName);
  const name = (kind: 'save' | 'reset', i: number, n: number): string =>
    `${stem}${kind === 'reset' ? '-reset' : ''}${n > 1 ? `-${i + 1}` : ''}${ext}`;
  const parts: { path: string; file: UploadFile }[] = [];
  for (const [kind, list] of [
    ['save', built.save],
    ['reset', built.reset],
  ] as const) {
    for (const [i, f] of list.entries()) parts.push({ path: name(kind, i, list.length), file: f });
  }
  const files: WrittenUploadFile[] = parts.map(({ path, file: f }) => ({
    path,
    reqtyp: f.reqtyp,
    records: f.recordKeys.length,
    bytes: Buffer.byteLength(f.json),
    counts: f.counts,
    sha256: sha256(f.json),
  }));
  const manifestPath = `${stem}.manifest.json`;
  const manifest = {
    format: 'gst-ims-upload-set',
    version: 1,
    gstin: opts.gstin,
    writtenAt: ctx.now(),
    note: 'The files of one upload. Upload every file listed; a file in this folder that is not listed is not part of it.',
    files: files.map((f) => ({
      name: basename(f.path),
      reqtyp: f.reqtyp,
      records: f.records,
      bytes: f.bytes,
      sha256: f.sha256,
    })),
  };
  const partName = new RegExp(`^${escapeRegExp(stemName)}(-reset)?(-\\d+)?${escapeRegExp(ext)}$`);
  const written = await writeFileSet(
    parts.map((p) => ({ path: p.path, content: p.file.json })),
    { path: manifestPath, content: `${JSON.stringify(manifest, null, 2)}\n` },
    (n) => partName.test(n),
  );
  await logUpload(
    ctx,
    opts.gstin,
    pending,
    built,
    files.map((f) => ({ name: f.path, sha256: f.sha256 })),
    files.map((f) => f.path),
  );
  const reset = pending.filter((r) => r.state.decision.action === 'noAction').length;
  return {
    files,
    save: pending.length - reset,
    reset,
    manifest: manifestPath,
    removedStale: written.removed,
    cleanedTemporary: written.cleaned,
  };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Logs an export and each of its files with its own records (CLI and web downloads alike). */
export async function logUpload(
  ctx: AppContext,
  gstin: string,
  pending: readonly WorkspaceRecord[],
  built: { save: UploadFile[]; reset: UploadFile[] },
  named: readonly { name: string; sha256: string }[],
  labels: readonly string[],
): Promise<void> {
  const byKey = new Map(pending.map((r) => [r.record.key, r]));
  const item = (key: string): ExportItem => {
    const r = byKey.get(key) as WorkspaceRecord;
    return { recordKey: key, action: r.state.decision.action, prevStatus: r.record.portalAction };
  };
  const all = [...built.save, ...built.reset];
  const uploadFiles: UploadFileEntry[] = all.map((f, i) => ({
    name: named[i]?.name ?? `file ${i + 1}`,
    sha256: named[i]?.sha256 ?? sha256(f.json),
    reqtyp: f.reqtyp,
    bytes: Buffer.byteLength(f.json),
    items: f.recordKeys.map(item),
  }));
  await ctx.store.logExport(
    gstin,
    ctx.now(),
    ctx.user,
    labels,
    pending.map((r) => item(r.record.key)),
    uploadFiles,
  );
}
