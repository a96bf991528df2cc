// The documents of a register as its rows are read: one slot per document key, in the order of
// each document's first row, holding the key and the first good row's values in columns.
//
// A million documents held as objects (a RowValues each, a joined key string, a Map entry) came
// to about 370 bytes a document of heap, and the heap V8 grew around them to twice that (issue
// 18, decision 0062). Here the numbers live in typed arrays outside the heap, the strings are
// the ones read (names, GSTINs, dates and places shared: register-row-reader interns them), and
// the key is found through a table of slot numbers with its fields compared on a hit: no key
// string per document and no chance of two documents taken for one.
import type { DocType, IsoDate, OutsideIms } from '../core/index.js';
import type { Group, RowValues } from './register-documents.js';

/** What identifies a document among the rows: voucher, supplier, number, declared type, date. */
export interface RowKey {
  readonly ref: string;
  readonly gstin: string;
  readonly docNumber: string;
  /** The type the row declares; null when it says none; 'unknown' when it is no type (bad). */
  readonly declared: DocType | 'unknown' | null;
  readonly date: IsoDate;
}

const DECLARED: readonly (DocType | 'unknown' | null)[] = [
  null,
  'invoice',
  'creditNote',
  'debitNote',
  'unknown',
];
const OUTSIDE: readonly (OutsideIms | null)[] = [
  null,
  'reverseCharge',
  'import',
  'isd',
  'unregistered',
];
const code = <T>(list: readonly T[], v: T): number => {
  const i = list.indexOf(v);
  if (i < 0) throw new Error(`register slots: no code for ${String(v)}`);
  return i;
};

const AMOUNTS = 6;

/** The `extra` of a row with no other cells: one frozen object for them all. */
export const NO_EXTRA: Readonly<Record<string, string>> = Object.freeze({});

/** A string's 32-bit hash, mixed into `h` (the multiply-xor steps of rowSignature's lanes). */
function mix(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 2654435761);
  return Math.imul(h ^ 1, 2654435761);
}

function keyHash(ref: string, gstin: string, docNumber: string, declared: number, date: string) {
  let h = mix(mix(mix(mix(0x9e3779b9, ref), gstin), docNumber), date);
  h = Math.imul(h ^ declared, 2654435761);
  return (h ^ (h >>> 15)) | 0;
}

export class RegisterSlots {
  /** Slots in use. */
  count = 0;
  /** Slots that had a second row or a bad row: their rows are held as a Group (few). */
  readonly groups = new Map<number, Group>();
  #cap = 1024;
  // The key of every slot.
  readonly #ref: string[] = [];
  readonly #gstin: string[] = [];
  readonly #docNumber: string[] = [];
  readonly #date: IsoDate[] = [];
  #declared = new Uint8Array(this.#cap);
  #hash = new Int32Array(this.#cap);
  // The first good row of a slot without a group.
  #row = new Int32Array(this.#cap);
  #amounts = new Float64Array(this.#cap * AMOUNTS);
  #signature = new Float64Array(this.#cap);
  #outside = new Uint8Array(this.#cap);
  readonly #name: (string | null)[] = [];
  readonly #pos: (string | null)[] = [];
  readonly #received: (IsoDate | null)[] = [];
  readonly #paid: (IsoDate | null)[] = [];
  /** Rows with extra cells are few: their objects by slot. */
  readonly #extra = new Map<number, Readonly<Record<string, string>>>();
  // Open addressing, linear probing: slot + 1, 0 empty; at most half full.
  #table = new Int32Array(2048);

  /**
   * The slot of a key: its number when held; when not, a new slot for it, given as -1 - slot
   * (one hash of the key either way).
   */
  slotOf(k: RowKey): number {
    const declared = code(DECLARED, k.declared);
    const h = keyHash(k.ref, k.gstin, k.docNumber, declared, k.date);
    const mask = this.#table.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const s = (this.#table[i] as number) - 1;
      if (s < 0) break;
      if (
        this.#hash[s] === h &&
        this.#ref[s] === k.ref &&
        this.#docNumber[s] === k.docNumber &&
        this.#gstin[s] === k.gstin &&
        this.#date[s] === k.date &&
        this.#declared[s] === declared
      )
        return s;
    }
    const s = this.count++;
    if (s === this.#cap) this.#grow();
    this.#ref.push(k.ref);
    this.#gstin.push(k.gstin);
    this.#docNumber.push(k.docNumber);
    this.#date.push(k.date);
    this.#declared[s] = declared;
    this.#hash[s] = h;
    this.#name.push(null);
    this.#pos.push(null);
    this.#received.push(null);
    this.#paid.push(null);
    if (this.count * 2 > this.#table.length) this.#rehash(this.#table.length * 2);
    else this.#place(s, h);
    return -1 - s;
  }

  /** The first good row of a slot (its key is the row's). */
  setValues(s: number, v: RowValues): void {
    this.#row[s] = v.row;
    const a = s * AMOUNTS;
    this.#amounts[a] = v.taxable;
    this.#amounts[a + 1] = v.igst;
    this.#amounts[a + 2] = v.cgst;
    this.#amounts[a + 3] = v.sgst;
    this.#amounts[a + 4] = v.cess;
    // Amounts are whole paise: NaN is free to stand for a blank value cell.
    this.#amounts[a + 5] = v.value ?? NaN;
    this.#signature[s] = v.signature;
    this.#outside[s] = code(OUTSIDE, v.outsideIms);
    this.#name[s] = v.name;
    this.#pos[s] = v.pos;
    this.#received[s] = v.receivedDate;
    this.#paid[s] = v.paymentDate;
    if (v.extra !== NO_EXTRA) this.#extra.set(s, v.extra);
  }

  /** The values setValues held, as the row's values again. */
  values(s: number): RowValues {
    const a = s * AMOUNTS;
    const value = this.#amounts[a + 5] as number;
    const declared = DECLARED[this.#declared[s] as number] ?? null;
    return {
      row: this.#row[s] as number,
      ref: this.#ref[s] as string,
      gstin: this.#gstin[s] as string,
      name: this.#name[s] ?? null,
      docNumber: this.#docNumber[s] as string,
      docDate: this.#date[s] as IsoDate,
      declared: declared === 'unknown' ? null : declared,
      taxable: this.#amounts[a] as number,
      igst: this.#amounts[a + 1] as number,
      cgst: this.#amounts[a + 2] as number,
      sgst: this.#amounts[a + 3] as number,
      cess: this.#amounts[a + 4] as number,
      value: Number.isNaN(value) ? null : value,
      pos: this.#pos[s] ?? null,
      receivedDate: this.#received[s] ?? null,
      paymentDate: this.#paid[s] ?? null,
      outsideIms: OUTSIDE[this.#outside[s] as number] ?? null,
      extra: this.#extra.get(s) ?? NO_EXTRA,
      signature: this.#signature[s] as number,
    };
  }

  /** The rows of a slot: its group's good rows, or its one row. */
  rows(s: number): readonly RowValues[] {
    const g = this.groups.get(s);
    return g === undefined ? [this.values(s)] : g.rows;
  }

  /** The first good row's number and ref text of a slot without a group (cheaper than values). */
  firstRow(s: number): number {
    return this.#row[s] as number;
  }

  refText(s: number): string {
    return this.#ref[s] as string;
  }

  date(s: number): IsoDate {
    return this.#date[s] as IsoDate;
  }

  gstin(s: number): string {
    return this.#gstin[s] as string;
  }

  docNumber(s: number): string {
    return this.#docNumber[s] as string;
  }

  signature(s: number): number {
    return this.#signature[s] as number;
  }

  #place(s: number, h: number): void {
    const mask = this.#table.length - 1;
    let i = h & mask;
    while (this.#table[i] !== 0) i = (i + 1) & mask;
    this.#table[i] = s + 1;
  }

  #rehash(size: number): void {
    this.#table = new Int32Array(size);
    for (let s = 0; s < this.count; s++) this.#place(s, this.#hash[s] as number);
  }

  #grow(): void {
    const cap = this.#cap * 2;
    const grown = <T extends Uint8Array | Int32Array | Float64Array>(a: T, per = 1): T => {
      const b = new (a.constructor as new (n: number) => T)(cap * per);
      b.set(a);
      return b;
    };
    this.#declared = grown(this.#declared);
    this.#hash = grown(this.#hash);
    this.#row = grown(this.#row);
    this.#amounts = grown(this.#amounts, AMOUNTS);
    this.#signature = grown(this.#signature);
    this.#outside = grown(this.#outside);
    this.#cap = cap;
  }
}

/**
 * A set of strings held as the numbers of their owners (a slot, a document), each string got
 * from its number: `ref` of a million documents without a Set of a million entries. Found by a
 * hash of the text, then compared.
 */
export class TextIndex {
  #table = new Int32Array(2048);
  #size = 0;
  #hashes = new Int32Array(1024);
  readonly #ids: number[] = [];

  constructor(private readonly text: (id: number) => string) {}

  /** The id whose text is `t`, or -1. */
  find(t: string): number {
    const h = mix(0x2545f491, t);
    const mask = this.#table.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const e = (this.#table[i] as number) - 1;
      if (e < 0) return -1;
      if (this.#hashes[e] !== h) continue;
      const id = this.#ids[e] as number;
      if (this.text(id) === t) return id;
    }
  }

  has(t: string): boolean {
    return this.find(t) >= 0;
  }

  /** Adds `id` under its text (`t` when the caller has it; not checked for being held already). */
  add(id: number, t: string = this.text(id)): void {
    const e = this.#size++;
    if (e === this.#hashes.length) {
      const h = new Int32Array(this.#hashes.length * 2);
      h.set(this.#hashes);
      this.#hashes = h;
    }
    if (this.#size * 2 > this.#table.length) {
      this.#table = new Int32Array(this.#table.length * 2);
      for (let k = 0; k < e; k++) this.#place(k, this.#hashes[k] as number);
    }
    const h = mix(0x2545f491, t);
    this.#hashes[e] = h;
    this.#ids.push(id);
    this.#place(e, h);
  }

  #place(e: number, h: number): void {
    const mask = this.#table.length - 1;
    let i = h & mask;
    while (this.#table[i] !== 0) i = (i + 1) & mask;
    this.#table[i] = e + 1;
  }
}
