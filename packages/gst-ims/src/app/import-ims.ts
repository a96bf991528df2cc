import type { Issue, MergeSummary, Section } from '../core/index.js';
import { BadInputError, SECTIONS, checkGstin, mergeDownload, normaliseGstin, parseImsDownload } from '../core/index.js';
import { readJsonFile } from '../io/index.js';
import type { AppContext } from './context.js';

export interface ImportImsResult {
  readonly gstin: string;
  readonly file: string;
  readonly records: number;
  readonly counts: Record<Section, number>;
  readonly summary: MergeSummary;
  readonly flaggedKeys: string[];
  readonly warnings: Issue[];
}

export interface ImportImsOptions {
  readonly file: string;
  readonly gstin?: string | undefined;
  readonly maxBytes?: number | undefined;
}

/** Parses a whole IMS download first, then merges it in one transaction: all or nothing. */
export async function importIms(ctx: AppContext, opts: ImportImsOptions): Promise<ImportImsResult> {
  ctx.progress?.('reading the download', 0, 1);
  const { data, name } = await readJsonFile(opts.file, opts.maxBytes);
  const parsed = parseImsDownload(data, opts.gstin === undefined ? { file: name } : { file: name, gstin: opts.gstin });
  const gstin = parsed.recipientGstin === null ? null : normaliseGstin(parsed.recipientGstin);
  if (gstin === null) {
    throw new BadInputError(`${name}: the file does not name the recipient GSTIN; give it with --gstin`, { file: opts.file, field: 'gstin' });
  }
  const warnings = [...parsed.warnings];
  const check = checkGstin(gstin);
  if (!check.ok && check.code !== 'GSTIN_CHECKSUM') {
    throw new BadInputError(`${name}: recipient GSTIN: ${check.message}`, { file: opts.file, field: 'gstin' });
  }
  if (!check.ok && !warnings.some((w) => w.code === 'GSTIN_CHECKSUM' && w.recordKey === null)) {
    warnings.push({ code: 'GSTIN_CHECKSUM', severity: 'warning', recordKey: null, field: 'gstin', message: check.message });
  }
  const present = new Set<Section>(SECTIONS.filter((s) => sectionPresent(data, s)));
  ctx.progress?.('reading the download', 1, 1);
  ctx.progress?.('writing the workspace', 0, parsed.records.length);

  const imported = await ctx.store.transaction(async (tx) => {
    await tx.ensureGstin(gstin, ctx.now());
    const existing = new Map((await tx.loadRecords(gstin)).map((r) => [r.record.key, r]));
    const merged = mergeDownload(existing, parsed.records, present);
    await tx.insertRecords(gstin, merged.inserts);
    await tx.updateRecords(gstin, merged.updates);
    const result: ImportImsResult = {
      gstin,
      file: name,
      records: parsed.records.length,
      counts: parsed.counts,
      summary: merged.summary,
      flaggedKeys: merged.flaggedKeys,
      warnings,
    };
    await tx.logImport({ gstin, kind: 'ims', file: name, at: ctx.now(), user: ctx.user, summary: { records: result.records, ...merged.summary } });
    return result;
  });
  ctx.progress?.('writing the workspace', parsed.records.length, parsed.records.length);
  return imported;
}

/** A section counts as present when the file carries its key, even as an empty list. */
function sectionPresent(data: unknown, s: Section): boolean {
  if (typeof data !== 'object' || data === null) return false;
  const obj = data as Record<string, unknown>;
  const inner = [obj, obj.imsDetails, obj.data].filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null);
  return inner.some((o) => Object.keys(o).some((k) => k.toLowerCase() === s));
}
