// Browser tests of the period switcher and the Month page (issues 12 and 14 item 4): the real
// `gst-ims serve` (built binary, port 0, a temp demo workspace) driven by playwright-core through
// the system's Chromium. The demo's November (IMS download, books of both months, 2B, 3B) is
// imported through the pages; November's 3B claims Rs 7,230.38 above its 2B, explained by an
// October invoice booked on 3 November (README, "The month end to end on the demo").
// Screenshots at 1440x900 and 1024x768 go to test-output/screenshots/.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS } from '../../scripts/find-chromium.mjs';
import {
  CHROMIUM,
  RECIPIENT,
  REQUIRED,
  SHOTS,
  WEB_DIST,
  startServe,
  warnIfNoChromium,
  stopServe,
} from '../support/e2e.js';

warnIfNoChromium('MONTH BROWSER TESTS');

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "102026" -> "Oct 2026", computed here apart from the app's formatter. */
const label = (p: string): string => `${MONTHS[Number(p.slice(0, 2)) - 1]} ${p.slice(2)}`;
/** The 14th / 20th of the month after a period, DD-MM-YYYY. */
function portalDate(p: string, day: number): string {
  const m = Number(p.slice(0, 2));
  const y = Number(p.slice(2));
  const nm = m === 12 ? 1 : m + 1;
  const ny = m === 12 ? y + 1 : y;
  return `${day}-${String(nm).padStart(2, '0')}-${ny}`;
}

describe.skipIf(CHROMIUM === null && !REQUIRED)(
  'the period switcher and the Month page in Chromium (gst-ims serve on a demo workspace)',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'gst-ims-e2e-month-'));
    const demo = (f: string): string => join(dir, 'gst-ims-demo', f);
    let serve: Awaited<ReturnType<typeof startServe>>;
    let browser: BrowserContext;
    let page: Page;
    const errors: string[] = [];

    const switcher = () => page.getByTestId('period-switcher');
    const choose = async (p: string): Promise<void> => {
      await switcher().selectOption(p);
      await expect(switcher().inputValue()).resolves.toBe(p);
    };
    async function shots(name: string): Promise<void> {
      for (const [w, h] of [
        [1440, 900],
        [1024, 768],
      ] as const) {
        await page.setViewportSize({ width: w, height: h });
        await page.screenshot({ path: join(SHOTS, `${name}-${w}x${h}.png`) });
      }
      await page.setViewportSize({ width: 1440, height: 900 });
    }

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
        locale: 'en-IN',
        timezoneId: 'Asia/Kolkata',
      });
      page = browser.pages()[0] ?? (await browser.newPage());
      page.setDefaultTimeout(30_000);
      page.on('pageerror', (e) => errors.push(`${e.message} ${e.stack ?? ''}`.slice(0, 600)));
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      if (serve) {
        const exited = stopServe(serve);
        expect(await exited).toBe(0);
      }
      rmSync(dir, { recursive: true, force: true });
    });

    it('lists the periods as "Oct 2026", newest first; the Dashboard dates follow the choice', async () => {
      await page.goto(serve.url);
      await page.getByText('Records by section and decision').waitFor();
      const periods = await page.evaluate(() =>
        fetch('/api/periods')
          .then((r) => r.json() as Promise<{ periods: string[] }>)
          .then((b) => b.periods),
      );
      expect(periods.length).toBeGreaterThanOrEqual(2);
      expect(periods).toContain('102026');
      const options = await switcher().locator('option').allInnerTexts();
      expect(options).toEqual(periods.map(label));
      // Newest first, by month number, not as text.
      const idx = periods.map((p) => Number(p.slice(2)) * 12 + Number(p.slice(0, 2)));
      expect([...idx].sort((a, b) => b - a)).toEqual(idx);
      // The period the records are in (Oct 2026, not the nearly empty newest) is chosen until the
      // user picks another (app/work-period.ts).
      await expect(switcher().inputValue()).resolves.toBe('102026');

      const cards = page.getByTestId('dashboard-cards');
      for (const p of ['102026', '092026']) {
        await choose(p);
        await cards.getByText(`GSTR-2B of ${label(p)} generated`).waitFor();
        const text = await cards.innerText();
        expect(text).toContain(`on ${portalDate(p, 14)}`);
        expect(text).toContain(`on ${portalDate(p, 20)}`);
        await page
          .getByText(`Projected ITC effect (GSTR-2B of ${label(p)}) per tax head`)
          .waitFor();
      }
      // Oct's dates are gone once September is chosen.
      expect(await cards.innerText()).not.toContain(portalDate('102026', 14));
      await choose('102026');
      await shots('month-1-dashboard-oct');
      // The choice survives a reload.
      await page.reload();
      await page.getByText('Records by section and decision').waitFor();
      await expect(switcher().inputValue()).resolves.toBe('102026');
    });

    it("imports November's download and the books of both months; Reconcile says the chosen period", async () => {
      await page.getByRole('link', { name: 'Import' }).click();
      await page.locator('#drop-ims').setInputFiles(demo(`ims-download-${RECIPIENT}-112026.json`));
      await page
        .locator('[data-testid=import-result]')
        .first()
        .getByText(`Imported ims-download-${RECIPIENT}-112026.json`)
        .waitFor();
      await page
        .locator('#drop-register')
        .setInputFiles(demo('purchase-register-oct-nov-tally.csv'));
      const preview = page.getByTestId('register-preview');
      await preview.getByRole('button', { name: /^Import [\d,]+ documents?$/ }).click();
      await page
        .locator('[data-testid=import-result]')
        .first()
        .getByText(/of the books, dated/)
        .waitFor();
      // November is now among the periods.
      await expect(switcher().locator('option').allInnerTexts()).resolves.toContain('Nov 2026');

      await page.getByRole('link', { name: 'Reconcile' }).click();
      const head = page.locator('.reconcile .page-head');
      await head.getByText(/IMS period Oct 2026/).waitFor({ timeout: 60_000 });
      await choose('112026');
      await head.getByText(/IMS period Nov 2026/).waitFor({ timeout: 60_000 });
      await page.getByRole('link', { name: 'Dashboard' }).click();
      await page
        .getByTestId('dashboard-cards')
        .getByText('GSTR-2B of Nov 2026 generated')
        .waitFor();
      expect(await page.getByTestId('dashboard-cards').innerText()).toContain('on 14-12-2026');
    });

    it("shows November's month; imports its 2B and 3B; names the excess of Rs 7,230.38 and its invoice", async () => {
      await page.getByRole('link', { name: 'Month' }).click();
      await page.getByRole('heading', { name: 'Month: Nov 2026' }).waitFor();
      await expect(page.getByTestId('month-dates').innerText()).resolves.toContain(
        'generated on 14-12-2026 · GSTR-3B due on 20-12-2026',
      );
      const tiles = (await page.getByTestId('deadline-tiles').textContent()) ?? '';
      expect(tiles).toContain('Past the time limit');
      expect(tiles).toContain('Rule 37A');
      const compare = page.getByTestId('month-compare');
      await compare.getByText('No GSTR-2B of this period imported').waitFor();

      await page.locator('#drop-gstr2b').setInputFiles(demo('gstr2b-112026.json'));
      await page.locator('.toast').getByText('Imported the GSTR-2B of Nov 2026').waitFor();
      // 4(A)(5) of November's 2B (README): 69,19,782.45 / 5,15,588.21 / 5,15,588.21.
      const twoBRow = compare.locator('tr', { hasText: 'GSTR-2B: all other ITC' });
      await twoBRow.getByText('69,19,782.45').waitFor();
      await expect(twoBRow.innerText()).resolves.toContain('5,15,588.21');

      await page.locator('#drop-gstr3b').setInputFiles(demo('gstr3b-112026.json'));
      await page.locator('.toast').getByText('Imported the GSTR-3B of Nov 2026').waitFor();
      const verdict = page.getByTestId('excess-verdict');
      await verdict.getByText('Excess ITC ₹ 7,230.38').waitFor();
      await expect(verdict.innerText()).resolves.toMatch(/DRC-01C limit .*: not crossed/);
      const excessRow = page.getByTestId('diff-3b');
      await expect(excessRow.innerText()).resolves.toContain('7,230.38');
      const explaining = page.getByTestId('explaining');
      await expect(explaining.innerText()).resolves.toContain('MMH-2560');
      await expect(explaining.innerText()).resolves.toContain(
        'Deemed accepted in an earlier 2B, claimed now',
      );
      await page.getByText('(₹ 7,230.38, exactly the excess)').waitFor();
      await shots('month-2-november');

      // The difference opens its records: the link goes to that record on the Records page.
      await excessRow.getByRole('button', { name: /1 record →/ }).click();
      await explaining.getByRole('link', { name: /MMH-2560/ }).click();
      await page.waitForURL(/\/records\?key=/);
      expect(decodeURIComponent(new URL(page.url()).search)).toContain('MMH-2560');
      await page
        .getByTestId('grid-counts')
        .getByText(/Showing [\d,]+ of/)
        .waitFor();
      await page.goBack();
      await page.getByRole('heading', { name: 'Month: Nov 2026' }).waitFor();
    });

    it('refuses a Table 4 amount that is not rupees, then stores a typed Table 4 and checks it', async () => {
      const form = page.getByTestId('table4-form');
      await form.getByLabel('4(A)(5) IGST').fill('69,29,782.4x');
      await form.getByRole('button', { name: 'Store as the GSTR-3B of Nov 2026' }).click();
      await expect(form.getByTestId('table4-error').innerText()).resolves.toContain(
        '4(A)(5) IGST: "69,29,782.4x" is not an amount in rupees',
      );
      // Nothing was stored: the imported 3B's excess stands.
      await page.getByTestId('excess-verdict').getByText('Excess ITC ₹ 7,230.38').waitFor();

      // 10,000 more IGST than the 2B's 69,19,782.45; CGST and SGST as the 2B.
      await form.getByLabel('4(A)(5) IGST').fill('69,29,782.45');
      await form.getByLabel('4(A)(5) CGST').fill('515588.21');
      await form.getByLabel('4(A)(5) SGST').fill('5,15,588.21');
      await form.getByLabel('4(A)(1) IGST').fill('45000');
      await expect(form.locator('tr', { hasText: '4(C)' }).innerText()).resolves.toContain(
        '69,74,782.45',
      );
      await form.getByRole('button', { name: 'Store as the GSTR-3B of Nov 2026' }).click();
      await page
        .locator('.toast')
        .getByText(/Replaced the GSTR-3B of Nov 2026/)
        .waitFor();
      await page.getByTestId('excess-verdict').getByText('Excess ITC ₹ 10,000.00').waitFor();
      const excessRow = await page.getByTestId('diff-3b').innerText();
      expect(excessRow).toMatch(/10,000\.00\s+0\.00\s+0\.00\s+0\.00\s+10,000\.00/);

      // A 4(D)(1) reclaim of that 10,000 leaves no excess.
      await form.getByLabel('4(D)(1) IGST').fill('10000');
      await form.getByRole('button', { name: 'Store as the GSTR-3B of Nov 2026' }).click();
      await page
        .getByTestId('excess-verdict')
        .getByText(/^No excess/)
        .waitFor();
      await shots('month-3-typed-table4');
      expect(errors).toEqual([]);
    });
  },
);
