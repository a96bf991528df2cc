import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { RefusedError } from '../core/index.js';
import type { DecisionVerb, RecordSelector } from '../core/index.js';
import { generateImsDownload } from '../generator/generate-ims.js';
import type { WorkspaceStore } from '../store/index.js';
import { describeStores } from '../test-support/stores.js';
import { racingStore } from '../test-support/racing-store.js';
import type { AppContext } from './context.js';
import { decide } from './decide.js';
import { exportUpload, planUpload } from './export-upload.js';
import { importIms } from './import-ims.js';

// export upload lists the candidates without their descriptions, sorts them, then reads each
// record once (decision 0051). What it writes must be what the whole-workspace plan builds (the
// web download's files, the golden files), byte for byte, and a record that changes between the
// listing and its read must stop it.

const G = '27AABCU9603R1ZN';
const dir = mkdtempSync(join(tmpdir(), 'gst-ims-export-upload-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = join(dir, 'ims.json');
writeFileSync(
  file,
  JSON.stringify(
    generateImsDownload({ seed: 11, count: 1500, recipientGstin: G, returnPeriod: '102026' }).json,
  ),
);

const ctxOf = (store: WorkspaceStore): AppContext => ({
  store,
  user: 'asha',
  now: () => '2026-11-10T10:00:00.000Z',
});

/** A month with accepts, rejects, pendings and resets of the portal's decisions, in every section. */
async function decided(store: WorkspaceStore): Promise<AppContext> {
  const ctx = ctxOf(store);
  await importIms(ctx, { file });
  const records = await store.loadRecords(G);
  const undecided = records.filter((r) => r.record.portalAction === 'noAction');
  const portalHeld = records.filter((r) => r.record.portalAction !== 'noAction');
  const keys = (rs: typeof records, from: number, step: number) =>
    rs.filter((_, i) => i % step === from).map((r) => r.record.key);
  const act = (selector: RecordSelector, verb: DecisionVerb, remark?: string) =>
    decide(ctx, { gstin: G, selector, verb, remark, source: 'cli', skipRefused: true });
  await act({ all: true }, 'accept');
  await act({ keys: keys(undecided, 1, 5) }, 'reject', 'not received');
  await act({ keys: keys(undecided, 2, 7) }, 'pending');
  await act({ keys: keys(portalHeld, 0, 2) }, 'reset');
  return ctx;
}

describeStores('exportUpload', (kind) => {
  it('writes the files the whole plan builds, byte for byte, and logs its items in plan order', async () => {
    const store = await kind.open();
    try {
      const ctx = await decided(store);
      const maxBytes = 40_000;
      const { pending, built } = await planUpload(ctx, G, maxBytes);
      expect(built.save.length).toBeGreaterThan(3);
      expect(built.reset.length).toBeGreaterThan(0);
      const out = join(dir, `${kind.name}-same`, 'upload.json');
      const result = await exportUpload(ctx, { gstin: G, outFile: out, maxBytes });
      const expected = [...built.save, ...built.reset].map((f) => f.json);
      expect(result.files.map((f) => readFileSync(f.path, 'utf8'))).toEqual(expected);
      expect(result.save + result.reset).toBe(pending.length);
      expect(result.reset).toBe(built.reset.reduce((n, f) => n + f.recordKeys.length, 0));
      const logged = await store.lastExport(G);
      expect(logged?.items).toEqual(
        pending.map((r) => ({
          recordKey: r.record.key,
          action: r.state.decision.action,
          prevStatus: r.record.portalAction,
        })),
      );
    } finally {
      await store.close();
    }
  });

  it('stops, writing nothing, when a listed record is decided before it is read back', async () => {
    const store = await kind.open();
    try {
      const ctx = await decided(store);
      const { pending } = await planUpload(ctx, G);
      const victim = pending.filter((r) => r.state.decision.action === 'accept').pop()!.record.key;
      let struck = false;
      // Another process decides between the listing and the read of the record.
      const racing = racingStore(store, 0, async (target) => {
        struck = true;
        await decide(ctxOf(target), {
          gstin: G,
          selector: { keys: [victim] },
          verb: 'reject',
          remark: 'decided meanwhile',
          source: 'cli',
          skipRefused: true,
        });
      });
      const folder = join(dir, `${kind.name}-race`);
      const refused = await exportUpload(
        { ...ctx, store: racing },
        { gstin: G, outFile: join(folder, 'upload.json') },
      ).catch((e: unknown) => e);
      expect(struck).toBe(true);
      expect(refused).toBeInstanceOf(RefusedError);
      expect((refused as RefusedError).refusals).toEqual([
        expect.objectContaining({ recordKey: victim, code: 'CHANGED_DURING_EXPORT' }),
      ]);
      expect(readdirSync(folder)).toEqual([]);
      expect(await store.lastExport(G)).toBeNull();
    } finally {
      await store.close();
    }
  });

  it('leaves no file to upload when the export cannot be logged', async () => {
    const store = await kind.open();
    try {
      const ctx = await decided(store);
      // The log is what matches the portal's answer to its file: a file it does not know must
      // not be left where the user uploads from.
      const failing = new Proxy(store, {
        get(target, prop, receiver) {
          if (prop === 'logExport')
            return () => Promise.reject(new Error('disk I/O error (simulated)'));
          const v = Reflect.get(target, prop, receiver) as unknown;
          return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
        },
      });
      const folder = join(dir, `${kind.name}-unlogged`);
      await expect(
        exportUpload(
          { ...ctx, store: failing },
          { gstin: G, outFile: join(folder, 'upload.json') },
        ),
      ).rejects.toThrow(/simulated/);
      expect(readdirSync(folder)).toEqual([]);
      expect(await store.lastExport(G)).toBeNull();
    } finally {
      await store.close();
    }
  });
});
