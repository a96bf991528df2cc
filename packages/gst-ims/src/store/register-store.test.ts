import { afterEach, beforeEach, expect, it } from 'vitest';
import type { IsoDate, MatchResult, Paise, RegisterDocument } from '../core/index.js';
import { describeStores } from '../test-support/stores.js';
import type { WorkspaceStore } from './workspace-store.js';

const G = '27AABCU9603R1ZN';
const p = (n: number): Paise => n as Paise;

function doc(ref: string, date: string, over: Partial<RegisterDocument> = {}): RegisterDocument {
  return {
    ref,
    supplierGstin: '24AAACB1234C1ZL',
    supplierName: 'Bharat Steel',
    docNumber: `N-${ref}`,
    docDate: date as IsoDate,
    docType: 'invoice',
    amounts: {
      value: p(118000),
      taxable: p(100000),
      igst: p(18000),
      cgst: p(0),
      sgst: p(0),
      cess: p(0),
    },
    pos: '27',
    receivedDate: null,
    sourceRows: [2, 3],
    extra: { Memo: 'x' },
    ...over,
  };
}

describeStores('register store', (kind) => {
  let store: WorkspaceStore;
  beforeEach(async () => {
    store = await kind.open();
    await store.ensureGstin(G, '2026-05-01T00:00:00Z');
  });
  afterEach(async () => {
    await store.close();
  });

  it('round-trips register documents', async () => {
    const d = doc('V1', '2026-04-05', {
      receivedDate: '2026-05-02' as IsoDate,
      docType: 'creditNote',
      pos: null,
      extra: {},
    });
    await store.replaceRegister(
      G,
      [d, doc('V2', '2026-04-06')],
      '2026-04-05' as IsoDate,
      '2026-04-06' as IsoDate,
      { id: 1, file: 'a.csv', at: 't1' },
    );
    const back = await store.loadRegister(G);
    expect(back).toEqual([d, doc('V2', '2026-04-06')]);
    expect(await store.listRegisterImports(G)).toEqual([
      {
        id: 1,
        gstin: G,
        file: 'a.csv',
        at: 't1',
        periodFrom: '2026-04-05',
        periodTo: '2026-04-06',
        documents: 2,
      },
    ]);
    expect(await store.loadRegister('29AAACR5055K1Z3')).toEqual([]);
  });

  it('re-importing replaces only the documents dated within the new period', async () => {
    await store.replaceRegister(
      G,
      [
        doc('A', '2026-03-31'),
        doc('B', '2026-04-01'),
        doc('C', '2026-04-30'),
        doc('D', '2026-05-01'),
      ],
      '2026-03-31' as IsoDate,
      '2026-05-01' as IsoDate,
      { id: 1, file: 'a.csv', at: 't1' },
    );
    const r = await store.replaceRegister(
      G,
      [doc('E', '2026-04-15')],
      '2026-04-01' as IsoDate,
      '2026-04-30' as IsoDate,
      { id: 2, file: 'b.csv', at: 't2' },
    );
    expect(r.removed).toBe(2);
    expect((await store.loadRegister(G)).map((d) => d.ref)).toEqual(['A', 'E', 'D']);
  });

  it('writes large registers in batches', async () => {
    const many = Array.from({ length: 5000 }, (_, i) =>
      doc(`R${i}`, '2026-04-05', { docNumber: `N${String(i).padStart(5, '0')}` }),
    );
    await store.replaceRegister(G, many, '2026-04-05' as IsoDate, '2026-04-05' as IsoDate, {
      id: 1,
      file: 'big.csv',
      at: 't',
    });
    expect((await store.loadRegister(G)).length).toBe(5000);
  });

  it('writes documents a list makes as it is read, once, in order', async () => {
    const made: string[] = [];
    // What import register hands over: a length and documents made on the way (issue 18).
    const list = {
      length: 3000,
      *[Symbol.iterator](): Iterator<RegisterDocument> {
        for (let i = 0; i < 3000; i++) {
          made.push(`R${i}`);
          yield doc(`R${i}`, '2026-04-05', { docNumber: `N${String(i).padStart(5, '0')}` });
        }
      },
    };
    await store.replaceRegister(G, list, '2026-04-05' as IsoDate, '2026-04-05' as IsoDate, {
      id: 1,
      file: 'list.csv',
      at: 't',
    });
    expect(made).toEqual(Array.from({ length: 3000 }, (_, i) => `R${i}`));
    const back = await store.loadRegister(G);
    expect(back.length).toBe(3000);
    expect(back[2999]).toEqual(doc('R2999', '2026-04-05', { docNumber: 'N02999' }));
    const short = {
      length: 2,
      *[Symbol.iterator]() {
        yield doc('S1', '2026-04-06');
      },
    };
    await expect(
      store.replaceRegister(G, short, '2026-04-06' as IsoDate, '2026-04-06' as IsoDate, {
        id: 2,
        file: 'short.csv',
        at: 't',
      }),
    ).rejects.toThrow(/fewer documents than their length/);
  });

  it('says what replacing a period replaces and keeps, reading whole only the documents named', async () => {
    await store.replaceRegister(
      G,
      [
        doc('A', '2026-03-31'),
        doc('B', '2026-04-01'),
        doc('C', '2026-04-30'),
        doc('D', '2026-05-01'),
      ],
      '2026-03-31' as IsoDate,
      '2026-05-01' as IsoDate,
      { id: 1, file: 'a.csv', at: 't1' },
    );
    const r = await store.registerForReplacement(
      G,
      '2026-04-01' as IsoDate,
      '2026-04-30' as IsoDate,
      // A kept document and an unknown ref named are not read.
      ['C', 'A', 'Z'],
    );
    expect(r.replaced).toBe(2);
    expect([...r.keptRefs].sort()).toEqual(['A', 'D']);
    expect(r.named).toEqual([doc('C', '2026-04-30')]);
    const none = await store.registerForReplacement(
      '29AAACR5055K1Z3',
      '2026-04-01' as IsoDate,
      '2026-04-30' as IsoDate,
      [],
    );
    expect(none).toEqual({ replaced: 0, keptRefs: [], named: [] });
  });

  it('saves and replaces match results in order', async () => {
    const results: MatchResult[] = [
      {
        recordKey: 'b2b|24AAACB1234C1ZL|N-1|2026-27',
        registerRef: 'V1',
        outcome: 'probable',
        score: 87,
        reasons: [{ code: 'numberNormalised' }, { code: 'dateDiff', value: 2 }],
        manual: false,
      },
      {
        recordKey: 'b2b|24AAACB1234C1ZL|N-2|2026-27',
        registerRef: null,
        outcome: 'missingInRegister',
        score: 0,
        reasons: [],
        manual: false,
      },
      {
        recordKey: null,
        registerRef: 'V9',
        outcome: 'missingInPortal',
        score: 0,
        reasons: [],
        manual: false,
      },
    ];
    await store.saveMatches(G, results);
    expect(await store.loadMatches(G)).toEqual(results);
    await store.saveMatches(G, [results[2] as MatchResult]);
    expect(await store.loadMatches(G)).toEqual([results[2]]);
  });

  it('keeps the order of many results across stored chunks', async () => {
    const many: MatchResult[] = Array.from({ length: 25_001 }, (_, i) =>
      i % 3 === 0
        ? {
            recordKey: null,
            registerRef: `V${i}`,
            outcome: 'missingInPortal',
            score: 0,
            reasons: [],
            manual: false,
          }
        : {
            recordKey: `k${i}`,
            registerRef: `V${i}`,
            outcome: 'probable',
            score: i % 100,
            reasons: [{ code: 'dateDiff', value: (i % 7) - 3 }, { code: 'headSwap' }],
            manual: i % 5 === 0,
          },
    );
    await store.saveMatches(G, many);
    expect(await store.loadMatches(G)).toEqual(many);
    await store.saveMatches(G, many.slice(0, 10));
    expect(await store.loadMatches(G)).toEqual(many.slice(0, 10));
    await store.saveMatches(G, []);
    expect(await store.loadMatches(G)).toEqual([]);
  });

  it('reads the outcomes of the records asked for, by key, as the saved results give them', async () => {
    const result = (recordKey: string | null, outcome: MatchResult['outcome']): MatchResult => ({
      recordKey,
      registerRef: recordKey === null ? 'V0' : `V-${recordKey}`,
      outcome,
      score: 0,
      reasons: [],
      manual: false,
    });
    // Enough keys for several IN lists; k7 twice (the later result wins, as a map of the results
    // built in order has it); a document of the books only, with no record.
    const many = Array.from({ length: 2000 }, (_, i) =>
      result(`k${i}`, i % 2 === 0 ? 'exact' : 'missingInRegister'),
    );
    await store.saveMatches(G, [
      ...many,
      result('k7', 'probable'),
      result(null, 'missingInPortal'),
    ]);
    const asked = ['k0', 'k1', 'k7', 'k1999', 'absent', ...many.map((m) => m.recordKey as string)];
    const got = await store.matchOutcomes(G, asked);
    expect(got.get('k0')).toBe('exact');
    expect(got.get('k1')).toBe('missingInRegister');
    expect(got.get('k7')).toBe('probable');
    expect(got.has('absent')).toBe(false);
    expect(got.size).toBe(2000);
    expect(await store.matchOutcomes(G, ['k2'])).toEqual(new Map([['k2', 'exact']]));
    expect(await store.matchOutcomes(G, [])).toEqual(new Map());
    // Another GSTIN's results are not this one's.
    expect(await store.matchOutcomes('29AAACR5055K1Z3', ['k0'])).toEqual(new Map());
    // A new run replaces them; none leaves none.
    await store.saveMatches(G, [result('k2', 'probable')]);
    expect(await store.matchOutcomes(G, ['k0', 'k2'])).toEqual(new Map([['k2', 'probable']]));
    await store.saveMatches(G, []);
    expect(await store.matchOutcomes(G, ['k2'])).toEqual(new Map());
  });

  it('keeps one manual link per side; unlink entries block a pair', async () => {
    const at = '2026-05-01T00:00:00Z';
    await store.addManualLink(G, {
      recordKey: 'k1',
      registerRef: 'V1',
      kind: 'link',
      at,
      user: 'u',
    });
    await store.addManualLink(G, {
      recordKey: 'k2',
      registerRef: 'V1',
      kind: 'link',
      at,
      user: 'u',
    });
    expect(
      (await store.loadManualLinks(G)).map((l) => [l.recordKey, l.registerRef, l.kind]),
    ).toEqual([['k2', 'V1', 'link']]);
    await store.addManualLink(G, {
      recordKey: 'k2',
      registerRef: 'V2',
      kind: 'link',
      at,
      user: 'u',
    });
    expect((await store.loadManualLinks(G)).map((l) => [l.recordKey, l.registerRef])).toEqual([
      ['k2', 'V2'],
    ]);
    await store.addManualLink(G, {
      recordKey: 'k3',
      registerRef: 'V3',
      kind: 'unlink',
      at,
      user: 'u',
    });
    const removed = await store.removeManualLinks(G, 'k2');
    expect(removed.map((l) => l.registerRef)).toEqual(['V2']);
    expect((await store.loadManualLinks(G)).map((l) => [l.recordKey, l.kind])).toEqual([
      ['k3', 'unlink'],
    ]);
    // Linking the pair again lifts its unlink.
    await store.addManualLink(G, {
      recordKey: 'k3',
      registerRef: 'V3',
      kind: 'link',
      at,
      user: 'u',
    });
    expect((await store.loadManualLinks(G)).map((l) => [l.recordKey, l.kind])).toEqual([
      ['k3', 'link'],
    ]);
  });

  it('rolls back a failed transaction', async () => {
    await store.replaceRegister(
      G,
      [doc('A', '2026-04-01')],
      '2026-04-01' as IsoDate,
      '2026-04-01' as IsoDate,
      { id: 1, file: 'a.csv', at: 't1' },
    );
    await expect(
      store.transaction(async (tx) => {
        await tx.replaceRegister(
          G,
          [doc('B', '2026-04-01')],
          '2026-04-01' as IsoDate,
          '2026-04-01' as IsoDate,
          { id: 2, file: 'b.csv', at: 't2' },
        );
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect((await store.loadRegister(G)).map((d) => d.ref)).toEqual(['A']);
  });
});
