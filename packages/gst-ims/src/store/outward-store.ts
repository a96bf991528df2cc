// The supplier (outward) view in the workspace (issue 17): per GSTIN and return period, the
// sales documents of GSTR-1 and of GSTR-1A with the customers' actions, and the added-back
// liabilities; each part replaced whole by its next import. Beside the inward records, keyed by
// the customer's GSTIN.
import type { OutwardEntry, OutwardPart } from '../core/index.js';

export interface OutwardImportEntry {
  /** The imports-log id of this import. */
  readonly importId: number;
  readonly file: string;
  readonly at: string;
}

export interface OutwardImportInfo extends OutwardImportEntry {
  readonly part: OutwardPart;
  readonly period: string;
  /** Entries the import stored (0 for the portal's "none" answer). */
  readonly entries: number;
}

export interface StoredOutwardEntry {
  readonly period: string;
  readonly part: OutwardPart;
  readonly entry: OutwardEntry;
}

export interface OutwardStore {
  /**
   * Replaces the entries of one part of a period (keys must be unique within it) and records the
   * import; returns how many entries were removed.
   */
  replaceOutward(
    gstin: string,
    part: OutwardPart,
    period: string,
    entries: readonly OutwardEntry[],
    imp: OutwardImportEntry,
  ): Promise<{ removed: number }>;
  /** The entries of a period (null: every period), by period, part, customer and key. */
  loadOutward(gstin: string, period: string | null): Promise<StoredOutwardEntry[]>;
  /** The last import of each part and period, by period (newest first) and part. */
  listOutwardImports(gstin: string): Promise<OutwardImportInfo[]>;
}
