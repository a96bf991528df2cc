// Browser tests of the Reconcile page's polish (issue 14): a row click opens the record with its
// candidates in the books, the counters follow an apply, and no tooltip is left on screen. The
// built `gst-ims serve` on a temp demo workspace with its purchase register, the system's
// Chromium via playwright-core (tests/support/e2e.ts).
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ExplainPayload,
  RecordDetailPayload,
} from '../../packages/gst-ims/src/server/api-types.js';
import { CHROMIUM_ARGS } from '../../scripts/find-chromium.mjs';
import {
  BIN,
  CHROMIUM,
  REQUIRED,
  SHOTS,
  WEB_DIST,
  axeViolations,
  startServe,
  stopServe,
  warnIfNoChromium,
} from '../support/e2e.js';

warnIfNoChromium('RECONCILE PANEL BROWSER TESTS');

const run = promisify(execFile);
const ROWS = '.reconcile-grid .ag-center-cols-container .ag-row';

/** The number in a label such as "Mismatch (1,234)". */
const countIn = (text: string): number => Number(/\(([\d,]+)\)/.exec(text)?.[1]?.replace(/,/g, ''));

describe.skipIf(CHROMIUM === null && !REQUIRED)(
  'the Reconcile page: record panel with candidates, counters after applying, tooltips',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'gst-ims-recon-'));
    const db = join(dir, 'ws.sqlite');
    let serve: Awaited<ReturnType<typeof startServe>>;
    let browser: Browser;
    let page: Page;

    const tabs = () => page.locator('.reconcile .views');
    const panel = () => page.getByTestId('match-panel');
    const safeButton = () => page.getByRole('button', { name: /^Apply safe proposals/ });
    const tooltips = (): Promise<number> => page.locator('.ag-tooltip').count();

    async function openReconcile(): Promise<void> {
      await page.goto(`${serve.url}reconcile`);
      await tabs()
        .getByText(/^Exact \([\d,]+\)$/)
        .waitFor({ timeout: 60_000 });
      await page.locator(ROWS).first().waitFor();
    }
    async function showTab(name: RegExp, word: string): Promise<void> {
      await tabs().getByText(name).click();
      await page.waitForFunction((w) => {
        const cells = [
          ...document.querySelectorAll(
            '.reconcile-grid .ag-center-cols-container .ag-cell[col-id="outcome"]',
          ),
        ];
        return cells.length > 0 && cells.every((c) => c.textContent === w);
      }, word);
    }
    const cellOf = (row: number, col: string) =>
      page.locator(`${ROWS}[row-index="${row}"] .ag-cell[col-id="${col}"]`);
    async function api<T>(path: string): Promise<T> {
      return page.evaluate((p) => fetch(p).then((r) => r.json()) as Promise<T>, path);
    }
    /** The record key of the row the panel shows, from where "Open in Records" leads. */
    async function panelKey(): Promise<string> {
      await panel().getByRole('button', { name: 'Open in Records' }).click();
      await page.waitForURL(/\/records\?key=/);
      const key = new URL(page.url()).searchParams.get('key') ?? '';
      await page.goBack();
      return key;
    }

    beforeAll(async () => {
      if (CHROMIUM === null)
        throw new Error('GST_IMS_REQUIRE_BROWSER=1 but no Chromium was found: install chromium');
      if (!existsSync(WEB_DIST))
        throw new Error('the web app is not built: run npm run build first (npm test does)');
      mkdirSync(SHOTS, { recursive: true });
      serve = await startServe(dir, db);
      await run(
        process.execPath,
        [
          BIN,
          '--db',
          db,
          'import',
          'register',
          join(dir, 'gst-ims-demo', 'purchase-register-tally.csv'),
        ],
        { cwd: dir, env: { ...process.env, GST_IMS_DB: '' } },
      );
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
      page = await browser.newPage({
        viewport: { width: 1440, height: 900 },
        locale: 'en-IN',
        // axe-core goes in as a script tag, which the app's Content-Security-Policy would refuse.
        bypassCSP: true,
      });
      page.setDefaultTimeout(20_000);
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      if (serve) expect(await stopServe(serve)).toBe(0);
      rmSync(dir, { recursive: true, force: true });
    });

    it('a row click opens the record with its reasons, its proposal and its candidates in the books', async () => {
      await openReconcile();
      await showTab(/^Mismatch \(/, 'Mismatch');
      const doc = await cellOf(0, 'documentNumber').innerText();
      const reasons = await cellOf(0, 'reasons').innerText();
      await cellOf(0, 'supplierName').click();
      await panel().waitFor();
      await expect(panel().locator('h2').innerText()).resolves.toBe(doc);
      await expect(
        panel().getByTestId('match-reasons').locator('li').allInnerTexts(),
      ).resolves.toEqual(reasons.split('; '));
      await expect(panel().locator('.outcome').innerText()).resolves.toBe('Mismatch');
      await expect(panel().getByTestId('match-decision').innerText()).resolves.toMatch(
        /^Yours: .+ · proposed: /,
      );
      const candidates = panel().getByTestId('candidates');
      await candidates.waitFor();
      // The panel's candidates are the server's explanation of this record's match.
      const shown = await candidates.locator('tbody tr').count();
      const scores = await candidates.locator('tbody tr td.num').allInnerTexts();
      const key = await panelKey();
      expect(key).not.toBe('');
      const ex = await api<ExplainPayload>(`/api/reconcile/explain?key=${encodeURIComponent(key)}`);
      expect(shown).toBe(ex.candidates.length);
      expect(scores).toEqual(ex.candidates.map((c) => String(c.score)));
      expect(await axeViolations(page)).toEqual([]);
      await page.screenshot({ path: join(SHOTS, 'reconcile-panel.png') });
    }, 120_000);

    it('Esc closes the panel; Enter on a row opens it from the keyboard', async () => {
      await openReconcile();
      await cellOf(0, 'supplierName').click();
      await panel().waitFor();
      await page.keyboard.press('Escape');
      await expect(panel().count()).resolves.toBe(0);
      await page.keyboard.press('ArrowDown');
      const doc = await cellOf(1, 'documentNumber').innerText();
      await page.keyboard.press('Enter');
      await panel().waitFor();
      await expect(panel().locator('h2').innerText()).resolves.toBe(doc);
    }, 120_000);

    it('a document found only in the books says how to link it', async () => {
      await openReconcile();
      await showTab(/^Missing in portal \(/, 'Missing in portal');
      const books = await cellOf(0, 'registerDocNumber').innerText();
      await cellOf(0, 'supplierName').click();
      await expect(panel().locator('h2').innerText()).resolves.toBe(books);
      await expect(panel().getByTestId('books-only').innerText()).resolves.toMatch(
        /^Found only in the books \(ref .+\): select it together with the portal record/,
      );
      await expect(panel().getByRole('button', { name: 'Open in Records' }).count()).resolves.toBe(
        0,
      );
    }, 120_000);

    it('Link on a candidate pairs the record with that books document by hand', async () => {
      await openReconcile();
      await showTab(/^Probable \(/, 'Probable');
      const candidates = panel().getByTestId('candidates');
      // The first row whose panel lists a candidate.
      let row = -1;
      for (let i = 0; i < 10 && row < 0; i++) {
        await cellOf(i, 'supplierName').click();
        await candidates.waitFor();
        if ((await candidates.locator('tbody tr').count()) > 0) row = i;
      }
      expect(row, 'a Probable match with a candidate in the books').toBeGreaterThanOrEqual(0);
      const key = await panelKey();
      await tabs()
        .getByText(/^Exact \([\d,]+\)$/)
        .waitFor({ timeout: 60_000 });
      await showTab(/^Probable \(/, 'Probable');
      await cellOf(row, 'supplierName').click();
      const link = candidates
        .locator('tbody tr')
        .first()
        .getByRole('button', { name: /^Link with / });
      const label = (await link.getAttribute('aria-label')) ?? '';
      await link.click();
      await page
        .locator('.toast')
        .getByText(/^Linked .+ with .+: now /)
        .waitFor();
      const d = await api<RecordDetailPayload>(`/api/record?key=${encodeURIComponent(key)}`);
      expect(d.reconciliation?.manual).toBe(true);
      expect(label).toBe(`Link with ${d.reconciliation?.register?.docNumber}`);
    }, 120_000);

    it('after applying the safe proposals the counters follow: nothing left to apply, as a fresh page says', async () => {
      await openReconcile();
      const before = countIn(await safeButton().innerText());
      expect(before).toBeGreaterThan(0);
      await safeButton().click();
      await page.getByTestId('confirm-apply').click();
      await page
        .locator('.toast')
        .getByText(/^Applied [\d,]+ proposals?$/)
        .waitFor();
      await page.waitForFunction(() =>
        [...document.querySelectorAll('button')].some((b) =>
          /^Apply safe proposals \(0\)$/.test(b.textContent ?? ''),
        ),
      );
      await expect(safeButton().isDisabled()).resolves.toBe(true);
      const after = await tabs().innerText();
      await openReconcile();
      await expect(tabs().innerText()).resolves.toBe(after);
      await expect(safeButton().innerText()).resolves.toBe('Apply safe proposals (0)');
    }, 120_000);

    it('leaves no tooltip behind: not over rows matched again, not after a click, not after leaving the page', async () => {
      await openReconcile();
      const cell = cellOf(2, 'reasons');
      // The reasons are the cell's tooltip.
      const text = await cell.innerText();
      await expect(cell.getAttribute('title').then((t) => t?.split('\n').join('; '))).resolves.toBe(
        text,
      );
      await cell.hover();
      await page.waitForTimeout(800);
      await page.getByRole('button', { name: 'Match again' }).focus();
      await Promise.all([
        page.waitForResponse((r) => new URL(r.url()).pathname === '/api/reconcile/run'),
        page.keyboard.press('Enter'),
      ]);
      await page.getByRole('button', { name: 'Match again' }).waitFor();
      await page.waitForTimeout(800);
      expect(await tooltips()).toBe(0);
      await cell.click();
      await panel().waitFor();
      expect(await tooltips()).toBe(0);
      await cell.hover();
      await page.waitForTimeout(800);
      await page.getByRole('link', { name: 'Dashboard' }).click();
      await page.getByText('Records by section and decision').waitFor();
      expect(await tooltips()).toBe(0);
    }, 120_000);
  },
);
