import { describe, expect, it } from 'vitest';
import type { Decision, IsoDate, Paise } from '../core/index.js';
import type { ColumnId, RawCell } from './excel-layout.js';
import {
  cellDate,
  cellMoney,
  decisionHash,
  decodeRowKey,
  encodeRowKey,
  parseEditableCells,
  safeFileName,
  sameCell,
  sheetColumns,
} from './excel-layout.js';

const cells =
  (m: Partial<Record<ColumnId, RawCell>>) =>
  (id: ColumnId): RawCell =>
    m[id] ?? null;

describe('workbook layout', () => {
  it('round-trips the hidden key, document numbers with | included', () => {
    const k = {
      gstin: '27AABCU9603R1ZN',
      version: 'a1b2c3d4e5f6',
      decisionHash: '0123456789ab',
      importId: 7,
      recordKey: 'b2b|29AAACR5055K1Z3|INV|7/A|2026-27',
    };
    expect(decodeRowKey(encodeRowKey(k))).toEqual(k);
    expect(decodeRowKey('b2b|29AAACR5055K1Z3|INV-1|2026-27')).toBeNull();
    expect(decodeRowKey('ims1|27AABCU9603R1ZN|zz|0123456789ab|7|b2b|x|y|2026-27')).toBeNull();
  });

  it('hashes decisions as the row shows them: remark trimmed, blank remark = none', () => {
    const d: Decision = { action: 'reject', remark: '  Damaged ', itcReduction: null };
    expect(decisionHash(d)).toBe(decisionHash({ ...d, remark: 'Damaged' }));
    expect(decisionHash({ action: 'accept', remark: '', itcReduction: null })).toBe(
      decisionHash({ action: 'accept', remark: null, itcReduction: null }),
    );
    expect(decisionHash(d)).not.toBe(decisionHash({ ...d, action: 'pending' }));
  });

  it('puts the declaration columns only on sheets that take one', () => {
    expect(sheetColumns('b2b', false).map((c) => c.id)).not.toContain('itcReduction');
    expect(sheetColumns('b2bcn', false).map((c) => c.id)).toContain('declSgst');
    expect(sheetColumns('b2bcna', true).map((c) => c.id)).toEqual(
      expect.arrayContaining(['origNumber', 'match', 'proposedAction', 'itcReduction']),
    );
    expect(sheetColumns('ecom', false).map((c) => c.id)).not.toContain('invType');
    expect(sheetColumns('b2b', false).at(-1)?.id).toBe('key');
  });

  it('reads amounts in rupees from numbers and text, to the paisa', () => {
    expect(cellMoney(90.1)).toBe(9010);
    expect(cellMoney(0.1 + 0.2)).toBe(30);
    expect(cellMoney('1,234.50')).toBe(123450);
    expect(cellMoney(null)).toBeNull();
    expect(cellMoney(' ')).toBeNull();
    expect(cellMoney(1.005)).toBe('bad');
    expect(cellMoney('ten')).toBe('bad');
  });

  it('reads dates from Excel serials, DD-MM-YYYY and ISO text', () => {
    expect(cellDate(46117)).toBe('2026-04-05');
    expect(cellDate(new Date(Date.UTC(2026, 3, 5)))).toBe('2026-04-05');
    expect(cellDate('05-04-2026')).toBe('2026-04-05');
    expect(cellDate('2026-04-05T00:00:00Z')).toBe('2026-04-05');
    expect(cellDate('31-02-2026')).toBeNull();
    expect(sameCell({ t: 'date', v: '2026-04-05' as IsoDate }, 46117)).toBe(true);
    expect(sameCell({ t: 'money', v: 12345 as Paise }, '123.45')).toBe(true);
    expect(sameCell({ t: 'text', v: 'A\r\nB' }, 'A\nB ')).toBe(true);
    expect(sameCell(null, '')).toBe(true);
  });

  it('turns editable cells into a decision, or names the cell that is wrong', () => {
    expect(parseEditableCells(cells({ action: 'Accept' }), false)).toEqual({
      ok: true,
      decision: { action: 'accept', remark: null, itcReduction: null },
    });
    expect(parseEditableCells(cells({ action: 'No Action' }), false)).toMatchObject({
      ok: true,
      decision: { action: 'noAction' },
    });
    expect(
      parseEditableCells(cells({ action: 'reject', remarks: '  Late  ' }), false),
    ).toMatchObject({ ok: true, decision: { action: 'reject', remark: 'Late' } });
    expect(
      parseEditableCells(
        cells({ action: 'Accept', itcReduction: 'Partial', declCgst: 45, declSgst: '45.00' }),
        true,
      ),
    ).toEqual({
      ok: true,
      decision: {
        action: 'accept',
        remark: null,
        itcReduction: { kind: 'partial', igst: 0, cgst: 4500, sgst: 4500, cess: 0 },
      },
    });
    expect(
      parseEditableCells(cells({ action: 'Accept', itcReduction: 'full' }), true),
    ).toMatchObject({ ok: true, decision: { itcReduction: { kind: 'full' } } });
    expect(parseEditableCells(cells({}), false)).toMatchObject({
      ok: false,
      column: 'action',
      code: 'ACTION_EMPTY',
    });
    expect(parseEditableCells(cells({ action: 'Approve' }), false)).toMatchObject({
      ok: false,
      column: 'action',
      code: 'INVALID_ACTION',
    });
    expect(parseEditableCells(cells({ action: 'Accept', declIgst: 10 }), true)).toMatchObject({
      ok: false,
      column: 'itcReduction',
      code: 'ITC_REDUCTION_KIND_MISSING',
    });
    expect(
      parseEditableCells(cells({ action: 'Accept', itcReduction: 'None', declIgst: 10 }), true),
    ).toMatchObject({ ok: false, code: 'ITC_REDUCTION_AMOUNTS_UNEXPECTED' });
    expect(
      parseEditableCells(cells({ action: 'Accept', itcReduction: 'Half' }), true),
    ).toMatchObject({ ok: false, code: 'INVALID_ITC_REDUCTION' });
    expect(
      parseEditableCells(cells({ action: 'Accept', itcReduction: 'Partial', declCess: 'x' }), true),
    ).toMatchObject({ ok: false, column: 'declCess', code: 'INVALID_AMOUNT' });
    // A sheet without declaration columns ignores stray cells of that name.
    expect(
      parseEditableCells(cells({ action: 'Accept', itcReduction: 'Half' }), false),
    ).toMatchObject({ ok: true });
  });

  it('makes safe file names', () => {
    expect(safeFileName('27AABCU9603R1ZN-Shree Ganesh Traders (HUF)/Unit 2')).toBe(
      '27AABCU9603R1ZN-Shree_Ganesh_Traders_HUF_Unit_2',
    );
    expect(safeFileName('../../etc/passwd')).toBe('etc_passwd');
    expect(safeFileName('=Accounts')).toBe('Accounts');
    expect(safeFileName('CON')).toBe('_CON');
    expect(safeFileName('   ')).toBe('blank');
    expect(safeFileName('x'.repeat(200)).length).toBe(80);
  });
});
