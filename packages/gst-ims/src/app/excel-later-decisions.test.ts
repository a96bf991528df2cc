// Excel import against decisions made after the workbook's export (issue 16): the audit log
// tells a record decided since (even back to what the workbook showed), and on a multi-user
// workspace another person's later decision is never overwritten, whatever --prefer says.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import type { WorkspaceRecord } from '../core/index.js';
import { describeStores } from '../test-support/stores.js';
import { addUser } from './accounts.js';
import type { AppContext } from './context.js';
import { decide } from './decide.js';
import { exportExcel } from './export-excel.js';
import { importExcel } from './import-excel.js';
import { importIms } from './import-ims.js';

const G = '27AABCU9603R1ZN';
const IMS = resolve(
  fileURLToPath(new URL('.', import.meta.url)),
  '../../../../tests/fixtures/ims/offline-download.json',
);

/** The workbook with Action set to Accept on the B2B rows of these records (as in Excel). */
async function acceptIn(bytes: Buffer, keys: readonly string[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('B2B');
  if (ws === undefined) throw new Error('no B2B sheet');
  const col = new Map<string, number>();
  ws.getRow(1).eachCell((c, n) => col.set(c.text, n));
  const [keyCol, actionCol] = [col.get('Key'), col.get('Action')];
  if (keyCol === undefined || actionCol === undefined) throw new Error('no Key or Action column');
  const left = new Set(keys);
  ws.eachRow((row) => {
    const key = [...left].find((k) => row.getCell(keyCol).text.endsWith(`|${k}`));
    if (key === undefined) return;
    row.getCell(actionCol).value = 'Accept';
    left.delete(key);
  });
  if (left.size > 0) throw new Error(`no rows for ${[...left].join(', ')}`);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function clock(): () => string {
  let t = Date.parse('2026-11-05T10:00:00.000Z');
  return () => new Date((t += 60_000)).toISOString();
}

describeStores('Excel import and decisions made after the export', (kind) => {
  async function setUp(multiUser: boolean) {
    const dir = mkdtempSync(join(tmpdir(), 'gst-ims-excel-later-'));
    const now = clock();
    const store = await kind.open();
    const as = (user: string): AppContext => ({ store, user, now });
    await importIms(as('asha'), { file: IMS });
    if (multiUser)
      for (const name of ['asha', 'ravi'])
        await addUser(store, {
          name,
          role: 'preparer',
          gstins: [G],
          password: 'correct horse 1',
          now: now(),
        });
    const open = (await store.loadRecords(G)).filter(
      (w: WorkspaceRecord) =>
        w.record.section === 'b2b' && w.state.decision.action === 'noAction' && !w.state.gone,
    );
    expect(open.length).toBeGreaterThanOrEqual(3);
    const [x, y, z] = open.map((w) => w.record.key) as [string, string, string];
    const book = join(dir, 'asha.xlsx');
    await exportExcel(as('asha'), { gstin: G, outFile: book });
    const edited = join(dir, 'asha-edited.xlsx');
    writeFileSync(edited, await acceptIn(readFileSync(book), [x, y, z]));
    const decideAs = (user: string, key: string, verb: 'reject' | 'accept' | 'reset') =>
      decide(as(user), { gstin: G, selector: { keys: [key] }, verb, source: 'web' });
    return { store, as, x, y, z, edited, decideAs };
  }

  it('leaves another person’s later decision alone on a multi-user workspace, even with --prefer', async () => {
    const { store, as, x, y, z, edited, decideAs } = await setUp(true);
    try {
      // After the export: ravi rejects x, and accepts y then resets it (the hash is as exported).
      await decideAs('ravi', x, 'reject');
      await decideAs('ravi', y, 'accept');
      await decideAs('ravi', y, 'reset');
      const r = await importExcel(as('asha'), { files: [edited], prefer: edited });
      const guarded = r.conflicts.filter((c) => c.code === 'DECIDED_SINCE_EXPORT');
      expect(guarded.map((c) => c.recordKey).sort()).toEqual([x, y].sort());
      for (const c of guarded) {
        expect(c.resolution).toBe('unresolved');
        expect(c.values[1]?.decision).toMatch(
          /decided by ravi at .*after this workbook was exported/,
        );
      }
      expect(r.changes.map((c) => c.key)).toEqual([z]);
      const now = new Map(
        (await store.loadRecordsByKeys(G, [x, y, z])).map((w) => [
          w.record.key,
          w.state.decision.action,
        ]),
      );
      expect(Object.fromEntries(now)).toEqual({ [x]: 'reject', [y]: 'noAction', [z]: 'accept' });
    } finally {
      await store.close();
    }
  });

  it('lets --prefer settle the importer’s own later decision, and sees one decided and back', async () => {
    const { store, as, x, y, edited, decideAs } = await setUp(true);
    try {
      await decideAs('asha', x, 'reject');
      const mine = await importExcel(as('asha'), { files: [edited], prefer: edited, dryRun: true });
      expect(mine.conflicts.find((c) => c.recordKey === x)).toMatchObject({
        resolution: 'prefer',
      });
      expect(mine.conflicts.some((c) => c.code !== undefined)).toBe(false);
      await decideAs('asha', y, 'accept');
      await decideAs('asha', y, 'reset');
      // Without --prefer, y (decided and reset since the export) is a conflict, not an edit.
      const plain = await importExcel(as('asha'), { files: [edited], dryRun: true });
      expect(plain.conflicts.find((c) => c.recordKey === y)).toMatchObject({
        between: 'workspace',
        resolution: 'unresolved',
      });
      expect(plain.changes.map((c) => c.key)).not.toContain(y);
    } finally {
      await store.close();
    }
  });

  it('sees a record decided and back since the export in a single-user workspace too', async () => {
    const { store, as, y, z, edited, decideAs } = await setUp(false);
    try {
      await decideAs('asha', y, 'accept');
      await decideAs('asha', y, 'reset');
      const r = await importExcel(as('asha'), { files: [edited] });
      expect(r.conflicts.map((c) => [c.recordKey, c.between, c.resolution])).toEqual([
        [y, 'workspace', 'unresolved'],
      ]);
      expect(r.changes.map((c) => c.key)).toContain(z);
      expect(r.changes.map((c) => c.key)).not.toContain(y);
    } finally {
      await store.close();
    }
  });
});
