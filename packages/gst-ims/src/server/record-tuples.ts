// Records as they travel to the web app: one array per record (RecordTuple, api-types.ts) and a
// dictionary of the suppliers they name. GET /api/records sends a GSTIN's all, GET
// /api/records/page one page, POST /api/decide the records it changed.
import type { MatchOutcome, WorkspaceRecord } from '../core/index.js';
import { actionToCode, isDirty } from '../core/index.js';
import type { RecordTuple, RecordsPayload } from './api-types.js';
import { FLAG } from './api-types.js';

function flagsOf({ record: r, state: s }: WorkspaceRecord): number {
  let f = 0;
  if (!s.gone && isDirty(r, s.decision)) f |= FLAG.dirty;
  if (s.changedBySupplier) f |= FLAG.changedBySupplier;
  if (s.gone) f |= FLAG.gone;
  if (r.pendingBlocked) f |= FLAG.pendingBlocked;
  if (r.remarksBlocked) f |= FLAG.remarksBlocked;
  if (r.itcReductionBlocked) f |= FLAG.itcReductionBlocked;
  if (r.supplierFiled === true) f |= FLAG.supplierFiled;
  if (r.supplierFiled === false) f |= FLAG.supplierNotFiled;
  return f;
}

export const RECORD_COLUMNS = [
  'key',
  'section',
  'supplier',
  'docNumber',
  'docDate',
  'originalDocNumber',
  'originalDocDate',
  'returnPeriod',
  'pos',
  'value',
  'taxable',
  'igst',
  'cgst',
  'sgst',
  'cess',
  'portalAction',
  'decision',
  'remark',
  'itcReduction',
  'flags',
  'portalError',
  'match',
] as const;

/** The records as they travel; `outcomes` holds each record's last match outcome by key. */
export function recordsPayload(
  gstin: string,
  rows: readonly WorkspaceRecord[],
  outcomes: ReadonlyMap<string, MatchOutcome>,
): RecordsPayload {
  const supplierIndex = new Map<string, number>();
  const suppliers: [string, string | null][] = [];
  const out: RecordTuple[] = new Array<RecordTuple>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const w = rows[i] as WorkspaceRecord;
    const r = w.record;
    let si = supplierIndex.get(r.supplierGstin);
    if (si === undefined) {
      si = suppliers.length;
      supplierIndex.set(r.supplierGstin, si);
      suppliers.push([r.supplierGstin, r.supplierName]);
    } else if (suppliers[si]?.[1] === null && r.supplierName !== null) {
      (suppliers[si] as [string, string | null])[1] = r.supplierName;
    }
    const a = r.amounts;
    const err = w.state.portalError;
    out[i] = [
      r.key,
      r.section,
      si,
      r.docNumber,
      r.docDate,
      r.originalDocNumber,
      r.originalDocDate,
      r.returnPeriod,
      r.pos,
      a.value,
      a.taxable,
      a.igst,
      a.cgst,
      a.sgst,
      a.cess,
      actionToCode(r.portalAction),
      actionToCode(w.state.decision.action),
      w.state.decision.remark,
      w.state.decision.itcReduction?.kind ?? null,
      flagsOf(w),
      err === null ? null : `${err.code ? `${err.code}: ` : ''}${err.message}`,
      outcomes.get(r.key) ?? null,
    ];
  }
  return { gstin, columns: RECORD_COLUMNS, suppliers, rows: out };
}
