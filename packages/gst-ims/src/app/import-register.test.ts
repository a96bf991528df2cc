import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BadInputError } from '../core/index.js';
import { describeStores } from '../test-support/stores.js';
import type { AppContext } from './context.js';
import { REGISTER_MAPPING_SETTING, importRegister } from './import-register.js';

const G = '27AABCU9603R1ZN';
const HEADER = 'Voucher No,Supplier GSTIN,Invoice No,Invoice Date,Taxable Value,IGST,CGST,SGST';

describeStores('importRegister', (kind) => {
  let dir: string;
  let ctx: AppContext;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gst-ims-impreg-'));
    let t = 0;
    ctx = {
      store: await kind.open(),
      user: 'tester',
      now: () => `2026-11-0${1 + (t++ % 9)}T10:00:00.000Z`,
    };
    await ctx.store.ensureGstin(G, ctx.now());
  });
  afterEach(async () => {
    await ctx.store.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function csv(name: string, rows: string[]): Promise<string> {
    const p = join(dir, name);
    await writeFile(p, [HEADER, ...rows].join('\n'));
    return p;
  }

  describe('importRegister', () => {
    it('imports, logs, remembers the mapping, and replaces the period on re-import', async () => {
      const a = await csv('april.csv', [
        'V1,24AAACB1234C1ZL,A-1,01-04-2026,100,18,,',
        'V2,24AAACB1234C1ZL,A-2,30-04-2026,100,18,,',
      ]);
      const r1 = await importRegister(ctx, { gstin: G, file: a });
      expect(r1).toMatchObject({
        documents: 2,
        periodFrom: '2026-04-01',
        periodTo: '2026-04-30',
        replaced: 0,
        kept: 0,
        preset: 'generic',
      });
      expect(r1.mapping).toMatchObject({ ref: 'Voucher No', supplierGstin: 'Supplier GSTIN' });
      expect(r1.counts).toEqual({
        dataRows: 2,
        documents: 2,
        merged: 0,
        duplicates: 0,
        skipped: 0,
        bad: 0,
        blank: 0,
      });
      // The import log keeps the counts too.
      expect((await ctx.store.listImports(G))[0]?.summary).toMatchObject({ counts: r1.counts });
      expect(JSON.parse((await ctx.store.getSetting(G, REGISTER_MAPPING_SETTING)) ?? '')).toEqual({
        preset: 'generic',
        map: {},
      });

      const m = await csv('may.csv', ['V1,24AAACB1234C1ZL,M-1,02-05-2026,100,18,,']);
      const r2 = await importRegister(ctx, { gstin: G, file: m });
      // V1 is taken by April's document, which stays: the May one gets V1#2.
      expect(r2).toMatchObject({ documents: 1, replaced: 0, kept: 2 });
      expect((await ctx.store.loadRegister(G)).map((d) => [d.ref, d.docNumber])).toEqual([
        ['V1', 'A-1'],
        ['V2', 'A-2'],
        ['V1#2', 'M-1'],
      ]);

      const a2 = await csv('april-again.csv', ['V7,24AAACB1234C1ZL,A-7,15-04-2026,100,18,,']);
      const r3 = await importRegister(ctx, {
        gstin: G,
        file: a2,
        from: '2026-04-01' as never,
        to: '2026-04-30' as never,
      });
      expect(r3).toMatchObject({ documents: 1, replaced: 2, kept: 1 });
      expect((await ctx.store.loadRegister(G)).map((d) => d.docNumber)).toEqual(['A-7', 'M-1']);
      const imports = await ctx.store.listImports(G);
      expect(imports.map((i) => i.kind)).toEqual(['register', 'register', 'register']);
      expect(
        (await ctx.store.listRegisterImports(G)).map((i) => [i.file, i.periodFrom, i.periodTo]),
      ).toEqual([
        ['april.csv', '2026-04-01', '2026-04-30'],
        ['may.csv', '2026-05-02', '2026-05-02'],
        ['april-again.csv', '2026-04-01', '2026-04-30'],
      ]);
    });

    it('a failing strict import leaves the previous register, mapping and log exactly as they were', async () => {
      const good = await csv('good.csv', ['V1,24AAACB1234C1ZL,A-1,01-04-2026,100,18,,']);
      await importRegister(ctx, { gstin: G, file: good });
      const before = {
        docs: await ctx.store.loadRegister(G),
        imports: await ctx.store.listImports(G),
        mapping: await ctx.store.getSetting(G, REGISTER_MAPPING_SETTING),
      };
      const bad = await csv('bad.csv', [
        'V9,24AAACB1234C1ZL,B-1,01-04-2026,100,18,,',
        'V10,24AAACB1234C1ZL,B-2,31-04-2026,100,18,,',
      ]);
      const err = await importRegister(ctx, {
        gstin: G,
        file: bad,
        strict: true,
        map: { 'Voucher No': 'ref' },
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BadInputError);
      expect((err as Error).message).toContain('row 3, column "Invoice Date", value "31-04-2026"');
      expect({
        docs: await ctx.store.loadRegister(G),
        imports: await ctx.store.listImports(G),
        mapping: await ctx.store.getSetting(G, REGISTER_MAPPING_SETTING),
      }).toEqual(before);
    });

    it('a failure inside the transaction rolls everything back', async () => {
      const good = await csv('good.csv', ['V1,24AAACB1234C1ZL,A-1,01-04-2026,100,18,,']);
      await importRegister(ctx, { gstin: G, file: good });
      const before = await ctx.store.loadRegister(G);
      const failing: AppContext = {
        ...ctx,
        store: new Proxy(ctx.store, {
          get(target, prop, recv) {
            if (prop === 'transaction') {
              return <T>(fn: (tx: AppContext['store']) => Promise<T>) =>
                target.transaction((tx) =>
                  fn(
                    new Proxy(tx, {
                      get(t2, p2, r2) {
                        if (p2 === 'setSetting')
                          return () => Promise.reject(new Error('disk full'));
                        const v = Reflect.get(t2, p2, r2) as unknown;
                        return typeof v === 'function'
                          ? (v as (...a: unknown[]) => unknown).bind(t2)
                          : v;
                      },
                    }),
                  ),
                );
            }
            const v = Reflect.get(target, prop, recv) as unknown;
            return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
          },
        }),
      };
      const other = await csv('other.csv', ['V5,24AAACB1234C1ZL,A-5,01-04-2026,100,18,,']);
      await expect(importRegister(failing, { gstin: G, file: other })).rejects.toThrow('disk full');
      expect(await ctx.store.loadRegister(G)).toEqual(before);
      expect((await ctx.store.listImports(G)).length).toBe(1);
    });

    it('the default imports the good rows and reports the bad; a file of only bad rows imports nothing', async () => {
      const mixed = await csv('mixed.csv', [
        'V1,24AAACB1234C1ZL,A-1,01-04-2026,100,18,,',
        'V2,24AAACB1234C1Z,A-2,01-04-2026,100,18,,',
      ]);
      const r = await importRegister(ctx, { gstin: G, file: mixed });
      expect(r.documents).toBe(1);
      expect(r.badRows).toHaveLength(1);
      const allBad = await csv('allbad.csv', ['V2,24AAACB1234C1Z,A-2,01-04-2026,100,18,,']);
      await expect(importRegister(ctx, { gstin: G, file: allBad })).rejects.toThrow(
        /nothing to import: every document row is bad; first: row 2, column "Supplier GSTIN"/,
      );
      expect((await ctx.store.loadRegister(G)).length).toBe(1);
    });

    it('keeps a manual link while its ref names the same document, drops it otherwise; never touches decisions', async () => {
      const a = await csv('a.csv', [
        'V1,24AAACB1234C1ZL,A-1,01-04-2026,100,18,,',
        'V2,24AAACB1234C1ZL,A-2,02-04-2026,100,18,,',
      ]);
      await importRegister(ctx, { gstin: G, file: a });
      await ctx.store.addManualLink(G, {
        recordKey: 'k1',
        registerRef: 'V1',
        kind: 'link',
        at: 't',
        user: 'u',
      });
      await ctx.store.addManualLink(G, {
        recordKey: 'k2',
        registerRef: 'V2',
        kind: 'link',
        at: 't',
        user: 'u',
      });
      await ctx.store.saveMatches(G, [
        {
          recordKey: 'k1',
          registerRef: 'V1',
          outcome: 'exact',
          score: 100,
          reasons: [],
          manual: true,
        },
      ]);
      const b = await csv('b.csv', [
        'V1,24AAACB1234C1ZL,a-1,01-04-2026,100,18,,',
        'V2,24AAACB1234C1ZL,Z-9,02-04-2026,100,18,,',
      ]);
      const r = await importRegister(ctx, { gstin: G, file: b });
      expect(r.droppedLinks).toEqual([{ recordKey: 'k2', registerRef: 'V2', kind: 'link' }]);
      expect((await ctx.store.loadManualLinks(G)).map((l) => l.recordKey)).toEqual(['k1']);
      expect(await ctx.store.loadMatches(G)).toEqual([]);
      expect(await ctx.store.auditFor(G, null)).toEqual([]);
    });
  });
});
