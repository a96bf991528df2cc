// How an action reads on the History page and in the undo dialog.
import type { AuditActionDto } from '../../../gst-ims/src/server/undo-api-types.js';
import { label } from '../format.js';

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
