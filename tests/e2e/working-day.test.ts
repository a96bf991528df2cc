// Browser tests of a working day in the web app (issue 14): keyboard-only dialogs, selections
// that never act on hidden rows, a page that follows changes made elsewhere (`gst-ims act`), the
// layout at 1024x768, and accessibility (axe-core on every page). The same set-up as web.test.ts:
// the built `gst-ims serve` on a temp demo workspace, the system's Chromium via playwright-core.
// Screenshots of every page at 1440x900 and 1024x768 go to test-output/screenshots/.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordsPayload } from '../../packages/gst-ims/src/server/api-types.js';
import { CHROMIUM_ARGS } from '../../scripts/find-chromium.mjs';
import {
  BIN,
  CHROMIUM,
  REQUIRED,
  SHOTS,
  WEB_DIST,
  countsText,
  startServe,
  waitForCounts,
  warnIfNoChromium,
  axeViolations,
  stopServe,
} from '../support/e2e.js';

warnIfNoChromium('WORKING-DAY BROWSER TESTS');

const run = promisify(execFile);

/** Where the keyboard focus is: inside the dialog, on a grid row (its index), or elsewhere. */
async function focusAt(
  page: Page,
): Promise<{ inDialog: boolean; row: string | null; tag: string }> {
  return page.evaluate(() => {
    const a = document.activeElement;
    return {
      inDialog: a?.closest('[role=dialog]') != null,
      row: a?.closest('.ag-row')?.getAttribute('row-index') ?? null,
      tag: a?.tagName ?? '',
    };
  });
}

interface GridHandle {
  getDisplayedRowAtIndex(i: number): { id?: string; data?: { key: string } } | undefined;
  setFocusedCell(i: number, col: string): void;
  ensureIndexVisible(i: number, pos?: string): void;
  deselectAll(): void;
  getSelectedRows(): { key: string }[];
  getRowNode(
    id: string,
  ): { setSelected(v: boolean): void; rowIndex: number | null; data?: unknown } | undefined;
}
/** Inside page.evaluate (the function's text runs in the page): the Records grid's API. */
type WithGrid = { __gstImsGrid: GridHandle };

/** Decisions by record key, as the server holds them now. */
async function decisions(page: Page): Promise<Map<string, string>> {
  const p = await page.evaluate(
    () => fetch('/api/records').then((r) => r.json()) as Promise<RecordsPayload>,
  );
  return new Map(p.rows.map((t) => [t[0], t[16]]));
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

describe.skipIf(CHROMIUM === null && !REQUIRED)(
  'a working day in the web app (keyboard, selections, live data, layout, accessibility)',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'gst-ims-day-'));
    const db = join(dir, 'ws.sqlite');
    let serve: Awaited<ReturnType<typeof startServe>>;
    let browser: BrowserContext;
    let page: Page;
    const cli = (...args: string[]): Promise<{ stdout: string; stderr: string }> =>
      run(process.execPath, [BIN, '--db', db, '--user', 'ravi', ...args], {
        cwd: dir,
        env: { ...process.env, GST_IMS_DB: '' },
      });

    const openRecords = async (): Promise<void> => {
      await page.getByRole('link', { name: 'Records', exact: true }).click();
      await waitForCounts(page, 'Showing 1,500 of 1,500 records');
    };

    beforeAll(async () => {
      if (CHROMIUM === null)
        throw new Error('GST_IMS_REQUIRE_BROWSER=1 but no Chromium was found: install chromium');
      if (!existsSync(WEB_DIST))
        throw new Error('the web app is not built: run npm run build first (npm test does)');
      mkdirSync(SHOTS, { recursive: true });
      serve = await startServe(dir, db);
      // The books, so the Reconcile page has rows and an apply dialog (a second process writing
      // beside the running server, as a person would from a terminal).
      await cli('import', 'register', join(dir, 'gst-ims-demo', 'purchase-register-tally.csv'));
      browser = await chromium.launchPersistentContext(join(dir, 'profile'), {
        executablePath: CHROMIUM,
        headless: true,
        args: CHROMIUM_ARGS,
        viewport: { width: 1440, height: 900 },
        // axe-core goes in as a script tag, which the app's Content-Security-Policy would refuse.
        bypassCSP: true,
        locale: 'en-IN',
        timezoneId: 'Asia/Kolkata',
      });
      page = browser.pages()[0] ?? (await browser.newPage());
      page.setDefaultTimeout(20_000);
      await page.goto(serve.url);
      await page.getByText('Records by section and decision').waitFor();
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      if (serve) {
        const exited = stopServe(serve);
        expect(await exited).toBe(0);
      }
      rmSync(dir, { recursive: true, force: true });
    });

    it('keyboard only: select rows with keys, open the dialog with a, Tab stays in it, Esc cancels, Ctrl+Enter confirms, focus back on the grid row', async () => {
      // A fresh page: the skip link is the first thing Tab reaches.
      await page.goto(`${serve.url}records`);
      await waitForCounts(page, 'Showing 1,500 of 1,500 records');
      // Into the grid with the keyboard: the skip link, then arrows and Space.
      await page.keyboard.press('Tab');
      await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe(
        'Skip to the grid',
      );
      await page.keyboard.press('Enter');
      await expect(focusAt(page)).resolves.toMatchObject({ row: '0' });
      await page.keyboard.press('Space');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Space');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Space');
      await waitForCounts(page, ' 3 selected');
      const keys = await page.evaluate(() =>
        (window as unknown as WithGrid).__gstImsGrid.getSelectedRows().map((r) => r.key),
      );
      expect(keys).toHaveLength(3);

      // Accept: the focus moves into the dialog and stays there both ways round.
      await page.keyboard.press('a');
      const dialog = page.getByRole('dialog');
      await dialog.getByText(/will change to/).waitFor();
      await expect(focusAt(page)).resolves.toMatchObject({ inDialog: true });
      for (let i = 0; i < 12; i++) {
        await page.keyboard.press('Tab');
        await expect(focusAt(page)).resolves.toMatchObject({ inDialog: true });
      }
      for (let i = 0; i < 12; i++) {
        await page.keyboard.press('Shift+Tab');
        await expect(focusAt(page)).resolves.toMatchObject({ inDialog: true });
      }
      await page.keyboard.press('Escape');
      await expect(dialog.count()).resolves.toBe(0);
      await expect(focusAt(page)).resolves.toMatchObject({ inDialog: false, row: '2' });
      const unchanged = await decisions(page);
      await shot(page, 'day-keyboard-after-esc');

      // Reject: opens on the remark; Enter there is a new line, not a confirmation.
      await page.keyboard.press('r');
      await dialog.getByText(/will change to Rejected/).waitFor();
      await expect(focusAt(page)).resolves.toMatchObject({ inDialog: true, tag: 'TEXTAREA' });
      await page.keyboard.type('Short supply');
      await page.keyboard.press('Enter');
      await expect(dialog.count()).resolves.toBe(1);
      await expect(dialog.locator('textarea').inputValue()).resolves.toBe('Short supply\n');
      // (The portal takes no line breaks in a remark.)
      await page.keyboard.press('Backspace');
      await page.keyboard.type('; debit note awaited');
      for (let i = 0; i < 8; i++) {
        await page.keyboard.press('Tab');
        await expect(focusAt(page)).resolves.toMatchObject({ inDialog: true });
      }
      await page.keyboard.press('Control+Enter');
      await page
        .locator('.toast')
        .getByText(/^Rejected: \d+ records?/)
        .waitFor();
      await expect(dialog.count()).resolves.toBe(0);
      await expect(focusAt(page)).resolves.toMatchObject({ inDialog: false, row: '2' });
      const after = await decisions(page);
      const rejected = keys.filter((k) => after.get(k) === 'R');
      const toast = await page.locator('.toast').last().innerText();
      expect(toast).toContain(`Rejected: ${rejected.length} record`);
      expect(rejected.length).toBeGreaterThan(0);
      // Esc had changed nothing before.
      for (const k of keys) expect([k, unchanged.get(k)]).not.toEqual([k, 'R']);
    });

    it('keyboard only on the Reconcile page: the apply dialog traps the focus and Esc cancels', async () => {
      await page.getByRole('link', { name: 'Reconcile' }).click();
      await page
        .locator('.reconcile .views')
        .getByText(/^Exact \([\d,]+\)$/)
        .waitFor({
          timeout: 60_000,
        });
      const safe = page.getByRole('button', { name: /^Apply safe proposals/ });
      await safe.focus();
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog');
      await dialog.getByText(/decision\(s\) will change/).waitFor();
      await expect(focusAt(page)).resolves.toMatchObject({ inDialog: true });
      for (let i = 0; i < 6; i++) {
        await page.keyboard.press('Shift+Tab');
        await expect(focusAt(page)).resolves.toMatchObject({ inDialog: true });
      }
      await page.keyboard.press('Escape');
      await expect(dialog.count()).resolves.toBe(0);
      await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toMatch(
        /^Apply safe proposals/,
      );
    });

    it('a filter change narrows the selection to the rows shown, and the dialog acts on exactly those', async () => {
      await openRecords();
      // Seven selected rows: five of one supplier, two of others (the grid's API only sets up).
      const picked = await page.evaluate(() => {
        const g = (window as unknown as WithGrid).__gstImsGrid;
        g.deselectAll();
        // Five undecided records of one supplier (an Accept makes them wait for upload), two
        // records of others that do not wait for upload.
        const rows: { key: string; supplier: string; fresh: boolean; clean: boolean }[] = [];
        for (let i = 0; i < 1500; i++) {
          const d = g.getDisplayedRowAtIndex(i)?.data as
            | {
                key: string;
                supplierGstin: string;
                section: string;
                decision: string;
                portalAction: string;
                flags: number;
              }
            | undefined;
          if (!d) continue;
          rows.push({
            key: d.key,
            supplier: d.supplierGstin,
            fresh:
              d.decision === 'noAction' && d.portalAction === 'noAction' && (d.flags & 7) === 0,
            clean: (d.flags & 1) === 0,
          });
        }
        const bySupplier = new Map<string, string[]>();
        for (const r of rows.filter((x) => x.fresh))
          bySupplier.set(r.supplier, [...(bySupplier.get(r.supplier) ?? []), r.key]);
        const [supplier, mine] = [...bySupplier].find(([, ks]) => ks.length >= 5)!;
        const others = rows
          .filter((r) => r.supplier !== supplier && r.clean)
          .slice(0, 2)
          .map((r) => r.key);
        for (const k of [...mine.slice(0, 5), ...others]) g.getRowNode(k)?.setSelected(true);
        return { supplier, mine: mine.slice(0, 5), others };
      });
      await waitForCounts(page, ' 7 selected');
      await page.fill('#supplier-filter', picked.supplier);
      await page.press('#supplier-filter', 'Enter');
      await waitForCounts(page, ' 5 selected');
      expect(await countsText(page)).toMatch(/Showing [\d,]+ of 1,500 records · 5 selected/);
      const before = await decisions(page);

      await page.locator('.actionbar .decide-accept').click();
      const dialog = page.getByRole('dialog');
      await expect(dialog.locator('h2').innerText()).resolves.toBe('Accept: 5 selected records');
      const actsOn = dialog.getByTestId('acts-on');
      await expect(actsOn.locator('summary').innerText()).resolves.toContain(
        `Acts on exactly these 5 records selected in supplier ${picked.supplier}`,
      );
      await actsOn.locator('summary').click();
      await expect(actsOn.locator('li').count()).resolves.toBe(5);
      await dialog.getByText(/will change to Accepted/).waitFor();
      await shot(page, 'day-acts-on');
      await dialog.getByTestId('confirm-decision').click();
      await page
        .locator('.toast')
        .getByText(/^(Accepted|Nothing changed)/)
        .waitFor();
      const after = await decisions(page);
      for (const k of picked.mine) expect([k, after.get(k)]).toEqual([k, 'A']);
      for (const k of picked.others) expect([k, after.get(k)]).toEqual([k, before.get(k)]);

      // A view tab narrows too: what stays selected is what the tab shows.
      await page.fill('#supplier-filter', '');
      await page.press('#supplier-filter', 'Enter');
      await waitForCounts(page, 'Showing 1,500 of 1,500');
      await page.evaluate(
        (ks) =>
          ks.forEach((k) =>
            (window as unknown as WithGrid).__gstImsGrid.getRowNode(k)?.setSelected(true),
          ),
        [...picked.mine, ...picked.others],
      );
      await waitForCounts(page, ' 7 selected');
      await page.getByRole('tab', { name: 'Waiting for upload' }).click();
      // The five just accepted wait for upload; the two others do not (fresh demo records).
      await waitForCounts(page, ' 5 selected');
      await page.getByRole('tab', { name: 'All', exact: true }).click();
    });

    it('the Reconcile page narrows its selection on a tab change and says what Apply selected acts on', async () => {
      await page.getByRole('link', { name: 'Reconcile' }).click();
      const tabs = page.locator('.reconcile .views');
      await tabs.getByText(/^Exact \([\d,]+\)$/).waitFor({ timeout: 60_000 });
      // The grid's rows first: a header box ticked over an empty grid selects nothing.
      await page.locator('.reconcile .ag-center-cols-container .ag-row').first().waitFor();
      await page.locator('.reconcile .ag-header-select-all').first().click();
      await page.getByRole('button', { name: /^Apply selected \([1-9]/ }).waitFor();
      const all = Number(
        /Apply selected \(([\d,]+)\)/
          .exec(await page.getByRole('button', { name: /^Apply selected/ }).innerText())?.[1]
          ?.replace(/,/g, ''),
      );
      expect(all).toBeGreaterThan(10);
      await tabs.getByText(/^Mismatch \([\d,]+\)$/).click();
      const mismatches = Number(
        /\(([\d,]+)\)/
          .exec(await tabs.getByText(/^Mismatch \(/).innerText())?.[1]
          ?.replace(/,/g, ''),
      );
      expect(mismatches).toBeGreaterThan(0);
      expect(mismatches).toBeLessThan(all);
      await page.getByRole('button', { name: `Apply selected (${mismatches})` }).click();
      const dialog = page.getByRole('dialog');
      await expect(dialog.locator('h2').innerText()).resolves.toBe(
        `Apply the proposals of ${mismatches} selected record${mismatches === 1 ? '' : 's'}`,
      );
      await dialog.getByTestId('acts-on').locator('summary').click();
      await expect(dialog.getByTestId('acts-on').locator('li').count()).resolves.toBe(
        Math.min(mismatches, 50),
      );
      await page.keyboard.press('Escape');
      await expect(dialog.count()).resolves.toBe(0);
      await tabs.getByText(/^All \(/).click();
    });

    it('shows a decision made by `gst-ims act` in another process without a reload, keeping scroll and selection', async () => {
      await openRecords();
      const target = await page.evaluate(() => {
        const g = (window as unknown as WithGrid).__gstImsGrid;
        g.deselectAll();
        g.ensureIndexVisible(900, 'top');
        const pick = (
          i: number,
        ): { key: string; decision: string; doc: string; supplier: string } =>
          g.getDisplayedRowAtIndex(i)!.data as unknown as {
            key: string;
            decision: string;
            doc: string;
            supplier: string;
          };
        g.getRowNode(pick(905).key)?.setSelected(true);
        (window as unknown as { __noReload?: boolean }).__noReload = true;
        for (let i = 910; i < 1500; i++) {
          const d = g.getDisplayedRowAtIndex(i)?.data as
            | {
                key: string;
                decision: string;
                docNumber: string;
                supplierGstin: string;
                section: string;
              }
            | undefined;
          if (d && d.decision === 'noAction' && d.section === 'b2b')
            return { key: d.key, index: i, doc: d.docNumber, supplier: d.supplierGstin };
        }
        return null;
      });
      expect(target).not.toBeNull();
      await waitForCounts(page, ' 1 selected');
      await page.evaluate(
        (i) => (window as unknown as WithGrid).__gstImsGrid.ensureIndexVisible(i, 'middle'),
        target!.index,
      );
      const cell = page.locator(
        `.ag-pinned-right-cols-container .ag-row[row-id="${target!.key}"] .ag-cell[col-id="decisionLabel"]`,
      );
      await expect(cell.innerText()).resolves.toBe('No Action');
      const scrollBefore = await page.evaluate(
        () => document.querySelector('.ag-body-viewport')?.scrollTop ?? -1,
      );
      expect(scrollBefore).toBeGreaterThan(1000);

      const keysFile = join(dir, 'one-key.txt');
      writeFileSync(keysFile, `${target!.key}\n`);
      const out = await cli('act', 'accept', '--keys-file', keysFile);
      expect(out.stdout).toMatch(/No Action\s+Accepted/);
      await expect(decisions(page).then((d) => d.get(target!.key))).resolves.toBe('A');

      // The page's own data follows (the grid's row for the record), without a reload.
      await page.waitForFunction(
        (key) =>
          (
            (window as unknown as WithGrid).__gstImsGrid.getRowNode(key)?.data as
              { decision?: string } | undefined
          )?.decision === 'accept',
        target!.key,
        { timeout: 20_000 },
      );
      await expect(
        page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload),
      ).resolves.toBe(true);
      await expect(countsText(page)).resolves.toContain(' 1 selected');
      const scrollAfter = await page.evaluate(
        () => document.querySelector('.ag-body-viewport')?.scrollTop ?? -1,
      );
      expect(Math.abs(scrollAfter - scrollBefore)).toBeLessThan(2);

      // The Dashboard's counters follow too.
      await page.getByRole('link', { name: 'Dashboard' }).click();
      await page.getByText('Records by section and decision').waitFor();
      const accepted = async (): Promise<number> =>
        [...(await decisions(page)).values()].filter((d) => d === 'A').length;
      const n = await accepted();
      await cli('act', 'reset', '--keys-file', keysFile);
      await page.waitForFunction(
        (want) => document.body.innerText.includes(want),
        `${(n - 1).toLocaleString('en-IN')}`,
      );
    });

    const PAGES = [
      { name: 'dashboard', link: 'Dashboard', ready: 'Records by section and decision' },
      { name: 'records', link: 'Records', ready: null },
      { name: 'reconcile', link: 'Reconcile', ready: 'Match again' },
      { name: 'import', link: 'Import', ready: 'Purchase register' },
      { name: 'upload', link: 'Upload', ready: null },
    ] as const;

    const visit = async (p: (typeof PAGES)[number]): Promise<void> => {
      await page.getByRole('link', { name: p.link, exact: true }).click();
      if (p.name === 'records') await waitForCounts(page, 'of 1,500 records');
      else if (p.ready) await page.getByText(p.ready).first().waitFor({ timeout: 60_000 });
      else await page.waitForLoadState('networkidle');
      await page.waitForTimeout(300);
    };

    it('writes screenshots of every page at 1440x900 and 1024x768, nothing cut off at 1024 wide', async () => {
      for (const size of [
        { width: 1440, height: 900 },
        { width: 1024, height: 768 },
      ]) {
        await page.setViewportSize(size);
        for (const p of PAGES) {
          await visit(p);
          await shot(page, `${p.name}-${size.width}x${size.height}`);
          // Nothing wider than the window: no sideways scrolling of the page itself.
          const overflow = await page.evaluate(
            () => document.documentElement.scrollWidth - window.innerWidth,
          );
          expect([p.name, size.width, overflow]).toEqual([p.name, size.width, 0]);
        }
      }
      // At 1024: every Dashboard card and total lies inside the window.
      await visit(PAGES[0]);
      const outside = await page.evaluate(
        () =>
          [...document.querySelectorAll('.card, .totals, table.data')]
            .map((e) => e.getBoundingClientRect())
            .filter((r) => r.right > window.innerWidth + 0.5 || r.left < 0).length,
      );
      expect(outside).toBe(0);
      // The Records grid with the side panel open: the panel in the window, the grid still
      // showing the document, the amounts and the decision.
      await visit(PAGES[1]);
      await page
        .locator('.ag-center-cols-container .ag-row[row-index="0"] .ag-cell[col-id="docNumber"]')
        .click();
      const panel = page.locator('aside.side-panel');
      await panel.waitFor();
      await shot(page, 'records-panel-1024x768');
      const box = await panel.boundingBox();
      expect(box!.x + box!.width).toBeLessThanOrEqual(1024);
      const gridWidth = await page.evaluate(
        () => document.querySelector('.grid-wrap')?.getBoundingClientRect().width ?? 0,
      );
      expect(gridWidth).toBeGreaterThanOrEqual(600);
      await panel.locator('button.close').click();
      await page.setViewportSize({ width: 1440, height: 900 });
    });

    it('is clean under axe-core on every page (no serious or critical findings)', async () => {
      const found: string[] = [];
      for (const p of PAGES) {
        await visit(p);
        found.push(...(await axeViolations(page)).map((v) => `${p.name}: ${v}`));
      }
      // A dialog open, too.
      await visit(PAGES[1]);
      await page.evaluate(() =>
        (window as unknown as WithGrid).__gstImsGrid
          .getRowNode((window as unknown as WithGrid).__gstImsGrid.getDisplayedRowAtIndex(0)!.id!)
          ?.setSelected(true),
      );
      await page.locator('.actionbar .decide-reject').click();
      await page
        .getByRole('dialog')
        .getByText(/will change to/)
        .waitFor();
      found.push(...(await axeViolations(page)).map((v) => `reject dialog: ${v}`));
      await page.keyboard.press('Escape');
      expect(found).toEqual([]);
    });

    it('shows a focus ring on the top bar, reaches the Dashboard cards by Tab, and skips to the grid', async () => {
      await visit(PAGES[0]);
      await page.locator('body').click({ position: { x: 5, y: 300 } });
      const seen: { cls: string; outline: string; shadow: string; text: string }[] = [];
      for (let i = 0; i < 25; i++) {
        await page.keyboard.press('Tab');
        seen.push(
          await page.evaluate(() => {
            const a = document.activeElement as HTMLElement;
            const s = getComputedStyle(a);
            return {
              cls: `${a.className} ${a.closest('.topbar') ? 'in-topbar' : ''}`,
              outline: s.outlineStyle === 'none' ? '' : `${s.outlineWidth} ${s.outlineColor}`,
              shadow: s.boxShadow === 'none' ? '' : s.boxShadow,
              text: a.textContent?.slice(0, 40) ?? '',
            };
          }),
        );
      }
      const topbar = seen.filter((s) => s.cls.includes('in-topbar'));
      expect(topbar.length).toBeGreaterThanOrEqual(5);
      for (const s of topbar) expect([s.text, s.outline || s.shadow]).not.toEqual([s.text, '']);
      const cards = seen.filter((s) => /\bcard\b/.test(s.cls));
      expect(cards.length).toBeGreaterThanOrEqual(3);
      for (const s of cards) expect([s.text, s.outline || s.shadow]).not.toEqual([s.text, '']);
      // Enter on a card goes where a click goes.
      await page.locator('.card[tabindex], a.card, button.card').first().focus();
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => location.pathname !== '/');
    });
  },
);
