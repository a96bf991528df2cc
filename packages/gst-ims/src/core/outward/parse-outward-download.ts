// Parses the IMS supplier-view downloads (supplier-view.md §3): the sales documents in the GSTR-1
// shape with the customer's `imsactn` (§3.1), the added-back liabilities `rejInvAddBackLiab`
// (§3.2), and the empty answer IMS0027 (§1), read as "none". Hand-written like the recipient
// parser (decision 0002): every refusal names the file, the record's path and the field, what was
// expected and what was found, with a stable code. Pure.
import { parsePortalDate } from '../dates.js';
import type { IsoDate } from '../dates.js';
import { BadInputError } from '../errors.js';
import { checkGstin, normaliseGstin } from '../gstin.js';
import type { Paise } from '../money.js';
import { rupeesToPaise } from '../money.js';
import type { Amounts } from '../record.js';
import { assertNoProtoKeys, describeJsonValue, isJsonObject } from '../parse-ims-download.js';
import type { OutwardIssue } from './outward-codes.js';
import type {
  AddedBackLiability,
  AddedBackSection,
  CustomerAction,
  OutwardDocType,
  OutwardDocument,
  OutwardForm,
  OutwardSection,
} from './outward-document.js';

export type ParsedOutward =
  | {
      readonly kind: 'sales';
      readonly supplierGstin: string;
      readonly period: string;
      /** The returns the file carries (gstr1, gstr1a): an import replaces only those. */
      readonly forms: OutwardForm[];
      readonly documents: OutwardDocument[];
      readonly warnings: OutwardIssue[];
    }
  | {
      readonly kind: 'addedBack';
      readonly supplierGstin: string;
      readonly period: string;
      readonly records: AddedBackLiability[];
      readonly warnings: OutwardIssue[];
    }
  | {
      /** IMS0027: the portal holds no added-back liability for the period asked. */
      readonly kind: 'none';
      readonly code: 'IMS0027';
      readonly message: string;
      readonly warnings: OutwardIssue[];
    };

/** The portal's "no added back liability records" answer. */
export const EMPTY_ADDED_BACK_CODE = 'IMS0027';

const AMOUNT = 'an amount in rupees with at most 2 decimals';
const DATE = 'a date DD-MM-YYYY';
const GSTIN = 'a GSTIN (15 characters)';
const PERIOD_RE = /^(0[1-9]|1[0-2])\d{4}$/;

type Obj = Record<string, unknown>;

class Reader {
  readonly warnings: OutwardIssue[] = [];
  constructor(readonly file: string) {}

  fail(path: string, field: string | null, expected: string, found: unknown, code: string): never {
    const at = field === null ? path : path === '' ? field : `${path}: ${field}`;
    const what =
      found === undefined
        ? `${expected} is missing`
        : `expected ${expected}, found ${describeJsonValue(found)}`;
    throw new BadInputError(`${this.file}: ${at}: ${what} [${code}]`, {
      file: this.file,
      path,
      ...(field === null ? {} : { field }),
      expected,
      code,
    });
  }

  obj(v: unknown, path: string): Obj {
    if (!isJsonObject(v)) this.fail(path, null, 'an object', v, 'NOT_AN_OBJECT');
    return v;
  }

  list(o: Obj, field: string, path: string, required = false): unknown[] {
    const v = o[field];
    if (v === undefined || v === null) {
      if (required) this.fail(path, field, 'a list', v, 'MISSING_FIELD');
      return [];
    }
    if (!Array.isArray(v)) this.fail(path, field, 'a list', v, 'NOT_A_LIST');
    return v;
  }

  text(o: Obj, field: string, path: string): string {
    const v = o[field];
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    if (typeof v !== 'string' || v.trim() === '')
      this.fail(path, field, 'text', v, v === undefined ? 'MISSING_FIELD' : 'BAD_VALUE');
    return v.trim();
  }

  optText(o: Obj, field: string, path: string): string | null {
    const v = o[field];
    if (v === undefined || v === null || v === '') return null;
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    if (typeof v !== 'string') this.fail(path, field, 'text', v, 'BAD_VALUE');
    return v.trim() === '' ? null : v.trim();
  }

  date(o: Obj, field: string, path: string): IsoDate {
    const v = o[field];
    const d = typeof v === 'string' ? parsePortalDate(v) : null;
    if (d === null) this.fail(path, field, DATE, v, v === undefined ? 'MISSING_FIELD' : 'BAD_DATE');
    return d;
  }

  optDate(o: Obj, field: string, path: string): IsoDate | null {
    const v = o[field];
    if (v === undefined || v === null || v === '') return null;
    return this.date(o, field, path);
  }

  amount(o: Obj, field: string, path: string, required: boolean): Paise {
    const v = o[field];
    if (v === undefined || v === null || v === '') {
      if (required) this.fail(path, field, AMOUNT, undefined, 'MISSING_FIELD');
      return 0 as Paise;
    }
    const p = typeof v === 'number' || typeof v === 'string' ? rupeesToPaise(v) : null;
    if (p === null) this.fail(path, field, AMOUNT, v, 'BAD_AMOUNT');
    return p;
  }

  gstin(o: Obj, field: string, path: string): string {
    const v = o[field];
    if (typeof v !== 'string')
      this.fail(path, field, GSTIN, v, v === undefined ? 'MISSING_FIELD' : 'BAD_GSTIN');
    const c = checkGstin(v);
    if (!c.ok && c.code !== 'GSTIN_CHECKSUM') this.fail(path, field, GSTIN, v, 'BAD_GSTIN');
    if (!c.ok)
      this.warnings.push({ code: 'GSTIN_CHECKSUM', path: `${path}.${field}`, message: c.message });
    return normaliseGstin(v);
  }

  period(o: Obj, field: string, path: string): string {
    const v = o[field];
    const t = typeof v === 'string' ? v.trim() : '';
    if (!PERIOD_RE.test(t))
      this.fail(
        path,
        field,
        'a return period MMYYYY',
        v,
        v === undefined ? 'MISSING_FIELD' : 'BAD_PERIOD',
      );
    return t;
  }

  oneOf<T extends string>(
    o: Obj,
    field: string,
    path: string,
    values: Readonly<Record<string, T>>,
  ): T {
    const v = o[field];
    const hit = typeof v === 'string' ? values[v.trim().toUpperCase()] : undefined;
    if (hit === undefined)
      this.fail(
        path,
        field,
        `one of ${Object.keys(values)
          .map((k) => `"${k}"`)
          .join(', ')}`,
        v,
        v === undefined ? 'MISSING_FIELD' : 'BAD_VALUE',
      );
    return hit;
  }

  action(o: Obj, path: string): CustomerAction {
    const v = o.imsactn;
    if (v === undefined || v === null || v === '') return 'noAction';
    const t = typeof v === 'string' ? v.trim().toUpperCase() : null;
    if (t === 'A') return 'accepted';
    if (t === 'R') return 'rejected';
    if (t === 'P') return 'pending';
    if (t === 'N') {
      this.warnings.push({
        code: 'UNKNOWN_ACTION_N',
        path: `${path}.imsactn`,
        message: `${path}: imsactn "N" read as no action`,
      });
      return 'noAction';
    }
    return this.fail(path, 'imsactn', '"A", "R", "P" or no value', v, 'BAD_ACTION');
  }
}

/** Sums the rate-wise items' amounts; `val` is the document's value. */
function itemAmounts(r: Reader, doc: Obj, path: string): Amounts {
  const value = r.amount(doc, 'val', path, true);
  let taxable = 0;
  let igst = 0;
  let cgst = 0;
  let sgst = 0;
  let cess = 0;
  const items = r.list(doc, 'itms', path, true);
  items.forEach((raw, i) => {
    const ip = `${path}.itms[${i}]`;
    const item = r.obj(raw, ip);
    const det = r.obj(item.itm_det, `${ip}.itm_det`);
    const dp = `${ip}.itm_det`;
    taxable += r.amount(det, 'txval', dp, true);
    igst += r.amount(det, 'iamt', dp, false);
    cgst += r.amount(det, 'camt', dp, false);
    sgst += r.amount(det, 'samt', dp, false);
    cess += r.amount(det, 'csamt', dp, false);
  });
  return { value, taxable, igst, cgst, sgst, cess } as Amounts;
}

/** Flat amounts of an added-back record (§3.2: all required). */
function flatAmounts(r: Reader, o: Obj, path: string): Amounts {
  return {
    value: r.amount(o, 'val', path, true),
    taxable: r.amount(o, 'txval', path, true),
    igst: r.amount(o, 'iamt', path, true),
    cgst: r.amount(o, 'camt', path, true),
    sgst: r.amount(o, 'samt', path, true),
    cess: r.amount(o, 'csamt', path, true),
  };
}

const NOTE_TYPES: Readonly<Record<string, OutwardDocType>> = {
  C: 'creditNote',
  D: 'debitNote',
  R: 'refundVoucher',
};
const ADDED_BACK_NOTE_TYPES: Readonly<Record<string, OutwardDocType>> = {
  C: 'creditNote',
  D: 'debitNote',
};
const FORMS: Readonly<Record<string, OutwardForm>> = { R1: 'gstr1', R1A: 'gstr1a' };
const YES_NO: Readonly<Record<string, 'Y' | 'N'>> = { Y: 'Y', N: 'N' };

/** Where a document sits: its key and the path used in messages. */
interface Place {
  readonly form: OutwardForm;
  readonly section: OutwardSection;
  readonly customer: string;
  readonly path: string;
}

function salesDoc(
  r: Reader,
  raw: unknown,
  at: Place,
  note: boolean,
  amended: boolean,
): OutwardDocument {
  const { path } = at;
  const doc = r.obj(raw, path);
  const docNumber = r.text(doc, note ? 'nt_num' : 'inum', path);
  // From here on, messages name the document too.
  const label = `${path} (document "${docNumber}")`;
  const docType = note ? r.oneOf(doc, 'ntty', label, NOTE_TYPES) : 'invoice';
  const rchrg =
    doc.rchrg === undefined || doc.rchrg === null || doc.rchrg === ''
      ? false
      : r.oneOf(doc, 'rchrg', label, YES_NO) === 'Y';
  return {
    kind: 'sales',
    key: `${at.form}:${at.section}:${at.customer}:${docNumber.toUpperCase()}`,
    form: at.form,
    section: at.section,
    customerGstin: at.customer,
    docType,
    docNumber,
    docDate: r.date(doc, note ? 'nt_dt' : 'idt', label),
    originalNumber: amended ? r.text(doc, note ? 'ont_num' : 'oinum', label) : null,
    originalDate: amended ? r.date(doc, note ? 'ont_dt' : 'oidt', label) : null,
    amounts: itemAmounts(r, doc, label),
    pos: r.optText(doc, 'pos', label),
    reverseCharge: rchrg,
    invoiceType: r.optText(doc, 'inv_typ', label),
    action: r.action(doc, label),
    remarks: r.optText(doc, 'remarks', label),
  };
}

/** `b2b`/`b2ba`: [{ctin, inv:[...]}]; `cdnr`/`cdnra`: [{ctin, nt:[...]}]. */
function customerSection(
  r: Reader,
  o: Obj,
  key: 'b2b' | 'b2ba' | 'cdnr' | 'cdnra',
  form: OutwardForm,
  base: string,
  out: OutwardDocument[],
): void {
  const note = key === 'cdnr' || key === 'cdnra';
  const amended = key === 'b2ba' || key === 'cdnra';
  r.list(o, key, base).forEach((raw, i) => {
    const path = `${base}.${key}[${i}]`;
    const group = r.obj(raw, path);
    const customer = r.gstin(group, 'ctin', path);
    const docs = note ? 'nt' : 'inv';
    r.list(group, docs, path, true).forEach((d, j) => {
      out.push(
        salesDoc(
          r,
          d,
          { form, section: key, customer, path: `${path}.${docs}[${j}]` },
          note,
          amended,
        ),
      );
    });
  });
}

/** `ecom.{b2b,urp2b}` and `ecoma.{b2ba,urp2ba}`: [{rtin, inv:[...]}], keyed by the recipient. */
function ecomSection(
  r: Reader,
  o: Obj,
  key: 'ecom' | 'ecoma',
  form: OutwardForm,
  base: string,
  out: OutwardDocument[],
): void {
  const v = o[key];
  if (v === undefined || v === null) return;
  const ecom = r.obj(v, `${base}.${key}`);
  const subs: readonly [string, OutwardSection][] =
    key === 'ecom'
      ? [
          ['b2b', 'ecomB2b'],
          ['urp2b', 'ecomUrp2b'],
        ]
      : [
          ['b2ba', 'ecomaB2ba'],
          ['urp2ba', 'ecomaUrp2ba'],
        ];
  for (const [sub, section] of subs) {
    r.list(ecom, sub, `${base}.${key}`).forEach((raw, i) => {
      const path = `${base}.${key}.${sub}[${i}]`;
      const group = r.obj(raw, path);
      const customer = r.gstin(group, 'rtin', path);
      r.list(group, 'inv', path, true).forEach((d, j) => {
        out.push(
          salesDoc(
            r,
            d,
            { form, section, customer, path: `${path}.inv[${j}]` },
            false,
            key === 'ecoma',
          ),
        );
      });
    });
  }
}

function addedBackRecord(
  r: Reader,
  raw: unknown,
  section: AddedBackSection,
  path: string,
): AddedBackLiability {
  const o = r.obj(raw, path);
  const note = section === 'cdnr' || section === 'cdnra';
  const amended = section !== 'cdnr';
  const docNumber = r.text(o, note ? 'nt_num' : 'inum', path);
  const label = `${path} (document "${docNumber}")`;
  const customerGstin = r.gstin(o, section === 'ecoma' ? 'rtin' : 'ctin', label);
  return {
    kind: 'addedBack',
    key: `addedBack:${section}:${customerGstin}:${docNumber.toUpperCase()}`,
    section,
    customerGstin,
    customerName:
      section === 'ecoma' ? r.optText(o, 'rtinNam', label) : r.text(o, 'tradenm', label),
    form: r.oneOf(o, 'form', label, FORMS),
    supplyPeriod: r.period(o, 'supPrd', label),
    docType: note ? r.oneOf(o, 'ntty', label, ADDED_BACK_NOTE_TYPES) : 'invoice',
    docNumber,
    docDate: r.date(o, note ? 'nt_dt' : 'idt', label),
    originalNumber: amended ? r.text(o, note ? 'ont_num' : 'oinum', label) : null,
    originalDate: amended ? r.date(o, note ? 'ont_dt' : 'oidt', label) : null,
    invoiceType: section === 'ecoma' ? r.optText(o, 'inv_typ', label) : r.text(o, 'inv_typ', label),
    amounts: flatAmounts(r, o, label),
    remarks: r.optText(o, 'remarks', label),
  };
}

/** A GSP's envelope (`{data:…}`, `{result:…}`), unwrapped while it holds nothing of ours. */
function unwrap(v: Obj): Obj {
  let cur = v;
  for (let i = 0; i < 3; i++) {
    if (isOurs(cur) || errorOf(cur) !== null) return cur;
    const inner = [cur.data, cur.result].find(isJsonObject);
    if (inner === undefined) return cur;
    cur = inner;
  }
  return cur;
}

const isOurs = (o: Obj): boolean => 'gstr1' in o || 'gstr1a' in o || 'rejInvAddBackLiab' in o;

/** The portal's error answer: `error_cd` at the top, or inside `error`. */
function errorOf(o: Obj): { code: string; message: string } | null {
  const e = isJsonObject(o.error) ? o.error : o;
  const code = e.error_cd ?? e.errorCode;
  if (typeof code !== 'string' || code === '') return null;
  const message = e.message ?? e.msg ?? e.error_msg;
  return { code: code.trim(), message: typeof message === 'string' ? message : '' };
}

function checkUnique(
  r: Reader,
  entries: readonly { key: string; docNumber: string }[],
  paths: readonly string[],
): void {
  const seen = new Map<string, number>();
  entries.forEach((e, i) => {
    const before = seen.get(e.key);
    if (before !== undefined)
      r.fail(
        paths[i] ?? '',
        null,
        `document "${e.docNumber}" once per customer and section`,
        `it again (first at ${paths[before] ?? ''})`,
        'DUPLICATE_DOCUMENT',
      );
    seen.set(e.key, i);
  });
}

/** Parses the value JSON.parse produced from a supplier-view download. */
export function parseOutwardDownload(data: unknown, opts: { file: string }): ParsedOutward {
  const r = new Reader(opts.file);
  assertNoProtoKeys(data, opts.file, '');
  const top = unwrap(r.obj(data, '(top level)'));
  const err = errorOf(top);
  if (err !== null && !isOurs(top)) {
    if (err.code === EMPTY_ADDED_BACK_CODE)
      return { kind: 'none', code: EMPTY_ADDED_BACK_CODE, message: err.message, warnings: [] };
    throw new BadInputError(
      `${opts.file}: this is the portal's error answer ${err.code}${err.message ? ` ("${err.message}")` : ''}, not a download; nothing was imported [PORTAL_ERROR_ANSWER]`,
      { file: opts.file, field: 'error_cd', code: 'PORTAL_ERROR_ANSWER' },
    );
  }
  if (!isOurs(top)) {
    const keys = Object.keys(top).slice(0, 8).join(', ') || 'none';
    const recipient = ['b2b', 'b2bcn', 'b2ba', 'imsDetails'].some((k) => k in top);
    throw new BadInputError(
      `${opts.file}: not a supplier-view download: expected "gstr1"/"gstr1a" (sales with the customers' actions), "rejInvAddBackLiab" (added-back liabilities) or the answer ${EMPTY_ADDED_BACK_CODE}; found the keys ${keys}${recipient ? '. It looks like the recipient IMS download: import it with gst-ims import ims' : ''} [NOT_OUTWARD_DOWNLOAD]`,
      { file: opts.file, code: 'NOT_OUTWARD_DOWNLOAD' },
    );
  }
  const supplierGstin = r.gstin(top, 'gstin', '(top level)');
  const period = r.period(top, 'rtnprd', '(top level)');
  if ('rejInvAddBackLiab' in top) {
    const body = r.obj(top.rejInvAddBackLiab, 'rejInvAddBackLiab');
    const records: AddedBackLiability[] = [];
    const paths: string[] = [];
    for (const section of ['cdnr', 'b2ba', 'cdnra', 'ecoma'] as const) {
      r.list(body, section, 'rejInvAddBackLiab').forEach((raw, i) => {
        const path = `rejInvAddBackLiab.${section}[${i}]`;
        records.push(addedBackRecord(r, raw, section, path));
        paths.push(path);
      });
    }
    checkUnique(r, records, paths);
    return { kind: 'addedBack', supplierGstin, period, records, warnings: r.warnings };
  }
  const documents: OutwardDocument[] = [];
  const forms: OutwardForm[] = [];
  for (const form of ['gstr1', 'gstr1a'] as const) {
    const v = top[form];
    if (v === undefined || v === null) continue;
    forms.push(form);
    const o = r.obj(v, form);
    for (const key of ['b2b', 'b2ba', 'cdnr', 'cdnra'] as const)
      customerSection(r, o, key, form, form, documents);
    ecomSection(r, o, 'ecom', form, form, documents);
    ecomSection(r, o, 'ecoma', form, form, documents);
  }
  checkUnique(
    r,
    documents,
    documents.map((d) => `${d.form}.${d.section} (customer ${d.customerGstin})`),
  );
  return { kind: 'sales', supplierGstin, period, forms, documents, warnings: r.warnings };
}
