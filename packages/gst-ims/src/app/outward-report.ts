// `report outward` (issue 17): the supplier view of one return period as the core reports it,
// with what was imported for it. Today's date (for ages and the s.37(3) limit) is India's.
import type {
  AddedBackLiability,
  OutwardDocument,
  OutwardPart,
  OutwardReport,
  SalesBookEntry,
} from '../core/index.js';
import { NothingToDoError, OUTWARD_DOWNLOAD_PARTS, outwardReport } from '../core/index.js';
import type { OutwardImportInfo } from '../store/index.js';
import type { AppContext } from './context.js';
import { todayOf } from './context.js';

export interface OutwardReportOptions {
  /** MMYYYY; default: the latest period with a supplier-view import. */
  readonly period?: string | undefined;
  /** Pending documents older than this many days are listed (default 30). */
  readonly olderThanDays?: number | undefined;
}

export interface OutwardReportResult extends OutwardReport {
  readonly gstin: string;
  /** The imports behind the report, one per part imported for the period. */
  readonly imports: OutwardImportInfo[];
  /** Parts of the period never imported (the added-back list: its amounts are then an estimate). */
  readonly notImported: OutwardPart[];
  /** Every period with a supplier-view import, newest first. */
  readonly periods: string[];
}

export async function outwardReportFor(
  ctx: AppContext,
  gstin: string,
  opts: OutwardReportOptions = {},
): Promise<OutwardReportResult> {
  const listed = await ctx.store.listOutwardImports(gstin);
  // The sales register is filed by the month of its documents: not a period of the supplier view.
  const imports = listed.filter((i) => OUTWARD_DOWNLOAD_PARTS.includes(i.part));
  const periods = [...new Set(imports.map((i) => i.period))];
  const period = opts.period ?? periods[0];
  if (period === undefined)
    throw new NothingToDoError(
      'no supplier-view download imported yet: import one with gst-ims import outward FILE',
    );
  const all = await ctx.store.loadOutward(gstin, null);
  const sales: { period: string; doc: OutwardDocument }[] = [];
  const addedBack: AddedBackLiability[] = [];
  const books: SalesBookEntry[] = [];
  for (const s of all) {
    if (s.entry.kind === 'sales') sales.push({ period: s.period, doc: s.entry });
    else if (s.entry.kind === 'book') books.push(s.entry);
    else if (s.period === period) addedBack.push(s.entry);
  }
  const mine = imports.filter((i) => i.period === period);
  const report = outwardReport({
    period,
    documents: sales.filter((s) => s.period === period).map((s) => s.doc),
    addedBack: mine.some((i) => i.part === 'addedBack') ? addedBack : null,
    allDocuments: sales,
    today: todayOf(ctx),
    olderThanDays: opts.olderThanDays,
    books,
  });
  return {
    ...report,
    gstin,
    imports: mine,
    notImported: OUTWARD_DOWNLOAD_PARTS.filter((p) => !mine.some((i) => i.part === p)),
    periods,
  };
}
