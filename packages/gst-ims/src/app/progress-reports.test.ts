// What import register and reconcile report to the context's progress sink: named phases, counts
// that only grow, each phase ending at its total, and the long loops at most every 5,000 rows.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeStores } from '../test-support/stores.js';
import type { AppContext } from './context.js';
import { importIms } from './import-ims.js';
import { importRegister } from './import-register.js';
import { applyProposals, reconcileWorkspace } from './reconcile-workspace.js';

const G = '27AABCU9603R1ZN';
const IMS = join(import.meta.dirname, '../../../../tests/fixtures/ims/offline-download.json');
const ROWS = 12_000;

type Call = [phase: string, done: number, total: number];

describeStores('progress reported by the use cases', (kind) => {
  let dir: string;
  let ctx: AppContext;
  let calls: Call[];
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gst-ims-progress-app-'));
    calls = [];
    ctx = {
      store: await kind.open(),
      user: 'asha',
      now: () => '2026-11-05T10:00:00.000Z',
      progress: (phase, done, total) => void calls.push([phase, done, total]),
    };
  });
  afterEach(async () => {
    await ctx.store.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function register(rows: number): Promise<string> {
    const lines = [
      'Voucher No,Supplier GSTIN,Invoice No,Invoice Date,Taxable Value,IGST,CGST,SGST',
    ];
    for (let i = 1; i <= rows; i++)
      lines.push(
        `V${i},24AAACB1234C1ZL,B-${i},${String(1 + (i % 28)).padStart(2, '0')}-10-2026,100,18,,`,
      );
    const file = join(dir, 'register.csv');
    await writeFile(file, lines.join('\n'));
    return file;
  }

  /** The calls grouped by phase, in order; checks each phase's counts never go back and end at the total. */
  function phases(list: readonly Call[]): Map<string, Call[]> {
    const by = new Map<string, Call[]>();
    for (const c of list) by.set(c[0], [...(by.get(c[0]) ?? []), c]);
    for (const [phase, cs] of by) {
      for (let i = 1; i < cs.length; i++)
        expect((cs[i] as Call)[1], phase).toBeGreaterThanOrEqual((cs[i - 1] as Call)[1]);
      const last = cs[cs.length - 1] as Call;
      expect(last[1], `${phase} ends at its total`).toBe(last[2]);
    }
    return by;
  }

  describe('progress reported by the use cases', () => {
    it('import ims: the download read, then its records written', async () => {
      const r = await importIms(ctx, { file: IMS });
      expect(r.records).toBeGreaterThan(0);
      expect(calls).toEqual([
        ['reading the download', 0, 1],
        ['reading the download', 1, 1],
        ['writing the workspace', 0, r.records],
        ['writing the workspace', r.records, r.records],
      ]);
    });

    it('import register: rows read, then documents written', async () => {
      await importIms(ctx, { file: IMS });
      calls = [];
      await importRegister(ctx, { gstin: G, file: await register(ROWS) });
      const by = phases(calls);
      expect([...by.keys()]).toEqual(['reading register rows', 'writing register documents']);
      expect(by.get('reading register rows')?.at(-1)).toEqual([
        'reading register rows',
        ROWS,
        ROWS,
      ]);
      expect(by.get('writing register documents')?.[0]).toEqual([
        'writing register documents',
        0,
        ROWS,
      ]);
      expect(by.get('writing register documents')?.at(-1)).toEqual([
        'writing register documents',
        ROWS,
        ROWS,
      ]);
    });

    it('reconcile: records matched, then the result file written every 5,000 rows and at the end', async () => {
      await importIms(ctx, { file: IMS });
      await importRegister(ctx, { gstin: G, file: await register(ROWS) });
      calls = [];
      const s = await reconcileWorkspace(ctx, G, { out: join(dir, 'result.csv') });
      const by = phases(calls);
      expect([...by.keys()]).toEqual(['matching records', 'writing the result']);
      expect(by.get('matching records')).toEqual([
        ['matching records', 0, s.records],
        ['matching records', s.records, s.records],
      ]);
      const rows = s.rows.length;
      expect(rows).toBeGreaterThan(ROWS);
      expect(by.get('writing the result')?.map((c) => c[1])).toEqual([0, 5000, 10000, rows]);
    });

    it('reconcile without --out and apply-proposals report the matching only', async () => {
      await importIms(ctx, { file: IMS });
      await importRegister(ctx, { gstin: G, file: await register(10) });
      calls = [];
      await reconcileWorkspace(ctx, G);
      expect([...phases(calls).keys()]).toEqual(['matching records']);
      calls = [];
      await applyProposals(ctx, { gstin: G, dryRun: true });
      expect([...phases(calls).keys()]).toEqual(['matching records']);
    });

    it('a failing import reports no more than it did', async () => {
      await importIms(ctx, { file: IMS });
      calls = [];
      await expect(
        importRegister(ctx, { gstin: G, file: join(dir, 'absent.csv') }),
      ).rejects.toThrow();
      expect(calls).toEqual([['reading register rows', 0, 0]]);
    });
  });
});
