// `import ims` merges a download a batch at a time (decision 0043). These check, on both stores,
// that the batched merge gives what mergeDownload gives on the whole download (new, changed by
// the supplier, returned to No Action by the portal, gone, kept decisions), and that a download
// refused after batches were written leaves the workspace exactly as it was.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Section, WorkspaceRecord } from '../core/index.js';
import { BadInputError, SECTIONS, mergeDownload } from '../core/index.js';
import { generateImsDownload } from '../generator/generate-ims.js';
import type { WorkspaceStore } from '../store/index.js';
import { describeStores } from '../test-support/stores.js';
import type { AppContext } from './context.js';
import { MERGE_BATCH, importIms, readImsDownload } from './import-ims.js';

const G = '27AABCU9603R1ZN';
/** Over two merge batches, so that a batch is written before the last is read. */
const COUNT = 2 * MERGE_BATCH + 4000;

type Json = { gstin: string; imsDetails: Record<string, Record<string, unknown>[]> };

function month(seed: number, count: number): Json {
  return generateImsDownload({ seed, count, recipientGstin: G, returnPeriod: '102026' })
    .json as Json;
}

/** What a record is in the workspace, for comparing two workspaces. */
function view(records: readonly WorkspaceRecord[]): string[] {
  return records
    .map((r) =>
      JSON.stringify([
        r.record.key,
        r.record.hash,
        r.record.portalAction,
        r.record.amounts.value,
        r.state.decision,
        r.state.changedBySupplier,
        r.state.gone,
        r.state.portalError,
      ]),
    )
    .sort();
}

/** The store, noting each dropPageIndexesForImport asked of it (in a transaction) and its answer. */
function spyIndexDrops(store: WorkspaceStore, asked: [number, boolean][]): WorkspaceStore {
  const wrap = (s: WorkspaceStore): WorkspaceStore =>
    new Proxy(s, {
      get(target, p) {
        if (p === 'dropPageIndexesForImport')
          return async (adding: number) => {
            const dropped = await target.dropPageIndexesForImport(adding);
            asked.push([adding, dropped]);
            return dropped;
          };
        if (p === 'transaction')
          return <T>(fn: (tx: WorkspaceStore) => Promise<T>) =>
            target.transaction((tx) => fn(wrap(tx)));
        const v: unknown = Reflect.get(target, p);
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
  return wrap(store);
}

describeStores('import ims a batch at a time', (kind) => {
  let dir: string;
  let ctx: AppContext;
  let progress: [string, number, number][];
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gst-ims-import-batches-'));
    progress = [];
    ctx = {
      store: await kind.open(),
      user: 'asha',
      now: () => '2026-11-05T10:00:00.000Z',
      progress: (phase, done, total) => void progress.push([phase, done, total]),
    };
  });
  afterEach(async () => {
    await ctx.store.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** A first month imported, with decisions of the user's on some records. */
  async function firstMonth(): Promise<Json> {
    const json = month(1, COUNT);
    const file = join(dir, 'first.json');
    await writeFile(file, JSON.stringify(json));
    await importIms(ctx, { file });
    const keys = (await ctx.store.loadRecords(G)).map((r) => r.record.key);
    await ctx.store.setDecision(G, keys.slice(0, 400), {
      action: 'reject',
      remark: 'not ours',
      itcReduction: null,
    });
    await ctx.store.setDecision(G, keys.slice(-300), {
      action: 'pending',
      remark: null,
      itcReduction: null,
    });
    return json;
  }

  /** Next month: some documents edited by the supplier, some returned to No Action, some gone, some new. */
  function nextMonth(first: Json): Json {
    const next = structuredClone(first);
    const b2b = next.imsDetails.b2b as Record<string, unknown>[];
    for (const r of b2b.slice(0, 900)) r.hash = `${String(r.hash).slice(0, 60)}beef`;
    let returned = 0;
    for (const r of b2b) {
      if (r.action !== 'N' && returned < 250) {
        r.action = 'N';
        r.hash = `${String(r.hash).slice(0, 60)}cafe`;
        returned++;
      }
    }
    expect(returned).toBe(250);
    // The last records of each section leave; another seed's records arrive.
    for (const s of SECTIONS) {
      const list = next.imsDetails[s];
      if (list !== undefined) list.splice(Math.floor(list.length * 0.9));
    }
    const arrivals = month(2, 5000);
    for (const s of SECTIONS) {
      const more = arrivals.imsDetails[s];
      const list = next.imsDetails[s];
      if (more !== undefined && list !== undefined) list.push(...more);
    }
    return next;
  }

  it('gives what mergeDownload gives on the whole download', async () => {
    const next = nextMonth(await firstMonth());
    const file = join(dir, 'next.json');
    await writeFile(file, JSON.stringify(next));
    const before = await ctx.store.loadRecords(G);
    const { data, parsed } = await readImsDownload(file);
    const present = new Set<Section>(
      SECTIONS.filter((s) => Object.keys((data as Json).imsDetails).includes(s)),
    );
    const periods = new Set(parsed.records.flatMap((r) => r.returnPeriod ?? []));
    const whole = mergeDownload(new Map(before.map((r) => [r.record.key, r])), parsed.records, {
      sections: present,
      periods,
    });
    // The merge touches every kind of outcome.
    expect(whole.summary.new).toBeGreaterThan(0);
    expect(whole.summary.flagged).toBeGreaterThan(0);
    // (A few of the 250 carry a decision of the user's: kept, flagged, not returned.)
    expect(whole.summary.decideAgain).toBeGreaterThan(200);
    expect(whole.summary.gone).toBeGreaterThan(0);
    expect(whole.summary.goneWithDecision).toBeGreaterThan(0);

    progress = [];
    const r = await importIms(ctx, { file });
    expect(r.summary).toEqual(whole.summary);
    expect(r.flaggedKeys).toEqual(whole.flaggedKeys);
    expect(r.decideAgainKeys).toEqual(whole.portalResets.map((p) => p.key));
    expect([...r.goneWithDecisionKeys].sort()).toEqual([...whole.goneWithDecisionKeys].sort());
    expect(progress.filter(([p]) => p === 'writing the workspace').length).toBeGreaterThan(2);

    const expected = new Map(before.map((w) => [w.record.key, w]));
    for (const w of [...whole.inserts, ...whole.updates]) expected.set(w.record.key, w);
    for (const g of whole.goneStates) {
      const w = expected.get(g.key) as WorkspaceRecord;
      expected.set(g.key, { record: w.record, state: g.state });
    }
    expect(view(await ctx.store.loadRecords(G))).toEqual(view([...expected.values()]));
    const audit = await ctx.store.auditFor(G, null);
    expect(audit.filter((a) => a.toAction === 'noAction' && a.user === 'asha')).toHaveLength(
      whole.summary.decideAgain,
    );
  });

  it('leaves the workspace as it was when a record after the first batches is refused', async () => {
    const next = nextMonth(await firstMonth());
    const last = next.imsDetails.ecoma as Record<string, unknown>[];
    (last[last.length - 1] as Record<string, unknown>).idt = '31-02-2026';
    const file = join(dir, 'next-bad.json');
    await writeFile(file, JSON.stringify(next));
    const before = view(await ctx.store.loadRecords(G));
    const imports = (await ctx.store.listImports(G)).length;
    const audit = (await ctx.store.auditFor(G, null)).length;

    progress = [];
    const failed = await importIms(ctx, { file }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(failed).toBeInstanceOf(BadInputError);
    expect(String((failed as Error).message)).toMatch(/ecoma\[\d+\]\.idt/);
    // Batches were written inside the transaction before the bad record was read.
    const written = progress.filter(([p]) => p === 'writing the workspace').map(([, d]) => d);
    expect(Math.max(...written)).toBeGreaterThanOrEqual(2 * MERGE_BATCH);

    expect(view(await ctx.store.loadRecords(G))).toEqual(before);
    expect(await ctx.store.listImports(G)).toHaveLength(imports);
    expect(await ctx.store.auditFor(G, null)).toHaveLength(audit);
  });

  it('asks once to drop the page indexes, for as many records as the download will add', async () => {
    const asked: [number, boolean][] = [];
    const spied = { ...ctx, store: spyIndexDrops(ctx.store, asked) };
    const first = join(dir, 'first.json');
    await writeFile(first, JSON.stringify(month(1, COUNT)));
    await importIms(spied, { file: first });
    // Into an empty workspace: every record is new, the indexes go on both stores.
    expect(asked).toEqual([[COUNT, true]]);
    // The same download again adds nothing: nothing is asked.
    await importIms(spied, { file: first });
    expect(asked).toHaveLength(1);
    // A month all of whose records are new doubles the workspace: only SQLite drops them (on
    // PostgreSQL the drop would lock the table's readers out until the import commits).
    const next = join(dir, 'next-all-new.json');
    await writeFile(next, JSON.stringify(month(9, COUNT)));
    const r = await importIms(spied, { file: next });
    expect(r.summary.new).toBe(COUNT);
    expect(asked).toEqual([
      [COUNT, true],
      [COUNT, kind.name === 'SQLite'],
    ]);
    expect((await ctx.store.listGstins())[0]?.records).toBe(2 * COUNT);
    expect(
      (await ctx.store.loadRecords(G)).filter((w) => w.state.gone).map((w) => w.record.key),
    ).toHaveLength(r.summary.gone);
  });
});
