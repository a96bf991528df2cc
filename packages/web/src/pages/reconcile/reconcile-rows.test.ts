// @vitest-environment jsdom
// The Reconcile grid's plumbing: tabs, the safe proposals still to apply, what a selection allows.
import { describe, expect, it } from 'vitest';
import type {
  ReconcilePayload,
  ReconcileRowDto,
} from '../../../../gst-ims/src/server/api-types.js';
import { proposalTip } from './reconcile-columns.js';
import type { MatchRow } from './reconcile-rows.js';
import { rowsOf, safeToApply, selectionUse, tabPasses, tabsOf } from './reconcile-rows.js';

function dto(over: Partial<ReconcileRowDto> = {}): ReconcileRowDto {
  return {
    recordKey: 'k',
    registerRef: 'r',
    section: 'b2b',
    supplierGstin: 'G',
    supplierName: 'S',
    documentNumber: 'D',
    documentDate: '2026-10-01',
    registerDocNumber: 'D',
    registerDocDate: '2026-10-01',
    outcome: 'exact',
    score: 100,
    reasons: [],
    proposal: null,
    currentAction: 'noAction',
    manual: false,
    portalValue: 100,
    registerValue: 100,
    portalTax: 18,
    registerTax: 18,
    ...over,
  };
}
const proposal = (action: 'accept' | 'pending', safe: boolean) => ({
  action,
  safe,
  rule: 'exact',
  remark: null,
  note: null,
});
const payload = (rows: ReconcileRowDto[]): ReconcilePayload => ({
  gstin: 'G',
  records: 3,
  documents: 3,
  counts: {
    exact: 2,
    probable: 0,
    mismatch: 1,
    missingInRegister: 0,
    missingInPortal: 1,
    notInIms: 0,
  },
  proposals: { byAction: {}, safe: 2, review: 0 },
  period: null,
  rows,
});

describe('rowsOf and the tabs', () => {
  it('gives each row the id of its record and its books document', () => {
    const rows = rowsOf(
      payload([dto(), dto({ recordKey: null, registerRef: 'r2' }), dto({ registerRef: null })]),
    );
    expect(rows.map((r) => r.id)).toEqual(['k~r', '~r2', 'k~']);
    expect(rowsOf(null)).toEqual([]);
  });

  it('labels every tab with the count of the run shown', () => {
    const tabs = tabsOf(payload([dto(), dto(), dto()]));
    expect(tabs.map((t) => t.label)).toEqual([
      'All (3)',
      'Exact (2)',
      'Probable (0)',
      'Mismatch (1)',
      'Missing in books (0)',
      'Missing in portal (1)',
      'Not in IMS (0)',
    ]);
    const mismatch = { ...dto({ outcome: 'mismatch' }), id: 'x' };
    expect(tabPasses(mismatch, { tab: 'mismatch' })).toBe(true);
    expect(tabPasses(mismatch, { tab: 'exact' })).toBe(false);
  });
});

describe('safeToApply', () => {
  it('counts the safe proposals the decisions do not follow yet', () => {
    const rows = [
      dto({ proposal: proposal('accept', true), currentAction: 'noAction' }),
      dto({ proposal: proposal('accept', true), currentAction: 'accept' }),
      dto({ proposal: proposal('pending', false), currentAction: 'noAction' }),
      dto({ proposal: null }),
    ];
    expect(safeToApply(rows)).toBe(1);
    // Once applied, nothing is left to apply.
    expect(
      safeToApply(rows.map((r) => ({ ...r, currentAction: r.proposal?.action ?? null }))),
    ).toBe(0);
  });
});

describe('selectionUse', () => {
  const row = (over: Partial<ReconcileRowDto>): MatchRow => ({ ...dto(over), id: 'x' });
  const record = row({ registerRef: null, outcome: 'missingInRegister' });
  const books = row({ recordKey: null, outcome: 'missingInPortal' });
  const pair = row({});

  it('links one portal record with one document found only in the books', () => {
    expect(selectionUse([record, books]).canLink).toBe(true);
    expect(selectionUse([record, pair]).canLink).toBe(false);
    expect(selectionUse([record, books, pair]).canLink).toBe(false);
  });

  it('unlinks one paired row', () => {
    expect(selectionUse([pair]).canUnlink).toBe(true);
    expect(selectionUse([record]).canUnlink).toBe(false);
    expect(selectionUse([pair, pair]).canUnlink).toBe(false);
  });

  it('applies the proposals of the rows with a portal record only', () => {
    const u = selectionUse([record, books, pair]);
    expect(u.portalSide).toEqual([record, pair]);
    expect(u.booksOnly).toEqual([books]);
  });
});

describe('proposalTip', () => {
  it("says the proposal's rule, remark and note", () => {
    expect(
      proposalTip({
        action: 'pending',
        safe: false,
        rule: 'mismatch',
        remark: 'Tax differs',
        note: 'check',
      }),
    ).toBe('rule mismatch; remark: Tax differs; check');
    expect(proposalTip(null)).toBeUndefined();
  });
});
