// Browser test of the Records grid's paged mode (issue 18, decision 0040), forced with
// /records?paged=1 on the 1,500-record demo: the first page of rows as the server orders them
// (and no request for every record), a sort, a view tab with the summary's count, the search,
// two ticked rows decided through the dialog and the grid asked again in place, a change made
// elsewhere shown without losing the scroll position, the record panel, a ?key= link to a row
// far down, a bulk decision on all matching (counted first, progress in records) and the
// ITC-reduction question of a bulk Accept of credit notes, axe.
// The real `gst-ims serve` (built binary, port 0, a temp demo workspace) in the system's Chromium.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordsPayload } from '../../packages/gst-ims/src/server/api-types.js';
import { CHROMIUM_ARGS } from '../../scripts/find-chromium.mjs';
import {
  CHROMIUM,
  REQUIRED,
  SHOTS,
  WEB_DIST,
  axeViolations,
  startServe,
  stopServe,
  waitForCounts,
  warnIfNoChromium,
} from '../support/e2e.js';

warnIfNoChromium('RECORDS PAGED MODE BROWSER TESTS');

interface PagePayload extends RecordsPayload {
  readonly total: number;
}
interface SummaryPayload {
  readonly total: number;
  readonly views: Record<string, number>;
}

/** GET of the API from the page (its own origin). */
function api<T>(page: Page, path: string): Promise<T> {
  return page.evaluate((p) => fetch(p).then((r) => r.json()) as Promise<T>, path);
}

/** The keys of a page as the server gives it. */
async function pageKeys(page: Page, query: string): Promise<{ keys: string[]; total: number }> {
  const p = await api<PagePayload>(page, `/api/records/page?${query}`);
  return { keys: p.rows.map((t) => t[0]), total: p.total };
}

async function waitForGridKeys(page: Page, keys: readonly string[]): Promise<void> {
  await page.waitForFunction(
    (want) =>
      want.every(
        (k, i) =>
          document
            .querySelector(`.ag-center-cols-container .ag-row[row-index="${i}"]`)
            ?.getAttribute('row-id') === k,
      ),
    keys,
    { timeout: 20_000 },
  );
}

/** A decision sent as another tab would send it. */
async function decideByApi(page: Page, keys: readonly string[], verb: string): Promise<void> {
  const status = await page.evaluate(
    async ([k, v]) => {
      const token =
        document.querySelector('meta[name="gst-ims-token"]')?.getAttribute('content') ?? '';
      const res = await fetch('/api/decide', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-gst-ims-token': token },
        body: JSON.stringify({ keys: k, verb: v }),
      });
      return `${res.status} ${await res.text()}`;
    },
    [keys, verb] as const,
  );
  expect(status).toMatch(/^200 /);
}

const en = (n: number): string => n.toLocaleString('en-IN');

describe.skipIf(CHROMIUM === null && !REQUIRED)(
  'Records grid, paged mode, in Chromium (gst-ims serve on a demo workspace, /records?paged=1)',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'gst-ims-e2e-paged-'));
    let serve: Awaited<ReturnType<typeof startServe>>;
    let browser: BrowserContext;
    let page: Page;
    /** Paths of the API requests the page made. */
    const asked: string[] = [];

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
        bypassCSP: true,
        locale: 'en-US',
        timezoneId: 'Asia/Kolkata',
      });
      page = browser.pages()[0] ?? (await browser.newPage());
      page.setDefaultTimeout(20_000);
      page.on('request', (r) => {
        const u = new URL(r.url());
        if (u.pathname.startsWith('/api/')) asked.push(u.pathname);
      });
      await page.goto(`${serve.url}records?paged=1`);
    });

    afterAll(async () => {
      await browser?.close();
      if (serve) await stopServe(serve);
      rmSync(dir, { recursive: true, force: true });
    });

    it('shows the first page of rows as the server orders them, without loading every record', async () => {
      await waitForCounts(page, 'Showing 1,500 of 1,500 records');
      const first = await pageKeys(page, 'offset=0&limit=20');
      expect(first.total).toBe(1500);
      await waitForGridKeys(page, first.keys.slice(0, 15));
      // Only the rows asked for are in the page: never GET /api/records (every record).
      expect(asked).toContain('/api/records/page');
      expect(asked).toContain('/api/records/summary');
      expect(asked).not.toContain('/api/records');
      // The server cannot run the column filters: they are not offered (not silently ignored).
      await expect(page.locator('.ag-floating-filter').count()).resolves.toBe(0);
      await expect(page.getByTestId('paged-note').innerText()).resolves.toBe(
        'Loaded as you scroll',
      );
      await page.screenshot({ path: join(SHOTS, 'records-paged-1.png') });
    });

    it('sorts by a column on the server, both ways', async () => {
      const header = page.locator('.ag-header-cell[col-id="value"] .ag-header-cell-label');
      await header.click();
      const asc = await pageKeys(page, 'sort=value&dir=asc&offset=0&limit=15');
      await waitForGridKeys(page, asc.keys);
      const values = await page
        .locator('.ag-center-cols-container .ag-row .ag-cell[col-id="value"]')
        .allInnerTexts();
      expect(values.length).toBeGreaterThan(5);
      await header.click();
      const desc = await pageKeys(page, 'sort=value&dir=desc&offset=0&limit=15');
      await waitForGridKeys(page, desc.keys);
      expect(desc.keys[0]).not.toBe(asc.keys[0]);
      // A third click is no sort: the server's default order again.
      await header.click();
      await waitForGridKeys(page, (await pageKeys(page, 'offset=0&limit=15')).keys);
    });

    it("a view tab shows the server's count and its records", async () => {
      const summary = await api<SummaryPayload>(page, '/api/records/summary');
      expect(summary.total).toBe(1500);
      const n = summary.views['noAction']!;
      expect(n).toBeGreaterThan(2);
      const tab = page.getByRole('tab', { name: `Not decided · ${en(n)}` });
      await tab.click();
      await waitForCounts(page, `Showing ${en(n)} of 1,500 records`);
      await expect(tab.getAttribute('aria-selected')).resolves.toBe('true');
      await waitForGridKeys(page, (await pageKeys(page, 'view=noAction&offset=0&limit=15')).keys);
      const decisions = await page
        .locator('.ag-pinned-right-cols-container .ag-cell[col-id="decisionLabel"]')
        .allInnerTexts();
      expect(decisions.length).toBeGreaterThan(5);
      expect(new Set(decisions)).toEqual(new Set(['No Action']));
    });

    it('searches on the server with the / shortcut', async () => {
      const [key] = (await pageKeys(page, 'view=noAction&offset=5&limit=1')).keys;
      const doc = key!.split('|')[2]!;
      const expected = await pageKeys(
        page,
        `view=noAction&q=${encodeURIComponent(doc)}&offset=0&limit=50`,
      );
      expect(expected.keys).toContain(key);
      await page.locator('.actionbar .counts').click();
      await page.keyboard.press('/');
      await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('quick-search');
      await page.keyboard.type(doc.toLowerCase());
      await waitForCounts(page, `Showing ${en(expected.total)} of 1,500 records`);
      await waitForGridKeys(page, expected.keys.slice(0, 10));
      await page.locator('#quick-search').fill('');
      await page.waitForFunction(
        (t) =>
          !document
            .querySelector('[data-testid=grid-counts]')
            ?.textContent?.includes(`Showing ${t} of`),
        en(expected.total),
      );
    });

    it('decides two ticked rows through the dialog; the grid is asked again and they leave the view', async () => {
      const before = await pageKeys(page, 'view=noAction&section=b2b&offset=0&limit=10');
      await page.getByRole('combobox', { name: 'Section' }).selectOption('b2b');
      await waitForCounts(page, `Showing ${en(before.total)} of 1,500 records`);
      await waitForGridKeys(page, before.keys);
      const picked = before.keys.slice(0, 2);
      for (const i of [0, 1])
        await page
          .locator(`.ag-pinned-left-cols-container .ag-row[row-index="${i}"] input[type=checkbox]`)
          .click();
      await waitForCounts(page, '2 selected');
      await page.getByRole('button', { name: /^Accept/ }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText(/^2 will change to Accepted/).waitFor();
      await dialog.getByTestId('confirm-decision').click();
      await page.locator('.toast').getByText('Accepted: 2 records').waitFor();
      await waitForCounts(page, `Showing ${en(before.total - 2)} of 1,500 records`);
      await waitForCounts(page, '0 selected');
      const now = await pageKeys(page, 'view=noAction&section=b2b&offset=0&limit=8');
      expect(now.keys).not.toContain(picked[0]);
      await waitForGridKeys(page, now.keys);
      const all = await api<RecordsPayload>(page, '/api/records');
      const decided = all.rows.filter((t) => picked.includes(t[0])).map((t) => t[16]);
      expect(decided).toEqual(['A', 'A']);
      // The tab's count follows.
      const summary = await api<SummaryPayload>(page, '/api/records/summary');
      await page
        .getByRole('tab', { name: `Not decided · ${en(summary.views['noAction']!)}` })
        .waitFor();
      await page.getByRole('button', { name: 'Clear filters' }).click();
      await waitForCounts(page, 'Showing 1,500 of 1,500 records');
    });

    it('a change made elsewhere is shown where the grid is scrolled to', async () => {
      await page.evaluate(() =>
        (
          window as unknown as { __gstImsGrid: { ensureIndexVisible(i: number, p: string): void } }
        ).__gstImsGrid.ensureIndexVisible(700, 'top'),
      );
      const here = await pageKeys(page, 'offset=700&limit=1');
      const key = here.keys[0]!;
      const row = page.locator(`.ag-center-cols-container .ag-row[row-id="${key}"]`);
      await row.waitFor();
      const viewport = page.locator('.ag-body-viewport');
      const top = await viewport.evaluate((e) => e.scrollTop);
      expect(top).toBeGreaterThan(10_000);
      const cell = page.locator(
        `.ag-pinned-right-cols-container .ag-row[row-index="700"] .ag-cell[col-id="decisionLabel"]`,
      );
      const was = (await cell.innerText()).trim();
      const verb = was === 'Pending' ? 'reset' : 'pending';
      await decideByApi(page, [key], verb);
      await page.waitForFunction(
        ([w]) =>
          document
            .querySelector(
              '.ag-pinned-right-cols-container .ag-row[row-index="700"] .ag-cell[col-id="decisionLabel"]',
            )
            ?.textContent?.trim() !== w,
        [was],
        { timeout: 20_000 },
      );
      await expect(viewport.evaluate((e) => e.scrollTop)).resolves.toBe(top);
      await expect(row.getAttribute('row-index')).resolves.toBe('700');
    });

    it('opens the record panel from a row, and is axe-clean', async () => {
      const cell = page.locator(
        '.ag-center-cols-container .ag-row[row-index="700"] .ag-cell[col-id="docNumber"]',
      );
      const doc = (await cell.innerText()).trim();
      await cell.click();
      const panel = page.locator('aside.side-panel');
      await panel.locator('h2', { hasText: doc }).waitFor();
      await page.screenshot({ path: join(SHOTS, 'records-paged-2.png') });
      expect(await axeViolations(page)).toEqual([]);
      await panel.locator('button.close').click();
      await expect(panel.count()).resolves.toBe(0);
    });

    it('a link to a record (?key=) scrolls to its row, ticks it and opens its panel', async () => {
      const [key] = (await pageKeys(page, 'offset=1100&limit=1')).keys;
      await page.goto(`${serve.url}records?paged=1&key=${encodeURIComponent(key!)}`);
      const row = page.locator(`.ag-center-cols-container .ag-row[row-id="${key}"]`);
      await row.waitFor();
      await expect(row.getAttribute('row-index')).resolves.toBe('1100');
      await waitForCounts(page, '1 selected');
      await expect(row.getAttribute('class')).resolves.toContain('ag-row-selected');
      const top = await page.locator('.ag-body-viewport').evaluate((e) => e.scrollTop);
      expect(top).toBeGreaterThan(20_000);
      await page.locator('aside.side-panel h2', { hasText: key!.split('|')[2]! }).waitFor();
      await page.locator('aside.side-panel button.close').click();
      await page.goto(`${serve.url}records?paged=1`);
      await waitForCounts(page, 'Showing 1,500 of 1,500 records');
    });

    it('decides "all N matching" as a server job with its progress dialog; the grid follows', async () => {
      // One supplier's undecided records: the filter the job decides, loaded or not.
      const undecided = await api<PagePayload>(page, '/api/records/page?view=noAction&limit=1000');
      const counts = new Map<string, number>();
      for (const t of undecided.rows) {
        const g = undecided.suppliers[t[2]]![0];
        counts.set(g, (counts.get(g) ?? 0) + 1);
      }
      const [supplier] = [...counts].sort((x, y) => y[1] - x[1])[0]!;
      const { total: n } = await pageKeys(page, `view=noAction&supplier=${supplier}&limit=1`);
      expect(n).toBeGreaterThan(3);
      await page.getByRole('tab', { name: /^Not decided/ }).click();
      await page.fill('#supplier-filter', supplier);
      await page.press('#supplier-filter', 'Enter');
      await waitForCounts(page, `Showing ${en(n)} of 1,500 records`);
      await page.getByTestId('select-all-matching').click();
      await waitForCounts(page, `all ${en(n)} matching selected`);
      await page.locator('.actionbar .counts').click();
      await page.keyboard.press('a');
      const ask = page.getByTestId('bulk-decide-dialog');
      await ask.getByRole('heading', { name: `Accept: all ${en(n)} matching records` }).waitFor();
      // Counted before it starts: the dry run of the same job.
      const counted = await ask.getByTestId('bulk-preview-summary').innerText();
      const willChange = Number(
        /([\d,]+) will change to Accepted/.exec(counted)?.[1]?.replace(/,/g, ''),
      );
      expect(willChange).toBeGreaterThan(0);
      await ask.getByTestId('confirm-bulk-decision').click();
      const job = page.getByTestId('job-progress');
      const summary = job.getByTestId('job-summary');
      await summary.waitFor();
      const text = await summary.innerText();
      expect(text).toContain(`${en(n)} records matched`);
      const applied = Number(/([\d,]+) changed/.exec(text)?.[1]?.replace(/,/g, ''));
      expect(applied).toBe(willChange);
      // Its progress counted records, once: done of the records matched.
      const jobs = await api<{ done: number; total: number; result: { matched: number } }[]>(
        page,
        '/api/jobs',
      );
      expect(jobs[0]).toMatchObject({ done: n, total: n, result: { matched: n } });
      expect(await axeViolations(page)).toEqual([]);
      await job.getByTestId('close-job').click();
      await expect(job.count()).resolves.toBe(0);
      await page
        .locator('.toast')
        .getByText(`Accepted: ${en(applied)} record`)
        .waitFor();
      // Accepted records leave "Not decided"; the refused, if any, stay.
      await waitForCounts(page, `Showing ${en(n - applied)} of 1,500 records`);
      await waitForCounts(page, '0 selected');
      const all = await api<RecordsPayload>(page, '/api/records');
      const mine = all.rows.filter((t) => all.suppliers[t[2]]![0] === supplier);
      expect(mine.filter((t) => t[16] === 'A').length).toBeGreaterThanOrEqual(applied);
    });

    it('asks the ITC-reduction question for all matching credit notes and sends the answer to the job', async () => {
      await page.getByRole('button', { name: 'Clear filters' }).click();
      const notes = await pageKeys(page, 'view=noAction&section=b2bcn&limit=1000');
      expect(notes.total).toBeGreaterThan(5);
      await page.getByRole('tab', { name: /^Not decided/ }).click();
      await page.getByRole('combobox', { name: 'Section' }).selectOption('b2bcn');
      await waitForCounts(page, `Showing ${en(notes.total)} of 1,500 records`);
      await page.getByTestId('select-all-matching').click();
      await page.locator('.actionbar .decide-accept').click();
      const ask = page.getByTestId('bulk-decide-dialog');
      const question = ask.getByTestId('itc-reduction');
      await question.getByText(/^Applies to/).waitFor();
      await question.getByRole('radio', { name: /No reduction/ }).check();
      // No reduction needs a remark: the count says so and nothing can start without it.
      await ask
        .getByTestId('bulk-preview-summary')
        .getByText(/REMARK_REQUIRED/)
        .waitFor();
      await expect(ask.getByTestId('confirm-bulk-decision').isDisabled()).resolves.toBe(true);
      await ask.getByRole('textbox').fill('ITC never availed on these notes');
      await ask
        .getByTestId('bulk-preview-summary')
        .getByText(/REMARK_REQUIRED/)
        .waitFor({ state: 'detached' });
      await ask.getByTestId('confirm-bulk-decision').click();
      const job = page.getByTestId('job-progress');
      await job.getByTestId('job-summary').waitFor();
      await job.getByTestId('close-job').click();
      // The declaration the job wrote on the notes that take one: none, with the remark.
      const kinds: string[] = [];
      for (const key of notes.keys.slice(0, 12)) {
        const d = await api<{
          decision: {
            action: string;
            remark: string | null;
            itcReduction: { kind: string } | null;
          };
        }>(page, `/api/record?key=${encodeURIComponent(key)}`);
        if (d.decision.action !== 'accept') continue;
        const kind = d.decision.itcReduction?.kind ?? 'not applicable';
        // The remark goes with the declaration that needs it (a note that takes none may block it).
        if (kind === 'none') expect(d.decision.remark).toBe('ITC never availed on these notes');
        kinds.push(kind);
      }
      expect(kinds).toContain('none');
      expect(kinds.filter((k) => k === 'full' || k === 'partial')).toEqual([]);
    });
  },
);
