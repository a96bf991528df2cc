// How an action reads on the History page and in the undo dialog.
import type { ApprovalDto, AuditActionDto } from '../../../gst-ims/src/server/undo-api-types.js';
import { count, dateTime, label } from '../format.js';

const DECLARATION: Readonly<Record<string, string>> = {
  full: 'full ITC reduction',
  partial: 'partial ITC reduction',
  none: 'nil ITC reduction',
};

/** "Accepted", "Rejected (\"not ours\")", "Accepted / Accepted, full ITC reduction". */
export function describeDecisions(a: Pick<AuditActionDto, 'decisions'>): string {
  return a.decisions
    .map((d) => {
      const extra = [
        d.itcReduction ? DECLARATION[d.itcReduction] : null,
        d.remark ? `"${d.remark}"` : null,
      ].filter(Boolean);
      return extra.length ? `${label(d.toAction)} (${extra.join(', ')})` : label(d.toAction);
    })
    .join(' / ');
}

/** "approved by meera at 07-12-2026 11:00, 12 records". */
export function approvalWords(a: ApprovalDto): string {
  return `approved by ${a.by} at ${dateTime(a.at)}, ${count(a.records)} record${a.records === 1 ? '' : 's'}`;
}

/** A line of the History page: a decision action, or an approval. */
export type HistoryLine =
  | { readonly kind: 'action'; readonly action: AuditActionDto }
  | { readonly kind: 'approval'; readonly approval: ApprovalDto };

/**
 * The actions and the approvals in one list, newest first; an approval made at the same time as
 * an action goes above it (it can only have approved what was decided by then).
 */
export function historyLines(
  actions: readonly AuditActionDto[],
  approvals: readonly ApprovalDto[],
): HistoryLine[] {
  const out: HistoryLine[] = [];
  let i = 0;
  for (const action of actions) {
    while (i < approvals.length && (approvals[i] as ApprovalDto).at >= action.at)
      out.push({ kind: 'approval', approval: approvals[i++] as ApprovalDto });
    out.push({ kind: 'action', action });
  }
  while (i < approvals.length)
    out.push({ kind: 'approval', approval: approvals[i++] as ApprovalDto });
  return out;
}
