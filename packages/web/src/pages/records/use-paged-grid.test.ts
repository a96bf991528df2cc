// @vitest-environment jsdom
// The paged grid's plumbing over a fake grid API and a fake fetch: the datasource set once the
// grid is ready, a new filter read by the next block after the ticks and the cache were emptied
// (at once for a tab, after a pause for typing), the server's total, refresh in place.
import { act, renderHook } from '@testing-library/react';
import type { GridApi, IDatasource } from 'ag-grid-community';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Row } from '../../records.js';
import { pageKeys, recordsPage } from '../../test-support/records-page.js';
import { SEARCH_PAUSE_MS, usePagedGrid } from './use-paged-grid.js';

function fakeGrid() {
  let datasource: IDatasource | null = null;
  const api = {
    setGridOption: vi.fn((name: string, value: IDatasource) => {
      if (name === 'datasource') datasource = value;
    }),
    deselectAll: vi.fn(),
    ensureIndexVisible: vi.fn(),
    purgeInfiniteCache: vi.fn(),
    refreshInfiniteCache: vi.fn(),
    setRowCount: vi.fn(),
    getDisplayedRowCount: () => 500,
    isDestroyed: () => false,
  };
  return { api, datasource: () => datasource };
}

/** Asks the datasource for a block; resolves with the URL fetched. */
async function block(ds: IDatasource, fetch: ReturnType<typeof vi.fn>): Promise<URL> {
  const before = fetch.mock.calls.length;
  const successCallback = vi.fn();
  ds.getRows({
    startRow: 0,
    endRow: 200,
    sortModel: [],
    filterModel: {},
    context: undefined,
    successCallback,
    failCallback: vi.fn(),
  });
  await vi.waitFor(() => expect(successCallback).toHaveBeenCalled());
  return new URL(String(fetch.mock.calls[before]![0]), 'http://x');
}

describe('usePagedGrid', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('pages through the datasource with the filter as last set', async () => {
    // A server of 4,321 matching records: full blocks of rows, then the count alone.
    const fetch = vi.fn((url: string) => {
      const q = new URL(url, 'http://x').searchParams;
      const offset = Number(q.get('offset') ?? 0);
      const limit = Number(q.get('limit'));
      const body = recordsPage(
        offset,
        q.get('count') === 'no' ? null : 4321,
        pageKeys(offset, Math.min(limit, 4321 - offset)),
        1,
        'G',
      );
      return Promise.resolve(new Response(JSON.stringify(body), { status: 200 }));
    });
    vi.stubGlobal('fetch', fetch);
    history.replaceState(null, '', '/records?paged=1&view=changed');
    const onError = vi.fn();
    const { result } = renderHook(() => usePagedGrid('G', onError));
    expect(result.current.filter).toEqual({
      view: 'changed',
      supplier: '',
      terms: [],
      section: null,
    });
    expect(result.current.gridProps.rowModelType).toBe('infinite');
    expect(result.current.gridProps.cacheBlockSize).toBe(200);

    const grid = fakeGrid();
    act(() =>
      result.current.gridProps.onGridReady({ api: grid.api as unknown as GridApi<Row> } as never),
    );
    const ds = grid.datasource();
    expect(ds).not.toBeNull();
    expect(result.current.total).toBeNull();
    const first = await block(ds!, fetch);
    expect(first.searchParams.get('view')).toBe('changed');
    expect(first.searchParams.get('gstin')).toBe('G');
    // The rows first (their count on its way), then the count: the grid's last row.
    await vi.waitFor(() => expect(result.current.shown).toBe(true));
    await vi.waitFor(() => expect(result.current.total).toBe(4321));
    expect(result.current.counting).toBe(false);
    expect(grid.api.setRowCount).toHaveBeenCalledWith(4321, true);

    // A tab: the ticks and the cache go at once, the next block reads the new filter.
    vi.useFakeTimers();
    act(() => result.current.setFilter({ view: 'gone', section: 'b2b' }));
    expect(result.current.filter.view).toBe('gone');
    act(() => {
      vi.advanceTimersByTime(0);
    });
    expect(grid.api.deselectAll).toHaveBeenCalledTimes(1);
    expect(grid.api.ensureIndexVisible).toHaveBeenCalledWith(0, 'top');
    expect(grid.api.purgeInfiniteCache).toHaveBeenCalledTimes(1);

    // Typing: nothing until the pause, one purge for the burst, no render of the page.
    const renderedFilter = result.current.filter;
    act(() => result.current.setFilter({ terms: ['I'] }, { quiet: true }));
    act(() => result.current.setFilter({ terms: ['IN'] }, { quiet: true }));
    act(() => {
      vi.advanceTimersByTime(SEARCH_PAUSE_MS - 1);
    });
    expect(grid.api.purgeInfiniteCache).toHaveBeenCalledTimes(1);
    act(() => {
      vi.advanceTimersByTime(1);
    });
    expect(grid.api.purgeInfiniteCache).toHaveBeenCalledTimes(2);
    expect(result.current.filter).toBe(renderedFilter);
    vi.useRealTimers();
    const next = await block(ds!, fetch);
    expect(next.searchParams.get('view')).toBe('gone');
    expect(next.searchParams.get('section')).toBe('b2b');
    expect(next.searchParams.get('q')).toBe('IN');

    // After a change: asked again where it is (no purge, no scroll).
    act(() => result.current.refresh());
    expect(grid.api.refreshInfiniteCache).toHaveBeenCalledTimes(1);
    expect(grid.api.purgeInfiniteCache).toHaveBeenCalledTimes(2);
    expect(onError).not.toHaveBeenCalled();
  });
});
