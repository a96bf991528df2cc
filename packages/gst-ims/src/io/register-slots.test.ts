import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../core/index.js';
import type { RowValues } from './register-documents.js';
import type { RowKey } from './register-slots.js';
import { NO_EXTRA, RegisterSlots, TextIndex } from './register-slots.js';

const key = (n: number, over: Partial<RowKey> = {}): RowKey => ({
  ref: `V-${n}`,
  gstin: '27AAACT2727Q1ZW',
  docNumber: `INV-${n}`,
  declared: null,
  date: '2026-10-05' as IsoDate,
  ...over,
});

const values = (k: RowKey, row: number, over: Partial<RowValues> = {}): RowValues => ({
  row,
  ref: k.ref,
  gstin: k.gstin,
  name: 'Supplier Pvt Ltd',
  docNumber: k.docNumber,
  docDate: k.date,
  declared: k.declared === 'unknown' ? null : k.declared,
  taxable: 100000,
  igst: 18000,
  cgst: 0,
  sgst: 0,
  cess: 0,
  value: null,
  pos: '27',
  receivedDate: null,
  paymentDate: null,
  outsideIms: null,
  extra: NO_EXTRA,
  signature: 2 ** 52 + row,
  ...over,
});

describe('RegisterSlots', () => {
  it('gives each key one slot, in first-row order, and finds it again after growing', () => {
    const slots = new RegisterSlots();
    const n = 20_000;
    for (let i = 0; i < n; i++) expect(slots.slotOf(key(i))).toBe(-1 - i);
    expect(slots.count).toBe(n);
    for (let i = 0; i < n; i += 7) expect(slots.slotOf(key(i))).toBe(i);
    expect(slots.count).toBe(n);
  });

  it('tells apart keys that differ in one field only (no key is taken for another)', () => {
    const slots = new RegisterSlots();
    const base = key(1);
    const variants: RowKey[] = [
      base,
      { ...base, ref: '' },
      { ...base, gstin: '29AAACR5055K1Z3' },
      { ...base, docNumber: 'INV-1 ' },
      { ...base, declared: 'invoice' },
      { ...base, declared: 'creditNote' },
      { ...base, declared: 'unknown' },
      { ...base, date: '2026-10-06' as IsoDate },
      // Two keys whose fields joined with U+0001 (the key string of the reading before) are one
      // text: the fields are compared, not a joined text.
      { ...base, ref: 'V-1\u0001X', gstin: 'Y' },
      { ...base, ref: 'V-1', gstin: 'X\u0001Y' },
    ];
    const made = variants.map((k) => slots.slotOf(k));
    expect(made).toEqual(variants.map((_, i) => -1 - i));
    // Equal text in other string objects finds the same slot.
    expect(variants.map((k) => slots.slotOf({ ...k, ref: [...k.ref].join('') }))).toEqual(
      variants.map((_, i) => i),
    );
  });

  it('gives back the first row as it was held', () => {
    const slots = new RegisterSlots();
    const k = key(3, { declared: 'debitNote' });
    const s = -1 - slots.slotOf(k);
    const v = values(k, 17, {
      name: null,
      value: -118000,
      taxable: -100000,
      pos: null,
      receivedDate: '2026-10-07' as IsoDate,
      paymentDate: '2026-11-01' as IsoDate,
      outsideIms: 'reverseCharge',
      extra: { Narration: 'freight' },
      signature: 2 ** 53 - 1,
    });
    slots.setValues(s, v);
    expect(slots.values(s)).toEqual(v);
    expect(slots.rows(s)).toEqual([v]);
    const blank = -1 - slots.slotOf(key(4));
    slots.setValues(blank, values(key(4), 18));
    expect(slots.values(blank).value).toBeNull();
    expect(slots.values(blank).extra).toBe(NO_EXTRA);
    expect(slots.firstRow(blank)).toBe(18);
  });
});

describe('TextIndex', () => {
  it('finds each text added by its id, and no other text', () => {
    const texts = Array.from({ length: 30_000 }, (_, i) => (i % 3 === 0 ? `row ${i}` : `PV/${i}`));
    const index = new TextIndex((id) => texts[id] as string);
    for (let i = 0; i < texts.length; i += 2) index.add(i);
    for (let i = 0; i < texts.length; i++)
      expect(index.find(texts[i] as string)).toBe(i % 2 === 0 ? i : -1);
    expect(index.has('PV/30000')).toBe(false);
    expect(index.has('row 0')).toBe(true);
  });
});
