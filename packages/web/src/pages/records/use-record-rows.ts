// The Records page's rows: loaded once per GSTIN, loaded again when the workspace changed
// elsewhere, and patched in place after the page's own decisions.
import type { RefObject } from 'react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorText } from '../../api.js';
import type { Row } from '../../records.js';
import { loadRows, patchCache, prepareSearch } from '../../records.js';

export interface RecordRows {
  /** Every record of the GSTIN; null while loading. */
  readonly rows: Row[] | null;
  readonly error: string | null;
  /** The app version the rows are of (the page's own decisions move it on). */
  readonly versionRef: RefObject<number>;
  /**
   * After the page's own decision: the cached rows take the updated ones and the rows' version
   * moves on, so the app's next version does not load every record again. Call before bump().
   */
  readonly noteOwnChange: (updated: readonly Row[]) => void;
}

export function useRecordRows(
  gstin: string | null,
  version: number,
  onReloaded: () => void,
): RecordRows {
  const [rows, setRows] = useState<Row[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const versionRef = useRef(version);
  const reloaded = useRef(onReloaded);
  reloaded.current = onReloaded;

  useEffect(() => {
    if (!gstin) return;
    let live = true;
    const t0 = performance.now();
    loadRows(gstin, versionRef.current)
      .then((r) => {
        if (!live) return;
        setRows(r);
        prepareSearch(r);
        (window as unknown as { __gstImsLoad?: number }).__gstImsLoad = performance.now() - t0;
      })
      .catch((e: unknown) => live && setError(errorText(e)));
    return () => {
      live = false;
    };
  }, [gstin]);

  // An import elsewhere, another tab or `gst-ims act` changes the data: reload. The grid knows
  // rows by key (getRowId), so new data keeps the scroll position and the selection.
  useEffect(() => {
    if (version === versionRef.current || !gstin) return;
    versionRef.current = version;
    loadRows(gstin, version)
      .then((r) => {
        setRows(r);
        reloaded.current();
      })
      .catch((e: unknown) => setError(errorText(e)));
  }, [version, gstin]);

  const noteOwnChange = useCallback(
    (updated: readonly Row[]) => {
      if (!gstin) return;
      const next = versionRef.current + 1;
      patchCache(gstin, next, updated);
      versionRef.current = next;
    },
    [gstin],
  );

  return { rows, error, versionRef, noteOwnChange };
}
