// Excel round trip through the app API: export, edit the workbook as a user would (exceljs),
// import, and check what reaches the upload JSON, the audit log and the reports.
import {
  copyFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type {
  IsoDate,
  MatchResult,
  PortalRecord,
  RegisterDocument,
  WorkspaceRecord,
} from '../core/index.js';
import { BadInputError, SECTIONS, SECTION_INFO } from '../core/index.js';
import { generateImsDownload } from '../generator/generate-ims.js';
import { describeStores } from '../test-support/stores.js';
import type { AppContext } from './context.js';
import { exportExcel } from './export-excel.js';
import { planUpload } from './export-upload.js';
import { importExcel } from './import-excel.js';
import { importIms } from './import-ims.js';

const GSTIN = '27AABCU9603R1ZN';
const OTHER_GSTIN = '24AAACB1234C1ZL';

type Json = { gstin: string; imsDetails: Record<string, Record<string, unknown>[]> };

function makeClock(start = '2026-11-05T10:00:00.000Z'): () => string {
  let t = Date.parse(start);
  return () => new Date((t += 60_000)).toISOString();
}

function download(recipient = GSTIN, seed = 11, count = 160): Json {
  return generateImsDownload({ seed, count, recipientGstin: recipient, returnPeriod: '102026' })
    .json as Json;
}

describeStores('Excel round trip', (kind) => {
  async function workspace(json: Json = download()): Promise<{
    dir: string;
    ctx: AppContext;
    json: Json;
    records: () => Promise<WorkspaceRecord[]>;
  }> {
    const dir = mkdtempSync(join(tmpdir(), 'gst-ims-excel-'));
    const file = join(dir, 'ims.json');
    writeFileSync(file, JSON.stringify(json));
    const ctx: AppContext = {
      store: await kind.open(),
      user: 'asha',
      now: makeClock(),
    };
    await importIms(ctx, { file });
    return { dir, ctx, json, records: () => ctx.store.loadRecords(GSTIN) };
  }

  async function reimport(
    ctx: AppContext,
    dir: string,
    json: Json,
    name = 'ims-next.json',
  ): Promise<void> {
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(json));
    await importIms(ctx, { file });
  }

  interface Edit {
    readonly record: PortalRecord;
    readonly set: Readonly<Record<string, ExcelJS.CellValue>>;
  }

  /** Opens the workbook as a user would, changes cells by header on the rows of the given records, saves a copy. */
  async function edit(src: string, dst: string, edits: readonly Edit[]): Promise<void> {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(src);
    for (const e of edits) {
      const ws = wb.getWorksheet(SECTION_INFO[e.record.section].sheet);
      if (!ws) throw new Error(`no sheet for ${e.record.section}`);
      const headers = headerMap(ws);
      const keyCol = headers.get('Key') as number;
      let found = false;
      ws.eachRow((row, n) => {
        if (n === 1 || found) return;
        const key = row.getCell(keyCol).text;
        if (!key.endsWith(`|${e.record.key}`)) return;
        found = true;
        for (const [h, v] of Object.entries(e.set)) {
          const c = headers.get(h);
          if (c === undefined) throw new Error(`no column ${h} on ${ws.name}`);
          row.getCell(c).value = v;
        }
      });
      if (!found) throw new Error(`no row for ${e.record.key}`);
    }
    await wb.xlsx.writeFile(dst);
  }

  function headerMap(ws: ExcelJS.Worksheet): Map<string, number> {
    const m = new Map<string, number>();
    ws.getRow(1).eachCell((c, n) => m.set(c.text, n));
    return m;
  }

  const pick = (
    rows: readonly WorkspaceRecord[],
    test: (w: WorkspaceRecord) => boolean,
    skip = 0,
  ): PortalRecord => {
    const hit = rows.filter((w) => !w.state.gone && test(w))[skip];
    if (!hit) throw new Error('no record fits the test');
    return hit.record;
  };

  const plain = (w: WorkspaceRecord): boolean =>
    w.record.portalAction === 'noAction' && w.record.supplierFiled !== false;

  describe('export excel', () => {
    it('writes Home plus the eight section sheets, frozen, filtered, protected, with the drop-downs', async () => {
      const { dir, ctx, records } = await workspace();
      const out = join(dir, 'ims.xlsx');
      const r = await exportExcel(ctx, { gstin: GSTIN, outFile: out });
      const all = await records();
      expect(r.records).toBe(all.length);
      expect(r.withMatch).toBe(false);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(out);
      expect(wb.worksheets.map((w) => w.name)).toEqual([
        'Home',
        'B2B',
        'B2BA',
        'B2B-DN',
        'B2B-DNA',
        'B2B-CN',
        'B2B-CNA',
        'ECO',
        'ECOA',
      ]);

      const home = wb.getWorksheet('Home') as ExcelJS.Worksheet;
      const homeText = JSON.stringify(home.getSheetValues());
      expect(homeText).toContain(GSTIN);
      expect(homeText).toContain('How to fill it in');
      expect(homeText).toContain('Key and version');

      const b2b = wb.getWorksheet('B2B') as ExcelJS.Worksheet;
      const h = headerMap(b2b);
      expect([...h.keys()]).toEqual([
        'Supplier GSTIN',
        'Supplier name',
        'Invoice number',
        'Invoice date',
        'Supply type',
        'Place of supply',
        'Return period',
        'Supplier filing',
        'Invoice value',
        'Taxable value',
        'IGST',
        'CGST',
        'SGST',
        'Cess',
        'Portal action',
        'Pending blocked',
        'Action',
        'Remarks',
        'Error',
        'Key',
      ]);
      expect(b2b.rowCount - 1).toBe(all.filter((w) => w.record.section === 'b2b').length);
      expect(b2b.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(b2b.autoFilter).toMatch(/^A1:T\d+$/);
      expect(
        (b2b as unknown as { sheetProtection: { sheet: boolean } }).sheetProtection.sheet,
      ).toBe(true);
      expect(b2b.getColumn(h.get('Key') as number).hidden).toBe(true);

      const row2 = b2b.getRow(2);
      expect(row2.getCell(1).protection?.locked).not.toBe(false); // locked is the default: written without the attribute
      expect(row2.getCell(1).fill).toMatchObject({
        type: 'pattern',
        fgColor: { argb: 'FFEDEDED' },
      });
      expect(row2.getCell(h.get('Action') as number).protection?.locked).toBe(false);
      expect(row2.getCell(h.get('Remarks') as number).protection?.locked).toBe(false);
      expect(row2.getCell(h.get('Invoice date') as number).value).toBeInstanceOf(Date);
      expect(row2.getCell(h.get('Invoice date') as number).numFmt).toBe('dd-mm-yyyy');
      expect(row2.getCell(h.get('Taxable value') as number).numFmt).toBe('#,##,##0.00');
      expect(typeof row2.getCell(h.get('Return period') as number).value).toBe('string');
      expect(row2.getCell(h.get('Action') as number).dataValidation).toMatchObject({
        type: 'list',
        formulae: ['"Accept,Reject,Pending,No Action"'],
      });

      const cn = wb.getWorksheet('B2B-CN') as ExcelJS.Worksheet;
      const hc = headerMap(cn);
      expect([...hc.keys()].slice(16, 23)).toEqual([
        'Action',
        'Remarks',
        'ITC reduction',
        'Reduce IGST',
        'Reduce CGST',
        'Reduce SGST',
        'Reduce cess',
      ]);
      const cnRows = all.filter((w) => w.record.section === 'b2bcn');
      const blockedAt = cnRows.findIndex((w) => w.record.pendingBlocked);
      const openAt = cnRows.findIndex((w) => !w.record.pendingBlocked);
      expect(blockedAt).toBeGreaterThanOrEqual(0);
      // Rows are sorted by supplier, date, number; find each by key.
      const rowOf = (key: string): ExcelJS.Row => {
        let hit: ExcelJS.Row | null = null;
        cn.eachRow((row) => {
          if (row.getCell(hc.get('Key') as number).text.endsWith(`|${key}`)) hit = row;
        });
        if (!hit) throw new Error(key);
        return hit;
      };
      const blockedRow = rowOf((cnRows[blockedAt] as WorkspaceRecord).record.key);
      expect(blockedRow.getCell(hc.get('Action') as number).dataValidation).toMatchObject({
        type: 'list',
        formulae: ['"Accept,Reject,No Action"'],
      });
      if (openAt >= 0) {
        const openRow = rowOf((cnRows[openAt] as WorkspaceRecord).record.key);
        expect(openRow.getCell(hc.get('Action') as number).dataValidation?.formulae).toEqual([
          '"Accept,Reject,Pending,No Action"',
        ]);
      }
      const itcBlocked = cnRows.find((w) => w.record.itcReductionBlocked);
      if (itcBlocked) {
        const c = rowOf(itcBlocked.record.key).getCell(hc.get('ITC reduction') as number);
        expect(c.protection?.locked).not.toBe(false);
        expect(c.dataValidation).toBeUndefined();
      }
      // Every sheet is there even when a section has no records.
      const only = await workspace(download(GSTIN, 3, 3));
      const small = join(only.dir, 'small.xlsx');
      await exportExcel(only.ctx, { gstin: GSTIN, outFile: small });
      const wb2 = new ExcelJS.Workbook();
      await wb2.xlsx.readFile(small);
      expect(wb2.worksheets.map((w) => w.name)).toHaveLength(9);
      expect(wb2.worksheets.filter((w) => w.rowCount === 1).length).toBeGreaterThan(0);
    });

    it('writes text that looks like a formula as plain text', async () => {
      const json = download();
      const b2b = json.imsDetails.b2b as Record<string, unknown>[];
      const evil = [
        '=HYPERLINK("http://evil.example/x","click")',
        '+91',
        '-5',
        '@SUM(A1:A2)',
        '=1+2',
      ];
      evil.forEach((v, i) => ((b2b[i] as Record<string, unknown>).inum = v));
      (b2b[5] as Record<string, unknown>).tradenm = '=cmd|"/C calc"!A0';
      const { dir, ctx } = await workspace(json);
      const out = join(dir, 'evil.xlsx');
      await exportExcel(ctx, { gstin: GSTIN, outFile: out });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(out);
      const ws = wb.getWorksheet('B2B') as ExcelJS.Worksheet;
      const h = headerMap(ws);
      const cells = new Map<string, ExcelJS.Cell>();
      ws.eachRow((row, n) => {
        if (n > 1) {
          cells.set(
            row.getCell(h.get('Invoice number') as number).text,
            row.getCell(h.get('Invoice number') as number),
          );
          cells.set(
            row.getCell(h.get('Supplier name') as number).text,
            row.getCell(h.get('Supplier name') as number),
          );
        }
      });
      for (const v of [...evil, '=cmd|"/C calc"!A0']) {
        const c = cells.get(v);
        expect(c, v).toBeDefined();
        expect(c?.type, v).toBe(ExcelJS.ValueType.String);
        expect(c?.formula, v).toBeUndefined();
        expect(c?.value, v).toBe(v);
      }
      // Read back untouched: nothing counts as an edit of a read-only cell.
      const r = await importExcel(ctx, { files: [out] });
      expect(r.findings).toEqual([]);
      expect(r.edited).toBe(0);
    });

    it('splits by supplier and by section; rejects an unknown split column', async () => {
      const { dir, ctx, records } = await workspace();
      const all = (await records()).filter((w) => !w.state.gone);
      const bySupplier = await exportExcel(ctx, {
        gstin: GSTIN,
        splitBy: 'supplier',
        outDir: join(dir, 'sup'),
      });
      const suppliers = new Set(all.map((w) => w.record.supplierGstin));
      expect(bySupplier.files).toHaveLength(suppliers.size);
      expect(bySupplier.files.reduce((n, f) => n + f.rows, 0)).toBe(all.length);
      for (const f of bySupplier.files)
        expect(f.file).toMatch(/[/\\]ims-27AABCU9603R1ZN-\d{2}[0-9A-Z]{13}-[\w.-]+\.xlsx$/);
      expect(readdirSync(join(dir, 'sup'))).toHaveLength(suppliers.size);

      const bySection = await exportExcel(ctx, {
        gstin: GSTIN,
        splitBy: 'section',
        outDir: join(dir, 'sec'),
        outFile: 'month.xlsx',
      });
      expect(bySection.files.map((f) => f.file.split(/[/\\]/).pop()).sort()).toEqual(
        SECTIONS.map((s) => `month-${SECTION_INFO[s].sheet}.xlsx`).sort(),
      );
      const cnFile = bySection.files.find((f) => f.part.startsWith('section B2B-CN '));
      expect(cnFile?.counts.b2bcn).toBe(all.filter((w) => w.record.section === 'b2bcn').length);
      expect(cnFile?.rows).toBe(cnFile?.counts.b2bcn);

      await expect(
        exportExcel(ctx, { gstin: GSTIN, splitBy: 'department', outDir: join(dir, 'x') }),
      ).rejects.toThrow(/register/);
      await expect(exportExcel(ctx, { gstin: GSTIN, splitBy: 'supplier' })).rejects.toThrow(
        /--out-dir/,
      );
    });
  });

  describe('progress (AppContext.progress)', () => {
    type Event = readonly [phase: string, done: number, total: number];
    const sink = (): { events: Event[]; ctx: (c: AppContext) => AppContext } => {
      const events: Event[] = [];
      return {
        events,
        ctx: (c) => ({ ...c, progress: (phase, done, total) => events.push([phase, done, total]) }),
      };
    };
    /** Each phase's `done` grows step by step (never back, never twice) and ends at its total. */
    const expectPhases = (events: readonly Event[], phases: readonly string[]): void => {
      expect([...new Set(events.map((e) => e[0]))]).toEqual(phases);
      for (const phase of phases) {
        const mine = events.filter((e) => e[0] === phase);
        const total = (mine[0] as Event)[2];
        expect(mine.every((e) => e[2] === total)).toBe(true);
        const done = mine.map((e) => e[1]);
        expect(done.every((d, i) => i === 0 || d > (done[i - 1] as number))).toBe(true);
        expect(done[done.length - 1]).toBe(total);
      }
    };

    it('export excel reports the rows written, ending at the total, one workbook or split', async () => {
      const { dir, ctx } = await workspace();
      const one = sink();
      const r = await exportExcel(one.ctx(ctx), { gstin: GSTIN, outFile: join(dir, 'all.xlsx') });
      expectPhases(one.events, ['writing the workbook']);
      expect(one.events[0]).toEqual(['writing the workbook', 0, r.records]);

      const split = sink();
      const s = await exportExcel(split.ctx(ctx), {
        gstin: GSTIN,
        splitBy: 'supplier',
        outDir: join(dir, 'parts'),
      });
      expectPhases(split.events, ['writing the workbooks']);
      expect(split.events.at(-1)).toEqual(['writing the workbooks', s.records, s.records]);
      // One step per workbook finished.
      expect(split.events).toHaveLength(s.files.length + 1);
    });

    it('import excel reports reading, checking and applying', async () => {
      const { dir, ctx, records } = await workspace();
      const out = join(dir, 'ims.xlsx');
      const exported = await exportExcel(ctx, { gstin: GSTIN, outFile: out });
      const rows = await records();
      const a = pick(rows, (w) => w.record.section === 'b2b' && plain(w));
      const b = pick(rows, (w) => w.record.section === 'b2b' && plain(w), 1);
      const edited = join(dir, 'edited.xlsx');
      await edit(out, edited, [
        { record: a, set: { Action: 'Accept' } },
        { record: b, set: { Action: 'Accept' } },
      ]);
      const p = sink();
      const r = await importExcel(p.ctx(ctx), { files: [edited], gstin: GSTIN });
      expect(r.changes).toHaveLength(2);
      expectPhases(p.events, ['reading edited.xlsx', 'checking the rows', 'applying decisions']);
      expect(p.events.filter((e) => e[0] === 'checking the rows').at(-1)).toEqual([
        'checking the rows',
        exported.records,
        exported.records,
      ]);
      expect(p.events.at(-1)).toEqual(['applying decisions', 2, 2]);

      // A dry run reads and checks, and applies nothing.
      const dry = sink();
      await importExcel(dry.ctx(ctx), { files: [edited], gstin: GSTIN, dryRun: true });
      expectPhases(dry.events, ['reading edited.xlsx', 'checking the rows']);
    });
  });

  describe('export excel with reconciliation data', () => {
    it('adds the match columns and splits by a register column', async () => {
      const { dir, ctx, records } = await workspace();
      const rows = (await records()).filter((w) => !w.state.gone);
      const matched = rows.filter((w) => w.record.section === 'b2b').slice(0, 4);
      const docs: RegisterDocument[] = matched.map((w, i) => ({
        ref: `V${i + 1}`,
        supplierGstin: w.record.supplierGstin,
        supplierName: w.record.supplierName,
        docNumber: w.record.docNumber,
        docDate: w.record.docDate,
        docType: 'invoice',
        amounts: w.record.amounts,
        pos: w.record.pos,
        receivedDate: null,
        sourceRows: [i + 2],
        extra: { Department: i < 2 ? 'Stores' : '=Accounts' },
      }));
      await ctx.store.replaceRegister(
        GSTIN,
        docs,
        '2020-01-01' as IsoDate,
        '2030-12-31' as IsoDate,
        {
          id: 99,
          file: 'register.csv',
          at: ctx.now(),
        },
      );
      const results: MatchResult[] = matched.map((w, i) => ({
        recordKey: w.record.key,
        registerRef: `V${i + 1}`,
        outcome: i === 0 ? 'exact' : 'probable',
        score: i === 0 ? 100 : 80,
        reasons: i === 0 ? [] : [{ code: 'dateDiff', value: 2 }],
        manual: false,
      }));
      const missing = rows.find((w) => !matched.includes(w)) as WorkspaceRecord;
      results.push({
        recordKey: missing.record.key,
        registerRef: null,
        outcome: 'missingInRegister',
        score: 0,
        reasons: [],
        manual: false,
      });
      await ctx.store.saveMatches(GSTIN, results);

      const out = join(dir, 'matched.xlsx');
      const r = await exportExcel(ctx, { gstin: GSTIN, outFile: out });
      expect(r.withMatch).toBe(true);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(out);
      const ws = wb.getWorksheet('B2B') as ExcelJS.Worksheet;
      const h = headerMap(ws);
      expect([...h.keys()].slice(15, 22)).toEqual([
        'Pending blocked',
        'Match',
        'Register ref',
        'Differences',
        'Proposed action',
        'Action',
        'Remarks',
      ]);
      const byKey = new Map<string, ExcelJS.Row>();
      ws.eachRow((row) =>
        byKey.set(
          row
            .getCell(h.get('Key') as number)
            .text.split('|')
            .slice(5)
            .join('|'),
          row,
        ),
      );
      const second = byKey.get((matched[1] as WorkspaceRecord).record.key) as ExcelJS.Row;
      expect(second.getCell(h.get('Match') as number).value).toBe('Probable (80)');
      expect(second.getCell(h.get('Register ref') as number).value).toBe('V2');
      expect(second.getCell(h.get('Differences') as number).value).toBe('date differs by 2 day(s)');
      expect(['Accept', 'Pending']).toContain(
        second.getCell(h.get('Proposed action') as number).value,
      );
      if (missing.record.section === 'b2b')
        expect(byKey.get(missing.record.key)?.getCell(h.get('Match') as number).value).toBe(
          'Not in register',
        );
      // The match columns are read-only and do not disturb the import.
      const back = await importExcel(ctx, { files: [out] });
      expect(back.findings).toEqual([]);

      const split = await exportExcel(ctx, {
        gstin: GSTIN,
        splitBy: 'department',
        outDir: join(dir, 'dept'),
      });
      expect(split.files.map((f) => f.part).sort()).toEqual([
        'Department = (not in register)',
        'Department = =Accounts',
        'Department = Stores',
      ]);
      expect(split.files.find((f) => f.part === 'Department = Stores')?.rows).toBe(2);
      expect(split.files.map((f) => f.file.split(/[/\\]/).pop()).sort()).toEqual([
        'ims-27AABCU9603R1ZN-Accounts.xlsx',
        'ims-27AABCU9603R1ZN-Stores.xlsx',
        'ims-27AABCU9603R1ZN-not_in_register.xlsx',
      ]);
      await expect(
        exportExcel(ctx, { gstin: GSTIN, splitBy: 'Cost centre', outDir: join(dir, 'x') }),
      ).rejects.toThrow(/unknown column "Cost centre".*Department/);
    });
  });

  describe('import excel', () => {
    it('gives an Accept of a credit note with the ITC-reduction column left empty the default, full, and says so', async () => {
      const { dir, ctx, records } = await workspace();
      const out = join(dir, 'ims.xlsx');
      await exportExcel(ctx, { gstin: GSTIN, outFile: out });
      const rows = await records();
      const cn = pick(
        rows,
        (w) => w.record.section === 'b2bcn' && plain(w) && !w.record.itcReductionBlocked,
      );
      const edited = join(dir, 'cn.xlsx');
      await edit(out, edited, [{ record: cn, set: { Action: 'Accept' } }]);
      const r = await importExcel(ctx, { files: [edited] });
      expect(r.applied).toBe(true);
      expect(r.declarationNotes.join(' ')).toContain(
        "full reduction (the portal's default) on 1 record",
      );
      const back = (await records()).find((w) => w.record.key === cn.key);
      expect(back?.state.decision).toMatchObject({
        action: 'accept',
        itcReduction: { kind: 'full' },
      });
    });

    it('reports the refusal the engine made, on the decision it fitted: a remark with the defaulted declaration', async () => {
      const { dir, ctx, records } = await workspace();
      const out = join(dir, 'ims.xlsx');
      await exportExcel(ctx, { gstin: GSTIN, outFile: out });
      const rows = await records();
      const cn = pick(
        rows,
        (w) =>
          w.record.section === 'b2bcn' &&
          plain(w) &&
          !w.record.itcReductionBlocked &&
          !w.record.remarksBlocked,
      );
      const edited = join(dir, 'cn-remark.xlsx');
      await edit(out, edited, [
        { record: cn, set: { Action: 'Accept', Remarks: 'goods returned' } },
      ]);
      const r = await importExcel(ctx, { files: [edited] });
      // The empty ITC-reduction column got the default (full), so the declaration is not what is
      // refused (no ITC_REDUCTION_REQUIRED): the remark is, at the Remarks cell.
      const refused = r.findings.filter((f) => f.kind === 'refused');
      expect(refused.map((f) => [f.recordKey, f.code, f.column])).toEqual([
        [cn.key, 'REMARK_NOT_ALLOWED_ON_ACCEPT', 'Remarks'],
      ]);
      expect(refused[0]?.message).toContain('an Accept declaring a full ITC reduction');
      expect(refused[0]?.message.startsWith(cn.key)).toBe(false);
      expect(r.notApplied).toBe(1);
      expect(r.changes).toEqual([]);
      const back = (await records()).find((w) => w.record.key === cn.key);
      expect(back?.state.decision.action).toBe('noAction');
    });

    it('round trip: the upload holds exactly the decisions made in the workbook', async () => {
      const { dir, ctx, records } = await workspace();
      const out = join(dir, 'ims.xlsx');
      await exportExcel(ctx, { gstin: GSTIN, outFile: out });
      const rows = await records();
      const acc = pick(rows, (w) => w.record.section === 'b2b' && plain(w));
      const rej = pick(
        rows,
        (w) => w.record.section === 'b2b' && plain(w) && !w.record.remarksBlocked,
        1,
      );
      const cn = pick(
        rows,
        (w) =>
          w.record.section === 'b2bcn' &&
          plain(w) &&
          !w.record.itcReductionBlocked &&
          !w.record.remarksBlocked &&
          w.record.amounts.igst > 0,
      );
      const half = Math.floor(cn.amounts.igst / 2) / 100;
      const edited = join(dir, 'edited.xlsx');
      await edit(out, edited, [
        { record: acc, set: { Action: 'Accept' } },
        { record: rej, set: { Action: 'Reject', Remarks: 'Goods not received' } },
        {
          record: cn,
          set: {
            Action: 'Accept',
            'ITC reduction': 'Partial',
            'Reduce IGST': half,
            Remarks: 'ITC availed partly',
          },
        },
      ]);

      const dry = await importExcel(ctx, { files: [edited], dryRun: true });
      expect(dry.changes).toHaveLength(3);
      expect(dry.applied).toBe(false);
      expect((await ctx.store.auditFor(GSTIN, null)).length).toBe(0);

      const r = await importExcel(ctx, { files: [edited] });
      expect(r.findings.filter((f) => f.kind !== 'warning')).toEqual([]);
      expect(r.edited).toBe(3);
      expect(r.changes.map((c) => c.key).sort()).toEqual([acc.key, rej.key, cn.key].sort());
      expect(r.applied).toBe(true);
      const audit = await ctx.store.auditFor(GSTIN, null);
      expect(audit).toHaveLength(3);
      expect(new Set(audit.map((a) => a.source))).toEqual(new Set(['excel:edited.xlsx']));
      expect(audit.every((a) => a.user === 'asha')).toBe(true);

      const { built } = await planUpload(ctx, GSTIN);
      expect(built.reset).toHaveLength(0);
      const inv = built.save.flatMap((f) => {
        const data = JSON.parse(f.json) as { invdata: Record<string, Record<string, unknown>[]> };
        return Object.entries(data.invdata).flatMap(([sec, list]) =>
          list.map((x): Record<string, unknown> => ({ sec, ...x })),
        );
      });
      expect(inv).toHaveLength(3);
      const num = (x: Record<string, unknown>): unknown => x.inum ?? x.nt_num;
      const byNum = new Map(inv.map((x) => [num(x), x]));
      expect(byNum.get(acc.docNumber)).toMatchObject({ sec: 'b2b', action: 'A', prev_status: 'N' });
      expect(byNum.get(acc.docNumber)?.remarks).toBeUndefined();
      expect(byNum.get(rej.docNumber)).toMatchObject({
        sec: 'b2b',
        action: 'R',
        remarks: 'Goods not received',
      });
      expect(byNum.get(cn.docNumber)).toMatchObject({
        sec: 'b2bcn',
        action: 'A',
        itcRedReq: 'Y',
        declIgst: half,
        declCgst: 0,
        declSgst: 0,
        declCess: 0,
        remarks: 'ITC availed partly',
      });

      // The same workbook again: already applied, nothing changes, nothing to report.
      const again = await importExcel(ctx, { files: [edited] });
      expect(again.changes).toHaveLength(0);
      expect(again.unchanged).toBe(3);
      expect(again.notApplied).toBe(0);
      // The untouched original does not undo anything (its rows were not changed by the user).
      const orig = await importExcel(ctx, { files: [out] });
      expect(orig.edited).toBe(0);
      expect(orig.changes).toHaveLength(0);
    });

    it('refuses Pending where the portal blocks it, naming sheet, row and column', async () => {
      const { dir, ctx, records } = await workspace();
      const out = join(dir, 'ims.xlsx');
      await exportExcel(ctx, { gstin: GSTIN, outFile: out });
      const rows = await records();
      const blocked = pick(
        rows,
        (w) => w.record.pendingBlocked && w.record.portalAction === 'noAction',
      );
      const fine = pick(rows, (w) => w.record.section === 'b2b' && plain(w));
      const edited = join(dir, 'pending.xlsx');
      await edit(out, edited, [
        { record: blocked, set: { Action: 'Pending' } },
        { record: fine, set: { Action: 'Reject', Remarks: 'Wrong rate' } },
      ]);
      const r = await importExcel(ctx, { files: [edited] });
      const refused = r.findings.filter((f) => f.kind === 'refused');
      expect(refused).toHaveLength(1);
      expect(refused[0]).toMatchObject({
        code: 'PENDING_BLOCKED',
        column: 'Action',
        recordKey: blocked.key,
        sheet: SECTION_INFO[blocked.section].sheet,
        file: 'pending.xlsx',
      });
      expect(refused[0]?.cell).toMatch(
        new RegExp(`^${SECTION_INFO[blocked.section].sheet}!Q\\d+$`),
      );
      expect(r.notApplied).toBe(1);
      // The valid row is applied; the refused one is not.
      expect(r.changes.map((c) => c.key)).toEqual([fine.key]);
      const after = new Map((await records()).map((w) => [w.record.key, w]));
      expect(after.get(blocked.key)?.state.decision.action).toBe('noAction');
      expect(after.get(fine.key)?.state.decision.action).toBe('reject');
    });

    it('reports edited read-only cells and invalid editable cells, and ignores them (identity cells aside)', async () => {
      const { dir, ctx, records } = await workspace();
      const out = join(dir, 'ims.xlsx');
      await exportExcel(ctx, { gstin: GSTIN, outFile: out });
      const rows = await records();
      const a = pick(rows, (w) => w.record.section === 'b2b' && plain(w));
      const b = pick(rows, (w) => w.record.section === 'b2b' && plain(w), 1);
      const c = pick(rows, (w) => w.record.section === 'b2b' && plain(w), 2);
      const edited = join(dir, 'tampered.xlsx');
      await edit(out, edited, [
        {
          record: a,
          set: {
            'Invoice value': 1,
            'Supplier name': 'Someone else',
            Action: 'Accept',
          },
        },
        { record: b, set: { Action: 'Maybe' } },
        { record: c, set: { IGST: { formula: '1+1', result: 2 } } },
      ]);
      const r = await importExcel(ctx, { files: [edited] });
      const ro = r.findings.filter((f) => f.kind === 'readOnlyEdited');
      expect(ro.map((f) => [f.recordKey, f.column]).sort()).toEqual(
        [
          [a.key, 'Invoice value'],
          [a.key, 'Supplier name'],
          [c.key, 'IGST'],
        ].sort(),
      );
      expect(ro.find((f) => f.column === 'Invoice value')?.message).toContain(
        'found 1, the portal says',
      );
      // The decision of the tampered row still counts; the portal values stay as they were.
      expect(r.changes.map((x) => x.key)).toEqual([a.key]);
      const after = new Map((await records()).map((w) => [w.record.key, w]));
      expect(after.get(a.key)?.record.amounts.value).toBe(a.amounts.value);
      expect(r.findings.filter((f) => f.kind === 'invalidCell')).toMatchObject([
        { recordKey: b.key, code: 'INVALID_ACTION', column: 'Action' },
      ]);
    });

    it('does not apply a row whose record changed on the portal since the export (older download)', async () => {
      const { dir, ctx, json, records } = await workspace();
      const out = join(dir, 'ims.xlsx');
      await exportExcel(ctx, { gstin: GSTIN, outFile: out });
      const rows = await records();
      const changed = pick(rows, (w) => w.record.section === 'b2b' && plain(w));
      const same = pick(rows, (w) => w.record.section === 'b2b' && plain(w), 1);
      const edited = join(dir, 'old.xlsx');
      await edit(out, edited, [
        { record: changed, set: { Action: 'Accept' } },
        { record: same, set: { Action: 'Accept' } },
      ]);
      // The supplier amends the first document; a newer download comes in before the workbook.
      const next = structuredClone(json);
      const rec = (next.imsDetails.b2b as Record<string, unknown>[]).find(
        (x) => x.inum === changed.docNumber,
      ) as Record<string, unknown>;
      rec.txval = Number(rec.txval) + 100;
      rec.val = Number(rec.val) + 100;
      rec.hash = 'f'.repeat(64);
      await reimport(ctx, dir, next);

      const r = await importExcel(ctx, { files: [edited] });
      expect(r.findings.filter((f) => f.kind === 'stale')).toMatchObject([
        { recordKey: changed.key, code: 'RECORD_CHANGED_ON_PORTAL' },
      ]);
      expect(r.findings.filter((f) => f.kind === 'readOnlyEdited')).toEqual([]);
      expect(r.changes.map((c) => c.key)).toEqual([same.key]);
      const after = new Map((await records()).map((w) => [w.record.key, w]));
      expect(after.get(changed.key)?.state.decision.action).toBe('noAction');
    });

    it('merges split workbooks; a record decided differently in two files is a conflict unless --prefer', async () => {
      const { dir, ctx, records } = await workspace();
      const rows = await records();
      const split = await exportExcel(ctx, {
        gstin: GSTIN,
        splitBy: 'supplier',
        outDir: join(dir, 'split'),
      });
      const [f1, f2] = split.files;
      if (!f1 || !f2) throw new Error('need two suppliers');
      const s1 = rows.find(
        (w) => f1.part.includes(w.record.supplierGstin) && plain(w) && !w.record.pendingBlocked,
      )?.record;
      const s2 = rows.find(
        (w) => f2.part.includes(w.record.supplierGstin) && plain(w) && !w.record.pendingBlocked,
      )?.record;
      if (!s1 || !s2) throw new Error('no plain record');
      const e1 = join(dir, 'stores.xlsx');
      const e2 = join(dir, 'accounts.xlsx');
      await edit(f1.file, e1, [{ record: s1, set: { Action: 'Accept' } }]);
      await edit(f2.file, e2, [
        { record: s2, set: { Action: 'Pending', Remarks: 'Awaiting goods' } },
      ]);
      const merged = await importExcel(ctx, { files: [e1, e2] });
      expect(merged.conflicts).toEqual([]);
      expect(merged.changes.map((c) => [c.key, c.file]).sort()).toEqual(
        [
          [s1.key, 'stores.xlsx'],
          [s2.key, 'accounts.xlsx'],
        ].sort(),
      );
      const sources = new Map(
        (await ctx.store.auditFor(GSTIN, null)).map((a) => [a.recordKey, a.source]),
      );
      expect(sources.get(s1.key)).toBe('excel:stores.xlsx');
      expect(sources.get(s2.key)).toBe('excel:accounts.xlsx');

      // Two copies of one full workbook, the same record decided two ways.
      const full = join(dir, 'full.xlsx');
      await exportExcel(ctx, { gstin: GSTIN, outFile: full });
      const r = pick(
        rows,
        (w) =>
          w.record.section === 'b2b' &&
          plain(w) &&
          w.record.key !== s1.key &&
          w.record.key !== s2.key,
      );
      const other = pick(
        rows,
        (w) =>
          w.record.section === 'b2b' && plain(w) && ![s1.key, s2.key, r.key].includes(w.record.key),
      );
      const a = join(dir, 'a.xlsx');
      const b = join(dir, 'b.xlsx');
      await edit(full, a, [{ record: r, set: { Action: 'Accept' } }]);
      await edit(full, b, [
        { record: r, set: { Action: 'Reject', Remarks: 'Damaged' } },
        { record: other, set: { Action: 'Accept' } },
      ]);
      const c1 = await importExcel(ctx, { files: [a, b], dryRun: true });
      expect(c1.conflicts).toHaveLength(1);
      expect(c1.conflicts[0]).toMatchObject({
        recordKey: r.key,
        between: 'workbooks',
        resolution: 'unresolved',
        winner: null,
      });
      expect(c1.conflicts[0]?.values.map((v) => [v.file, v.decision])).toEqual([
        ['a.xlsx', 'Accept'],
        ['b.xlsx', 'Reject "Damaged"'],
      ]);
      expect(c1.changes.map((c) => c.key)).toEqual([other.key]);
      expect(c1.notApplied).toBe(1);
      // Same export time: newest cannot choose either.
      const c2 = await importExcel(ctx, { files: [a, b], prefer: 'newest', dryRun: true });
      expect(c2.conflicts[0]?.resolution).toBe('unresolved');
      // The named file wins.
      const c3 = await importExcel(ctx, { files: [a, b], prefer: b });
      expect(c3.conflicts[0]).toMatchObject({ resolution: 'prefer', winner: 'b.xlsx' });
      expect(c3.changes.map((c) => c.key).sort()).toEqual([r.key, other.key].sort());
      expect((await records()).find((w) => w.record.key === r.key)?.state.decision).toMatchObject({
        action: 'reject',
        remark: 'Damaged',
      });
      await expect(importExcel(ctx, { files: [a, b], prefer: 'c.xlsx' })).rejects.toThrow(
        /--prefer/,
      );

      // A later export wins with --prefer newest; against the workspace, the later decision wins.
      const later = join(dir, 'later.xlsx');
      await exportExcel(ctx, { gstin: GSTIN, outFile: later });
      const l = join(dir, 'l.xlsx');
      await edit(later, l, [
        { record: r, set: { Action: 'Pending', Remarks: 'Awaiting credit note' } },
      ]);
      const c4 = await importExcel(ctx, { files: [a, l], prefer: 'newest', dryRun: true });
      expect(c4.conflicts).toMatchObject([
        { between: 'workbooks', resolution: 'newest', winner: 'l.xlsx' },
      ]);
      expect(c4.changes).toMatchObject([
        { key: r.key, to: 'Pending "Awaiting credit note"', file: 'l.xlsx' },
      ]);
      // a.xlsx alone: the workspace was decided (from b.xlsx) after a.xlsx was exported.
      const c5 = await importExcel(ctx, { files: [a] });
      expect(c5.conflicts).toMatchObject([
        { recordKey: r.key, between: 'workspace', resolution: 'unresolved' },
      ]);
      expect(c5.changes).toHaveLength(0);
      const c6 = await importExcel(ctx, { files: [a], prefer: 'newest' });
      expect(c6.conflicts).toMatchObject([
        { recordKey: r.key, between: 'workspace', resolution: 'newest', winner: 'workspace' },
      ]);
      expect(c6.changes).toHaveLength(0);
      const c7 = await importExcel(ctx, { files: [a], prefer: a });
      expect(c7.changes.map((c) => c.key)).toEqual([r.key]);
    });

    it('falls back to the file time for newest when the Home sheet has no export time', async () => {
      const { dir, ctx, records } = await workspace();
      const full = join(dir, 'full.xlsx');
      await exportExcel(ctx, { gstin: GSTIN, outFile: full });
      const r = pick(await records(), (w) => w.record.section === 'b2b' && plain(w));
      const strip = async (src: string, dst: string, action: string): Promise<void> => {
        await edit(src, dst, [{ record: r, set: { Action: action } }]);
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.readFile(dst);
        (wb.getWorksheet('Home') as ExcelJS.Worksheet).eachRow((row) => {
          if (row.getCell(1).value === 'Exported at') row.getCell(2).value = null;
        });
        await wb.xlsx.writeFile(dst);
      };
      const older = join(dir, 'older.xlsx');
      const newer = join(dir, 'newer.xlsx');
      await strip(full, older, 'Accept');
      await strip(full, newer, 'Reject');
      utimesSync(older, new Date('2026-11-06T10:00:00Z'), new Date('2026-11-06T10:00:00Z'));
      utimesSync(newer, new Date('2026-11-07T10:00:00Z'), new Date('2026-11-07T10:00:00Z'));
      const res = await importExcel(ctx, { files: [newer, older], prefer: 'newest', dryRun: true });
      expect(res.files.map((f) => f.timeSource)).toEqual(['mtime', 'mtime']);
      expect(res.conflicts[0]).toMatchObject({ resolution: 'newest', winner: 'newer.xlsx' });
    });

    it('reports rows of another GSTIN, unknown keys and rows without a key', async () => {
      const { dir, ctx, records } = await workspace();
      // A second recipient in the same workspace.
      const otherFile = join(dir, 'other.json');
      writeFileSync(otherFile, JSON.stringify(download(OTHER_GSTIN, 5, 20)));
      // Adding a second GSTIN to a workspace takes saying so.
      await importIms(ctx, { file: otherFile, gstin: OTHER_GSTIN });
      const otherOut = join(dir, 'other.xlsx');
      const otherExport = await exportExcel(ctx, { gstin: OTHER_GSTIN, outFile: otherOut });
      const r1 = await importExcel(ctx, { files: [otherOut], gstin: GSTIN });
      expect(r1.gstin).toBe(GSTIN);
      expect(r1.findings.length).toBe(otherExport.records);
      expect(r1.findings.every((f) => f.kind === 'otherGstin' && f.code === 'OTHER_GSTIN')).toBe(
        true,
      );
      // Without --gstin the workbook's own GSTIN is used.
      const r2 = await importExcel(ctx, { files: [otherOut] });
      expect(r2.gstin).toBe(OTHER_GSTIN);
      expect(r2.findings).toEqual([]);

      const out = join(dir, 'ims.xlsx');
      await exportExcel(ctx, { gstin: GSTIN, outFile: out });
      const rows = await records();
      const x = pick(rows, (w) => w.record.section === 'b2b' && plain(w));
      const y = pick(rows, (w) => w.record.section === 'b2b' && plain(w), 1);
      const edited = join(dir, 'keys.xlsx');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(out);
      const ws = wb.getWorksheet('B2B') as ExcelJS.Worksheet;
      const h = headerMap(ws);
      ws.eachRow((row) => {
        const k = row.getCell(h.get('Key') as number);
        const v = k.text;
        if (v.endsWith(`|${x.key}`)) {
          k.value = v.replace(x.docNumber, 'NO-SUCH-DOC');
          row.getCell(h.get('Action') as number).value = 'Accept';
        }
        if (v.endsWith(`|${y.key}`)) k.value = null;
      });
      ws.addRow(['29AAACR5055K1Z3', 'Typed by hand']);
      await wb.xlsx.writeFile(edited);
      const r3 = await importExcel(ctx, { files: [edited] });
      expect(r3.findings.map((f) => f.code).sort()).toEqual(['NO_KEY', 'NO_KEY', 'UNKNOWN_RECORD']);
    });

    it('imports a workbook whose Error column is filled (the correction loop)', async () => {
      const { dir, ctx, records } = await workspace();
      const rows = await records();
      const bad = rows.find((w) => w.record.section === 'b2b' && plain(w)) as WorkspaceRecord;
      await ctx.store.updateRecords(GSTIN, [
        {
          ...bad,
          state: {
            ...bad.state,
            portalError: {
              code: 'IMSSAV0010',
              message: 'Either previous action is incorrect/ invoice might have edited by supplier',
            },
          },
        },
      ]);
      const out = join(dir, 'errors.xlsx');
      await exportExcel(ctx, { gstin: GSTIN, outFile: out });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(out);
      const ws = wb.getWorksheet('B2B') as ExcelJS.Worksheet;
      const h = headerMap(ws);
      let errorCell: ExcelJS.Cell | null = null;
      ws.eachRow((row) => {
        if (row.getCell(h.get('Key') as number).text.endsWith(`|${bad.record.key}`))
          errorCell = row.getCell(h.get('Error') as number);
      });
      expect((errorCell as ExcelJS.Cell | null)?.text).toContain(
        'IMSSAV0010: Either previous action',
      );
      expect((errorCell as ExcelJS.Cell | null)?.fill).toMatchObject({
        fgColor: { argb: 'FFFFC7CE' },
      });
      const fixed = join(dir, 'fixed.xlsx');
      await edit(out, fixed, [
        { record: bad.record, set: { Action: 'Reject', Remarks: 'Duplicate invoice' } },
      ]);
      const r = await importExcel(ctx, { files: [fixed] });
      expect(r.findings).toEqual([]);
      expect(r.changes.map((c) => c.key)).toEqual([bad.record.key]);
    });

    it('refuses what is not a complete gst-ims workbook and leaves the workspace untouched', async () => {
      const { dir, ctx } = await workspace();
      const out = join(dir, 'ims.xlsx');
      await exportExcel(ctx, { gstin: GSTIN, outFile: out });

      const unrelated = join(dir, 'budget.xlsx');
      const wb = new ExcelJS.Workbook();
      wb.addWorksheet('Sheet1').addRow(['Item', 'Amount']);
      wb.addWorksheet('B2B').addRow(['Something', 'Else']);
      await wb.xlsx.writeFile(unrelated);
      const truncated = join(dir, 'truncated.xlsx');
      const bytes = readFileSync(out);
      writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
      const notXlsx = join(dir, 'download.xlsx');
      writeFileSync(notXlsx, '{"gstin":"27AABCU9603R1ZN"}');
      const empty = join(dir, 'empty.xlsx');
      writeFileSync(empty, '');

      const cases: [string, RegExp][] = [
        [
          unrelated,
          /budget\.xlsx: not a gst-ims IMS workbook.*expected an \.xlsx workbook written by `gst-ims export excel`/,
        ],
        [truncated, /truncated\.xlsx: the file is truncated or damaged/],
        [notXlsx, /download\.xlsx: not an \.xlsx file \(it looks like JSON\)/],
        [empty, /empty\.xlsx: the file is empty/],
        [join(dir, 'missing.xlsx'), /missing\.xlsx: cannot read the file/],
      ];
      for (const [file, msg] of cases) {
        const e: unknown = await importExcel(ctx, { files: [out, file] }).catch((x: unknown) => x);
        expect(e, file).toBeInstanceOf(BadInputError);
        expect((e as Error).message, file).toMatch(msg);
      }
      expect(await ctx.store.auditFor(GSTIN, null)).toEqual([]);
      copyFileSync(out, join(dir, 'copy.xlsx'));
      await expect(importExcel(ctx, { files: [out, out] })).rejects.toThrow(/named twice/);
    });
  });

  /** Opens a workbook with exceljs, lets `change` alter it, saves it under another name. */
  async function rewrite(
    src: string,
    dst: string,
    change: (wb: ExcelJS.Workbook) => void | Promise<void>,
  ): Promise<void> {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(src);
    await change(wb);
    await wb.xlsx.writeFile(dst);
  }

  /** The row of a sheet whose hidden key names the record. */
  function rowOfRecord(ws: ExcelJS.Worksheet, recordKey: string): ExcelJS.Row {
    const keyCol = headerMap(ws).get('Key') as number;
    let hit: ExcelJS.Row | null = null;
    ws.eachRow((row, n) => {
      if (n > 1 && row.getCell(keyCol).text.endsWith(`|${recordKey}`)) hit = row;
    });
    if (hit === null) throw new Error(`no row for ${recordKey}`);
    return hit;
  }

  describe('import excel: the row is what the person saw', () => {
    it('refuses rows whose hidden keys were swapped (EXCEL_KEY_MISMATCH) and applies the others', async () => {
      const { dir, ctx, records } = await workspace();
      const out = join(dir, 'ims.xlsx');
      await exportExcel(ctx, { gstin: GSTIN, outFile: out });
      const rows = await records();
      const x = pick(rows, (w) => w.record.section === 'b2b' && plain(w));
      const y = pick(rows, (w) => w.record.section === 'b2b' && plain(w), 1);
      const z = pick(rows, (w) => w.record.section === 'b2b' && plain(w), 2);
      const w = pick(rows, (w) => w.record.section === 'b2b' && plain(w), 3);
      const swapped = join(dir, 'swapped.xlsx');
      await rewrite(out, swapped, (wb) => {
        const ws = wb.getWorksheet('B2B') as ExcelJS.Worksheet;
        const h = headerMap(ws);
        const keyCol = h.get('Key') as number;
        const rx = rowOfRecord(ws, x.key);
        const ry = rowOfRecord(ws, y.key);
        const kx = rx.getCell(keyCol).value;
        rx.getCell(keyCol).value = ry.getCell(keyCol).value;
        ry.getCell(keyCol).value = kx;
        // The person decides the rows they see: x's row (now carrying y's key) and z's row.
        rx.getCell(h.get('Action') as number).value = 'Reject';
        rx.getCell(h.get('Remarks') as number).value = 'Not ours';
        rowOfRecord(ws, z.key).getCell(h.get('Action') as number).value = 'Accept';
        // A row whose visible supplier GSTIN was changed no longer shows its key's record either.
        const rw = rowOfRecord(ws, w.key);
        rw.getCell(h.get('Supplier GSTIN') as number).value = '29AAACR5055K1Z3';
        rw.getCell(h.get('Action') as number).value = 'Accept';
      });
      const before = new Map((await records()).map((r) => [r.record.key, r.state.decision]));

      for (const dryRun of [true, false]) {
        const r = await importExcel(ctx, { files: [swapped], dryRun });
        const mismatch = r.findings.filter((f) => f.code === 'EXCEL_KEY_MISMATCH');
        expect(mismatch.map((f) => f.recordKey).sort(), `dryRun ${dryRun}`).toEqual(
          [x.key, y.key, w.key].sort(),
        );
        expect(mismatch.every((f) => f.kind === 'keyMismatch' && f.sheet === 'B2B')).toBe(true);
        expect(mismatch.find((f) => f.recordKey === y.key)?.message).toContain(
          `Invoice number ${JSON.stringify(x.docNumber)}`,
        );
        expect(r.changes.map((c) => c.key)).toEqual([z.key]);
        expect(r.notApplied).toBe(3);
      }
      const after = new Map((await records()).map((r) => [r.record.key, r.state.decision]));
      for (const k of [x.key, y.key, w.key]) expect(after.get(k)).toEqual(before.get(k));
      expect(after.get(z.key)?.action).toBe('accept');
    });

    it('finds columns by header: moved and inserted columns import the same', async () => {
      const { dir, ctx, records } = await workspace();
      const out = join(dir, 'ims.xlsx');
      await exportExcel(ctx, { gstin: GSTIN, outFile: out });
      const rows = await records();
      const a = pick(rows, (w) => w.record.section === 'b2b' && plain(w));
      const cn = pick(
        rows,
        (w) => w.record.section === 'b2bcn' && w.record.pendingBlocked === false,
      );
      const edited = join(dir, 'edited.xlsx');
      await edit(out, edited, [
        { record: a, set: { Action: 'Reject', Remarks: 'Wrong rate' } },
        { record: cn, set: { Action: 'Accept' } },
      ]);
      // Every section sheet rebuilt with its columns reversed and a column of the user's own first.
      const moved = join(dir, 'moved.xlsx');
      const src = new ExcelJS.Workbook();
      await src.xlsx.readFile(edited);
      const dst = new ExcelJS.Workbook();
      for (const ws of src.worksheets) {
        const copy = dst.addWorksheet(ws.name);
        ws.eachRow((row, n) => {
          const values = (row.values as ExcelJS.CellValue[]).slice(1);
          while (values.length < ws.columnCount) values.push(null);
          copy.getRow(n).values =
            ws.name === 'Home' ? values : [n === 1 ? 'My notes' : 'note', ...values.reverse()];
        });
      }
      await dst.xlsx.writeFile(moved);
      expect(headerMap(dst.getWorksheet('B2B') as ExcelJS.Worksheet).get('Action')).not.toBe(
        headerMap(src.getWorksheet('B2B') as ExcelJS.Worksheet).get('Action'),
      );

      const r = await importExcel(ctx, { files: [moved], dryRun: true });
      expect(r.findings).toEqual([]);
      const asExported = await importExcel(ctx, { files: [edited], dryRun: true });
      const changes = (x: typeof r): string[][] =>
        x.changes
          .map((c) => [c.key, c.from, c.to])
          .sort((p, q) => (p[0] as string).localeCompare(q[0] as string));
      expect(changes(r)).toEqual(changes(asExported));
      expect(
        changes(r)
          .map((c) => c[0])
          .sort(),
      ).toEqual([a.key, cn.key].sort());
      expect(r.changes.find((c) => c.key === a.key)?.to).toBe('Reject "Wrong rate"');
      // The cell named in the report is where the Action column now is.
      const actionCol = headerMap(dst.getWorksheet('B2B') as ExcelJS.Worksheet).get(
        'Action',
      ) as number;
      expect(r.changes.find((c) => c.key === a.key)?.cell).toMatch(
        new RegExp(`^B2B!${String.fromCharCode(64 + actionCol)}\\d+$`),
      );
    });

    it('refuses a sheet without a required column, naming the sheet and the header', async () => {
      const { dir, ctx } = await workspace();
      const out = join(dir, 'ims.xlsx');
      await exportExcel(ctx, { gstin: GSTIN, outFile: out });
      for (const header of ['Remarks', 'Invoice number', 'Reduce IGST']) {
        const cut = join(dir, `cut-${header}.xlsx`);
        const sheet = header === 'Reduce IGST' ? 'B2B-CN' : 'B2B';
        await rewrite(out, cut, (wb) => {
          const ws = wb.getWorksheet(sheet) as ExcelJS.Worksheet;
          ws.spliceColumns(headerMap(ws).get(header) as number, 1);
        });
        const e: unknown = await importExcel(ctx, { files: [cut] }).catch((x: unknown) => x);
        expect(e, header).toBeInstanceOf(BadInputError);
        expect((e as Error).message, header).toContain(
          `sheet "${sheet}": the header row (row 1) has no column "${header}"`,
        );
      }
      const twice = join(dir, 'twice.xlsx');
      await rewrite(out, twice, (wb) => {
        const ws = wb.getWorksheet('B2B') as ExcelJS.Worksheet;
        ws.getRow(1).getCell(ws.columnCount + 1).value = 'Action';
      });
      await expect(importExcel(ctx, { files: [twice] })).rejects.toThrow(
        /sheet "B2B": the header "Action" appears in columns Q and U of row 1/,
      );
      expect(await ctx.store.auditFor(GSTIN, null)).toEqual([]);
    });

    it('refuses a workbook of an unknown or newer format, or without one', async () => {
      const { dir, ctx, records } = await workspace();
      const out = join(dir, 'ims.xlsx');
      await exportExcel(ctx, { gstin: GSTIN, outFile: out });
      const a = pick(await records(), (w) => w.record.section === 'b2b' && plain(w));
      const edited = join(dir, 'edited.xlsx');
      await edit(out, edited, [{ record: a, set: { Action: 'Accept' } }]);
      /** A copy whose Home sheet says format `value`; null drops the format row's label and value. */
      const withFormat = async (name: string, value: number | string | null): Promise<string> => {
        const f = join(dir, name);
        await rewrite(edited, f, (wb) => {
          const home = wb.getWorksheet('Home') as ExcelJS.Worksheet;
          home.eachRow((row) => {
            if (row.getCell(1).value !== 'Workbook format') return;
            if (value === null) row.getCell(1).value = null;
            row.getCell(2).value = value;
          });
        });
        return f;
      };
      const cases: [string, RegExp][] = [
        [
          await withFormat('v2.xlsx', 2),
          /v2\.xlsx: the workbook is format 2, newer than this gst-ims \(update gst-ims to read it\); this gst-ims reads workbook format 1/,
        ],
        [await withFormat('vx.xlsx', 'beta'), /vx\.xlsx: the workbook format "beta" is unknown/],
        [
          await withFormat('none.xlsx', null),
          /none\.xlsx: the Home sheet has no "Workbook format" cell/,
        ],
      ];
      const noHome = join(dir, 'nohome.xlsx');
      await rewrite(edited, noHome, (wb) => {
        wb.removeWorksheet((wb.getWorksheet('Home') as ExcelJS.Worksheet).id);
      });
      cases.push([noHome, /nohome\.xlsx: there is no Home sheet naming the workbook format/]);
      for (const [file, msg] of cases) {
        const e: unknown = await importExcel(ctx, { files: [file] }).catch((x: unknown) => x);
        expect(e, file).toBeInstanceOf(BadInputError);
        expect((e as Error).message, file).toMatch(msg);
      }
      // The same workbook with its format intact imports.
      const ok = await importExcel(ctx, { files: [await withFormat('v1.xlsx', 1)] });
      expect(ok.changes.map((c) => c.key)).toEqual([a.key]);
    });
  });
});
