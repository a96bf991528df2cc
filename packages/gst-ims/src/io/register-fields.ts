// The fields a purchase-register import reads, their labels, and the layouts (presets) it knows.

export const REGISTER_FIELDS = [
  'ref',
  'supplierGstin',
  'supplierName',
  'docNumber',
  'docDate',
  'docType',
  'docMode',
  'taxable',
  'igst',
  'cgst',
  'sgst',
  'utgst',
  'cess',
  'value',
  'pos',
  'receivedDate',
  'voucherDate',
  'recipientGstin',
  'reverseCharge',
  'paymentDate',
] as const;
export type RegisterField = (typeof REGISTER_FIELDS)[number];

export const FIELD_LABELS: Readonly<Record<RegisterField, string>> = {
  ref: 'voucher / reference',
  supplierGstin: 'supplier GSTIN',
  supplierName: 'supplier name',
  docNumber: 'document number',
  docDate: 'document date',
  docType: 'document type',
  docMode: 'document mode (B2B / CDNR)',
  taxable: 'taxable value',
  igst: 'IGST',
  cgst: 'CGST',
  sgst: 'SGST',
  utgst: 'UTGST (added to SGST)',
  cess: 'cess',
  value: 'document value (total)',
  pos: 'place of supply',
  receivedDate: 'goods-receipt date',
  voucherDate: 'voucher / posting date (used when the document date is blank)',
  recipientGstin: 'recipient (own) GSTIN',
  reverseCharge: 'reverse charge (Y/N): such purchases never enter IMS',
  paymentDate: 'payment date (Rule 37: ITC reversed when unpaid after 180 days)',
};

export const PRESETS = ['generic', 'tally', 'gstr2b', 'busy', 'zoho', 'sap'] as const;
export type PresetName = (typeof PRESETS)[number];

export const REQUIRED_FIELDS: readonly RegisterField[] = ['supplierGstin', 'docNumber'];
export const AMOUNT_FIELDS = ['taxable', 'igst', 'cgst', 'sgst', 'utgst', 'cess', 'value'] as const;

export const TAX_FIELDS = ['igst', 'cgst', 'sgst', 'utgst'] as const;
