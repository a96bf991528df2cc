// The JSON shapes of the supplier-view API (issue 17), shared with the web app (type-only imports
// there): core types only, so the web's type check never reaches node code.
import type { OutwardPart, OutwardReport, ParsedOutward } from '../core/index.js';

export interface OutwardImportDto {
  readonly part: OutwardPart;
  readonly period: string;
  readonly importId: number;
  readonly file: string;
  readonly at: string;
  readonly entries: number;
}

/** GET /api/outward: the report of a period, or null before any supplier-view import. */
export interface OutwardPayload {
  readonly report:
    | (OutwardReport & {
        readonly gstin: string;
        readonly imports: OutwardImportDto[];
        readonly notImported: OutwardPart[];
        readonly periods: string[];
      })
    | null;
}

/** POST /api/import/outward. */
export interface ImportOutwardPayload {
  readonly gstin: string;
  readonly file: string;
  readonly kind: ParsedOutward['kind'];
  readonly period: string;
  readonly parts: OutwardPart[];
  readonly entries: number;
  readonly replaced: number;
  readonly customers: number;
}
