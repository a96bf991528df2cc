// Undo through the engine: the decisions before an action come back through the same rules and
// write path, audited as undo:<id>; records changed since are skipped with their reason; the
// log only grows.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ItcReduction, WorkspaceRecord } from '../core/index.js';
import { BadInputError, NothingToDoError, declarationRequired } from '../core/index.js';
import { generateImsDownload } from '../generator/generate-ims.js';
import { describeStores } from '../test-support/stores.js';
import type { AppContext } from './context.js';
import { decide } from './decide.js';
import { importIms } from './import-ims.js';
import { undoAction } from './undo-action.js';
import { recentActions } from './undo-recent-actions.js';

describeStores('undoAction', (kind) => {
  let dir: string;
  let ctx: AppContext;
  let gstin: string;
  let clock: number;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gst-ims-undo-'));
    clock = 0;
    ctx = {
      store: await kind.open(),
      user: 'asha',
      // Every call a new minute: each action has its own time, as in real use.
      now: () => new Date(Date.UTC(2026, 10, 5, 10, clock++)).toISOString(),
    };
    const file = join(dir, 'ims.json');
    await writeFile(
      file,
      JSON.stringify(
        generateImsDownload({
          seed: 5,
          count: 300,
          recipientGstin: '27AABCU9603R1ZN',
          returnPeriod: '102026',
        }).json,
      ),
    );
    gstin = (await importIms(ctx, { file })).gstin;
  });
  afterEach(async () => {
    await ctx.store.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Undecided records every decision may be given. */
  async function plain(n: number): Promise<string[]> {
    const rows = (await ctx.store.loadRecords(gstin)).filter(
      (r) =>
        !r.state.gone &&
        !r.record.pendingBlocked &&
        !r.record.remarksBlocked &&
        r.record.supplierFiled !== false &&
        !declarationRequired(r.record) &&
        r.record.portalAction === 'noAction' &&
        r.state.decision.action === 'noAction',
    );
    expect(rows.length).toBeGreaterThanOrEqual(n);
    return rows.slice(0, n).map((r) => r.record.key);
  }

  async function byKey(keys: readonly string[]): Promise<Map<string, WorkspaceRecord>> {
    const rows = await ctx.store.loadRecordsByKeys(gstin, keys);
    return new Map(rows.map((r) => [r.record.key, r]));
  }

  const auditRows = async (): Promise<number> => (await ctx.store.auditFor(gstin, null)).length;

  async function act(
    keys: string[],
    verb: 'accept' | 'reject' | 'pending' | 'reset',
    remark: string | null = null,
    user = 'asha',
  ) {
    const r = await decide(
      { ...ctx, user },
      { gstin, selector: { keys }, verb, remark, source: 'cli' },
    );
    expect(r.applied).toBe(true);
  }

  describe('undoAction', () => {
    it('undoes the last action: earlier decisions back, new undo entries, no entry removed', async () => {
      const keys = await plain(4);
      await act(keys.slice(0, 2), 'reject', 'not ours');
      await act(keys, 'accept');
      const before = await auditRows();
      const r = await undoAction(ctx, { gstin });
      expect(r.applied).toBe(true);
      expect(r.records).toBe(4);
      expect(r.undone).toBe(4);
      expect(r.skipped).toEqual([]);
      const now = await byKey(keys);
      expect(now.get(keys[0] as string)?.state.decision).toEqual({
        action: 'reject',
        remark: 'not ours',
        itcReduction: null,
      });
      expect(now.get(keys[3] as string)?.state.decision.action).toBe('noAction');
      const trail = await ctx.store.auditFor(gstin, null);
      expect(trail.length).toBe(before + 4);
      expect(trail.slice(-4).every((e) => e.source === `undo:${r.action.id}`)).toBe(true);
      expect(r.undoActionId).toBe(trail[trail.length - 4]?.eventId);
      const actions = await recentActions(ctx, gstin);
      expect(actions[0]?.id).toBe(r.undoActionId);
      expect(actions[0]?.undoes).toBe(r.action.id);
      expect(actions[1]?.undoneBy).toBe(r.undoActionId);
    });

    it('skips a record decided again since, lists why, and the counts add up', async () => {
      const keys = await plain(5);
      await act(keys, 'accept');
      const accepted = (await recentActions(ctx, gstin))[0];
      await act([keys[1] as string], 'pending', null, 'ravi');
      const r = await undoAction(ctx, { gstin, eventId: accepted?.id });
      expect(r.records).toBe(5);
      expect(r.undone).toBe(4);
      expect(r.skipped.map((s) => [s.recordKey, s.code])).toEqual([
        [keys[1], 'UNDO_RECORD_CHANGED_SINCE'],
      ]);
      expect(r.skipped[0]?.message).toMatch(/ravi/);
      expect(r.undone + r.skipped.length).toBe(r.records);
      const now = await byKey(keys);
      expect(now.get(keys[1] as string)?.state.decision.action).toBe('pending');
      expect(now.get(keys[0] as string)?.state.decision.action).toBe('noAction');
    });

    it('skips a record the portal dropped (gone)', async () => {
      const keys = await plain(2);
      await act(keys, 'reject', 'no');
      const [gone] = await ctx.store.loadRecordsByKeys(gstin, [keys[0] as string]);
      await ctx.store.updateStates(gstin, [
        { key: keys[0] as string, state: { ...(gone as WorkspaceRecord).state, gone: true } },
      ]);
      const r = await undoAction(ctx, { gstin });
      expect(r.skipped.map((s) => s.code)).toEqual(['UNDO_RECORD_GONE']);
      expect(r.undone).toBe(1);
    });

    it("skips a record whose earlier decision the rules now refuse, with the rule's code", async () => {
      const keys = await plain(2);
      await act(keys, 'pending');
      await act(keys, 'accept');
      // The portal has since blocked Pending on the first record (a newer download said so).
      const [w] = await ctx.store.loadRecordsByKeys(gstin, [keys[0] as string]);
      const held = w as WorkspaceRecord;
      await ctx.store.updateRecords(gstin, [
        { record: { ...held.record, pendingBlocked: true }, state: held.state },
      ]);
      const r = await undoAction(ctx, { gstin });
      expect(r.skipped.map((x) => [x.recordKey, x.code])).toEqual([[keys[0], 'PENDING_BLOCKED']]);
      expect(r.undone).toBe(1);
      const now = await byKey(keys);
      expect(now.get(keys[0] as string)?.state.decision.action).toBe('accept');
      expect(now.get(keys[1] as string)?.state.decision.action).toBe('pending');
    });

    it('a dry run says what it would restore and writes nothing', async () => {
      const keys = await plain(3);
      await act(keys, 'accept');
      const before = await auditRows();
      const r = await undoAction(ctx, { gstin, dryRun: true });
      expect(r.applied).toBe(false);
      expect(r.undoActionId).toBeNull();
      expect(r.restores.map((x) => [x.from.action, x.to.action])).toEqual([
        ['accept', 'noAction'],
        ['accept', 'noAction'],
        ['accept', 'noAction'],
      ]);
      expect(await auditRows()).toBe(before);
      for (const w of (await byKey(keys)).values()) expect(w.state.decision.action).toBe('accept');
    });

    it('by default takes back the next older action once the last is undone; an undo can be undone', async () => {
      const keys = await plain(2);
      await act([keys[0] as string], 'accept');
      await act([keys[1] as string], 'reject', 'dup');
      const first = await undoAction(ctx, { gstin });
      expect(first.restores.map((x) => x.key)).toEqual([keys[1]]);
      const second = await undoAction(ctx, { gstin });
      expect(second.restores.map((x) => x.key)).toEqual([keys[0]]);
      // Redo: undoing the undo brings the rejection (and its remark) back.
      const redo = await undoAction(ctx, { gstin, eventId: first.undoActionId ?? -1 });
      expect(redo.undone).toBe(1);
      expect((await byKey([keys[1] as string])).get(keys[1] as string)?.state.decision).toEqual({
        action: 'reject',
        remark: 'dup',
        itcReduction: null,
      });
    });

    it('restores an earlier remark and ITC-reduction declaration through the rules', async () => {
      const rows = (await ctx.store.loadRecords(gstin)).filter(
        (r) =>
          !r.state.gone &&
          declarationRequired(r.record) &&
          !r.record.remarksBlocked &&
          r.record.supplierFiled !== false &&
          r.state.decision.action === 'noAction' &&
          r.record.amounts.igst + r.record.amounts.cgst > 0,
      );
      expect(rows.length).toBeGreaterThan(0);
      const r0 = rows[0] as WorkspaceRecord;
      const half = (n: number) => Math.floor(n / 2);
      const a = r0.record.amounts;
      const partial = {
        kind: 'partial',
        igst: half(a.igst),
        cgst: half(a.cgst),
        sgst: half(a.cgst),
        cess: 0,
      } as ItcReduction;
      const first = await decide(ctx, {
        gstin,
        selector: { keys: [r0.record.key] },
        verb: 'accept',
        remark: 'half reversed in Sept',
        itcReduction: partial,
        source: 'cli',
      });
      expect(first.refused).toEqual([]);
      await decide(ctx, {
        gstin,
        selector: { keys: [r0.record.key] },
        verb: 'accept',
        itcReduction: { kind: 'full' },
        source: 'cli',
      });
      const r = await undoAction(ctx, { gstin });
      expect(r.undone).toBe(1);
      expect((await byKey([r0.record.key])).get(r0.record.key)?.state.decision).toEqual({
        action: 'accept',
        remark: 'half reversed in Sept',
        itcReduction: partial,
      });
    });

    it('says so when there is nothing to undo, or no such event', async () => {
      await expect(undoAction(ctx, { gstin })).rejects.toBeInstanceOf(NothingToDoError);
      const keys = await plain(1);
      await act(keys, 'accept', null, 'ravi');
      // Ravi's action is not Asha's to undo by default...
      await expect(undoAction(ctx, { gstin })).rejects.toBeInstanceOf(NothingToDoError);
      await expect(undoAction(ctx, { gstin, eventId: 99999 })).rejects.toBeInstanceOf(
        BadInputError,
      );
      // ...but named, it is.
      const ravi = (await recentActions(ctx, gstin))[0];
      expect((await undoAction(ctx, { gstin, eventId: ravi?.id })).undone).toBe(1);
    });

    it('an action of several decisions (plain invoices and declared credit notes) is undone whole', async () => {
      const plainKeys = await plain(2);
      const notes = (await ctx.store.loadRecords(gstin))
        .filter(
          (r) =>
            declarationRequired(r.record) &&
            !r.state.gone &&
            r.record.supplierFiled !== false &&
            r.state.decision.action === 'noAction',
        )
        .slice(0, 2)
        .map((r) => r.record.key);
      expect(notes.length).toBe(2);
      await act([...plainKeys, ...notes], 'accept');
      const [action] = await recentActions(ctx, gstin);
      expect(action?.eventIds.length).toBe(2);
      expect(action?.records).toBe(4);
      // Named by its second event, the whole action is taken back.
      const r = await undoAction(ctx, { gstin, eventId: action?.eventIds[1] });
      expect(r.action.id).toBe(action?.id);
      expect(r.undone).toBe(4);
      for (const w of (await byKey([...plainKeys, ...notes])).values())
        expect(w.state.decision.action).toBe('noAction');
    });
  });
});
