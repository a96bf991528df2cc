// Column recognition for purchase registers: the fields we read, the header words each preset
// knows for them, and the search for the header row below any title rows.
import { UsageError } from '../core/index.js';
import type { Cell } from './register-values.js';
import { cellText } from './register-values.js';

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

/** Header text folded for comparison: lower case, no currency marks, punctuation as spaces. */
export function normaliseHeader(text: string): string {
  return text
    .toLowerCase()
    .replace(/₹|\(\s*rs\.?\s*\)|\(\s*inr\s*\)|\bin rs\b\.?|\brs\b\.?|\binr\b|\(\s*%\s*\)/g, ' ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

type Synonyms = Partial<Record<RegisterField, readonly string[]>>;

// The generic list: every spelling we know, most specific first within a field.
const GENERIC: Synonyms = {
  ref: [
    'voucher no',
    'voucher number',
    'vch no',
    'vch number',
    'vno',
    'v no',
    'voucher',
    'voucher ref',
    'voucher ref no',
    'entry no',
    'entry number',
    'journal no',
    'accounting document',
    'accounting document no',
    'sap document no',
    'internal ref',
    'internal reference',
    'our ref',
    'purchase voucher no',
    'ref id',
  ],
  supplierGstin: [
    'supplier gstin',
    'gstin of supplier',
    'gstin of the supplier',
    'supplier gstin uin',
    'party gstin',
    'party gstin uin',
    'vendor gstin',
    'seller gstin',
    'gstin uin',
    'gstin uin of supplier',
    'ctin',
    'gstin',
    'gstin no',
    'gst no',
    'gst number',
    'gstin number',
    'supplier gst no',
    'supplier gst number',
    'gst in',
  ],
  supplierName: [
    'supplier name',
    'name of supplier',
    'name of the supplier',
    'party name',
    'vendor name',
    'seller name',
    'trade legal name',
    'trade name',
    'legal name',
    'supplier',
    'party',
    'vendor',
    'particulars',
    'ledger name',
    'account name',
    'name',
  ],
  docNumber: [
    'supplier invoice no',
    'supplier invoice number',
    'supplier inv no',
    'supplier bill no',
    'supplier bill number',
    'party invoice no',
    'party bill no',
    'vendor invoice no',
    'vendor invoice number',
    'invoice no',
    'invoice number',
    'invoice num',
    'inv no',
    'inv number',
    'invoice note number',
    'invoice credit note debit note no',
    'bill no',
    'bill number',
    'note number',
    'note no',
    'credit note no',
    'debit note no',
    'document number',
    'document no',
    'doc no',
    'doc number',
    'reference no',
    'reference number',
    'ref no',
    'reference',
    'inum',
    'number',
  ],
  docDate: [
    'supplier invoice date',
    'supplier inv date',
    'supplier bill date',
    'party invoice date',
    'party bill date',
    'vendor invoice date',
    'invoice date',
    'inv date',
    'invoice note date',
    'bill date',
    'note date',
    'credit note date',
    'debit note date',
    'document date',
    'doc date',
    'reference date',
    'ref date',
    'idt',
    'date',
  ],
  voucherDate: [
    'voucher date',
    'vch date',
    'posting date',
    'entry date',
    'gl date',
    'accounting date',
    'booking date',
  ],
  docType: [
    'document type',
    'doc type',
    'type of document',
    'voucher type',
    'vch type',
    'invoice type',
    'note type',
    'invoice note type',
    'type of note',
    'note type credit debit',
    'cdn type',
    'transaction type',
    'type',
  ],
  docMode: ['document mode', 'doc mode', 'mode', 'gstr 2 section', 'return section', 'section'],
  taxable: [
    'taxable value',
    'taxable amount',
    'taxable amt',
    'taxable val',
    'total taxable value',
    'taxable',
    'assessable value',
    'assessable amount',
    'txval',
    'basic amount',
    'base amount',
    'value of supply',
  ],
  igst: [
    'igst amount',
    'igst amt',
    'igst',
    'igst value',
    'integrated tax amount',
    'integrated tax',
    'integrated tax paid',
    'input igst',
    'iamt',
  ],
  cgst: [
    'cgst amount',
    'cgst amt',
    'cgst',
    'cgst value',
    'central tax amount',
    'central tax',
    'central tax paid',
    'input cgst',
    'camt',
  ],
  sgst: [
    'sgst amount',
    'sgst amt',
    'sgst',
    'sgst value',
    'sgst utgst',
    'sgst utgst amount',
    'sgst ut amount',
    'state tax amount',
    'state tax',
    'state ut tax',
    'state ut tax amount',
    'state tax paid',
    'input sgst',
    'samt',
  ],
  utgst: [
    'utgst amount',
    'utgst amt',
    'utgst',
    'ut tax amount',
    'ut tax',
    'union territory tax',
    'union territory tax amount',
  ],
  cess: ['cess amount', 'cess amt', 'cess', 'gst cess', 'compensation cess', 'cess paid', 'csamt'],
  value: [
    'invoice value',
    'invoice amount',
    'invoice total',
    'total invoice value',
    'invoice note value',
    'note value',
    'document value',
    'bill amount',
    'bill value',
    'gross total',
    'gross amount',
    'grand total',
    'total amount',
    'total value',
    'net total',
    'total',
    'val',
  ],
  pos: ['place of supply', 'place of supply name', 'pos', 'state of supply', 'supply state'],
  receivedDate: [
    'goods receipt date',
    'goods received date',
    'grn date',
    'gr date',
    'mrn date',
    'receipt date',
    'received date',
    'date of receipt',
    'inward date',
  ],
  reverseCharge: [
    'reverse charge',
    'rcm',
    'rcm applicable',
    'reverse charge applicable',
    'is reverse charge',
    'is reverse charge applied',
    'reverse charge applied',
    'reverse charge y n',
    'rcm y n',
    'supply attract reverse charge',
    'rcm indicator',
    'under rcm',
  ],
  paymentDate: [
    'payment date',
    'date of payment',
    'paid on',
    'paid date',
    'payment made on',
    'last payment date',
    'clearing date',
    'payment clearing date',
  ],
  recipientGstin: [
    'recipient gstin',
    'gstin of recipient',
    'company gstin',
    'our gstin',
    'own gstin',
    'buyer gstin',
    'receiver gstin',
    'customer gstin',
    'gstin of company',
    'gstin of buyer',
  ],
};

// Preset lists come first, so a layout's own words win over generic guesses.
const PRESET_SYNONYMS: Readonly<Record<PresetName, Synonyms>> = {
  generic: {},
  tally: {
    ref: ['voucher no', 'vch no', 'voucher number'],
    supplierName: ['particulars', 'party name'],
    supplierGstin: ['gstin uin', 'party gstin uin', 'gstin uin of supplier'],
    docNumber: ['supplier invoice no', 'supplier invoice number', 'reference no'],
    docDate: ['supplier invoice date', 'reference date'],
    voucherDate: ['date', 'voucher date'],
    docType: ['voucher type', 'vch type'],
    taxable: ['taxable value', 'taxable amount', 'assessable value'],
    igst: ['integrated tax amount', 'integrated tax', 'igst'],
    cgst: ['central tax amount', 'central tax', 'cgst'],
    sgst: ['state tax amount', 'state ut tax amount', 'state tax', 'sgst'],
    cess: ['cess amount', 'cess'],
    value: ['gross total', 'invoice amount', 'invoice value'],
    pos: ['place of supply'],
  },
  gstr2b: {
    supplierGstin: ['gstin of supplier'],
    supplierName: ['trade legal name'],
    docNumber: ['invoice number', 'note number'],
    docType: ['note type', 'invoice type'],
    docDate: ['invoice date', 'note date'],
    value: ['invoice value', 'note value'],
    pos: ['place of supply'],
    taxable: ['taxable value'],
    igst: ['integrated tax'],
    cgst: ['central tax'],
    sgst: ['state ut tax'],
    cess: ['cess'],
    docMode: ['note supply type'],
    reverseCharge: ['supply attract reverse charge'],
  },
  // Busy's purchase register (Display > Account Books > Purchase Register, with the GST columns
  // added): the voucher date is "Date", the supplier's bill under "Party Inv No." / "Party Inv Date".
  busy: {
    ref: ['vch bill no', 'vch no', 'voucher no'],
    voucherDate: ['date', 'vch date'],
    supplierName: ['party name', 'account'],
    supplierGstin: ['gstin uin', 'party gstin', 'gstin'],
    docNumber: ['party inv no', 'party bill no', 'supplier inv no'],
    docDate: ['party inv date', 'party bill date', 'supplier inv date'],
    docType: ['vch type', 'voucher type'],
    taxable: ['taxable amt', 'taxable amount', 'taxable value'],
    igst: ['igst amt', 'igst'],
    cgst: ['cgst amt', 'cgst'],
    sgst: ['sgst amt', 'sgst'],
    cess: ['cess amt', 'cess'],
    value: ['bill amt', 'bill amount', 'net amt', 'total amt'],
    pos: ['place of supply', 'state'],
    reverseCharge: ['rcm', 'reverse charge'],
  },
  // Zoho Books' bill export (Purchases > Bills > Export, GST columns).
  zoho: {
    ref: ['bill id'],
    supplierName: ['vendor name'],
    supplierGstin: ['gst identification number gstin', 'vendor gstin', 'gstin'],
    docNumber: ['bill number', 'bill'],
    docDate: ['bill date'],
    taxable: ['subtotal', 'sub total', 'taxable amount'],
    igst: ['igst', 'igst amount'],
    cgst: ['cgst', 'cgst amount'],
    sgst: ['sgst', 'sgst amount'],
    cess: ['cess', 'cess amount'],
    value: ['total', 'bill total'],
    pos: ['source of supply', 'place of supply'],
    reverseCharge: ['is reverse charge applied', 'reverse charge applied', 'reverse charge'],
    paymentDate: ['last payment date', 'payment date'],
  },
  // SAP purchase registers from MIRO (invoice verification) with the MIGO goods receipt: the
  // supplier's number is "Reference" (XBLNR), "Document Number" is SAP's own invoice document.
  sap: {
    ref: ['document number', 'invoice document', 'miro document', 'accounting document'],
    docNumber: ['reference', 'vendor invoice no', 'vendor invoice number'],
    docDate: ['document date', 'invoice date'],
    voucherDate: ['posting date'],
    supplierName: ['vendor name', 'name of vendor', 'supplier name'],
    supplierGstin: ['vendor gstin', 'supplier gstin', 'gstin'],
    taxable: ['base amount', 'taxable value', 'taxable amount'],
    igst: ['igst', 'igst amount'],
    cgst: ['cgst', 'cgst amount'],
    sgst: ['sgst', 'sgst amount', 'ugst'],
    cess: ['cess', 'cess amount'],
    value: ['gross amount', 'invoice amount'],
    receivedDate: ['grn date', 'migo date', 'gr posting date', 'goods receipt date'],
    paymentDate: ['clearing date', 'payment date'],
    reverseCharge: ['rcm indicator', 'reverse charge'],
    pos: ['place of supply', 'region'],
  },
};

// Last-resort patterns for headers no list spells exactly.
const PATTERNS: readonly (readonly [RegisterField, RegExp])[] = [
  [
    'recipientGstin',
    /\bgstin\b.*\b(recipient|company|buyer|receiver|customer|own|our)\b|\b(recipient|company|buyer|receiver|customer|own|our)\b.*\bgstin\b/,
  ],
  ['supplierGstin', /\bgstin\b|\bgst (no|number)\b/],
  ['igst', /^(igst|integrated tax)\b/],
  ['cgst', /^(cgst|central tax)\b/],
  ['sgst', /^(sgst|state (ut )?tax)\b/],
  ['utgst', /^utgst\b/],
  ['cess', /\bcess\b/],
  ['taxable', /\btaxable\b/],
  ['docNumber', /\b(invoice|inv|bill|note)\b.*\b(no|number|num)\b/],
  ['docDate', /\b(invoice|inv|bill|note)\b.*\bdate\b/],
  ['receivedDate', /\b(grn|receipt|received|inward)\b.*\bdate\b/],
  ['paymentDate', /\b(payment|paid|clearing)\b.*\bdate\b|\bpaid on\b/],
  ['reverseCharge', /\breverse charge\b|\brcm\b/],
  ['value', /\b(invoice|bill|gross|grand)\b.*\b(value|amount|total)\b/],
  ['supplierName', /\b(supplier|party|vendor|seller)\b.*\bname\b/],
];

/** Headers that name a rate or a percentage never map to an amount or anything else. */
const NEVER = /\b(rate|percent|percentage|pct|tax rate)\b/;

const FIELD_ALIASES: Readonly<Record<string, RegisterField | null>> = {
  gstin: 'supplierGstin',
  suppliergstin: 'supplierGstin',
  ctin: 'supplierGstin',
  name: 'supplierName',
  suppliername: 'supplierName',
  number: 'docNumber',
  invoice: 'docNumber',
  invoiceno: 'docNumber',
  docnumber: 'docNumber',
  date: 'docDate',
  invoicedate: 'docDate',
  docdate: 'docDate',
  type: 'docType',
  doctype: 'docType',
  mode: 'docMode',
  docmode: 'docMode',
  total: 'value',
  value: 'value',
  voucher: 'ref',
  reference: 'ref',
  ref: 'ref',
  taxable: 'taxable',
  txval: 'taxable',
  igst: 'igst',
  cgst: 'cgst',
  sgst: 'sgst',
  utgst: 'utgst',
  cess: 'cess',
  pos: 'pos',
  placeofsupply: 'pos',
  receiveddate: 'receivedDate',
  grndate: 'receivedDate',
  voucherdate: 'voucherDate',
  postingdate: 'voucherDate',
  recipientgstin: 'recipientGstin',
  rcm: 'reverseCharge',
  reversecharge: 'reverseCharge',
  paymentdate: 'paymentDate',
  ignore: null,
  skip: null,
  none: null,
  '-': null,
};

/** A field name as a user types it in --map: exact names any case, or a few aliases; null = ignore the column. */
export function parseFieldName(raw: string): RegisterField | null {
  const t = raw.trim();
  const exact = REGISTER_FIELDS.find((f) => f.toLowerCase() === t.toLowerCase());
  if (exact) return exact;
  const alias = FIELD_ALIASES[t.toLowerCase().replace(/[^a-z-]/g, '')];
  if (alias !== undefined) return alias;
  throw new UsageError(
    `--map: unknown field "${raw}"; expected one of ${REGISTER_FIELDS.join(', ')} (or "ignore")`,
  );
}

/** `--map "Header=field"` values: the header may itself hold "="; the last "=" splits. */
export function parseMapOptions(values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const i = v.lastIndexOf('=');
    if (i <= 0 || i === v.length - 1)
      throw new UsageError(`--map: expected "Header=field", found "${v}"`);
    out[v.slice(0, i).trim()] = v.slice(i + 1).trim();
  }
  return out;
}

export interface ColumnMapping {
  /** Column index (0-based) per field; sgst and utgst are both read and added. */
  readonly columns: Partial<Record<RegisterField, number>>;
  /** The header text of each mapped field, as the file spells it. */
  readonly headers: Partial<Record<RegisterField, string>>;
  /** Recognised fields, for choosing the header row. */
  readonly score: number;
}

export interface MappingInput {
  readonly preset: PresetName;
  /** User overrides, header -> field or null (ignore). Win over everything. */
  readonly overrides: ReadonlyMap<string, RegisterField | null>;
  /** Saved overrides of earlier imports; used when the header is present. */
  readonly saved: ReadonlyMap<string, RegisterField | null>;
}

interface Candidate {
  readonly col: number;
  readonly field: RegisterField;
  readonly rank: number;
}

/** Maps one row of header cells to fields: overrides, then the preset's words, generic words, patterns. */
export function mapHeaderRow(
  cells: readonly Cell[],
  input: MappingInput,
  above: readonly Cell[] = [],
): ColumnMapping {
  const texts = cells.map((c, i) => {
    const own = cellText(c);
    // Two-row headers: a column whose header sits in the row above (merged down, or a group title).
    return own === '' ? cellText(above[i] ?? null) : own;
  });
  const norm = texts.map(normaliseHeader);
  const cands: Candidate[] = [];
  const ignored = new Set<number>();
  const addOverrides = (map: ReadonlyMap<string, RegisterField | null>, rank: number): void => {
    for (const [header, field] of map) {
      const h = normaliseHeader(header);
      const col = texts.findIndex((t) => t.toLowerCase() === header.trim().toLowerCase());
      const c = col >= 0 ? col : norm.findIndex((t) => t === h && t !== '');
      if (c < 0) continue;
      if (field === null) ignored.add(c);
      else cands.push({ col: c, field, rank });
    }
  };
  addOverrides(input.overrides, -2);
  addOverrides(input.saved, -1);
  const addList = (syn: Synonyms, base: number): void => {
    for (const f of REGISTER_FIELDS) {
      const list = syn[f];
      if (!list) continue;
      list.forEach((word, k) => {
        norm.forEach((h, col) => {
          if (h === word && !NEVER.test(h)) cands.push({ col, field: f, rank: base + k });
        });
      });
    }
  };
  addList(PRESET_SYNONYMS[input.preset], 0);
  addList(GENERIC, 100);
  // A plain "Date" beside a document-date column is the voucher (posting) date.
  norm.forEach((h, col) => {
    if (h === 'date') cands.push({ col, field: 'voucherDate', rank: 999 });
  });
  PATTERNS.forEach(([f, re], k) => {
    norm.forEach((h, col) => {
      if (h !== '' && !NEVER.test(h) && re.test(h)) cands.push({ col, field: f, rank: 1000 + k });
    });
  });
  cands.sort((a, b) => a.rank - b.rank || a.col - b.col);
  const columns: Partial<Record<RegisterField, number>> = {};
  const headers: Partial<Record<RegisterField, string>> = {};
  const usedCols = new Set<number>(ignored);
  let score = 0;
  for (const c of cands) {
    if (usedCols.has(c.col) || columns[c.field] !== undefined) continue;
    if (c.rank >= 0 && ignored.has(c.col)) continue;
    columns[c.field] = c.col;
    headers[c.field] = texts[c.col] ?? '';
    usedCols.add(c.col);
    score +=
      c.field === 'supplierGstin' || c.field === 'docNumber' || c.field === 'docDate' ? 3 : 1;
  }
  const ordered: Partial<Record<RegisterField, string>> = {};
  for (const f of REGISTER_FIELDS) if (headers[f] !== undefined) ordered[f] = headers[f];
  return { columns, headers: ordered, score };
}

export const REQUIRED_FIELDS: readonly RegisterField[] = ['supplierGstin', 'docNumber'];
export const AMOUNT_FIELDS = ['taxable', 'igst', 'cgst', 'sgst', 'utgst', 'cess', 'value'] as const;

export const TAX_FIELDS = ['igst', 'cgst', 'sgst', 'utgst'] as const;

/**
 * What a mapping lacks to be read: the required fields, a date, the taxable value and a tax head.
 * A column left unmapped reads as 0 on every row, which would make every document a mismatch.
 */
export function missingFields(m: ColumnMapping): string[] {
  const missing: string[] = REQUIRED_FIELDS.filter((f) => m.columns[f] === undefined).map(
    (f) => `${FIELD_LABELS[f]} (${f})`,
  );
  if (m.columns.docDate === undefined && m.columns.voucherDate === undefined)
    missing.push(`${FIELD_LABELS.docDate} (docDate)`);
  if (m.columns.taxable === undefined) missing.push(`${FIELD_LABELS.taxable} (taxable)`);
  if (!TAX_FIELDS.some((f) => m.columns[f] !== undefined))
    missing.push('a tax column: IGST, CGST or SGST (igst, cgst, sgst)');
  return missing;
}

const HEADER_SEARCH_ROWS = 40;

export interface HeaderChoice {
  /** 0-based index of the header row in the grid. */
  readonly index: number;
  readonly mapping: ColumnMapping;
}

/** Scores the first rows of a sheet and returns the best header row, or null when none reads. */
export function findHeaderRow(
  grid: readonly (readonly Cell[])[],
  input: MappingInput,
): HeaderChoice | null {
  let best: HeaderChoice | null = null;
  const limit = Math.min(grid.length, HEADER_SEARCH_ROWS);
  for (let i = 0; i < limit; i++) {
    const row = grid[i] ?? [];
    if (row.filter((c) => typeof c === 'string' && c.trim() !== '').length < 2) continue;
    const mapping = mapHeaderRow(row, input, i > 0 ? (grid[i - 1] ?? []) : []);
    const ownMapping = mapHeaderRow(row, input);
    // Prefer the row's own headers unless the row above adds to them (two-row headers).
    const m = mapping.score > ownMapping.score ? mapping : ownMapping;
    if (m.score < 5) continue;
    if (best === null || m.score > best.mapping.score) best = { index: i, mapping: m };
  }
  return best;
}

/** The rows of a sheet that look like headers, for a message when none is found. */
export function firstTextRows(grid: readonly (readonly Cell[])[], n = 5): string[] {
  return grid
    .slice(0, HEADER_SEARCH_ROWS)
    .filter((r) => r.some((c) => cellText(c) !== ''))
    .slice(0, n)
    .map((r) => r.map(cellText).filter(Boolean).join(' | ').slice(0, 200));
}

// Headers only one layout writes: they name the layout when no preset is given.
const DISTINCTIVE: Readonly<Record<PresetName, readonly string[]>> = {
  generic: [],
  tally: [
    'particulars',
    'voucher type',
    'vch type',
    'voucher no',
    'supplier invoice no',
    'supplier invoice date',
    'gstin uin',
    'integrated tax amount',
    'central tax amount',
    'state tax amount',
    'cess amount',
    'gross total',
    'reference no',
    'reference date',
  ],
  busy: [
    'vch bill no',
    'party inv no',
    'party inv date',
    'taxable amt',
    'igst amt',
    'cgst amt',
    'sgst amt',
    'cess amt',
    'bill amt',
    'material centre',
  ],
  zoho: [
    'bill id',
    'bill number',
    'bill date',
    'vendor name',
    'gst identification number gstin',
    'gst treatment',
    'source of supply',
    'destination of supply',
    'is reverse charge applied',
    'subtotal',
    'last payment date',
  ],
  sap: [
    'reference',
    'posting date',
    'vendor gstin',
    'base amount',
    'clearing date',
    'company code',
    'fiscal year',
    'migo document',
    'grn date',
    'tax code',
    'plant',
    'rcm indicator',
  ],
  gstr2b: [
    'gstin of supplier',
    'trade legal name',
    'invoice type',
    'note type',
    'note number',
    'note date',
    'note value',
    'integrated tax',
    'central tax',
    'state ut tax',
    'supply attract reverse charge',
    'gstr 1 iff gstr 5 period',
    'gstr 1 iff gstr 5 filing date',
    'itc availability',
    'itc available',
    'irn',
    'irn date',
  ],
};

/** How many headers only this layout writes appear in a header row: names the layout when none is given. */
export function presetFit(cells: readonly Cell[], preset: PresetName): number {
  const norm = new Set(cells.map((c) => normaliseHeader(cellText(c))));
  return DISTINCTIVE[preset].filter((w) => norm.has(w)).length;
}

export function isPreset(name: string): name is PresetName {
  return (PRESETS as readonly string[]).includes(name);
}
