// @vitest-environment jsdom
// The paged grid's action bar: the server's counts, the ticked rows, "select all N matching"
// and what the decision buttons do with each.
import { act, fireEvent, render, screen } from '@testing-library/react';
import type { GridApi } from 'ag-grid-community';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup } from '@testing-library/react';
import type { Row } from '../../records.js';
import { PagedActionBar } from './PagedActionBar.js';

function fakeApi() {
  let selected = 0;
  const listeners = new Set<() => void>();
  const api = {
    getSelectedNodes: () => Array.from({ length: selected }, () => ({})),
    addEventListener: (_: string, f: () => void) => listeners.add(f),
    removeEventListener: (_: string, f: () => void) => listeners.delete(f),
    isDestroyed: () => false,
    deselectAll: vi.fn(() => {
      selected = 0;
      for (const f of listeners) f();
    }),
  };
  const tick = (n: number): void =>
    act(() => {
      selected = n;
      for (const f of listeners) f();
    });
  return { api: api as unknown as GridApi<Row>, tick, deselectAll: api.deselectAll };
}

const BULK_OFF = { available: false, reason: 'No bulk job in this version.' };

describe('PagedActionBar', () => {
  afterEach(cleanup);

  function setUp(
    over: { matching?: number | null; allMatching?: boolean; bulk?: typeof BULK_OFF } = {},
  ) {
    const { api, tick, deselectAll } = fakeApi();
    const onDecide = vi.fn();
    const onAllMatching = vi.fn();
    const props = {
      api,
      matching: over.matching === undefined ? 1234 : over.matching,
      records: 60_000,
      allMatching: over.allMatching ?? false,
      onAllMatching,
      onDecide,
      bulk: over.bulk ?? BULK_OFF,
    };
    const view = render(<PagedActionBar {...props} />);
    const counts = () => screen.getByTestId('grid-counts').textContent;
    const accept = () => screen.getByRole<HTMLButtonElement>('button', { name: /^Accept/ });
    return { view, props, tick, deselectAll, onDecide, onAllMatching, counts, accept };
  }

  it("says the server's count of matching records and the ticked rows; decides only ticked rows", () => {
    const { tick, counts, accept, onDecide } = setUp();
    expect(counts()).toBe('Showing 1,234 of 60,000 records · 0 selected');
    expect(accept().disabled).toBe(true);
    tick(2);
    expect(counts()).toBe('Showing 1,234 of 60,000 records · 2 selected');
    expect(accept().disabled).toBe(false);
    fireEvent.click(accept());
    expect(onDecide).toHaveBeenCalledWith('accept');
  });

  it('says it is loading before the first page', () => {
    const { counts } = setUp({ matching: null });
    expect(counts()).toBe('Loading records…');
    expect(screen.queryByTestId('select-all-matching')).toBeNull();
  });

  it('"Select all N matching" clears the ticks and selects the filter', () => {
    const { tick, onAllMatching, deselectAll } = setUp();
    tick(3);
    onAllMatching.mockClear();
    fireEvent.click(screen.getByRole('button', { name: 'Select all 1,234 matching' }));
    expect(deselectAll).toHaveBeenCalled();
    expect(onAllMatching).toHaveBeenLastCalledWith(true);
  });

  it('with all matching selected and no bulk job, the buttons are disabled and say why', () => {
    const { counts, accept, tick, onAllMatching } = setUp({ allMatching: true });
    expect(counts()).toBe('Showing 1,234 of 60,000 records · all 1,234 matching selected');
    expect(accept().disabled).toBe(true);
    expect(accept().title).toBe(BULK_OFF.reason);
    expect(
      screen.getByRole('button', { name: 'Clear selection' }).getAttribute('aria-pressed'),
    ).toBe('true');
    // Ticking a row is a selection of rows again.
    tick(1);
    expect(onAllMatching).toHaveBeenLastCalledWith(false);
  });

  it('with all matching selected and the bulk job there, a button decides the filter', () => {
    const { accept, onDecide } = setUp({
      allMatching: true,
      bulk: { available: true, reason: '' },
    });
    expect(accept().disabled).toBe(false);
    fireEvent.click(accept());
    expect(onDecide).toHaveBeenCalledWith('accept');
  });
});
