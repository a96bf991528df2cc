// Register rows to documents: the rows of one document summed, the document value taken once
// when every rate row repeats it, negative documents read as credit notes, and a document with
// a bad row left out whole.
import type {
  Amounts,
  DocType,
  IsoDate,
  OutsideIms,
  Paise,
  RegisterDocument,
} from '../core/index.js';
import type { RegisterBadRow, RegisterRowCounts } from './read-register.js';
import type { RegisterSlots } from './register-slots.js';
import { TextIndex } from './register-slots.js';
import type { Warnings } from './register-warnings.js';

export interface RowValues {
  readonly row: number;
  readonly ref: string;
  readonly gstin: string;
  readonly name: string | null;
  readonly docNumber: string;
  readonly docDate: IsoDate;
  readonly declared: DocType | null;
  readonly taxable: number;
  readonly igst: number;
  readonly cgst: number;
  readonly sgst: number;
  readonly cess: number;
  /** null: no value column, or blank in this row. */
  readonly value: number | null;
  readonly pos: string | null;
  readonly receivedDate: IsoDate | null;
  readonly paymentDate: IsoDate | null;
  readonly outsideIms: OutsideIms | null;
  readonly extra: Readonly<Record<string, string>>;
  /** rowSignature of the row's cells. */
  readonly signature: number;
}

/**
 * The rows read for one document key, once it has more than one good row or a bad one (a
 * document of one good row is held as its RowValues). The lists of bad rows and of copies are
 * made by their first entry.
 */
export interface Group {
  readonly rows: RowValues[];
  badRows: number[] | null;
  /** The signature (rowSignature) of each good row -> its row: a later identical row is a copy. */
  seen: Map<number, number> | null;
  copies: { row: number; of: number }[] | null;
}

/** A document's one good row as a group of its own. */
export const groupOf = (values: RowValues): Group => ({
  rows: [values],
  badRows: null,
  seen: null,
  copies: null,
});

/** What the rows' groups come to: documents, and the rows of documents left out as bad. */
export interface GroupedDocuments {
  readonly documents: RegisterDocumentList;
  readonly badRows: RegisterBadRow[];
  readonly counts: Pick<RegisterRowCounts, 'documents' | 'merged' | 'duplicates'>;
}

/**
 * A register's documents in the order of their first rows, each made from its rows when it is
 * asked for: a register of a million documents is held as its slots (register-slots.ts), not as
 * a million documents, and written a batch at a time (issue 18, decision 0062).
 */
export class RegisterDocumentList implements Iterable<RegisterDocument> {
  length = 0;
  /** The slot of each document. */
  #slot: Int32Array;
  /** Documents whose ref is not their first row's (uniqueRef): few. */
  readonly #renamed = new Map<number, string>();

  constructor(
    private readonly slots: RegisterSlots,
    capacity: number,
  ) {
    this.#slot = new Int32Array(capacity);
  }

  /** Appends the document of a slot (documentsOf). */
  push(slot: number): number {
    this.#slot[this.length] = slot;
    return this.length++;
  }

  rename(i: number, ref: string): void {
    this.#renamed.set(i, ref);
  }

  /** The document's ref: the first row's voucher, `row N` without one, or the name uniqueRef gave. */
  ref(i: number): string {
    const renamed = this.#renamed.get(i);
    if (renamed !== undefined) return renamed;
    const s = this.#slot[i] as number;
    const text = this.slots.refText(s);
    if (text !== '') return text;
    const g = this.slots.groups.get(s);
    return `row ${g === undefined ? this.slots.firstRow(s) : (g.rows[0] as RowValues).row}`;
  }

  date(i: number): IsoDate {
    return this.slots.date(this.#slot[i] as number);
  }

  slot(i: number): number {
    return this.#slot[i] as number;
  }

  /** The rows the document was made of, as sourceRows lists them. */
  sourceRows(i: number): number[] {
    const s = this.#slot[i] as number;
    const g = this.slots.groups.get(s);
    return g === undefined ? [this.slots.firstRow(s)] : g.rows.map((r) => r.row);
  }

  /** The document, made anew from its rows at each call. */
  document(i: number): RegisterDocument {
    const doc = buildDocument(this.slots.rows(this.#slot[i] as number), null) as RegisterDocument;
    const ref = this.ref(i);
    return ref === doc.ref ? doc : { ...doc, ref };
  }

  *[Symbol.iterator](): Iterator<RegisterDocument> {
    for (let i = 0; i < this.length; i++) yield this.document(i);
  }
}

const DOC_TYPES: readonly DocType[] = ['invoice', 'creditNote', 'debitNote'];

/**
 * Each group of good rows becomes a document with a reference of its own; a group with a bad
 * row, or whose rows mix signs, becomes bad rows. Exact copies are named in one warning. Every
 * document is made here once, for its warnings, its type and its ref, and dropped: the list
 * makes it again when it is written.
 */
export function documentsOf(slots: RegisterSlots, warnings: Warnings): GroupedDocuments {
  const documents = new RegisterDocumentList(slots, slots.count);
  const types = new Uint8Array(slots.count);
  const badRows: RegisterBadRow[] = [];
  const refs = new TextIndex((i) => documents.ref(i));
  let merged = 0;
  let duplicates = 0;
  const copies: { row: number; of: number }[] = [];
  for (let s = 0; s < slots.count; s++) {
    const g = slots.groups.get(s);
    const groupCopies = g?.copies ?? [];
    const good = (): number[] =>
      g === undefined
        ? [slots.firstRow(s)]
        : [...g.rows.map((r) => r.row), ...groupCopies.map((c) => c.row)];
    if (g !== undefined && g.badRows !== null && g.badRows.length > 0) {
      const first = g.badRows[0] ?? 0;
      for (const row of good())
        badRows.push({
          row,
          code: 'DOCUMENT_HAS_BAD_ROW',
          column: null,
          value: '',
          message: `another row of this document is bad (row ${first}); the document is not imported`,
        });
      continue;
    }
    const rows = g === undefined ? [slots.values(s)] : g.rows;
    const doc = buildDocument(rows, warnings);
    if (typeof doc === 'string') {
      for (const row of good())
        badRows.push({ row, code: 'DOCUMENT_MIXED_SIGNS', column: null, value: '', message: doc });
      continue;
    }
    const i = documents.push(s);
    const ref = uniqueRef(doc.ref, refs);
    if (ref !== doc.ref) documents.rename(i, ref);
    refs.add(i, ref);
    types[i] = DOC_TYPES.indexOf(doc.docType);
    merged += rows.length - 1;
    duplicates += groupCopies.length;
    for (const c of groupCopies) copies.push(c);
  }
  copies.sort((a, b) => a.row - b.row);
  for (const c of copies)
    warnings.add(
      'DUPLICATE_ROW',
      'rows identical in every cell to an earlier row of the same document (an export glitch, not a second rate line): each left out, its document counted once',
      c.row,
    );
  flagDuplicates(documents, types, slots, warnings);
  return {
    documents,
    badRows,
    counts: { documents: documents.length, merged, duplicates },
  };
}

/** Sums the rows of one document; a message when the document cannot be read. */
function buildDocument(
  rows: readonly RowValues[],
  warnings: Warnings | null,
): RegisterDocument | string {
  const first = rows[0] as RowValues;
  let taxable = 0;
  let igst = 0;
  let cgst = 0;
  let sgst = 0;
  let cess = 0;
  for (const r of rows) {
    taxable += r.taxable;
    igst += r.igst;
    cgst += r.cgst;
    sgst += r.sgst;
    cess += r.cess;
  }
  const computed = taxable + igst + cgst + sgst + cess;
  const values = rows.map((r) => r.value).filter((v): v is number => v !== null);
  let value: number;
  if (values.length === 0) value = computed;
  else {
    const v0 = values[0] as number;
    const summed = values.reduce((a, b) => a + b, 0);
    // GSTR-2B sheets repeat the document value on every rate row: take it once.
    value =
      values.length > 1 &&
      values.length === rows.length &&
      values.every((v) => v === v0) &&
      Math.abs(v0 - computed) <= Math.abs(summed - computed)
        ? v0
        : summed;
  }
  const all = [taxable, igst, cgst, sgst, cess, value];
  const neg = all.some((x) => x < 0);
  if (neg && all.some((x) => x > 0))
    return 'the rows of this document sum to both positive and negative amounts';
  let docType: DocType = first.declared ?? 'invoice';
  if (neg) {
    if (docType !== 'creditNote' && warnings !== null) {
      for (const r of rows)
        warnings.add(
          'NEGATIVE_AS_CREDIT_NOTE',
          'documents with negative amounts read as credit notes',
          r.row,
        );
    }
    docType = 'creditNote';
  }
  const abs = (n: number): Paise => Math.abs(n) as Paise;
  const amounts: Amounts = {
    value: abs(value),
    taxable: abs(taxable),
    igst: abs(igst),
    cgst: abs(cgst),
    sgst: abs(sgst),
    cess: abs(cess),
  };
  const extra: Record<string, string> = {};
  for (const r of rows)
    for (const [h, v] of Object.entries(r.extra)) if (!(h in extra)) extra[h] = v;
  return {
    ref: first.ref === '' ? `row ${first.row}` : first.ref,
    supplierGstin: first.gstin,
    supplierName: rows.find((r) => r.name !== null)?.name ?? null,
    docNumber: first.docNumber,
    docDate: first.docDate,
    docType,
    amounts,
    pos: rows.find((r) => r.pos !== null)?.pos ?? null,
    receivedDate: rows.reduce<IsoDate | null>(
      (m, r) =>
        r.receivedDate !== null && (m === null || r.receivedDate > m) ? r.receivedDate : m,
      null,
    ),
    sourceRows: rows.map((r) => r.row),
    extra,
    ...outsideAndPayment(rows),
  };
}

/** The document's outsideIms (any row marked) and latest payment date, present only when set. */
function outsideAndPayment(
  rows: readonly RowValues[],
): Pick<RegisterDocument, 'outsideIms' | 'paymentDate'> {
  const outside = rows.find((r) => r.outsideIms !== null)?.outsideIms ?? null;
  const paid = rows.reduce<IsoDate | null>(
    (m, r) => (r.paymentDate !== null && (m === null || r.paymentDate > m) ? r.paymentDate : m),
    null,
  );
  return {
    ...(outside !== null ? { outsideIms: outside } : {}),
    ...(paid !== null ? { paymentDate: paid } : {}),
  };
}

/** `ref`, or `ref#2`, `ref#3`, ... when taken. */
export function uniqueRef(ref: string, taken: { has(ref: string): boolean }): string {
  if (!taken.has(ref)) return ref;
  for (let k = 2; ; k++) {
    const r = `${ref}#${k}`;
    if (!taken.has(r)) return r;
  }
}

/** The same supplier document booked twice (under two vouchers): worth a look before matching. */
function flagDuplicates(
  docs: RegisterDocumentList,
  types: Uint8Array,
  slots: RegisterSlots,
  warnings: Warnings,
): void {
  // Found by the text of the key, the text made again only for a document whose hash matches.
  const keyOf = (i: number): string => {
    const s = docs.slot(i);
    return `${slots.gstin(s)}|${DOC_TYPES[types[i] as number] ?? ''}|${slots.docNumber(s).trim().toUpperCase()}|${slots.date(s)}`;
  };
  const seen = new TextIndex(keyOf);
  for (let i = 0; i < docs.length; i++) {
    const k = keyOf(i);
    if (seen.find(k) >= 0)
      for (const r of docs.sourceRows(i))
        warnings.add(
          'DUPLICATE_IN_REGISTER',
          `documents booked more than once in the register (another voucher has the same supplier, number and date)`,
          r,
        );
    else seen.add(i, k);
  }
}
