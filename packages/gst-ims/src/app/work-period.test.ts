// The period the web app opens on, over the demo workspace: its newest 2B period (Dec 2026) holds
// a few GSTR-1A records only, the records to work on are October's.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twoBPeriod } from '../core/index.js';
import { describeStores } from '../test-support/stores.js';
import type { AppContext } from './context.js';
import { createDemo } from './create-demo.js';
import { PERIOD_SETTING } from './reconcile-config.js';
import { workPeriods } from './work-period.js';

describeStores('workPeriods', (kind) => {
  let dir: string;
  let ctx: AppContext;
  let gstin: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gst-ims-work-period-'));
    ctx = {
      store: await kind.open(),
      user: 'tester',
      now: () => '2026-12-07T06:00:00.000Z',
    };
    gstin = (await createDemo(ctx, join(dir, 'demo'))).gstin;
  }, 120_000);
  afterAll(async () => {
    await ctx.store.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Live records per 2B period, counted the way the switcher lists them. */
  async function perPeriod(): Promise<Map<string, number>> {
    const m = new Map<string, number>();
    for (const r of await ctx.store.loadRecords(gstin)) {
      const p = r.state.gone ? null : twoBPeriod(r.record);
      if (p !== null) m.set(p, (m.get(p) ?? 0) + 1);
    }
    return m;
  }

  describe('workPeriods', () => {
    it('opens on the period the records are in, not on the nearly empty newest one', async () => {
      const w = await workPeriods(ctx, gstin);
      const counts = await perPeriod();
      expect(w.periods[0]).toBe('122026');
      expect(counts.get('122026')).toBeLessThan(counts.get('102026')!);
      expect(w.current).toBe('102026');
      // The period chosen holds more live records than any other.
      const most = Math.max(...counts.values());
      expect(counts.get(w.current!)).toBe(most);
    });

    it('follows the reconciliation period setting when it names a listed period', async () => {
      await ctx.store.setSetting(gstin, PERIOD_SETTING, '092026');
      expect((await workPeriods(ctx, gstin)).current).toBe('092026');
      // A setting no record falls in gives way to the newest period.
      await ctx.store.setSetting(gstin, PERIOD_SETTING, '012020');
      const w = await workPeriods(ctx, gstin);
      expect(w.current).toBe(w.periods[0]);
      await ctx.store.setSetting(gstin, PERIOD_SETTING, '');
      expect((await workPeriods(ctx, gstin)).current).toBe('102026');
    });

    it('has no period for a GSTIN without records', async () => {
      await ctx.store.ensureGstin('29AABCU9603R1ZJ', ctx.now());
      expect(await workPeriods(ctx, '29AABCU9603R1ZJ')).toEqual({ periods: [], current: null });
    });
  });
});
