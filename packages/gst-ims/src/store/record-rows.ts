import type { Action, IsoDate, ItcReduction, Paise, PortalRecord, Section, WorkspaceRecord } from '../core/index.js';
import type { RecordsTable } from './schema.js';

const json = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));
const flag = (b: boolean): number => (b ? 1 : 0);
const extraText = (extra: Readonly<Record<string, unknown>>): string | null => {
  for (const _ in extra) return JSON.stringify(extra);
  return null;
};

export function toRow(gstin: string, { record: r, state: s }: WorkspaceRecord): RecordsTable {
  return {
    gstin,
    key: r.key,
    section: r.section,
    supplier_gstin: r.supplierGstin,
    supplier_name: r.supplierName,
    doc_number: r.docNumber,
    doc_date: r.docDate,
    orig_number: r.originalDocNumber,
    orig_date: r.originalDocDate,
    inv_type: r.invType,
    src_form: r.srcForm,
    return_period: r.returnPeriod,
    supplier_filed: r.supplierFiled === null ? null : flag(r.supplierFiled),
    pos: r.pos,
    value: r.amounts.value,
    taxable: r.amounts.taxable,
    igst: r.amounts.igst,
    cgst: r.amounts.cgst,
    sgst: r.amounts.sgst,
    cess: r.amounts.cess,
    portal_action: r.portalAction,
    pending_blocked: flag(r.pendingBlocked),
    remarks_blocked: flag(r.remarksBlocked),
    itc_red_blocked: flag(r.itcReductionBlocked),
    portal_remark: r.portalRemark,
    portal_itc_reduction: json(r.portalItcReduction),
    hash: r.hash,
    extra: extraText(r.extra),
    local_action: s.decision.action,
    local_remark: s.decision.remark,
    local_itc_reduction: json(s.decision.itcReduction),
    changed_by_supplier: flag(s.changedBySupplier),
    gone: flag(s.gone),
    error_code: s.portalError?.code ?? null,
    error_message: s.portalError?.message ?? null,
  };
}

export function fromRow(row: RecordsTable): WorkspaceRecord {
  const record: PortalRecord = {
    key: row.key,
    section: row.section as Section,
    supplierGstin: row.supplier_gstin,
    supplierName: row.supplier_name,
    docNumber: row.doc_number,
    docDate: row.doc_date as IsoDate,
    originalDocNumber: row.orig_number,
    originalDocDate: row.orig_date as IsoDate | null,
    invType: row.inv_type,
    srcForm: row.src_form,
    returnPeriod: row.return_period,
    supplierFiled: row.supplier_filed === null ? null : row.supplier_filed === 1,
    pos: row.pos,
    amounts: {
      value: row.value as Paise,
      taxable: row.taxable as Paise,
      igst: row.igst as Paise,
      cgst: row.cgst as Paise,
      sgst: row.sgst as Paise,
      cess: row.cess as Paise,
    },
    portalAction: row.portal_action as Action,
    pendingBlocked: row.pending_blocked === 1,
    remarksBlocked: row.remarks_blocked === 1,
    itcReductionBlocked: row.itc_red_blocked === 1,
    portalRemark: row.portal_remark,
    portalItcReduction: row.portal_itc_reduction === null ? null : (JSON.parse(row.portal_itc_reduction) as ItcReduction),
    hash: row.hash,
    extra: row.extra === null ? {} : (JSON.parse(row.extra) as Record<string, unknown>),
  };
  return {
    record,
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

export const RECORD_COLUMNS = Object.keys(
  toRow('', {
    record: {
      key: '', section: 'b2b', supplierGstin: '', supplierName: null, docNumber: '', docDate: '' as IsoDate,
      originalDocNumber: null, originalDocDate: null, invType: null, srcForm: null, returnPeriod: null,
      supplierFiled: null, pos: null,
      amounts: { value: 0 as Paise, taxable: 0 as Paise, igst: 0 as Paise, cgst: 0 as Paise, sgst: 0 as Paise, cess: 0 as Paise },
      portalAction: 'noAction', pendingBlocked: false, remarksBlocked: false, itcReductionBlocked: false,
      portalRemark: null, portalItcReduction: null, hash: null, extra: {},
    },
    state: { decision: { action: 'noAction', remark: null, itcReduction: null }, changedBySupplier: false, gone: false, portalError: null },
  }),
) as (keyof RecordsTable)[];
