// The Reconcile grid's rows and what the page counts on them: tabs per outcome, the safe
// proposals still to apply, what the selection can be linked, unlinked or applied. Pure.
import type {
  MatchOutcomeName,
  ReconcilePayload,
  ReconcileRowDto,
} from '../../../../gst-ims/src/server/api-types.js';
import { count } from '../../format.js';
import { OUTCOMES } from '../../outcomes.js';

/** A row of the run, with the id the grid knows it by (the record and the books document). */
export type MatchRow = ReconcileRowDto & { id: string };

export type Tab = MatchOutcomeName | 'all';
export const tabActive = (f: { tab: Tab }): boolean => f.tab !== 'all';
export const tabPasses = (r: MatchRow, f: { tab: Tab }): boolean => r.outcome === f.tab;

export const rowsOf = (data: ReconcilePayload | null): MatchRow[] =>
  (data?.rows ?? []).map((r) => ({ ...r, id: `${r.recordKey ?? ''}~${r.registerRef ?? ''}` }));

/** The tabs with their counts, from the run now shown. */
export function tabsOf(
  data: ReconcilePayload,
): { value: Tab; label: string; title?: string | undefined }[] {
  return [
    { value: 'all', label: `All (${count(data.rows.length)})` },
    ...OUTCOMES.map((o) => ({
      value: o.outcome,
      label: `${o.label} (${count(data.counts[o.outcome])})`,
      title: o.hint,
    })),
  ];
}

/**
 * Safe proposals the decisions do not follow yet: what "Apply safe proposals" would change. The
 * run counts every safe proposal, applied or not, so after applying its count would not move.
 */
export const safeToApply = (rows: readonly ReconcileRowDto[]): number =>
  rows.filter((r) => r.proposal?.safe === true && r.proposal.action !== r.currentAction).length;

export interface SelectionUse {
  /** Selected rows with a portal record: what "Apply selected" acts on. */
  readonly portalSide: readonly MatchRow[];
  /** Selected rows found only in the books. */
  readonly booksOnly: readonly MatchRow[];
  /** One portal record and one books-only document: they can be linked by hand. */
  readonly canLink: boolean;
  /** One paired row: its pair can be undone. */
  readonly canUnlink: boolean;
}

export function selectionUse(selected: readonly MatchRow[]): SelectionUse {
  const portalSide = selected.filter((r) => r.recordKey !== null);
  const booksOnly = selected.filter((r) => r.recordKey === null && r.registerRef !== null);
  return {
    portalSide,
    booksOnly,
    canLink: selected.length === 2 && portalSide.length === 1 && booksOnly.length === 1,
    canUnlink:
      selected.length === 1 && selected[0]?.recordKey !== null && selected[0]?.registerRef !== null,
  };
}
