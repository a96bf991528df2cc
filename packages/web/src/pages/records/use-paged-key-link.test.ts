// @vitest-environment jsdom
// A ?key= link in paged mode: the position asked under the page's filter and sort, the grid
// scrolled there, the row ticked and focused once its block has loaded; once only.
import { renderHook, waitFor } from '@testing-library/react';
import type { GridApi } from 'ag-grid-community';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Row } from '../../records.js';
import type { PagedFilter } from './records-paged.js';
import { positionQuery, usePagedKeyLink } from './use-paged-key-link.js';

const KEY = 'b2bcn|29AAACR5055K1Z5|CN/77|2026-27';
const FILTER: PagedFilter = { view: 'noAction', supplier: '', section: null, terms: ['CN'] };

describe('positionQuery', () => {
  it("asks under the page's filter and the grid's sort", () => {
    const q = new URL(
      positionQuery('G', FILTER, [{ colId: 'value', sort: 'desc' }], KEY),
      'http://x',
    );
    expect(q.pathname).toBe('/api/records/position');
    expect(Object.fromEntries(q.searchParams)).toMatchObject({
      gstin: 'G',
      key: KEY,
      view: 'noAction',
      q: 'CN',
      sort: 'value',
      dir: 'desc',
    });
    const plain = new URL(positionQuery('G', { ...FILTER, terms: [] }, [], KEY), 'http://x');
    expect(plain.searchParams.has('sort')).toBe(false);
  });
});

/** A grid whose row arrives with its block: getRowNode answers after `loadBlock()`. */
function fakeGrid() {
  let loaded = false;
  const listeners: (() => void)[] = [];
  const node = { setSelected: vi.fn() };
  const api = {
    isDestroyed: () => false,
    getColumnState: () => [{ colId: 'docNumber', sort: null }],
    ensureIndexVisible: vi.fn(),
    setFocusedCell: vi.fn(),
    getRowNode: (id: string) => (loaded && id === KEY ? node : undefined),
    addEventListener: (_: string, f: () => void) => listeners.push(f),
    removeEventListener: (_: string, f: () => void) => listeners.splice(listeners.indexOf(f), 1),
  };
  const loadBlock = () => {
    loaded = true;
    for (const f of [...listeners]) f();
  };
  return { api: api as unknown as GridApi<Row>, raw: api, node, listeners, loadBlock };
}

describe('usePagedKeyLink', () => {
  afterEach(() => window.history.replaceState(null, '', '/'));

  it('scrolls to the row the server places, then ticks and focuses it when it loads', async () => {
    window.history.replaceState(null, '', `/records?key=${encodeURIComponent(KEY)}`);
    const grid = fakeGrid();
    const load = vi.fn((url: string) => {
      void url;
      return Promise.resolve({ key: KEY, index: 73_215, total: 90_000 });
    });
    const { rerender } = renderHook(
      (p: { total: number | null }) =>
        usePagedKeyLink({
          gstin: 'G',
          api: grid.api,
          total: p.total,
          filter: () => FILTER,
          load,
          onError: vi.fn(),
        }),
      { initialProps: { total: null as number | null } },
    );
    // Not before the grid's first page.
    expect(load).not.toHaveBeenCalled();
    rerender({ total: 90_000 });
    await waitFor(() => expect(grid.raw.ensureIndexVisible).toHaveBeenCalledWith(73_215, 'middle'));
    expect(load.mock.calls[0]![0]).toContain(`key=${encodeURIComponent(KEY)}`);
    expect(grid.node.setSelected).not.toHaveBeenCalled();
    grid.loadBlock();
    expect(grid.node.setSelected).toHaveBeenCalledWith(true);
    expect(grid.raw.setFocusedCell).toHaveBeenCalledWith(73_215, 'docNumber');
    expect(grid.listeners).toHaveLength(0);
    // Once: a later page (another filter) does not bring it back.
    rerender({ total: 12 });
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('only opens the panel (no scroll) when the filter leaves the record out', async () => {
    window.history.replaceState(null, '', `/records?key=${encodeURIComponent(KEY)}`);
    const grid = fakeGrid();
    const load = vi.fn((url: string) => {
      void url;
      return Promise.resolve({ key: KEY, index: null as number | null, total: 5 });
    });
    renderHook(() =>
      usePagedKeyLink({
        gstin: 'G',
        api: grid.api,
        total: 5,
        filter: () => FILTER,
        load,
        onError: vi.fn(),
      }),
    );
    await waitFor(() => expect(load).toHaveBeenCalledTimes(1));
    await new Promise((r) => setTimeout(r, 10));
    expect(grid.raw.ensureIndexVisible).not.toHaveBeenCalled();
  });
});
