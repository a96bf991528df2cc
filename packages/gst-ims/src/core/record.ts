import type { Action } from './actions.js';
import type { IsoDate } from './dates.js';
import { fiscalYearOf } from './dates.js';
import type { Paise } from './money.js';
import type { Section } from './sections.js';

/** The amounts of one document, each in paise. Credit notes are positive, as the portal sends them. */
export interface Amounts {
  readonly value: Paise;
  readonly taxable: Paise;
  readonly igst: Paise;
  readonly cgst: Paise;
  readonly sgst: Paise;
  readonly cess: Paise;
}

export type TaxHead = 'igst' | 'cgst' | 'sgst' | 'cess';
export const TAX_HEADS: readonly TaxHead[] = ['igst', 'cgst', 'sgst', 'cess'];

/**
 * The ITC-reduction declaration on an accepted credit note or amendment (Oct 2025 rules).
 * Portal encoding: partial = itcRedReq "Y" with decl* amounts; full = "Y" without amounts;
 * none = "N" (ITC never availed, nothing to reduce).
 */
export type ItcReduction =
  | { readonly kind: 'full' }
  | { readonly kind: 'none' }
  | {
      readonly kind: 'partial';
      readonly igst: Paise;
      readonly cgst: Paise;
      readonly sgst: Paise;
      readonly cess: Paise;
    };

/** One IMS document as the portal describes it. Immutable: local decisions live beside it. */
export interface PortalRecord {
  /** Stable identity within a recipient GSTIN, see recordKey(). */
  readonly key: string;
  readonly section: Section;
  readonly supplierGstin: string;
  readonly supplierName: string | null;
  readonly docNumber: string;
  readonly docDate: IsoDate;
  readonly originalDocNumber: string | null;
  readonly originalDocDate: IsoDate | null;
  readonly invType: string | null;
  readonly srcForm: string | null;
  /** Supplier return period, "MMYYYY". */
  readonly returnPeriod: string | null;
  /** true filed, false saved/not filed, null unknown. */
  readonly supplierFiled: boolean | null;
  readonly pos: string | null;
  readonly amounts: Amounts;
  /** The action the portal holds (its `action` in the download; `prev_status` in an upload). */
  readonly portalAction: Action;
  readonly pendingBlocked: boolean;
  /**
   * The download carried no ispendactblocked (nor ispendactnallwd) flag: pendingBlocked is then
   * false and the engine applies the documented time limits itself (pending-window.ts).
   */
  readonly pendingFlagAbsent?: boolean;
  readonly remarksBlocked: boolean;
  readonly itcReductionBlocked: boolean;
  readonly portalRemark: string | null;
  readonly portalItcReduction: ItcReduction | null;
  readonly hash: string | null;
  /** Fields we do not know, kept verbatim so they can be echoed back to the portal. */
  readonly extra: Readonly<Record<string, unknown>>;
}

/** What the user wants the portal to hold for a record. */
export interface Decision {
  readonly action: Action;
  readonly remark: string | null;
  readonly itcReduction: ItcReduction | null;
}

export function recordKey(
  section: Section,
  supplierGstin: string,
  docNumber: string,
  docDate: IsoDate,
): string {
  return `${section}|${supplierGstin}|${docNumber}|${fiscalYearOf(docDate)}`;
}

export function parseRecordKey(
  key: string,
): { section: string; supplierGstin: string; docNumber: string; fiscalYear: string } | null {
  const parts = key.split('|');
  if (parts.length < 4) return null;
  const section = parts[0] ?? '';
  const supplierGstin = parts[1] ?? '';
  const fiscalYear = parts[parts.length - 1] ?? '';
  const docNumber = parts.slice(2, -1).join('|');
  return { section, supplierGstin, docNumber, fiscalYear };
}

export function totalTax(a: Amounts): Paise {
  return (a.igst + a.cgst + a.sgst + a.cess) as Paise;
}
