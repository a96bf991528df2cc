import type { IsoDate, RegisterDocument } from '../core/index.js';
import { BadInputError, UsageError } from '../core/index.js';
import type {
  ReadRegisterResult,
  RegisterBadRow,
  RegisterDocumentList,
  RegisterRowCounts,
  RegisterWarning,
  SavedRegisterMapping,
} from '../io/read-register.js';
import { formatBadRow, readRegisterList, uniqueRef } from '../io/read-register.js';
import type { AppContext } from './context.js';

export {
  parseMapOptions,
  PRESETS as REGISTER_PRESETS,
  REGISTER_FIELDS,
  FIELD_LABELS as REGISTER_FIELD_LABELS,
  formatBadRow,
} from '../io/read-register.js';
export type { RegisterBadRow, RegisterRowCounts, RegisterWarning } from '../io/read-register.js';

/** The settings name under which a GSTIN's register layout choices (preset, --map) are kept. */
export const REGISTER_MAPPING_SETTING = 'register.mapping';

/** Progress phases of a register import (AppContext.progress): rows read, documents written. */
const PHASE_READ = 'reading register rows';
const PHASE_WRITE = 'writing register documents';

export interface ImportRegisterOptions {
  readonly gstin: string;
  readonly file: string;
  readonly preset?: string | undefined;
  /** header -> field, from --map. */
  readonly map?: Readonly<Record<string, string>> | undefined;
  readonly strict?: boolean | undefined;
  /** The period the file covers; default: its earliest and latest document dates. */
  readonly from?: IsoDate | undefined;
  readonly to?: IsoDate | undefined;
  readonly maxBytes?: number | undefined;
}

export interface ImportRegisterResult {
  readonly gstin: string;
  readonly file: string;
  readonly importId: number;
  readonly documents: number;
  readonly rows: number;
  readonly skippedRows: number;
  /** Where every row below the header went (documents counts those read, in the period or not). */
  readonly counts: RegisterRowCounts;
  readonly badRows: RegisterBadRow[];
  readonly warnings: RegisterWarning[];
  readonly mapping: ReadRegisterResult['mapping'];
  readonly headerRow: number;
  readonly preset: string;
  readonly sheet: string | null;
  readonly encoding: string | null;
  readonly delimiter: string | null;
  readonly periodFrom: IsoDate;
  readonly periodTo: IsoDate;
  /** Documents of an earlier import dated in the period, replaced. */
  readonly replaced: number;
  /** Documents of earlier imports outside the period, kept. */
  readonly kept: number;
  /** Documents of the file outside a given --from/--to period, left out. */
  readonly outsidePeriod: number;
  /** Manual links and unlinks whose register document was replaced by a different one. */
  readonly droppedLinks: { recordKey: string; registerRef: string; kind: string }[];
}

/**
 * Reads a purchase register and replaces the GSTIN's register for the period the file covers,
 * in one transaction: a file that fails (or a --strict file with a bad row) changes nothing.
 * Decisions are never touched; saved match results are cleared (they name old documents).
 */
export async function importRegister(
  ctx: AppContext,
  opts: ImportRegisterOptions,
): Promise<ImportRegisterResult> {
  const gstin = opts.gstin;
  if (opts.from !== undefined && opts.to !== undefined && opts.from > opts.to)
    throw new UsageError('--from is after --to');
  const savedText = await ctx.store.getSetting(gstin, REGISTER_MAPPING_SETTING);
  const savedMapping = parseSaved(savedText);
  const progress = ctx.progress;
  // The reader hands back the whole file at once: the bar says what is happening, then how many rows.
  progress?.(PHASE_READ, 0, 0);
  const read = await readRegisterList(opts.file, {
    preset: opts.preset,
    map: opts.map,
    strict: opts.strict,
    savedMapping,
    recipientGstin: gstin,
    maxBytes: opts.maxBytes,
  });
  progress?.(PHASE_READ, read.rows, read.rows);
  const all = read.documents;
  const inPeriod = periodPart(all, opts.from, opts.to);
  if (inPeriod.length === 0) {
    const why =
      all.length > 0
        ? `none of its ${all.length} document(s) is dated within the period given`
        : read.badRows.length > 0
          ? `every document row is bad; first: ${formatBadRow(read.badRows[0] as RegisterBadRow)}`
          : `no document rows below the header (row ${read.headerRow})`;
    throw new BadInputError(`${read.file}: nothing to import: ${why}`, { file: opts.file });
  }
  let min: IsoDate | null = null;
  let max: IsoDate | null = null;
  for (let k = 0; k < inPeriod.length; k++) {
    const date = all.date(inPeriod.at(k));
    if (min === null || date < min) min = date;
    if (max === null || date > max) max = date;
  }
  const periodFrom: IsoDate = opts.from ?? min ?? inPeriodDateMissing();
  const periodTo: IsoDate = opts.to ?? max ?? inPeriodDateMissing();

  return ctx.store.transaction(async (tx) => {
    await tx.ensureGstin(gstin, ctx.now());
    // A person's link follows its register document only while the ref still names the same
    // document: the documents links name are read whole, of the rest only the refs kept.
    const links = await tx.loadManualLinks(gstin);
    const around = await tx.registerForReplacement(
      gstin,
      periodFrom,
      periodTo,
      links.map((l) => l.registerRef),
    );
    const taken = new Set<string>(around.keptRefs);
    const keptCount = taken.size;
    // The file's refs are unique among themselves: only a document kept from an earlier import
    // can make one take another name (and then each name given is taken in turn, as before).
    const renamed = new Map<number, string>();
    if (keptCount > 0)
      for (let k = 0; k < inPeriod.length; k++) {
        const own = all.ref(inPeriod.at(k));
        const ref = uniqueRef(own, taken);
        taken.add(ref);
        if (ref !== own) renamed.set(k, ref);
      }
    const refOf = (k: number): string => renamed.get(k) ?? all.ref(inPeriod.at(k));
    const documentOf = (k: number): RegisterDocument => {
      const d = all.document(inPeriod.at(k));
      const ref = refOf(k);
      return ref === d.ref ? d : { ...d, ref };
    };
    const docs = {
      length: inPeriod.length,
      *[Symbol.iterator](): Iterator<RegisterDocument> {
        for (let k = 0; k < inPeriod.length; k++) yield documentOf(k);
      },
    };

    const before = new Map<string, RegisterDocument>(around.named.map((d) => [d.ref, d]));
    // Only the new documents a person's link names are looked up (not a map of a million).
    const named = new Set(before.size > 0 ? links.map((l) => l.registerRef) : []);
    const after = new Map<string, RegisterDocument>();
    if (named.size > 0)
      for (let k = 0; k < inPeriod.length; k++)
        if (named.has(refOf(k))) after.set(refOf(k), documentOf(k));
    const droppedLinks: ImportRegisterResult['droppedLinks'] = [];
    for (const link of links) {
      const old = before.get(link.registerRef);
      if (!old) continue;
      const now = after.get(link.registerRef);
      if (now && sameDocument(old, now)) continue;
      droppedLinks.push({
        recordKey: link.recordKey,
        registerRef: link.registerRef,
        kind: link.kind,
      });
    }
    if (droppedLinks.length) await tx.deleteManualLinks(gstin, droppedLinks);

    const at = ctx.now();
    const summary = {
      documents: docs.length,
      rows: read.rows,
      bad: read.counts.bad,
      counts: read.counts,
      periodFrom,
      periodTo,
      replaced: around.replaced,
      preset: read.preset,
      mapping: read.mapping,
    };
    const importId = await tx.logImport({
      gstin,
      kind: 'register',
      file: read.file,
      at,
      user: ctx.user,
      summary,
    });
    progress?.(PHASE_WRITE, 0, docs.length);
    await tx.replaceRegister(gstin, docs, periodFrom, periodTo, {
      id: importId,
      file: read.file,
      at,
    });
    progress?.(PHASE_WRITE, docs.length, docs.length);
    await tx.setSetting(gstin, REGISTER_MAPPING_SETTING, JSON.stringify(read.saved));
    await tx.saveMatches(gstin, []);
    return {
      gstin,
      file: read.file,
      importId,
      documents: docs.length,
      rows: read.rows,
      skippedRows: read.skippedRows,
      counts: read.counts,
      badRows: read.badRows,
      warnings: read.warnings,
      mapping: read.mapping,
      headerRow: read.headerRow,
      preset: read.preset,
      sheet: read.sheet,
      encoding: read.encoding,
      delimiter: read.delimiter,
      periodFrom,
      periodTo,
      replaced: around.replaced,
      kept: keptCount,
      outsidePeriod: all.length - inPeriod.length,
      droppedLinks,
    };
  });
}

/** The documents of the list dated within --from/--to, by their numbers in the list. */
interface ListPart {
  readonly length: number;
  at(k: number): number;
}

function periodPart(
  all: RegisterDocumentList,
  from: IsoDate | undefined,
  to: IsoDate | undefined,
): ListPart {
  if (from === undefined && to === undefined) return { length: all.length, at: (k) => k };
  const picked = new Int32Array(all.length);
  let n = 0;
  for (let i = 0; i < all.length; i++) {
    const d = all.date(i);
    if ((from === undefined || d >= from) && (to === undefined || d <= to)) picked[n++] = i;
  }
  return { length: n, at: (k) => picked[k] as number };
}

function inPeriodDateMissing(): never {
  throw new Error('no document to take the period from');
}

function sameDocument(a: RegisterDocument, b: RegisterDocument): boolean {
  return (
    a.supplierGstin === b.supplierGstin &&
    a.docType === b.docType &&
    a.docNumber.trim().toUpperCase() === b.docNumber.trim().toUpperCase()
  );
}

function parseSaved(text: string | null): SavedRegisterMapping | null {
  if (text === null) return null;
  try {
    const v = JSON.parse(text) as unknown;
    if (typeof v !== 'object' || v === null) return null;
    const o = v as { preset?: unknown; map?: unknown };
    const map =
      typeof o.map === 'object' && o.map !== null
        ? Object.fromEntries(
            Object.entries(o.map).filter((e): e is [string, string] => typeof e[1] === 'string'),
          )
        : {};
    return { ...(typeof o.preset === 'string' ? { preset: o.preset } : {}), map };
  } catch {
    return null;
  }
}

/** The layout choices remembered for the GSTIN's next register import. */
export async function savedRegisterMapping(
  ctx: AppContext,
  gstin: string,
): Promise<SavedRegisterMapping | null> {
  return parseSaved(await ctx.store.getSetting(gstin, REGISTER_MAPPING_SETTING));
}
