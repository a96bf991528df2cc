import { createHash } from 'node:crypto';
import { dirname, basename, extname, join } from 'node:path';
import type { Action, Section, UploadFile, UploadItem, WorkspaceRecord } from '../core/index.js';
import {
  NothingToDoError,
  RefusedError,
  SECTIONS,
  UploadPacker,
  buildUploadFiles,
  checkUploadInput,
} from '../core/index.js';
import { FileSetWriter } from '../io/index.js';
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

/** Records read from the workspace at a time while the upload is planned. */
const PLAN_PAGE = 5_000;
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
 * file. Streamed (decision 0043): the decisions waiting for upload are found and checked a page
 * at a time, keeping only their keys and order; each file's text is then written as it is made,
 * from the records read back a page at a time. The files are the ones planUpload builds, byte
 * for byte.
 */
export async function exportUpload(
  ctx: AppContext,
  opts: ExportUploadOptions,
): Promise<ExportUploadResult> {
  const maxBytes = opts.maxBytes ?? DEFAULT_UPLOAD_MAX_BYTES;
  const planned = await pendingItems(ctx, opts.gstin);
  // A refusal is worded, and its records listed, by the whole-workspace plan.
  if (planned === null) {
    await planUpload(ctx, opts.gstin, opts.maxBytes);
    throw new Error('planUpload did not refuse a plan that breaks the portal rules');
  }
  if (planned.items.length === 0)
    throw new NothingToDoError(
      'nothing to upload: every local decision matches what the portal holds',
    );
  await checkApproved(
    ctx,
    opts.gstin,
    planned.items.map((p) => p.recordKey),
  );
  // Checked where buildUploadFiles checked them: after the plan's refusals.
  const rtin = checkUploadInput(opts.gstin, maxBytes);
  const ext = extname(opts.outFile) || '.json';
  const stemName = basename(opts.outFile, extname(opts.outFile));
  const stem = join(dirname(opts.outFile), stemName);
  const name = (kind: 'save' | 'reset', i: number, n: number): string =>
    `${stem}${kind === 'reset' ? '-reset' : ''}${n > 1 ? `-${i + 1}` : ''}${ext}`;
  const manifestPath = `${stem}.manifest.json`;
  const partName = new RegExp(`^${escapeRegExp(stemName)}(-reset)?(-\\d+)?${escapeRegExp(ext)}$`);
  const writer = await FileSetWriter.open(manifestPath, (n) => partName.test(n));
  try {
    const parts: (WrittenUploadFile & { kind: 'save' | 'reset'; index: number })[] = [];
    const items: ExportItem[] = [];
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
        const list = planned.items.filter(
          (it, i) => planned.sections[i] === section && (it.action === 'noAction') === isReset,
        );
        for (let i = 0; i < list.length; i += WRITE_PAGE) {
          const page = list.slice(i, i + WRITE_PAGE);
          packer.add(section, await readBack(ctx, opts.gstin, page));
          for (const it of page) items.push(it);
          await drain();
        }
      }
      packer.end();
      await drain();
    }
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
    const written = await writer.commit(
      files.map((f) => f.path),
      `${JSON.stringify(manifest, null, 2)}\n`,
    );
    // Each file's records are the next ones of `items` (files are filled in that order): the
    // bookkeeping holds each item once, the files' lists being slices of it.
    let at = 0;
    const uploadFiles: UploadFileEntry[] = files.map((f) => {
      const own = items.slice(at, (at += f.records));
      return { name: f.path, sha256: f.sha256, reqtyp: f.reqtyp, bytes: f.bytes, items: own };
    });
    await ctx.store.logExport(
      opts.gstin,
      ctx.now(),
      ctx.user,
      files.map((f) => f.path),
      planned.items,
      uploadFiles,
    );
    const reset = planned.items.filter((it) => it.action === 'noAction').length;
    return {
      files,
      save: planned.items.length - reset,
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

/** A decision waiting for upload, as the plan keeps it: its bookkeeping and its place. */
interface PlannedItem {
  readonly item: ExportItem;
  readonly section: Section;
  readonly supplier: string;
  readonly docDate: string;
  readonly docNumber: string;
  /** Its place in id order: loads list records stably sorted from id order. */
  readonly rank: number;
}

/**
 * The decisions waiting for upload in the order planUpload lists them (loadOrder), found a page
 * at a time, and the section of each; null when one breaks the portal's rules (validatePending's
 * errors).
 */
async function pendingItems(
  ctx: AppContext,
  gstin: string,
): Promise<{ items: ExportItem[]; sections: Section[] } | null> {
  const today = todayOf(ctx);
  const out: PlannedItem[] = [];
  // Suppliers and dates recur: one string each instead of one per record.
  const shared = new Map<string, string>();
  const one = (s: string): string => {
    const had = shared.get(s);
    if (had !== undefined) return had;
    shared.set(s, s);
    return s;
  };
  for (let after = 0; ;) {
    const page = await ctx.store.loadUploadCandidatePage(gstin, after, PLAN_PAGE);
    const pending = pendingUpload(page.records);
    if (validatePending(pending, today).some((i) => i.severity === 'error')) return null;
    for (const r of pending) {
      const rec = r.record;
      out.push({
        item: {
          recordKey: rec.key,
          action: ACTION_OF[r.state.decision.action],
          prevStatus: ACTION_OF[rec.portalAction],
        },
        section: SECTION_OF[rec.section],
        supplier: one(rec.supplierGstin),
        docDate: one(rec.docDate),
        docNumber: rec.docNumber,
        rank: out.length,
      });
    }
    if (page.lastId === null) break;
    after = page.lastId;
  }
  out.sort(plannedOrder);
  // The sort's fields die here: the plan keeps each record's bookkeeping and section only.
  return { items: out.map((p) => p.item), sections: out.map((p) => p.section) };
}

/** loadOrder's comparison on the plan's fields. */
function plannedOrder(a: PlannedItem, b: PlannedItem): number {
  if (a.section !== b.section) return a.section < b.section ? -1 : 1;
  if (a.supplier !== b.supplier) return a.supplier < b.supplier ? -1 : 1;
  if (a.docDate !== b.docDate) return a.docDate < b.docDate ? -1 : 1;
  if (a.docNumber !== b.docNumber) return a.docNumber < b.docNumber ? -1 : 1;
  return a.rank - b.rank;
}

const ACTION_OF: Record<Action, Action> = {
  accept: 'accept',
  reject: 'reject',
  pending: 'pending',
  noAction: 'noAction',
};
const SECTION_OF = Object.fromEntries(SECTIONS.map((s) => [s, s])) as Record<Section, Section>;

/**
 * The planned records read back, in the plan's order, for the packer. A record whose decision
 * or portal status changed since it was planned (another process decided meanwhile) stops the
 * export: nothing is written, and running it again plans afresh.
 */
async function readBack(
  ctx: AppContext,
  gstin: string,
  page: readonly ExportItem[],
): Promise<UploadItem[]> {
  const keys = page.map((it) => it.recordKey);
  const byKey = new Map(
    (await ctx.store.loadRecordsByKeys(gstin, keys)).map((r) => [r.record.key, r]),
  );
  return page.map((item) => {
    const r = byKey.get(item.recordKey);
    if (
      r === undefined ||
      r.state.gone ||
      r.state.decision.action !== item.action ||
      r.record.portalAction !== item.prevStatus
    ) {
      throw new RefusedError(
        'the workspace changed while the upload was being written (a decision was made or a download imported meanwhile); nothing was written: run the export again',
        [
          {
            recordKey: item.recordKey,
            code: 'CHANGED_DURING_EXPORT',
            message: `${item.recordKey}: changed while the upload was being written`,
          },
        ],
      );
    }
    return { record: r.record, decision: r.state.decision };
  });
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
