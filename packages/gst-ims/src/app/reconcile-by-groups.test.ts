import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { IsoDate, MatchResult } from '../core/index.js';
import { twoBPeriod } from '../core/index.js';
import { generateImsDownload } from '../generator/generate-ims.js';
import { generateRegister } from '../generator/generate-register.js';
import { describeStores } from '../test-support/stores.js';
import type { AppContext } from './context.js';
import { decide } from './decide.js';
import { importIms } from './import-ims.js';
import { scopeToPeriod } from './period-scope.js';
import type { ReconcileSummary } from './reconcile-workspace.js';
import { linkRecords, reconcileWorkspace, unlinkRecords } from './reconcile-workspace.js';

const G = '27AABCU9603R1ZN';
const PERIOD = '102026';

/** The saved outcome rows, by key: what match_outcomes holds. */
async function outcomes(ctx: AppContext, results: readonly MatchResult[]) {
  const keys = results.flatMap((m) => (m.recordKey === null ? [] : [m.recordKey]));
  return [...(await ctx.store.matchOutcomes(G, keys))].sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

describeStores('reconcile a group of suppliers at a time', (kind) => {
  let dir: string;
  let ctx: AppContext;
  let phases: string[];
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gst-ims-recon-groups-'));
    phases = [];
    ctx = {
      store: await kind.open(),
      user: 'asha',
      now: () => '2026-11-05T10:00:00.000Z',
      progress: (phase, done, total) => phases.push(`${phase} ${done}/${total}`),
    };
    const { json } = generateImsDownload({
      seed: 11,
      count: 1500,
      recipientGstin: G,
      returnPeriod: PERIOD,
      supplierCount: 60,
    });
    const ims = join(dir, 'ims.json');
    await writeFile(ims, JSON.stringify(json));
    await importIms(ctx, { file: ims });
    // Real books at a high share: GSTIN typos, documents outside IMS, timing shifts; the
    // generator's PAN-level and amount-only documents besides.
    const books = generateRegister({
      seed: 11,
      imsJson: json,
      recipientGstin: G,
      realBooksShare: 0.05,
    });
    const id = await ctx.store.logImport({
      gstin: G,
      kind: 'register',
      file: 'books.csv',
      at: '2026-11-05T10:00:00.000Z',
      user: 'asha',
      summary: '{}',
    });
    await ctx.store.replaceRegister(
      G,
      books.rows,
      '2000-01-01' as IsoDate,
      '2999-12-31' as IsoDate,
      { id, file: 'books.csv', at: '2026-11-05T10:00:00.000Z' },
    );
  });
  afterEach(async () => {
    await ctx.store.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** The whole-set run and the grouped one: summary, file bytes, saved results and outcomes. */
  async function both(ext: string) {
    const run = async (name: string, groupAbove: number) => {
      const out = join(dir, `${name}.${ext}`);
      phases.length = 0;
      const s = await reconcileWorkspace(ctx, G, {
        out,
        keepRows: false,
        groupAbove,
        groupRecords: 40,
      });
      const results = await ctx.store.loadMatches(G);
      return {
        summary: { ...s, written: null } as ReconcileSummary,
        file: readFileSync(out),
        results,
        outcomes: await outcomes(ctx, results),
        matchPhases: phases.filter((p) => p.startsWith('matching')).length,
      };
    };
    const whole = await run('whole', 1_000_000);
    const grouped = await run('grouped', 0);
    return { whole, grouped };
  }

  it('gives the one run results, file and saved rows, with the cases that pair across GSTINs', async () => {
    // Manual links: a record of one supplier to a books document of another PAN, and an unlink.
    const first = await reconcileWorkspace(ctx, G, { keepRows: true });
    const missing = first.rows.filter((r) => r.outcome === 'missingInRegister');
    const books = first.rows.filter((r) => r.outcome === 'missingInPortal');
    const paired = first.rows.filter((r) => r.outcome === 'exact');
    const a = missing[0];
    const d = books.find((r) => r.supplierGstin.slice(2, 12) !== a?.supplierGstin.slice(2, 12));
    const u = paired[3];
    expect(a && d && u).toBeTruthy();
    await linkRecords(ctx, G, a?.recordKey as string, d?.registerRef as string);
    await unlinkRecords(ctx, G, u?.recordKey as string);
    // Decisions a person holds change proposals (kept).
    await decide(ctx, {
      gstin: G,
      selector: { keys: paired.slice(5, 9).map((r) => r.recordKey as string) },
      verb: 'reject',
      remark: 'not received',
      source: 'cli',
    });

    const { whole, grouped } = await both('csv');
    expect(grouped.matchPhases).toBeGreaterThan(5);
    expect(whole.matchPhases).toBe(2);
    expect(grouped.file.equals(whole.file)).toBe(true);
    expect(grouped.summary).toEqual(whole.summary);
    expect(grouped.results).toEqual(whole.results);
    expect(grouped.outcomes).toEqual(whole.outcomes);

    const codes = new Set(whole.results.flatMap((m) => m.reasons.map((r) => r.code)));
    for (const code of ['gstinTypo', 'panLevel', 'amountOnly', 'manualLink', 'viaOriginalNumber'])
      expect(codes, code).toContain(code);
    expect(whole.summary.counts.notInIms).toBeGreaterThan(0);
    expect(whole.summary.gstinCorrections.length).toBeGreaterThan(0);
    expect(whole.results.filter((m) => m.manual)).toHaveLength(1);
    expect(whole.summary.proposals.kept).toBeGreaterThan(0);
  });

  it("runs a period's reconcile whole, and keeps the other periods' saved results", async () => {
    await reconcileWorkspace(ctx, G, { keepRows: false, groupAbove: 0, groupRecords: 40 });
    const before = await ctx.store.loadMatches(G);
    const inPeriod = new Set(
      (await ctx.store.loadRecords(G))
        .filter((w) => twoBPeriod(w.record) === PERIOD)
        .map((w) => w.record.key),
    );
    const others = before.filter((m) => m.recordKey !== null && !inPeriod.has(m.recordKey));
    phases.length = 0;
    // Above the grouping size, but a period's store refuses the grouped run's reads by id.
    const s = await reconcileWorkspace(scopeToPeriod(ctx, PERIOD), G, {
      out: join(dir, 'period.csv'),
      keepRows: false,
      groupAbove: 0,
      groupRecords: 40,
    });
    expect(s.counts.exact).toBeGreaterThan(0);
    expect(phases.filter((p) => p.startsWith('matching')).length).toBe(2);
    const after = await ctx.store.loadMatches(G);
    for (const m of others) expect(after).toContainEqual(m);
    await expect(scopeToPeriod(ctx, PERIOD).store.loadRecordIndex(G)).rejects.toThrow(
      /not narrowed to a period/,
    );
  });

  it('writes the same JSON and leaves no file when the register is empty', async () => {
    const { whole, grouped } = await both('json');
    expect(grouped.file.equals(whole.file)).toBe(true);
    expect(grouped.summary).toEqual(whole.summary);

    await ctx.store.replaceRegister(G, [], '2000-01-01' as IsoDate, '2999-12-31' as IsoDate, {
      id: 99,
      file: 'empty.csv',
      at: '2026-11-06T10:00:00.000Z',
    });
    const out = join(dir, 'none', 'x.csv');
    await expect(
      reconcileWorkspace(ctx, G, { out, keepRows: false, groupAbove: 0, groupRecords: 40 }),
    ).rejects.toThrow(/purchase register is empty/);
    // The saved results of the last run stay; no file, no temporary file.
    expect(await ctx.store.loadMatches(G)).toEqual(grouped.results);
    expect(await readdir(dir)).not.toContain('none');
  });
});
