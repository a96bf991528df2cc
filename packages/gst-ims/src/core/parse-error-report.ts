// Parses the portal's answer to an upload (ims-formats.md 4.3, 4.4): the API request status
// with its error_report, or the offline tool's error download (imsDetailsErr). Pure.
import { BadInputError } from './errors.js';
import { normaliseGstin } from './gstin.js';
import type { Issue } from './issue.js';
import { issue } from './issue.js';
import {
  assertNoProtoKeys,
  assertWellFormedDeep,
  describeJsonValue,
  isJsonObject,
} from './parse-ims-download.js';
import type { Section } from './sections.js';
import { SECTIONS, SECTION_INFO, sectionFromAlias } from './sections.js';

export interface PortalErrorEntry {
  section: Section;
  /** Normalised (trim, upper case). */
  supplierGstin: string;
  /** Trimmed, as the portal wrote it. */
  docNumber: string;
  /** As the portal wrote it (normally "MMYYYY"); null when absent. */
  returnPeriod: string | null;
  code: string | null;
  /** The portal's message; "" when it gave none. */
  message: string;
}

export interface ParsedErrorReport {
  /** P, PE, ER, IP ... as given; null when absent (the offline error file has none). */
  statusCode: string | null;
  /** The request kind the answer is for: "SAV" for a save; null when absent. */
  transTypCd: string | null;
  processedCount: number | null;
  errorCount: number | null;
  entries: PortalErrorEntry[];
  warnings: Issue[];
}

const KNOWN_SECTION_KEYS = SECTIONS.map((s) => {
  const aliases = SECTION_INFO[s].errorReportKeys.filter((k) => k !== s);
  return aliases.length > 0 ? `${s} (${aliases.join(', ')})` : s;
}).join(', ');

class Reader {
  constructor(readonly file: string) {}

  refuse(path: string, expected: string, found: unknown, why: string): never {
    throw new BadInputError(
      `${this.file}: ${path}: expected ${expected}, found ${describeJsonValue(found)}: ${why}`,
      { file: this.file, path, expected },
    );
  }

  fail(path: string, expected: string, found: unknown): never {
    throw new BadInputError(
      `${this.file}: ${path}: expected ${expected}, found ${describeJsonValue(found)}`,
      { file: this.file, path, expected },
    );
  }

  object(v: unknown, path: string, what = 'an object'): Record<string, unknown> {
    if (!isJsonObject(v)) return this.fail(path, what, v);
    return v;
  }

  /** A list; null reads as empty. */
  array(v: unknown, path: string): readonly unknown[] {
    if (v === null) return [];
    if (!Array.isArray(v)) return this.fail(path, 'an array', v);
    return v;
  }

  /** A trimmed string, null when absent/empty; numbers are refused (they lose leading zeros). */
  optString(v: unknown, path: string): string | null {
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string') return this.fail(path, 'a string', v);
    const t = v.trim();
    return t === '' ? null : t;
  }

  /** A code or status: a string, or a number written without quotes. */
  optCode(v: unknown, path: string): string | null {
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    return this.optString(v, path);
  }

  /** Counts are strings in the portal's answers; numbers are accepted too. */
  optCount(v: unknown, path: string): number | null {
    if (v === undefined || v === null || v === '') return null;
    if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return v;
    if (typeof v === 'string') {
      const t = v.trim();
      if (t === '') return null;
      const n = Number(t);
      if (/^\d+$/.test(t) && Number.isSafeInteger(n)) return n;
    }
    return this.fail(path, 'a count (a whole number, as a string or number)', v);
  }

  section(key: string, path: string): Section {
    const s = sectionFromAlias(key);
    // sectionFromAlias also reads sheet names ("B2B-CN"); the portal never writes those here.
    if (s === null || key.includes('-')) {
      throw new BadInputError(
        `${this.file}: ${path}: unknown section "${key}"; expected one of ${KNOWN_SECTION_KEYS}`,
        { file: this.file, path, expected: KNOWN_SECTION_KEYS },
      );
    }
    return s;
  }

  /** Own keys of a JSON object, refusing "__proto__". */
  keys(o: Record<string, unknown>, path: string): string[] {
    const keys = Object.keys(o);
    for (const k of keys) {
      if (k === '__proto__') {
        const p = path === '' ? k : `${path}.${k}`;
        throw new BadInputError(
          `${this.file}: ${p}: a "__proto__" key is not allowed in portal JSON`,
          {
            file: this.file,
            path: p,
          },
        );
      }
    }
    return keys;
  }
}

/**
 * Parses a portal error file. Shape 1, the API request status (REQSTS):
 * `{"status_cd","proc_cnt","err_cnt","error_report":{section:[{stin,error_cd,error_msg,inv:[{rtnprd,inum}]}]}}`,
 * possibly wrapped as `{"data":{...}}`; section keys may be `b2b`/`dn`/`cn`/`e_b2b`... or the
 * invdata keys `b2bdn`/`b2bcn`... Shape 2, the offline error download:
 * `{"imsDetailsErr":{section:[records with error_msg (and error_cd)]}}`.
 */
export function parseErrorReport(data: unknown, file: string): ParsedErrorReport {
  const rd = new Reader(file);
  if (!isJsonObject(data)) {
    throw new BadInputError(
      `${file}: expected a JSON object at the top level, found ${describeJsonValue(data)}`,
      { file, path: '', expected: 'a JSON object' },
    );
  }
  assertNoProtoKeys(data, file, '');
  // A lone surrogate in a document number would match no record and be listed as unknown.
  assertWellFormedDeep(data, file, '');
  const { body, prefix } = unwrap(rd, data);
  if ('imsDetailsErr' in body) return parseOffline(rd, body, prefix);
  if (!('status_cd' in body) && !('error_report' in body)) {
    throw new BadInputError(
      `${file}: not a portal error file: expected status_cd/error_report (the portal's request status, bare or inside a GSP's "result" or "data"), or imsDetailsErr (the offline tool's error download); found the keys ${describeKeys(body)}`,
      { file, path: prefix, expected: 'status_cd, error_report or imsDetailsErr' },
    );
  }
  return parseStatus(rd, body, prefix);
}

/** The request statuses the portal answers with (ims-formats.md §4.3). */
export const PORTAL_STATUS_CODES = {
  P: 'processed',
  PE: 'processed with errors',
  ER: 'error: nothing processed',
  IP: 'in progress',
} as const;
export type PortalStatusCode = keyof typeof PORTAL_STATUS_CODES;

function isPortalStatus(v: unknown): boolean {
  return typeof v === 'string' && Object.hasOwn(PORTAL_STATUS_CODES, v.trim().toUpperCase());
}

/** The portal's own answer: an error list, the offline error download, or a portal status. */
function looksLikeReport(o: Record<string, unknown>): boolean {
  return 'error_report' in o || 'imsDetailsErr' in o || isPortalStatus(o.status_cd);
}

function codeText(v: unknown): string {
  return typeof v === 'string' || typeof v === 'number' ? String(v) : 'no code';
}

function containsReport(v: unknown, depth: number): boolean {
  if (!isJsonObject(v)) return false;
  if (looksLikeReport(v)) return true;
  return depth > 1 && (containsReport(v.result, depth - 1) || containsReport(v.data, depth - 1));
}

function describeKeys(o: Record<string, unknown>): string {
  const keys = Object.keys(o);
  return keys.length === 0
    ? '(none)'
    : keys
        .slice(0, 8)
        .map((k) => JSON.stringify(k))
        .join(', ');
}

/**
 * Finds the portal's answer inside the envelopes it arrives in: bare; a GSP's
 * `{"result":{...},"status_cd":1}` (india-compliance #4228, a real 2026 answer);
 * `{"data":{...}}`; or the two nested. A GSP's error envelope (`status_cd` 0 with `error`) is
 * refused with its message; so is any shape in which no answer is found: an unreadable answer
 * must never read as "no errors".
 */
function unwrap(
  rd: Reader,
  data: Record<string, unknown>,
): { body: Record<string, unknown>; prefix: string } {
  let body = data;
  let prefix = '';
  for (
    let depth = 0;
    depth < 3 && !('error_report' in body) && !('imsDetailsErr' in body);
    depth++
  ) {
    const key = ['result', 'data'].find((k) => containsReport(body[k], 3 - depth));
    if (key === undefined) break;
    body = body[key] as Record<string, unknown>;
    prefix = `${prefix}${key}.`;
  }
  const status = body.status_cd;
  if (
    status !== undefined &&
    status !== null &&
    !isPortalStatus(status) &&
    !('imsDetailsErr' in body)
  ) {
    const gspError = isJsonObject(body.error) ? body.error : null;
    const said =
      gspError === null
        ? ''
        : ` It says: ${JSON.stringify(gspError.message ?? gspError.error_msg ?? gspError.desc ?? '')} (${codeText(gspError.error_cd ?? gspError.code)}).`;
    rd.refuse(
      `${prefix}status_cd`,
      `a portal request status (${Object.keys(PORTAL_STATUS_CODES).join(', ')})`,
      status,
      gspError !== null
        ? `this is a GSP's error answer, not the portal's status of an upload.${said} Fetch the request status again.`
        : 'error_report' in body
          ? `the portal answers with one of these; with an unknown status the answer cannot be trusted, so nothing was marked.`
          : `no portal answer (error_report, or a result/data object with a portal status) was found inside it; the file cannot be read, so nothing was marked.`,
    );
  }
  return { body, prefix };
}

function parseStatus(rd: Reader, body: Record<string, unknown>, prefix: string): ParsedErrorReport {
  const statusCode = rd.optCode(body.status_cd, `${prefix}status_cd`)?.toUpperCase() ?? null;
  const processedCount = rd.optCount(body.proc_cnt, `${prefix}proc_cnt`);
  const errorCount = rd.optCount(body.err_cnt, `${prefix}err_cnt`);
  const entries: PortalErrorEntry[] = [];
  const warnings: Issue[] = [];

  const report = body.error_report;
  if (report !== undefined && report !== null) {
    const rp = `${prefix}error_report`;
    const obj = rd.object(report, rp, 'an object keyed by section (b2b, dn, cn, ...)');
    for (const key of rd.keys(obj, rp)) {
      const sp = `${rp}.${key}`;
      const section = rd.section(key, sp);
      const groups = rd.array(obj[key], sp);
      for (let g = 0; g < groups.length; g++) {
        const gp = `${sp}[${g}]`;
        const group = rd.object(groups[g], gp, 'an error group object');
        const stin = supplier(rd, group.stin, `${gp}.stin`);
        const code = rd.optCode(group.error_cd, `${gp}.error_cd`);
        const message = rd.optString(group.error_msg, `${gp}.error_msg`) ?? '';
        if (group.inv === undefined && (group.inum !== undefined || group.nt_num !== undefined)) {
          // A flat entry, the document named on the group itself.
          entries.push(entry(rd, section, stin, group, gp, code, message));
          continue;
        }
        const invs = rd.array(group.inv, `${gp}.inv`);
        for (let i = 0; i < invs.length; i++) {
          const ip = `${gp}.inv[${i}]`;
          const inv = rd.object(invs[i], ip, 'a document object {rtnprd, inum}');
          // An error on the document itself, if any, is more precise than the group's.
          const ownCode = rd.optCode(inv.error_cd, `${ip}.error_cd`);
          const ownMsg = rd.optString(inv.error_msg, `${ip}.error_msg`);
          entries.push(entry(rd, section, stin, inv, ip, ownCode ?? code, ownMsg ?? message));
        }
      }
    }
  }

  const topMsg =
    rd.optString(body.err_msg, `${prefix}err_msg`) ??
    rd.optString(body.error_msg, `${prefix}error_msg`);
  const topCode =
    rd.optCode(body.err_cd, `${prefix}err_cd`) ?? rd.optCode(body.error_cd, `${prefix}error_cd`);
  const file = rd.file;
  const what = topMsg === null ? 'no message' : `"${topMsg}"`;
  const coded = topCode === null ? what : `${what} (${topCode})`;
  if (statusCode === 'ER' && entries.length === 0) {
    warnings.push(
      issue(
        'UPLOAD_REJECTED_WHOLE',
        'warning',
        null,
        'status_cd',
        `${file}: the portal rejected the whole upload (status ER): ${coded}`,
      ),
    );
  } else {
    if (topMsg !== null) {
      warnings.push(
        issue(
          'UPLOAD_STATUS_MESSAGE',
          'warning',
          null,
          'err_msg',
          `${file}: the portal says ${coded}`,
        ),
      );
    }
    if (statusCode === 'IP') {
      warnings.push(
        issue(
          'UPLOAD_IN_PROGRESS',
          'warning',
          null,
          'status_cd',
          `${file}: the upload is still being processed (status IP); fetch the status again later`,
        ),
      );
    } else if (statusCode === 'PE' && entries.length === 0) {
      warnings.push(
        issue(
          'ERROR_REPORT_EMPTY',
          'warning',
          null,
          'error_report',
          `${file}: status PE (processed with errors) but no record errors are listed`,
        ),
      );
    }
    if (errorCount !== null && entries.length > 0 && errorCount !== entries.length) {
      warnings.push(
        issue(
          'ERROR_COUNT_MISMATCH',
          'warning',
          null,
          'err_cnt',
          `${file}: err_cnt says ${errorCount} but ${entries.length} record errors are listed`,
        ),
      );
    }
  }
  const transTypCd = rd.optCode(body.transTypCd, `${prefix}transTypCd`)?.toUpperCase() ?? null;
  return { statusCode, transTypCd, processedCount, errorCount, entries, warnings };
}

function parseOffline(
  rd: Reader,
  body: Record<string, unknown>,
  prefix: string,
): ParsedErrorReport {
  const rp = `${prefix}imsDetailsErr`;
  const obj = rd.object(body.imsDetailsErr, rp, 'an object keyed by section (b2b, b2bcn, ...)');
  const entries: PortalErrorEntry[] = [];
  for (const key of rd.keys(obj, rp)) {
    const sp = `${rp}.${key}`;
    const lower = key.toLowerCase();
    if (lower === 'gstin' || lower === 'rtin') continue; // envelope fields, not sections
    const section = rd.section(key, sp);
    const records = rd.array(obj[key], sp);
    for (let i = 0; i < records.length; i++) {
      const ip = `${sp}[${i}]`;
      const r = rd.object(records[i], ip, 'a record object');
      const stin = supplier(rd, r.stin, `${ip}.stin`);
      const code = rd.optCode(r.error_cd, `${ip}.error_cd`);
      const message = rd.optString(r.error_msg, `${ip}.error_msg`) ?? '';
      entries.push(entry(rd, section, stin, r, ip, code, message));
    }
  }
  return {
    statusCode: null,
    transTypCd: null,
    processedCount: null,
    errorCount: null,
    entries,
    warnings: [],
  };
}

function supplier(rd: Reader, v: unknown, path: string): string {
  if (typeof v !== 'string' || v.trim() === '')
    return rd.fail(path, 'the supplier GSTIN as a string', v);
  return normaliseGstin(v);
}

/**
 * One document: its number under the section's key, or under the other spelling (the portal's
 * error report keeps notes' numbers under `inum`; EY also reads `nt_num`).
 */
function entry(
  rd: Reader,
  section: Section,
  supplierGstin: string,
  doc: Record<string, unknown>,
  path: string,
  code: string | null,
  message: string,
): PortalErrorEntry {
  const own = SECTION_INFO[section].numberKey;
  const other = own === 'inum' ? 'nt_num' : 'inum';
  const key = doc[own] !== undefined ? own : doc[other] !== undefined ? other : own;
  const raw = doc[key];
  if (typeof raw !== 'string' || raw.trim() === '') {
    return rd.fail(`${path}.${key}`, 'a string', raw);
  }
  const rp = doc.rtnprd !== undefined ? 'rtnprd' : 'sRtnPrd';
  return {
    section,
    supplierGstin,
    docNumber: raw.trim(),
    returnPeriod: rd.optString(doc[rp], `${path}.${rp}`),
    code,
    message,
  };
}
