// The portal's GSTR-2B JSON (gstr2b-gstr3b.md §2-3; ims-formats.md §6): every shape the docs
// list. A `data` wrapper (the API's answer) or the bare object; v3 documents with `items` or v4
// with flat amounts; all sections, those that never enter IMS included (ISD, imports, reverse
// charge, ITC not available, rejected, rule-37A reversals); and the `itcsumm` totals. A large 2B
// comes as `fc` files, read one by one here and joined by mergeGstr2b. Pure: no files.
import type { FileRefusalCode } from './vocabulary/file-refusal-codes.js';
import type { IsoDate } from './dates.js';
import { parsePortalDate } from './dates.js';
import { BadInputError } from './errors.js';
import type { Issue } from './issue.js';
import { issue } from './issue.js';
import type { Paise } from './money.js';
import { rupeesToPaise } from './money.js';
import type { TaxHead } from './record.js';
import { TAX_HEADS } from './record.js';

export const GSTR2B_SECTIONS = [
  'b2b',
  'b2ba',
  'cdnr',
  'cdnra',
  'ecom',
  'ecoma',
  'isd',
  'isda',
  'impg',
  'impgsez',
] as const;
export type Gstr2bSection = (typeof GSTR2B_SECTIONS)[number];

/** Where a document sat: counted (`docdata`), rejected in IMS (`docRejdata`), or rule 37A (`docdata.itcrev`). */
export type Gstr2bList = 'docdata' | 'docRejdata' | 'itcrev';

export type Gstr2bDocType =
  'invoice' | 'debitNote' | 'creditNote' | 'isdInvoice' | 'isdCreditNote' | 'billOfEntry';

/** The 2B summary's buckets and groups (itcsumm); ours are computed from the documents the same way. */
export const GSTR2B_BUCKETS = ['itcavl', 'itcunavl', 'itcrev', 'itcRejected'] as const;
export type Gstr2bBucket = (typeof GSTR2B_BUCKETS)[number];
export const GSTR2B_GROUPS = ['nonrevsup', 'isdsup', 'revsup', 'imports', 'othersup'] as const;
export type Gstr2bGroup = (typeof GSTR2B_GROUPS)[number];

export type Heads = Readonly<Record<TaxHead, Paise>>;

export interface Gstr2bDocument {
  readonly list: Gstr2bList;
  readonly section: Gstr2bSection;
  readonly docType: Gstr2bDocType;
  /** The supplier (ISD, SEZ unit); null for an import bill of entry. */
  readonly supplierGstin: string | null;
  readonly supplierName: string | null;
  /** The supplier's return period "MMYYYY" and filing date, when given. */
  readonly supplierPeriod: string | null;
  readonly supplierFiledOn: IsoDate | null;
  readonly docNumber: string;
  readonly docDate: IsoDate | null;
  readonly originalDocNumber: string | null;
  readonly originalDocDate: IsoDate | null;
  readonly reverseCharge: boolean;
  /** `itcavl` (`itcelg` for ISD): Y, N or T; null when absent. */
  readonly itcAvailable: 'Y' | 'N' | 'T' | null;
  /** `rsn`: P (place of supply), C (filed after the s.16(4) cut-off), or as given. */
  readonly reason: string | null;
  readonly portCode: string | null;
  readonly taxable: Paise;
  readonly tax: Heads;
  /** JSON path of the document in its file, for messages. */
  readonly path: string;
}

export type Gstr2bGroupTotals = Heads & { readonly children: Readonly<Record<string, Heads>> };
export type Gstr2bSummary = Readonly<
  Partial<Record<Gstr2bBucket, Readonly<Partial<Record<Gstr2bGroup, Gstr2bGroupTotals>>>>>
>;

export interface Gstr2b {
  readonly gstin: string;
  /** The 2B's own period, "MMYYYY". */
  readonly period: string;
  readonly version: string | null;
  readonly generatedOn: IsoDate | null;
  /** `fc`: the number of files this 2B comes in (null: one file). */
  readonly fileCount: number | null;
  readonly documents: readonly Gstr2bDocument[];
  /** The portal's `itcsumm`; null when the file has none (later files of a multi-file 2B). */
  readonly summary: Gstr2bSummary | null;
  readonly warnings: readonly Issue[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

class Reader {
  readonly warnings: Issue[] = [];
  constructor(readonly file: string) {}

  fail(path: string, message: string, code: FileRefusalCode, expected?: string): never {
    throw new BadInputError(`${this.file}: ${path}: ${message}`, {
      file: this.file,
      path,
      code,
      ...(expected === undefined ? {} : { expected }),
    });
  }

  text(o: Obj, key: string, path: string): string | null {
    const v = o[key];
    if (v === undefined || v === null || v === '') return null;
    if (typeof v === 'string') return v.trim();
    if (typeof v === 'number') return String(v);
    return this.fail(
      `${path}.${key}`,
      `expected text, found ${typeof v}`,
      'GSTR2B_BAD_FIELD',
      'text',
    );
  }

  date(o: Obj, key: string, path: string): IsoDate | null {
    const t = this.text(o, key, path);
    if (t === null) return null;
    const d = parsePortalDate(t);
    if (d === null)
      return this.fail(
        `${path}.${key}`,
        `expected a date DD-MM-YYYY, found "${t}"`,
        'GSTR2B_BAD_DATE',
        'DD-MM-YYYY',
      );
    return d;
  }

  money(o: Obj, key: string, path: string): Paise {
    const v = o[key];
    if (v === undefined || v === null || v === '') return 0 as Paise;
    const p = typeof v === 'number' || typeof v === 'string' ? rupeesToPaise(v) : null;
    if (p === null)
      return this.fail(
        `${path}.${key}`,
        `expected an amount in rupees with at most 2 decimals, found ${JSON.stringify(v)}`,
        'GSTR2B_BAD_AMOUNT',
        'an amount such as 1234.50',
      );
    return p;
  }

  list(o: Obj, key: string, path: string): Obj[] {
    const v = o[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v))
      return this.fail(`${path}.${key}`, 'expected a list', 'GSTR2B_BAD_SHAPE', 'a JSON array');
    return v.map((x, i) =>
      isObj(x)
        ? x
        : this.fail(
            `${path}.${key}[${i}]`,
            'expected an object',
            'GSTR2B_BAD_SHAPE',
            'a JSON object',
          ),
    );
  }

  /** Flat amounts (v4) or the sum of `items` (v3). */
  amounts(o: Obj, path: string): { taxable: Paise; tax: Heads } {
    const items = this.list(o, 'items', path);
    const src =
      items.length > 0
        ? items.map((it, i) => ({ it, p: `${path}.items[${i}]` }))
        : [{ it: o, p: path }];
    let taxable = 0;
    const tax: Record<TaxHead, number> = { igst: 0, cgst: 0, sgst: 0, cess: 0 };
    for (const { it, p } of src) {
      taxable += this.money(it, 'txval', p);
      for (const h of TAX_HEADS) tax[h] += this.money(it, h, p);
    }
    return { taxable: taxable as Paise, tax: tax as Heads };
  }
}

/** The 2B object inside a `data` wrapper (the API's answer), or the object itself. */
function unwrap(json: unknown, r: Reader): Obj {
  if (!isObj(json))
    return r.fail(
      '(top)',
      'expected a JSON object holding a GSTR-2B',
      'GSTR2B_NOT_2B',
      'a GSTR-2B JSON object',
    );
  const looksLike2b = (o: Obj): boolean => 'rtnprd' in o || 'docdata' in o || 'itcsumm' in o;
  if (isObj(json.data) && looksLike2b(json.data)) return json.data;
  if (looksLike2b(json)) return json;
  return r.fail(
    '(top)',
    'this is not a GSTR-2B file (no rtnprd, docdata or itcsumm found); an IMS download is imported with gst-ims import ims',
    'GSTR2B_NOT_2B',
    'a GSTR-2B JSON object',
  );
}

/** Reads one GSTR-2B file's JSON. Throws BadInputError (with the JSON path) on what cannot be read. */
export function parseGstr2b(json: unknown, file: string): Gstr2b {
  const r: Reader = new Reader(file);
  const d = unwrap(json, r);
  const period = r.text(d, 'rtnprd', 'data');
  if (period === null || !/^(0[1-9]|1[0-2])\d{4}$/.test(period))
    r.fail(
      'data.rtnprd',
      `expected the 2B period as MMYYYY, found ${JSON.stringify(d.rtnprd)}`,
      'GSTR2B_BAD_PERIOD',
      'MMYYYY',
    );
  const gstin = r.text(d, 'gstin', 'data');
  if (gstin === null)
    r.fail(
      'data.gstin',
      'the file does not name the recipient GSTIN',
      'GSTR2B_NO_GSTIN',
      'a GSTIN',
    );
  const fcRaw = d.fc;
  const fileCount =
    typeof fcRaw === 'number' && Number.isInteger(fcRaw) && fcRaw > 0
      ? fcRaw
      : typeof fcRaw === 'string' && /^\d+$/.test(fcRaw)
        ? Number(fcRaw)
        : null;
  if (fcRaw !== undefined && fcRaw !== null && fileCount === null)
    r.fail(
      'data.fc',
      `expected the file count as a whole number, found ${JSON.stringify(fcRaw)}`,
      'GSTR2B_BAD_FIELD',
      'a whole number',
    );
  const documents: Gstr2bDocument[] = [];
  for (const [list, key] of [
    ['docdata', 'docdata'],
    ['docRejdata', 'docRejdata'],
  ] as const) {
    const block = d[key];
    if (block === undefined || block === null) continue;
    if (!isObj(block))
      r.fail(`data.${key}`, 'expected an object of sections', 'GSTR2B_BAD_SHAPE', 'a JSON object');
    readSections(r, block, list, `data.${key}`, documents);
    // v4: rule-37A reversals listed under docdata.itcrev as [{b2b:[...], cdnr:[...], ...}].
    // Under docRejdata they were rejected in IMS: nothing to reverse, so they stay rejected.
    for (const [i, rev] of r.list(block, 'itcrev', `data.${key}`).entries())
      readSections(
        r,
        rev,
        list === 'docdata' ? 'itcrev' : list,
        `data.${key}.itcrev[${i}]`,
        documents,
      );
  }
  return {
    gstin: gstin.toUpperCase(),
    period,
    version: r.text(d, 'version', 'data'),
    generatedOn: r.date(d, 'gendt', 'data'),
    fileCount,
    documents,
    summary: isObj(d.itcsumm) ? readSummary(r, d.itcsumm) : null,
    warnings: r.warnings,
  };
}

function readSections(
  r: Reader,
  block: Obj,
  list: Gstr2bList,
  path: string,
  out: Gstr2bDocument[],
): void {
  for (const key of Object.keys(block)) {
    if (key === 'itcrev') continue;
    if (!(GSTR2B_SECTIONS as readonly string[]).includes(key)) {
      r.warnings.push(
        issue(
          'GSTR2B_UNKNOWN_SECTION',
          'warning',
          `${path}.${key}`,
          key,
          `${path}.${key}: a section this tool does not know; its documents were not read`,
        ),
      );
      continue;
    }
    const section = key as Gstr2bSection;
    if (section === 'isd' || section === 'isda') readIsd(r, block, section, list, path, out);
    else if (section === 'impg' || section === 'impgsez')
      readImports(r, block, section, list, path, out);
    else readSupplierDocs(r, block, section, list, path, out);
  }
}

function supplierOf(r: Reader, s: Obj, p: string) {
  return {
    supplierGstin: r.text(s, 'ctin', p)?.toUpperCase() ?? null,
    supplierName: r.text(s, 'trdnm', p),
    supplierPeriod: r.text(s, 'supprd', p),
    supplierFiledOn: r.date(s, 'supfildt', p),
  };
}

function yesNo(v: string | null): 'Y' | 'N' | 'T' | null {
  const t = v?.toUpperCase() ?? null;
  return t === 'Y' || t === 'N' || t === 'T' ? t : null;
}

function readSupplierDocs(
  r: Reader,
  block: Obj,
  section: Gstr2bSection,
  list: Gstr2bList,
  path: string,
  out: Gstr2bDocument[],
): void {
  const isNote = section === 'cdnr' || section === 'cdnra';
  for (const [i, s] of r.list(block, section, path).entries()) {
    const sp = `${path}.${section}[${i}]`;
    const supplier = supplierOf(r, s, sp);
    const docsKey = isNote ? 'nt' : 'inv';
    for (const [j, doc] of r.list(s, docsKey, sp).entries()) {
      const p = `${sp}.${docsKey}[${j}]`;
      const number = r.text(doc, isNote ? 'ntnum' : 'inum', p);
      if (number === null)
        r.fail(
          `${p}.${isNote ? 'ntnum' : 'inum'}`,
          'the document number is missing',
          'GSTR2B_NO_DOC_NUMBER',
          'a document number',
        );
      const typ = r.text(doc, 'typ', p)?.toUpperCase() ?? null;
      if (isNote && typ !== 'C' && typ !== 'D')
        r.fail(
          `${p}.typ`,
          `expected C (credit note) or D (debit note), found ${JSON.stringify(doc.typ)}`,
          'GSTR2B_BAD_NOTE_TYPE',
          'C or D',
        );
      const { taxable, tax } = r.amounts(doc, p);
      out.push({
        list,
        section,
        docType: !isNote ? 'invoice' : typ === 'C' ? 'creditNote' : 'debitNote',
        ...supplier,
        docNumber: number,
        docDate: r.date(doc, 'dt', p),
        originalDocNumber: r.text(doc, isNote ? 'ontnum' : 'oinum', p),
        originalDocDate: r.date(doc, isNote ? 'ontdt' : 'oidt', p),
        reverseCharge: r.text(doc, 'rev', p)?.toUpperCase() === 'Y',
        itcAvailable: yesNo(r.text(doc, 'itcavl', p)),
        reason: r.text(doc, 'rsn', p),
        portCode: null,
        taxable,
        tax,
        path: p,
      });
    }
  }
}

function readIsd(
  r: Reader,
  block: Obj,
  section: 'isd' | 'isda',
  list: Gstr2bList,
  path: string,
  out: Gstr2bDocument[],
): void {
  for (const [i, s] of r.list(block, section, path).entries()) {
    const sp = `${path}.${section}[${i}]`;
    const supplier = supplierOf(r, s, sp);
    for (const [j, doc] of r.list(s, 'doclist', sp).entries()) {
      const p = `${sp}.doclist[${j}]`;
      const number = r.text(doc, 'docnum', p);
      if (number === null)
        r.fail(
          `${p}.docnum`,
          'the document number is missing',
          'GSTR2B_NO_DOC_NUMBER',
          'a document number',
        );
      const { taxable, tax } = r.amounts(doc, p);
      out.push({
        list,
        section,
        docType:
          r.text(doc, 'doctyp', p)?.toUpperCase() === 'ISDC' ? 'isdCreditNote' : 'isdInvoice',
        ...supplier,
        docNumber: number,
        docDate: r.date(doc, 'docdt', p),
        originalDocNumber: r.text(doc, section === 'isda' ? 'odocnum' : 'oinvnum', p),
        originalDocDate: r.date(doc, section === 'isda' ? 'odocdt' : 'oinvdt', p),
        reverseCharge: false,
        itcAvailable: yesNo(r.text(doc, 'itcelg', p)),
        reason: r.text(doc, 'rsn', p),
        portCode: null,
        taxable,
        tax,
        path: p,
      });
    }
  }
}

function readImports(
  r: Reader,
  block: Obj,
  section: 'impg' | 'impgsez',
  list: Gstr2bList,
  path: string,
  out: Gstr2bDocument[],
): void {
  const boe = (
    doc: Obj,
    p: string,
    supplier: { supplierGstin: string | null; supplierName: string | null },
  ): void => {
    const number = r.text(doc, 'boenum', p);
    if (number === null)
      r.fail(
        `${p}.boenum`,
        'the bill of entry number is missing',
        'GSTR2B_NO_DOC_NUMBER',
        'a bill of entry number',
      );
    const { taxable, tax } = r.amounts(doc, p);
    out.push({
      list,
      section,
      docType: 'billOfEntry',
      ...supplier,
      supplierPeriod: null,
      supplierFiledOn: null,
      docNumber: number,
      docDate: r.date(doc, 'boedt', p),
      originalDocNumber: null,
      originalDocDate: null,
      reverseCharge: false,
      itcAvailable: yesNo(r.text(doc, 'itcavl', p)),
      reason: null,
      portCode: r.text(doc, 'portcode', p),
      taxable,
      tax,
      path: p,
    });
  };
  for (const [i, s] of r.list(block, section, path).entries()) {
    const sp = `${path}.${section}[${i}]`;
    if (section === 'impg') boe(s, sp, { supplierGstin: null, supplierName: null });
    else
      for (const [j, doc] of r.list(s, 'boe', sp).entries())
        boe(doc, `${sp}.boe[${j}]`, {
          supplierGstin: r.text(s, 'ctin', sp)?.toUpperCase() ?? null,
          supplierName: r.text(s, 'trdnm', sp),
        });
  }
}

const BUCKET_ALIASES: Readonly<Record<string, Gstr2bBucket>> = {
  itcavl: 'itcavl',
  itcunavl: 'itcunavl',
  itcrev: 'itcrev',
  itcrejected: 'itcRejected',
  itcrej: 'itcRejected',
};
const GROUP_ALIASES: Readonly<Record<string, Gstr2bGroup>> = {
  nonrevsup: 'nonrevsup',
  isdsup: 'isdsup',
  revsup: 'revsup',
  imports: 'imports',
  impsup: 'imports',
  othersup: 'othersup',
};

function readHeads(r: Reader, o: Obj, p: string): Heads {
  return {
    igst: r.money(o, 'igst', p),
    cgst: r.money(o, 'cgst', p),
    sgst: r.money(o, 'sgst', p),
    cess: r.money(o, 'cess', p),
  };
}

function readSummary(r: Reader, s: Obj): Gstr2bSummary {
  const out: Partial<Record<Gstr2bBucket, Partial<Record<Gstr2bGroup, Gstr2bGroupTotals>>>> = {};
  for (const [bk, bv] of Object.entries(s)) {
    const bucket = BUCKET_ALIASES[bk.toLowerCase()];
    if (bucket === undefined || !isObj(bv)) {
      r.warnings.push(
        issue(
          'GSTR2B_UNKNOWN_SUMMARY',
          'warning',
          `data.itcsumm.${bk}`,
          bk,
          `data.itcsumm.${bk}: a summary bucket this tool does not know; left out`,
        ),
      );
      continue;
    }
    const groups: Partial<Record<Gstr2bGroup, Gstr2bGroupTotals>> = {};
    for (const [gk, gv] of Object.entries(bv)) {
      const group = GROUP_ALIASES[gk.toLowerCase()];
      const p = `data.itcsumm.${bk}.${gk}`;
      if (group === undefined || !isObj(gv)) {
        r.warnings.push(
          issue(
            'GSTR2B_UNKNOWN_SUMMARY',
            'warning',
            p,
            gk,
            `${p}: a summary group this tool does not know; left out`,
          ),
        );
        continue;
      }
      const children: Record<string, Heads> = {};
      for (const [ck, cv] of Object.entries(gv))
        if (isObj(cv)) children[ck] = readHeads(r, cv, `${p}.${ck}`);
      groups[group] = { ...readHeads(r, gv, p), children };
    }
    out[bucket] = groups;
  }
  return out;
}

/**
 * Joins the files of one 2B (`fc` files): same GSTIN and period, every file present. A single
 * file needs no joining. Throws BadInputError when the files do not make one whole 2B.
 */
export function mergeGstr2b(parts: readonly { file: string; twoB: Gstr2b }[]): Gstr2b {
  const first = parts[0];
  if (first === undefined)
    throw new BadInputError('no GSTR-2B file given', {
      code: 'GSTR2B_NO_FILE' satisfies FileRefusalCode,
    });
  for (const { file, twoB } of parts.slice(1)) {
    if (twoB.gstin !== first.twoB.gstin || twoB.period !== first.twoB.period) {
      throw new BadInputError(
        `${file}: this 2B is for ${twoB.gstin} period ${twoB.period}, but ${first.file} is for ${first.twoB.gstin} period ${first.twoB.period}; import one 2B at a time`,
        { file, code: 'GSTR2B_FILES_DIFFER' satisfies FileRefusalCode },
      );
    }
  }
  const fc = Math.max(0, ...parts.map((p) => p.twoB.fileCount ?? 0));
  if (fc > parts.length) {
    throw new BadInputError(
      `${first.file}: this 2B comes in ${fc} files (fc = ${fc}) but ${parts.length} were given; give all ${fc} files in one import so that nothing is missing`,
      {
        file: first.file,
        code: 'GSTR2B_FILES_MISSING' satisfies FileRefusalCode,
        expected: `${fc} files`,
      },
    );
  }
  if (parts.length > 1 && fc === 0) {
    const second = parts[1]?.file ?? first.file;
    throw new BadInputError(
      `${second}: several files were given but none says it is part of a multi-file 2B (fc); import them one at a time`,
      { file: second, code: 'GSTR2B_FILES_DIFFER' satisfies FileRefusalCode },
    );
  }
  if (parts.length === 1) return first.twoB;
  const summary = parts.find((p) => p.twoB.summary !== null)?.twoB.summary ?? null;
  return {
    ...first.twoB,
    fileCount: fc,
    documents: parts.flatMap((p) =>
      p.twoB.documents.map((d) => ({ ...d, path: `${p.file}: ${d.path}` })),
    ),
    summary,
    warnings: parts.flatMap((p) => p.twoB.warnings),
  };
}
