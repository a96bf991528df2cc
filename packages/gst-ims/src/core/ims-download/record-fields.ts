// One field of a download record each: read, checked, and converted (amounts to paise, dates
// to calendar dates, Y/N flags, return periods). Char-code checks where a regex per record
// would cost.
import type { Action } from '../actions.js';
import { parseAction } from '../actions.js';
import type { IsoDate } from '../dates.js';
import { fiscalYearOf, parsePortalDate } from '../dates.js';
import { BadInputError } from '../errors.js';
import { checkGstin } from '../gstin.js';
import { invalidUnicode, isWellFormedText } from '../json-checks.js';
import type { Paise } from '../money.js';
import { rupeesToPaise } from '../money.js';
import type { Section } from '../sections.js';
import type { Ctx, DateInfo, GstinVerdict } from './parse-context.js';
import { fail, fieldPath } from './parse-context.js';

const AMOUNT = 'an amount in rupees with at most 2 decimals';
const FLAG = '"Y" or "N" (or true/false)';
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

export function supplierGstin(v: unknown, ctx: Ctx): Exclude<GstinVerdict, { kind: 'bad' }> {
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

export function docNumber(v: unknown, field: string, ctx: Ctx): string {
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

/** A portal date, cached per distinct text with its financial year (files repeat dates). */
export function date(v: unknown, field: string, ctx: Ctx): DateInfo {
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
export function keyOf(section: Section, gstin: string, docNo: string, d: DateInfo): string {
  return `${section}|${gstin}|${docNo}|${d.fy}`;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

export function amount(v: unknown, field: string, ctx: Ctx, required: boolean): Paise {
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
export function flag(v: unknown, field: string, ctx: Ctx): boolean | null {
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
export function optString(v: unknown, field: string, ctx: Ctx): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') return fail(ctx, fieldPath(ctx, field), 'a string', v);
  const t = text(v, field, ctx).trim();
  return t === '' ? null : t;
}

/** `v` itself, when it is valid Unicode text. */
export function text(v: string, field: string, ctx: Ctx): string {
  if (!isWellFormedText(v)) throw invalidUnicode(ctx.file, fieldPath(ctx, field), v);
  return v;
}

/** Remarks are kept verbatim (no trimming); empty means none. */
export function remarksText(v: unknown, ctx: Ctx): string | null {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string') return fail(ctx, fieldPath(ctx, 'remarks'), 'a string', v);
  return text(v, 'remarks', ctx);
}

export function filingStatus(v: unknown, ctx: Ctx): boolean | null {
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

export function placeOfSupply(v: unknown, ctx: Ctx): string | null {
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

/**
 * "MMYYYY" as given. "MM" alone (reported for the offline file) gets the earliest year that
 * does not put the return period before the document's month, since a supplier cannot report
 * a document in the return of an earlier month: document 28-12-2025 with "01" -> "012026",
 * document 05-04-2026 with "04" -> "042026".
 */
export function returnPeriod(v: unknown, field: string, docDate: IsoDate, ctx: Ctx): string | null {
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

export function portalAction(v: unknown, ctx: Ctx): Action {
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
