import type { PortalRecord } from '../record.js';
import type { RegisterDocument, Tolerances } from '../register.js';

export interface PairLink {
  readonly recordKey: string;
  readonly registerRef: string;
}

export interface ReconcileInput {
  readonly records: readonly PortalRecord[];
  readonly documents: readonly RegisterDocument[];
  readonly tolerances: Tolerances;
  /** Pairs a person linked: fixed before any automatic matching. */
  readonly manualLinks?: readonly PairLink[] | undefined;
  /**
   * Register refs left out of automatic matching (e.g. marked not applicable). They still get a
   * result (missingInPortal with reason `excluded`) unless a manual link names them.
   */
  readonly excludedRefs?: readonly string[] | undefined;
  /** Pairs a person unlinked: never paired automatically again. */
  readonly unlinkedPairs?: readonly PairLink[] | undefined;
}
