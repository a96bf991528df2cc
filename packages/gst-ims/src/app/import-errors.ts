import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Issue, PortalErrorEntry, WorkspaceRecord } from '../core/index.js';
import { BadInputError, parseErrorReport } from '../core/index.js';
import { readJsonFile } from '../io/index.js';
import type {
  ExportItem,
  UploadFileInfo,
  UploadFileStatus,
  WorkspaceStore,
} from '../store/index.js';
import type { AppContext } from './context.js';

export interface ImportErrorsResult {
  readonly file: string;
  readonly statusCode: string | null;
  /** The upload file the answer belongs to, and what it now says of it; null for a workspace that recorded no files. */
  readonly uploadFile: {
    readonly id: number;
    readonly name: string;
    readonly status: UploadFileStatus;
    readonly records: number;
    readonly answeredBefore: string | null;
  } | null;
  /** Records now carrying the portal's error. */
  readonly marked: { recordKey: string; code: string | null; message: string }[];
  /** Error entries that name no record in the workspace. */
  readonly unmatched: PortalErrorEntry[];
  /** Uploaded records the portal accepted: their portal baseline now holds the uploaded decision. */
  readonly confirmed: number;
  readonly warnings: Issue[];
}

export interface ImportErrorsOptions {
  /** The upload file (path or name) the answer belongs to, when it cannot be told from the answer. */
  readonly forFile?: string | undefined;
}

type Index = Map<string, WorkspaceRecord[]>;

/**
 * Reads the portal's answer to one upload file. The answer confirms only the file it answers:
 * after P or PE, that file's records not in the error list take the uploaded decision as their
 * portal baseline; the listed ones are marked and stay in the next upload; after ER every record
 * of the file is marked. Which file: `forFile`, else the one holding every record the answer
 * names, else the only file still waiting for an answer; when that is not one file, the answer
 * is refused with the candidates named.
 */
export async function importErrors(
  ctx: AppContext,
  gstin: string,
  file: string,
  opts: ImportErrorsOptions = {},
): Promise<ImportErrorsResult> {
  const { data, name } = await readJsonFile(file);
  const report = parseErrorReport(data, name);
  const forHash = opts.forFile === undefined ? null : await hashIfFile(opts.forFile);
  return ctx.store.transaction(async (tx) => {
    const rows = await tx.loadRecords(gstin);
    const index: Index = new Map();
    for (const r of rows) {
      const k = lookupKey(r.record.section, r.record.supplierGstin, r.record.docNumber);
      const list = index.get(k);
      if (list) list.push(r);
      else index.set(k, [r]);
    }
    const files = await tx.listUploadFiles(gstin);
    const target =
      files.length === 0
        ? null
        : await pickFile(tx, files, report, index, name, opts.forFile, forHash);
    const items: ExportItem[] =
      target !== null ? target.items : ((await tx.lastExport(gstin))?.items ?? []);
    const exported = new Set(items.map((i) => i.recordKey));
    const errored = new Map<string, { code: string | null; message: string }>();
    const unmatched: PortalErrorEntry[] = [];
    for (const e of report.entries) {
      const candidates = index.get(lookupKey(e.section, e.supplierGstin, e.docNumber)) ?? [];
      const narrowed = narrow(candidates, e, exported);
      if (narrowed.length === 0) unmatched.push(e);
      for (const r of narrowed) errored.set(r.record.key, { code: e.code, message: e.message });
    }
    const status = report.statusCode;
    const processed =
      status === 'P' || status === 'PE' || (status === null && report.entries.length > 0);
    const byKey = new Map(rows.map((r) => [r.record.key, r]));
    const updates = new Map<string, WorkspaceRecord>();
    let confirmed = 0;
    if (processed) {
      for (const item of items) {
        const r = byKey.get(item.recordKey);
        if (!r || errored.has(item.recordKey) || r.record.portalAction !== item.prevStatus)
          continue;
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
    } else if (status === 'ER' && target !== null) {
      // Refused whole: every record of the file carries the portal's reason and stays in the next upload.
      const why =
        report.warnings.find((w) => w.code === 'UPLOAD_REJECTED_WHOLE')?.message ??
        'the portal refused the whole upload (status ER)';
      for (const item of items)
        if (!errored.has(item.recordKey) && byKey.has(item.recordKey))
          errored.set(item.recordKey, { code: 'ER', message: why.replace(`${name}: `, '') });
    }
    for (const [key, err] of errored) {
      const r = updates.get(key) ?? byKey.get(key);
      if (r) updates.set(key, { record: r.record, state: { ...r.state, portalError: err } });
    }
    await tx.updateRecords(gstin, [...updates.values()]);
    const marked = [...errored].map(([recordKey, e]) => ({ recordKey, ...e }));
    let uploadFile: ImportErrorsResult['uploadFile'] = null;
    if (target !== null) {
      const fileStatus = answerStatus(status, errored.size, processed);
      if (fileStatus !== null)
        await tx.setUploadFileAnswer(target.info.id, {
          status: fileStatus,
          at: ctx.now(),
          file: name,
          failed: errored.size,
        });
      uploadFile = {
        id: target.info.id,
        name: target.info.name,
        status: fileStatus ?? target.info.status,
        records: target.info.records,
        answeredBefore: target.info.answeredAt,
      };
    }
    await tx.logImport({
      gstin,
      kind: 'errors',
      file: name,
      at: ctx.now(),
      user: ctx.user,
      summary: {
        statusCode: status,
        uploadFile: uploadFile?.name ?? null,
        marked: marked.length,
        unmatched: unmatched.length,
        confirmed,
      },
    });
    const warnings = [...report.warnings];
    if (files.length === 0) {
      warnings.push({
        code: 'NO_UPLOAD_FILES_RECORDED',
        severity: 'warning',
        recordKey: null,
        field: null,
        message: `${name}: this workspace recorded no upload files (exported before files were tracked); the answer was read against the last export as a whole`,
      });
    }
    return { file: name, statusCode: status, uploadFile, marked, unmatched, confirmed, warnings };
  });
}

/** IP changes nothing; ER refuses the file; P/PE accept it, partly when records failed. */
function answerStatus(
  status: string | null,
  failed: number,
  processed: boolean,
): UploadFileStatus | null {
  if (status === 'ER') return 'failed';
  if (!processed) return null;
  return failed > 0 ? 'partlyFailed' : 'accepted';
}

async function hashIfFile(path: string): Promise<string | null> {
  try {
    return createHash('sha256')
      .update(await readFile(path))
      .digest('hex');
  } catch {
    return null;
  }
}

function describe(f: UploadFileInfo): string {
  return `${f.name} (${f.reqtyp}, ${f.records} record${f.records === 1 ? '' : 's'}, written ${f.at.slice(0, 16).replace('T', ' ')}, ${f.status === 'unanswered' ? 'not yet answered' : `answered: ${f.status}`})`;
}

async function pickFile(
  tx: WorkspaceStore,
  files: readonly UploadFileInfo[],
  report: ReturnType<typeof parseErrorReport>,
  index: Index,
  answerName: string,
  forFile: string | undefined,
  forHash: string | null,
): Promise<{ info: UploadFileInfo; items: ExportItem[] }> {
  const load = async (info: UploadFileInfo) => ({ info, items: await tx.uploadFileItems(info.id) });
  if (forFile !== undefined) {
    const byHash = forHash === null ? [] : files.filter((f) => f.sha256 === forHash);
    const byName = files.filter(
      (f) => f.name === forFile || basename(f.name) === basename(forFile),
    );
    const hit = byHash[0] ?? byName[0];
    if (hit === undefined) {
      throw new BadInputError(
        `${answerName}: --for ${forFile}: no upload file of this workspace has that name${forHash === null ? '' : ' or content'}; its upload files are: ${files.slice(0, 10).map(describe).join('; ')}`,
        { field: 'for' },
      );
    }
    return load(hit);
  }
  const transTyp = report.transTypCd;
  const kinds = files.filter(
    (f) => transTyp === null || (transTyp === 'SAV' ? f.reqtyp === 'SAVE' : f.reqtyp === 'RESET'),
  );
  if (report.entries.length > 0) {
    const named = report.entries.map(
      (e) =>
        new Set(
          (index.get(lookupKey(e.section, e.supplierGstin, e.docNumber)) ?? []).map(
            (r) => r.record.key,
          ),
        ),
    );
    const holders = async (infos: readonly UploadFileInfo[]) => {
      const out: { info: UploadFileInfo; items: ExportItem[] }[] = [];
      for (const info of infos) {
        const f = await load(info);
        const keys = new Set(f.items.map((i) => i.recordKey));
        if (named.every((alternatives) => [...alternatives].some((k) => keys.has(k)))) out.push(f);
      }
      return out;
    };
    // Files still waiting first: answered ones (months of them) are read only when none holds the records.
    const open = await holders(kinds.filter((f) => f.status === 'unanswered'));
    const pool =
      open.length > 0 ? open : await holders(kinds.filter((f) => f.status !== 'unanswered'));
    if (pool.length === 1 && pool[0] !== undefined) return pool[0];
    if (pool.length === 0) {
      throw new BadInputError(
        `${answerName}: the answer names records that are not all in one upload file of this workspace, so it cannot be told which file it answers; give it with --for FILE. Files: ${kinds.slice(0, 10).map(describe).join('; ')}`,
        { field: 'for' },
      );
    }
    throw new BadInputError(
      `${answerName}: the records this answer names are in ${pool.length} upload files, so it cannot be told which one it answers; give it with --for FILE. Candidates: ${pool.map((f) => describe(f.info)).join('; ')}`,
      { field: 'for' },
    );
  }
  const open = kinds.filter((f) => f.status === 'unanswered');
  if (open.length === 1 && open[0] !== undefined) return load(open[0]);
  if (open.length === 0) {
    throw new BadInputError(
      `${answerName}: the answer names no record, and no upload file waits for an answer; give the file it answers with --for FILE. Files: ${kinds.slice(0, 10).map(describe).join('; ')}`,
      { field: 'for' },
    );
  }
  throw new BadInputError(
    `${answerName}: the answer names no record and ${open.length} upload files wait for an answer, so it cannot be told which one it answers; give it with --for FILE. Candidates: ${open.map(describe).join('; ')}`,
    { field: 'for' },
  );
}

function lookupKey(section: string, supplier: string, docNumber: string): string {
  return `${section}|${supplier.trim().toUpperCase()}|${docNumber.trim().toUpperCase()}`;
}

/** The same number can exist in two fiscal years: prefer the return period, then the upload file's records. */
function narrow(
  candidates: WorkspaceRecord[],
  e: PortalErrorEntry,
  exported: ReadonlySet<string>,
): WorkspaceRecord[] {
  if (candidates.length <= 1) return candidates;
  const byPeriod =
    e.returnPeriod === null
      ? candidates
      : candidates.filter((c) => c.record.returnPeriod === e.returnPeriod);
  if (byPeriod.length === 1) return byPeriod;
  const pool = byPeriod.length > 0 ? byPeriod : candidates;
  const uploaded = pool.filter((c) => exported.has(c.record.key));
  return uploaded.length > 0 ? uploaded : pool;
}

export { UPLOAD_FILE_STATUS_WORDS } from '../core/index.js';
