import type { IsoDate } from './dates.js';
import type { Amounts } from './record.js';
import type { DocType } from './sections.js';
import type { MatchReasonCode } from './vocabulary/match-reasons.js';

/**
 * One document of the purchase register (the books), after rows of one document (one per tax
 * rate) have been summed. Amounts are positive for every doc type, credit notes included.
 */
export interface RegisterDocument {
  /** Voucher or reference number; unique within a GSTIN's register (made unique at import). */
  readonly ref: string;
  readonly supplierGstin: string;
  readonly supplierName: string | null;
  readonly docNumber: string;
  readonly docDate: IsoDate;
  readonly docType: DocType;
  readonly amounts: Amounts;
  readonly pos: string | null;
  /** Goods-receipt date, when the register has it (goods-in-transit rule). */
  readonly receivedDate: IsoDate | null;
  /** 1-based row numbers in the source file that made this document. */
  readonly sourceRows: readonly number[];
  /** Other columns of the source, by header, for splitting and display. */
  readonly extra: Readonly<Record<string, string>>;
  /**
   * Why the document never enters IMS (reverse charge, import, ISD credit, unregistered
   * supplier); absent or null for an ordinary purchase. Such documents are not matched with
   * IMS records (outcome notInIms) and are never chased as missing in the portal.
   */
  readonly outsideIms?: OutsideIms | null | undefined;
  /** Payment date, when the register has it (Rule 37: ITC reversal after 180 days unpaid). */
  readonly paymentDate?: IsoDate | null | undefined;
}

export const OUTSIDE_IMS = ['reverseCharge', 'import', 'isd', 'unregistered'] as const;
export type OutsideIms = (typeof OUTSIDE_IMS)[number];

export const MATCH_OUTCOMES = [
  'exact',
  'probable',
  'mismatch',
  'missingInRegister',
  'missingInPortal',
  'notInIms',
] as const;
export type MatchOutcome = (typeof MATCH_OUTCOMES)[number];

/** A stable reason code (MATCH_REASON_CODES) with an optional value: `dateDiff:2`, `taxableDiff:0.40`, `headSwap`. */
export interface MatchReason {
  readonly code: MatchReasonCode;
  readonly value?: string | number;
}

export interface MatchResult {
  /** The portal record's key; null for a register document found only in the books. */
  readonly recordKey: string | null;
  /** The register document's ref; null for a portal record missing in the books. */
  readonly registerRef: string | null;
  readonly outcome: MatchOutcome;
  /** 0-100; higher is stronger evidence. 0 for missing outcomes. */
  readonly score: number;
  readonly reasons: readonly MatchReason[];
  /** Linked by a person rather than by the matcher. */
  readonly manual: boolean;
}

export interface Tolerances {
  /** Allowed absolute difference per amount field (taxable and each tax head), in paise. Default 100 (Rs 1). */
  readonly amountPaise: number;
  /** Also compare the total tax (IGST+CGST+SGST+cess) within amountPaise. Default true. */
  readonly totalTaxCheck: boolean;
  /** Allowed relative difference in percent per field, on top of amountPaise; null = off (default). */
  readonly percent: number | null;
  /** Date window in days for probable matches. Default 10. */
  readonly dateWindowDays: number;
}

export const DEFAULT_TOLERANCES: Tolerances = {
  amountPaise: 100,
  totalTaxCheck: true,
  percent: null,
  dateWindowDays: 10,
};

export const formatReason = (r: MatchReason): string =>
  r.value === undefined ? r.code : `${r.code}:${r.value}`;
