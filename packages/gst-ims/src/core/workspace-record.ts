import type { Decision, PortalRecord } from './record.js';

export interface PortalError {
  readonly code: string | null;
  readonly message: string;
}

/** What the workspace knows about a record beyond the portal's own description of it. */
export interface RecordState {
  /** The decision the user wants the portal to hold. Equals the portal's state until decided. */
  readonly decision: Decision;
  /** The supplier changed the document after the user decided on it: look again before upload. */
  readonly changedBySupplier: boolean;
  /** No longer in the latest download of its section. */
  readonly gone: boolean;
  readonly portalError: PortalError | null;
}

export interface WorkspaceRecord {
  readonly record: PortalRecord;
  readonly state: RecordState;
}

export function portalDecision(r: PortalRecord): Decision {
  return {
    action: r.portalAction,
    remark: r.portalAction === 'noAction' ? null : r.portalRemark,
    itcReduction: r.portalAction === 'accept' ? r.portalItcReduction : null,
  };
}
