// export excel / import excel a batch at a time (decision 0045): rows in the same order as one
// sorted list of every record, a section continued on `B2B (2)` past a sheet's row limit (and
// read back), the Home sheet's counts made without the rows in memory, and the transaction's
// check that the records an import weighed have not changed since.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { WorkspaceRecord } from '../core/index.js';
import { SECTIONS, SECTION_INFO, isDirty } from '../core/index.js';
import { generateImsDownload } from '../generator/generate-ims.js';
import { DEFAULT_XLSX_LIMITS, sheetColumns } from '../io/index.js';
import { describeStores } from '../test-support/stores.js';
import type { AppContext } from './context.js';
import { editsStillHold } from './check-excel-books.js';
import { exportOrder, recordsInOrder, textOrder } from './excel-export-order.js';
import { errorText, exportExcel } from './export-excel.js';
import { importExcel } from './import-excel.js';
import { importIms } from './import-ims.js';

const GSTIN = '27AABCU9603R1ZN';

/** The order export excel used when it sorted every row in memory. */
const oldOrder = (a: WorkspaceRecord, b: WorkspaceRecord): number =>
  a.record.supplierGstin.localeCompare(b.record.supplierGstin) ||
  a.record.docDate.localeCompare(b.record.docDate) ||
  a.record.docNumber.localeCompare(b.record.docNumber);

const sign = (n: number): number => Math.sign(n);

describe("the reader's default limits", () => {
  it('take a workbook export excel writes at the row limit, its widest sheet included', () => {
    const widest = Math.max(...SECTIONS.map((s) => sheetColumns(s, true).length));
    expect(DEFAULT_XLSX_LIMITS.maxCells).toBeGreaterThanOrEqual(
      DEFAULT_XLSX_LIMITS.maxRows * widest,
    );
  });
});

describe('textOrder', () => {
  it('orders as localeCompare does: plain document numbers and any text', () => {
    const plain = fc.string({
      unit: fc.constantFrom(...' -./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('')),
      maxLength: 12,
    });
    const mixed = fc.string({ unit: fc.constantFrom(...'aA_-/.1 zZé|#'.split('')), maxLength: 8 });
    for (const gen of [plain, mixed, fc.string({ maxLength: 10 })])
      fc.assert(
        fc.property(gen, gen, (a, b) => sign(textOrder(a, b)) === sign(a.localeCompare(b))),
        { numRuns: 2000 },
      );
    expect(textOrder('INV/10', 'INV-10')).toBeGreaterThan(0);
    expect(textOrder('inv-1', 'INV-2')).toBeLessThan(0);
  });
});

describeStores('export excel a batch at a time', (kind) => {
  async function workspace(count = 160): Promise<{ dir: string; ctx: AppContext }> {
    const dir = mkdtempSync(join(tmpdir(), 'gst-ims-excel-stream-'));
    const file = join(dir, 'ims.json');
    writeFileSync(
      file,
      JSON.stringify(
        generateImsDownload({
          seed: 5,
          count,
          recipientGstin: GSTIN,
          returnPeriod: '102026',
          // Few suppliers: groups larger than a batch take the slim-list path.
          supplierCount: 3,
        }).json,
      ),
    );
    let t = Date.parse('2026-11-05T10:00:00.000Z');
    const ctx: AppContext = {
      store: await kind.open(),
      user: 'asha',
      now: () => new Date((t += 60_000)).toISOString(),
    };
    await importIms(ctx, { file });
    return { dir, ctx };
  }

  it('loads a sheet in batches in the order of one sorted list, large groups included', async () => {
    const { ctx } = await workspace();
    const live = (await ctx.store.loadRecords(GSTIN)).filter((w) => !w.state.gone);
    for (const section of SECTIONS) {
      const mine = live.filter((w) => w.record.section === section);
      const want = [...mine].sort(oldOrder).map((w) => w.record.key);
      // Keys in reverse: the order comes from the records, not from the list given.
      const keys = mine.map((w) => w.record.key).reverse();
      for (const batch of [3, 7, 2000]) {
        const got: string[] = [];
        for await (const b of recordsInOrder(ctx.store, GSTIN, keys, batch)) {
          expect(b.length).toBeLessThanOrEqual(Math.max(batch, 1) * 2);
          for (const w of b) got.push(w.record.key);
        }
        expect(got).toEqual(want);
      }
    }
    const sorted = [...live].sort((a, b) => exportOrder(a.record, b.record));
    expect(sorted.map((w) => w.record.key)).toEqual(
      [...live].sort(oldOrder).map((w) => w.record.key),
    );
  });

  it('continues a section on "B2B (2)" past the sheet row limit, counts it on Home, and imports it back', async () => {
    const { dir, ctx } = await workspace();
    const live = (await ctx.store.loadRecords(GSTIN)).filter((w) => !w.state.gone);
    const out = join(dir, 'ims.xlsx');
    const perSheet = 7;
    const r = await exportExcel(ctx, { gstin: GSTIN, outFile: out, maxRowsPerSheet: perSheet });
    expect(r.records).toBe(live.length);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const names = wb.worksheets.map((w) => w.name);
    const b2b = live.filter((w) => w.record.section === 'b2b').sort(oldOrder);
    expect(b2b.length).toBeGreaterThan(2 * perSheet);
    const b2bSheets = names.filter((n) => n === 'B2B' || /^B2B \(\d+\)$/.test(n));
    expect(b2bSheets).toHaveLength(Math.ceil(b2b.length / perSheet));
    expect(b2bSheets[1]).toBe('B2B (2)');
    // The rows, sheet after sheet, are the section's records in order; each sheet has its header.
    const keys: string[] = [];
    for (const name of b2bSheets) {
      const ws = wb.getWorksheet(name) as ExcelJS.Worksheet;
      expect(ws.getRow(1).getCell(1).text).toBe('Supplier GSTIN');
      expect(ws.rowCount - 1).toBeLessThanOrEqual(perSheet);
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      const keyCol = ws.getRow(1).values as unknown[];
      const at = keyCol.indexOf('Key');
      ws.eachRow((row, n) => {
        if (n > 1) keys.push(row.getCell(at).text.split('|').slice(5).join('|'));
      });
    }
    expect(keys).toEqual(b2b.map((w) => w.record.key));

    // Home: every section's sheets, records, decisions to upload and rows with an error.
    const home = wb.getWorksheet('Home') as ExcelJS.Worksheet;
    const table = new Map<string, unknown[]>();
    home.eachRow((row) => {
      const v = row.values as unknown[];
      if (typeof v[2] === 'string') table.set(v[2], v);
    });
    for (const s of SECTIONS) {
      const rows = live.filter((w) => w.record.section === s);
      const line = table.get(SECTION_INFO[s].label) as unknown[];
      expect(line, SECTION_INFO[s].label).toBeDefined();
      const parts = Math.max(1, Math.ceil(rows.length / perSheet));
      expect(String(line[1]).split(', ')).toHaveLength(parts);
      expect(line[3]).toBe(rows.length);
      expect(line[4]).toBe(rows.filter((w) => isDirty(w.record, w.state.decision)).length);
      expect(line[5]).toBe(rows.filter((w) => errorText(w) !== null).length);
    }

    // A decision changed on the second B2B sheet is read back and applied.
    const target = b2b[perSheet + 1] as WorkspaceRecord;
    const ws2 = wb.getWorksheet('B2B (2)') as ExcelJS.Worksheet;
    const header = ws2.getRow(1).values as unknown[];
    const want = target.state.decision.action === 'reject' ? 'Accept' : 'Reject';
    ws2.eachRow((row, n) => {
      if (n > 1 && row.getCell(header.indexOf('Key')).text.endsWith(`|${target.record.key}`))
        row.getCell(header.indexOf('Action')).value = want;
    });
    const edited = join(dir, 'edited.xlsx');
    await wb.xlsx.writeFile(edited);
    const imp = await importExcel(ctx, { files: [edited], gstin: GSTIN });
    expect(imp.rows).toBe(live.length);
    expect(imp.changes.map((c) => [c.key, c.cell.split('!')[0]])).toEqual([
      [target.record.key, 'B2B (2)'],
    ]);
    const [after] = await ctx.store.loadRecordsByKeys(GSTIN, [target.record.key]);
    expect(after?.state.decision.action).toBe(want.toLowerCase());
  });

  it('sees a record an edit was weighed against change before the transaction', async () => {
    const { ctx } = await workspace(40);
    const [w] = (await ctx.store.loadRecords(GSTIN)).filter((x) => !x.state.gone);
    if (w === undefined) throw new Error('no record');
    const edit = { current: w } as unknown as Parameters<typeof editsStillHold>[2][number];
    expect(await editsStillHold(ctx.store, GSTIN, [edit])).toBe(true);
    const other = w.state.decision.action === 'reject' ? 'accept' : 'reject';
    await ctx.store.setDecision(GSTIN, [w.record.key], {
      action: other,
      remark: null,
      itcReduction: null,
    });
    expect(await editsStillHold(ctx.store, GSTIN, [edit])).toBe(false);
  });
});
