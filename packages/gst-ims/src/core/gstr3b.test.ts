import { describe, expect, it } from 'vitest';
import { checkExcess, claimedAllOther, parseGstr3b } from './gstr3b.js';
import type { Paise } from './money.js';
import type { Heads } from './parse-gstr2b.js';

const h = (igst: number, cgst: number, sgst: number, cess = 0): Heads => ({
  igst: igst as Paise,
  cgst: cgst as Paise,
  sgst: sgst as Paise,
  cess: cess as Paise,
});

describe('GSTR-3B Table 4', () => {
  const three = parseGstr3b(
    {
      data: {
        gstin: '27AABCU9603R1ZN',
        ret_period: '112026',
        itc_elg: {
          itc_avl: [
            { ty: 'OTH', iamt: 10, camt: 12537.29, samt: '12537.29', csamt: 0 },
            { ty: 'IMPG', iamt: 1000 },
          ],
          itc_inelg: [
            { ty: 'RUL', iamt: 10, camt: 0, samt: 0, csamt: 0 },
            { ty: 'OTH', iamt: 5 },
          ],
        },
      },
    },
    '3b.json',
  );

  it('reads rows by ty in paise, from a data wrapper', () => {
    expect(three.period).toBe('112026');
    expect(three.table4.available.OTH).toEqual(h(1000, 1253729, 1253729));
    expect(three.table4.available.IMPG.igst).toBe(100000);
    expect(three.table4.ineligible.OTH.igst).toBe(500);
  });

  it('claims 4(A)(5) less the reclaims of 4(D)(1)', () => {
    expect(claimedAllOther(three.table4)).toEqual(h(0, 1253729, 1253729));
  });

  it('names the excess per head (Rs 7,074.58) and applies the DRC-01C limits', () => {
    const c = checkExcess(claimedAllOther(three.table4), h(0, 900000, 900000));
    expect(c.excess).toEqual(h(0, 353729, 353729));
    expect(c.excessTotal).toBe(707458);
    expect(c.percent).toBeCloseTo(39.3032, 3);
    expect(c.crossesThreshold).toBe(false); // 39% but far below Rs 25 lakh: the "and" rule
    expect(
      checkExcess(claimedAllOther(three.table4), h(0, 900000, 900000), {
        amount: 500000 as Paise,
        percent: 20,
        rule: 'and',
      }).crossesThreshold,
    ).toBe(true);
    expect(
      checkExcess(claimedAllOther(three.table4), h(0, 900000, 900000), {
        amount: 2_500_000_00 as Paise,
        percent: 20,
        rule: 'or',
      }).crossesThreshold,
    ).toBe(true);
  });

  it('an excess under one head is not offset by a shortfall under another', () => {
    const c = checkExcess(h(100, 0, 0), h(0, 100, 0));
    expect(c.excess).toEqual(h(100, 0, 0));
  });

  it('no excess when the claim is within the 2B', () => {
    expect(checkExcess(h(0, 5, 5), h(0, 5, 5))).toMatchObject({
      excessTotal: 0,
      crossesThreshold: false,
    });
  });

  it('refuses a file without Table 4 or with an unknown row type, naming the path', () => {
    expect(() => parseGstr3b({ ret_period: '112026' }, 'x.json')).toThrow(/itc_elg/);
    expect(() =>
      parseGstr3b({ ret_period: '112026', itc_elg: { itc_avl: [{ ty: 'XYZ' }] } }, 'x.json'),
    ).toThrow(/itc_elg\.itc_avl\[0\]\.ty/);
    expect(() =>
      parseGstr3b(
        { ret_period: '112026', itc_elg: { itc_avl: [{ ty: 'OTH', camt: '1,00' }] } },
        'x.json',
      ),
    ).toThrow(/camt/);
  });
});
