// Browser tests of issue 14's Undo and Saved views: a bulk Accept taken back from its toast, an
// event undone from the History page through its confirm dialog (a record changed since left
// alone and said so), a view of the Records page saved, the page reloaded, the view picked again.
// The real `gst-ims serve` (built binary, port 0, a temp demo workspace) in the system's Chromium.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordsPayload } from '../../packages/gst-ims/src/server/api-types.js';
import { FLAG } from '../../packages/gst-ims/src/server/api-types.js';
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

warnIfNoChromium('UNDO AND SAVED VIEWS BROWSER TESTS');

interface ApiRecord {
  key: string;
  section: string;
  supplier: string;
  decision: string;
  flags: number;
}

async function apiRecords(page: Page): Promise<ApiRecord[]> {
  const p = await page.evaluate(
    () => fetch('/api/records').then((r) => r.json()) as Promise<RecordsPayload>,
  );
  return p.rows.map((t) => ({
    key: t[0],
    section: t[1],
    supplier: p.suppliers[t[2]]?.[0] ?? '',
    decision: t[16],
    flags: t[19],
  }));
}

/** A decision sent as the page sends it (another tab, say). */
async function decideByApi(
  page: Page,
  keys: readonly string[],
  verb: string,
  remark: string | null = null,
): Promise<void> {
  const status = await page.evaluate(
    async ([k, v, r]) => {
      const token =
        document.querySelector('meta[name="gst-ims-token"]')?.getAttribute('content') ?? '';
      const res = await fetch('/api/decide', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-gst-ims-token': token },
        body: JSON.stringify({ keys: k, verb: v, remark: r }),
      });
      return `${res.status} ${await res.text()}`;
    },
    [keys, verb, remark] as const,
  );
  expect(status).toMatch(/^200 /);
}

async function selectAllShown(page: Page, shown: string): Promise<void> {
  await page.evaluate(() =>
    (window as unknown as { __gstImsGrid?: { deselectAll(): void } }).__gstImsGrid?.deselectAll(),
  );
  await waitForCounts(page, ' 0 selected');
  await page.locator('.ag-header-select-all').first().click();
  await waitForCounts(page, `${shown} selected`);
}

describe.skipIf(CHROMIUM === null && !REQUIRED)(
  'Undo (toast and History) and saved views in Chromium (gst-ims serve on a demo workspace)',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'gst-ims-e2e-undo-'));
    let serve: Awaited<ReturnType<typeof startServe>>;
    let browser: BrowserContext;
    let page: Page;
    /** One supplier's records, none decided, none gone: the bulk actions' selection. */
    let supplier = '';
    let keys: string[] = [];

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
      await page.goto(serve.url);
      // A supplier's undecided records (the "Not decided" tab of its records): the selection.
      const bySupplier = new Map<string, ApiRecord[]>();
      for (const r of await apiRecords(page))
        if (r.decision === 'N' && (r.flags & FLAG.gone) === 0)
          bySupplier.set(r.supplier, [...(bySupplier.get(r.supplier) ?? []), r]);
      const pick = [...bySupplier.values()].find(
        (rs) => rs.length >= 3 && rs.every((r) => (r.flags & FLAG.remarksBlocked) === 0),
      );
      expect(pick).toBeDefined();
      supplier = pick![0]!.supplier;
      keys = pick!.map((r) => r.key);
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      if (serve) await stopServe(serve);
      rmSync(dir, { recursive: true, force: true });
    });

    const decisionsOf = async (): Promise<string[]> => {
      const byKey = new Map((await apiRecords(page)).map((r) => [r.key, r.decision]));
      return keys.map((k) => byKey.get(k) ?? '?');
    };

    it('a bulk Accept is taken back from its toast: the decisions are back', async () => {
      await page.goto(`${serve.url}records`);
      await waitForCounts(page, 'Showing 1,500 of 1,500 records');
      await page.fill('#supplier-filter', supplier);
      await page.press('#supplier-filter', 'Enter');
      await page.getByRole('tab', { name: 'Not decided' }).click();
      const n = keys.length.toLocaleString('en-IN');
      await waitForCounts(page, `Showing ${n} of 1,500 records`);
      await selectAllShown(page, n);
      await page.getByRole('button', { name: /^Accept/ }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText(/will change to/).waitFor();
      await dialog.getByTestId('confirm-decision').click();
      const toast = page.locator('.toast', { has: page.getByRole('button', { name: 'Undo' }) });
      await toast.waitFor();
      expect(await decisionsOf()).toEqual(keys.map(() => 'A'));
      // Accepted, they left the "Not decided" tab.
      await waitForCounts(page, 'Showing 0 of 1,500 records');
      await page.screenshot({ path: join(SHOTS, 'undo-1-toast.png') });
      await toast.getByRole('button', { name: 'Undo' }).click();
      await page
        .locator('.toast')
        .getByText(new RegExp(`Undone: ${keys.length} records back to the decision before`))
        .waitFor();
      expect(await decisionsOf()).toEqual(keys.map(() => 'N'));
      // The grid shows it too, without a reload: the records are back in the "Not decided" tab.
      await waitForCounts(page, `Showing ${n} of 1,500 records`);
    });

    it('History lists the events; Undo there says what it restores and what it leaves, then does it', async () => {
      await decideByApi(page, keys, 'reject', 'not our purchase');
      // Someone changes one record again after the rejection: the undo must leave it alone.
      await decideByApi(page, [keys[0]!], 'pending', 'asked the supplier');
      await page.getByRole('link', { name: 'History' }).click();
      const table = page.getByTestId('history-table');
      await table.waitFor();
      const rows = table.locator('tbody tr');
      // Newest first: the pending, the rejection, the toast's undo, the accept it undid.
      await expect(rows.count()).resolves.toBeGreaterThanOrEqual(4);
      await expect(rows.nth(0).innerText()).resolves.toMatch(/Pending.*\b1\b/s);
      const reject = rows.nth(1);
      await expect(reject.innerText()).resolves.toMatch(
        new RegExp(`Rejected \\("not our purchase"\\).*\\b${keys.length}\\b.*the web app`, 's'),
      );
      await expect(rows.nth(3).innerText()).resolves.toMatch(/undone by event \d+/);
      expect(await axeViolations(page)).toEqual([]);

      await reject.getByRole('button', { name: /^Undo event/ }).click();
      const dialog = page.getByTestId('undo-dialog').getByRole('dialog');
      const summary = dialog.getByTestId('undo-summary');
      await summary.waitFor();
      await expect(summary.innerText()).resolves.toMatch(
        new RegExp(
          `${keys.length - 1} record\\(s\\) will get back the decision they had before \\(${keys.length - 1} to No Action\\)`,
        ),
      );
      await expect(summary.innerText()).resolves.toMatch(/1 record\(s\) will be left as they are/);
      await expect(dialog.getByTestId('undo-skipped').innerText()).resolves.toContain(
        'UNDO_RECORD_CHANGED_SINCE',
      );
      expect(await axeViolations(page)).toEqual([]);
      await page.screenshot({ path: join(SHOTS, 'undo-2-history-dialog.png') });
      // Nothing changed yet: the dialog showed a dry run.
      expect((await decisionsOf()).slice(1)).toEqual(keys.slice(1).map(() => 'R'));
      await dialog.getByTestId('confirm-undo').click();
      await page
        .locator('.toast')
        .getByText(new RegExp(`Undone: ${keys.length - 1} records .*1 record was left`))
        .waitFor();
      expect(await decisionsOf()).toEqual(['P', ...keys.slice(1).map(() => 'N')]);
      await expect(rows.nth(0).innerText()).resolves.toMatch(/No Action/);
    });

    it('a view saved under a name comes back after a reload', async () => {
      await page.goto(`${serve.url}records`);
      await waitForCounts(page, 'Showing 1,500 of 1,500 records');
      await page.getByRole('tab', { name: 'Not decided' }).click();
      await page.getByRole('textbox', { name: 'Section Filter Input' }).fill('B2B');
      await page.getByRole('searchbox', { name: 'Quick search' }).fill(supplier.slice(0, 6));
      await page.waitForFunction(
        () =>
          !/Showing 1,500 of/.test(
            document.querySelector('[data-testid=grid-counts]')?.textContent ?? '',
          ),
      );
      // Let the grid settle on the filtered count (the column filter applies after a debounce):
      // the same count twice, 700 ms apart, then remember it.
      const countNow = async (): Promise<string | undefined> =>
        /Showing ([\d,]+) of/.exec(
          await page.locator('[data-testid=grid-counts]').innerText(),
        )?.[1];
      let shown = await countNow();
      for (let i = 0; i < 20; i++) {
        await page.waitForTimeout(700);
        const again = await countNow();
        if (again === shown) break;
        shown = again;
      }
      expect(shown).toBeDefined();
      await page.getByRole('button', { name: 'Save view' }).click();
      const naming = page.getByTestId('save-view-dialog').getByRole('dialog');
      await naming.getByLabel('View name').fill('Undecided B2B of one supplier');
      await page.keyboard.press('Enter');
      await page
        .locator('.toast')
        .getByText('View "Undecided B2B of one supplier" saved.')
        .waitFor();

      await page.reload();
      await waitForCounts(page, 'Showing 1,500 of 1,500 records');
      const picker = page.getByTestId('saved-views');
      await expect(picker.locator('option').allInnerTexts()).resolves.toContain(
        'Undecided B2B of one supplier',
      );
      await picker.selectOption('Undecided B2B of one supplier');
      await waitForCounts(page, `Showing ${shown} of 1,500 records`);
      await expect(
        page.getByRole('searchbox', { name: 'Quick search' }).inputValue(),
      ).resolves.toBe(supplier.slice(0, 6));
      await expect(
        page.getByRole('tab', { name: 'Not decided' }).getAttribute('aria-selected'),
      ).resolves.toBe('true');
      // The floating filter's box shows the restored model a moment after the grid applies it.
      await expect
        .poll(() => page.getByRole('textbox', { name: 'Section Filter Input' }).inputValue(), {
          timeout: 10_000,
        })
        .toBe('B2B');
      expect(await axeViolations(page)).toEqual([]);
      // Deleted, it is gone after a reload too.
      await page.getByRole('button', { name: /^Delete view/ }).click();
      await page
        .locator('.toast')
        .getByText(/deleted/)
        .waitFor();
      await page.reload();
      await waitForCounts(page, 'Showing 1,500 of 1,500 records');
      await expect(picker.locator('option').allInnerTexts()).resolves.toEqual(['Saved views…']);
    });
  },
);
