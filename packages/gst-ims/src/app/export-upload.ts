import { createHash } from 'node:crypto';
import { dirname, basename, extname, join } from 'node:path';
import type { Section, UploadFile, UploadItem, WorkspaceRecord } from '../core/index.js';
import {
  NothingToDoError,
  RefusedError,
  SECTIONS,
  UploadPacker,
  buildUploadFiles,
  checkUploadInput,
} from '../core/index.js';
import { FileSetWriter } from '../io/index.js';
import type { ExportItem, UploadFileEntry, UploadPlanRow } from '../store/index.js';
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
 * Records read back at a time while the upload is written: few enough that they die young
 * (a page that outlives a collection is copied to the old generation, and grows the heap).
 */
const WRITE_PAGE = 900;

/**
 * Writes the SAVE file(s), RESET file(s) beside them and a manifest naming the set, as one set
 * (FileSetWriter): parts of an earlier export under the same name that this one does not have
 * are removed, so the folder never holds a stale part contradicting the workspace. Logs the
 * export with each file's records and sha256, so that the portal's answer confirms only its own
 * file. Streamed (decisions 0043, 0051): the upload candidates are listed without their
 * descriptions and sorted into the upload's order; each record is then read once, checked and
 * packed, and each file's text written as it is made. The files are the ones planUpload builds,
 * byte for byte; a plan that breaks the portal's rules is refused by planUpload itself, in its
 * words, and nothing is written.
 */
export async function exportUpload(
  ctx: AppContext,
  opts: ExportUploadOptions,
): Promise<ExportUploadResult> {
  const maxBytes = opts.maxBytes ?? DEFAULT_UPLOAD_MAX_BYTES;
  const plan = await planRows(ctx, opts.gstin);
  if (plan.length === 0)
    throw new NothingToDoError(
      'nothing to upload: every local decision matches what the portal holds',
    );
  let rtin: string;
  try {
    rtin = checkUploadInput(opts.gstin, maxBytes);
  } catch (e) {
    // The plan's refusals come first, as buildUploadFiles checks its input after them.
    await planUpload(ctx, opts.gstin, opts.maxBytes);
    throw e;
  }
  const ext = extname(opts.outFile) || '.json';
  const stemName = basename(opts.outFile, extname(opts.outFile));
  const stem = join(dirname(opts.outFile), stemName);
  const name = (kind: 'save' | 'reset', i: number, n: number): string =>
    `${stem}${kind === 'reset' ? '-reset' : ''}${n > 1 ? `-${i + 1}` : ''}${ext}`;
  const manifestPath = `${stem}.manifest.json`;
  const partName = new RegExp(`^${escapeRegExp(stemName)}(-reset)?(-\\d+)?${escapeRegExp(ext)}$`);
  const writer = await FileSetWriter.open(manifestPath, (n) => partName.test(n));
  try {
    const today = todayOf(ctx);
    const parts: (WrittenUploadFile & { kind: 'save' | 'reset'; index: number })[] = [];
    const items: ExportItem[] = [];
    // Each packed record's item at its place in the plan: the export's list in upload order.
    const planned: (ExportItem | undefined)[] = new Array<ExportItem | undefined>(plan.length);
    let refused = false;
    for (const [kind, reqtyp] of [
      ['save', 'SAVE'],
      ['reset', 'RESET'],
    ] as const) {
      const isReset = reqtyp === 'RESET';
      const packer = new UploadPacker(rtin, reqtyp, maxBytes, (t) => Buffer.byteLength(t, 'utf8'));
      let index = 0;
      let open = false;
      const drain = async (): Promise<void> => {
        for (const piece of packer.take()) {
          if (piece.kind === 'text') {
            if (!open) await writer.begin(name(kind, index, 2));
            open = true;
            await writer.write(piece.text);
            continue;
          }
          const written = await writer.end();
          open = false;
          parts.push({
            kind,
            index: index++,
            path: '',
            reqtyp,
            records: piece.recordKeys.length,
            bytes: written.bytes,
            counts: piece.counts,
            sha256: written.sha256,
          });
        }
      };
      for (const section of SECTIONS) {
        if (refused) break;
        const slots: number[] = [];
        for (let i = 0; i < plan.length; i++) {
          const row = plan[i] as UploadPlanRow;
          if (row.section === section && (row.action === 'noAction') === isReset) slots.push(i);
        }
        for (let i = 0; i < slots.length && !refused; i += WRITE_PAGE) {
          const page = slots.slice(i, i + WRITE_PAGE);
          const records = await readBack(ctx, opts.gstin, plan, page);
          const pending = pendingUpload(records.map((r) => r.record));
          if (validatePending(pending, today).some((x) => x.severity === 'error')) {
            refused = true;
            break;
          }
          const keep = new Set(pending);
          const out: UploadItem[] = [];
          for (const { slot, record: r } of records) {
            if (!keep.has(r)) continue;
            const item: ExportItem = {
              recordKey: r.record.key,
              action: r.state.decision.action,
              prevStatus: r.record.portalAction,
            };
            planned[slot] = item;
            items.push(item);
            out.push({ record: r.record, decision: r.state.decision });
          }
          packer.add(section, out);
          await drain();
        }
      }
      if (refused) break;
      packer.end();
      await drain();
    }
    const all = planned.filter((it): it is ExportItem => it !== undefined);
    if (refused) {
      // Worded, and its records listed, by the whole-workspace plan.
      await planUpload(ctx, opts.gstin, opts.maxBytes);
      throw new Error('planUpload did not refuse a plan that breaks the portal rules');
    }
    if (all.length === 0)
      throw new NothingToDoError(
        'nothing to upload: every local decision matches what the portal holds',
      );
    // A practice server uploads only what a reviewer approved (issue 16).
    await checkApproved(
      ctx,
      opts.gstin,
      all.map((p) => p.recordKey),
    );
    const counts = { save: 0, reset: 0 };
    for (const p of parts) counts[p.kind]++;
    const files: WrittenUploadFile[] = parts.map(({ kind, index, ...f }) => ({
      ...f,
      path: name(kind, index, counts[kind]),
    }));
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
    // Each file's records are the next ones of `items` (files are filled in that order): the
    // bookkeeping holds each item once, the files' lists being slices of it.
    let at = 0;
    const uploadFiles: UploadFileEntry[] = files.map((f) => {
      const own = items.slice(at, (at += f.records));
      return { name: f.path, sha256: f.sha256, reqtyp: f.reqtyp, bytes: f.bytes, items: own };
    });
    // Logged before the files take their names: a file that can be uploaded is always one the
    // log knows, so the portal's answer to it confirms its own records. (Renamed first, a stop
    // between the two left files whose answer was matched against the previous export.)
    await ctx.store.logExport(
      opts.gstin,
      ctx.now(),
      ctx.user,
      files.map((f) => f.path),
      all,
      uploadFiles,
    );
    const written = await writer.commit(
      files.map((f) => f.path),
      `${JSON.stringify(manifest, null, 2)}\n`,
    );
    const reset = all.filter((it) => it.action === 'noAction').length;
    return {
      files,
      save: all.length - reset,
      reset,
      manifest: manifestPath,
      removedStale: written.removed,
      cleanedTemporary: written.cleaned,
    };
  } catch (e) {
    await writer.abort();
    throw e;
  }
}

/**
 * The upload candidates, not gone, in the order planUpload lists them (loadOrder: section,
 * supplier, date, number; then id order, which the store gives them in), without a
 * description read.
 */
async function planRows(ctx: AppContext, gstin: string): Promise<UploadPlanRow[]> {
  // A stable sort: records of the same place stay in id order.
  return (await ctx.store.loadUploadPlanRows(gstin)).sort(planOrder);
}

/** loadOrder's comparison on the plan's fields. */
function planOrder(a: UploadPlanRow, b: UploadPlanRow): number {
  if (a.section !== b.section) return a.section < b.section ? -1 : 1;
  if (a.supplierGstin !== b.supplierGstin) return a.supplierGstin < b.supplierGstin ? -1 : 1;
  if (a.docDate !== b.docDate) return a.docDate < b.docDate ? -1 : 1;
  if (a.docNumber !== b.docNumber) return a.docNumber < b.docNumber ? -1 : 1;
  return 0;
}

/**
 * The planned records of a page read back, in the plan's order. A record whose decision or
 * portal status changed since it was listed (another process decided meanwhile) stops the
 * export: nothing is written, and running it again plans afresh. A record not read back is
 * not the store's to upload (a period's view leaves out the records of other periods).
 */
async function readBack(
  ctx: AppContext,
  gstin: string,
  plan: readonly UploadPlanRow[],
  slots: readonly number[],
): Promise<{ slot: number; record: WorkspaceRecord }[]> {
  const byKey = new Map(
    (
      await ctx.store.loadRecordsByKeys(
        gstin,
        slots.map((i) => (plan[i] as UploadPlanRow).key),
      )
    ).map((r) => [r.record.key, r]),
  );
  const out: { slot: number; record: WorkspaceRecord }[] = [];
  for (const slot of slots) {
    const row = plan[slot] as UploadPlanRow;
    const r = byKey.get(row.key);
    if (r === undefined) continue;
    if (
      r.state.gone ||
      r.state.decision.action !== row.action ||
      r.record.portalAction !== row.portalAction
    ) {
      throw new RefusedError(
        'the workspace changed while the upload was being written (a decision was made or a download imported meanwhile); nothing was written: run the export again',
        [
          {
            recordKey: row.key,
            code: 'CHANGED_DURING_EXPORT',
            message: `${row.key}: changed while the upload was being written`,
          },
        ],
      );
    }
    out.push({ slot, record: r });
  }
  return out;
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
