// @vitest-environment jsdom
// The decision dialog's rules, apart from its looks: the request its inputs make, when it asks
// for a remark, what its primary button may do after the engine's dry run, the toast's words.
import { describe, expect, it } from 'vitest';
import { decidePayload as payload } from '../../test-support/decide-payload.js';
import type { DialogInput } from './decide-request.js';
import {
  NO_AMOUNTS,
  declaredCount,
  decideRequest,
  doneMessage,
  readPreview,
  remarkShownFor,
} from './decide-request.js';

const input = (over: Partial<DialogInput> = {}): DialogInput => ({
  gstin: 'G',
  keys: ['k1', 'k2'],
  verb: 'accept',
  declarable: true,
  reduction: 'full',
  amounts: NO_AMOUNTS,
  remark: '',
  ...over,
});

describe('remarkShownFor', () => {
  it('asks on Reject and Pending always; on Accept only with a partial or no reduction', () => {
    expect(remarkShownFor('reject', false, 'full')).toBe(true);
    expect(remarkShownFor('pending', false, 'full')).toBe(true);
    expect(remarkShownFor('accept', true, 'full')).toBe(false);
    expect(remarkShownFor('accept', true, 'partial')).toBe(true);
    expect(remarkShownFor('accept', true, 'none')).toBe(true);
    // No record takes the declaration: the choice is not asked, so neither is the remark.
    expect(remarkShownFor('accept', false, 'none')).toBe(false);
    expect(remarkShownFor('reset', false, 'full')).toBe(false);
  });
});

describe('decideRequest', () => {
  it("sends full as no declaration (the engine's default), and no remark where none is asked", () => {
    expect(decideRequest(input({ remark: 'typed before' }))).toEqual({
      gstin: 'G',
      keys: ['k1', 'k2'],
      verb: 'accept',
      remark: null,
      itcReduction: null,
    });
  });

  it('sends a partial declaration with blank heads as 0, and the remark', () => {
    const r = decideRequest(
      input({ reduction: 'partial', amounts: { ...NO_AMOUNTS, igst: '12.50' }, remark: 'short' }),
    );
    expect(r.itcReduction).toEqual({
      kind: 'partial',
      igst: '12.50',
      cgst: '0',
      sgst: '0',
      cess: '0',
    });
    expect(r.remark).toBe('short');
  });

  it('sends none as none; a blank remark as no remark', () => {
    const r = decideRequest(input({ reduction: 'none', remark: '   ' }));
    expect(r.itcReduction).toEqual({ kind: 'none' });
    expect(r.remark).toBeNull();
  });

  it('a reduction chosen on records that take none is not sent', () => {
    expect(decideRequest(input({ declarable: false, reduction: 'none' })).itcReduction).toBeNull();
  });

  it('keeps a Reject remark as typed', () => {
    expect(decideRequest(input({ verb: 'reject', remark: ' not received ' })).remark).toBe(
      ' not received ',
    );
  });
});

describe('readPreview', () => {
  const refusal = (recordKey: string, code: string) => ({
    recordKey,
    code,
    message: `${recordKey}: ${code} said`,
  });

  it('nothing refused and something changes: apply all', () => {
    const r = readPreview(payload(), false);
    expect([r.canApplyAll, r.canApplyAllowed]).toEqual([true, false]);
  });

  it('nothing changes: neither button acts', () => {
    const r = readPreview(payload({ changed: 0, unchanged: 2 }), false);
    expect([r.canApplyAll, r.canApplyAllowed]).toEqual([false, false]);
  });

  it('some refused: apply the allowed ones, counting records (not rules) refused', () => {
    const r = readPreview(
      payload({
        changed: 1,
        refused: [refusal('k2', 'PENDING_BLOCKED'), refusal('k2', 'REMARK_TOO_LONG')],
      }),
      true,
    );
    expect([r.canApplyAll, r.canApplyAllowed]).toEqual([false, true]);
    expect(r.refusedRecords).toBe(1);
    expect([...r.refusedByCode]).toEqual([
      ['PENDING_BLOCKED', 1],
      ['REMARK_TOO_LONG', 1],
    ]);
  });

  it('a missing remark is for the dialog to fix: said at the remark, never "apply the others"', () => {
    const r = readPreview(
      payload({
        changed: 1,
        refused: [refusal('k1', 'REMARK_REQUIRED'), refusal('k2', 'PENDING_BLOCKED')],
      }),
      true,
    );
    expect(r.canApplyAllowed).toBe(false);
    expect(r.remarkRefusals.map((x) => x.recordKey)).toEqual(['k1']);
    expect(r.listed.map((x) => x.code)).toEqual(['PENDING_BLOCKED']);
    // Without a remark field, the table lists it too.
    expect(
      readPreview(payload({ refused: [refusal('k1', 'REMARK_REQUIRED')] }), false).listed,
    ).toHaveLength(1);
  });

  it('counts warnings per code with the first one as the example', () => {
    const w = (code: 'NOT_IN_BOOKS', message: string) =>
      ({ code, message, severity: 'warning', recordKey: null, field: null }) as const;
    const r = readPreview(
      payload({ warnings: [w('NOT_IN_BOOKS', 'first'), w('NOT_IN_BOOKS', 'second')] }),
      false,
    );
    expect(r.warningsByCode.get('NOT_IN_BOOKS')).toEqual({ n: 2, example: 'first' });
  });
});

describe('doneMessage and declaredCount', () => {
  it('says what changed, what the refusals left, and the declaration notes', () => {
    expect(
      doneMessage(
        'accept',
        payload({
          changed: 3,
          refused: [{ recordKey: 'k', code: 'X', message: '' }],
          declarationNotes: ['Full reduction set on 2 notes.'],
        }),
      ),
    ).toBe('Accepted: 3 records; 1 refused record left unchanged. Full reduction set on 2 notes.');
    expect(doneMessage('reject', payload({ changed: 0, declarationNotes: ['ignored'] }))).toBe(
      'Nothing changed: every record was already so.',
    );
  });

  it('the declaration reaches the records given one, set by default, or kept', () => {
    expect(
      declaredCount(
        payload({ declarations: { none: 5, given: 1, defaulted: 2, kept: 3, notApplicable: 7 } }),
      ),
    ).toBe(6);
  });
});
