// @vitest-environment jsdom
// The Records grid's filter plumbing: views, supplier, search words, and the words the dialog
// says about where the selection was picked.
import { describe, expect, it } from 'vitest';
import type { Row } from '../../records.js';
import { FLAG } from '../../records.js';
import {
  NO_FILTER,
  filterActive,
  filterFromSearch,
  filterPasses,
  scopeText,
  searchTerms,
  suppliersOf,
} from './records-filter.js';
import type { View } from './records-filter.js';

function row(over: Partial<Row> = {}): Row {
  return {
    key: 'k',
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
    value: 100_00,
    taxable: 100_00,
    igst: 0,
    cgst: 0,
    sgst: 0,
    cess: 0,
    tax: 0,
    portalAction: 'noAction',
    portalActionLabel: 'No Action',
    decision: 'noAction',
    decisionLabel: 'No Action',
    remark: null,
    itcReduction: null,
    flags: 0,
    portalError: null,
    status: 'In sync',
    match: null,
    matchLabel: '',
    ...over,
  };
}

const view = (v: View) => ({ ...NO_FILTER, view: v });

describe('filterPasses', () => {
  it('each view keeps its own rows', () => {
    const undecided = row();
    const gone = row({ flags: FLAG.gone });
    const waiting = row({ decision: 'accept', flags: FLAG.dirty });
    const changed = row({ flags: FLAG.changedBySupplier });
    const error = row({ portalError: 'IMSSAV0010' });
    const all = [undecided, gone, waiting, changed, error];
    const kept = (v: Parameters<typeof view>[0]) => all.filter((r) => filterPasses(r, view(v)));
    expect(kept('all')).toEqual(all);
    // A record gone from the portal is no longer to decide.
    expect(kept('noAction')).toEqual([undecided, changed, error]);
    expect(kept('waiting')).toEqual([waiting]);
    expect(kept('changed')).toEqual([changed]);
    expect(kept('errors')).toEqual([error]);
    expect(kept('gone')).toEqual([gone]);
  });

  it('the supplier filter keeps that GSTIN only', () => {
    const f = { ...NO_FILTER, supplier: '07AAACD5678D1Z2' };
    expect(filterPasses(row(), f)).toBe(false);
    expect(filterPasses(row({ supplierGstin: '07AAACD5678D1Z2' }), f)).toBe(true);
  });

  it('a row must hold every search word, in any case, in any field the search looks in', () => {
    const r = row({ remark: 'goods short' });
    expect(filterPasses(r, { ...NO_FILTER, terms: searchTerms(' bharat   short ') })).toBe(true);
    expect(filterPasses(r, { ...NO_FILTER, terms: searchTerms('bharat long') })).toBe(false);
    expect(filterPasses(r, { ...NO_FILTER, terms: searchTerms('05-10-2026') })).toBe(true);
  });

  it('all parts together', () => {
    const f = { view: 'waiting' as const, supplier: '29AAACB1234C1Z5', terms: ['INV'] };
    expect(filterPasses(row({ flags: FLAG.dirty }), f)).toBe(true);
    expect(filterPasses(row(), f)).toBe(false);
  });
});

describe('filterActive, searchTerms, filterFromSearch', () => {
  it('is active when any part leaves something out', () => {
    expect(filterActive(NO_FILTER)).toBe(false);
    expect(filterActive(view('gone'))).toBe(true);
    expect(filterActive({ ...NO_FILTER, supplier: 'X' })).toBe(true);
    expect(filterActive({ ...NO_FILTER, terms: ['A'] })).toBe(true);
  });

  it('splits the typed search into upper-cased words; blanks alone are no search', () => {
    expect(searchTerms('  inv-1  Bharat\t')).toEqual(['INV-1', 'BHARAT']);
    expect(searchTerms('   ')).toEqual([]);
  });

  it("reads ?view= and ?supplier= from the page's address", () => {
    expect(filterFromSearch('?view=changed&supplier=29AAACB1234C1Z5')).toEqual({
      view: 'changed',
      supplier: '29AAACB1234C1Z5',
      terms: [],
    });
    expect(filterFromSearch('')).toEqual(NO_FILTER);
  });
});

describe('scopeText', () => {
  it('says where the selection was picked', () => {
    expect(scopeText(NO_FILTER)).toBe('selected');
    expect(
      scopeText({ view: 'noAction', supplier: '29AAACB1234C1Z5', terms: ['INV', 'STEEL'] }),
    ).toBe('selected in the view Not decided, supplier 29AAACB1234C1Z5, search "inv steel"');
  });
});

describe('suppliersOf', () => {
  it('lists each supplier once with its records, by name (GSTIN when it has none)', () => {
    const rows = [
      row({ supplierGstin: 'G1', supplierName: 'Zeta' }),
      row({ supplierGstin: 'G2', supplierName: '' }),
      row({ supplierGstin: 'G1', supplierName: 'Zeta' }),
      row({ supplierGstin: 'G3', supplierName: 'Alpha' }),
    ];
    expect(suppliersOf(rows)).toEqual([
      { gstin: 'G3', name: 'Alpha', n: 1 },
      { gstin: 'G2', name: '', n: 1 },
      { gstin: 'G1', name: 'Zeta', n: 2 },
    ]);
  });
});
