// Books documents that never enter IMS (reverse charge, imports, ISD; issue 13 point 2) against
// the GSTR-2B's own sections for them (issue 12 (c)). IMS never shows these documents, so the
// 2B is where they are found: reverse-charge rows (`rev` Y) of b2b/b2ba/cdnr/cdnra/ecom/ecoma,
// bills of entry (`impg` by number, date and port; `impgsez` by SEZ GSTIN and number) and ISD
// documents (`isd`/`isda` by ISD GSTIN and number). A books document is then "in the 2B" (with
// its amount differences) or "not in the 2B yet": its ITC is not available in this period, which
// is a matter for the 3B, not a supplier to chase. Pure: no files, no clock.
import type { IsoDate } from './dates.js';
import { daysBetween } from './dates.js';
import type { Gstr2b, Gstr2bDocument, Gstr2bList, Gstr2bSection, Heads } from './parse-gstr2b.js';
import type { Paise } from './money.js';
import { formatRupees } from './money.js';
import { foldDocNumber, normaliseDocNumber } from './normalise-doc-number.js';
import { periodIndex } from './pending-window.js';
import type { MatchReason, OutsideIms, RegisterDocument } from './register.js';
import { DEFAULT_TOLERANCES } from './register.js';

/** The 2B's kinds of documents outside IMS; `unregistered` purchases are in no 2B at all. */
export const TWOB_BOOKS_KINDS = ['reverseCharge', 'import', 'isd'] as const;
export type TwoBBooksKind = (typeof TWOB_BOOKS_KINDS)[number];

/**
 * - matched: the 2B carries the document (see section, differences);
 * - notIn2b: dated in the 2B's period, absent from it: its ITC is not available yet;
 * - otherPeriod: dated before the 2B's period and absent: it belongs to an earlier 2B;
 * - laterPeriod: dated after the 2B's period: a later 2B will carry it;
 * - neverIn2b: an unregistered supplier's purchase, which no 2B carries (self-invoice under RCM).
 */
export type TwoBBooksStatus = 'matched' | 'notIn2b' | 'otherPeriod' | 'laterPeriod' | 'neverIn2b';

export const TWOB_AMOUNT_FIELDS = ['taxable', 'igst', 'cgst', 'sgst', 'cess'] as const;
export type TwoBAmountField = (typeof TWOB_AMOUNT_FIELDS)[number];

export interface TwoBAmountDifference {
  readonly field: TwoBAmountField;
  readonly books: Paise;
  readonly twoB: Paise;
}

export interface BooksVs2bRow {
  readonly registerRef: string;
  readonly kind: OutsideIms;
  readonly supplierGstin: string;
  readonly docNumber: string;
  readonly docDate: IsoDate;
  readonly status: TwoBBooksStatus;
  readonly section: Gstr2bSection | null;
  readonly list: Gstr2bList | null;
  /** The 2B document's number (bill of entry, ISD or supplier document) and JSON path. */
  readonly twoBDocNumber: string | null;
  readonly twoBPath: string | null;
  /** 2B date minus books date, in days; null when either is missing. */
  readonly dateDiff: number | null;
  /** Fields differing beyond the amount tolerance. */
  readonly differences: readonly TwoBAmountDifference[];
  readonly booksTax: Heads;
  readonly twoBTax: Heads | null;
  /** Stable codes for the reconcile result: in2b:<section>, notIn2b:<period>, <field>Diff2b:<2B - books>, dateDiff2b:<days>. */
  readonly reasons: readonly MatchReason[];
}

/** A 2B document of these sections that no books document matched. */
export interface TwoBNotInBooks {
  readonly kind: TwoBBooksKind;
  readonly section: Gstr2bSection;
  readonly list: Gstr2bList;
  readonly supplierGstin: string | null;
  readonly docNumber: string;
  readonly docDate: IsoDate | null;
  readonly portCode: string | null;
  readonly taxable: Paise;
  readonly tax: Heads;
  readonly path: string;
}

export interface TwoBKindTotals {
  /** Books documents of the kind, in or before the period, matched to the 2B; their tax on both sides. */
  matched: number;
  matchedBooksTax: Paise;
  matchedTwoBTax: Paise;
  /** Of the matched, those differing in an amount beyond the tolerance. */
  withDifferences: number;
  notIn2b: number;
  notIn2bTax: Paise;
  notInBooks: number;
  notInBooksTax: Paise;
}

export interface BooksVs2b {
  readonly period: string;
  readonly rows: readonly BooksVs2bRow[];
  readonly notInBooks: readonly TwoBNotInBooks[];
  readonly byKind: Readonly<Record<TwoBBooksKind, TwoBKindTotals>>;
  /** Unregistered suppliers' purchases: in no 2B. */
  readonly neverIn2b: number;
}

export interface Reconcile2bOptions {
  /** Per amount field, in paise (the reconciliation's tolerance; default Rs 1). */
  readonly amountPaise?: number;
  /** How far the 2B's date may be from the books' (days; default the reconciliation's 10). */
  readonly dateWindowDays?: number;
}

const sumHeads = (h: Heads): Paise => (h.igst + h.cgst + h.sgst + h.cess) as Paise;
const headsOf = (d: RegisterDocument): Heads => ({
  igst: d.amounts.igst,
  cgst: d.amounts.cgst,
  sgst: d.amounts.sgst,
  cess: d.amounts.cess,
});
const periodOfDate = (d: IsoDate): number => Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7)) - 1;

const RCM_SECTIONS: ReadonlySet<Gstr2bSection> = new Set([
  'b2b',
  'b2ba',
  'cdnr',
  'cdnra',
  'ecom',
  'ecoma',
]);
const NOTE_SECTIONS: ReadonlySet<Gstr2bSection> = new Set(['cdnr', 'cdnra']);

/** Which kind of outside-IMS document a 2B row is; null for rows IMS shows (ordinary b2b, cdnr...). */
export function twoBKindOf(d: Gstr2bDocument): TwoBBooksKind | null {
  if (d.section === 'impg' || d.section === 'impgsez') return 'import';
  if (d.section === 'isd' || d.section === 'isda') return 'isd';
  if (d.reverseCharge && RCM_SECTIONS.has(d.section)) return 'reverseCharge';
  return null;
}

/**
 * Bill-of-entry numbers are digits (ICEGATE): books write them as "BE-4471203" or "0004471203",
 * so the digits alone, without zero padding, are the key; a number without digits stays as typed.
 */
function boeKey(n: string): string {
  const digits = n.replace(/[^0-9]/g, '').replace(/^0+(?=.)/, '');
  return digits === '' ? foldDocNumber(n) : digits;
}

/** The port code the books carry, from a column such as "Port Code" or "Port"; null when none. */
export function booksPortCode(d: RegisterDocument): string | null {
  for (const [header, value] of Object.entries(d.extra)) {
    const h = header.toLowerCase().replace(/[^a-z]/g, '');
    if ((h === 'port' || h.includes('portcode') || h === 'portofentry') && value.trim() !== '')
      return value.trim().toUpperCase();
  }
  return null;
}

/** Keys a document is looked up by: one per way the 2B may carry it. */
function keysOfBooks(d: RegisterDocument): string[] {
  const gstin = d.supplierGstin.trim().toUpperCase();
  switch (d.outsideIms) {
    case 'reverseCharge': {
      const note = d.docType === 'creditNote' || d.docType === 'debitNote';
      return [
        `rcm|${gstin}|${note ? 'note' : 'inv'}|${normaliseDocNumber(d.docNumber, d.docDate)}`,
      ];
    }
    case 'isd':
      return [`isd|${gstin}|${normaliseDocNumber(d.docNumber, d.docDate)}`];
    case 'import':
      // A SEZ unit's bill of entry carries its GSTIN (impgsez); a plain import has none (impg).
      return gstin === ''
        ? [`impg|${boeKey(d.docNumber)}`]
        : [`impgsez|${gstin}|${boeKey(d.docNumber)}`, `impg|${boeKey(d.docNumber)}`];
    default:
      return [];
  }
}

function keyOf2b(d: Gstr2bDocument, kind: TwoBBooksKind): string {
  const gstin = (d.supplierGstin ?? '').toUpperCase();
  if (kind === 'reverseCharge')
    return `rcm|${gstin}|${NOTE_SECTIONS.has(d.section) ? 'note' : 'inv'}|${normaliseDocNumber(d.docNumber, d.docDate ?? undefined)}`;
  if (kind === 'isd')
    return `isd|${gstin}|${normaliseDocNumber(d.docNumber, d.docDate ?? undefined)}`;
  return d.section === 'impgsez'
    ? `impgsez|${gstin}|${boeKey(d.docNumber)}`
    : `impg|${boeKey(d.docNumber)}`;
}

/** Fields a 2B section carries: ISD documents have no taxable value, imports only IGST and cess. */
function comparedFields(kind: TwoBBooksKind): readonly TwoBAmountField[] {
  if (kind === 'isd') return ['igst', 'cgst', 'sgst', 'cess'];
  if (kind === 'import') return ['taxable', 'igst', 'cess'];
  return TWOB_AMOUNT_FIELDS;
}

const valueOf = (h: Heads, taxable: Paise, f: TwoBAmountField): Paise =>
  f === 'taxable' ? taxable : h[f];

interface Pair {
  readonly b: number;
  readonly t: number;
  readonly dateDiff: number | null;
  readonly amountGap: number;
  /** Which of the books document's keys found it: 0 is the section the books point to. */
  readonly keyRank: number;
  readonly differences: TwoBAmountDifference[];
}

function pairOf(
  doc: RegisterDocument,
  b: number,
  row: Gstr2bDocument,
  t: number,
  kind: TwoBBooksKind,
  keyRank: number,
  opts: Required<Reconcile2bOptions>,
): Pair | null {
  const dateDiff = row.docDate === null ? null : daysBetween(doc.docDate, row.docDate);
  if (dateDiff !== null && Math.abs(dateDiff) > opts.dateWindowDays) return null;
  if (kind === 'import') {
    // A bill of entry number repeats across ports: when both sides name the port, it must agree.
    const port = booksPortCode(doc);
    if (port !== null && row.portCode !== null && port !== row.portCode.toUpperCase()) return null;
  }
  const differences: TwoBAmountDifference[] = [];
  let amountGap = 0;
  for (const f of comparedFields(kind)) {
    const books = valueOf(headsOf(doc), doc.amounts.taxable, f);
    const twoB = valueOf(row.tax, row.taxable, f);
    const gap = Math.abs(twoB - books);
    amountGap += gap;
    if (gap > opts.amountPaise) differences.push({ field: f, books, twoB });
  }
  return { b, t, dateDiff, amountGap, keyRank, differences };
}

/** Best pairs first: the section the books point to, then nearest date, then nearest amounts. */
function byQuality(
  a: Pair,
  b: Pair,
  rows: readonly Gstr2bDocument[],
  docs: readonly RegisterDocument[],
): number {
  if (a.keyRank !== b.keyRank) return a.keyRank - b.keyRank;
  const da = Math.abs(a.dateDiff ?? 0);
  const db = Math.abs(b.dateDiff ?? 0);
  if (da !== db) return da - db;
  if (a.amountGap !== b.amountGap) return a.amountGap - b.amountGap;
  const ra = (docs[a.b] as RegisterDocument).ref;
  const rb = (docs[b.b] as RegisterDocument).ref;
  if (ra !== rb) return ra < rb ? -1 : 1;
  const pa = (rows[a.t] as Gstr2bDocument).path;
  const pb = (rows[b.t] as Gstr2bDocument).path;
  return pa < pb ? -1 : pa > pb ? 1 : 0;
}

const emptyTotals = (): TwoBKindTotals => ({
  matched: 0,
  matchedBooksTax: 0 as Paise,
  matchedTwoBTax: 0 as Paise,
  withDifferences: 0,
  notIn2b: 0,
  notIn2bTax: 0 as Paise,
  notInBooks: 0,
  notInBooksTax: 0 as Paise,
});

/**
 * Matches the books documents outside IMS (documents without `outsideIms` are ignored) with the
 * 2B's reverse-charge, import and ISD documents. Each 2B document pairs with one books document
 * at most; the best pairs are taken first, so the result does not depend on input order.
 */
export function reconcileWith2b(
  documents: readonly RegisterDocument[],
  twoB: Gstr2b,
  options: Reconcile2bOptions = {},
): BooksVs2b {
  const opts: Required<Reconcile2bOptions> = {
    amountPaise: options.amountPaise ?? DEFAULT_TOLERANCES.amountPaise,
    dateWindowDays: options.dateWindowDays ?? DEFAULT_TOLERANCES.dateWindowDays,
  };
  const docs = documents.filter((d) => (d.outsideIms ?? null) !== null);
  const rows: { row: Gstr2bDocument; kind: TwoBBooksKind }[] = [];
  for (const row of twoB.documents) {
    const kind = twoBKindOf(row);
    if (kind !== null) rows.push({ row, kind });
  }
  const byKey = new Map<string, number[]>();
  rows.forEach(({ row, kind }, t) => {
    const k = keyOf2b(row, kind);
    const list = byKey.get(k);
    if (list === undefined) byKey.set(k, [t]);
    else list.push(t);
  });
  const pairs: Pair[] = [];
  docs.forEach((doc, b) => {
    for (const [rank, key] of keysOfBooks(doc).entries()) {
      for (const t of byKey.get(key) ?? []) {
        const { row, kind } = rows[t] as { row: Gstr2bDocument; kind: TwoBBooksKind };
        const p = pairOf(doc, b, row, t, kind, rank, opts);
        if (p !== null) pairs.push(p);
      }
    }
  });
  const plain = rows.map((r) => r.row);
  pairs.sort((a, b) => byQuality(a, b, plain, docs));
  const pairOfDoc = new Map<number, Pair>();
  const taken = new Set<number>();
  for (const p of pairs) {
    if (pairOfDoc.has(p.b) || taken.has(p.t)) continue;
    pairOfDoc.set(p.b, p);
    taken.add(p.t);
  }

  const periodAt = periodIndex(twoB.period) ?? 0;
  const byKind: Record<TwoBBooksKind, TwoBKindTotals> = {
    reverseCharge: emptyTotals(),
    import: emptyTotals(),
    isd: emptyTotals(),
  };
  let neverIn2b = 0;
  const out: BooksVs2bRow[] = docs.map((doc, b) => {
    const kind = doc.outsideIms as OutsideIms;
    const booksTax = headsOf(doc);
    const base = {
      registerRef: doc.ref,
      kind,
      supplierGstin: doc.supplierGstin,
      docNumber: doc.docNumber,
      docDate: doc.docDate,
      booksTax,
    };
    const p = pairOfDoc.get(b);
    if (p !== undefined) {
      const row = (rows[p.t] as { row: Gstr2bDocument }).row;
      const reasons: MatchReason[] = [{ code: 'in2b', value: row.section }];
      if (p.dateDiff !== null && p.dateDiff !== 0)
        reasons.push({ code: 'dateDiff2b', value: p.dateDiff });
      for (const d of p.differences)
        reasons.push({
          code: `${d.field}Diff2b`,
          value: formatRupees((d.twoB - d.books) as Paise),
        });
      const totals = byKind[kind as TwoBBooksKind];
      totals.matched++;
      totals.matchedBooksTax = (totals.matchedBooksTax + sumHeads(booksTax)) as Paise;
      totals.matchedTwoBTax = (totals.matchedTwoBTax + sumHeads(row.tax)) as Paise;
      if (p.differences.length) totals.withDifferences++;
      return {
        ...base,
        status: 'matched',
        section: row.section,
        list: row.list,
        twoBDocNumber: row.docNumber,
        twoBPath: row.path,
        dateDiff: p.dateDiff,
        differences: p.differences,
        twoBTax: row.tax,
        reasons,
      };
    }
    const unmatched = {
      ...base,
      section: null,
      list: null,
      twoBDocNumber: null,
      twoBPath: null,
      dateDiff: null,
      differences: [],
      twoBTax: null,
    };
    if (kind === 'unregistered') {
      neverIn2b++;
      return { ...unmatched, status: 'neverIn2b', reasons: [{ code: 'neverIn2b' }] };
    }
    const at = periodOfDate(doc.docDate);
    if (at > periodAt) return { ...unmatched, status: 'laterPeriod', reasons: [] };
    if (at < periodAt) return { ...unmatched, status: 'otherPeriod', reasons: [] };
    const totals = byKind[kind];
    totals.notIn2b++;
    totals.notIn2bTax = (totals.notIn2bTax + sumHeads(booksTax)) as Paise;
    return { ...unmatched, status: 'notIn2b', reasons: [{ code: 'notIn2b', value: twoB.period }] };
  });
  const notInBooks: TwoBNotInBooks[] = [];
  rows.forEach(({ row, kind }, t) => {
    if (taken.has(t)) return;
    const totals = byKind[kind];
    totals.notInBooks++;
    totals.notInBooksTax = (totals.notInBooksTax + sumHeads(row.tax)) as Paise;
    notInBooks.push({
      kind,
      section: row.section,
      list: row.list,
      supplierGstin: row.supplierGstin,
      docNumber: row.docNumber,
      docDate: row.docDate,
      portCode: row.portCode,
      taxable: row.taxable,
      tax: row.tax,
      path: row.path,
    });
  });
  return { period: twoB.period, rows: out, notInBooks, byKind, neverIn2b };
}
