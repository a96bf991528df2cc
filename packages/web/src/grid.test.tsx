// @vitest-environment jsdom
// The grid plumbing the Records and Reconcile pages share: the selection narrowed to the rows
// shown, the external filter the grid reads through callbacks that never change, the view tabs.
import { act, fireEvent, render, renderHook, screen } from '@testing-library/react';
import type { GridApi, IRowNode } from 'ag-grid-community';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ViewTabs, narrowSelectionToShown, useFilteredGrid } from './grid.js';

interface R {
  id: string;
  n: number;
}
type Node = Pick<IRowNode<R>, 'displayed' | 'data'>;

function fakeApi(nodes: Node[], selected: Node[]) {
  const setNodesSelected = vi.fn((p: { nodes: Node[]; newValue: boolean }) => {
    for (const n of p.nodes) selected.splice(selected.indexOf(n), 1);
  });
  const api = {
    getSelectedNodes: () => [...selected],
    setNodesSelected,
    onFilterChanged: vi.fn(),
  };
  return {
    api: api as unknown as GridApi<R>,
    setNodesSelected,
    onFilterChanged: api.onFilterChanged,
  };
}

describe('narrowSelectionToShown', () => {
  it('unselects the selected rows the filter hides, and only those', () => {
    const a = { displayed: true, data: { id: 'a', n: 1 } };
    const b = { displayed: false, data: { id: 'b', n: 2 } };
    const c = { displayed: false, data: { id: 'c', n: 3 } };
    const selected: Node[] = [a, b, c];
    const { api, setNodesSelected } = fakeApi([a, b, c], selected);
    narrowSelectionToShown(api);
    expect(setNodesSelected).toHaveBeenCalledWith({ nodes: [b, c], newValue: false });
    expect(selected).toEqual([a]);
  });

  it('leaves a selection of shown rows alone (no selection event for nothing)', () => {
    const a = { displayed: true, data: { id: 'a', n: 1 } };
    const { api, setNodesSelected } = fakeApi([a], [a]);
    narrowSelectionToShown(api);
    expect(setNodesSelected).not.toHaveBeenCalled();
  });
});

describe('useFilteredGrid', () => {
  afterEach(() => vi.useRealTimers());
  const setUp = () =>
    renderHook(() =>
      useFilteredGrid<R, { min: number; word: string }>({
        columnDefs: [],
        defaultColDef: {},
        getRowId: (p) => p.data.id,
        initial: { min: 0, word: '' },
        active: (f) => f.min > 0,
        passes: (r, f) => r.n >= f.min,
      }),
    );

  it("the grid's filter callbacks read the filter as last set, without new grid options", () => {
    vi.useFakeTimers();
    const { result } = setUp();
    const props = result.current.gridProps;
    const node = (n: number) => ({ data: { id: String(n), n } }) as IRowNode<R>;
    expect(props.isExternalFilterPresent()).toBe(false);
    act(() => result.current.setFilter({ min: 5 }));
    expect(result.current.filter.min).toBe(5);
    expect(result.current.gridProps).toBe(props);
    expect(props.isExternalFilterPresent()).toBe(true);
    expect(props.doesExternalFilterPass(node(4))).toBe(false);
    expect(props.doesExternalFilterPass(node(5))).toBe(true);
    expect(props.doesExternalFilterPass({ data: undefined } as IRowNode<R>)).toBe(false);
  });

  it('filters the grid once for changes that come quickly; a quiet change renders nothing', () => {
    vi.useFakeTimers();
    const { result } = setUp();
    const { api, onFilterChanged } = fakeApi([], []);
    act(() => result.current.gridProps.onGridReady({ api } as never));
    expect(result.current.apiRef.current).toBe(api);
    const before = result.current.filter;
    act(() => {
      result.current.setFilter({ word: 'A' }, { quiet: true });
      result.current.setFilter({ word: 'AB' }, { quiet: true });
    });
    expect(onFilterChanged).not.toHaveBeenCalled();
    act(() => {
      vi.runAllTimers();
    });
    expect(onFilterChanged).toHaveBeenCalledTimes(1);
    // The page's filter state did not move (no render); the grid reads the quiet change.
    expect(result.current.filter).toBe(before);
    expect(result.current.current()).toEqual({ min: 0, word: 'AB' });
  });

  it('narrows the selection to the rows shown whenever the grid model updates', () => {
    const { result } = setUp();
    const hidden = { displayed: false, data: { id: 'h', n: 1 } };
    const { api, setNodesSelected } = fakeApi([hidden], [hidden]);
    result.current.gridProps.onModelUpdated({ api } as never);
    expect(setNodesSelected).toHaveBeenCalledWith({ nodes: [hidden], newValue: false });
  });
});

describe('ViewTabs', () => {
  it('marks the chosen tab and says which one was clicked', () => {
    const onChange = vi.fn();
    render(
      <ViewTabs
        tabs={[
          { value: 'all', label: 'All (3)' },
          { value: 'exact', label: 'Exact (2)', title: 'Same supplier, number, date' },
        ]}
        value="all"
        onChange={onChange}
      />,
    );
    expect(screen.getByRole('tab', { name: 'All (3)' }).getAttribute('aria-selected')).toBe('true');
    const exact = screen.getByRole('tab', { name: 'Exact (2)' });
    expect(exact.getAttribute('aria-selected')).toBe('false');
    expect(exact.getAttribute('title')).toBe('Same supplier, number, date');
    fireEvent.click(exact);
    expect(onChange).toHaveBeenCalledWith('exact');
  });
});
