// The month's GSTR-2B checked against the workspace: the IMS decisions, the projection of
// them, and the books' documents outside IMS.
import type {
  DecisionsVs2b,
  Gstr2b,
  Gstr2bTable4,
  TotalsVs2b,
  WorkspaceRecord,
} from '../core/index.js';
import {
  NothingToDoError,
  compareDecisionsWith2b,
  compareTotalsWith2b,
  gstr2bTable4,
  twoBPeriod,
} from '../core/index.js';
import type { BooksVs2b } from '../core/reconcile-2b.js';
import { reconcileWith2b } from '../core/reconcile-2b.js';
import type { WorkspaceStore } from '../store/index.js';
import type { AppContext } from './context.js';
import { loadTolerances } from './reconcile-config.js';
import { itcReport } from './reports.js';

export async function storedGstr2b(
  store: WorkspaceStore,
  gstin: string,
  period: string,
): Promise<Gstr2b | null> {
  const s = await store.loadReturn(gstin, 'gstr2b', period);
  return s === null ? null : (JSON.parse(s.data) as Gstr2b);
}

/** The records of a 2B period, not gone. */
async function periodRecords(
  store: WorkspaceStore,
  gstin: string,
  period: string,
): Promise<WorkspaceRecord[]> {
  return (await store.loadRecords(gstin)).filter(
    (r) => !r.state.gone && twoBPeriod(r.record) === period,
  );
}

export interface Gstr2bCheck {
  readonly period: string;
  /** (a) the decisions against the 2B: "recompute the 2B on the portal before filing 3B". */
  readonly decisions: DecisionsVs2b;
  /** (b) the 2B's all-other ITC against the projection of the decisions. */
  readonly totals: TotalsVs2b;
  /** (c) the books' documents outside IMS against the 2B's RCM, import and ISD sections; null without a register. */
  readonly books: BooksVs2b | null;
}

export async function gstr2bCheck(
  ctx: AppContext,
  gstin: string,
  twoB: Gstr2b,
): Promise<Gstr2bCheck> {
  const records = await periodRecords(ctx.store, gstin, twoB.period);
  const projected = (await itcReport(ctx, gstin, { period: twoB.period })).netAvailable;
  return {
    period: twoB.period,
    decisions: compareDecisionsWith2b(records, twoB),
    totals: compareTotalsWith2b(projected, gstr2bTable4(twoB)),
    books: await booksVs2b(ctx.store, gstin, twoB),
  };
}

/**
 * The whole register, not the period's month: a document booked earlier may reach this 2B late.
 * Documents outside IMS only; the rest are reconciled with IMS. Tolerances are the GSTIN's.
 */
async function booksVs2b(
  store: WorkspaceStore,
  gstin: string,
  twoB: Gstr2b,
): Promise<BooksVs2b | null> {
  const docs = await store.loadRegister(gstin);
  if (docs.length === 0) return null;
  return reconcileWith2b(docs, twoB, await loadTolerances(store, gstin));
}

/** `report 2b --period`: the stored 2B of the period checked against the workspace now. */
export async function gstr2bReport(
  ctx: AppContext,
  gstin: string,
  period: string,
): Promise<Gstr2bCheck & { table4: Gstr2bTable4 }> {
  const twoB = await storedGstr2b(ctx.store, gstin, period);
  if (twoB === null)
    throw new NothingToDoError(
      `no GSTR-2B of ${period} in the workspace for ${gstin}: import it with gst-ims import gstr2b FILE`,
    );
  return { ...(await gstr2bCheck(ctx, gstin, twoB)), table4: gstr2bTable4(twoB) };
}
