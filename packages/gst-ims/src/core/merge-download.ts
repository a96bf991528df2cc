import type { PortalRecord } from './record.js';
import type { Section } from './sections.js';
import { isDirty } from './validate-decision.js';
import type { RecordState, WorkspaceRecord } from './workspace-record.js';
import { portalDecision } from './workspace-record.js';

export interface MergeSummary {
  readonly new: number;
  readonly updated: number;
  readonly unchanged: number;
  /** Records whose content the supplier changed after the user decided on them. */
  readonly flagged: number;
  readonly gone: number;
  /** Records that were gone and came back. */
  readonly returned: number;
}

export interface MergeResult {
  readonly inserts: WorkspaceRecord[];
  readonly updates: WorkspaceRecord[];
  readonly summary: MergeSummary;
  readonly flaggedKeys: string[];
}

/** Fields whose change means the supplier edited the document itself. */
function contentChanged(a: PortalRecord, b: PortalRecord): boolean {
  if (a.hash !== null && b.hash !== null) return a.hash !== b.hash || amountsDiffer(a, b);
  return (
    amountsDiffer(a, b) ||
    a.docDate !== b.docDate ||
    a.pos !== b.pos ||
    a.invType !== b.invType ||
    a.originalDocNumber !== b.originalDocNumber ||
    a.originalDocDate !== b.originalDocDate
  );
}

function amountsDiffer(a: PortalRecord, b: PortalRecord): boolean {
  const x = a.amounts;
  const y = b.amounts;
  return x.value !== y.value || x.taxable !== y.taxable || x.igst !== y.igst || x.cgst !== y.cgst || x.sgst !== y.sgst || x.cess !== y.cess;
}

function sameRecord(a: PortalRecord, b: PortalRecord): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Merges a new download into what the workspace holds. The portal's action becomes the new
 * baseline; a local decision that differs from the old baseline (the user decided) is kept;
 * a record the user had decided on whose content changed is flagged. Records of the sections
 * present in the download that it no longer contains are marked gone, never deleted.
 */
export function mergeDownload(
  existing: ReadonlyMap<string, WorkspaceRecord>,
  incoming: readonly PortalRecord[],
  sectionsPresent: ReadonlySet<Section>,
): MergeResult {
  const inserts: WorkspaceRecord[] = [];
  const updates: WorkspaceRecord[] = [];
  const flaggedKeys: string[] = [];
  const seen = new Set<string>();
  let updated = 0;
  let unchanged = 0;
  let returned = 0;

  for (const record of incoming) {
    seen.add(record.key);
    const old = existing.get(record.key);
    if (!old) {
      inserts.push({ record, state: freshState(record) });
      continue;
    }
    const decided = isDirty(old.record, old.state.decision);
    const changed = contentChanged(old.record, record);
    const flag = decided && changed;
    if (flag) flaggedKeys.push(record.key);
    if (old.state.gone) returned++;
    const state: RecordState = {
      decision: decided ? old.state.decision : portalDecision(record),
      changedBySupplier: flag || (old.state.changedBySupplier && decided),
      gone: false,
      // A fresh download supersedes the last upload's error report.
      portalError: null,
    };
    if (sameRecord(old.record, record) && !old.state.gone && old.state.portalError === null && state.changedBySupplier === old.state.changedBySupplier && sameDecision(state, old.state)) {
      unchanged++;
      continue;
    }
    updated++;
    updates.push({ record, state });
  }

  let gone = 0;
  for (const [key, old] of existing) {
    if (seen.has(key) || old.state.gone || !sectionsPresent.has(old.record.section)) continue;
    gone++;
    updates.push({ record: old.record, state: { ...old.state, gone: true } });
  }

  return {
    inserts,
    updates,
    flaggedKeys,
    summary: { new: inserts.length, updated, unchanged, flagged: flaggedKeys.length, gone, returned },
  };
}

function sameDecision(a: RecordState, b: RecordState): boolean {
  return JSON.stringify(a.decision) === JSON.stringify(b.decision);
}

export function freshState(record: PortalRecord): RecordState {
  return { decision: portalDecision(record), changedBySupplier: false, gone: false, portalError: null };
}
