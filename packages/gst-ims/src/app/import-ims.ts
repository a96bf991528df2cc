import type { DownloadScope, Issue, PortalRecord, Section } from '../core/index.js';
import {
  BadInputError,
  SECTIONS,
  auditSource,
  checkGstin,
  markGone,
  mergeIncoming,
  beginImsDownload,
  normaliseGstin,
} from '../core/index.js';
import type { ImsDownloadParser, MergeSummary, ParsedDownload } from '../core/index.js';
import type { ScannedDownload } from '../io/index.js';
import { rangeIsBlank, readSectionRecords, scanImsDownload } from '../io/index.js';
import type { WorkspaceStore } from '../store/index.js';
import type { AppContext } from './context.js';

export interface ImportImsResult {
  readonly gstin: string;
  readonly file: string;
  readonly records: number;
  readonly counts: Record<Section, number>;
  readonly summary: MergeSummary;
  readonly flaggedKeys: string[];
  /** Records whose decision the portal held and that a supplier edit returned to No Action. */
  readonly decideAgainKeys: string[];
  /** Records that left this download's periods while a decision of yours waits for upload. */
  readonly goneWithDecisionKeys: string[];
  /** The return periods the download covers ("MMYYYY"); records of other periods were left as they are. */
  readonly periods: string[];
  /** The workspace did not hold this GSTIN before. */
  readonly newGstin: boolean;
  readonly warnings: Issue[];
}

export interface ImportImsOptions {
  readonly file: string;
  readonly gstin?: string | undefined;
  readonly maxBytes?: number | undefined;
  /** Take a download with no record at all as "the portal holds nothing": every record of its sections is gone. */
  readonly allowEmpty?: boolean | undefined;
}

/** Records checked and merged at a time: their objects die young (about 1 KB each). */
export const MERGE_BATCH = 10_000;
/** Outlines of held records read at a time to mark records gone. */
const OUTLINE_PAGE = 5_000;

/**
 * Reads an IMS download and merges it into the workspace in one transaction: all or nothing.
 * The records are checked and merged a batch at a time (decision 0043), so that neither the
 * download's records nor the workspace's are held whole: a bad record found late, or a stop
 * half-way, rolls the transaction back and leaves the workspace as it was.
 */
export async function importIms(ctx: AppContext, opts: ImportImsOptions): Promise<ImportImsResult> {
  ctx.progress?.('reading the download', 0, 1);
  const download = await openImsDownload(opts.file, opts.gstin, opts.maxBytes);
  const { name, parser } = download;
  const gstin = parser.recipientGstin === null ? null : normaliseGstin(parser.recipientGstin);
  if (gstin === null) {
    throw new BadInputError(
      `${name}: the file does not name the recipient GSTIN; give it with --gstin`,
      { file: opts.file, field: 'gstin' },
    );
  }
  const check = checkGstin(gstin);
  if (!check.ok && check.code !== 'GSTIN_CHECKSUM') {
    throw new BadInputError(`${name}: recipient GSTIN: ${check.message}`, {
      file: opts.file,
      field: 'gstin',
    });
  }
  // The parser words the recipient's own check while it reads the envelope, before any record.
  const recipientWarning: Issue | null =
    !check.ok && !parser.warnings.some((w) => w.code === 'GSTIN_CHECKSUM' && w.recordKey === null)
      ? {
          code: 'GSTIN_CHECKSUM',
          severity: 'warning',
          recordKey: null,
          field: 'gstin',
          message: check.message,
        }
      : null;
  const present = new Set<Section>(SECTIONS.filter((s) => sectionPresent(download.data, s)));
  // A download that holds no record is read whole first (there is nothing to hold), so that it
  // is refused, or its sections' faults named, before the workspace is opened.
  let early: PortalRecord[] | null = null;
  if (download.maybeEmpty) {
    early = [];
    for await (const batch of download.batches) for (const r of batch) early.push(r);
    if (early.length === 0 && opts.allowEmpty !== true) {
      throw new BadInputError(
        `${name}: the download holds no record in any section; importing it would mark every record of ${[...present].join(', ') || 'its sections'} as gone. If the portal really holds nothing, import it again with --allow-empty`,
        { file: opts.file, field: 'records' },
      );
    }
  }
  ctx.progress?.('reading the download', 1, 1);
  ctx.progress?.('writing the workspace', 0, download.estimate);

  const imported = await ctx.store.transaction(async (tx) => {
    const heldInfo = await tx.listGstins();
    const held = heldInfo.map((g) => g.gstin);
    const newGstin = !held.includes(gstin);
    if (
      newGstin &&
      held.length > 0 &&
      (opts.gstin === undefined || normaliseGstin(opts.gstin) !== gstin)
    ) {
      throw new BadInputError(
        `${name}: the download is for GSTIN ${gstin}, which this workspace does not hold (it holds ${held.join(', ')}). To add ${gstin} to this workspace, import again with --gstin ${gstin}; or use another workspace (--db).`,
        { file: opts.file, field: 'gstin' },
      );
    }
    await tx.ensureGstin(gstin, ctx.now());
    const holdsRecords = (heldInfo.find((g) => g.gstin === gstin)?.records ?? 0) > 0;
    // The records this import adds get greater ids: marking gone reads only those held before.
    const heldThrough = holdsRecords ? await tx.lastRecordId() : 0;
    const merge = new BatchMerge(ctx, tx, gstin, name, heldThrough, download.estimate);
    const batches: AsyncIterable<PortalRecord[]> | Iterable<PortalRecord[]> =
      early === null ? download.batches : [early];
    for await (const batch of batches) {
      await merge.add(batch);
      // The last batch is reported once the whole import is done.
      if (merge.records < download.estimate)
        ctx.progress?.('writing the workspace', merge.records, download.estimate);
    }
    const parsed = parser.finish();
    if (merge.records === 0 && opts.allowEmpty !== true) {
      throw new BadInputError(
        `${name}: the download holds no record in any section; importing it would mark every record of ${[...present].join(', ') || 'its sections'} as gone. If the portal really holds nothing, import it again with --allow-empty`,
        { file: opts.file, field: 'records' },
      );
    }
    // An empty download taken on purpose covers its sections whole; otherwise its periods bound "gone".
    const scope: DownloadScope = {
      sections: present,
      periods: merge.records === 0 ? null : merge.periods,
    };
    if (holdsRecords) await merge.markGone(scope);
    if (merge.indexesDropped) await tx.buildPageIndexes();
    const warnings = [...parsed.warnings];
    if (recipientWarning !== null) warnings.push(recipientWarning);
    for (const key of merge.goneWithDecisionKeys) {
      warnings.push({
        code: 'GONE_NOT_UPLOADED',
        severity: 'error',
        recordKey: key,
        field: null,
        message: `${key}: left the portal's download of its period while your decision waits for upload; it cannot be uploaded (reset it, or import a download that holds it)`,
      });
    }
    const summary = merge.summary();
    const result: ImportImsResult = {
      gstin,
      file: name,
      records: merge.records,
      counts: parsed.counts,
      summary,
      flaggedKeys: merge.flaggedKeys,
      decideAgainKeys: merge.decideAgainKeys,
      goneWithDecisionKeys: merge.goneWithDecisionKeys,
      periods: [...merge.periods].sort(),
      newGstin: newGstin && held.length > 0,
      warnings,
    };
    await tx.logImport({
      gstin,
      kind: 'ims',
      file: name,
      at: ctx.now(),
      user: ctx.user,
      summary: { records: result.records, ...summary },
    });
    return result;
  });
  ctx.progress?.('writing the workspace', imported.records, imported.records);
  return imported;
}

/**
 * The merge of one download, a batch of records at a time (mergeIncoming), then the records it
 * no longer holds a page of outlines at a time (markGone): the rules of mergeDownload, which
 * give the same whether the download is merged whole or in parts.
 */
class BatchMerge {
  records = 0;
  readonly periods = new Set<string>();
  readonly flaggedKeys: string[] = [];
  readonly decideAgainKeys: string[] = [];
  readonly goneWithDecisionKeys: string[] = [];
  /** The grid's page indexes were dropped for this import's rows: build them at its end. */
  indexesDropped = false;
  /** Whether to drop the page indexes was asked (at the first batch with new records). */
  private indexesAsked = false;
  /** The key of every record of the download (a record not in it may be gone). */
  private readonly seen = new Set<string>();
  private inserted = 0;
  private updated = 0;
  private unchanged = 0;
  private returned = 0;
  private gone = 0;
  private auditAt: string | null = null;

  constructor(
    private readonly ctx: AppContext,
    private readonly tx: WorkspaceStore,
    private readonly gstin: string,
    private readonly file: string,
    /**
     * The greatest id of the records held before the import (0 for a GSTIN new to the
     * workspace: nothing to look up, nothing to mark gone).
     */
    private readonly heldThrough: number,
    /** Records in the download as its scan counts them. */
    private readonly estimate: number,
  ) {}

  async add(batch: readonly PortalRecord[]): Promise<void> {
    const { tx, gstin } = this;
    for (const r of batch) if (r.returnPeriod !== null) this.periods.add(r.returnPeriod);
    const stored =
      this.heldThrough > 0
        ? await tx.loadRecordsByKeys(
            gstin,
            batch.map((r) => r.key),
            { remember: false },
          )
        : [];
    const m = mergeIncoming(new Map(stored.map((r) => [r.record.key, r])), batch, this.seen);
    if (!this.indexesAsked && m.inserts.length > 0) {
      // Many new records go in faster without the grid's page indexes, built once after them
      // (decisions 0051, 0058): the store decides from how many this import will add, taken
      // from this first batch with new records (the rest of the download in the same share).
      this.indexesAsked = true;
      const rest = Math.max(batch.length, this.estimate - this.records);
      const adding = this.inserted + Math.ceil((rest * m.inserts.length) / batch.length);
      this.indexesDropped = await tx.dropPageIndexesForImport(adding);
    }
    await tx.insertRecords(gstin, m.inserts);
    await tx.updateRecords(gstin, m.updates);
    if (m.portalResets.length > 0) {
      // The decision the portal held stays in the record's history, with what happened to it.
      const at = (this.auditAt ??= this.ctx.now());
      await tx.appendAudit(
        m.portalResets.map((r) => ({
          at,
          user: this.ctx.user,
          gstin,
          recordKey: r.key,
          fromAction: r.before.action,
          toAction: 'noAction',
          remark: r.before.remark,
          itcReduction: r.before.itcReduction,
          source: auditSource.import(
            this.file,
            'the supplier changed the document; the portal returned it to No Action',
          ),
        })),
      );
    }
    for (const k of m.flaggedKeys) this.flaggedKeys.push(k);
    for (const r of m.portalResets) this.decideAgainKeys.push(r.key);
    this.records += batch.length;
    this.inserted += m.inserts.length;
    this.updated += m.updated;
    this.unchanged += m.unchanged;
    this.returned += m.returned;
  }

  /** Marks gone the held records of the download's scope that it does not hold. */
  async markGone(scope: DownloadScope): Promise<void> {
    for (let after = 0; ;) {
      const page = await this.tx.loadRecordOutlinePage(
        this.gstin,
        after,
        OUTLINE_PAGE,
        this.heldThrough,
      );
      const g = markGone(page.outlines, this.seen, scope);
      await this.tx.updateStates(this.gstin, g.goneStates);
      for (const k of g.goneWithDecisionKeys) this.goneWithDecisionKeys.push(k);
      this.gone += g.goneStates.length;
      if (page.lastId === null) break;
      after = page.lastId;
    }
  }

  summary(): MergeSummary {
    return {
      new: this.inserted,
      updated: this.updated,
      unchanged: this.unchanged,
      flagged: this.flaggedKeys.length,
      gone: this.gone,
      returned: this.returned,
      decideAgain: this.decideAgainKeys.length,
      goneWithDecision: this.goneWithDecisionKeys.length,
    };
  }
}

/** A download opened for a streamed read: its envelope read, its records to come. */
interface OpenedDownload {
  readonly data: unknown;
  readonly name: string;
  readonly parser: ImsDownloadParser;
  /** The checked records, about MERGE_BATCH at a time, in the parser's order. */
  readonly batches: AsyncGenerator<PortalRecord[]>;
  /** Records in the file as the scan counts them (for progress). */
  readonly estimate: number;
  /** Every section is empty, null or not an array (no record to hold): read it whole. */
  readonly maybeEmpty: boolean;
}

async function openImsDownload(
  file: string,
  gstin?: string,
  maxBytes?: number,
  batch?: number,
  mergeBatch = MERGE_BATCH,
): Promise<OpenedDownload> {
  const scanned = await scanImsDownload(file, { maxBytes });
  const parser = beginImsDownload(
    scanned.data,
    gstin === undefined ? { file: scanned.name } : { file: scanned.name, gstin },
  );
  let estimate = 0;
  let maybeEmpty = true;
  for (const s of parser.sections) {
    if (!Array.isArray(s.list)) continue;
    const range = scanned.ranges.get(s.list);
    if (range === undefined) {
      estimate += s.list.length;
      if (s.list.length > 0) maybeEmpty = false;
    } else {
      estimate += range.cuts.length + 1;
      if (maybeEmpty && !(await rangeIsBlank(file, range))) maybeEmpty = false;
    }
  }
  return {
    data: scanned.data,
    name: scanned.name,
    parser,
    batches: checkedBatches(file, scanned, parser, batch, mergeBatch),
    estimate,
    maybeEmpty,
  };
}

/** Each section's records read and checked through the one parser, handed on in batches. */
async function* checkedBatches(
  file: string,
  scanned: ScannedDownload,
  parser: ImsDownloadParser,
  batch: number | undefined,
  mergeBatch: number,
): AsyncGenerator<PortalRecord[]> {
  let pending = 0;
  for (const s of parser.sections) {
    const list = parser.startSection(s);
    const range = scanned.ranges.get(list);
    let count = 0;
    if (range === undefined) {
      for (; count < list.length; count++) {
        parser.addRecord(list[count], count);
        if (++pending >= mergeBatch) {
          pending = 0;
          yield parser.takeRecords();
        }
      }
    } else {
      for await (const records of readSectionRecords(file, range, batch)) {
        for (const raw of records) parser.addRecord(raw, count++);
        pending += records.length;
        if (pending >= mergeBatch) {
          pending = 0;
          yield parser.takeRecords();
        }
      }
    }
    parser.endSection(s, count);
  }
  const rest = parser.takeRecords();
  if (rest.length > 0) yield rest;
}

/**
 * The download's envelope, then each section's records a batch at a time through the one
 * record parser; all the checked records are returned (the import merges them as they come).
 */
export async function readImsDownload(
  file: string,
  gstin?: string,
  maxBytes?: number,
  batch?: number,
): Promise<{ data: unknown; name: string; parsed: ParsedDownload }> {
  const download = await openImsDownload(file, gstin, maxBytes, batch);
  const records: PortalRecord[] = [];
  for await (const b of download.batches) for (const r of b) records.push(r);
  const parsed = download.parser.finish();
  return { data: download.data, name: download.name, parsed: { ...parsed, records } };
}

/** A section counts as present when the file carries its key, even as an empty list. */
function sectionPresent(data: unknown, s: Section): boolean {
  if (typeof data !== 'object' || data === null) return false;
  const obj = data as Record<string, unknown>;
  const inner = [obj, obj.imsDetails, obj.data].filter(
    (x): x is Record<string, unknown> => typeof x === 'object' && x !== null,
  );
  return inner.some((o) => Object.keys(o).some((k) => k.toLowerCase() === s));
}
