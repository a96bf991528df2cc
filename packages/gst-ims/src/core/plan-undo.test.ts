import { describe, expect, it } from 'vitest';
import type { IsoDate } from './dates.js';
import type { Paise } from './money.js';
import type { AuditStep } from './plan-undo.js';
import { decisionSet, planUndo } from './plan-undo.js';
import type { Decision, PortalRecord } from './record.js';
import { UNDO_SKIP_CODES } from './vocabulary/undo-skip-codes.js';
import type { WorkspaceRecord } from './workspace-record.js';

const p = (n: number): Paise => n as Paise;

function rec(key: string, o: Partial<PortalRecord> = {}): PortalRecord {
  return {
    key,
    section: 'b2b',
    supplierGstin: '29AAACR5055K1Z3',
    supplierName: 'Raman Traders',
    docNumber: key,
    docDate: '2026-10-20' as IsoDate,
    originalDocNumber: null,
    originalDocDate: null,
    invType: 'R',
    srcForm: 'R1',
    returnPeriod: '102026',
    supplierFiled: true,
    pos: '27',
    amounts: {
      value: p(118000),
      taxable: p(100000),
      igst: p(0),
      cgst: p(9000),
      sgst: p(9000),
      cess: p(0),
    },
    portalAction: 'noAction',
    pendingBlocked: false,
    remarksBlocked: false,
    itcReductionBlocked: false,
    portalRemark: null,
    portalItcReduction: null,
    hash: null,
    extra: {},
    ...o,
  };
}

const d = (action: Decision['action'], remark: string | null = null): Decision => ({
  action,
  remark,
  itcReduction: null,
});

function held(record: PortalRecord, decision: Decision, gone = false): WorkspaceRecord {
  return { record, state: { decision, changedBySupplier: false, gone, portalError: null } };
}

let nextId = 1;
function step(
  key: string,
  from: Decision['action'],
  to: Decision,
  source = 'cli',
  user = 'asha',
): AuditStep {
  return {
    id: nextId++,
    at: `2026-11-0${nextId % 9}T10:00:00.000Z`,
    user,
    recordKey: key,
    fromAction: from,
    toAction: to.action,
    remark: to.remark,
    itcReduction: to.itcReduction,
    source,
  };
}

const records = (...rows: WorkspaceRecord[]) => new Map(rows.map((r) => [r.record.key, r]));

describe('planUndo', () => {
  it('restores each record of the event to the decision its previous entry set', () => {
    const first = step('A', 'noAction', d('reject', 'not ours'));
    const event = [step('A', 'reject', d('accept')), step('B', 'noAction', d('accept'))];
    const plan = planUndo(
      event,
      [first, ...event],
      records(held(rec('A'), d('accept')), held(rec('B'), d('accept'))),
    );
    expect(plan.skipped).toEqual([]);
    expect(plan.items.map((i) => [i.current.record.key, i.decision])).toEqual([
      ['A', d('reject', 'not ours')],
      ['B', d('noAction')],
    ]);
  });

  it('without an earlier entry, restores what the portal held (its remark too)', () => {
    const event = [step('A', 'reject', d('accept'))];
    const plan = planUndo(
      event,
      event,
      records(held(rec('A', { portalAction: 'reject', portalRemark: 'short' }), d('accept'))),
    );
    expect(plan.items.map((i) => i.decision)).toEqual([d('reject', 'short')]);
  });

  it('skips a record decided again since, and one whose decision differs from the event', () => {
    const event = [
      step('A', 'noAction', d('accept')),
      step('B', 'noAction', d('accept')),
      step('C', 'noAction', d('accept')),
    ];
    const later = step('A', 'accept', d('pending'), 'web', 'ravi');
    const plan = planUndo(
      event,
      [...event, later],
      records(
        held(rec('A'), d('pending')),
        held(rec('B'), d('reject', 'x')),
        held(rec('C'), d('accept')),
      ),
    );
    expect(plan.items.map((i) => i.current.record.key)).toEqual(['C']);
    expect(plan.skipped.map((s) => [s.recordKey, s.code])).toEqual([
      ['A', 'UNDO_RECORD_CHANGED_SINCE'],
      ['B', 'UNDO_RECORD_CHANGED_SINCE'],
    ]);
    expect(plan.skipped[0]?.message).toMatch(/Pending by ravi .*the web app/);
    expect(plan.items.length + plan.skipped.length).toBe(event.length);
  });

  it('skips records reset by a download, gone, missing, or of an unknown earlier decision', () => {
    const event = [
      step('R', 'noAction', d('accept')),
      step('G', 'noAction', d('accept')),
      step('M', 'noAction', d('accept')),
      step('U', 'pending', d('accept')),
    ];
    const reset = step('R', 'accept', d('noAction'), 'import:ims.json: the supplier changed it');
    const plan = planUndo(
      event,
      [...event, reset],
      records(
        held(rec('R'), d('noAction')),
        held(rec('G'), d('accept'), true),
        // The portal holds Reject now, the event found Pending, and no entry says how it got there.
        held(rec('U', { portalAction: 'reject' }), d('accept')),
      ),
    );
    expect(plan.items).toEqual([]);
    expect(plan.skipped.map((s) => [s.recordKey, s.code])).toEqual([
      ['R', 'UNDO_RECORD_RESET_BY_PORTAL'],
      ['G', 'UNDO_RECORD_GONE'],
      ['M', 'UNDO_RECORD_MISSING'],
      ['U', 'UNDO_PREVIOUS_UNKNOWN'],
    ]);
    for (const s of plan.skipped) expect(UNDO_SKIP_CODES).toHaveProperty(s.code);
  });

  it("reads an import entry's remark as that of the decision it reset, not one it set", () => {
    expect(
      decisionSet({ toAction: 'noAction', remark: 'old', itcReduction: { kind: 'full' } }),
    ).toEqual(d('noAction'));
    expect(
      decisionSet({ toAction: 'reject', remark: 'r', itcReduction: { kind: 'full' } }),
    ).toEqual(d('reject', 'r'));
  });
});
