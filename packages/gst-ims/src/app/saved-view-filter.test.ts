import { describe, expect, it } from 'vitest';
import { savedViewFilter } from './saved-view-filter.js';

const view = (o: object): string =>
  JSON.stringify({
    v: 1,
    view: 'all',
    supplier: '',
    search: '',
    filterModel: {},
    columns: [],
    ...o,
  });

describe('a saved view read as a record filter', () => {
  it('takes the tab, the supplier and the search words, as the grid applies them', () => {
    expect(
      savedViewFilter(
        view({ view: 'noAction', supplier: ' 29aaacr5055k1z3 ', search: ' inv-1  Rao ' }),
      ),
    ).toEqual({
      filter: {
        view: 'noAction',
        supplier: '29AAACR5055K1Z3',
        section: null,
        terms: ['INV-1', 'RAO'],
      },
      columnFilters: [],
    });
  });

  it('reads an unknown tab as All (as the web reads a view back) and names the column filters', () => {
    const r = savedViewFilter(
      view({ view: 'someday', filterModel: { value: { type: 'greaterThan' }, docDate: {} } }),
    );
    expect(r?.filter).toEqual({ view: 'all', supplier: null, section: null, terms: [] });
    expect(r?.columnFilters).toEqual(['docDate', 'value']);
  });

  it('refuses what is not a view of the Records page', () => {
    expect(savedViewFilter('not json')).toBeNull();
    expect(savedViewFilter('[]')).toBeNull();
    expect(savedViewFilter('null')).toBeNull();
    expect(savedViewFilter(JSON.stringify({ v: 2, view: 'all' }))).toBeNull();
  });
});
