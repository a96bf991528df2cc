// writeDecisions, the one write path of every decision (CLI, web, Excel, rules): each record gets
// exactly its own decision, whatever the mix, and one audit entry.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Decision } from '../core/index.js';
import { generateImsDownload } from '../generator/generate-ims.js';
import { describeStores } from '../test-support/stores.js';
import type { AppContext } from './context.js';
import { planDecisions, writeDecisions } from './decide.js';
import { importIms } from './import-ims.js';

describeStores('writeDecisions', (kind) => {
  let dir: string;
  let ctx: AppContext;
  let IMS: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gst-ims-write-decisions-'));
    ctx = {
      store: await kind.open(),
      user: 'asha',
      now: () => '2026-11-05T10:00:00.000Z',
    };
    IMS = join(dir, 'ims.json');
    await writeFile(
      IMS,
      JSON.stringify(
        generateImsDownload({
          seed: 3,
          count: 400,
          recipientGstin: '27AABCU9603R1ZN',
          returnPeriod: '102026',
        }).json,
      ),
    );
  });
  afterEach(async () => {
    await ctx.store.close();
    await rm(dir, { recursive: true, force: true });
  });

  describe('writeDecisions', () => {
    it('stores each record its own decision in a mix of many, and audits every change once', async () => {
      const { gstin } = await importIms(ctx, { file: IMS });
      const all = (await ctx.store.loadRecords(gstin)).filter(
        (r) =>
          !r.state.gone &&
          !r.record.pendingBlocked &&
          !r.record.remarksBlocked &&
          r.state.decision.action === 'noAction',
      );
      expect(all.length).toBeGreaterThanOrEqual(6);
      const shared: Decision = { action: 'reject', remark: 'not ours', itcReduction: null };
      const decisions: Decision[] = [
        shared,
        { action: 'reject', remark: 'not ours', itcReduction: null }, // equal to shared, another object
        { action: 'reject', remark: 'Not ours', itcReduction: null }, // another remark
        { action: 'pending', remark: null, itcReduction: null },
        shared,
        { action: 'accept', remark: null, itcReduction: null },
      ];
      const items = all
        .slice(0, decisions.length)
        .map((current, i) => ({ current, decision: decisions[i] as Decision }));
      const plan = planDecisions(items);
      expect(plan.refused).toEqual([]);
      await ctx.store.transaction((tx) => writeDecisions(ctx, tx, gstin, plan.changes, 'test'));
      const back = new Map((await ctx.store.loadRecords(gstin)).map((r) => [r.record.key, r]));
      for (const { current, decision } of items) {
        expect(back.get(current.record.key)?.state.decision).toEqual(decision);
        expect(back.get(current.record.key)?.state.changedBySupplier).toBe(false);
      }
      const untouched = all[decisions.length];
      if (untouched)
        expect(back.get(untouched.record.key)?.state.decision).toEqual(untouched.state.decision);
      const audit = await ctx.store.auditFor(gstin, null);
      expect(audit.map((a) => [a.recordKey, a.toAction, a.remark, a.source])).toEqual(
        items.map(({ current, decision }) => [
          current.record.key,
          decision.action,
          decision.remark,
          'test',
        ]),
      );
    });

    it('keeps two declarations on the same action apart', async () => {
      const { gstin } = await importIms(ctx, { file: IMS });
      const notes = (await ctx.store.loadRecords(gstin)).filter(
        (r) => !r.state.gone && !r.record.itcReductionBlocked && r.record.section === 'b2bcn',
      );
      expect(notes.length).toBeGreaterThanOrEqual(2);
      const [a, b] = notes as [(typeof notes)[0], (typeof notes)[0]];
      const full: Decision = { action: 'accept', remark: null, itcReduction: { kind: 'full' } };
      const plain: Decision = {
        action: 'accept',
        remark: 'never availed',
        itcReduction: { kind: 'none' },
      };
      const plan = planDecisions([
        { current: a, decision: full },
        { current: b, decision: plain },
      ]);
      expect(plan.refused).toEqual([]);
      await ctx.store.transaction((tx) => writeDecisions(ctx, tx, gstin, plan.changes, 'test'));
      const back = new Map((await ctx.store.loadRecords(gstin)).map((r) => [r.record.key, r]));
      expect(back.get(a.record.key)?.state.decision).toEqual(full);
      expect(back.get(b.record.key)?.state.decision).toEqual(plain);
    });

    it('gives an Accept of a credit note the full declaration by default, and counts how each was set', async () => {
      const { gstin } = await importIms(ctx, { file: IMS });
      const rows = (await ctx.store.loadRecords(gstin)).filter(
        (r) => !r.state.gone && r.state.decision.action === 'noAction',
      );
      const note = rows.find((r) => r.record.section === 'b2bcn' && !r.record.itcReductionBlocked);
      const invoice = rows.find((r) => r.record.section === 'b2b');
      if (note === undefined || invoice === undefined)
        throw new Error('fixture lacks an undecided credit note or invoice');
      const asked: Decision = { action: 'accept', remark: null, itcReduction: null };
      const plan = planDecisions([
        { current: note, decision: asked },
        { current: invoice, decision: asked },
      ]);
      expect(plan.refused).toEqual([]);
      expect(plan.declarations).toMatchObject({ defaulted: 1, none: 1 });
      expect(plan.changes.find((c) => c.key === note.record.key)?.to.itcReduction).toEqual({
        kind: 'full',
      });
      expect(plan.changes.find((c) => c.key === invoice.record.key)?.to.itcReduction).toBeNull();
      // One answer for a bulk selection applies to the records that take a declaration.
      const bulk = planDecisions([
        {
          current: note,
          decision: { action: 'accept', remark: 'ITC reversed', itcReduction: { kind: 'none' } },
        },
        {
          current: invoice,
          decision: { action: 'accept', remark: null, itcReduction: { kind: 'full' } },
        },
      ]);
      expect(bulk.declarations).toMatchObject({ given: 1, notApplicable: 1 });
      expect(bulk.refused).toEqual([]);
    });
  });
});
