// Live data: the page asks the server every few seconds for the workspace's version (GET
// /api/changes) and, when another tab or `gst-ims act` in a terminal changed it, tells the pages to
// reload what they show (the app's version). A poll rather than server-sent events: nothing held
// open to keep the server from stopping, and a tab in the background asks nothing.
import { useEffect, useRef } from 'react';
import type { ChangesPayload } from '../../gst-ims/src/server/api-types.js';
import { getJson, ownWrites } from './api.js';

export const WATCH_INTERVAL_MS = 2000;

/**
 * The changes the page took for another's, kept on the window: the browser tests tell a reload
 * the page had to make from one it should not have, and a user's report can quote them.
 */
function noteForeign(known: number, version: number): void {
  const w = window as unknown as { __gstImsForeign?: { known: number; version: number }[] };
  (w.__gstImsForeign ??= []).push({ known, version });
}

/**
 * Calls `changed` when the workspace version moved past what the page knew by a change the page
 * did not make itself. The server numbers every change; the page's own writes bring back the
 * number they made (ownWrites.versions), and the page that made them updates itself: reloading on
 * them would make a reconcile run chase its own writes.
 */
export function useWorkspaceWatch(changed: () => void): void {
  // The latest callback, read at each poll: the watch is started once, so a new callback (the app
  // re-rendering) never restarts it and forgets the version it knew.
  const latest = useRef(changed);
  latest.current = changed;
  useEffect(() => {
    let known: number | null = null;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const check = async (): Promise<void> => {
      if (document.visibilityState === 'visible') {
        try {
          const { version } = await getJson<ChangesPayload>('/api/changes');
          // A watch stopped while its poll was out (the app re-mounted): the numbers of the
          // page's own writes belong to the watch that runs now, not to be spent here.
          if (stopped) return;
          if (known !== null && version > known) {
            // A write of ours still under way has not brought its number back yet: ask again later.
            if (ownWrites.underWay > 0) {
              if (!stopped) timer = setTimeout(() => void check(), WATCH_INTERVAL_MS);
              return;
            }
            let foreign = false;
            for (let v = known + 1; v <= version; v++)
              if (!ownWrites.versions.delete(v)) foreign = true;
            if (foreign && !stopped) {
              noteForeign(known, version);
              latest.current();
            }
          }
          // Lower after a restart of the server: start counting again from there.
          known = version;
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
  }, []);
}
