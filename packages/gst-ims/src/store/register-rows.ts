import type {
  DocType,
  IsoDate,
  MatchOutcome,
  MatchReason,
  MatchResult,
  OutsideIms,
  Paise,
  RegisterDocument,
} from '../core/index.js';
import type { RegisterDocsTable } from './schema.js';

// Register documents and match results as stored: packed JSON arrays (about half the bytes of
// JSON objects, so half the pages to read), one per document, one per chunk of results.

type PackedDoc = [
  ref: string,
  supplierGstin: string,
  supplierName: string | null,
  docNumber: string,
  docDate: string,
  docType: string,
  value: number,
  taxable: number,
  igst: number,
  cgst: number,
  sgst: number,
  cess: number,
  pos: string | null,
  receivedDate: string | null,
  sourceRows: number[],
  extra: Record<string, string> | null,
  // Appended by issue 13; absent in rows written before.
  outsideIms?: string | null,
  paymentDate?: string | null,
];

export const REGISTER_COLUMNS = [
  'gstin',
  'ref',
  'import_id',
  'supplier_gstin',
  'doc_date',
  'doc_number',
  'doc',
] as const;

export function registerRow(
  gstin: string,
  importId: number,
  d: RegisterDocument,
): RegisterDocsTable {
  const a = d.amounts;
  const extra = Object.keys(d.extra).length === 0 ? null : d.extra;
  const packed: PackedDoc = [
    d.ref,
    d.supplierGstin,
    d.supplierName,
    d.docNumber,
    d.docDate,
    d.docType,
    a.value,
    a.taxable,
    a.igst,
    a.cgst,
    a.sgst,
    a.cess,
    d.pos,
    d.receivedDate,
    d.sourceRows as number[],
    extra,
  ];
  if ((d.outsideIms ?? null) !== null || (d.paymentDate ?? null) !== null)
    packed.push(d.outsideIms ?? null, d.paymentDate ?? null);
  return {
    gstin,
    ref: d.ref,
    import_id: importId,
    supplier_gstin: d.supplierGstin,
    doc_date: d.docDate,
    doc_number: d.docNumber,
    doc: JSON.stringify(packed),
  };
}

export function registerDoc(doc: string): RegisterDocument {
  const p = JSON.parse(doc) as PackedDoc;
  // Set after the literal rather than spread into it: a spread copies the object (96,000 times).
  const d: { -readonly [K in keyof RegisterDocument]: RegisterDocument[K] } = {
    ref: p[0],
    supplierGstin: p[1],
    supplierName: p[2],
    docNumber: p[3],
    docDate: p[4] as IsoDate,
    docType: p[5] as DocType,
    amounts: {
      value: p[6] as Paise,
      taxable: p[7] as Paise,
      igst: p[8] as Paise,
      cgst: p[9] as Paise,
      sgst: p[10] as Paise,
      cess: p[11] as Paise,
    },
    pos: p[12],
    receivedDate: p[13] as IsoDate | null,
    sourceRows: p[14],
    extra: p[15] ?? {},
  };
  if (p[16] != null) d.outsideIms = p[16] as OutsideIms;
  if (p[17] != null) d.paymentDate = p[17] as IsoDate;
  return d;
}

type PackedResult = [
  recordKey: string | null,
  registerRef: string | null,
  outcome: string,
  score: number,
  reasons: MatchReason[],
  manual: 0 | 1,
];

/** Results per stored chunk: a few hundred kB of JSON each. */
export const MATCH_CHUNK = 10_000;

export function packMatches(results: readonly MatchResult[]): string {
  const packed = new Array<PackedResult>(results.length);
  for (let i = 0; i < results.length; i++) {
    const r = results[i] as MatchResult;
    packed[i] = [
      r.recordKey,
      r.registerRef,
      r.outcome,
      r.score,
      r.reasons as MatchReason[],
      r.manual ? 1 : 0,
    ];
  }
  return JSON.stringify(packed);
}

export function unpackMatches(text: string, into: MatchResult[]): void {
  for (const p of JSON.parse(text) as PackedResult[]) {
    into.push({
      recordKey: p[0],
      registerRef: p[1],
      outcome: p[2] as MatchOutcome,
      score: p[3],
      reasons: p[4],
      manual: p[5] === 1,
    });
  }
}

/**
 * The rows of `match_outcomes` (migration 0015) for a run's results: each record's outcome, the
 * last result naming a record winning as it does in a map built from the results in order;
 * documents found only in the books have no record and no row.
 */
export function matchOutcomeRows(
  results: readonly MatchResult[],
): [recordKey: string, outcome: MatchOutcome][] {
  const byKey = new Map<string, MatchOutcome>();
  for (const m of results) if (m.recordKey !== null) byKey.set(m.recordKey, m.outcome);
  return [...byKey];
}
