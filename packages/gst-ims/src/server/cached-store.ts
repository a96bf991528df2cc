// A read cache in front of the workspace store for the long-running server. Loading 100,000
// records costs about a second; the web app asks for them on every page (grid, dashboard,
// record panel), while they change only on a write. loadRecords and loadMatches (the outcomes of
// the last reconcile run, shown beside the records) outside a transaction are served from memory
// while the workspace is unchanged: no write through this store since the load, and the same
// SQLite file stamp (size and mtime of the file and its WAL, so a `gst-ims act` run in another
// terminal is seen). Everything else, transactions included, goes to the store as is.
import { stat } from 'node:fs/promises';
import type { MatchResult, WorkspaceRecord } from '../core/index.js';
import type { WorkspaceStore } from '../store/index.js';

/** Methods that only read; any other call counts as a write and drops the cache. */
const READS = /^(load|list|get|audit|last|explain|close)/;

/** The loads kept in memory, per GSTIN. */
export type CachedLoad = 'records' | 'matches';

export interface CachedStore {
  readonly store: WorkspaceStore;
  invalidate(): void;
  /**
   * Identifies the cached load of a GSTIN's records (or matches): it changes with every reload,
   * and is null when none is cached.
   */
  snapshotId(gstin: string, load?: CachedLoad): number | null;
  /** Loads the records (and matches) of each GSTIN now, so the first page view does not wait. */
  warm(): Promise<void>;
}

/** A stamp that changes when another process commits to the SQLite file (WAL mode). */
export function sqliteFileStamp(file: string): () => Promise<string> {
  const one = async (f: string): Promise<string> => {
    try {
      const s = await stat(f);
      return `${s.size}:${s.mtimeMs}`;
    } catch {
      return '-';
    }
  };
  return async () => `${await one(file)}|${await one(`${file}-wal`)}`;
}

export function cachedStore(
  inner: WorkspaceStore,
  stamp: (() => Promise<string>) | null,
): CachedStore {
  let generation = 0;
  let loads = 0;
  const caches: { clear(): void }[] = [];
  const invalidate = (): void => {
    generation++;
    for (const c of caches) c.clear();
  };

  /** One load served from memory per GSTIN while the generation and the file stamp hold. */
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
        if (gen === generation)
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

  const store = new Proxy(inner, {
    get(target, prop) {
      if (prop === 'loadRecords') return records.get;
      if (prop === 'loadMatches') return matches.get;
      const v: unknown = Reflect.get(target, prop, target);
      if (typeof v !== 'function') return v;
      const fn = v as (...args: unknown[]) => unknown;
      if (typeof prop === 'string' && READS.test(prop))
        return (...args: unknown[]) => fn.apply(target, args);
      return (...args: unknown[]) => {
        invalidate();
        const r = fn.apply(target, args);
        if (r instanceof Promise) return r.finally(invalidate);
        invalidate();
        return r;
      };
    },
  });

  return {
    store,
    invalidate,
    snapshotId: (gstin, load = 'records') =>
      (load === 'records' ? records : matches).snapshotId(gstin),
    warm: async () => {
      for (const g of await inner.listGstins()) {
        await records.get(g.gstin);
        await matches.get(g.gstin);
      }
    },
  };
}
