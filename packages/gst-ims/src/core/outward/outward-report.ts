// The supplier's month from the supplier view (issue 17): per customer and in total by the
// customer's action, the liability added back by rejected credit notes and ITC-reducing
// amendments per tax head (for our GSTR-3B), rejected documents waiting for a correction, pending
// documents older than N days, and what to do per document. Pure: "today" comes from the caller.
import type { IsoDate } from '../dates.js';
import { daysBetween, fiscalYearOf, isoDate } from '../dates.js';
import type { Paise } from '../money.js';
import { normaliseDocNumber } from '../normalise-doc-number.js';
import type { OutwardTodoCode } from './outward-codes.js';
import type {
  AddedBackLiability,
  CustomerAction,
  OutwardDocument,
  SalesBookEntry,
} from './outward-document.js';
import { CUSTOMER_ACTIONS, taxOf } from './outward-document.js';

/** Default of --older-than: pending documents older than this many days are listed. */
export const DEFAULT_PENDING_DAYS = 30;
/** Days before the s.37(3) date from which it is flagged near. */
export const AMEND_WARN_DAYS = 30;

export interface ActionCell {
  readonly count: number;
  readonly value: Paise;
  readonly tax: Paise;
}

export interface TaxHeads {
  readonly igst: Paise;
  readonly cgst: Paise;
  readonly sgst: Paise;
  readonly cess: Paise;
  readonly total: Paise;
}

export interface OutwardCustomerRow {
  readonly customerGstin: string;
  readonly customerName: string | null;
  readonly documents: number;
  readonly byAction: Record<CustomerAction, ActionCell>;
}

export type AmendByState = 'ok' | 'near' | 'past' | 'unknown';

/** A document with what to do about it. */
export interface OutwardDocumentView extends OutwardDocument {
  readonly period: string;
  /** Most advised first; empty when nothing is to be done. */
  readonly todo: readonly OutwardTodoCode[];
  /** Rejected, and a later document re-reports it without being rejected. */
  readonly corrected: boolean;
  /** Days since the document date (null without today). */
  readonly ageDays: number | null;
  /** s.37(3): 30 November after the financial year (of the original, for an amendment). */
  readonly amendBy: IsoDate | null;
  readonly amendByState: AmendByState;
  /** The sales-register document it links to (same customer and number), when books were imported. */
  readonly book: { readonly ref: string; readonly value: Paise; readonly differs: boolean } | null;
}

export interface OutwardReport {
  readonly period: string;
  readonly olderThanDays: number;
  readonly customers: OutwardCustomerRow[];
  readonly totals: Record<CustomerAction, ActionCell>;
  readonly addedBack: {
    /** From the added-back download when imported for the period, else estimated from the sales view. */
    readonly source: 'download' | 'none' | 'estimate';
    readonly records: number;
    readonly heads: TaxHeads;
    /** Rejected credit notes of the sales view: what the download should add back. */
    readonly estimate: TaxHeads;
  };
  readonly rejectedWaiting: OutwardDocumentView[];
  readonly pendingOlder: OutwardDocumentView[];
  readonly documents: OutwardDocumentView[];
  readonly addedBackRecords: AddedBackLiability[];
  /** The link with the sales register; null when none was imported. */
  readonly books: {
    readonly linked: number;
    /** Linked, but the books hold another value or tax. */
    readonly differing: number;
    readonly notInBooks: number;
  } | null;
}

export interface OutwardReportInput {
  readonly period: string;
  /** The documents of the period. */
  readonly documents: readonly OutwardDocument[];
  /** The added-back records of the period; null when no added-back download was imported for it. */
  readonly addedBack: readonly AddedBackLiability[] | null;
  /** Documents of every period with their period: a later one can correct a rejection. */
  readonly allDocuments?: readonly { readonly period: string; readonly doc: OutwardDocument }[];
  readonly today: IsoDate | null;
  readonly olderThanDays?: number | undefined;
  /** Names known for customers (the added-back list's tradenm, the books). */
  readonly customerNames?: ReadonlyMap<string, string>;
  /** The sales register's documents (any date); absent or empty: no link. */
  readonly books?: readonly SalesBookEntry[];
}

const ZERO = 0 as Paise;
const emptyCell = (): ActionCell => ({ count: 0, value: ZERO, tax: ZERO });
const emptyCells = (): Record<CustomerAction, ActionCell> =>
  Object.fromEntries(CUSTOMER_ACTIONS.map((a) => [a, emptyCell()])) as Record<
    CustomerAction,
    ActionCell
  >;
const add = (c: ActionCell, d: OutwardDocument): ActionCell => ({
  count: c.count + 1,
  value: (c.value + d.amounts.value) as Paise,
  tax: (c.tax + taxOf(d.amounts)) as Paise,
});

export function sumHeads(list: readonly { amounts: OutwardDocument['amounts'] }[]): TaxHeads {
  let igst = 0;
  let cgst = 0;
  let sgst = 0;
  let cess = 0;
  for (const x of list) {
    igst += x.amounts.igst;
    cgst += x.amounts.cgst;
    sgst += x.amounts.sgst;
    cess += x.amounts.cess;
  }
  return {
    igst: igst as Paise,
    cgst: cgst as Paise,
    sgst: sgst as Paise,
    cess: cess as Paise,
    total: (igst + cgst + sgst + cess) as Paise,
  };
}

/** s.37(3): the last date to amend a document of GSTR-1: 30 November after its financial year. */
export function amendmentDeadline(d: OutwardDocument): IsoDate | null {
  const fy = fiscalYearOf(d.originalDate ?? d.docDate);
  return isoDate(Number(fy.slice(0, 4)) + 1, 11, 30);
}

const AMENDED = new Set(['b2ba', 'cdnra', 'ecomaB2ba', 'ecomaUrp2ba']);
const norm = (s: string): string => s.trim().toUpperCase();

/**
 * A later document that re-reports `d`: same customer and number (or amending that number), in
 * GSTR-1A where `d` was in GSTR-1, in an amendment section where `d` was not, or in a later period.
 */
function reReports(
  d: OutwardDocument,
  dPeriod: string,
  e: OutwardDocument,
  ePeriod: string,
): boolean {
  if (e.key === d.key && ePeriod === dPeriod) return false;
  if (e.customerGstin !== d.customerGstin || e.action === 'rejected') return false;
  const n = norm(d.docNumber);
  if (norm(e.docNumber) !== n && (e.originalNumber === null || norm(e.originalNumber) !== n))
    return false;
  const later = (p: string): number => Number(p.slice(2)) * 12 + Number(p.slice(0, 2));
  return (
    later(ePeriod) > later(dPeriod) ||
    (e.form === 'gstr1a' && d.form === 'gstr1') ||
    (AMENDED.has(e.section) && !AMENDED.has(d.section))
  );
}

const bookKey = (customer: string, docType: string, number: string): string =>
  `${customer}|${docType === 'creditNote' ? 'C' : 'I'}|${normaliseDocNumber(number)}`;

const sameAmounts = (a: OutwardDocument['amounts'], b: OutwardDocument['amounts']): boolean =>
  a.value === b.value &&
  a.taxable === b.taxable &&
  a.igst === b.igst &&
  a.cgst === b.cgst &&
  a.sgst === b.sgst &&
  a.cess === b.cess;

function todoOf(
  d: OutwardDocument,
  corrected: boolean,
  amendState: AmendByState,
): OutwardTodoCode[] {
  if (d.action === 'accepted' || d.action === 'noAction') return [];
  if (d.action === 'pending') return ['FOLLOW_UP_CUSTOMER'];
  if (corrected) return ['CORRECTED'];
  const todo: OutwardTodoCode[] = [];
  if (d.remarks === null) todo.push('FOLLOW_UP_CUSTOMER');
  if (amendState !== 'past') todo.push('RE_REPORT_UNCHANGED');
  todo.push(d.docType === 'creditNote' ? 'AMEND_CREDIT_NOTE' : 'ISSUE_CREDIT_NOTE');
  return todo;
}

function amendState(by: IsoDate | null, today: IsoDate | null): AmendByState {
  if (by === null || today === null) return 'unknown';
  const left = daysBetween(today, by);
  return left < 0 ? 'past' : left <= AMEND_WARN_DAYS ? 'near' : 'ok';
}

export function outwardReport(input: OutwardReportInput): OutwardReport {
  const olderThanDays = input.olderThanDays ?? DEFAULT_PENDING_DAYS;
  const all = input.allDocuments ?? input.documents.map((doc) => ({ period: input.period, doc }));
  const names = new Map(input.customerNames ?? []);
  for (const a of [...(input.addedBack ?? []), ...(input.books ?? [])])
    if (a.customerName !== null && !names.has(a.customerGstin))
      names.set(a.customerGstin, a.customerName);
  const books = new Map(
    (input.books ?? []).map((b) => [bookKey(b.customerGstin, b.docType, b.docNumber), b]),
  );
  const bookOf = (d: OutwardDocument): OutwardDocumentView['book'] => {
    const b = books.get(bookKey(d.customerGstin, d.docType, d.docNumber));
    return b === undefined
      ? null
      : { ref: b.ref, value: b.amounts.value, differs: !sameAmounts(b.amounts, d.amounts) };
  };

  const views: OutwardDocumentView[] = input.documents.map((d) => {
    const corrected =
      d.action === 'rejected' && all.some((x) => reReports(d, input.period, x.doc, x.period));
    const amendBy = amendmentDeadline(d);
    const state = amendState(amendBy, input.today);
    return {
      ...d,
      period: input.period,
      todo: todoOf(d, corrected, state),
      corrected,
      ageDays: input.today === null ? null : daysBetween(d.docDate, input.today),
      amendBy,
      amendByState: state,
      book: bookOf(d),
    };
  });

  const byCustomer = new Map<
    string,
    { documents: number; byAction: Record<CustomerAction, ActionCell> }
  >();
  const totals = emptyCells();
  for (const d of input.documents) {
    const row = byCustomer.get(d.customerGstin) ?? { documents: 0, byAction: emptyCells() };
    row.documents++;
    row.byAction[d.action] = add(row.byAction[d.action], d);
    totals[d.action] = add(totals[d.action], d);
    byCustomer.set(d.customerGstin, row);
  }
  const customers = [...byCustomer]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([customerGstin, r]) => ({
      customerGstin,
      customerName: names.get(customerGstin) ?? null,
      ...r,
    }));

  const estimate = sumHeads(
    input.documents.filter((d) => d.action === 'rejected' && d.docType === 'creditNote'),
  );
  const addedBack =
    input.addedBack === null
      ? { source: 'estimate' as const, records: 0, heads: estimate, estimate }
      : {
          source: input.addedBack.length === 0 ? ('none' as const) : ('download' as const),
          records: input.addedBack.length,
          heads: sumHeads(input.addedBack),
          estimate,
        };

  const byDate = (a: OutwardDocumentView, b: OutwardDocumentView): number =>
    a.docDate.localeCompare(b.docDate) || a.key.localeCompare(b.key);
  return {
    period: input.period,
    olderThanDays,
    customers,
    totals,
    addedBack,
    rejectedWaiting: views
      .filter((v) => v.action === 'rejected' && !v.corrected && v.docType !== 'creditNote')
      .sort(byDate),
    pendingOlder: views
      .filter((v) => v.action === 'pending' && v.ageDays !== null && v.ageDays > olderThanDays)
      .sort(byDate),
    documents: views,
    addedBackRecords: [...(input.addedBack ?? [])],
    books:
      books.size === 0
        ? null
        : {
            linked: views.filter((v) => v.book !== null).length,
            differing: views.filter((v) => v.book?.differs === true).length,
            notInBooks: views.filter((v) => v.book === null).length,
          },
  };
}
