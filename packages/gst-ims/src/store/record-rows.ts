import type { Action, ItcReduction, PortalRecord, RecordState, WorkspaceRecord } from '../core/index.js';
import type { RecordsTable } from './schema.js';

const json = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));

export function toRow(gstin: string, { record: r, state }: WorkspaceRecord): RecordsTable {
  return {
    gstin,
    key: r.key,
    section: r.section,
    supplier_gstin: r.supplierGstin,
    doc_number: r.docNumber,
    doc_date: r.docDate,
    value: r.amounts.value,
    portal_action: r.portalAction,
    portal: JSON.stringify(r),
    ...stateColumns(state),
  };
}

export type StateColumns = Pick<RecordsTable, 'local_action' | 'local_remark' | 'local_itc_reduction' | 'changed_by_supplier' | 'gone' | 'error_code' | 'error_message'>;

export function stateColumns(s: RecordState): StateColumns {
  return {
    local_action: s.decision.action,
    local_remark: s.decision.remark,
    local_itc_reduction: json(s.decision.itcReduction),
    changed_by_supplier: s.changedBySupplier ? 1 : 0,
    gone: s.gone ? 1 : 0,
    error_code: s.portalError?.code ?? null,
    error_message: s.portalError?.message ?? null,
  };
}

export function fromRow(row: Pick<RecordsTable, 'portal'> & StateColumns): WorkspaceRecord {
  return {
    record: JSON.parse(row.portal) as PortalRecord,
    state: {
      decision: {
        action: row.local_action as Action,
        remark: row.local_remark,
        itcReduction: row.local_itc_reduction === null ? null : (JSON.parse(row.local_itc_reduction) as ItcReduction),
      },
      changedBySupplier: row.changed_by_supplier === 1,
      gone: row.gone === 1,
      portalError: row.error_message === null ? null : { code: row.error_code, message: row.error_message },
    },
  };
}

export const RECORD_COLUMNS: readonly (keyof RecordsTable)[] = [
  'gstin', 'key', 'section', 'supplier_gstin', 'doc_number', 'doc_date', 'value', 'portal_action', 'portal',
  'local_action', 'local_remark', 'local_itc_reduction', 'changed_by_supplier', 'gone', 'error_code', 'error_message',
];
export const STATE_COLUMNS: readonly (keyof StateColumns)[] = ['local_action', 'local_remark', 'local_itc_reduction', 'changed_by_supplier', 'gone', 'error_code', 'error_message'];
