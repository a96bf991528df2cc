// Browser tests of issue 14's Excel and follow-ups in the web app, and of the portal answer's
// results on the Import page: export a workbook, edit it as a person would (exceljs), import it
// (the check's report, then apply), follow-up files per supplier, and the advice for each known
// portal error code with each refused record linked to the Records page. The real
// `gst-ims serve` (built binary, port 0, a temp demo workspace) driven by playwright-core.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PORTAL_ERROR_ADVICE } from '../../packages/gst-ims/src/core/vocabulary/portal-error-advice.js';
import type {
  RecordDetailPayload,
  RecordsPayload,
} from '../../packages/gst-ims/src/server/api-types.js';
import type { WorkbookRowView } from '../../packages/gst-ims/src/server/test-support/edit-workbook.js';
import {
  editWorkbook,
  workbookRows,
} from '../../packages/gst-ims/src/server/test-support/edit-workbook.js';
import { CHROMIUM_ARGS } from '../../scripts/find-chromium.mjs';
import {
  CHROMIUM,
  REQUIRED,
  SHOTS,
  WEB_DIST,
  axeViolations,
  startServe,
  stopServe,
  warnIfNoChromium,
} from '../support/e2e.js';

warnIfNoChromium('EXCEL WEB BROWSER TESTS');

/** A same-origin call of the API from the page, with the session token on writes. */
async function api<T>(
  page: Page,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: T }> {
  return page.evaluate(
    async ([p, b]) => {
      const token =
        document.querySelector('meta[name="gst-ims-token"]')?.getAttribute('content') ?? '';
      const r = await fetch(
        p,
        b === undefined
          ? {}
          : {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'x-gst-ims-token': token },
              body: JSON.stringify(b),
            },
      );
      return { status: r.status, json: (await r.json()) as unknown };
    },
    [path, body] as const,
  ) as Promise<{ status: number; json: T }>;
}

const decisionOf = async (page: Page, key: string): Promise<string> =>
  (await api<RecordDetailPayload>(page, `/api/record?key=${encodeURIComponent(key)}`)).json.decision
    .action;

describe.skipIf(CHROMIUM === null && !REQUIRED)(
  'Excel, follow-ups and the portal answer in Chromium (gst-ims serve on a demo workspace)',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'gst-ims-e2e-excel-'));
    let serve: Awaited<ReturnType<typeof startServe>>;
    let browser: BrowserContext;
    let page: Page;

    beforeAll(async () => {
      if (CHROMIUM === null)
        throw new Error('GST_IMS_REQUIRE_BROWSER=1 but no Chromium was found: install chromium');
      if (!existsSync(WEB_DIST))
        throw new Error('the web app is not built: run npm run build first (npm test does)');
      mkdirSync(SHOTS, { recursive: true });
      serve = await startServe(dir, join(dir, 'ws.sqlite'));
      browser = await chromium.launchPersistentContext(join(dir, 'profile'), {
        executablePath: CHROMIUM,
        headless: true,
        args: CHROMIUM_ARGS,
        viewport: { width: 1440, height: 900 },
        acceptDownloads: true,
        // axe-core goes in as a script tag, which the app's Content-Security-Policy would refuse.
        bypassCSP: true,
        locale: 'en-US',
        timezoneId: 'Asia/Kolkata',
      });
      page = browser.pages()[0] ?? (await browser.newPage());
      page.setDefaultTimeout(20_000);
      await page.goto(serve.url);
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      if (serve) await stopServe(serve);
      rmSync(dir, { recursive: true, force: true });
    });

    const openExcelPage = async (): Promise<void> => {
      await page.getByRole('navigation').getByRole('link', { name: 'Excel' }).click();
      await page.getByRole('heading', { name: 'Excel', level: 1 }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/excel');
    };

    let exported = '';
    let rows: WorkbookRowView[] = [];

    it('exports the workbook from the Excel page in the top bar', async () => {
      await openExcelPage();
      await page.getByTestId('excel-export').click();
      const files = page.getByTestId('excel-export-files');
      await files.waitFor();
      await expect(files.innerText()).resolves.toContain('1,500 records in 1 workbook');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        files.getByRole('link', { name: /\.xlsx$/ }).click(),
      ]);
      expect(download.suggestedFilename()).toBe('ims-27AABCU9603R1ZN.xlsx');
      exported = join(dir, 'exported.xlsx');
      await download.saveAs(exported);
      rows = await workbookRows(readFileSync(exported));
      expect(rows).toHaveLength(1500);
      await page.screenshot({ path: join(SHOTS, 'excel-export.png') });
    });

    it('splits the export by supplier and by section, each file its own download, and downloads them all', async () => {
      await page.getByLabel('One workbook per supplier').check();
      await page.getByTestId('excel-export').click();
      const files = page.getByTestId('excel-export-files');
      const suppliers = new Set(rows.map((r) => r.cells['Supplier GSTIN'])).size;
      await page.waitForFunction(
        (n) => document.querySelectorAll('[data-testid=excel-export-files] tbody tr').length === n,
        suppliers,
      );
      await expect(files.innerText()).resolves.toContain(`in ${suppliers} workbooks`);
      await expect(
        files.getByRole('button', { name: `Download all ${suppliers} files` }).isVisible(),
      ).resolves.toBe(true);
      const names = await files.locator('tbody tr td:first-child').allInnerTexts();
      expect(names.every((n) => /^ims-27AABCU9603R1ZN-[0-9A-Z]{15}/.test(n))).toBe(true);

      // By section, and "download all": every file of the set arrives, one download each.
      await page.getByLabel(/One workbook per section/).check();
      await page.getByTestId('excel-export').click();
      await page.waitForFunction(() =>
        document
          .querySelector('[data-testid=excel-export-files] tbody td:nth-child(2)')
          ?.textContent?.startsWith('section '),
      );
      const sectionFiles = await files.locator('tbody tr td:first-child').allInnerTexts();
      expect(sectionFiles.length).toBeGreaterThan(1);
      const got: string[] = [];
      const onDownload = (d: { suggestedFilename(): string }): void => {
        got.push(d.suggestedFilename());
      };
      page.on('download', onDownload);
      await files
        .getByRole('button', { name: `Download all ${sectionFiles.length} files` })
        .click();
      await expect.poll(() => got.length, { timeout: 15_000 }).toBe(sectionFiles.length);
      page.off('download', onDownload);
      expect(got.sort()).toEqual([...sectionFiles].sort());
      await page.getByLabel('One workbook, every record').check();
    });

    let accepted: WorkbookRowView;
    let readOnly: WorkbookRowView;
    let invalid: WorkbookRowView;

    it('checks an edited workbook: the dry run reports changes, bad rows and read-only edits, and changes nothing', async () => {
      const open = rows.filter((r) => r.sheet === 'B2B' && r.cells.Action === 'No Action');
      [accepted, readOnly, invalid] = open as [WorkbookRowView, WorkbookRowView, WorkbookRowView];
      const edited = join(dir, 'decided in excel.xlsx');
      writeFileSync(
        edited,
        await editWorkbook(readFileSync(exported), [
          { sheet: 'B2B', recordKey: accepted.recordKey, set: { Action: 'Accept' } },
          { sheet: 'B2B', recordKey: readOnly.recordKey, set: { 'Taxable value': 1 } },
          { sheet: 'B2B', recordKey: invalid.recordKey, set: { Action: 'Approve' } },
        ]),
      );
      await page.getByTestId('excel-import-files').setInputFiles(edited);
      await expect(page.getByTestId('excel-chosen').innerText()).resolves.toContain(
        'decided in excel.xlsx',
      );
      await expect(page.getByTestId('excel-apply').isDisabled()).resolves.toBe(true);
      await page.getByTestId('excel-check').click();
      const report = page.getByTestId('excel-report');
      await report.waitFor();
      await expect(page.getByTestId('excel-changed').innerText()).resolves.toBe('1');
      await expect(page.getByTestId('excel-not-applied').innerText()).resolves.toBe('1');
      await expect(page.getByTestId('excel-read-only').innerText()).resolves.toBe('1');
      const counts = await page.getByTestId('excel-report-counts').innerText();
      expect(counts).toMatch(/Rows read\s*1,500/);
      expect(counts).toMatch(/Would change\s*1/);
      const changes = await page.getByTestId('excel-changes').innerText();
      expect(changes).toContain(accepted.cells['Invoice number']);
      expect(changes).toContain('Accept');
      const notApplied = await page.getByTestId('excel-not-applied-list').innerText();
      expect(notApplied).toContain(invalid.cells['Invoice number']);
      expect(notApplied).toContain('Approve');
      const ro = await page.getByTestId('excel-read-only-list').innerText();
      expect(ro).toContain('Taxable value');
      expect(ro).toContain(readOnly.cells['Invoice number']);
      // A check changes nothing.
      expect(await decisionOf(page, accepted.recordKey)).toBe('noAction');
      await page.screenshot({ path: join(SHOTS, 'excel-import-check.png'), fullPage: true });
    });

    it('applies the checked workbook: the decision changes, through the engine', async () => {
      await page.getByTestId('excel-apply').click();
      const done = page.getByTestId('excel-applied');
      await done.waitFor();
      await expect(done.innerText()).resolves.toContain('Applied 1 decision');
      // A success, not an error: the green box, not the red one.
      await expect(done.getAttribute('class')).resolves.toContain('ok-box');
      expect(await decisionOf(page, accepted.recordKey)).toBe('accept');
      expect(await decisionOf(page, invalid.recordKey)).toBe('noAction');
      const history = await api<{ source: string }[]>(
        page,
        `/api/history?key=${encodeURIComponent(accepted.recordKey)}`,
      );
      expect(history.json.map((h) => h.source)).toContain('excel:decided in excel.xlsx');
    });

    it('offers the follow-up files of the chosen suppliers for download', async () => {
      await page.getByTestId('followups-prepare').click();
      const list = page.getByTestId('followups');
      await list.waitFor();
      const all = await list.getByTestId('followup-row').count();
      expect(all).toBeGreaterThan(1);
      await list.getByRole('button', { name: 'Choose none' }).click();
      await expect(page.getByTestId('followups-download').isDisabled()).resolves.toBe(true);
      const row = list.getByTestId('followup-row').nth(1);
      const gstin = await row.locator('td.mono').innerText();
      await row.getByRole('checkbox').check();
      await expect(page.getByTestId('followups-download').innerText()).resolves.toBe(
        'Download the 1 chosen file',
      );
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('followups-download').click(),
      ]);
      expect(download.suggestedFilename()).toMatch(new RegExp(`^followup-${gstin}.*\\.xlsx$`));
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(await download.path());
      expect(String(wb.worksheets[0]?.getCell('A1').value as string)).toContain(`GSTIN ${gstin}`);
      await page.screenshot({ path: join(SHOTS, 'excel-followups.png'), fullPage: true });
    });

    it('is clean for axe-core, and fits 1024x768', async () => {
      expect(await axeViolations(page)).toEqual([]);
      await page.setViewportSize({ width: 1024, height: 768 });
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      await page.screenshot({ path: join(SHOTS, 'excel-1024.png') });
      await page.setViewportSize({ width: 1440, height: 900 });
    });

    it("shows the portal's answer in words: success as a success, each refusal with what to do and a link to its record", async () => {
      // An upload of the one decision taken in Excel, and the portal's clean answer to it.
      const first = await api<{ files: unknown[] }>(page, '/api/upload/export', {});
      expect(first.status).toBe(200);
      const ok = join(dir, 'answer-ok.json');
      writeFileSync(ok, JSON.stringify({ status_cd: 'P', proc_cnt: '1', err_cnt: '0' }));
      await page.getByRole('navigation').getByRole('link', { name: 'Import' }).click();
      await page.locator('#drop-errors').setInputFiles(ok);
      const okBox = page.getByTestId('answer-ok');
      await okBox.waitFor();
      await expect(okBox.innerText()).resolves.toContain('accepted every record');
      await expect(page.getByTestId('answer-status').first().innerText()).resolves.toBe(
        'processed (P)',
      );
      await expect(page.locator('.result .error-box').count()).resolves.toBe(0);

      // Another record decided and uploaded; the portal refuses it as stale.
      const payload = (await api<RecordsPayload>(page, '/api/records')).json;
      const target = payload.rows.find(
        (t) => t[1] === 'b2b' && t[15] === 'N' && t[16] === 'N' && t[0] !== accepted.recordKey,
      );
      expect(target).toBeDefined();
      const [key, , supplierIndex, docNumber, , , , returnPeriod] = target!;
      const stin = payload.suppliers[supplierIndex]?.[0] as string;
      const decided = await api(page, '/api/decide', { keys: [key], verb: 'accept' });
      expect(decided.status).toBe(200);
      expect((await api(page, '/api/upload/export', {})).status).toBe(200);
      const stale = join(dir, 'answer-stale.json');
      writeFileSync(
        stale,
        JSON.stringify({
          status_cd: 'PE',
          proc_cnt: '1',
          err_cnt: '1',
          error_report: {
            b2b: [
              {
                stin,
                error_cd: 'IMSSAV0010',
                error_msg:
                  'Either previous action is incorrect/ invoice might have edited by supplier',
                inv: [{ rtnprd: returnPeriod, inum: docNumber }],
              },
            ],
          },
        }),
      );
      await page.locator('#drop-errors').setInputFiles(stale);
      const errors = page.getByTestId('answer-errors');
      await errors.waitFor();
      await expect(page.getByTestId('answer-status').first().innerText()).resolves.toBe(
        'processed with errors (PE)',
      );
      const row = errors.getByTestId('answer-error-row');
      await expect(row.count()).resolves.toBe(1);
      const text = await row.innerText();
      expect(text).toContain('B2B invoices (B2B)');
      expect(text).toContain('IMSSAV0010');
      expect(text).toContain(PORTAL_ERROR_ADVICE.IMSSAV0010.action);
      const advice = page.getByTestId('error-advice').first();
      await expect(advice.innerText()).resolves.toMatch(/Download the IMS data again/);
      await page.screenshot({ path: join(SHOTS, 'import-portal-answer.png'), fullPage: true });
      expect(await axeViolations(page)).toEqual([]);

      // The row's link opens the record on the Records page.
      await row.getByTestId('record-link').click();
      await page.waitForURL((u) => u.pathname === '/records' && u.searchParams.get('key') === key);
      const panel = page.locator('aside.side-panel').first();
      await panel.waitFor();
      await expect(panel.innerText()).resolves.toContain(docNumber);
    });
  },
);
