// A read cache in front of the workspace store for a long-running process (the server). Loading
// 100,000 records costs about a second; the web app asks for them on every page (grid, dashboard,
// record panel), while they change only on a write. loadRecords and loadMatches (the outcomes of
// the last reconcile run, shown beside the records) outside a transaction are served from memory
// while the workspace is unchanged: no write through this store since the load and, when asked to
// watch other processes, the same changeStamp() of the store (so a `gst-ims act` run in another
// terminal is seen). Every method is listed below as memoised, read or write, checked against
// WorkspaceStore: a method added to the interface does not compile until it is placed.
import type { MatchResult, WorkspaceRecord } from '../core/index.js';
import type { ReturnPeriodCount, WorkspaceStore } from './workspace-store.js';

/** Served from memory per GSTIN while the workspace is unchanged. */
export const MEMOISED_READS = [
  'loadRecords',
  'loadMatches',
  // Kept until the GSTIN's next IMS download, the only write that changes a record's return
  // period, filing or gone flag (the web asks for it on every page: a million descriptions).
  'returnPeriodTally',
] as const satisfies readonly (keyof WorkspaceStore)[];

/** Passed through as they are: they change nothing the cache holds. */
export const PLAIN_READS = [
  'changeStamp',
  'close',
  'backup',
  'listGstins',
  'gstinIds',
  'loadUploadCandidates',
  'loadUploadCandidatePage',
  'loadUploadPlanRows',
  'loadRecordsByKeys',
  // A register import's look at what it replaces, inside its transaction.
  'registerForReplacement',
  'loadRecordsByIds',
  'loadRecordIndex',
  'loadRegisterIndex',
  'loadRegisterByRefs',
  'loadRegisterOfSuppliers',
  // A page's outcomes, by key: a few rows, not the run's whole results.
  'matchOutcomes',
  // Pages are asked of the database each time: a page is cheap, and a cached whole is not.
  'pageRecords',
  'recordKeysMatching',
  'recordSummary',
  'recordStatus',
  'loadRecordOutlines',
  'loadRecordOutlinePage',
  'lastRecordId',
  'auditFor',
  'lastAuditSources',
  'listAuditEvents',
  'auditEventGroup',
  'auditAroundEvents',
  'listSavedViews',
  'listImports',
  'lastImport',
  'listUploadFiles',
  'uploadFileItems',
  'lastExport',
  'getSetting',
  'loadReturn',
  'listReturns',
  'loadRegister',
  'listRegisterRefs',
  'listRegisterImports',
  'loadManualLinks',
  'loadOutward',
  'listOutwardImports',
  // Accounts and sessions are not cached: their writes change nothing the cache holds.
  'getUser',
  'listUsers',
  'grantedGstins',
  'getSession',
  'recordVersions',
  // Approvals change nothing the cache holds either.
  'unapprovedRecords',
  'lastApproval',
  // The practice view's counts: asked of the database each time (they are small).
  'practicePeriods',
  'practiceCounts',
  'listApprovals',
  'recordApprovals',
  'approveRecords',
  // Shares of a period given to people: nothing the cache holds either.
  'listAssignments',
  'addAssignments',
  'removeAssignments',
  'addUser',
  'updateUser',
  'grantGstins',
  'revokeGstins',
  'createSession',
  'deleteSession',
  'deleteUserSessions',
  'deleteExpiredSessions',
] as const satisfies readonly (keyof WorkspaceStore)[];

/**
 * Drop the cache before and after the call. A transaction counts as a write whatever it does:
 * its callback gets the store underneath, not this one.
 */
export const WRITES = [
  'transaction',
  'ensureGstin',
  'insertRecords',
  'updateRecords',
  'setDecision',
  'updateStates',
  'appendAudit',
  'logImport',
  'logExport',
  'setUploadFileAnswer',
  'setSetting',
  'saveReturn',
  'replaceRegister',
  'saveMatches',
  'saveMatchesFrom',
  'addManualLink',
  'removeManualLinks',
  'deleteManualLinks',
  'saveView',
  'deleteSavedView',
  'replaceOutward',
  'dropPageIndexesForImport',
  'buildPageIndexes',
] as const satisfies readonly (keyof WorkspaceStore)[];

type Listed =
  (typeof MEMOISED_READS)[number] | (typeof PLAIN_READS)[number] | (typeof WRITES)[number];
type Unlisted = Exclude<keyof WorkspaceStore, Listed>;
// Fails to compile, naming the method, when WorkspaceStore has one the lists above do not place.
const EVERY_METHOD_PLACED: [Unlisted] extends [never] ? true : Unlisted = true;
void EVERY_METHOD_PLACED;

/** The loads kept in memory, per GSTIN. */
export type CachedLoad = 'records' | 'matches';

export interface CachedStoreOptions {
  /**
   * Compare the store's changeStamp() before serving from memory, to see other processes'
   * writes; off, only writes through this store drop the cache.
   */
  readonly watchOtherProcesses: boolean;
  /** A load of more rows than this is served but not kept, nor warmed (default KEPT_ROWS). */
  readonly keepUpTo?: number;
}

/**
 * The most records (or matches) of a GSTIN kept in memory: above it the web's Records grid pages
 * from the server (the web's PAGED_THRESHOLD) and its counts are SQL, so a whole load is asked
 * only by reports and exports, and kept it held a server at a million records at 930 MB (warmed
 * at start, 14 s of CPU while the first page waited).
 */
export const KEPT_ROWS = 50_000;

export interface CachedStore {
  readonly store: WorkspaceStore;
  invalidate(): void;
  /**
   * Identifies the cached load of a GSTIN's records (or matches): it changes with every reload,
   * and is null when none is cached.
   */
  snapshotId(gstin: string, load?: CachedLoad): number | null;
  /**
   * Loads the records (and matches) of each GSTIN small enough to keep now, so the first page
   * view does not wait.
   */
  warm(): Promise<void>;
}

type Method = (...args: unknown[]) => Promise<unknown>;

export function cachedStore(inner: WorkspaceStore, opts: CachedStoreOptions): CachedStore {
  const keepUpTo = opts.keepUpTo ?? KEPT_ROWS;
  let generation = 0;
  let loads = 0;
  const caches: { clear(): void }[] = [];
  const invalidate = (): void => {
    generation++;
    for (const c of caches) c.clear();
  };
  // Not watching, a load starts at once (no await before it): a write issued right after it
  // cannot slip in ahead.
  const stamp = opts.watchOtherProcesses ? async () => (await inner.changeStamp()) ?? '' : null;

  /** One load served from memory per GSTIN while the generation and the store's stamp hold. */
  const memo = <T>(load: (gstin: string) => Promise<T[]>) => {
    const cache = new Map<string, { id: number; generation: number; stamp: string; rows: T[] }>();
    const loading = new Map<string, { generation: number; stamp: string; rows: Promise<T[]> }>();
    caches.push(cache);
    const get = async (gstin: string): Promise<T[]> => {
      const now = stamp === null ? '' : await stamp();
      const hit = cache.get(gstin);
      if (hit && hit.generation === generation && hit.stamp === now) return hit.rows.slice();
      // Join a load under way only when it reads the workspace as it is now.
      const pending = loading.get(gstin);
      if (pending && pending.generation === generation && pending.stamp === now)
        return (await pending.rows).slice();
      const gen = generation;
      const p = load(gstin);
      const entry = { generation: gen, stamp: now, rows: p };
      loading.set(gstin, entry);
      try {
        const rows = await p;
        if (gen === generation && rows.length <= keepUpTo)
          cache.set(gstin, { id: ++loads, generation: gen, stamp: now, rows });
        return rows.slice();
      } finally {
        if (loading.get(gstin) === entry) loading.delete(gstin);
      }
    };
    const snapshotId = (gstin: string): number | null => {
      const hit = cache.get(gstin);
      return hit && hit.generation === generation ? hit.id : null;
    };
    return { get, snapshotId };
  };
  const records = memo<WorkspaceRecord>((g) => inner.loadRecords(g));
  const matches = memo<MatchResult>((g) => inner.loadMatches(g));

  // Looked up at each call, not bound once: the store underneath is used exactly as it is.
  const call = (name: keyof WorkspaceStore, args: unknown[]): Promise<unknown> =>
    (inner[name] as Method).apply(inner, args);
  const tallies = new Map<
    string,
    { importId: number | null; tally: Promise<ReturnPeriodCount[]> }
  >();
  const returnPeriodTally = async (gstin: string): Promise<ReturnPeriodCount[]> => {
    const importId = (await inner.lastImport(gstin, ['ims']))?.id ?? null;
    const hit = tallies.get(gstin);
    if (hit?.importId === importId) return hit.tally;
    const tally = inner.returnPeriodTally(gstin);
    tallies.set(gstin, { importId, tally });
    tally.catch(() => {
      if (tallies.get(gstin)?.tally === tally) tallies.delete(gstin);
    });
    return tally;
  };
  const store: Record<string, Method> = {
    loadRecords: (g) => records.get(g as string),
    loadMatches: (g) => matches.get(g as string),
    returnPeriodTally: (g) => returnPeriodTally(g as string),
  };
  for (const name of PLAIN_READS) store[name] = (...args) => call(name, args);
  for (const name of WRITES)
    store[name] = async (...args) => {
      invalidate();
      try {
        return await call(name, args);
      } finally {
        invalidate();
      }
    };

  return {
    store: store as unknown as WorkspaceStore,
    invalidate,
    snapshotId: (gstin, load = 'records') =>
      (load === 'records' ? records : matches).snapshotId(gstin),
    warm: async () => {
      for (const g of await inner.listGstins()) {
        await returnPeriodTally(g.gstin);
        if (g.records > keepUpTo) continue;
        await records.get(g.gstin);
        await matches.get(g.gstin);
      }
    },
  };
}
