// The period the web app opens on. The newest period is often nearly empty (a few GSTR-1A
// records move into the next month's 2B; the demo's newest is Dec 2026 with a handful), while the
// records to work on sit in the period being filed. So the default is the period the
// reconciliation works: the `period` setting when set, else the return period most live records
// carry (reconcile-config's imsPeriod). The Reconcile page names that same period, so the top
// bar and the Reconcile page agree on first open. A period no record falls in any more gives way
// to the newest.
import { defaultPeriod } from '../core/index.js';
import type { AppContext } from './context.js';
import { workspacePeriods } from './month-cycle.js';
import { imsPeriod } from './reconcile-config.js';

export interface WorkPeriods {
  /** The 2B periods of the live records, newest first. */
  readonly periods: string[];
  /** The period to show when the user has not chosen one; null when there is none. */
  readonly current: string | null;
}

export async function workPeriods(ctx: AppContext, gstin: string): Promise<WorkPeriods> {
  const periods = await workspacePeriods(ctx, gstin);
  if (periods.length === 0) return { periods, current: null };
  const worked = await imsPeriod(ctx.store, gstin, await ctx.store.returnPeriodTally(gstin));
  return { periods, current: defaultPeriod(periods, worked?.period ?? null) };
}
