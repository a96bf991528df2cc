import type { Decision, PortalRecord } from './record.js';
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
  /** Decisions the portal held that the supplier's edit returned to No Action: decide again. */
  readonly decideAgain: number;
  /** Records of this download's periods that are gone while a decision of yours waits for upload. */
  readonly goneWithDecision: number;
}

/** What a download covers: its sections, and the supplier return periods its records carry. */
export interface DownloadScope {
  readonly sections: ReadonlySet<Section>;
  /**
   * Return periods ("MMYYYY") of the download's records. A record of another period is not
   * marked gone: a download of May says nothing of April. Null: the scope is the sections alone.
   */
  readonly periods: ReadonlySet<string> | null;
}

/**
 * What "gone" needs of a record the download may not hold: enough to scope it and to tell
 * whether a decision of the user's waits on it, without the record's whole description.
 */
export interface RecordOutline {
  readonly key: string;
  readonly section: Section;
  readonly returnPeriod: string | null;
  readonly portalAction: PortalRecord['portalAction'];
  readonly portalRemark: string | null;
  readonly portalItcReduction: PortalRecord['portalItcReduction'];
  readonly state: RecordState;
}

export function outlineOf(w: WorkspaceRecord): RecordOutline {
  const r = w.record;
  return {
    key: r.key,
    section: r.section,
    returnPeriod: r.returnPeriod,
    portalAction: r.portalAction,
    portalRemark: r.portalRemark,
    portalItcReduction: r.portalItcReduction,
    state: w.state,
  };
}

/** A decision of the portal's that a supplier's edit returned to No Action, for the audit log. */
export interface PortalReset {
  readonly key: string;
  /** What the portal held before the supplier's edit. */
  readonly before: Decision;
}

export interface MergeResult {
  readonly inserts: WorkspaceRecord[];
  readonly updates: WorkspaceRecord[];
  readonly summary: MergeSummary;
  readonly flaggedKeys: string[];
  readonly portalResets: PortalReset[];
  readonly goneWithDecisionKeys: string[];
  /** The new state of each record that left the download (only its state changes). */
  readonly goneStates: { key: string; state: RecordState }[];
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
  return (
    x.value !== y.value ||
    x.taxable !== y.taxable ||
    x.igst !== y.igst ||
    x.cgst !== y.cgst ||
    x.sgst !== y.sgst ||
    x.cess !== y.cess
  );
}

function sameRecord(a: PortalRecord, b: PortalRecord): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Merges a new download into what the workspace holds. The portal's action becomes the new
 * baseline; a local decision that differs from the old baseline (the user decided) is kept;
 * a record the user or the portal had decided on whose content changed is flagged. A decision
 * the portal held that comes back as No Action (the supplier edited or amended the document)
 * is flagged "decide again" and reported, never absorbed as deemed acceptance. Records of the
 * download's sections and periods that it no longer contains are marked gone, never deleted;
 * records of other periods are left as they are.
 */
export function mergeDownload(
  existing: ReadonlyMap<string, WorkspaceRecord>,
  incoming: readonly PortalRecord[],
  scope: DownloadScope | ReadonlySet<Section>,
  /**
   * Every record the workspace holds, in outline, when `existing` holds only those the download
   * repeats (a month's new download repeats few: loading the rest whole would be wasted).
   */
  outlines?: Iterable<RecordOutline>,
): MergeResult {
  const seen = new Set<string>();
  const kept = mergeIncoming(existing, incoming, seen);
  const left = markGone(outlines ?? [...existing.values()].map(outlineOf), seen, scope);
  return {
    inserts: kept.inserts,
    updates: kept.updates,
    flaggedKeys: kept.flaggedKeys,
    portalResets: kept.portalResets,
    goneWithDecisionKeys: left.goneWithDecisionKeys,
    goneStates: left.goneStates,
    summary: {
      new: kept.inserts.length,
      updated: kept.updated,
      unchanged: kept.unchanged,
      flagged: kept.flaggedKeys.length,
      gone: left.goneStates.length,
      returned: kept.returned,
      decideAgain: kept.portalResets.length,
      goneWithDecision: left.goneWithDecisionKeys.length,
    },
  };
}

/** What the download's own records make of the workspace (mergeDownload's first half). */
export interface IncomingMerge {
  readonly inserts: WorkspaceRecord[];
  readonly updates: WorkspaceRecord[];
  readonly flaggedKeys: string[];
  readonly portalResets: PortalReset[];
  readonly updated: number;
  readonly unchanged: number;
  readonly returned: number;
}

/**
 * Merges some of a download's records: `existing` must hold every one of them the workspace
 * holds (it may hold more). Each record's outcome depends on itself and its stored version
 * alone, so a download merged a batch at a time gives what it gives merged whole. Adds each
 * record's key to `seen`, for markGone.
 */
export function mergeIncoming(
  existing: ReadonlyMap<string, WorkspaceRecord>,
  incoming: readonly PortalRecord[],
  seen: Set<string>,
): IncomingMerge {
  const inserts: WorkspaceRecord[] = [];
  const updates: WorkspaceRecord[] = [];
  const flaggedKeys: string[] = [];
  const portalResets: PortalReset[] = [];
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
    const portalHeld = old.record.portalAction !== 'noAction';
    const resetBySupplier =
      !decided &&
      portalHeld &&
      record.portalAction === 'noAction' &&
      old.state.decision.action === old.record.portalAction;
    const changed = contentChanged(old.record, record);
    const flag = (decided && changed) || resetBySupplier || (portalHeld && changed);
    if (flag) flaggedKeys.push(record.key);
    if (resetBySupplier) portalResets.push({ key: record.key, before: old.state.decision });
    if (old.state.gone) returned++;
    const state: RecordState = {
      decision: decided ? old.state.decision : portalDecision(record),
      // A flag stays until the user decides again (setDecision clears it); one on a decision the
      // portal now holds (uploaded since) has been answered.
      changedBySupplier:
        flag || (old.state.changedBySupplier && (decided || record.portalAction === 'noAction')),
      gone: false,
      // A fresh download supersedes the last upload's error report.
      portalError: null,
    };
    if (
      sameRecord(old.record, record) &&
      !old.state.gone &&
      old.state.portalError === null &&
      state.changedBySupplier === old.state.changedBySupplier &&
      sameDecision(state, old.state)
    ) {
      unchanged++;
      continue;
    }
    updated++;
    updates.push({ record, state });
  }
  return { inserts, updates, flaggedKeys, portalResets, updated, unchanged, returned };
}

/** Records that left the download (mergeDownload's second half). */
export interface GoneMerge {
  readonly goneWithDecisionKeys: string[];
  /** The new state of each record that left the download (only its state changes). */
  readonly goneStates: { key: string; state: RecordState }[];
}

/**
 * Marks gone the records of the download's sections and periods that it no longer holds (not
 * in `seen`, the keys of all its records); any part of the workspace's outlines at a time.
 */
export function markGone(
  outlines: Iterable<RecordOutline>,
  seen: ReadonlySet<string>,
  scope: DownloadScope | ReadonlySet<Section>,
): GoneMerge {
  const { sections, periods } =
    scope instanceof Set
      ? { sections: scope as ReadonlySet<Section>, periods: null }
      : (scope as DownloadScope);
  const goneWithDecisionKeys: string[] = [];
  const goneStates: { key: string; state: RecordState }[] = [];
  for (const old of outlines) {
    const key = old.key;
    if (seen.has(key) || old.state.gone || !sections.has(old.section)) continue;
    if (periods !== null && old.returnPeriod !== null && !periods.has(old.returnPeriod)) continue;
    if (old.state.decision.action !== 'noAction' && isDirty(old, old.state.decision))
      goneWithDecisionKeys.push(key);
    goneStates.push({ key, state: { ...old.state, gone: true } });
  }
  return { goneWithDecisionKeys, goneStates };
}

function sameDecision(a: RecordState, b: RecordState): boolean {
  return JSON.stringify(a.decision) === JSON.stringify(b.decision);
}

export function freshState(record: PortalRecord): RecordState {
  return {
    decision: portalDecision(record),
    changedBySupplier: false,
    gone: false,
    portalError: null,
  };
}
