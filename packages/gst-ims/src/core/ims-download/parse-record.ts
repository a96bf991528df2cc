// One download record: its known keys, unknown keys kept in `extra`, duplicates refused, and
// the fields read into a PortalRecord.
import type { IsoDate } from '../dates.js';
import { BadInputError } from '../errors.js';
import { issue } from '../issue.js';
import {
  assertNoProtoKeys,
  assertWellFormedDeep,
  invalidUnicode,
  isWellFormedText,
  protoError,
} from '../json-checks.js';
import type { ItcReduction, PortalRecord } from '../record.js';
import type { Section, SectionInfo } from '../sections.js';
import { SECTIONS, SECTION_INFO } from '../sections.js';
import type { Ctx, SupplierDocs } from './parse-context.js';
import { fieldPath, recordPath } from './parse-context.js';
import {
  amount,
  date,
  docNumber,
  filingStatus,
  flag,
  keyOf,
  optString,
  placeOfSupply,
  portalAction,
  remarksText,
  returnPeriod,
  supplierGstin,
} from './record-fields.js';

const EMPTY_EXTRA: Readonly<Record<string, unknown>> = Object.freeze({});

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
function checkDuplicate(
  docs: SupplierDocs,
  docNo: string,
  key: string,
  gstin: string,
  ctx: Ctx,
): void {
  const index = ctx.keys.length; // where the record being parsed will go
  const prev = docs.get(docNo);
  if (prev === undefined) {
    docs.set(docNo, index);
    return;
  }
  // The same number again: in another section or year, or a duplicate. Rare, so the full keys
  // are compared only here.
  const list = typeof prev === 'number' ? [prev] : prev;
  for (const j of list) {
    if (ctx.keys[j] === key) {
      const path = recordPath(ctx);
      throw new BadInputError(
        `${ctx.file}: ${path}: duplicate record: ${ctx.sectionPath}[${j - ctx.sectionFirst}] has the same ` +
          `supplier GSTIN ${gstin}, document number "${docNo}" and financial year`,
        { file: ctx.file, path },
      );
    }
  }
  if (typeof prev === 'number') docs.set(docNo, [prev, index]);
  else prev.push(index);
}

export function parseRecord(r: Record<string, unknown>, info: SectionInfo, ctx: Ctx): PortalRecord {
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
  checkDuplicate(gv.docs, docNo, key, gv.gstin, ctx);
  ctx.keys.push(key);
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
