// Parses an IMS download (ims-formats.md section 4) into PortalRecords. Pure: takes the value
// JSON.parse produced, returns records and warnings, throws BadInputError on anything that would
// make the records untrustworthy. Hot path: runs once per record on files of 100,000 records,
// so per-record work is one pass over the keys with a switch, no schema library, no regex
// compilation, and GSTIN checks cached per distinct value.
import type { Action } from './actions.js';
import { parseAction } from './actions.js';
import type { IsoDate } from './dates.js';
import { parsePortalDate } from './dates.js';
import { BadInputError } from './errors.js';
import { checkGstin, normaliseGstin } from './gstin.js';
import type { Issue } from './issue.js';
import { issue } from './issue.js';
import type { Paise } from './money.js';
import { rupeesToPaise } from './money.js';
import type { ItcReduction, PortalRecord } from './record.js';
import { recordKey } from './record.js';
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
    throw new BadInputError(`${file}: ${path}: nested too deeply (over 200 levels)`, {
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
const RE_PERIOD = /^(0[1-9]|1[0-2])\d{4}$/;
const RE_MONTH = /^(0?[1-9]|1[0-2])$/;
const RE_POS = /^\d{2}$/;
const RE_FILING_NOISE = /[\s_-]+/g;

/** Download-only keys we read and do not echo back (they are never part of an upload). */
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

type GstinVerdict =
  | { readonly kind: 'ok'; readonly gstin: string }
  | { readonly kind: 'checksum'; readonly gstin: string; readonly message: string }
  | { readonly kind: 'bad'; readonly message: string };

interface Ctx {
  readonly file: string;
  readonly warnings: Issue[];
  readonly gstins: Map<string, GstinVerdict>;
  /** Portal date text -> ISO date; a file holds few distinct dates. */
  readonly dates: Map<string, IsoDate>;
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
 * (`{"gstin":..., "imsDetails":{...}}`) or either wrapped as `{"data":{...}}`.
 */
export function parseImsDownload(data: unknown, opts: ParseDownloadOptions): ParsedDownload {
  const file = opts.file;
  const ctx: Ctx = {
    file,
    warnings: [],
    gstins: new Map(),
    checksumFailures: new Map(),
    unknownFilingStatus: new Map(),
    dates: new Map(),
    inferredYears: 0,
    firstInferredPath: null,
    sectionPath: '',
    index: 0,
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
  const records: PortalRecord[] = [];
  const seen = new Map<string, number>();
  for (const section of SECTIONS) {
    const key = env.sectionKeys.get(section);
    if (key === undefined) continue;
    const list = env.container[key];
    const sectionPath = env.prefix + key;
    if (list === null) continue; // an empty section written as null
    if (!Array.isArray(list)) fail(ctx, sectionPath, 'an array of records', list);
    const info = SECTION_INFO[section];
    ctx.sectionPath = sectionPath;
    for (let i = 0; i < list.length; i++) {
      const raw: unknown = list[i];
      ctx.index = i;
      if (!isJsonObject(raw)) fail(ctx, recordPath(ctx), 'a record object', raw);
      const rec = parseRecord(raw, info, ctx);
      const prev = seen.get(rec.key);
      if (prev !== undefined) {
        const path = `${sectionPath}[${i}]`;
        throw new BadInputError(
          `${file}: ${path}: duplicate record: ${sectionPath}[${prev}] has the same section, supplier GSTIN ` +
            `${rec.supplierGstin}, document number "${rec.docNumber}" and financial year`,
          { file, path },
        );
      }
      seen.set(rec.key, i);
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
  let verdict = ctx.gstins.get(v);
  if (verdict === undefined) {
    const c = checkGstin(v);
    verdict = c.ok
      ? { kind: 'ok', gstin: c.gstin }
      : c.code === 'GSTIN_CHECKSUM'
        ? { kind: 'checksum', gstin: c.gstin, message: c.message }
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
  return verdict;
}

function docNumber(v: unknown, field: string, ctx: Ctx): string {
  if (typeof v === 'string') {
    const t = v.trim();
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

function date(v: unknown, field: string, ctx: Ctx): IsoDate {
  if (typeof v === 'string') {
    const cached = ctx.dates.get(v);
    if (cached !== undefined) return cached;
    const d = parsePortalDate(v);
    if (d !== null) {
      if (ctx.dates.size < 100_000) ctx.dates.set(v, d);
      return d;
    }
  }
  return fail(ctx, fieldPath(ctx, field), 'a date DD-MM-YYYY', v);
}

function amount(v: unknown, field: string, ctx: Ctx, required: boolean): Paise {
  if (typeof v === 'number') {
    // Fast path, exact: v is the double nearest to a 2-decimal amount iff p / 100 gives v back.
    const p = Math.round(v * 100);
    if (p / 100 === v && Number.isSafeInteger(p)) return (p === 0 ? 0 : p) as Paise;
    const q = rupeesToPaise(v);
    if (q !== null) return q;
  } else if (typeof v === 'string') {
    if (v.trim() === '') {
      if (!required) return 0 as Paise;
    } else {
      const q = rupeesToPaise(v);
      if (q !== null) return q;
    }
  } else if ((v === undefined || v === null) && !required) {
    return 0 as Paise;
  }
  return fail(ctx, fieldPath(ctx, field), AMOUNT, v);
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
  const t = v.trim();
  return t === '' ? null : t;
}

/** Remarks are kept verbatim (no trimming); empty means none. */
function remarksText(v: unknown, ctx: Ctx): string | null {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string') return fail(ctx, fieldPath(ctx, 'remarks'), 'a string', v);
  return v;
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
  const exact = FILING_STATUS.get(v) ?? FILING_STATUS.get(v.toLowerCase());
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
    if (v.length === 2 && RE_POS.test(v)) return v;
    const t = v.trim();
    if (RE_POS.test(t)) return t;
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
function returnPeriod(v: unknown, field: string, docDate: IsoDate, ctx: Ctx): string | null {
  if (v === undefined || v === null || v === '') return null;
  let t: string;
  if (typeof v === 'string') t = v.length === 6 ? v : v.trim();
  else if (typeof v === 'number' && Number.isInteger(v) && v > 0) {
    const s = String(v);
    t = s.length === 5 ? `0${s}` : s; // 12023 lost its leading zero: "012023"
  } else return fail(ctx, fieldPath(ctx, field), 'a return period "MMYYYY"', v);
  if (t.length === 6 && RE_PERIOD.test(t)) return t;
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

// Record keys we read. Codes index a switch (a jump table), cheaper than comparing each key
// against every name. Keys of other sections (nt_num on b2b...) are handled as unknown.
const F_STIN = 1;
const F_INUM = 2;
const F_NT_NUM = 3;
const F_IDT = 4;
const F_NT_DT = 5;
const F_OINUM = 6;
const F_ONT_NUM = 7;
const F_OIDT = 8;
const F_ONT_DT = 9;
const F_INV_TYP = 10;
const F_SRCFORM = 11;
const F_RTNTYP = 12;
const F_RTNPRD = 13;
const F_SRTNPRD = 14;
const F_FILED = 15;
const F_VAL = 16;
const F_TXVAL = 17;
const F_IAMT = 18;
const F_CAMT = 19;
const F_SAMT = 20;
const F_CESS = 21;
const F_POS = 22;
const F_ACTION = 23;
const F_PEND_BLOCKED = 24;
const F_PEND_ALLOWED = 25;
const F_REMARKS_BLOCKED = 26;
const F_ITC_BLOCKED = 27;
const F_ITC_BLOCKED_ALT = 28;
const F_REMARKS = 29;
const F_TRADENM = 30;
const F_HASH = 31;
const F_RED_REQ = 32;
const F_DECL_IGST = 33;
const F_DECL_CGST = 34;
const F_DECL_SGST = 35;
const F_DECL_CESS = 36;
const F_DROP = 37;
const F_PROTO = 38;

const FIELD: ReadonlyMap<string, number> = new Map([
  ['stin', F_STIN],
  ['inum', F_INUM],
  ['nt_num', F_NT_NUM],
  ['idt', F_IDT],
  ['nt_dt', F_NT_DT],
  ['oinum', F_OINUM],
  ['ont_num', F_ONT_NUM],
  ['oidt', F_OIDT],
  ['ont_dt', F_ONT_DT],
  ['inv_typ', F_INV_TYP],
  ['srcform', F_SRCFORM],
  ['rtnTyp', F_RTNTYP],
  ['rtnprd', F_RTNPRD],
  ['sRtnPrd', F_SRTNPRD],
  ['srcfilstatus', F_FILED],
  ['val', F_VAL],
  ['txval', F_TXVAL],
  ['iamt', F_IAMT],
  ['camt', F_CAMT],
  ['samt', F_SAMT],
  ['cess', F_CESS],
  ['pos', F_POS],
  ['action', F_ACTION],
  ['ispendactblocked', F_PEND_BLOCKED],
  ['ispendactnallwd', F_PEND_ALLOWED],
  ['isRemarksBlocked', F_REMARKS_BLOCKED],
  ['isItcRedReqBlocked', F_ITC_BLOCKED],
  ['itcRedReqBlocked', F_ITC_BLOCKED_ALT],
  ['remarks', F_REMARKS],
  ['tradenm', F_TRADENM],
  ['trdnm', F_TRADENM],
  ['hash', F_HASH],
  ['itcRedReq', F_RED_REQ],
  ['itc_red_req', F_RED_REQ],
  ['declIgst', F_DECL_IGST],
  ['decl_igst', F_DECL_IGST],
  ['declCgst', F_DECL_CGST],
  ['decl_cgst', F_DECL_CGST],
  ['declSgst', F_DECL_SGST],
  ['decl_sgst', F_DECL_SGST],
  ['declCess', F_DECL_CESS],
  ['decl_cess', F_DECL_CESS],
  // Download-only portal flag of unknown meaning; never part of an upload.
  ['ItcAvailabilityCheck', F_DROP],
  ['__proto__', F_PROTO],
]);

const present = (v: unknown): boolean => v !== undefined && v !== null && v !== '';

function parseRecord(r: Record<string, unknown>, info: SectionInfo, ctx: Ctx): PortalRecord {
  let stin: unknown;
  let num: unknown;
  let dt: unknown;
  let onum: unknown;
  let odt: unknown;
  let invTyp: unknown;
  let srcform: unknown;
  let rtnTyp: unknown;
  let rtnprd: unknown;
  let sRtnPrd: unknown;
  let filed: unknown;
  let val: unknown;
  let txval: unknown;
  let iamt: unknown;
  let camt: unknown;
  let samt: unknown;
  let cess: unknown;
  let posV: unknown;
  let action: unknown;
  let pendBlocked: unknown;
  let pendAllowed: unknown;
  let remarksBlocked: unknown;
  let itcBlocked: unknown;
  let itcBlockedAlt: unknown;
  let remarks: unknown;
  let tradenm: unknown;
  let hash: unknown;
  let redReq: unknown;
  let declIgst: unknown;
  let declCgst: unknown;
  let declSgst: unknown;
  let declCess: unknown;
  // The key actually used, for messages (camelCase or snake_case spelling).
  let redReqKey = 'itcRedReq';
  let declKeys: [string, string, string, string] | null = null;
  let extra: Record<string, unknown> | null = null;
  const isInvoice = info.numberKey === 'inum';
  const isAmendment = info.originalNumberKey !== null;

  for (const k of Object.keys(r)) {
    const v = r[k];
    switch (FIELD.get(k)) {
      case F_STIN:
        stin = v;
        continue;
      case F_INUM:
        if (isInvoice) {
          num = v;
          continue;
        }
        break;
      case F_NT_NUM:
        if (!isInvoice) {
          num = v;
          continue;
        }
        break;
      case F_IDT:
        if (isInvoice) {
          dt = v;
          continue;
        }
        break;
      case F_NT_DT:
        if (!isInvoice) {
          dt = v;
          continue;
        }
        break;
      case F_OINUM:
        if (isAmendment && isInvoice) {
          onum = v;
          continue;
        }
        break;
      case F_ONT_NUM:
        if (isAmendment && !isInvoice) {
          onum = v;
          continue;
        }
        break;
      case F_OIDT:
        if (isAmendment && isInvoice) {
          odt = v;
          continue;
        }
        break;
      case F_ONT_DT:
        if (isAmendment && !isInvoice) {
          odt = v;
          continue;
        }
        break;
      case F_INV_TYP:
        invTyp = v;
        continue;
      case F_SRCFORM:
        srcform = v;
        continue;
      case F_RTNTYP:
        rtnTyp = v;
        continue;
      case F_RTNPRD:
        rtnprd = v;
        continue;
      case F_SRTNPRD:
        sRtnPrd = v;
        continue;
      case F_FILED:
        filed = v;
        continue;
      case F_VAL:
        val = v;
        continue;
      case F_TXVAL:
        txval = v;
        continue;
      case F_IAMT:
        iamt = v;
        continue;
      case F_CAMT:
        camt = v;
        continue;
      case F_SAMT:
        samt = v;
        continue;
      case F_CESS:
        cess = v;
        continue;
      case F_POS:
        posV = v;
        continue;
      case F_ACTION:
        action = v;
        continue;
      case F_PEND_BLOCKED:
        pendBlocked = v;
        continue;
      case F_PEND_ALLOWED:
        pendAllowed = v;
        continue;
      case F_REMARKS_BLOCKED:
        remarksBlocked = v;
        continue;
      case F_ITC_BLOCKED:
        itcBlocked = v;
        continue;
      case F_ITC_BLOCKED_ALT:
        itcBlockedAlt = v;
        continue;
      case F_REMARKS:
        remarks = v;
        continue;
      case F_TRADENM:
        tradenm = v;
        continue;
      case F_HASH:
        hash = v;
        continue;
      case F_RED_REQ:
        redReq = v;
        redReqKey = k;
        continue;
      case F_DECL_IGST:
        declIgst = v;
        (declKeys ??= ['declIgst', 'declCgst', 'declSgst', 'declCess'])[0] = k;
        continue;
      case F_DECL_CGST:
        declCgst = v;
        (declKeys ??= ['declIgst', 'declCgst', 'declSgst', 'declCess'])[1] = k;
        continue;
      case F_DECL_SGST:
        declSgst = v;
        (declKeys ??= ['declIgst', 'declCgst', 'declSgst', 'declCess'])[2] = k;
        continue;
      case F_DECL_CESS:
        declCess = v;
        (declKeys ??= ['declIgst', 'declCgst', 'declSgst', 'declCess'])[3] = k;
        continue;
      case F_DROP:
        continue;
      case F_PROTO:
        throw protoError(ctx.file, fieldPath(ctx, k));
    }
    // Unknown (or another section's) key: kept verbatim so it can be echoed back.
    if (typeof v === 'object' && v !== null) assertNoProtoKeys(v, ctx.file, fieldPath(ctx, k));
    extra ??= {};
    extra[k] = v;
  }

  const gv = supplierGstin(stin, ctx);
  const docNo = docNumber(num, info.numberKey, ctx);
  const docDate = date(dt, info.dateKey, ctx);
  const key = recordKey(info.section, gv.gstin, docNo, docDate);
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
  if (info.originalNumberKey !== null && info.originalDateKey !== null) {
    if (onum !== undefined && onum !== null)
      originalDocNumber = docNumber(onum, info.originalNumberKey, ctx);
    if (odt !== undefined && odt !== null) originalDocDate = date(odt, info.originalDateKey, ctx);
    if (originalDocNumber === null || originalDocDate === null) {
      const missing = originalDocNumber === null ? info.originalNumberKey : info.originalDateKey;
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

  let itc: ItcReduction | null = null;
  const req = flag(redReq, redReqKey, ctx);
  const hasDecl =
    declKeys !== null &&
    (present(declIgst) || present(declCgst) || present(declSgst) || present(declCess));
  if (req === true || (req === null && hasDecl)) {
    // "Y" with amounts (missing heads 0) is partial; "Y" alone is full. Amounts without the
    // flag are read as the partial declaration they describe.
    itc =
      hasDecl && declKeys !== null
        ? {
            kind: 'partial',
            igst: amount(declIgst, declKeys[0], ctx, false),
            cgst: amount(declCgst, declKeys[1], ctx, false),
            sgst: amount(declSgst, declKeys[2], ctx, false),
            cess: amount(declCess, declKeys[3], ctx, false),
          }
        : { kind: 'full' };
  } else if (req === false) {
    itc = { kind: 'none' };
    if (hasDecl) {
      ctx.warnings.push(
        issue(
          'ITC_REDUCTION_AMOUNTS_IGNORED',
          'warning',
          key,
          redReqKey,
          `${ctx.file}: ${fieldPath(ctx, redReqKey)}: is "N" (no reduction) but declared amounts are present; they were ignored`,
        ),
      );
    }
  }

  const blocked = flag(pendBlocked, 'ispendactblocked', ctx);
  const allowed = flag(pendAllowed, 'ispendactnallwd', ctx);
  const itcB1 = flag(itcBlocked, 'isItcRedReqBlocked', ctx);
  const itcB2 = flag(itcBlockedAlt, 'itcRedReqBlocked', ctx);

  return {
    key,
    section: info.section,
    supplierGstin: gv.gstin,
    supplierName: optString(tradenm, 'tradenm', ctx),
    docNumber: docNo,
    docDate,
    originalDocNumber,
    originalDocDate,
    invType: optString(invTyp, 'inv_typ', ctx),
    srcForm: optString(srcform, 'srcform', ctx) ?? optString(rtnTyp, 'rtnTyp', ctx),
    returnPeriod:
      returnPeriod(rtnprd, 'rtnprd', docDate, ctx) ??
      returnPeriod(sRtnPrd, 'sRtnPrd', docDate, ctx),
    supplierFiled: filingStatus(filed, ctx),
    pos: placeOfSupply(posV, ctx),
    amounts: {
      value: amount(val, 'val', ctx, true),
      taxable: amount(txval, 'txval', ctx, true),
      igst: amount(iamt, 'iamt', ctx, false),
      cgst: amount(camt, 'camt', ctx, false),
      sgst: amount(samt, 'samt', ctx, false),
      cess: amount(cess, 'cess', ctx, false),
    },
    portalAction: portalAction(action, ctx),
    // Either spelling saying "blocked" wins: refusing Pending wrongly is the safe side.
    pendingBlocked: blocked === true || allowed === false,
    remarksBlocked: flag(remarksBlocked, 'isRemarksBlocked', ctx) === true,
    itcReductionBlocked: itcB1 === true || itcB2 === true,
    portalRemark: remarksText(remarks, ctx),
    portalItcReduction: itc,
    hash: optString(hash, 'hash', ctx),
    extra: extra ?? EMPTY_EXTRA,
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
