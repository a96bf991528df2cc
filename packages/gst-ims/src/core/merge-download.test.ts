import { describe, expect, it } from 'vitest';
import type { IsoDate } from './dates.js';
import { freshState, mergeDownload, outlineOf } from './merge-download.js';
import type { Paise } from './money.js';
import type { PortalRecord } from './record.js';
import { recordKey } from './record.js';
import type { WorkspaceRecord } from './workspace-record.js';

const p = (n: number) => n as Paise;
function rec(num: string, over: Partial<PortalRecord> = {}): PortalRecord {
  const docDate = '2026-10-05' as IsoDate;
  return {
    key: recordKey('b2b', '29AAACR5055K1Z3', num, docDate),
    section: 'b2b',
    supplierGstin: '29AAACR5055K1Z3',
    supplierName: null,
    docNumber: num,
    docDate,
    originalDocNumber: null,
    originalDocDate: null,
    invType: 'R',
    srcForm: 'R1',
    returnPeriod: '102026',
    supplierFiled: true,
    pos: '27',
    amounts: {
      value: p(11800),
      taxable: p(10000),
      igst: p(1800),
      cgst: p(0),
      sgst: p(0),
      cess: p(0),
    },
    portalAction: 'noAction',
    pendingBlocked: false,
    remarksBlocked: false,
    itcReductionBlocked: false,
    portalRemark: null,
    portalItcReduction: null,
    hash: 'h1',
    extra: {},
    ...over,
  };
}
const decided = (r: PortalRecord, action: 'accept' | 'reject'): WorkspaceRecord => ({
  record: r,
  state: { ...freshState(r), decision: { action, remark: null, itcReduction: null } },
});
const map = (...rows: WorkspaceRecord[]) => new Map(rows.map((r) => [r.record.key, r]));

describe('mergeDownload', () => {
  it('adds new records with the portal action as their decision', () => {
    const m = mergeDownload(new Map(), [rec('A', { portalAction: 'accept' })], new Set(['b2b']));
    expect(m.summary).toMatchObject({ new: 1, updated: 0, gone: 0 });
    expect(m.inserts[0]?.state.decision.action).toBe('accept');
  });

  it('keeps a local decision and flags it when the supplier changed the document', () => {
    const old = decided(rec('A'), 'reject');
    const next = rec('A', { hash: 'h2', amounts: { ...rec('A').amounts, taxable: p(10500) } });
    const m = mergeDownload(map(old), [next], new Set(['b2b']));
    expect(m.summary).toMatchObject({ updated: 1, flagged: 1 });
    expect(m.updates[0]?.state).toMatchObject({
      decision: { action: 'reject' },
      changedBySupplier: true,
    });
  });

  it('does not flag an undecided record that changed: it follows the portal', () => {
    const old: WorkspaceRecord = { record: rec('A'), state: freshState(rec('A')) };
    const m = mergeDownload(
      map(old),
      [rec('A', { hash: 'h2', portalAction: 'pending' })],
      new Set(['b2b']),
    );
    expect(m.summary.flagged).toBe(0);
    expect(m.updates[0]?.state.decision.action).toBe('pending');
  });

  it('counts identical records as unchanged and writes nothing for them', () => {
    const old: WorkspaceRecord = { record: rec('A'), state: freshState(rec('A')) };
    const m = mergeDownload(map(old), [rec('A')], new Set(['b2b']));
    expect(m.summary).toMatchObject({ unchanged: 1, updated: 0 });
    expect(m.updates).toHaveLength(0);
  });

  it('marks records missing from a section present in the download as gone, and leaves other sections alone', () => {
    const b2b = { record: rec('A'), state: freshState(rec('A')) };
    const cnRec = rec('C', {
      section: 'b2bcn',
      key: recordKey('b2bcn', '29AAACR5055K1Z3', 'C', '2026-10-05' as IsoDate),
    });
    const cn = { record: cnRec, state: freshState(cnRec) };
    const m = mergeDownload(map(b2b, cn), [], new Set(['b2b']));
    expect(m.summary.gone).toBe(1);
    expect(m.goneStates.map((u) => [u.key, u.state.gone])).toEqual([[b2b.record.key, true]]);
    expect(m.updates).toEqual([]);
  });

  it('a decision that the portal now holds is no longer pending upload', () => {
    const old = decided(rec('A'), 'accept');
    const m = mergeDownload(map(old), [rec('A', { portalAction: 'accept' })], new Set(['b2b']));
    expect(m.updates[0]?.state.decision.action).toBe('accept');
    expect(m.updates[0]?.record.portalAction).toBe('accept');
    expect(m.summary.flagged).toBe(0);
  });

  it('flags a decision the portal held that a supplier edit returned to No Action: decide again, never deemed accepted', () => {
    const held = rec('A', { portalAction: 'accept' });
    const old: WorkspaceRecord = { record: held, state: freshState(held) };
    const next = rec('A', { hash: 'h2', amounts: { ...held.amounts, taxable: p(9000) } });
    const m = mergeDownload(map(old), [next], {
      sections: new Set(['b2b']),
      periods: new Set(['102026']),
    });
    expect(m.summary).toMatchObject({ decideAgain: 1, flagged: 1 });
    expect(m.portalResets).toEqual([
      { key: held.key, before: { action: 'accept', remark: null, itcReduction: null } },
    ]);
    expect(m.updates[0]?.state).toMatchObject({
      decision: { action: 'noAction' },
      changedBySupplier: true,
    });
    // The flag stays on the next import of the same download, until the user decides again.
    const again = mergeDownload(map(m.updates[0] as WorkspaceRecord), [next], new Set(['b2b']));
    expect(again.summary).toMatchObject({ decideAgain: 0, unchanged: 1 });
  });

  it('marks gone only records of the periods and sections the download covers', () => {
    const april = rec('APR', { returnPeriod: '042026' });
    const may = rec('MAY', { returnPeriod: '052026' });
    const mayLeft = decided(rec('MAY-2', { returnPeriod: '052026' }), 'reject');
    const m = mergeDownload(
      map(
        { record: april, state: freshState(april) },
        { record: may, state: freshState(may) },
        mayLeft,
      ),
      [may],
      { sections: new Set(['b2b']), periods: new Set(['052026']) },
    );
    expect(m.summary).toMatchObject({ gone: 1, unchanged: 1, goneWithDecision: 1 });
    expect(m.goneWithDecisionKeys).toEqual([mayLeft.record.key]);
    const marked = m.goneStates.find((u) => u.key === mayLeft.record.key);
    // The unsent decision is kept on the gone record (an error in validate), never dropped.
    expect(marked?.state).toMatchObject({ gone: true, decision: { action: 'reject' } });
    expect(m.goneStates.some((u) => u.key === april.key)).toBe(false);
    // Given the held records in outline only, the merge reaches the same verdict.
    const outlines = [april, may, mayLeft.record].map((r) =>
      outlineOf(r === mayLeft.record ? mayLeft : { record: r, state: freshState(r) }),
    );
    const light = mergeDownload(
      new Map([[may.key, { record: may, state: freshState(may) }]]),
      [may],
      { sections: new Set(['b2b']), periods: new Set(['052026']) },
      outlines,
    );
    expect(light.goneStates).toEqual(m.goneStates);
    expect(light.summary).toEqual(m.summary);
  });
});
