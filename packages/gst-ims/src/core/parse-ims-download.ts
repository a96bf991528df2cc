// Parses an IMS download (ims-formats.md section 4) into PortalRecords. Pure: takes the value
// JSON.parse produced, returns records and warnings, throws BadInputError on anything that would
// make the records untrustworthy. Hot path: runs once per record on files of 100,000 records,
// so per-record work is named property reads, char-code checks instead of regexes where it
// counts, caches per distinct GSTIN and date, and a key-list comparison to find unknown keys;
// no schema library, and message paths are built only when something fails.
import { BadInputError } from './errors.js';
import type { Issue } from './issue.js';
import { issue } from './issue.js';
import { describeJsonValue, isJsonObject } from './json-checks.js';
import type { PortalRecord } from './record.js';
import type { Section } from './sections.js';
import { SECTIONS, SECTION_INFO } from './sections.js';
import { locateSections, resolveRecipient } from './ims-download/locate-sections.js';
import type { Ctx } from './ims-download/parse-context.js';
import { fail, recordPath } from './ims-download/parse-context.js';
import { parseRecord } from './ims-download/parse-record.js';

// The JSON checks were born here; other portal file readers import them from here too.
export {
  INVALID_UNICODE,
  assertNoProtoKeys,
  assertWellFormedDeep,
  describeJsonValue,
  invalidUnicode,
  isJsonObject,
  isWellFormedText,
} from './json-checks.js';

export interface ParsedDownload {
  /** Normalised (trim, upper case); null when neither the file nor the caller names it. */
  recipientGstin: string | null;
  /** In SECTIONS order, then file order within a section. */
  records: PortalRecord[];
  warnings: Issue[];
  counts: Record<Section, number>;
}

export interface ParseDownloadOptions {
  /** File name used in messages. */
  file: string;
  /** The recipient GSTIN the caller expects (e.g. the workspace's). */
  gstin?: string | undefined;
}

/**
 * Parses an IMS download: the API GETINV shape (`{"b2b":[...]}`), the offline-tool envelope
 * (`{"gstin":..., "imsDetails":{...}}`, gstin/rtin also accepted inside imsDetails) or either
 * wrapped as `{"data":{...}}`. Section keys are case-insensitive; a section written as null is
 * empty. `data` is expected to be JSON.parse output (plain objects).
 *
 * Warnings are aggregated so a 100,000-record file does not yield 100,000 of them: one
 * GSTIN_CHECKSUM per distinct supplier GSTIN (recordKey = its first record; recordKey null for
 * the recipient), one UNKNOWN_FILING_STATUS per distinct value, one
 * RETURN_PERIOD_YEAR_INFERRED per file; ORIGINAL_DOC_MISSING, ITC_REDUCTION_AMOUNTS_IGNORED per
 * record; UNKNOWN_SECTION per ignored array key (e.g. "isd").
 */
export function parseImsDownload(data: unknown, opts: ParseDownloadOptions): ParsedDownload {
  const parser = beginImsDownload(data, opts);
  for (const s of parser.sections) {
    const list = parser.startSection(s);
    for (let i = 0; i < list.length; i++) parser.addRecord(list[i], i);
    parser.endSection(s, list.length);
  }
  return parser.finish();
}

/** A section of the download as the envelope names it, in SECTIONS order. */
export interface DownloadSection {
  readonly section: Section;
  /** The section's value in the envelope (null when written as null: an empty section). */
  readonly list: unknown;
}

/**
 * The parse of an IMS download record by record, for a reader that streams the records of each
 * section instead of holding the whole parsed file: `data` is the envelope (it may carry each
 * section as an empty array that the caller fills from elsewhere); every record goes through
 * the same checks as in `parseImsDownload`, which is this parser over a parsed file.
 */
export interface ImsDownloadParser {
  readonly recipientGstin: string | null;
  readonly sections: readonly DownloadSection[];
  /** The warnings so far (the envelope's, once begun; the records' own as they are checked). */
  readonly warnings: readonly Issue[];
  /** Refuses a section that is not an array; returns its value (an empty array for null). */
  startSection(s: DownloadSection): readonly unknown[];
  /** Checks one record (its index within the section) and keeps it. */
  addRecord(raw: unknown, index: number): void;
  /**
   * The records checked since the last call, handed on and no longer kept (a streamed import
   * writes them a batch at a time; only their keys stay, for the duplicate check).
   */
  takeRecords(): PortalRecord[];
  endSection(s: DownloadSection, count: number): void;
  /** The warnings of the whole file, counts per section, and the records not taken. */
  finish(): ParsedDownload;
}

export function beginImsDownload(data: unknown, opts: ParseDownloadOptions): ImsDownloadParser {
  const file = opts.file;
  const ctx: Ctx = {
    file,
    warnings: [],
    gstins: new Map(),
    docsBySupplier: new Map(),
    keys: [],
    sectionFirst: 0,
    checksumFailures: new Map(),
    unknownFilingStatus: new Map(),
    dates: new Map(),
    inferredYears: 0,
    firstInferredPath: null,
    sectionPath: '',
    index: 0,
    lastKeys: null,
    lastUnknown: [],
    lastStin: null,
    lastVerdict: null,
  };
  if (!isJsonObject(data)) {
    throw new BadInputError(
      `${file}: expected a JSON object at the top level, found ${describeJsonValue(data)}`,
      { file, path: '', expected: 'a JSON object' },
    );
  }
  const env = locateSections(data, ctx);
  const recipientGstin = resolveRecipient(env.recipientCandidates, opts.gstin, ctx);
  const counts = { b2b: 0, b2ba: 0, b2bdn: 0, b2bdna: 0, b2bcn: 0, b2bcna: 0, ecom: 0, ecoma: 0 };
  const sections: DownloadSection[] = [];
  for (const section of SECTIONS) {
    const key = env.sectionKeys.get(section);
    if (key !== undefined) sections.push({ section, list: env.container[key] });
  }
  let records: PortalRecord[] = [];
  let info = SECTION_INFO.b2b;
  return {
    recipientGstin,
    sections,
    warnings: ctx.warnings,
    startSection(s) {
      const sectionPath = env.prefix + (env.sectionKeys.get(s.section) ?? s.section);
      if (s.list === null) return []; // an empty section written as null
      if (!Array.isArray(s.list)) fail(ctx, sectionPath, 'an array of records', s.list);
      info = SECTION_INFO[s.section];
      ctx.sectionPath = sectionPath;
      ctx.lastKeys = null; // known keys differ per section
      ctx.sectionFirst = ctx.keys.length;
      return s.list as unknown[];
    },
    addRecord(raw, index) {
      ctx.index = index;
      if (!isJsonObject(raw)) fail(ctx, recordPath(ctx), 'a record object', raw);
      records.push(parseRecord(raw, info, ctx));
    },
    takeRecords() {
      const taken = records;
      records = [];
      return taken;
    },
    endSection(s, count) {
      counts[s.section] = count;
    },
    finish() {
      finishWarnings(ctx);
      return { recipientGstin, records, warnings: ctx.warnings, counts };
    },
  };
}

function finishWarnings(ctx: Ctx): void {
  const file = ctx.file;
  for (const f of ctx.checksumFailures.values()) {
    ctx.warnings.push(
      issue(
        'GSTIN_CHECKSUM',
        'warning',
        f.key,
        'stin',
        `${file}: supplier ${f.message}; ${f.count} record${f.count === 1 ? '' : 's'}, first at ${f.path}; kept as given (GSTN's own sample GSTINs fail this check)`,
      ),
    );
  }
  for (const [value, f] of ctx.unknownFilingStatus) {
    ctx.warnings.push(
      issue(
        'UNKNOWN_FILING_STATUS',
        'warning',
        null,
        'srcfilstatus',
        `${file}: srcfilstatus ${JSON.stringify(value)} is not a known filing status; read as unknown in ${f.count} record${f.count === 1 ? '' : 's'}, first at ${f.path}`,
      ),
    );
  }
  if (ctx.inferredYears > 0) {
    ctx.warnings.push(
      issue(
        'RETURN_PERIOD_YEAR_INFERRED',
        'warning',
        null,
        'rtnprd',
        `${file}: ${ctx.inferredYears} record${ctx.inferredYears === 1 ? '' : 's'} give the return period as a month only (first at ${ctx.firstInferredPath ?? '?'}); the year was taken as the earliest that is not before the document's month`,
      ),
    );
  }
}
