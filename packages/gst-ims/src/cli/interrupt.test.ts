// What Ctrl+C says, from what the run wrote: trackWrites notes transactions open and committed
// and writes outside one (reads count for nothing), and lets the event loop turn before each
// call, so that a signal's handler runs between two statements of a transaction.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SQLITE } from '../test-support/stores.js';
import type { WorkspaceStore } from '../store/index.js';
import { sampleRecords, SAMPLE_GSTIN } from '../test-support/sample-records.js';
import type { WriteLog } from './interrupt.js';
import { interruptMessage, trackWrites } from './interrupt.js';

describe('trackWrites', () => {
  let store: WorkspaceStore;
  let log: WriteLog;
  beforeEach(async () => {
    store = await SQLITE.open();
    log = { open: 0, committed: 0 };
  });
  afterEach(() => store.close());

  it('counts a write outside a transaction, a committed transaction, and no read', async () => {
    const s = trackWrites(store, log);
    await s.ensureGstin(SAMPLE_GSTIN, '2026-12-07T10:00:00Z');
    expect(log).toEqual({ open: 0, committed: 1 });
    await s.loadRecords(SAMPLE_GSTIN);
    await s.listGstins();
    // Every command resolves its GSTIN with gstinIds first: a read (else Ctrl+C said "saved").
    await s.gstinIds();
    await s.recordVersions(SAMPLE_GSTIN, null);
    expect(log.committed).toBe(1);
    let inside: WriteLog | null = null;
    await s.transaction(async (tx) => {
      await tx.insertRecords(SAMPLE_GSTIN, sampleRecords(3));
      inside = { ...log };
    });
    expect(inside).toEqual({ open: 1, committed: 1 });
    expect(log).toEqual({ open: 0, committed: 2 });
    await expect(
      s.transaction(async (tx) => {
        await tx.setDecision(SAMPLE_GSTIN, [], {
          action: 'accept',
          remark: null,
          itcReduction: null,
        });
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(log).toEqual({ open: 0, committed: 2 });
  });

  it('lets a timer (as a signal handler) run between the statements of a transaction', async () => {
    const s = trackWrites(store, log);
    await s.ensureGstin(SAMPLE_GSTIN, '2026-12-07T10:00:00Z');
    let fired = false;
    let firedInside = false;
    setImmediate(() => (fired = true));
    await s.transaction(async (tx) => {
      await tx.insertRecords(SAMPLE_GSTIN, sampleRecords(2));
      await tx.loadRecords(SAMPLE_GSTIN);
      firedInside = fired;
    });
    expect(firedInside).toBe(true);
  });
});

describe('interruptMessage', () => {
  it('says nothing was saved, and that the change under way was rolled back', () => {
    expect(interruptMessage('SIGINT', { open: 1, committed: 0 })).toBe(
      'gst-ims: interrupted (Ctrl+C): nothing was saved, the workspace is as it was (the change under way was rolled back). Run the command again to do it.',
    );
    expect(interruptMessage('SIGTERM', { open: 0, committed: 0 })).toMatch(
      /^gst-ims: stopped \(SIGTERM\): nothing was saved/,
    );
  });

  it('says when the change had been saved already', () => {
    expect(interruptMessage('SIGINT', { open: 0, committed: 1 })).toBe(
      'gst-ims: interrupted (Ctrl+C) after the change was saved: run gst-ims status to see the workspace.',
    );
  });
});
