import { describe, expect, it } from 'vitest';
import { parseItcReduction, parseRupeeInput } from './itc-reduction-input.js';

describe('parseRupeeInput', () => {
  it('reads rupees as people write them', () => {
    expect(parseRupeeInput('1,23,456.50')).toBe(12345650);
    expect(parseRupeeInput('₹ 1200')).toBe(120000);
    expect(parseRupeeInput('Rs. 45')).toBe(4500);
    expect(parseRupeeInput(10.5)).toBe(1050);
    expect(parseRupeeInput('1.234')).toBeNull();
    expect(parseRupeeInput('12O')).toBeNull();
  });
});

describe('parseItcReduction', () => {
  it('gives no declaration when nothing is said, and full/none (nil) in any case', () => {
    expect(parseItcReduction({ kind: null })).toEqual({ ok: true, value: null });
    expect(parseItcReduction({ kind: ' ', amounts: { igst: '' } })).toEqual({
      ok: true,
      value: null,
    });
    expect(parseItcReduction({ kind: 'Full' })).toEqual({ ok: true, value: { kind: 'full' } });
    expect(parseItcReduction({ kind: 'NIL' })).toEqual({ ok: true, value: { kind: 'none' } });
  });

  it('reads a partial reduction, the heads not given being 0', () => {
    expect(parseItcReduction({ kind: 'partial', amounts: { cgst: '45', sgst: 45.5 } })).toEqual({
      ok: true,
      value: { kind: 'partial', igst: 0, cgst: 4500, sgst: 4550, cess: 0 },
    });
  });

  it('says which field is wrong, and why', () => {
    const bad = parseItcReduction({ kind: 'partial', amounts: { igst: '1.234', cess: 'x' } });
    expect(bad).toEqual({
      ok: false,
      errors: [
        {
          field: 'igst',
          code: 'INVALID_AMOUNT',
          message:
            'expected an amount in rupees with at most 2 decimals, such as 1250.50, found "1.234"',
        },
        {
          field: 'cess',
          code: 'INVALID_AMOUNT',
          message:
            'expected an amount in rupees with at most 2 decimals, such as 1250.50, found "x"',
        },
      ],
    });
    const codeOf = (r: ReturnType<typeof parseItcReduction>) =>
      r.ok ? null : r.errors.map((e) => `${e.field}:${e.code}`);
    expect(codeOf(parseItcReduction({ kind: null, amounts: { igst: '5' } }))).toEqual([
      'kind:ITC_REDUCTION_KIND_MISSING',
    ]);
    expect(codeOf(parseItcReduction({ kind: 'none', amounts: { igst: '5' } }))).toEqual([
      'kind:ITC_REDUCTION_AMOUNTS_UNEXPECTED',
    ]);
    expect(codeOf(parseItcReduction({ kind: 'some' }))).toEqual(['kind:INVALID_ITC_REDUCTION']);
    expect(codeOf(parseItcReduction({ kind: 'partial' }, { partialNeedsAmounts: true }))).toEqual([
      'kind:ITC_REDUCTION_AMOUNTS_MISSING',
    ]);
    expect(parseItcReduction({ kind: 'partial' })).toEqual({
      ok: true,
      value: { kind: 'partial', igst: 0, cgst: 0, sgst: 0, cess: 0 },
    });
  });

  it("takes the edge's own amount reader", () => {
    const r = parseItcReduction(
      { kind: 'partial', amounts: { igst: 0.1 + 0.2 } },
      { readAmount: (v) => (typeof v === 'number' ? (Math.round(v * 100) as never) : null) },
    );
    expect(r).toEqual({
      ok: true,
      value: { kind: 'partial', igst: 30, cgst: 0, sgst: 0, cess: 0 },
    });
  });
});
