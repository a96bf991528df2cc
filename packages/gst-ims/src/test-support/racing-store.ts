// A store through which a long operation reads while another writer acts: before the read of
// `loadRecordsByKeys` numbered `at` (0 = the first) returns, `meanwhile` runs to its end on the
// real store. Tests of check-then-write paths (act, the bulk job, export upload) stage with it
// what two processes could do between a check and its write.
import type { WorkspaceStore } from '../store/index.js';

export function racingStore(
  store: WorkspaceStore,
  at: number,
  meanwhile: (store: WorkspaceStore) => Promise<unknown>,
): WorkspaceStore {
  let reads = 0;
  return new Proxy(store, {
    get(target, prop) {
      if (prop === 'loadRecordsByKeys')
        return async (...args: Parameters<WorkspaceStore['loadRecordsByKeys']>) => {
          if (reads++ === at) await meanwhile(target);
          return target.loadRecordsByKeys(...args);
        };
      const v: unknown = Reflect.get(target, prop, target);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}
