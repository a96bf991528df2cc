// The return period chosen in the top bar, shared by every page. The choice is kept per GSTIN
// across reloads. Until the user chooses (or when the chosen period is gone), the server's
// `current` is shown: the period the records to work on are in, not the newest, which may hold a
// handful of records (app/work-period.ts says how it is picked).
import { useCallback, useEffect, useState } from 'react';
import { defaultPeriod } from '@core/period-label.js';
import { getJson } from './api.js';

const KEY = 'gst-ims.period.';

export interface PeriodState {
  readonly period: string | null;
  readonly periods: readonly string[];
  readonly setPeriod: (period: string) => void;
  /** The periods of this GSTIN were asked for once: pages that take the period may load. */
  readonly loaded: boolean;
}

export function usePeriodState(gstin: string | null, version: number): PeriodState {
  const [periods, setPeriods] = useState<readonly string[]>([]);
  const [current, setCurrent] = useState<string | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [loadedFor, setLoadedFor] = useState<string | null>(null);

  useEffect(() => {
    if (!gstin) {
      setPeriods([]);
      return;
    }
    let live = true;
    setChosen(localStorage.getItem(KEY + gstin));
    getJson<{ periods: string[]; current?: string | null }>('/api/periods', gstin)
      .then((r) => {
        if (!live) return;
        setPeriods(r.periods);
        setCurrent(r.current ?? null);
      })
      // The switcher is a convenience: without the list, pages fall back to their defaults.
      .catch(() => live && setPeriods([]))
      .finally(() => live && setLoadedFor(gstin));
    return () => {
      live = false;
    };
  }, [gstin, version]);

  const setPeriod = useCallback(
    (p: string) => {
      setChosen(p);
      if (gstin) localStorage.setItem(KEY + gstin, p);
    },
    [gstin],
  );

  const period =
    chosen !== null && periods.includes(chosen) ? chosen : defaultPeriod(periods, current);
  return { period, periods, setPeriod, loaded: gstin === null || loadedFor === gstin };
}

/** "?period=MMYYYY" (or "&..."), for the API routes that take the top bar's period. */
export const periodQuery = (period: string | null, sep: '?' | '&' = '?'): string =>
  period ? `${sep}period=${encodeURIComponent(period)}` : '';

/**
 * The portal's date for a return period: the `day` of the month after it (2B on the 14th, 3B due
 * on the 20th), as DD-MM-YYYY, and the days from `today` to it (negative once it has passed).
 */
export function periodDate(
  period: string,
  day: number,
  today: Date,
): { days: number; date: string } {
  const m = Number(period.slice(0, 2));
  const y = Number(period.slice(2));
  // Month m (1-based) of the Date constructor is the month after the period.
  const target = new Date(y, m, day);
  const t = new Date(today.getFullYear(), today.getMonth(), today.getDate());
  const p = (n: number): string => String(n).padStart(2, '0');
  return {
    days: Math.round((target.getTime() - t.getTime()) / 86_400_000),
    date: `${p(target.getDate())}-${p(target.getMonth() + 1)}-${target.getFullYear()}`,
  };
}
