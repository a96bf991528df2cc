// GET /api/month as the Month page reads it, and the sums it does over tax heads.
import type { TwoBFinding } from '@core/compare-gstr2b.js';
import type { Gstr2bTable4 } from '@core/gstr2b-totals.js';
import type { Drc01cThreshold, ExcessCheck } from '@core/gstr3b.js';
import type { Heads } from '@core/parse-gstr2b.js';

/** GET /api/month, as app/month-cycle.ts MonthView sends it (money in paise). */
export interface MonthPayload {
  readonly gstin: string;
  readonly period: string;
  readonly dates: { readonly gstr2bOn: string; readonly gstr3bDue: string };
  readonly projection: {
    readonly netAvailable: Heads;
    readonly waitingForSupplier: Heads;
    readonly pending: Heads;
    readonly rejected: Heads;
  };
  readonly gstr2b: {
    readonly decisions: {
      readonly findings: readonly TwoBFinding[];
      readonly recompute: boolean;
      readonly unknownDocuments: readonly unknown[];
      readonly compared: number;
    };
    readonly totals: { readonly difference: Heads; readonly equal: boolean };
    readonly table4: Gstr2bTable4;
    readonly importedAt: string;
  } | null;
  readonly gstr3b: {
    readonly availableFrom: 'gstr2b' | 'projection';
    readonly check: ExcessCheck;
    readonly threshold: Drc01cThreshold;
    readonly explaining: readonly Explaining[];
    readonly explained: number;
    readonly advice: readonly string[];
    readonly importedAt: string;
  } | null;
  readonly books: Heads | null;
  readonly deadlines: {
    readonly past: number;
    readonly near: number;
    readonly rule37a: number;
    readonly rule37Reverse: number | null;
    readonly rule37Near: number | null;
    readonly pending: number;
    readonly warnDays: number;
  };
}

export interface Explaining {
  readonly recordKey: string;
  readonly why: 'deemedEarlier' | 'notFiled' | 'pending';
  readonly twoBPeriod: string | null;
  readonly tax: Heads;
  readonly note: string;
}

export const HEADS = ['igst', 'cgst', 'sgst', 'cess'] as const;
export const total = (h: Heads): number => h.igst + h.cgst + h.sgst + h.cess;
export const minus = (a: Heads, b: Heads): Heads =>
  ({
    igst: a.igst - b.igst,
    cgst: a.cgst - b.cgst,
    sgst: a.sgst - b.sgst,
    cess: a.cess - b.cess,
  }) as Heads;

export const WHY: Readonly<Record<Explaining['why'], string>> = {
  deemedEarlier: 'Deemed accepted in an earlier 2B, claimed now',
  notFiled: 'Claimed before the supplier filed',
  pending: 'Pending on the portal, claimed',
};

/** Which records the page lists below the comparison: the 2B's differences or the 3B's excess. */
export type Drill = 'twoB' | 'excess' | null;
