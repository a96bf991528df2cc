// Rule 37 over the books (issue 12): hand-computed 180th days against an injected today.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeStores } from '../test-support/stores.js';
import type { AppContext } from './context.js';
import { importRegister } from './import-register.js';
import { deadlineSummary, rule37Summary } from './month-cycle.js';

const G = '27AABCU9603R1ZN';
const S = '24AAACB1234C1ZL';
const HEADER =
  'Voucher No,Supplier GSTIN,Invoice No,Invoice Date,Taxable Value,IGST,CGST,SGST,Payment Date';

describeStores('rule 37 from the register', (kind) => {
  let dir: string;
  let ctx: AppContext;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gst-ims-rule37-'));
    // Today: 20 October 2026 in India.
    ctx = {
      store: await kind.open(),
      user: 'tester',
      now: () => '2026-10-20T06:00:00.000Z',
    };
    await ctx.store.ensureGstin(G, ctx.now());
  });
  afterEach(async () => {
    await ctx.store.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function register(rows: string[]): Promise<void> {
    const p = join(dir, 'books.csv');
    await writeFile(p, [HEADER, ...rows].join('\n'));
    await importRegister(ctx, { gstin: G, file: p });
  }

  describe('rule 37 from the register', () => {
    it('lists unpaid invoices past 180 days to reverse, late payments to reclaim, and those near', async () => {
      await register([
        // 10-Apr-2026 + 180 days = 7-Oct-2026: unpaid on 20 October, reverse in the 3B of 11/2026.
        'V1,' + S + ',A-1,10-04-2026,1000,180,,,',
        // Paid 15-Oct-2026, after its 180th day (7-Oct): claim again in 10/2026.
        'V2,' + S + ',A-2,10-04-2026,500,90,,,15-10-2026',
        // Paid 1-Oct-2026, in time: nothing.
        'V3,' + S + ',A-3,10-04-2026,500,90,,,01-10-2026',
        // 1-May-2026 + 180 = 28-Oct-2026: 8 days left, near.
        'V4,' + S + ',A-4,01-05-2026,100,18,,,',
        // 1-Jul-2026 + 180 = 28-Dec-2026: 69 days left, not near.
        'V5,' + S + ',A-5,01-07-2026,100,18,,,',
      ]);
      const r = await rule37Summary(ctx, G, 30);
      expect(r?.reverse.map((x) => [x.docNumber, x.lastDay, x.period, x.tax])).toEqual([
        ['A-1', '2026-10-07', '112026', 180_00],
      ]);
      expect(r?.reclaim.map((x) => [x.docNumber, x.lastDay, x.period, x.tax])).toEqual([
        ['A-2', '2026-10-07', '102026', 90_00],
      ]);
      expect(r?.near.map((x) => [x.docNumber, x.lastDay, x.daysLeft])).toEqual([
        ['A-4', '2026-10-28', 8],
      ]);
      expect((await deadlineSummary(ctx, G, 30)).rule37?.reverse).toHaveLength(1);
    });

    it('says nothing when the register carries no payment date at all', async () => {
      await register(['V1,' + S + ',A-1,10-04-2026,1000,180,,,']);
      expect(await rule37Summary(ctx, G)).toBeNull();
      expect((await deadlineSummary(ctx, G)).rule37).toBeNull();
    });
  });
});
