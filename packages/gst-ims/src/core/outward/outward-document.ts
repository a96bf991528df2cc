// The supplier (outward) view of IMS (supplier-view.md): our own sales documents as GSTR-1/1A
// carries them, each with the action our customer took on it, and the ITC-reducing records a
// customer rejected, whose tax the portal adds back to our liability. Money in paise, dates ISO.
import type { IsoDate } from '../dates.js';
import type { Paise } from '../money.js';
import type { Amounts } from '../record.js';

/** The return that carried a document: GSTR-1 (or IFF) or GSTR-1A. */
export type OutwardForm = 'gstr1' | 'gstr1a';
export const OUTWARD_FORMS: readonly OutwardForm[] = ['gstr1', 'gstr1a'];

/** Sections of the sales view (supplier-view.md §3.1); ecom ones flattened with their sub-table. */
export type OutwardSection =
  'b2b' | 'b2ba' | 'cdnr' | 'cdnra' | 'ecomB2b' | 'ecomUrp2b' | 'ecomaB2ba' | 'ecomaUrp2ba';
export const OUTWARD_SECTIONS: readonly OutwardSection[] = [
  'b2b',
  'b2ba',
  'cdnr',
  'cdnra',
  'ecomB2b',
  'ecomUrp2b',
  'ecomaB2ba',
  'ecomaUrp2ba',
];

/** `imsactn` A / R / P; absent or empty (EY: "N") is no action. */
export type CustomerAction = 'accepted' | 'rejected' | 'pending' | 'noAction';
export const CUSTOMER_ACTIONS: readonly CustomerAction[] = [
  'accepted',
  'rejected',
  'pending',
  'noAction',
];
export const CUSTOMER_ACTION_WORDS: Readonly<Record<CustomerAction, string>> = {
  accepted: 'accepted',
  rejected: 'rejected',
  pending: 'pending',
  noAction: 'no action',
};

export type OutwardDocType = 'invoice' | 'creditNote' | 'debitNote' | 'refundVoucher';
export const OUTWARD_DOC_TYPE_WORDS: Readonly<Record<OutwardDocType, string>> = {
  invoice: 'invoice',
  creditNote: 'credit note',
  debitNote: 'debit note',
  refundVoucher: 'refund voucher',
};

/** One sales document with the customer's action on it. */
export interface OutwardDocument {
  readonly kind: 'sales';
  /** `form:section:customer:number`, unique within one period's download. */
  readonly key: string;
  readonly form: OutwardForm;
  readonly section: OutwardSection;
  /** The recipient: `ctin`, or `rtin` in the e-commerce sections. */
  readonly customerGstin: string;
  readonly docType: OutwardDocType;
  readonly docNumber: string;
  readonly docDate: IsoDate;
  /** Amendments: the document amended (`oinum`/`ont_num`, `oidt`/`ont_dt`). */
  readonly originalNumber: string | null;
  readonly originalDate: IsoDate | null;
  /** `val` as the document's value; the rest summed over its rate-wise items. */
  readonly amounts: Amounts;
  readonly pos: string | null;
  readonly reverseCharge: boolean;
  readonly invoiceType: string | null;
  readonly action: CustomerAction;
  /** What the customer wrote with its action, when the download carries it. */
  readonly remarks: string | null;
}

export type AddedBackSection = 'cdnr' | 'b2ba' | 'cdnra' | 'ecoma';
export const ADDED_BACK_SECTIONS: readonly AddedBackSection[] = ['cdnr', 'b2ba', 'cdnra', 'ecoma'];

/** One record of `rejInvAddBackLiab` (supplier-view.md §3.2): its tax is added back to our liability. */
export interface AddedBackLiability {
  readonly kind: 'addedBack';
  /** `addedBack:section:customer:number`. */
  readonly key: string;
  readonly section: AddedBackSection;
  /** `ctin`, or `rtin` in ecoma. */
  readonly customerGstin: string;
  /** `tradenm` (`rtinNam` in ecoma). */
  readonly customerName: string | null;
  /** `form`: R1 -> gstr1, R1A -> gstr1a. */
  readonly form: OutwardForm;
  /** `supPrd`: the return period of the supply, MMYYYY. */
  readonly supplyPeriod: string;
  readonly docType: OutwardDocType;
  readonly docNumber: string;
  readonly docDate: IsoDate;
  readonly originalNumber: string | null;
  readonly originalDate: IsoDate | null;
  readonly invoiceType: string | null;
  readonly amounts: Amounts;
  readonly remarks: string | null;
}

/** A document of our sales register (the books), to link each sales document to. */
export interface SalesBookEntry {
  readonly kind: 'book';
  /** `book:<register ref>`. */
  readonly key: string;
  readonly ref: string;
  readonly customerGstin: string;
  readonly customerName: string | null;
  readonly docType: OutwardDocType;
  readonly docNumber: string;
  readonly docDate: IsoDate;
  readonly amounts: Amounts;
}

export type OutwardEntry = OutwardDocument | AddedBackLiability | SalesBookEntry;

/**
 * What one import replaces: the GSTR-1 documents, the GSTR-1A ones, the added-back list (of a
 * return period), or the sales register's documents dated in a month.
 */
export type OutwardPart = 'gstr1' | 'gstr1a' | 'addedBack' | 'salesRegister';
export const OUTWARD_PARTS: readonly OutwardPart[] = [
  'gstr1',
  'gstr1a',
  'addedBack',
  'salesRegister',
];
/** The parts a supplier-view download carries. */
export const OUTWARD_DOWNLOAD_PARTS: readonly OutwardPart[] = ['gstr1', 'gstr1a', 'addedBack'];

/** Total tax of amounts: IGST + CGST + SGST + cess. */
export const taxOf = (a: Amounts): Paise => (a.igst + a.cgst + a.sgst + a.cess) as Paise;
