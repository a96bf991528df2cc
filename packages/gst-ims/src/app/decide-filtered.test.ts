// decideFiltered: a decision on every record a filter matches, in batches, with progress, a
// cancel that leaves the workspace as it was, and no lost update when others decide meanwhile.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { generateImsDownload } from '../generator/generate-ims.js';
import type { WorkspaceStore } from '../store/index.js';
import { describeStores } from '../test-support/stores.js';
import { racingStore } from '../test-support/racing-store.js';
import type { AppContext } from './context.js';
import { decide } from './decide.js';
import type { RecordFilter } from '../core/index.js';
import { recordPasses } from '../core/index.js';
import type { DecideFilteredOptions, DecideFilteredResult } from './decide-filtered.js';
import {
  JobCancelledError,
  decideFiltered,
  latestAuditPoint,
  matchingKeys,
} from './decide-filtered.js';
import { importIms } from './import-ims.js';

const ALL: RecordFilter = { view: 'all', supplier: null, section: null, terms: [] };
const NOT_DECIDED: RecordFilter = { ...ALL, view: 'noAction' };

/** The workspace as a person sees it: every record's decision, the audit log and the versions. */
async function snapshot(store: WorkspaceStore, gstin: string) {
  const records = (await store.loadRecords(gstin))
    .map((r) => `${r.record.key}=${JSON.stringify(r.state)}`)
    .sort();
  const audit = (await store.auditFor(gstin, null)).map(
    (e) => `${e.recordKey}:${e.toAction}:${e.user}`,
  );
  // Entries of one action in key order: batches write in the order they read.
  audit.sort();
  const versions = [...(await store.recordVersions(gstin, null))].sort();
  return { records, audit, versions };
}

const sums = (r: DecideFilteredResult): number => r.applied + r.unchanged + r.refused + r.skipped;

describeStores('decideFiltered', (kind) => {
  let dir: string;
  let ctx: AppContext;
  let gstin: string;
  let ims: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gst-ims-decide-filtered-'));
    ctx = { store: await kind.open(), user: 'asha', now: () => '2026-11-05T10:00:00.000Z' };
    ims = join(dir, 'ims.json');
    const download = generateImsDownload({
      seed: 11,
      count: 600,
      recipientGstin: '27AABCU9603R1ZN',
      returnPeriod: '102026',
    });
    await writeFile(ims, JSON.stringify(download.json));
    gstin = (await importIms(ctx, { file: ims })).gstin;
  });
  /** Reject on every record not decided, a hundred at a time (as `on` reads and writes). */
  const rejectUndecided = (
    on: AppContext = ctx,
    more: Partial<DecideFilteredOptions> = {},
  ): Promise<DecideFilteredResult> =>
    decideFiltered(on, {
      gstin,
      filter: NOT_DECIDED,
      verb: 'reject',
      remark: 'not ours',
      source: 'web',
      skipRefused: true,
      batchSize: 100,
      ...more,
    });
  afterEach(async () => {
    await ctx.store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('decides as decide() does on the same records: changes, refusals, declarations', async () => {
    const twin: AppContext = { ...ctx, store: await kind.open() };
    try {
      await importIms(twin, { file: ims });
      for (const verb of ['pending', 'accept'] as const) {
        const keys = await matchingKeys(twin.store, gstin, NOT_DECIDED);
        const byKeys = await decide(twin, {
          gstin,
          selector: { keys },
          verb,
          source: 'web',
          skipRefused: true,
        });
        const byFilter = await decideFiltered(ctx, {
          gstin,
          filter: NOT_DECIDED,
          verb,
          source: 'web',
          skipRefused: true,
          batchSize: 97,
        });
        expect(byFilter.applied).toBe(byKeys.changes.length);
        expect(byFilter.unchanged).toBe(byKeys.unchanged);
        expect(byFilter.refusals).toEqual(byKeys.refused);
        expect(byFilter.declarations).toEqual(byKeys.declarations);
        expect(byFilter.written).toBe(byKeys.applied);
        expect(sums(byFilter)).toBe(byFilter.matched);
      }
      // The first verb refused some records (pending on blocked ones) and the second changed them all.
      expect(await snapshot(ctx.store, gstin)).toEqual(await snapshot(twin.store, gstin));
    } finally {
      await twin.store.close();
    }
  });

  it('writes nothing when refusals stop it, and nothing on a dry run', async () => {
    const before = await snapshot(ctx.store, gstin);
    const stopped = await decideFiltered(ctx, {
      gstin,
      filter: ALL,
      verb: 'pending',
      source: 'web',
    });
    expect(stopped.refused).toBeGreaterThan(0);
    expect(stopped.refusals[0]?.code).toMatch(/^[A-Z_]+$/);
    expect(stopped.written).toBe(false);
    const dry = await decideFiltered(ctx, {
      gstin,
      filter: NOT_DECIDED,
      verb: 'reject',
      remark: 'not ours',
      source: 'web',
      dryRun: true,
    });
    expect(dry.applied).toBeGreaterThan(0);
    expect(dry.written).toBe(false);
    // The records matched are those core's recordPasses lets through, whatever the filter.
    const rows = await ctx.store.loadRecords(gstin);
    const some = rows[5]!.record;
    for (const filter of [
      { ...NOT_DECIDED, section: 'b2bcn' as const },
      { ...ALL, supplier: some.supplierGstin, terms: [some.docNumber.slice(0, 3).toUpperCase()] },
    ]) {
      const r = await decideFiltered(ctx, {
        gstin,
        filter,
        verb: 'accept',
        source: 'web',
        dryRun: true,
      });
      expect(r.matched).toBe(rows.filter((w) => recordPasses(filter, w)).length);
      expect(r.matched).toBeGreaterThan(0);
    }
    expect(await snapshot(ctx.store, gstin)).toEqual(before);
  });

  it('reports progress batch by batch and audits one action under one time', async () => {
    const seen: string[] = [];
    let clock = 0;
    const ticking: AppContext = {
      ...ctx,
      now: () => `2026-11-05T10:00:${String(clock++).padStart(2, '0')}.000Z`,
    };
    const r = await rejectUndecided(ticking, {
      onProgress: (p) => seen.push(`${p.phase}:${p.done}/${p.total}`),
    });
    expect(r.written).toBe(true);
    const checking = seen.filter((s) => s.startsWith('checking'));
    const writing = seen.filter((s) => s.startsWith('writing'));
    expect(checking).toHaveLength(Math.ceil(r.matched / 100));
    expect(checking.at(-1)).toBe(`checking:${r.matched}/${r.matched}`);
    expect(writing).toHaveLength(Math.ceil(r.applied / 100));
    expect(writing.at(-1)).toBe(`writing:${r.applied}/${r.applied}`);
    const audit = await ctx.store.auditFor(gstin, null);
    expect(audit).toHaveLength(r.applied);
    expect(new Set(audit.map((e) => e.at)).size).toBe(1);
    expect(r.auditPoint).toBe(await latestAuditPoint(ctx.store, gstin));
  });

  it('leaves the workspace exactly as it was when cancelled while checking or while writing', async () => {
    const before = await snapshot(ctx.store, gstin);
    for (const phase of ['checking', 'writing'] as const) {
      const abort = new AbortController();
      let batches = 0;
      const run = rejectUndecided(ctx, {
        batchSize: 50,
        signal: abort.signal,
        onProgress: (p) => {
          // Cancelled after two batches of the phase: the writes of those two are in the transaction.
          if (p.phase === phase && ++batches === 2) abort.abort();
        },
      });
      await expect(run).rejects.toBeInstanceOf(JobCancelledError);
      expect(batches).toBe(2);
      expect(await snapshot(ctx.store, gstin)).toEqual(before);
    }
  });

  it('lets the event loop turn between batches: a cancel sent from it lands while writing', async () => {
    const before = await snapshot(ctx.store, gstin);
    const abort = new AbortController();
    const seen: string[] = [];
    let armed = false;
    const run = decideFiltered(ctx, {
      gstin,
      filter: NOT_DECIDED,
      verb: 'accept',
      source: 'web',
      skipRefused: true,
      batchSize: 40,
      signal: abort.signal,
      onProgress: (p) => {
        seen.push(`${p.phase}:${p.done}`);
        // As a server's cancel request comes: on a later turn of the event loop, not in the chain.
        if (p.phase === 'writing' && !armed) {
          armed = true;
          setImmediate(() => abort.abort());
        }
      },
    });
    await expect(run).rejects.toBeInstanceOf(JobCancelledError);
    // Cancelled after the first batch written, not after the last.
    expect(seen.filter((s) => s.startsWith('writing'))).toEqual(['writing:40']);
    expect(await snapshot(ctx.store, gstin)).toEqual(before);
  });

  it('skips records another person decided after the point the page saw, and keeps their decision', async () => {
    const seenUpTo = await latestAuditPoint(ctx.store, gstin);
    const keys = await matchingKeys(ctx.store, gstin, NOT_DECIDED);
    const theirs = keys.slice(0, 7);
    const mine = keys.slice(7, 10);
    await decide(
      { ...ctx, user: 'arjun' },
      { gstin, selector: { keys: theirs }, verb: 'accept', source: 'web' },
    );
    // The same person's own decision since is no reason to skip.
    await decide(ctx, { gstin, selector: { keys: mine }, verb: 'accept', source: 'web' });
    const r = await decideFiltered(ctx, {
      gstin,
      filter: ALL,
      verb: 'reject',
      remark: 'not ours',
      source: 'web',
      skipRefused: true,
      seenUpTo,
    });
    expect(r.skipped).toBe(7);
    expect(r.skippedRecords.map((s) => s.recordKey).sort()).toEqual([...theirs].sort());
    expect(r.skippedRecords.every((s) => s.code === 'STALE_RECORD' && s.by === 'arjun')).toBe(true);
    expect(sums(r)).toBe(r.matched);
    const now = new Map((await ctx.store.loadRecords(gstin)).map((w) => [w.record.key, w]));
    for (const k of theirs) expect(now.get(k)?.state.decision.action).toBe('accept');
    for (const k of mine) expect(now.get(k)?.state.decision.action).toBe('reject');
  });

  it('skips records decided by anyone while it was checking, instead of overwriting them', async () => {
    const keys = await matchingKeys(ctx.store, gstin, NOT_DECIDED);
    const late = [keys[0] as string, keys[keys.length - 1] as string];
    // The store a long decision reads through: after its first batch, another person decides.
    const racing = racingStore(ctx.store, 1, () =>
      decide(
        { ...ctx, user: 'arjun' },
        { gstin, selector: { keys: late }, verb: 'accept', source: 'web' },
      ),
    );
    const r = await rejectUndecided({ ...ctx, store: racing });
    expect(r.skippedRecords.map((s) => s.recordKey).sort()).toEqual([...late].sort());
    expect(sums(r)).toBe(r.matched);
    const audit = await ctx.store.auditFor(gstin, late);
    expect(audit.map((e) => `${e.user}:${e.toAction}`)).toEqual(['arjun:accept', 'arjun:accept']);
  });

  it('checks again under its lock when an IMS download was imported while it was checking', async () => {
    // The records the portal now says were accepted there, in a download imported after the
    // first batch was checked: the Reject planned on them (as undecided) must not be written.
    const keys = await matchingKeys(ctx.store, gstin, NOT_DECIDED);
    const download = JSON.parse(await readFile(ims, 'utf8')) as {
      imsDetails: { b2b: { action: string }[] };
    };
    const b2b = download.imsDetails.b2b;
    const undecided = b2b.flatMap((x, i) => (x.action === 'N' ? [i] : []));
    const acceptedThere = [undecided[0] as number, undecided[undecided.length - 1] as number];
    for (const i of acceptedThere) (b2b[i] as { action: string }).action = 'A';
    const acceptedBefore = new Set(
      (await ctx.store.loadRecords(gstin))
        .filter((w) => w.record.portalAction === 'accept')
        .map((w) => w.record.key),
    );
    const next = join(dir, 'ims-again.json');
    await writeFile(next, JSON.stringify(download));
    const racing = racingStore(ctx.store, 1, () =>
      importIms({ ...ctx, user: 'meera' }, { file: next }),
    );
    const r = await rejectUndecided({ ...ctx, store: racing });
    expect(r.recheckedAfter).toMatchObject({ kind: 'ims', file: 'ims-again.json', user: 'meera' });
    expect(r.recheckedAfter?.message).toContain('checked again');
    // The first download's records that the portal now shows accepted: left as they are, named.
    const now = await ctx.store.loadRecords(gstin);
    const accepted = now
      .filter((w) => w.record.portalAction === 'accept' && !acceptedBefore.has(w.record.key))
      .map((w) => w.record.key);
    expect(accepted).toHaveLength(acceptedThere.length);
    expect(r.skippedRecords.map((x) => [x.recordKey, x.code, x.by])).toEqual(
      expect.arrayContaining(accepted.map((k) => [k, 'CHANGED_BY_IMPORT', 'meera'])),
    );
    expect(r.matched).toBe(keys.length);
    expect(sums(r)).toBe(r.matched);
    expect(r.written).toBe(true);
    const audit = await ctx.store.auditFor(gstin, accepted);
    expect(audit).toEqual([]);
    for (const w of now.filter((x) => accepted.includes(x.record.key)))
      expect(w.state.decision.action).toBe('accept');
  });

  it('does not check again when no import came while it was checking', async () => {
    const r = await decideFiltered(ctx, {
      gstin,
      filter: NOT_DECIDED,
      verb: 'pending',
      source: 'web',
      skipRefused: true,
      batchSize: 100,
    });
    expect(r.recheckedAfter).toBeNull();
  });
});
