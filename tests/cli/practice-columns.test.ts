// Every command that writes records keeps migration 0016's copies of the description right
// (decision 0053): each record's 2B period and the portal's remark and declaration, which the
// practice view counts and the waiting view compares. A first import, decisions, an upload and
// the portal's answer (which makes the uploaded decisions the portal's own), next month's
// download and a workspace copy, on both stores; after each, every record's columns must be what
// fillRecordValues makes of the record as loaded.
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { fillRecordValues, RECORD_COLUMNS } from '../../packages/gst-ims/src/store/record-rows.js';
import { storedPracticeColumns } from '../../packages/gst-ims/src/test-support/older-workspace.js';
import type { StoreKind } from '../../packages/gst-ims/src/test-support/stores.js';
import { SQLITE, describeStores } from '../../packages/gst-ims/src/test-support/stores.js';
import { rmSync } from 'node:fs';
import { FIXTURES, runCli, tempDir } from '../support/cli.js';

const dir = tempDir('gst-ims-practice-columns-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ims = (f: string): string => join(FIXTURES, 'ims', f);
const COPIED = ['two_b_period', 'portal_remark', 'portal_itc_reduction'] as const;

/** Each record's key with its columns as stored, and as fillRecordValues makes them. */
async function columnsOf(kind: StoreKind, location: string) {
  const store = await kind.open(location);
  const expected: unknown[][] = [];
  try {
    for (const { gstin } of await store.listGstins())
      for (const w of await store.loadRecords(gstin)) {
        const values: unknown[] = [];
        fillRecordValues(values, 0, gstin, w.record);
        expected.push([w.record.key, ...COPIED.map((c) => values[RECORD_COLUMNS.indexOf(c)])]);
      }
  } finally {
    await store.close();
  }
  return { stored: await storedPracticeColumns(kind, location), expected: expected.sort() };
}

describeStores('the practice columns through every command that writes records', (kind) => {
  it('import ims, the portal answer, the next download and a workspace copy keep them', async () => {
    const location = await kind.newLocation();
    await (await kind.open(location)).close();
    const cli = (...args: string[]) => {
      const r = runCli(['--db', location, '--user', 'ravi', ...args]);
      expect(r.code, r.stderr).toBe(0);
      return r;
    };
    const check = async (at = location, k = kind) => {
      const { stored, expected } = await columnsOf(k, at);
      expect(stored.length).toBeGreaterThan(0);
      expect(stored).toEqual(expected);
      return stored;
    };

    cli('import', 'ims', ims('offline-download.json'));
    await check();

    cli('act', 'reject', '--section', 'b2b', '--remark', 'not received');
    cli('act', 'accept', '--number', 'CN-7', '--itc-reduction', 'none', '--remark', 'no ITC');
    cli('act', 'accept', '--number', 'DN-14');
    const up = join(dir, `${kind.name}-up.json`);
    cli('export', 'upload', '--out', up);
    // Processed with errors: DN-14 failed, the others became the portal's decisions.
    cli('import', 'errors', ims('status-processed-with-errors.json'), '--for', up);
    const answered = await check();
    // Not vacuous: the portal now holds a remark and a declaration here.
    expect(answered.some((r) => r[2] === 'not received')).toBe(true);
    expect(answered.some((r) => r[2] === 'no ITC' && r[3] === '{"kind":"none"}')).toBe(true);

    cli('import', 'ims', ims('offline-download-next.json'));
    await check();

    const copy = join(dir, `${kind.name}-copy.sqlite`);
    cli('workspace', 'copy', '--from', location, '--to', copy);
    expect(await check(copy, SQLITE)).toEqual(await check());
  });
});
