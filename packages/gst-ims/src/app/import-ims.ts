import type { DownloadScope, Issue, MergeSummary, Section } from '../core/index.js';
import {
  BadInputError,
  SECTIONS,
  auditSource,
  checkGstin,
  mergeDownload,
  beginImsDownload,
  normaliseGstin,
} from '../core/index.js';
import type { ParsedDownload } from '../core/index.js';
import { readSectionRecords, scanImsDownload } from '../io/index.js';
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

/**
 * Reads and checks every record of an IMS download first (streamed: the file is never held
 * whole), then merges it in one transaction: all or nothing.
 */
export async function importIms(ctx: AppContext, opts: ImportImsOptions): Promise<ImportImsResult> {
  ctx.progress?.('reading the download', 0, 1);
  const { data, name, parsed } = await readImsDownload(opts.file, opts.gstin, opts.maxBytes);
  const gstin = parsed.recipientGstin === null ? null : normaliseGstin(parsed.recipientGstin);
  if (gstin === null) {
    throw new BadInputError(
      `${name}: the file does not name the recipient GSTIN; give it with --gstin`,
      { file: opts.file, field: 'gstin' },
    );
  }
  const warnings = [...parsed.warnings];
  const check = checkGstin(gstin);
  if (!check.ok && check.code !== 'GSTIN_CHECKSUM') {
    throw new BadInputError(`${name}: recipient GSTIN: ${check.message}`, {
      file: opts.file,
      field: 'gstin',
    });
  }
  if (!check.ok && !warnings.some((w) => w.code === 'GSTIN_CHECKSUM' && w.recordKey === null)) {
    warnings.push({
      code: 'GSTIN_CHECKSUM',
      severity: 'warning',
      recordKey: null,
      field: 'gstin',
      message: check.message,
    });
  }
  const present = new Set<Section>(SECTIONS.filter((s) => sectionPresent(data, s)));
  const periods = new Set<string>();
  for (const r of parsed.records) if (r.returnPeriod !== null) periods.add(r.returnPeriod);
  if (parsed.records.length === 0 && opts.allowEmpty !== true) {
    throw new BadInputError(
      `${name}: the download holds no record in any section; importing it would mark every record of ${[...present].join(', ') || 'its sections'} as gone. If the portal really holds nothing, import it again with --allow-empty`,
      { file: opts.file, field: 'records' },
    );
  }
  // An empty download taken on purpose covers its sections whole; otherwise its periods bound "gone".
  const scope: DownloadScope = {
    sections: present,
    periods: parsed.records.length === 0 ? null : periods,
  };
  ctx.progress?.('reading the download', 1, 1);
  ctx.progress?.('writing the workspace', 0, parsed.records.length);

  const imported = await ctx.store.transaction(async (tx) => {
    const held = (await tx.listGstins()).map((g) => g.gstin);
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
    // Next month's download repeats few of the records held: those are loaded whole, the rest in
    // outline (enough to mark them gone). A re-import repeats most: one whole load is cheaper.
    const outlines = await tx.loadRecordOutlines(gstin);
    const known = new Set(outlines.map((o) => o.key));
    const repeated = parsed.records.filter((r) => known.has(r.key)).map((r) => r.key);
    const whole =
      repeated.length * 2 > outlines.length
        ? await tx.loadRecords(gstin)
        : await tx.loadRecordsByKeys(gstin, repeated);
    const existing = new Map(whole.map((r) => [r.record.key, r]));
    const merged = mergeDownload(existing, parsed.records, scope, outlines);
    await tx.insertRecords(gstin, merged.inserts);
    await tx.updateRecords(gstin, merged.updates);
    await tx.updateStates(gstin, merged.goneStates);
    if (merged.portalResets.length > 0) {
      // The decision the portal held stays in the record's history, with what happened to it.
      const at = ctx.now();
      await tx.appendAudit(
        merged.portalResets.map((r) => ({
          at,
          user: ctx.user,
          gstin,
          recordKey: r.key,
          fromAction: r.before.action,
          toAction: 'noAction',
          remark: r.before.remark,
          itcReduction: r.before.itcReduction,
          source: auditSource.import(
            name,
            'the supplier changed the document; the portal returned it to No Action',
          ),
        })),
      );
    }
    for (const key of merged.goneWithDecisionKeys) {
      warnings.push({
        code: 'GONE_NOT_UPLOADED',
        severity: 'error',
        recordKey: key,
        field: null,
        message: `${key}: left the portal's download of its period while your decision waits for upload; it cannot be uploaded (reset it, or import a download that holds it)`,
      });
    }
    const result: ImportImsResult = {
      gstin,
      file: name,
      records: parsed.records.length,
      counts: parsed.counts,
      summary: merged.summary,
      flaggedKeys: merged.flaggedKeys,
      decideAgainKeys: merged.portalResets.map((r) => r.key),
      goneWithDecisionKeys: merged.goneWithDecisionKeys,
      periods: [...periods].sort(),
      newGstin: newGstin && held.length > 0,
      warnings,
    };
    await tx.logImport({
      gstin,
      kind: 'ims',
      file: name,
      at: ctx.now(),
      user: ctx.user,
      summary: { records: result.records, ...merged.summary },
    });
    return result;
  });
  ctx.progress?.('writing the workspace', parsed.records.length, parsed.records.length);
  return imported;
}

/**
 * The download's envelope, then each section's records a batch at a time through the one
 * record parser; only the checked records are kept.
 */
export async function readImsDownload(
  file: string,
  gstin?: string,
  maxBytes?: number,
  batch?: number,
): Promise<{ data: unknown; name: string; parsed: ParsedDownload }> {
  const scanned = await scanImsDownload(file, { maxBytes });
  const parser = beginImsDownload(
    scanned.data,
    gstin === undefined ? { file: scanned.name } : { file: scanned.name, gstin },
  );
  for (const s of parser.sections) {
    const list = parser.startSection(s);
    const range = scanned.ranges.get(list);
    let count = 0;
    if (range === undefined) {
      for (; count < list.length; count++) parser.addRecord(list[count], count);
    } else {
      for await (const records of readSectionRecords(file, range, batch)) {
        for (const raw of records) parser.addRecord(raw, count++);
      }
    }
    parser.endSection(s, count);
  }
  return { data: scanned.data, name: scanned.name, parsed: parser.finish() };
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
