// Small purchase records for tests that need a few in a workspace (accounts, versions, the
// multi-user server): record n of GSTIN G, from supplier S, undecided.
import type { IsoDate, Paise, WorkspaceRecord } from '../core/index.js';
import { recordKey } from '../core/index.js';

export const SAMPLE_GSTIN = '27AABCU9603R1ZN';
export const SAMPLE_SUPPLIER = '29AAACR5055K1Z3';

export function sampleRecord(n: number, supplier = SAMPLE_SUPPLIER): WorkspaceRecord {
  const docDate = `2026-10-${String(1 + (n % 28)).padStart(2, '0')}` as IsoDate;
  const p = (x: number) => x as Paise;
  return {
    record: {
      key: recordKey('b2b', supplier, `INV-${n}`, docDate),
      section: 'b2b',
      supplierGstin: supplier,
      supplierName: 'Rao Traders',
      docNumber: `INV-${n}`,
      docDate,
      originalDocNumber: null,
      originalDocDate: null,
      invType: 'R',
      srcForm: 'R1',
      returnPeriod: '102026',
      supplierFiled: true,
      pos: '27',
      amounts: {
        value: p(118_00 + n),
        taxable: p(100_00),
        igst: p(18_00),
        cgst: p(0),
        sgst: p(0),
        cess: p(0),
      },
      portalAction: 'noAction',
      pendingBlocked: false,
      remarksBlocked: false,
      itcReductionBlocked: false,
      portalRemark: null,
      portalItcReduction: null,
      hash: null,
      extra: {},
    },
    state: {
      decision: { action: 'noAction', remark: null, itcReduction: null },
      changedBySupplier: false,
      gone: false,
      portalError: null,
    },
  };
}

export function sampleRecords(count: number): WorkspaceRecord[] {
  return Array.from({ length: count }, (_, i) => sampleRecord(i + 1));
}
