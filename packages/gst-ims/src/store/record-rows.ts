import type {
  Action,
  Decision,
  IsoDate,
  ItcReduction,
  Paise,
  PortalRecord,
  RecordOutline,
  RecordState,
  Section,
  WorkspaceRecord,
} from '../core/index.js';
import { twoBPeriod } from '../core/index.js';
import type { RecordDocsTable, RecordStatesTable, RecordsTable } from './schema.js';

// A record as stored (migration 0003): the columns SQL filters, sorts and updates on in
// `records`, and the portal's whole description in `record_docs` as one packed JSON array.
// Packed, not an object: the key names were 40 % of the bytes, and every byte is written once
// on import and read on every load of the workspace. The description repeats the columns it
// shares with `records` (section, supplier, number, date, value, portal action): a load then
// reads three values a row (key, doc, state) instead of ten, which is most of its cost.
// The workspace's own state of a record (decision, flags, portal error) sits in `record_states`
// (migration 0005): a bulk decision then rewrites rows of a few bytes, not the record's row.

/** The packed portal description, version 1. Booleans of the portal's flags as 0/1. */
type PackedDoc = [
  version: 1,
  section: Section,
  supplierGstin: string,
  supplierName: string | null,
  docNumber: string,
  docDate: IsoDate,
  originalDocNumber: string | null,
  originalDocDate: IsoDate | null,
  invType: string | null,
  srcForm: string | null,
  returnPeriod: string | null,
  supplierFiled: boolean | null,
  pos: string | null,
  value: Paise,
  taxable: Paise,
  igst: Paise,
  cgst: Paise,
  sgst: Paise,
  cess: Paise,
  portalAction: Action,
  /** null: the download carried no flag (PortalRecord.pendingFlagAbsent). */
  pendingBlocked: 0 | 1 | null,
  remarksBlocked: 0 | 1,
  itcReductionBlocked: 0 | 1,
  portalRemark: string | null,
  portalItcReduction: ItcReduction | null,
  hash: string | null,
  extra: Record<string, unknown> | null,
];

const json = (v: unknown): string | null =>
  v === null || v === undefined ? null : JSON.stringify(v);
const bit = (b: boolean): 0 | 1 => (b ? 1 : 0);

/** The state a write sets; `version` only moves by one with each decision (kysely-record-writes.ts). */
export type StateColumns = Omit<RecordStatesTable, 'id' | 'version'>;

/** The columns of `records` (id excluded), in RECORD_COLUMNS order. */
export const RECORD_COLUMNS = [
  'gstin',
  'key',
  'section',
  'supplier_gstin',
  'doc_number',
  'doc_date',
  'value',
  'portal_action',
  'supplier_name',
  'two_b_period',
  'portal_remark',
  'portal_itc_reduction',
] as const satisfies readonly (keyof RecordsTable)[];
/**
 * The portal's columns of `records` that a re-import may change (the key's parts cannot), in
 * RECORD_COLUMNS order: their values are fillRecordValues' from `doc_date` on.
 */
export const PORTAL_COLUMNS = [
  'doc_date',
  'value',
  'portal_action',
  'supplier_name',
  'two_b_period',
  'portal_remark',
  'portal_itc_reduction',
] as const satisfies readonly (keyof RecordsTable)[];
/** The columns of `record_states` (id excluded). */
export const STATE_COLUMNS = [
  'local_action',
  'local_remark',
  'local_itc_reduction',
  'changed_by_supplier',
  'gone',
  'error_code',
  'error_message',
] as const satisfies readonly (keyof StateColumns)[];

/** Writes the values of RECORD_COLUMNS for one record into `params` from index `at`. */
export function fillRecordValues(
  params: unknown[],
  at: number,
  gstin: string,
  r: PortalRecord,
): void {
  // The Records grid's section order reads a section's records as one range of keys
  // (kysely-record-pages.ts): a key not made by core's recordKey would sort out of its place.
  if (!r.key.startsWith(`${r.section}|`))
    throw new Error(`record key "${r.key}" does not begin with its section ${r.section}|`);
  params[at] = gstin;
  params[at + 1] = r.key;
  params[at + 2] = r.section;
  params[at + 3] = r.supplierGstin;
  params[at + 4] = r.docNumber;
  params[at + 5] = r.docDate;
  params[at + 6] = r.amounts.value;
  params[at + 7] = r.portalAction;
  params[at + 8] = r.supplierName;
  params[at + 9] = twoBPeriod(r);
  params[at + 10] = r.portalRemark;
  params[at + 11] = json(r.portalItcReduction);
}

/** A changed record's values of PORTAL_COLUMNS, after its key (an updateByKey row). */
export function portalUpdateRow(r: PortalRecord): unknown[] {
  const values = new Array<unknown>(RECORD_COLUMNS.length);
  fillRecordValues(values, 0, '', r);
  return [r.key, ...values.slice(RECORD_COLUMNS.indexOf('doc_date'))];
}

/** Writes the values of STATE_COLUMNS for one record into `params` from index `at`. */
export function fillStateValues(params: unknown[], at: number, s: RecordState): void {
  const d = s.decision;
  params[at] = d.action;
  params[at + 1] = d.remark;
  params[at + 2] = json(d.itcReduction);
  params[at + 3] = bit(s.changedBySupplier);
  params[at + 4] = bit(s.gone);
  params[at + 5] = s.portalError?.code ?? null;
  params[at + 6] = s.portalError?.message ?? null;
}

/** The values of STATE_COLUMNS, in order. */
export function stateValues(s: RecordState): unknown[] {
  const out = new Array<unknown>(STATE_COLUMNS.length);
  fillStateValues(out, 0, s);
  return out;
}

/** The state columns a new decision sets: the decision itself, and the supplier flag cleared. */
export function decisionColumns(
  d: Decision,
): Pick<
  StateColumns,
  'local_action' | 'local_remark' | 'local_itc_reduction' | 'changed_by_supplier'
> {
  return {
    local_action: d.action,
    local_remark: d.remark,
    local_itc_reduction: json(d.itcReduction),
    changed_by_supplier: 0,
  };
}

/** The `doc` of record_docs. */
export function packDoc(r: PortalRecord): RecordDocsTable['doc'] {
  const a = r.amounts;
  const extra = Object.keys(r.extra).length === 0 ? null : (r.extra as Record<string, unknown>);
  const packed: PackedDoc = [
    1,
    r.section,
    r.supplierGstin,
    r.supplierName,
    r.docNumber,
    r.docDate,
    r.originalDocNumber,
    r.originalDocDate,
    r.invType,
    r.srcForm,
    r.returnPeriod,
    r.supplierFiled,
    r.pos,
    a.value,
    a.taxable,
    a.igst,
    a.cgst,
    a.sgst,
    a.cess,
    r.portalAction,
    r.pendingFlagAbsent === true ? null : bit(r.pendingBlocked),
    bit(r.remarksBlocked),
    bit(r.itcReductionBlocked),
    r.portalRemark,
    r.portalItcReduction,
    r.hash,
    extra,
  ];
  return JSON.stringify(packed);
}

/**
 * The columns loadRecords selects, in this order: key, packed description, state. Rows arrive
 * as arrays (SQLite's raw mode) to skip building an object per row.
 */
export const LOAD_COLUMNS = ['key', 'doc', ...STATE_COLUMNS] as const;

export function fromLoadRow(row: readonly unknown[]): WorkspaceRecord {
  const p = JSON.parse(row[1] as string) as PackedDoc;
  if (p[0] !== 1)
    throw new Error(
      `record ${String(row[0])}: stored description has unknown version ${String(p[0])}`,
    );
  const record: PortalRecord = {
    key: row[0] as string,
    section: p[1],
    supplierGstin: p[2],
    supplierName: p[3],
    docNumber: p[4],
    docDate: p[5],
    originalDocNumber: p[6],
    originalDocDate: p[7],
    invType: p[8],
    srcForm: p[9],
    returnPeriod: p[10],
    supplierFiled: p[11],
    pos: p[12],
    amounts: { value: p[13], taxable: p[14], igst: p[15], cgst: p[16], sgst: p[17], cess: p[18] },
    portalAction: p[19],
    pendingBlocked: p[20] === 1,
    ...(p[20] === null ? { pendingFlagAbsent: true } : {}),
    remarksBlocked: p[21] === 1,
    itcReductionBlocked: p[22] === 1,
    portalRemark: p[23],
    portalItcReduction: p[24],
    hash: p[25],
    extra: p[26] ?? {},
  };
  return { record, state: stateFromRow(row, 2) };
}

/** The STATE_COLUMNS of a row, from position `at`. */
function stateFromRow(row: readonly unknown[], at: number): RecordState {
  const itc = row[at + 2] as string | null;
  const errorMessage = row[at + 6] as string | null;
  return {
    decision: {
      action: row[at] as Action,
      remark: row[at + 1] as string | null,
      itcReduction: itc === null ? null : (JSON.parse(itc) as ItcReduction),
    },
    changedBySupplier: row[at + 3] === 1,
    gone: row[at + 4] === 1,
    portalError:
      errorMessage === null ? null : { code: row[at + 5] as string | null, message: errorMessage },
  };
}

/**
 * A row of loadRecordOutlines: key, section, portal action, the description's return period,
 * the portal's remark and declaration (the last as JSON text), then STATE_COLUMNS.
 */
export function outlineFromRow(row: readonly unknown[]): RecordOutline {
  const itc = row[5] as string | null;
  return {
    key: row[0] as string,
    section: row[1] as Section,
    portalAction: row[2] as Action,
    returnPeriod: row[3] as string | null,
    portalRemark: row[4] as string | null,
    portalItcReduction: itc === null ? null : (JSON.parse(itc) as ItcReduction),
    state: stateFromRow(row, 6),
  };
}
