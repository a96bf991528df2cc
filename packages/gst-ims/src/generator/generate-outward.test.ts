import { describe, expect, it } from 'vitest';
import { outwardReport, parseOutwardDownload } from '../core/index.js';
import type { IsoDate } from '../core/index.js';
import { demoOutward } from './generate-outward.js';

const OURS = '27AABCU9603R1ZN';

describe('demoOutward', () => {
  it('is deterministic and reads back through the supplier-view parser', () => {
    const a = demoOutward(OURS, 20261);
    expect(JSON.stringify(demoOutward(OURS, 20261))).toBe(JSON.stringify(a));
    expect(JSON.stringify(demoOutward(OURS, 7))).not.toBe(JSON.stringify(a));
    const sales = parseOutwardDownload(a.sales, { file: 'sales.json' });
    const back = parseOutwardDownload(a.addedBack, { file: 'back.json' });
    if (sales.kind !== 'sales' || back.kind !== 'addedBack') throw new Error('shape');
    expect(sales.warnings).toEqual([]);
    expect(new Set(sales.documents.map((d) => d.customerGstin)).size).toBe(8);
    const actions = new Set(sales.documents.map((d) => d.action));
    expect([...actions].sort()).toEqual(['accepted', 'noAction', 'pending', 'rejected']);
    // The added-back list is exactly the credit notes the customers rejected.
    const r = outwardReport({
      period: '112026',
      documents: sales.documents,
      addedBack: back.records,
      today: '2026-12-07' as IsoDate,
    });
    expect(back.records.length).toBeGreaterThan(0);
    expect(r.addedBack.heads).toEqual(r.addedBack.estimate);
  });
});
