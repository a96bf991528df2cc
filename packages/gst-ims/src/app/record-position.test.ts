// recordPosition: the index a record's row has in the paged grid is the index the store's own
// page gives it, under filters and both directions of the default order, on both stores.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { RecordFilter, RecordOrder } from '../core/index.js';
import { generateImsDownload } from '../generator/generate-ims.js';
import { describeStores } from '../test-support/stores.js';
import type { AppContext } from './context.js';
import { decide } from './decide.js';
import { importIms } from './import-ims.js';
import { recordPosition } from './record-position.js';

const ALL: RecordFilter = { view: 'all', supplier: null, section: null, terms: [] };

describeStores('recordPosition', (kind) => {
  let dir: string;
  let ctx: AppContext;
  let gstin: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gst-ims-record-position-'));
    ctx = { store: await kind.open(), user: 'asha', now: () => '2026-11-05T10:00:00.000Z' };
    const ims = join(dir, 'ims.json');
    const download = generateImsDownload({
      seed: 5,
      count: 400,
      recipientGstin: '27AABCU9603R1ZN',
      returnPeriod: '102026',
    });
    await writeFile(ims, JSON.stringify(download.json));
    gstin = (await importIms(ctx, { file: ims })).gstin;
  });
  afterEach(async () => {
    await ctx.store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("is the index the store's page gives the row, under filters and either direction", async () => {
    const every = (
      await ctx.store.pageRecords(gstin, ALL, { column: 'section', dir: 'asc' }, 0, 1000)
    ).records;
    // Some decided, so that the "Not decided" view leaves rows out.
    await decide(ctx, {
      gstin,
      selector: { keys: every.filter((_, i) => i % 5 === 0).map((w) => w.record.key) },
      verb: 'reject',
      remark: 'not ours',
      source: 'web',
      skipRefused: true,
    });
    const supplier = every[17]!.record.supplierGstin;
    const filters: RecordFilter[] = [
      ALL,
      { ...ALL, view: 'noAction' },
      { ...ALL, supplier },
      { ...ALL, section: 'b2bcn' },
      { ...ALL, terms: ['/'] },
    ];
    let checked = 0;
    for (const filter of filters)
      for (const dir of ['asc', 'desc'] as const) {
        const order: RecordOrder = { column: 'section', dir };
        const rows = (await ctx.store.pageRecords(gstin, filter, order, 0, 1000)).records;
        expect(rows.length).toBeGreaterThan(0);
        for (const i of [0, rows.length - 1, Math.floor(rows.length / 3)]) {
          const p = await recordPosition(ctx.store, gstin, filter, order, rows[i]!.record.key);
          expect(p).toEqual({ index: i, total: rows.length });
          checked++;
        }
      }
    expect(checked).toBe(30);
  });

  it('is null for a record the filter leaves out, an unknown key, and another order', async () => {
    const [first] = (
      await ctx.store.pageRecords(gstin, ALL, { column: 'section', dir: 'asc' }, 0, 1)
    ).records;
    const key = first!.record.key;
    const asc: RecordOrder = { column: 'section', dir: 'asc' };
    const other = first!.record.section === 'b2bcn' ? 'b2b' : 'b2bcn';
    const out = await recordPosition(ctx.store, gstin, { ...ALL, section: other }, asc, key);
    expect(out.index).toBeNull();
    expect(out.total).toBeGreaterThan(0);
    expect(
      (await recordPosition(ctx.store, gstin, ALL, asc, 'b2b|nobody|x|2026-27')).index,
    ).toBeNull();
    expect(
      (await recordPosition(ctx.store, gstin, ALL, { column: 'value', dir: 'asc' }, key)).index,
    ).toBeNull();
    expect((await recordPosition(ctx.store, gstin, ALL, asc, key)).index).toBe(0);
  });
});
