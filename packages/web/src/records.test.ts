// @vitest-environment jsdom
// The web's record decoding: the compact API payload into grid rows, and the per-GSTIN cache the
// Records page and the Reconcile page share.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RecordTuple, RecordsPayload } from '../../gst-ims/src/server/api-types.js';
import {
  FLAG,
  decodeRecords,
  dropRecordsCache,
  loadRows,
  patchCache,
  patchOutcomes,
  searchText,
  statusOf,
  takesDeclaration,
} from './records.js';

const GSTIN = '27AABCU9603R1ZN';

function tuple(over: Partial<Record<number, unknown>> = {}): RecordTuple {
  const t: RecordTuple = [
    'b2b|29AAACB1234C1Z5|INV-1|2026-10-05',
    'b2b',
    0,
    'INV-1',
    '2026-10-05',
    null,
    null,
    '102026',
    '29',
    11800_00,
    10000_00,
    1800_00,
    0,
    0,
    25_50,
    'N',
    'A',
    null,
    null,
    0,
    null,
    null,
  ];
  for (const [i, v] of Object.entries(over)) (t as unknown[])[Number(i)] = v;
  return t;
}

const payload = (rows: RecordTuple[]): RecordsPayload => ({
  gstin: GSTIN,
  columns: [],
  suppliers: [
    ['29AAACB1234C1Z5', 'Bharat Steel'],
    ['07AAACD5678D1Z2', null],
  ],
  rows,
});

describe('decodeRecords', () => {
  it('names every field of the tuple, the supplier from the dictionary, labels in words', () => {
    const [r] = decodeRecords(payload([tuple()]));
    expect(r).toEqual({
      key: 'b2b|29AAACB1234C1Z5|INV-1|2026-10-05',
      section: 'b2b',
      sectionLabel: 'B2B',
      supplierGstin: '29AAACB1234C1Z5',
      supplierName: 'Bharat Steel',
      docNumber: 'INV-1',
      docDate: '2026-10-05',
      originalDocNumber: null,
      originalDocDate: null,
      returnPeriod: '102026',
      pos: '29',
      value: 11800_00,
      taxable: 10000_00,
      igst: 1800_00,
      cgst: 0,
      sgst: 0,
      cess: 25_50,
      tax: 1825_50,
      portalAction: 'noAction',
      portalActionLabel: 'No Action',
      decision: 'accept',
      decisionLabel: 'Accepted',
      remark: null,
      itcReduction: null,
      flags: 0,
      portalError: null,
      status: 'In sync',
      match: null,
      matchLabel: '',
    });
  });

  it('a supplier without a name decodes to an empty name; the match outcome gets its word', () => {
    const [r] = decodeRecords(payload([tuple({ 2: 1, 16: 'R', 21: 'missingInRegister' })]));
    expect(r?.supplierGstin).toBe('07AAACD5678D1Z2');
    expect(r?.supplierName).toBe('');
    expect(r?.decision).toBe('reject');
    expect(r?.match).toBe('missingInRegister');
    expect(r?.matchLabel).toBe('Missing in books');
  });

  it('keeps the order and the count of the payload rows', () => {
    const rows = decodeRecords(
      payload([tuple({ 0: 'k1', 3: 'A' }), tuple({ 0: 'k2', 3: 'B' }), tuple({ 0: 'k3' })]),
    );
    expect(rows.map((r) => r.key)).toEqual(['k1', 'k2', 'k3']);
  });
});

describe('statusOf', () => {
  it('says one word for the strongest flag: gone, then a portal error, changed, waiting', () => {
    expect(statusOf(FLAG.gone | FLAG.dirty, 'E')).toBe('Gone from portal');
    expect(statusOf(FLAG.changedBySupplier | FLAG.dirty, 'IMSSAV0010')).toBe('Portal error');
    expect(statusOf(FLAG.changedBySupplier | FLAG.dirty, null)).toBe('Changed by supplier');
    expect(statusOf(FLAG.dirty, null)).toBe('Waiting for upload');
    expect(statusOf(FLAG.supplierFiled, null)).toBe('In sync');
  });
});

describe('takesDeclaration', () => {
  it('only sections that carry the ITC-reduction declaration, unless the portal blocks it', () => {
    expect(takesDeclaration({ section: 'b2bcn', flags: 0 })).toBe(true);
    expect(takesDeclaration({ section: 'b2ba', flags: 0 })).toBe(true);
    expect(takesDeclaration({ section: 'b2b', flags: 0 })).toBe(false);
    expect(takesDeclaration({ section: 'b2bcn', flags: FLAG.itcReductionBlocked })).toBe(false);
  });
});

describe('searchText', () => {
  it('holds the document, the parties, the date and amount as shown, upper-cased, built once', () => {
    const [r] = decodeRecords(payload([tuple({ 17: 'goods short' })]));
    const text = searchText(r!);
    for (const part of ['INV-1', '29AAACB1234C1Z5', 'BHARAT STEEL', '05-10-2026', '11,800.00'])
      expect(text).toContain(part);
    expect(text).toContain('GOODS SHORT');
    expect(r?.search).toBe(text);
    expect(searchText({ ...r!, remark: 'other' })).toBe(text);
  });
});

describe('the records cache', () => {
  const fetched: string[] = [];
  const serve = (p: RecordsPayload): void => {
    vi.stubGlobal(
      'fetch',
      vi.fn((url: string) => {
        fetched.push(url);
        return Promise.resolve(new Response(JSON.stringify(p), { status: 200 }));
      }),
    );
  };
  afterEach(() => {
    vi.unstubAllGlobals();
    fetched.length = 0;
    dropRecordsCache();
  });

  it('loads once per GSTIN and version, and again for a new version', async () => {
    serve(payload([tuple()]));
    const a = await loadRows(GSTIN, 1);
    const b = await loadRows(GSTIN, 1);
    expect(b).toBe(a);
    expect(fetched).toEqual([`/api/records?gstin=${GSTIN}`]);
    await loadRows(GSTIN, 2);
    expect(fetched).toHaveLength(2);
  });

  it('after a decision, the cache takes the updated rows under the new version', async () => {
    serve(payload([tuple({ 0: 'k1' }), tuple({ 0: 'k2' })]));
    await loadRows(GSTIN, 1);
    const [k2] = decodeRecords(payload([tuple({ 0: 'k2', 16: 'R' })]));
    patchCache(GSTIN, 2, [k2!]);
    const rows = await loadRows(GSTIN, 2);
    expect(fetched).toHaveLength(1);
    expect(rows.map((r) => [r.key, r.decision])).toEqual([
      ['k1', 'accept'],
      ['k2', 'reject'],
    ]);
  });

  it("a reconcile run's outcomes replace the cached ones; rows it left out have none", async () => {
    serve(payload([tuple({ 0: 'k1', 21: 'exact' }), tuple({ 0: 'k2', 21: 'exact' })]));
    const before = await loadRows(GSTIN, 1);
    patchOutcomes(GSTIN, [
      { recordKey: 'k1', outcome: 'mismatch' },
      { recordKey: null, outcome: 'missingInPortal' },
    ]);
    const after = await loadRows(GSTIN, 1);
    expect(fetched).toHaveLength(1);
    expect(after.map((r) => [r.key, r.match, r.matchLabel])).toEqual([
      ['k1', 'mismatch', 'Mismatch'],
      ['k2', null, ''],
    ]);
    // New objects (the grid tells rows apart by identity), the old left as they were.
    expect(after[0]).not.toBe(before[0]);
    expect(before[0]?.match).toBe('exact');
  });

  it('dropRecordsCache makes the next load ask the server even for the same version', async () => {
    serve(payload([tuple()]));
    await loadRows(GSTIN, 1);
    dropRecordsCache();
    await loadRows(GSTIN, 1);
    expect(fetched).toHaveLength(2);
  });
});
