// One workspace per describe for property tests that give each generated case a GSTIN of its own
// (neighbouring cases' records must never show): opened before the tests, closed after them.
import { afterAll, beforeAll } from 'vitest';
import type { WorkspaceStore } from '../store/workspace-store.js';
import type { StoreKind } from './stores.js';

export interface CaseStore {
  /** The describe's store (from its beforeAll on). */
  readonly store: WorkspaceStore;
  /** A GSTIN no case has had yet. */
  readonly nextGstin: () => string;
  /** How many GSTINs nextGstin has given (the last case's number). */
  readonly cases: number;
}

export function caseStore(kind: StoreKind): CaseStore {
  let store: WorkspaceStore | null = null;
  let n = 0;
  beforeAll(async () => {
    store = await kind.open();
  });
  afterAll(async () => {
    await store?.close();
  });
  return {
    get store() {
      if (store === null) throw new Error('the case store opens in beforeAll');
      return store;
    },
    nextGstin: () => `27AABCU${String(++n).padStart(4, '0')}R1ZN`,
    get cases() {
      return n;
    },
  };
}
