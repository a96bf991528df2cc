// @vitest-environment jsdom
// The paged Records grid's pure parts: when the page pages, the page request the grid's block,
// filter and sort make (against the server's own reading of it, parseRecordQuery), the columns,
// and the datasource over a fake fetch.
import { parseRecordQuery } from '@core/record-filter.js';
import type { IGetRowsParams, SortModelItem } from 'ag-grid-community';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getJson } from '../../api.js';
import { recordsPage } from '../../test-support/records-page.js';
import { COLUMNS } from './records-columns.js';
import { NO_FILTER } from './records-filter.js';
import type { PagedFilter, RecordsPagePayload, RecordsSummaryPayload } from './records-paged.js';
import {
  PAGED_THRESHOLD,
  SORT_COLUMNS,
  pageQuery,
  pagedColumns,
  pagedWanted,
  recordsDatasource,
  summarySuppliers,
  viewTabs,
} from './records-paged.js';

const GSTIN = '27AABCU9603R1ZN';
const ALL: PagedFilter = { ...NO_FILTER, section: null };

const page = (offset: number, total: number | null, keys: string[], version = 7) =>
  recordsPage(offset, total, keys, version, GSTIN);

/** What the server reads back from a page URL. */
function serverReads(url: string) {
  const u = new URL(url, 'http://x');
  expect(u.pathname).toBe('/api/records/page');
  expect(u.searchParams.get('gstin')).toBe(GSTIN);
  return parseRecordQuery((n) => u.searchParams.get(n) ?? undefined);
}

describe('pagedWanted', () => {
  it('pages above the threshold only', () => {
    expect(pagedWanted('', PAGED_THRESHOLD)).toBe(false);
    expect(pagedWanted('', PAGED_THRESHOLD + 1)).toBe(true);
    expect(pagedWanted('', 1_000_000)).toBe(true);
    expect(pagedWanted('', 11, 10)).toBe(true);
  });
  it('the page address decides when it says: ?paged=1 on 1,500 records, ?paged=0 on a million', () => {
    expect(pagedWanted('?paged=1', 1500)).toBe(true);
    expect(pagedWanted('?view=gone&paged=0', 1_000_000)).toBe(false);
    expect(pagedWanted('?paged=yes', 1500)).toBe(false);
  });
});

describe('pageQuery', () => {
  it('a grid block with no filter and no sort: the rows [start, end) in the default order', () => {
    const q = serverReads(pageQuery(GSTIN, ALL, [], 400, 600));
    expect(q).toEqual({
      filter: { view: 'all', supplier: null, section: null, terms: [] },
      order: { column: 'section', dir: 'asc' },
      offset: 400,
      limit: 200,
      count: true,
    });
  });
  it('carries the view tab, supplier, section, search words and the sorted column', () => {
    const filter: PagedFilter = {
      view: 'noAction',
      supplier: '29AAACB1234C1Z5',
      section: 'b2bcn',
      terms: ['INV-1', 'STEEL'],
    };
    const sort: SortModelItem[] = [{ colId: 'value', sort: 'desc' }];
    const q = serverReads(pageQuery(GSTIN, filter, sort, 0, 200));
    expect(q.filter).toEqual(filter);
    expect(q.order).toEqual({ column: 'value', dir: 'desc' });
    expect(q.limit).toBe(200);
  });
  it('maps each sortable grid column to its server column; others are not sent', () => {
    for (const [colId, column] of Object.entries(SORT_COLUMNS)) {
      const q = serverReads(pageQuery(GSTIN, ALL, [{ colId, sort: 'asc' }], 0, 10));
      expect(q.order).toEqual({ column, dir: 'asc' });
    }
    expect(SORT_COLUMNS['decisionLabel']).toBe('decision');
    expect(SORT_COLUMNS['supplierGstin']).toBe('supplier');
    const url = pageQuery(GSTIN, ALL, [{ colId: 'remark', sort: 'desc' }], 0, 10);
    expect(new URL(url, 'http://x').searchParams.has('sort')).toBe(false);
  });
});

describe('pagedColumns', () => {
  it('has no column filters and sorts only what the server orders by', () => {
    const cols = pagedColumns(COLUMNS);
    expect(cols.map((c) => c.field)).toEqual(COLUMNS.map((c) => c.field));
    expect(cols.every((c) => c.filter === false && c.floatingFilter === false)).toBe(true);
    const sortable = cols.filter((c) => c.sortable).map((c) => c.field);
    expect(sortable.sort()).toEqual(Object.keys(SORT_COLUMNS).sort());
    // The client grid's own columns are left as they were.
    expect(COLUMNS.find((c) => c.field === 'remark')?.filter).toBe('agTextColumnFilter');
  });
});

describe('recordsDatasource over a fake fetch', () => {
  afterEach(() => vi.unstubAllGlobals());

  function params(over: Partial<IGetRowsParams> = {}) {
    const successCallback = vi.fn();
    const failCallback = vi.fn();
    const p: IGetRowsParams = {
      startRow: 0,
      endRow: 200,
      sortModel: [],
      filterModel: {},
      context: undefined,
      successCallback,
      failCallback,
      ...over,
    };
    return { p, successCallback, failCallback };
  }

  it('asks the server for the block without a count, decodes its rows; a short block is the end', async () => {
    const fetch = vi.fn((url: string) => {
      const q = serverReads(url);
      const keys = Array.from(
        { length: 2 },
        (_, i) => `b2b|29AAACB1234C1Z5|INV-${q.offset + i}|2026-10-05`,
      );
      return Promise.resolve(
        new Response(JSON.stringify(page(q.offset, q.count ? 202 : null, keys)), {
          status: 200,
        }),
      );
    });
    vi.stubGlobal('fetch', fetch);
    let filter: PagedFilter = ALL;
    const onPage = vi.fn();
    const onCount = vi.fn();
    const ds = recordsDatasource({
      gstin: GSTIN,
      filter: () => filter,
      load: (url) => getJson<RecordsPagePayload>(url),
      onPage,
      onCount,
    });
    const first = params({
      startRow: 200,
      endRow: 400,
      sortModel: [{ colId: 'docDate', sort: 'desc' }],
    });
    ds.getRows(first.p);
    await vi.waitFor(() => expect(first.successCallback).toHaveBeenCalled());
    const [rows, last] = first.successCallback.mock.calls[0] as [
      { key: string; supplierName: string; decisionLabel: string; value: number }[],
      number,
    ];
    expect(last).toBe(202);
    expect(rows.map((r) => r.key)).toEqual([
      'b2b|29AAACB1234C1Z5|INV-200|2026-10-05',
      'b2b|29AAACB1234C1Z5|INV-201|2026-10-05',
    ]);
    expect(rows[0]).toMatchObject({
      supplierName: 'Bharat Steel',
      decisionLabel: 'Accepted',
      value: 100,
    });
    expect(onPage).toHaveBeenCalledWith(202, 7);
    const asked = serverReads(String(fetch.mock.calls[0]![0]));
    expect(asked.order).toEqual({ column: 'docDate', dir: 'desc' });
    expect(asked.offset).toBe(200);
    expect(asked.count).toBe(false);
    // The short block said where the rows end: nothing to count.
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(onCount).not.toHaveBeenCalled();

    // A new filter needs no new datasource: the next block reads it.
    filter = { ...ALL, view: 'waiting', terms: ['INV-2'] };
    const second = params();
    ds.getRows(second.p);
    await vi.waitFor(() => expect(second.successCallback).toHaveBeenCalled());
    expect(serverReads(String(fetch.mock.calls[1]![0])).filter).toMatchObject({
      view: 'waiting',
      terms: ['INV-2'],
    });
  });

  it('rows first, then the count alone; later blocks take it, short ones end it, a change counts again', async () => {
    // A server of 450 rows at version 7; version 8 after a change that leaves 410.
    let rowsThere = 450;
    let version = 7;
    const fetch = vi.fn((url: string) => {
      const q = serverReads(url);
      const n = Math.max(0, Math.min(q.limit, rowsThere - q.offset));
      const keys = Array.from(
        { length: n },
        (_, i) => `b2b|29AAACB1234C1Z5|INV-${q.offset + i}|2026-10-05`,
      );
      const body = page(q.offset, q.count ? rowsThere : null, keys, version);
      return Promise.resolve(new Response(JSON.stringify(body), { status: 200 }));
    });
    vi.stubGlobal('fetch', fetch);
    let filter: PagedFilter = ALL;
    const onPage = vi.fn();
    const onCount = vi.fn();
    const ds = recordsDatasource({
      gstin: GSTIN,
      filter: () => filter,
      load: (url) => getJson<RecordsPagePayload>(url),
      onPage,
      onCount,
    });
    const asked = () => fetch.mock.calls.map((c) => serverReads(String(c[0])));
    const block = async (startRow: number): Promise<number | undefined> => {
      const b = params({ startRow, endRow: startRow + 200 });
      ds.getRows(b.p);
      await vi.waitFor(() => expect(b.successCallback).toHaveBeenCalled());
      return (b.successCallback.mock.calls[0] as [unknown, number | undefined])[1];
    };
    // The first block: its rows with no count and no last row yet, then the count alone.
    expect(await block(0)).toBeUndefined();
    expect(onPage).toHaveBeenLastCalledWith(null, 7);
    await vi.waitFor(() => expect(onCount).toHaveBeenCalledWith(450, 7));
    expect(asked().map((q) => [q.offset, q.limit, q.count])).toEqual([
      [0, 200, false],
      [0, 0, true],
    ]);
    // A later block takes the count.
    expect(await block(200)).toBe(450);
    expect(onPage).toHaveBeenLastCalledWith(450, 7);
    // Forty rows went meanwhile: the short block is the end.
    rowsThere = 410;
    version = 8;
    expect(await block(400)).toBe(410);
    expect(await block(200)).toBe(410);
    expect(asked().filter((q) => q.count)).toHaveLength(1);
    // A change that leaves the rows where they were: a block of the newer version counts again.
    version = 9;
    expect(await block(200)).toBe(410);
    await vi.waitFor(() => expect(onCount).toHaveBeenLastCalledWith(410, 9));
    expect(asked().filter((q) => q.count)).toHaveLength(2);
    // Another filter is another query: its first block (asked at 200) has its rows counted.
    filter = { ...ALL, view: 'waiting' };
    expect(await block(200)).toBeUndefined();
    await vi.waitFor(() => expect(asked().filter((q) => q.count)).toHaveLength(3));
    expect(asked().at(-1)!.filter.view).toBe('waiting');
    // The grid starting over (first block) counts again.
    await vi.waitFor(() => expect(onCount).toHaveBeenCalledTimes(3));
    expect(await block(0)).toBeUndefined();
    await vi.waitFor(() => expect(onCount).toHaveBeenCalledTimes(4));
  });

  it("a count that comes after the filter changed is not the grid's", async () => {
    let answerCount: (() => void) | null = null;
    const fetch = vi.fn((url: string) => {
      const q = serverReads(url);
      const keys = Array.from(
        { length: q.limit },
        (_, i) => `b2b|29AAACB1234C1Z5|INV-${q.offset + i}|2026-10-05`,
      );
      const body = JSON.stringify(page(q.offset, q.count ? 5000 : null, keys));
      if (!q.count) return Promise.resolve(new Response(body, { status: 200 }));
      return new Promise<Response>((resolve) => {
        answerCount = () => resolve(new Response(body, { status: 200 }));
      });
    });
    vi.stubGlobal('fetch', fetch);
    let filter: PagedFilter = ALL;
    const onCount = vi.fn();
    const ds = recordsDatasource({
      gstin: GSTIN,
      filter: () => filter,
      load: (url) => getJson<RecordsPagePayload>(url),
      onCount,
    });
    const first = params();
    ds.getRows(first.p);
    await vi.waitFor(() => expect(answerCount).not.toBeNull());
    const late = answerCount!;
    answerCount = null;
    filter = { ...ALL, view: 'noAction' };
    const second = params();
    ds.getRows(second.p);
    await vi.waitFor(() => expect(answerCount).not.toBeNull());
    late();
    await new Promise((r) => setTimeout(r, 20));
    expect(onCount).not.toHaveBeenCalled();
    answerCount!();
    await vi.waitFor(() => expect(onCount).toHaveBeenCalledWith(5000, 7));
    expect(onCount).toHaveBeenCalledTimes(1);
  });

  it("a page the server refuses fails the block and says the server's words", async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() =>
        Promise.resolve(
          new Response(
            JSON.stringify({ error: 'sort: expected one of section, …', kind: 'bad-input' }),
            { status: 400 },
          ),
        ),
      ),
    );
    const onError = vi.fn();
    const ds = recordsDatasource({
      gstin: GSTIN,
      filter: () => ALL,
      load: (url) => getJson<RecordsPagePayload>(url),
      onError,
    });
    const { p, successCallback, failCallback } = params();
    ds.getRows(p);
    await vi.waitFor(() => expect(failCallback).toHaveBeenCalled());
    expect(successCallback).not.toHaveBeenCalled();
    expect((onError.mock.calls[0]![0] as Error).message).toBe('sort: expected one of section, …');
  });
});

describe('the summary: view tabs and suppliers', () => {
  const summary: RecordsSummaryPayload = {
    gstin: GSTIN,
    total: 1500,
    views: { all: 1500, noAction: 1200, waiting: 30, changed: 4, errors: 0, gone: 2 },
    suppliers: [
      ['G1', 'Zeta', 5],
      ['G2', null, 1],
      ['G3', 'Alpha', 9],
    ],
    version: 3,
  };
  it('each tab says its count; before the summary, the label alone', () => {
    const tabs = viewTabs(summary, (n) => n.toLocaleString('en-IN'));
    expect(tabs.map((t) => t.label)).toEqual([
      'All · 1,500',
      'Not decided · 1,200',
      'Waiting for upload · 30',
      'Changed by supplier · 4',
      'Portal errors · 0',
      'Gone · 2',
    ]);
    expect(viewTabs(null, String)[1]).toEqual({ value: 'noAction', label: 'Not decided' });
  });
  it('lists each supplier with its records, by name (GSTIN when it has none)', () => {
    expect(summarySuppliers(summary)).toEqual([
      { gstin: 'G3', name: 'Alpha', n: 9 },
      { gstin: 'G2', name: '', n: 1 },
      { gstin: 'G1', name: 'Zeta', n: 5 },
    ]);
    expect(summarySuppliers(null)).toEqual([]);
  });
});
