// The Excel and follow-up routes: export (whole, split), the download, import of edited
// workbooks (dry run report, apply, several workbooks, conflicts), the follow-up files per
// supplier; through the same use cases as the CLI.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../app/context.js';
import { createDemo } from '../app/create-demo.js';
import { SECTIONS } from '../core/index.js';
import { openSqliteStore } from '../store/index.js';
import type { RecordDetailPayload } from './api-types.js';
import { createServer } from './create-server.js';
import type {
  ExcelExportPayload,
  ExcelImportPayload,
  FollowupsPayload,
} from './excel-api-types.js';
import { PORT, apiClient } from './test-support/api-client.js';
import type { WorkbookRowView } from './test-support/edit-workbook.js';
import { editWorkbook, workbookRows } from './test-support/edit-workbook.js';

const TOKEN = 'test-token-excel-routes-0123456789abcdef012';
const GSTIN = '27AABCU9603R1ZN';

describe('Excel and follow-up API', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gst-ims-server-excel-'));
  let ctx: AppContext;
  let app: Hono;
  let small: Hono;
  let clock = Date.parse('2026-11-05T10:00:00.000Z');
  const { send, json, post, req } = apiClient(() => app, TOKEN);

  beforeAll(async () => {
    const store = await openSqliteStore(join(dir, 'ws.sqlite'));
    ctx = { store, user: 'asha', now: () => new Date((clock += 60_000)).toISOString() };
    await createDemo(ctx, join(dir, 'demo'));
    const opts = { ctx, token: TOKEN, port: () => PORT, webDir: null, log: () => undefined };
    app = createServer(opts);
    small = createServer({ ...opts, maxUploadBytes: 2000 });
  });

  afterAll(async () => {
    await ctx.store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const exportBooks = (body: object): Promise<ExcelExportPayload> =>
    json<ExcelExportPayload>(post('/api/excel/export', body));

  const download = async (url: string): Promise<Uint8Array> => {
    const r = await req(url, { headers: { 'sec-fetch-site': 'same-origin' } });
    expect(r.status).toBe(200);
    return new Uint8Array(await r.arrayBuffer());
  };

  const importBook = (
    bytes: Uint8Array,
    name: string,
    query = '',
    server?: Hono,
  ): Promise<Response> => {
    const path = `/api/import/excel?name=${encodeURIComponent(name)}${query}`;
    const init = {
      method: 'POST',
      body: bytes,
      headers: { 'content-type': 'application/octet-stream' },
    };
    return server ? apiClient(() => server, TOKEN).send(path, init) : send(path, init);
  };

  const decisionOf = async (key: string): Promise<string> =>
    (await json<RecordDetailPayload>(send(`/api/record?key=${encodeURIComponent(key)}`))).decision
      .action;

  const live = async (): Promise<number> =>
    (await ctx.store.loadRecords(GSTIN)).filter((w) => !w.state.gone).length;

  it('exports the whole workbook, to be downloaded as .xlsx', async () => {
    const r = await exportBooks({});
    expect(r.gstin).toBe(GSTIN);
    expect(r.splitBy).toBeNull();
    expect(r.files).toHaveLength(1);
    const f = r.files[0] as ExcelExportPayload['files'][number];
    expect(f.part).toBe('all records');
    expect(r.records).toBe(await live());
    expect(f.rows).toBe(r.records);
    expect(f.name).toMatch(/^ims-27AABCU9603R1ZN\.xlsx$/);
    const res = await req(f.url, { headers: { 'sec-fetch-site': 'same-origin' } });
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    expect(res.headers.get('content-disposition')).toContain(`filename="${f.name}"`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(bytes.byteLength).toBe(f.bytes);
    const rows = await workbookRows(bytes);
    expect(rows).toHaveLength(r.records);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(wb.worksheets[0]?.name).toBe('Home');
  });

  it('splits by supplier and by section as --split-by does, every record in one file', async () => {
    const bySupplier = await exportBooks({ splitBy: 'supplier' });
    const suppliers = new Set(
      (await ctx.store.loadRecords(GSTIN)).map((w) => w.record.supplierGstin),
    );
    expect(bySupplier.files).toHaveLength(suppliers.size);
    expect(bySupplier.files.reduce((n, f) => n + f.rows, 0)).toBe(bySupplier.records);
    for (const f of bySupplier.files) expect(f.part).toMatch(/^supplier [0-9A-Z]{15}/);
    expect(new Set(bySupplier.files.map((f) => f.name)).size).toBe(bySupplier.files.length);

    const bySection = await exportBooks({ splitBy: 'section' });
    const sections = SECTIONS.filter((s) => bySection.files.some((f) => f.counts[s] > 0));
    expect(bySection.files).toHaveLength(sections.length);
    for (const f of bySection.files) {
      expect(f.part).toMatch(/^section /);
      expect(SECTIONS.filter((s) => f.counts[s] > 0)).toHaveLength(1);
    }
    const last = bySection.files[bySection.files.length - 1] as ExcelExportPayload['files'][number];
    expect((await workbookRows(await download(last.url))).length).toBe(last.rows);
  });

  it('limits to a period, and refuses a split or a period it cannot do, naming what it expects', async () => {
    const all = await exportBooks({});
    const periods = await json<{ periods: string[] }>(send('/api/periods'));
    const p = periods.periods[0] as string;
    const one = await exportBooks({ period: p });
    expect(one.period).toBe(p);
    expect(one.records).toBeGreaterThan(0);
    expect(one.records).toBeLessThanOrEqual(all.records);
    expect(one.files[0]?.name).toBe(`ims-${GSTIN}-${p}.xlsx`);

    const bad = await post('/api/excel/export', { splitBy: 'colour' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/"colour".*supplier, section/);
    const badPeriod = await post('/api/excel/export', { period: '13-2026' });
    expect(badPeriod.status).toBe(400);
    expect(((await badPeriod.json()) as { error: string }).error).toContain('MMYYYY');
  });

  it('says a download that expired is gone', async () => {
    const r = await req('/api/downloads/0123456789abcdef01234567/0', {
      headers: { 'sec-fetch-site': 'same-origin' },
    });
    expect(r.status).toBe(404);
    expect(((await r.json()) as { error: string }).error).toContain('expired');
  });

  describe('import of an edited workbook', () => {
    let rows: WorkbookRowView[];
    let edited: Buffer;
    let toAccept: WorkbookRowView;
    let toReject: WorkbookRowView;
    let readOnly: WorkbookRowView;
    let invalid: WorkbookRowView;

    beforeAll(async () => {
      const r = await exportBooks({});
      const bytes = await download((r.files[0] as ExcelExportPayload['files'][number]).url);
      rows = await workbookRows(bytes);
      const open = rows.filter((x) => x.sheet === 'B2B' && x.cells.Action === 'No Action');
      [toAccept, toReject, readOnly, invalid] = open as [
        WorkbookRowView,
        WorkbookRowView,
        WorkbookRowView,
        WorkbookRowView,
      ];
      edited = await editWorkbook(bytes, [
        { sheet: 'B2B', recordKey: toAccept.recordKey, set: { Action: 'Accept' } },
        {
          sheet: 'B2B',
          recordKey: toReject.recordKey,
          set: { Action: 'Reject', Remarks: 'Goods not received' },
        },
        { sheet: 'B2B', recordKey: readOnly.recordKey, set: { 'Taxable value': 1 } },
        { sheet: 'B2B', recordKey: invalid.recordKey, set: { Action: 'Maybe' } },
      ]);
    });

    it('reports a dry run as the CLI does and changes nothing', async () => {
      const r = await json<ExcelImportPayload>(importBook(edited, 'team-a.xlsx', '&dryRun=1'));
      expect(r.dryRun).toBe(true);
      expect(r.applied).toBe(false);
      expect(r.rows).toBe(rows.length);
      expect(r.changed).toBe(2);
      expect(r.changes.map((c) => [c.key, c.to]).sort()).toEqual(
        [
          [toAccept.recordKey, 'Accept'],
          [toReject.recordKey, 'Reject "Goods not received"'],
        ].sort(),
      );
      expect(r.changes.every((c) => c.file === 'team-a.xlsx' && c.cell.startsWith('B2B!'))).toBe(
        true,
      );
      expect(r.notApplied).toBe(1);
      expect(r.findingCounts).toEqual({ invalidCell: 1, readOnlyEdited: 1 });
      const ro = r.findings.find((f) => f.kind === 'readOnlyEdited');
      expect(ro?.recordKey).toBe(readOnly.recordKey);
      expect(ro?.column).toBe('Taxable value');
      expect(r.findings.find((f) => f.kind === 'invalidCell')?.recordKey).toBe(invalid.recordKey);
      expect(r.blockingKinds).toContain('invalidCell');
      expect(r.blockingKinds).not.toContain('readOnlyEdited');
      // The counts add up: every edited decision is changed, already so, or not applied.
      expect(r.changed + r.unchanged + r.notApplied).toBe(r.edited + r.findingCounts.invalidCell!);
      expect(r.files).toEqual([
        expect.objectContaining({ name: 'team-a.xlsx', gstin: GSTIN, rows: rows.length }),
      ]);
      expect(JSON.stringify(r)).not.toContain(tmpdir());
      expect(await decisionOf(toAccept.recordKey)).toBe('noAction');
    });

    it('applies the same workbook: the decisions change, audited as the workbook', async () => {
      const r = await json<ExcelImportPayload>(importBook(edited, 'team-a.xlsx'));
      expect(r.applied).toBe(true);
      expect(r.changed).toBe(2);
      expect(await decisionOf(toAccept.recordKey)).toBe('accept');
      expect(await decisionOf(toReject.recordKey)).toBe('reject');
      expect(await decisionOf(invalid.recordKey)).toBe('noAction');
      const history = await json<{ source: string; toAction: string }[]>(
        send(`/api/history?key=${encodeURIComponent(toAccept.recordKey)}`),
      );
      expect(history.map((h) => h.source)).toContain('excel:team-a.xlsx');
      // Again: nothing left to change, the rows already applied are already so.
      const again = await json<ExcelImportPayload>(importBook(edited, 'team-a.xlsx', '&dryRun=1'));
      expect(again.changed).toBe(0);
      expect(again.unchanged).toBe(2);
    });

    it('merges several workbooks in one multipart upload, and settles a conflict with prefer', async () => {
      const r = await exportBooks({});
      const bytes = await download((r.files[0] as ExcelExportPayload['files'][number]).url);
      const target = (await workbookRows(bytes)).find(
        (x) => x.sheet === 'B2B' && x.cells.Action === 'No Action',
      ) as WorkbookRowView;
      const a = await editWorkbook(bytes, [
        { sheet: 'B2B', recordKey: target.recordKey, set: { Action: 'Accept' } },
      ]);
      const b = await editWorkbook(bytes, [
        { sheet: 'B2B', recordKey: target.recordKey, set: { Action: 'Reject', Remarks: 'No' } },
      ]);
      const form = (): FormData => {
        const f = new FormData();
        f.append('file', new Blob([a]), 'asha.xlsx');
        f.append('file', new Blob([b]), 'ravi.xlsx');
        return f;
      };
      const dry = await json<ExcelImportPayload>(
        send('/api/import/excel?dryRun=1', { method: 'POST', body: form() }),
      );
      expect(dry.files.map((f) => f.name)).toEqual(['asha.xlsx', 'ravi.xlsx']);
      expect(dry.conflictCount).toBe(1);
      expect(dry.conflicts[0]).toMatchObject({
        recordKey: target.recordKey,
        between: 'workbooks',
        resolution: 'unresolved',
      });
      expect(dry.changed).toBe(0);
      expect(dry.notApplied).toBe(1);
      const settled = await json<ExcelImportPayload>(
        send('/api/import/excel?prefer=ravi.xlsx', { method: 'POST', body: form() }),
      );
      expect(settled.conflicts[0]).toMatchObject({ resolution: 'prefer', winner: 'ravi.xlsx' });
      expect(settled.applied).toBe(true);
      expect(await decisionOf(target.recordKey)).toBe('reject');
    });

    it('refuses what is not a workbook, naming the file, not the temp path', async () => {
      const res = await importBook(new TextEncoder().encode('not a workbook'), 'notes.xlsx');
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: string };
      expect(body.error).toContain('notes.xlsx');
      expect(body.error).not.toContain(tmpdir());
    });

    it('keeps the token guard and the upload limit', async () => {
      const noToken = await req('/api/import/excel?name=a.xlsx&dryRun=1', {
        method: 'POST',
        body: edited,
        headers: { 'sec-fetch-site': 'same-origin', 'content-type': 'application/octet-stream' },
      });
      expect(noToken.status).toBe(403);
      const big = await importBook(edited, 'team-a.xlsx', '&dryRun=1', small);
      expect(big.status).toBe(400);
      expect(((await big.json()) as { error: string }).error).toMatch(/over the \d+ MB limit/);
      const noTokenExport = await req('/api/excel/export', {
        method: 'POST',
        body: '{}',
        headers: { 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' },
      });
      expect(noTokenExport.status).toBe(403);
    });
  });

  describe('follow-ups', () => {
    it('writes one file per supplier with something to chase, each to download', async () => {
      const r = await json<FollowupsPayload>(post('/api/followups/export', {}));
      expect(r.format).toBe('xlsx');
      expect(r.files.length).toBeGreaterThan(1);
      expect(r.nothingToChase).toEqual([]);
      for (const f of r.files) {
        expect(f.missingInPortal + f.mismatches, f.supplierGstin).toBeGreaterThan(0);
        expect(f.name).toMatch(new RegExp(`^followup-${f.supplierGstin}.*\\.xlsx$`));
      }
      const first = r.files[0] as FollowupsPayload['files'][number];
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await download(first.url)) as unknown as ArrayBuffer);
      expect(String(wb.worksheets[0]?.getCell('A1').value as string)).toContain(
        `GSTIN ${first.supplierGstin}`,
      );
    });

    it('writes the chosen suppliers only, as CSV when asked, and names those with nothing to chase', async () => {
      const all = await json<FollowupsPayload>(post('/api/followups/export', {}));
      const chosen = all.files[1] as FollowupsPayload['files'][number];
      const calm = '29AAACR5055K1Z3';
      const r = await json<FollowupsPayload>(
        post('/api/followups/export', {
          format: 'csv',
          suppliers: [chosen.supplierGstin.toLowerCase(), calm],
          message: 'Dear {supplier_name}, please check {count} document(s).',
        }),
      );
      expect(r.files.map((f) => f.supplierGstin)).toEqual([chosen.supplierGstin]);
      expect(r.nothingToChase).toEqual([calm]);
      const text = Buffer.from(await download(r.files[0]?.url as string)).toString('utf8');
      expect(text).toMatch(/^\ufeff"?Dear /);
      const body = text
        .replace(/^\ufeff/, '')
        .split('\r\n')
        .slice(2)
        .join('\r\n');
      const table = parse<Record<string, string>>(body, { columns: true });
      expect(table.length).toBe(chosen.missingInPortal + chosen.mismatches);

      const none = await post('/api/followups/export', { suppliers: [calm] });
      expect(none.status).toBe(400);
      expect(((await none.json()) as { error: string }).error).toContain(
        `nothing to chase for ${calm}`,
      );
    });
  });
});
