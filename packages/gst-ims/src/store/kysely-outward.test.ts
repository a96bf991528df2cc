import { expect, it } from 'vitest';
import type { AddedBackLiability, IsoDate, OutwardDocument, Paise } from '../core/index.js';
import { describeStores } from '../test-support/stores.js';

const G = '27AABCU9603R1ZN';
const amounts = { value: 118000, taxable: 100000, igst: 18000, cgst: 0, sgst: 0, cess: 0 } as {
  value: Paise;
  taxable: Paise;
  igst: Paise;
  cgst: Paise;
  sgst: Paise;
  cess: Paise;
};
const doc = (n: string, customer: string, form: 'gstr1' | 'gstr1a' = 'gstr1'): OutwardDocument => ({
  kind: 'sales',
  key: `${form}:b2b:${customer}:${n}`,
  form,
  section: 'b2b',
  customerGstin: customer,
  docType: 'invoice',
  docNumber: n,
  docDate: '2026-11-02' as IsoDate,
  originalNumber: null,
  originalDate: null,
  amounts,
  pos: '29',
  reverseCharge: false,
  invoiceType: 'R',
  action: 'rejected',
  remarks: 'Goods not received',
});
const back: AddedBackLiability = {
  kind: 'addedBack',
  key: 'addedBack:cdnr:29AAACR5055K1Z3:CN-11',
  section: 'cdnr',
  customerGstin: '29AAACR5055K1Z3',
  customerName: 'Rao Traders',
  form: 'gstr1',
  supplyPeriod: '112026',
  docType: 'creditNote',
  docNumber: 'CN-11',
  docDate: '2026-11-20' as IsoDate,
  originalNumber: null,
  originalDate: null,
  invoiceType: 'R',
  amounts,
  remarks: null,
};
const imp = (importId: number, file: string) => ({
  importId,
  file,
  at: `2026-12-0${importId}T10:00:00Z`,
});

describeStores('the supplier view in the store (migration 0009-outward)', (kind) => {
  it('replaces one part of one period, keeps the others, and lists the imports', async () => {
    const store = await kind.open();
    await store.replaceOutward(
      G,
      'gstr1',
      '112026',
      [doc('B', '29AAACR5055K1Z3'), doc('A', '27AAACS1234F1ZS')],
      imp(1, 's.json'),
    );
    await store.replaceOutward(
      G,
      'gstr1a',
      '112026',
      [doc('A', '27AAACS1234F1ZS', 'gstr1a')],
      imp(2, 'a.json'),
    );
    await store.replaceOutward(G, 'addedBack', '112026', [back], imp(3, 'b.json'));
    await store.replaceOutward(
      G,
      'gstr1',
      '102026',
      [doc('OCT', '29AAACR5055K1Z3')],
      imp(4, 'o.json'),
    );
    const nov = await store.loadOutward(G, '112026');
    // By part, then customer GSTIN, then key; entries come back as they were stored.
    expect(nov.map((e) => [e.part, e.entry.customerGstin, e.entry.docNumber])).toEqual([
      ['addedBack', '29AAACR5055K1Z3', 'CN-11'],
      ['gstr1', '27AAACS1234F1ZS', 'A'],
      ['gstr1', '29AAACR5055K1Z3', 'B'],
      ['gstr1a', '27AAACS1234F1ZS', 'A'],
    ]);
    expect(nov[0]?.entry).toEqual(back);
    expect(nov[2]?.entry).toEqual(doc('B', '29AAACR5055K1Z3'));
    // A new GSTR-1 download of November replaces November's GSTR-1 documents only.
    const r = await store.replaceOutward(
      G,
      'gstr1',
      '112026',
      [doc('C', '29AAACR5055K1Z3')],
      imp(5, 's2.json'),
    );
    expect(r.removed).toBe(2);
    expect((await store.loadOutward(G, '112026')).map((e) => e.entry.docNumber)).toEqual([
      'CN-11',
      'C',
      'A',
    ]);
    expect(
      (await store.loadOutward(G, null)).map((e) => `${e.period} ${e.entry.docNumber}`),
    ).toEqual(['102026 OCT', '112026 CN-11', '112026 C', '112026 A']);
    // The portal's "none" answer is an import of no entries.
    await store.replaceOutward(G, 'addedBack', '112026', [], imp(6, 'none.json'));
    expect(
      (await store.listOutwardImports(G)).map((i) => [i.period, i.part, i.file, i.entries]),
    ).toEqual([
      ['112026', 'gstr1', 's2.json', 1],
      ['112026', 'gstr1a', 'a.json', 1],
      ['112026', 'addedBack', 'none.json', 0],
      ['102026', 'gstr1', 'o.json', 1],
    ]);
    expect(await store.loadOutward('29AAACR5055K1Z3', null)).toEqual([]);
    await store.close();
  });

  it('writes nothing when the transaction fails', async () => {
    const store = await kind.open();
    await expect(
      store.transaction(async (tx) => {
        await tx.replaceOutward(
          G,
          'gstr1',
          '112026',
          [doc('A', '29AAACR5055K1Z3')],
          imp(1, 's.json'),
        );
        // The same key twice breaks the primary key: the whole import goes.
        await tx.replaceOutward(
          G,
          'gstr1a',
          '112026',
          [doc('A', '29AAACR5055K1Z3'), doc('A', '29AAACR5055K1Z3')],
          imp(1, 's.json'),
        );
      }),
    ).rejects.toThrow();
    expect(await store.loadOutward(G, null)).toEqual([]);
    expect(await store.listOutwardImports(G)).toEqual([]);
    await store.close();
  });
});
