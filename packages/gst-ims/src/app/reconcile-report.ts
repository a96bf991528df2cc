// Counts and amounts by match outcome per supplier.
import type { MatchOutcome, Paise } from '../core/index.js';
import { MATCH_OUTCOMES, totalTax } from '../core/index.js';
import type { AppContext } from './context.js';
import { rematch } from './match-and-save.js';

// ---------------------------------------------------------------------------------------------
// Supplier-wise summary

export interface OutcomeAmount {
  count: number;
  /** Document value: the portal's for records, the books' for documents only in the books. */
  value: Paise;
  totalTax: Paise;
}

export interface SupplierReconcileSummary {
  readonly supplierGstin: string;
  readonly supplierName: string | null;
  readonly byOutcome: Record<MatchOutcome, OutcomeAmount>;
  readonly records: number;
  readonly documents: number;
}

export interface ReconcileReport {
  readonly gstin: string;
  /** When the saved results were computed; null when the match was run for this report. */
  readonly suppliers: SupplierReconcileSummary[];
  readonly totals: Record<MatchOutcome, OutcomeAmount>;
}

const zeroAmounts = (): Record<MatchOutcome, OutcomeAmount> =>
  Object.fromEntries(
    MATCH_OUTCOMES.map((o) => [o, { count: 0, value: 0 as Paise, totalTax: 0 as Paise }]),
  ) as Record<MatchOutcome, OutcomeAmount>;

/** Counts and amounts by outcome per supplier, from a fresh run of the match (results saved). */
export async function reconcileReport(ctx: AppContext, gstin: string): Promise<ReconcileReport> {
  const s = await rematch(ctx, gstin);
  const by = new Map<
    string,
    {
      name: string | null;
      byOutcome: Record<MatchOutcome, OutcomeAmount>;
      records: number;
      documents: number;
    }
  >();
  const totals = zeroAmounts();
  for (const r of s.rows) {
    const e = by.get(r.supplierGstin) ?? {
      name: null,
      byOutcome: zeroAmounts(),
      records: 0,
      documents: 0,
    };
    e.name ??= r.supplierName;
    const amounts = r.portalAmounts ?? r.registerAmounts;
    for (const b of [e.byOutcome[r.outcome], totals[r.outcome]]) {
      b.count++;
      if (amounts) {
        b.value = (b.value + amounts.value) as Paise;
        b.totalTax = (b.totalTax + totalTax(amounts)) as Paise;
      }
    }
    if (r.recordKey !== null) e.records++;
    if (r.registerRef !== null) e.documents++;
    by.set(r.supplierGstin, e);
  }
  const suppliers = [...by]
    .map(([supplierGstin, e]) => ({
      supplierGstin,
      supplierName: e.name,
      byOutcome: e.byOutcome,
      records: e.records,
      documents: e.documents,
    }))
    .sort((a, b) => a.supplierGstin.localeCompare(b.supplierGstin));
  return { gstin, suppliers, totals };
}
