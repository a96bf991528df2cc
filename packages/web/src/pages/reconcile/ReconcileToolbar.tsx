import type { ReconcilePayload } from '../../../../gst-ims/src/server/api-types.js';
import { count } from '../../format.js';
import { ViewTabs } from '../../grid.js';
import type { SelectionUse, Tab } from './reconcile-rows.js';
import { tabsOf } from './reconcile-rows.js';

/** Outcome tabs with their counts, and the page's actions with theirs. */
export function ReconcileToolbar({
  data,
  tab,
  onTab,
  toApply,
  selection,
  onApplySafe,
  onApplySelected,
  onLink,
  onUnlink,
}: {
  data: ReconcilePayload;
  tab: Tab;
  onTab: (t: Tab) => void;
  /** Safe proposals the decisions do not follow yet. */
  toApply: number;
  selection: SelectionUse;
  onApplySafe: () => void;
  onApplySelected: () => void;
  onLink: () => void;
  onUnlink: () => void;
}) {
  return (
    <div className="toolbar">
      <ViewTabs<Tab> tabs={tabsOf(data)} value={tab} onChange={onTab} />
      <div className="spacer" />
      <button
        className="primary"
        onClick={onApplySafe}
        disabled={toApply === 0}
        title={`${count(data.proposals.safe)} safe proposals, ${count(toApply)} not applied yet`}
      >
        Apply safe proposals ({count(toApply)})
      </button>
      <button onClick={onApplySelected} disabled={selection.portalSide.length === 0}>
        Apply selected ({count(selection.portalSide.length)})
      </button>
      <button
        onClick={onLink}
        disabled={!selection.canLink}
        title="Select one portal record and one document found only in the books"
      >
        Link
      </button>
      <button onClick={onUnlink} disabled={!selection.canUnlink} title="Select one paired row">
        Unlink
      </button>
    </div>
  );
}
