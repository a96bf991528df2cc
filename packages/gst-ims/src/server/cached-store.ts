// A read cache in front of the workspace store for the long-running server. Loading 100,000
// records costs about a second; the web app asks for them on every page (grid, dashboard,
// record panel), while they change only on a write. loadRecords outside a transaction is served
// from memory while the workspace is unchanged: no write through this store since the load, and
// the same SQLite file stamp (size and mtime of the file and its WAL, so a `gst-ims act` run in
// another terminal is seen). Everything else, transactions included, goes to the store as is.
import { stat } from 'node:fs/promises';
import type { WorkspaceRecord } from '../core/index.js';
import type { WorkspaceStore } from '../store/index.js';

/** Methods that only read; any other call counts as a write and drops the cache. */
const READS = /^(load|list|get|audit|last|explain|close)/;

export interface CachedStore {
  readonly store: WorkspaceStore;
  invalidate(): void;
  /** Identifies the cached load of a GSTIN's records (changes with every reload); null when none. */
  snapshotId(gstin: string): number | null;
  /** Loads the records of each GSTIN now, so the first page view does not wait. */
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
  const cache = new Map<
    string,
    { id: number; generation: number; stamp: string; rows: WorkspaceRecord[] }
  >();
  const loading = new Map<string, Promise<WorkspaceRecord[]>>();
  const invalidate = (): void => {
    generation++;
    cache.clear();
  };

  const loadRecords = async (gstin: string): Promise<WorkspaceRecord[]> => {
    const now = stamp === null ? '' : await stamp();
    const hit = cache.get(gstin);
    if (hit && hit.generation === generation && hit.stamp === now) return hit.rows.slice();
    const pending = loading.get(gstin);
    if (pending) return (await pending).slice();
    const gen = generation;
    const p = inner.loadRecords(gstin);
    loading.set(gstin, p);
    try {
      const rows = await p;
      if (gen === generation) cache.set(gstin, { id: ++loads, generation: gen, stamp: now, rows });
      return rows.slice();
    } finally {
      loading.delete(gstin);
    }
  };

  const store = new Proxy(inner, {
    get(target, prop) {
      if (prop === 'loadRecords') return loadRecords;
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
    snapshotId: (gstin) => {
      const hit = cache.get(gstin);
      return hit && hit.generation === generation ? hit.id : null;
    },
    warm: async () => {
      for (const g of await inner.listGstins()) await loadRecords(g.gstin);
    },
  };
}
