// Parses an IMS download (ims-formats.md section 4) into PortalRecords. Pure: takes the value
// JSON.parse produced, returns records and warnings, throws BadInputError on anything that would
// make the records untrustworthy. Hot path: runs once per record on files of 100,000 records,
// so per-record work is named property reads, char-code checks instead of regexes where it
// counts, caches per distinct GSTIN and date, and a key-list comparison to find unknown keys;
// no schema library, and message paths are built only when something fails.
import type { Action } from './actions.js';
import { parseAction } from './actions.js';
import type { IsoDate } from './dates.js';
import { fiscalYearOf, parsePortalDate } from './dates.js';
import { BadInputError } from './errors.js';
import { checkGstin, normaliseGstin } from './gstin.js';
import type { Issue } from './issue.js';
import { issue } from './issue.js';
import type { Paise } from './money.js';
import { rupeesToPaise } from './money.js';
import type { ItcReduction, PortalRecord } from './record.js';
import type { Section, SectionInfo } from './sections.js';
import { SECTIONS, SECTION_INFO } from './sections.js';

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

/** Describes a JSON value for an error message: `"12,00"`, `12.345`, `an object`, `no value`. */
export function describeJsonValue(v: unknown): string {
  if (v === undefined) return 'no value';
  if (v === null) return 'null';
  if (typeof v === 'string') {
    return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
  }
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : typeof v;
}

/** A plain JSON object (not null, not an array). */
export function isJsonObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Refuses `__proto__` keys in a JSON value and everything under it (JSON.parse creates them as
 * own keys; copying one into a plain object would replace its prototype).
 */
export function assertNoProtoKeys(v: unknown, file: string, path: string, depth = 0): void {
  if (typeof v !== 'object' || v === null) return;
  if (depth > 200) {
    // The path of the 200th level is mostly "[0][0]...": its start says where the nesting is.
    const shown = path.length > 80 ? `${path.slice(0, 80)}...` : path;
    throw new BadInputError(`${file}: ${shown}: nested too deeply (over 200 levels)`, {
      file,
      path,
    });
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) assertNoProtoKeys(v[i], file, `${path}[${i}]`, depth + 1);
    return;
  }
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (k === '__proto__') throw protoError(file, path === '' ? k : `${path}.${k}`);
    assertNoProtoKeys(o[k], file, path === '' ? k : `${path}.${k}`, depth + 1);
  }
}

/**
 * False for a string holding a lone UTF-16 surrogate. JSON.parse lets "\ud800" through; SQLite
 * stores it as U+FFFD, so the record's key on disk differs from the one parsed, and the next
 * import of the same file meets its own record as a stranger.
 */
export function isWellFormedText(s: string): boolean {
  return (s as string & { isWellFormed(): boolean }).isWellFormed();
}

/** The code of a text field that is not valid Unicode. */
export const INVALID_UNICODE = 'INVALID_UNICODE';

export function invalidUnicode(file: string, path: string, s: string): BadInputError {
  let at = 0;
  for (; at < s.length; at++) {
    const c = s.charCodeAt(at);
    if (c < 0xd800 || c > 0xdfff) continue;
    const next = s.charCodeAt(at + 1);
    if (c > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) break;
    at++; // a valid pair
  }
  const unit = s.charCodeAt(at).toString(16).padStart(4, '0');
  return new BadInputError(
    `${file}: ${path}: not valid Unicode text [${INVALID_UNICODE}]: a lone UTF-16 surrogate \\u${unit} at character ${at + 1}; ` +
      'the file is damaged or was not written by the portal (its text must be UTF-8)',
    { file, path, expected: 'valid Unicode text', code: INVALID_UNICODE },
  );
}

/**
 * Refuses keys and strings that are not valid Unicode anywhere in `v` (kept fields, stored as
 * they are). Recursive: call it after assertNoProtoKeys, which bounds the depth.
 */
export function assertWellFormedDeep(v: unknown, file: string, path: string): void {
  if (typeof v === 'string') {
    if (!isWellFormedText(v)) throw invalidUnicode(file, path, v);
    return;
  }
  if (typeof v !== 'object' || v === null) return;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) assertWellFormedDeep(v[i], file, `${path}[${i}]`);
    return;
  }
  for (const [k, x] of Object.entries(v)) {
    const at = path === '' ? k : `${path}.${k}`;
    if (!isWellFormedText(k)) throw invalidUnicode(file, at, k);
    assertWellFormedDeep(x, file, at);
  }
}

function protoError(file: string, path: string): BadInputError {
  return new BadInputError(`${file}: ${path}: a "__proto__" key is not allowed in portal JSON`, {
    file,
    path,
  });
}

const AMOUNT = 'an amount in rupees with at most 2 decimals';
const FLAG = '"Y" or "N" (or true/false)';
const EMPTY_EXTRA: Readonly<Record<string, unknown>> = Object.freeze({});
const SECTION_BY_LOWER: ReadonlyMap<string, Section> = new Map(SECTIONS.map((s) => [s, s]));
const RE_MONTH = /^(0?[1-9]|1[0-2])$/;
const RE_DATE_SHAPE = /^\s*\d{2}-\d{2}-\d{4}\s*$/;
const RE_FILING_NOISE = /[\s_-]+/g;

/**
 * `srcfilstatus` spellings, lower case without spaces, "_" or "-": "Filed", "F", "FILED" (and
 * "Y") are filed; "Not Filed", "NotFiled", "NF", "SAVED", "S" (and "N") are not. Others: unknown.
 */
const FILING_STATUS: ReadonlyMap<string, boolean> = new Map([
  ['filed', true],
  ['f', true],
  ['y', true],
  ['notfiled', false],
  ['nf', false],
  ['saved', false],
  ['s', false],
  ['n', false],
]);

/**
 * Document numbers already seen for one supplier GSTIN: number -> index in `records` (or
 * several indexes when the number recurs in other sections or financial years). Keyed by the
 * short document number, so full record keys are hashed only when a number recurs.
 */
type SupplierDocs = Map<string, number | number[]>;

type GstinVerdict =
  | { readonly kind: 'ok'; readonly gstin: string; readonly docs: SupplierDocs }
  | {
      readonly kind: 'checksum';
      readonly gstin: string;
      readonly message: string;
      readonly docs: SupplierDocs;
    }
  | { readonly kind: 'bad'; readonly message: string };

interface Ctx {
  readonly file: string;
  readonly warnings: Issue[];
  readonly gstins: Map<string, GstinVerdict>;
  /** Per normalised supplier GSTIN (two spellings of one GSTIN share it). */
  readonly docsBySupplier: Map<string, SupplierDocs>;
  /** Records parsed so far (for duplicate messages) and where the current section starts. */
  readonly records: PortalRecord[];
  sectionFirst: number;
  /** Portal date text -> ISO date; a file holds few distinct dates. */
  readonly dates: Map<string, DateInfo>;
  /** Supplier GSTINs failing the check character: first record and number of records. */
  readonly checksumFailures: Map<
    string,
    { path: string; key: string; count: number; message: string }
  >;
  readonly unknownFilingStatus: Map<string, { path: string; count: number }>;
  inferredYears: number;
  firstInferredPath: string | null;
  /** The record being parsed; paths in messages are built from these only on failure. */
  sectionPath: string;
  index: number;
  /** The previous record's key list and its unknown keys (see unknownKeys). */
  lastKeys: string[] | null;
  lastUnknown: readonly string[];
  /** The previous record's supplier GSTIN text and verdict. */
  lastStin: string | null;
  lastVerdict: Exclude<GstinVerdict, { kind: 'bad' }> | null;
}

function recordPath(ctx: Ctx): string {
  return `${ctx.sectionPath}[${ctx.index}]`;
}

function fieldPath(ctx: Ctx, field: string): string {
  return `${ctx.sectionPath}[${ctx.index}].${field}`;
}

function fail(ctx: Ctx, path: string, expected: string, found: unknown, hint?: string): never {
  const tail = hint === undefined ? '' : ` (${hint})`;
  throw new BadInputError(
    `${ctx.file}: ${path}: expected ${expected}, found ${describeJsonValue(found)}${tail}`,
    { file: ctx.file, path, expected },
  );
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
  const file = opts.file;
  const ctx: Ctx = {
    file,
    warnings: [],
    gstins: new Map(),
    docsBySupplier: new Map(),
    records: [],
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
  const records = ctx.records;
  for (const section of SECTIONS) {
    const key = env.sectionKeys.get(section);
    if (key === undefined) continue;
    const list = env.container[key];
    const sectionPath = env.prefix + key;
    if (list === null) continue; // an empty section written as null
    if (!Array.isArray(list)) fail(ctx, sectionPath, 'an array of records', list);
    const info = SECTION_INFO[section];
    ctx.sectionPath = sectionPath;
    ctx.lastKeys = null; // known keys differ per section
    ctx.sectionFirst = records.length;
    for (let i = 0; i < list.length; i++) {
      const raw: unknown = list[i];
      ctx.index = i;
      if (!isJsonObject(raw)) fail(ctx, recordPath(ctx), 'a record object', raw);
      const rec = parseRecord(raw, info, ctx);
      records.push(rec);
    }
    counts[section] = list.length;
  }
  finishWarnings(ctx);
  return { recipientGstin, records, warnings: ctx.warnings, counts };
}

interface Located {
  container: Record<string, unknown>;
  /** Path prefix of the section keys: "", "imsDetails.", "data.imsDetails." ... */
  prefix: string;
  sectionKeys: Map<Section, string>;
  recipientCandidates: { path: string; value: unknown }[];
}

function findKeyCi(o: Record<string, unknown>, lower: string): string | undefined {
  for (const k of Object.keys(o)) if (k.toLowerCase() === lower) return k;
  return undefined;
}

function hasSectionKey(o: Record<string, unknown>): boolean {
  for (const k of Object.keys(o)) if (SECTION_BY_LOWER.has(k.toLowerCase())) return true;
  return false;
}

function locateSections(top: Record<string, unknown>, ctx: Ctx): Located {
  const file = ctx.file;
  const candidates: { path: string; value: unknown }[] = [];
  const collect = (o: Record<string, unknown>, prefix: string): void => {
    for (const name of ['gstin', 'rtin']) {
      if (Object.prototype.hasOwnProperty.call(o, name) && o[name] !== null && o[name] !== '') {
        candidates.push({ path: prefix + name, value: o[name] });
      }
    }
  };
  const dataKey = findKeyCi(top, 'data');
  const unwrap =
    dataKey !== undefined &&
    isJsonObject(top[dataKey]) &&
    !hasSectionKey(top) &&
    findKeyCi(top, 'imsdetails') === undefined;
  checkEnvelopeKeys(top, '', unwrap ? dataKey : findKeyCi(top, 'imsdetails'), ctx);
  collect(top, '');
  let obj = top;
  let prefix = '';
  if (unwrap) {
    obj = top[dataKey] as Record<string, unknown>;
    prefix = `${dataKey}.`;
    checkEnvelopeKeys(obj, prefix, findKeyCi(obj, 'imsdetails'), ctx);
    collect(obj, prefix);
  }
  if (findKeyCi(obj, 'imsdetailserr') !== undefined) {
    throw new BadInputError(
      `${file}: this is an IMS error file (imsDetailsErr), not an IMS download; import it as an error report`,
      { file, path: `${prefix}imsDetailsErr` },
    );
  }
  if (findKeyCi(obj, 'invdata') !== undefined || findKeyCi(obj, 'reqtyp') !== undefined) {
    throw new BadInputError(
      `${file}: this is an upload file (rtin/reqtyp/invdata), not an IMS download`,
      { file, path: `${prefix}invdata` },
    );
  }
  const detailsKey = findKeyCi(obj, 'imsdetails');
  let container = obj;
  if (detailsKey !== undefined) {
    const inner = obj[detailsKey];
    const innerPath = prefix + detailsKey;
    if (hasSectionKey(obj)) {
      throw new BadInputError(
        `${file}: both ${innerPath} and top-level sections are present; expected one or the other`,
        { file, path: innerPath },
      );
    }
    if (inner === null) {
      container = {};
    } else if (!isJsonObject(inner)) {
      fail(ctx, innerPath, 'an object of sections (b2b, b2bcn, ...)', inner);
    } else {
      container = inner;
      checkEnvelopeKeys(inner, `${innerPath}.`, undefined, ctx);
      collect(inner, `${innerPath}.`);
    }
    prefix = `${innerPath}.`;
  } else if (!hasSectionKey(obj)) {
    if (findKeyCi(obj, 'token') !== undefined) {
      throw new BadInputError(
        `${file}: this is a GETINV "token" response (the data is split into files); download the files and import those`,
        { file, path: `${prefix}token` },
      );
    }
    throw new BadInputError(
      `${file}: not an IMS download: expected keys such as b2b, b2bcn or imsDetails`,
      {
        file,
        path: prefix.replace(/\.$/, ''),
        expected: 'b2b, b2ba, b2bdn, b2bdna, b2bcn, b2bcna, ecom, ecoma or imsDetails',
      },
    );
  }
  const sectionKeys = new Map<Section, string>();
  for (const k of Object.keys(container)) {
    const section = SECTION_BY_LOWER.get(k.toLowerCase());
    if (section !== undefined) {
      const other = sectionKeys.get(section);
      if (other !== undefined) {
        throw new BadInputError(
          `${file}: ${prefix}${k}: section ${section} appears twice (also as ${prefix}${other})`,
          { file, path: prefix + k },
        );
      }
      sectionKeys.set(section, k);
    } else if (Array.isArray(container[k]) && (container[k] as unknown[]).length > 0) {
      ctx.warnings.push(
        issue(
          'UNKNOWN_SECTION',
          'warning',
          prefix + k,
          k,
          `${file}: ${prefix}${k}: not an IMS section this tool handles (b2b, b2ba, b2bdn, b2bdna, b2bcn, b2bcna, ecom, ecoma); its ${(container[k] as unknown[]).length} entries were ignored`,
        ),
      );
    }
  }
  return { container, prefix, sectionKeys, recipientCandidates: candidates };
}

/**
 * Envelope-level keys: refuses `__proto__` here and anywhere in values that are not sections
 * (sections are checked record by record) and not `walkedLater` (checked as its own envelope).
 */
function checkEnvelopeKeys(
  o: Record<string, unknown>,
  prefix: string,
  walkedLater: string | undefined,
  ctx: Ctx,
): void {
  for (const k of Object.keys(o)) {
    if (k === '__proto__') throw protoError(ctx.file, prefix + k);
    if (k === walkedLater || (SECTION_BY_LOWER.has(k.toLowerCase()) && Array.isArray(o[k])))
      continue;
    assertNoProtoKeys(o[k], ctx.file, prefix + k);
  }
}

function resolveRecipient(
  candidates: readonly { path: string; value: unknown }[],
  given: string | undefined,
  ctx: Ctx,
): string | null {
  const file = ctx.file;
  let fromFile: { path: string; gstin: string } | null = null;
  for (const c of candidates) {
    if (typeof c.value !== 'string') fail(ctx, c.path, 'the recipient GSTIN as a string', c.value);
    const g = normaliseGstin(c.value);
    if (fromFile === null) fromFile = { path: c.path, gstin: g };
    else if (fromFile.gstin !== g) {
      throw new BadInputError(
        `${file}: the file names two different recipient GSTINs: ${fromFile.path} ${fromFile.gstin} and ${c.path} ${g}`,
        { file, path: c.path },
      );
    }
  }
  const givenNorm = given === undefined || given.trim() === '' ? null : normaliseGstin(given);
  if (fromFile !== null && givenNorm !== null && fromFile.gstin !== givenNorm) {
    throw new BadInputError(
      `${file}: the file is for recipient GSTIN ${fromFile.gstin} (${fromFile.path}), but GSTIN ${givenNorm} was given`,
      { file, path: fromFile.path },
    );
  }
  const chosen = fromFile?.gstin ?? givenNorm;
  if (chosen === null) return null;
  const path = fromFile?.path ?? null;
  const check = checkGstin(chosen);
  if (!check.ok) {
    if (check.code === 'GSTIN_CHECKSUM') {
      ctx.warnings.push(
        issue(
          'GSTIN_CHECKSUM',
          'warning',
          null,
          path,
          `${file}: recipient ${check.message}; kept as given`,
        ),
      );
    } else {
      throw new BadInputError(
        `${file}: ${path ?? 'recipient GSTIN given'}: ${check.message}`,
        path === null ? { file } : { file, path, expected: 'a 15-character GSTIN' },
      );
    }
  }
  return chosen;
}

function supplierGstin(v: unknown, ctx: Ctx): Exclude<GstinVerdict, { kind: 'bad' }> {
  if (typeof v !== 'string') {
    return fail(ctx, fieldPath(ctx, 'stin'), 'the supplier GSTIN as a 15-character string', v);
  }
  // Downloads often list a supplier's documents together: try the previous record's first.
  if (v === ctx.lastStin && ctx.lastVerdict !== null) return ctx.lastVerdict;
  let verdict = ctx.gstins.get(v);
  if (verdict === undefined) {
    const c = checkGstin(v);
    let docs = ctx.docsBySupplier.get(c.gstin);
    if (docs === undefined) {
      docs = new Map();
      ctx.docsBySupplier.set(c.gstin, docs);
    }
    verdict = c.ok
      ? { kind: 'ok', gstin: c.gstin, docs }
      : c.code === 'GSTIN_CHECKSUM'
        ? { kind: 'checksum', gstin: c.gstin, message: c.message, docs }
        : { kind: 'bad', message: c.message };
    ctx.gstins.set(v, verdict);
  }
  if (verdict.kind === 'bad') {
    const path = fieldPath(ctx, 'stin');
    throw new BadInputError(`${ctx.file}: ${path}: ${verdict.message}`, {
      file: ctx.file,
      path,
      expected: 'a 15-character GSTIN',
    });
  }
  ctx.lastStin = v;
  ctx.lastVerdict = verdict;
  return verdict;
}

function docNumber(v: unknown, field: string, ctx: Ctx): string {
  if (typeof v === 'string') {
    const t = text(v, field, ctx).trim();
    if (t !== '') return t;
  }
  if (typeof v === 'number') {
    return fail(
      ctx,
      fieldPath(ctx, field),
      'a string',
      v,
      'document numbers must be JSON strings: a number loses leading zeros and cannot be trusted',
    );
  }
  return fail(ctx, fieldPath(ctx, field), 'a document number (non-empty string)', v);
}

interface DateInfo {
  readonly iso: IsoDate;
  /** fiscalYearOf(iso), for the record key. */
  readonly fy: string;
}

/** A portal date, cached per distinct text with its financial year (files repeat dates). */
function date(v: unknown, field: string, ctx: Ctx): DateInfo {
  if (typeof v === 'string') {
    const cached = ctx.dates.get(v);
    if (cached !== undefined) return cached;
    const iso = parsePortalDate(v);
    if (iso !== null) {
      const d: DateInfo = { iso, fy: fiscalYearOf(iso) };
      if (ctx.dates.size < 100_000) ctx.dates.set(v, d);
      return d;
    }
    if (RE_DATE_SHAPE.test(v))
      return fail(
        ctx,
        fieldPath(ctx, field),
        'a date DD-MM-YYYY',
        v,
        'there is no such day in the calendar',
      );
  }
  return fail(ctx, fieldPath(ctx, field), 'a date DD-MM-YYYY', v);
}

/**
 * The record key, spelled exactly as record.ts recordKey() spells it (a test holds the two
 * together), but with the financial year taken from the date cache: computing it per record
 * was a sixth of the parse time on 100,000 records.
 */
function keyOf(section: Section, gstin: string, docNo: string, d: DateInfo): string {
  return `${section}|${gstin}|${docNo}|${d.fy}`;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

function amount(v: unknown, field: string, ctx: Ctx, required: boolean): Paise {
  if (typeof v === 'number') {
    // Fast path, exact: v is the double nearest to a 2-decimal amount iff p / 100 gives v back.
    const p = Math.round(v * 100);
    if (p / 100 === v && Number.isSafeInteger(p) && p >= 0) return (p === 0 ? 0 : p) as Paise;
    const q = rupeesToPaise(v);
    if (q !== null) return notNegative(q, v, field, ctx);
  } else if (typeof v === 'string') {
    if (v.trim() === '') {
      if (!required) return 0 as Paise;
    } else {
      const q = rupeesToPaise(v);
      if (q !== null) return notNegative(q, v, field, ctx);
    }
  } else if ((v === undefined || v === null) && !required) {
    return 0 as Paise;
  }
  return fail(ctx, fieldPath(ctx, field), AMOUNT, v);
}

/**
 * The portal writes every amount positive, credit notes included (ims-formats.md §2); a minus
 * sign would turn an invoice's ITC into a reduction without a word.
 */
function notNegative(p: Paise, v: unknown, field: string, ctx: Ctx): Paise {
  if (p >= 0) return p;
  return fail(
    ctx,
    fieldPath(ctx, field),
    'an amount of zero or more',
    v,
    'the portal writes amounts positive, credit notes too',
  );
}

/** Y/N or boolean; null when absent. */
function flag(v: unknown, field: string, ctx: Ctx): boolean | null {
  if (v === 'N' || v === false) return false;
  if (v === 'Y' || v === true) return true;
  if (v === undefined || v === null || v === '') return null;
  if (typeof v === 'string') {
    switch (v.trim().toUpperCase()) {
      case 'Y':
      case 'YES':
      case 'TRUE':
        return true;
      case 'N':
      case 'NO':
      case 'FALSE':
        return false;
      case '':
        return null;
    }
  }
  return fail(ctx, fieldPath(ctx, field), FLAG, v);
}

/** A trimmed string; null when absent or empty. */
function optString(v: unknown, field: string, ctx: Ctx): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') return fail(ctx, fieldPath(ctx, field), 'a string', v);
  const t = text(v, field, ctx).trim();
  return t === '' ? null : t;
}

/** `v` itself, when it is valid Unicode text. */
function text(v: string, field: string, ctx: Ctx): string {
  if (!isWellFormedText(v)) throw invalidUnicode(ctx.file, fieldPath(ctx, field), v);
  return v;
}

/** Remarks are kept verbatim (no trimming); empty means none. */
function remarksText(v: unknown, ctx: Ctx): string | null {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string') return fail(ctx, fieldPath(ctx, 'remarks'), 'a string', v);
  return text(v, 'remarks', ctx);
}

function filingStatus(v: unknown, ctx: Ctx): boolean | null {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v === 'boolean') return v;
  if (typeof v !== 'string') {
    return fail(
      ctx,
      fieldPath(ctx, 'srcfilstatus'),
      'a filing status such as "Filed" or "Not Filed"',
      v,
    );
  }
  if (v === 'Filed') return true;
  if (v === 'Not Filed') return false;
  text(v, 'srcfilstatus', ctx);
  const exact = FILING_STATUS.get(v.toLowerCase());
  if (exact !== undefined) return exact;
  const normalised = FILING_STATUS.get(v.toLowerCase().replace(RE_FILING_NOISE, ''));
  if (normalised !== undefined) return normalised;
  const seen = ctx.unknownFilingStatus.get(v);
  if (seen === undefined)
    ctx.unknownFilingStatus.set(v, { path: fieldPath(ctx, 'srcfilstatus'), count: 1 });
  else seen.count++;
  return null;
}

function placeOfSupply(v: unknown, ctx: Ctx): string | null {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v === 'string') {
    const t = v.length === 2 ? v : v.trim();
    if (t.length === 2 && isDigit(t.charCodeAt(0)) && isDigit(t.charCodeAt(1))) return t;
    if (t.length === 1 && t >= '1' && t <= '9') return `0${t}`;
  } else if (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 99) {
    return v < 10 ? `0${v}` : String(v);
  }
  return fail(ctx, fieldPath(ctx, 'pos'), 'a 2-digit state code such as "07"', v);
}

/**
 * "MMYYYY" as given. "MM" alone (reported for the offline file) gets the earliest year that
 * does not put the return period before the document's month, since a supplier cannot report
 * a document in the return of an earlier month: document 28-12-2025 with "01" -> "012026",
 * document 05-04-2026 with "04" -> "042026".
 */
/** "MMYYYY" with a month 01-12 (char codes: no regex per record). */
function isPeriod(t: string): boolean {
  const m0 = t.charCodeAt(0);
  const m1 = t.charCodeAt(1);
  const monthOk = m0 === 48 ? m1 >= 49 && m1 <= 57 : m0 === 49 && m1 >= 48 && m1 <= 50;
  return (
    monthOk &&
    isDigit(t.charCodeAt(2)) &&
    isDigit(t.charCodeAt(3)) &&
    isDigit(t.charCodeAt(4)) &&
    isDigit(t.charCodeAt(5))
  );
}

function returnPeriod(v: unknown, field: string, docDate: IsoDate, ctx: Ctx): string | null {
  if (v === undefined || v === null || v === '') return null;
  let t: string;
  if (typeof v === 'string') t = v.length === 6 ? v : v.trim();
  else if (typeof v === 'number' && Number.isInteger(v) && v > 0) {
    const s = String(v);
    t = s.length === 5 ? `0${s}` : s; // 12023 lost its leading zero: "012023"
  } else return fail(ctx, fieldPath(ctx, field), 'a return period "MMYYYY"', v);
  if (t.length === 6 && isPeriod(t)) return t;
  if (RE_MONTH.test(t)) {
    const mm = Number(t);
    const docYear = Number(docDate.slice(0, 4));
    const docMonth = Number(docDate.slice(5, 7));
    const year = mm >= docMonth ? docYear : docYear + 1;
    ctx.inferredYears++;
    ctx.firstInferredPath ??= fieldPath(ctx, field);
    return `${mm < 10 ? '0' : ''}${mm}${year}`;
  }
  return fail(ctx, fieldPath(ctx, field), 'a return period "MMYYYY" (or "MM")', v);
}

function portalAction(v: unknown, ctx: Ctx): Action {
  switch (v) {
    case 'N':
    case undefined:
    case null:
      return 'noAction';
    case 'A':
      return 'accept';
    case 'R':
      return 'reject';
    case 'P':
      return 'pending';
  }
  const a = parseAction(v); // tolerates case, spaces and labels such as "Accepted"
  if (a === null) return fail(ctx, fieldPath(ctx, 'action'), 'one of "N", "A", "R", "P"', v);
  return a;
}

// Keys read by name from every record (besides the section's own number/date keys). Anything
// else is unknown and kept in `extra`, including another section's keys (nt_num on b2b...).
const COMMON_KEYS: readonly string[] = [
  'stin',
  'inv_typ',
  'srcform',
  'rtnTyp',
  'rtnprd',
  'sRtnPrd',
  'srcfilstatus',
  'val',
  'txval',
  'iamt',
  'camt',
  'samt',
  'cess',
  'pos',
  'action',
  'ispendactblocked',
  'ispendactnallwd',
  'isRemarksBlocked',
  'isItcRedReqBlocked',
  'itcRedReqBlocked',
  'remarks',
  'tradenm',
  'trdnm',
  'hash',
  'itcRedReq',
  'itc_red_req',
  'declIgst',
  'decl_igst',
  'declCgst',
  'decl_cgst',
  'declSgst',
  'decl_sgst',
  'declCess',
  'decl_cess',
  // Download-only portal flag of unknown meaning: read nowhere, never uploaded.
  'ItcAvailabilityCheck',
];

const KNOWN_KEYS: Readonly<Record<Section, ReadonlySet<string>>> = (() => {
  const out: Partial<Record<Section, ReadonlySet<string>>> = {};
  for (const s of SECTIONS) {
    const i = SECTION_INFO[s];
    const own: string[] = [i.numberKey, i.dateKey];
    if (i.originalNumberKey !== null) own.push(i.originalNumberKey);
    if (i.originalDateKey !== null) own.push(i.originalDateKey);
    out[s] = new Set([...COMMON_KEYS, ...own]);
  }
  return out as Record<Section, ReadonlySet<string>>;
})();

const CAMEL_DECL = ['declIgst', 'declCgst', 'declSgst', 'declCess'] as const;
const SNAKE_DECL = ['decl_igst', 'decl_cgst', 'decl_sgst', 'decl_cess'] as const;

const present = (v: unknown): boolean => v !== undefined && v !== null && v !== '';

/**
 * The unknown keys of a record; refuses an own "__proto__". Records of one file nearly always
 * share one key list, so the answer for the previous record's list is reused when the list is
 * the same (one pointer compare per key: property names are internalised strings).
 */
function unknownKeys(
  r: Record<string, unknown>,
  known: ReadonlySet<string>,
  ctx: Ctx,
): readonly string[] {
  const last = ctx.lastKeys;
  if (last !== null) {
    // for-in walks V8's cached key list without allocating; it would also list inherited
    // enumerable keys, which makes the lists differ and sends the record to the exact path.
    let j = 0;
    let same = true;
    for (const k in r) {
      if (last[j] !== k) {
        same = false;
        break;
      }
      j++;
    }
    if (same && j === last.length) return ctx.lastUnknown;
  }
  const keys = Object.keys(r);
  const unknown: string[] = [];
  for (const k of keys) {
    if (k === '__proto__') throw protoError(ctx.file, fieldPath(ctx, k));
    if (!known.has(k)) unknown.push(k);
  }
  ctx.lastKeys = keys;
  ctx.lastUnknown = unknown;
  return unknown;
}

/** Refuses a second record with the same key (section, supplier, number, financial year). */
function checkDuplicate(docs: SupplierDocs, docNo: string, key: string, ctx: Ctx): void {
  const index = ctx.records.length; // where the record being parsed will go
  const prev = docs.get(docNo);
  if (prev === undefined) {
    docs.set(docNo, index);
    return;
  }
  // The same number again: in another section or year, or a duplicate. Rare, so the full keys
  // are compared only here.
  const list = typeof prev === 'number' ? [prev] : prev;
  for (const j of list) {
    const other = ctx.records[j];
    if (other !== undefined && other.key === key) {
      const path = recordPath(ctx);
      throw new BadInputError(
        `${ctx.file}: ${path}: duplicate record: ${ctx.sectionPath}[${j - ctx.sectionFirst}] has the same ` +
          `supplier GSTIN ${other.supplierGstin}, document number "${docNo}" and financial year`,
        { file: ctx.file, path },
      );
    }
  }
  if (typeof prev === 'number') docs.set(docNo, [prev, index]);
  else prev.push(index);
}

function parseRecord(r: Record<string, unknown>, info: SectionInfo, ctx: Ctx): PortalRecord {
  const unknown = unknownKeys(r, KNOWN_KEYS[info.section], ctx);
  let extra: Record<string, unknown> | null = null;
  if (unknown.length > 0) {
    extra = {};
    for (const k of unknown) {
      const v = r[k];
      if (!isWellFormedText(k)) throw invalidUnicode(ctx.file, fieldPath(ctx, k), k);
      if (typeof v === 'object' && v !== null) assertNoProtoKeys(v, ctx.file, fieldPath(ctx, k));
      assertWellFormedDeep(v, ctx.file, fieldPath(ctx, k));
      extra[k] = v;
    }
  }

  // Named reads: fast (monomorphic) when records share a shape, as JSON.parse output does.
  // With no own "__proto__" (refused above), they see the record's own data properties.
  const gv = supplierGstin(r.stin, ctx);
  const numberKey = info.numberKey;
  const dateKey = info.dateKey;
  const docNo = docNumber(numberKey === 'inum' ? r.inum : r.nt_num, numberKey, ctx);
  const dateInfo = date(dateKey === 'idt' ? r.idt : r.nt_dt, dateKey, ctx);
  const docDate = dateInfo.iso;
  const key = keyOf(info.section, gv.gstin, docNo, dateInfo);
  checkDuplicate(gv.docs, docNo, key, ctx);
  if (gv.kind === 'checksum') {
    const seen = ctx.checksumFailures.get(gv.gstin);
    if (seen === undefined) {
      ctx.checksumFailures.set(gv.gstin, {
        path: fieldPath(ctx, 'stin'),
        key,
        count: 1,
        message: gv.message,
      });
    } else seen.count++;
  }

  let originalDocNumber: string | null = null;
  let originalDocDate: IsoDate | null = null;
  const oNumberKey = info.originalNumberKey;
  const oDateKey = info.originalDateKey;
  if (oNumberKey !== null && oDateKey !== null) {
    const onum = r[oNumberKey];
    const odt = r[oDateKey];
    if (present(onum)) originalDocNumber = docNumber(onum, oNumberKey, ctx);
    if (present(odt)) originalDocDate = date(odt, oDateKey, ctx).iso;
    if (originalDocNumber === null || originalDocDate === null) {
      const missing = originalDocNumber === null ? oNumberKey : oDateKey;
      ctx.warnings.push(
        issue(
          'ORIGINAL_DOC_MISSING',
          'warning',
          key,
          missing,
          `${ctx.file}: ${fieldPath(ctx, missing)}: amendment without its original document ${originalDocNumber === null ? 'number' : 'date'}`,
        ),
      );
    }
  }

  return {
    key,
    section: info.section,
    supplierGstin: gv.gstin,
    supplierName:
      r.tradenm !== undefined || r.trdnm === undefined
        ? optString(r.tradenm, 'tradenm', ctx)
        : optString(r.trdnm, 'trdnm', ctx),
    docNumber: docNo,
    docDate,
    originalDocNumber,
    originalDocDate,
    invType: optString(r.inv_typ, 'inv_typ', ctx),
    srcForm: optString(r.srcform, 'srcform', ctx) ?? optString(r.rtnTyp, 'rtnTyp', ctx),
    returnPeriod:
      returnPeriod(r.rtnprd, 'rtnprd', docDate, ctx) ??
      returnPeriod(r.sRtnPrd, 'sRtnPrd', docDate, ctx),
    supplierFiled: filingStatus(r.srcfilstatus, ctx),
    pos: placeOfSupply(r.pos, ctx),
    amounts: {
      value: amount(r.val, 'val', ctx, true),
      taxable: amount(r.txval, 'txval', ctx, true),
      igst: amount(r.iamt, 'iamt', ctx, false),
      cgst: amount(r.camt, 'camt', ctx, false),
      sgst: amount(r.samt, 'samt', ctx, false),
      cess: amount(r.cess, 'cess', ctx, false),
    },
    portalAction: portalAction(r.action, ctx),
    pendingBlocked: pendingBlocked(r, ctx),
    ...(r.ispendactblocked === undefined && r.ispendactnallwd === undefined
      ? { pendingFlagAbsent: true }
      : {}),
    remarksBlocked: flag(r.isRemarksBlocked, 'isRemarksBlocked', ctx) === true,
    itcReductionBlocked:
      flag(r.isItcRedReqBlocked, 'isItcRedReqBlocked', ctx) === true ||
      flag(r.itcRedReqBlocked, 'itcRedReqBlocked', ctx) === true,
    portalRemark: remarksText(r.remarks, ctx),
    portalItcReduction: itcReduction(r, key, ctx),
    hash: optString(r.hash, 'hash', ctx),
    extra: extra ?? EMPTY_EXTRA,
  };
}

/** `ispendactblocked` "Y" blocks; so does the older `ispendactnallwd` "N" (pending not allowed).
 * Either spelling saying "blocked" wins: refusing Pending wrongly is the safe side. */
function pendingBlocked(r: Record<string, unknown>, ctx: Ctx): boolean {
  const blocked = flag(r.ispendactblocked, 'ispendactblocked', ctx);
  const allowed = flag(r.ispendactnallwd, 'ispendactnallwd', ctx);
  return blocked === true || allowed === false;
}

/**
 * itcRedReq "Y" with any decl* amount is partial (missing heads 0); "Y" alone is full; "N" is
 * none; absent is null. Amounts without the flag are read as the partial declaration they are.
 * camelCase (API) and snake_case (reported for the offline file) spellings are both read.
 */
function itcReduction(r: Record<string, unknown>, key: string, ctx: Ctx): ItcReduction | null {
  const reqKey =
    r.itcRedReq === undefined && r.itc_red_req !== undefined ? 'itc_red_req' : 'itcRedReq';
  const req = flag(r[reqKey], reqKey, ctx);
  const camel =
    present(r.declIgst) || present(r.declCgst) || present(r.declSgst) || present(r.declCess);
  const names = camel ? CAMEL_DECL : SNAKE_DECL;
  const hasDecl =
    camel ||
    present(r.decl_igst) ||
    present(r.decl_cgst) ||
    present(r.decl_sgst) ||
    present(r.decl_cess);
  if (req === null && !hasDecl) return null;
  if (req === false) {
    if (hasDecl) {
      ctx.warnings.push(
        issue(
          'ITC_REDUCTION_AMOUNTS_IGNORED',
          'warning',
          key,
          reqKey,
          `${ctx.file}: ${fieldPath(ctx, reqKey)}: is "N" (no reduction) but declared amounts are present; they were ignored`,
        ),
      );
    }
    return { kind: 'none' };
  }
  if (!hasDecl) return { kind: 'full' };
  return {
    kind: 'partial',
    igst: amount(r[names[0]], names[0], ctx, false),
    cgst: amount(r[names[1]], names[1], ctx, false),
    sgst: amount(r[names[2]], names[2], ctx, false),
    cess: amount(r[names[3]], names[3], ctx, false),
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
