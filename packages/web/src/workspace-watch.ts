// Live data: the page asks the server every few seconds whether the workspace changed (GET
// /api/changes, the SQLite file's stamp) and, when another tab or `gst-ims act` in a terminal
// changed it, tells the pages to reload what they show (the app's version). A poll rather than
// server-sent events: nothing held open to keep the server from stopping, and a tab in the
// background asks nothing.
import { useEffect } from 'react';
import type { ChangesPayload } from '../../gst-ims/src/server/api-types.js';
import { getJson, ownWrites } from './api.js';

export const WATCH_INTERVAL_MS = 2000;

/**
 * Calls `changed` when the workspace changed and the page did not change it itself. A change
 * seen while one of the page's own requests is under way (or after one) is taken as its own:
 * that page updates itself, and reloading on it would make a reconcile run chase its own writes.
 */
export function useWorkspaceWatch(changed: () => void): void {
  useEffect(() => {
    let known: string | null = null;
    let seenWrites = ownWrites.started;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const check = async (): Promise<void> => {
      if (document.visibilityState === 'visible') {
        const writesBefore = ownWrites.started;
        const busyBefore = ownWrites.underWay > 0;
        try {
          const { stamp } = await getJson<ChangesPayload>('/api/changes');
          const own =
            busyBefore ||
            ownWrites.underWay > 0 ||
            writesBefore !== seenWrites ||
            ownWrites.started !== writesBefore;
          if (known !== null && stamp !== known && !own && !stopped) changed();
          known = stamp;
          seenWrites = writesBefore;
        } catch {
          // The server stopped or restarted: the next request the page makes will say so.
        }
      }
      if (!stopped) timer = setTimeout(() => void check(), WATCH_INTERVAL_MS);
    };
    void check();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [changed]);
}
