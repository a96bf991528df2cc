// Browser tests of the web app: the real `gst-ims serve` (built binary, port 0, a temp demo
// workspace) driven by playwright-core through the system's Chromium. Screenshots of every page
// at 1366x768 go to test-output/screenshots/. Without a Chromium the suite is skipped with a
// loud warning, unless GST_IMS_REQUIRE_BROWSER=1 (CI), where a missing browser fails it.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  RecordsPayload,
  UploadFileStatusDto,
} from '../../packages/gst-ims/src/server/api-types.js';
import { FLAG } from '../../packages/gst-ims/src/server/api-types.js';
import { CHROMIUM_ARGS } from '../../scripts/find-chromium.mjs';
import {
  CHROMIUM,
  RECIPIENT,
  REQUIRED,
  SHOTS,
  WEB_DIST,
  countsText,
  startServe,
  waitForCounts,
  warnIfNoChromium,
  stopServe,
} from '../support/e2e.js';

warnIfNoChromium('BROWSER TESTS');

/**
 * Ticks the header box for every shown record, after dropping any earlier selection (a header
 * box over a partly selected list would clear it instead).
 */
async function selectAllShown(page: Page, shown: string): Promise<void> {
  await page.evaluate(() =>
    (window as unknown as { __gstImsGrid?: { deselectAll(): void } }).__gstImsGrid?.deselectAll(),
  );
  await waitForCounts(page, ' 0 selected');
  await page.locator('.ag-header-select-all').first().click();
  await waitForCounts(page, `${shown} selected`);
}

/** One record as GET /api/records sends it, by name. */
interface ApiRecord {
  key: string;
  section: string;
  supplier: string;
  portalAction: string;
  decision: string;
  remark: string | null;
  itcReduction: string | null;
  flags: number;
  /** The note's own tax per head, in paise. */
  tax: { igst: number; cgst: number; sgst: number; cess: number };
}

/** The records as the server holds them now, read through the page's own origin. */
async function apiRecords(page: Page): Promise<ApiRecord[]> {
  const p = await page.evaluate(
    () => fetch('/api/records').then((r) => r.json()) as Promise<RecordsPayload>,
  );
  return p.rows.map((t) => ({
    key: t[0],
    section: t[1],
    supplier: p.suppliers[t[2]]?.[0] ?? '',
    portalAction: t[15],
    decision: t[16],
    remark: t[17],
    itcReduction: t[18],
    flags: t[19],
    tax: { igst: t[11], cgst: t[12], sgst: t[13], cess: t[14] },
  }));
}

// The sections whose Accept carries the ITC-reduction declaration (itc-reduction.md §3; the
// engine also lets ecoma carry one), unless the portal blocks it on the record.
const DECLARING = new Set(['b2bcn', 'b2bcna', 'b2ba', 'b2bdna', 'ecoma']);
const takesDeclaration = (r: ApiRecord): boolean =>
  DECLARING.has(r.section) && (r.flags & FLAG.itcReductionBlocked) === 0;

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

describe.skipIf(CHROMIUM === null && !REQUIRED)(
  'web app in Chromium (gst-ims serve on a demo workspace)',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'gst-ims-e2e-'));
    let serve: Awaited<ReturnType<typeof startServe>>;
    let browser: BrowserContext;
    let page: Page;
    const state: {
      supplier: string;
      rejectedDoc: string;
      acceptChanged: number;
      mismatches: number;
      foreignSeen: number;
    } = {
      supplier: '',
      rejectedDoc: '',
      acceptChanged: 0,
      mismatches: 0,
      foreignSeen: 0,
    };
    /** The changes the page took for another's (workspace-watch.ts keeps them on the window). */
    const foreignChanges = (): Promise<{ known: number; version: number }[]> =>
      page.evaluate(
        () =>
          (window as unknown as { __gstImsForeign?: { known: number; version: number }[] })
            .__gstImsForeign ?? [],
      );

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
        viewport: { width: 1366, height: 768 },
        acceptDownloads: true,
        locale: 'en-IN',
        timezoneId: 'Asia/Kolkata',
      });
      page = browser.pages()[0] ?? (await browser.newPage());
      page.setDefaultTimeout(20_000);
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      if (serve) {
        const exited = stopServe(serve);
        const code = await exited;
        expect(serve.output()).toContain('Stopped; the workspace is closed.');
        expect(code).toBe(0);
      }
      rmSync(dir, { recursive: true, force: true });
    });

    it('serves the dashboard of the demo workspace', async () => {
      expect(serve.output()).toContain('created the demo for GSTIN 27AABCU9603R1ZN (1,500 records');
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(serve.url);
      await page.getByText('Records by section and decision').waitFor();
      await expect(page.locator('.card').first().innerText()).resolves.toContain('1,500');
      await expect(page.locator('.itc-chart svg rect').count()).resolves.toBe(16);
      await page.getByText('Net ITC available').waitFor();
      await shot(page, '1-dashboard');
      expect(errors).toEqual([]);
    });

    it('refuses a state-changing request without the session token, even from the page itself', async () => {
      const status = await page.evaluate(() =>
        fetch('/api/decide', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        }).then((r) => r.status),
      );
      expect(status).toBe(403);
    });

    it('imports the demo download on the Import page and shows the result', async () => {
      await page.getByRole('link', { name: 'Import' }).click();
      await page
        .locator('#drop-ims')
        .setInputFiles(join(dir, 'gst-ims-demo', `ims-download-${RECIPIENT}.json`));
      const result = page.locator('[data-testid=import-result]').first();
      await result.waitFor();
      const text = await result.innerText();
      expect(text).toContain(
        `Imported ims-download-${RECIPIENT}.json: 1,500 records for ${RECIPIENT}`,
      );
      expect(text).toMatch(/Unchanged\s*1,500/);
      await shot(page, '2-import');
    });

    it('filters the records to one supplier and accepts them all in bulk', async () => {
      await page.getByRole('link', { name: 'Records' }).click();
      await waitForCounts(page, 'Showing 1,500 of 1,500 records');
      // The supplier combobox: option 0 is "All suppliers", option 1 the first supplier.
      await page.locator('#supplier-filter').click();
      await page.locator('[data-testid=supplier-options] [role=option]').nth(1).click();
      state.supplier = /(\w{15})$/.exec(await page.inputValue('#supplier-filter'))?.[1] ?? '';
      expect(state.supplier).toMatch(/^\d{2}[A-Z0-9]{13}$/);
      await page.waitForFunction(
        () =>
          !document
            .querySelector('[data-testid=grid-counts]')
            ?.textContent?.includes('Showing 1,500'),
      );
      const shown = Number(/Showing ([\d,]+)/.exec(await countsText(page))?.[1]?.replace(/,/g, ''));
      expect(shown).toBeGreaterThan(1);
      const gstins = await page
        .locator('.ag-center-cols-container .ag-cell[col-id="supplierGstin"]')
        .allInnerTexts();
      expect(new Set(gstins)).toEqual(new Set([state.supplier]));

      await page.locator('.ag-header-select-all').first().click();
      await waitForCounts(page, `${shown.toLocaleString('en-IN')} selected`);
      await page.locator('body').press('a');
      const dialog = page.getByRole('dialog');
      await dialog.getByText(/will change to/).waitFor();
      const changed = Number(
        /([\d,]+) will change/.exec(await dialog.innerText())?.[1]?.replace(/,/g, ''),
      );
      expect(changed).toBeGreaterThan(0);
      state.acceptChanged = changed;
      await shot(page, '3-decide-dialog');
      await dialog.getByTestId('confirm-decision').click();
      await page
        .locator('.toast')
        .getByText(`Accepted: ${changed.toLocaleString('en-IN')} record`)
        .waitFor();
      await expect(dialog.count()).resolves.toBe(0);
      const decisions = await page
        .locator('.ag-pinned-right-cols-container .ag-cell[col-id="decisionLabel"]')
        .allInnerTexts();
      expect(decisions.length).toBeGreaterThan(0);
      expect(new Set(decisions)).toEqual(new Set(['Accepted']));

      // Nothing was chosen: the notes the portal does not hold as accepted got the default
      // (full), those it holds keep its declaration, and the others carry none.
      const mine = (await apiRecords(page)).filter((r) => r.supplier === state.supplier);
      expect(new Set(mine.map((r) => r.decision))).toEqual(new Set(['A']));
      const defaulted = mine.filter((r) => takesDeclaration(r) && r.portalAction !== 'A');
      for (const r of defaulted) expect([r.key, r.itcReduction]).toEqual([r.key, 'full']);
      for (const r of mine.filter((x) => !takesDeclaration(x)))
        expect([r.key, r.itcReduction]).toEqual([r.key, null]);
    });

    it('searches with the / shortcut', async () => {
      const doc = (
        await page
          .locator('.ag-center-cols-container .ag-row[row-index="0"] .ag-cell[col-id="docNumber"]')
          .innerText()
      ).trim();
      await page.locator('.toolbar h1, .actionbar .counts').first().click();
      await page.keyboard.press('/');
      await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('quick-search');
      await page.keyboard.type(doc);
      await waitForCounts(page, 'Showing 1 of 1,500');
      await page.locator('#quick-search').fill('');
      await page.waitForFunction(
        () =>
          !document
            .querySelector('[data-testid=grid-counts]')
            ?.textContent?.includes('Showing 1 of'),
      );
    });

    it("rejects one record with a remark and shows it in the record's history", async () => {
      const cell = page.locator(
        '.ag-center-cols-container .ag-row[row-index="1"] .ag-cell[col-id="docNumber"]',
      );
      state.rejectedDoc = (await cell.innerText()).trim();
      await cell.click();
      const panel = page.locator('aside.side-panel');
      await panel.locator('h2', { hasText: state.rejectedDoc }).waitFor();
      await panel.getByRole('button', { name: 'Reject' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.locator('textarea').fill('Goods returned: short supply');
      await dialog.getByText(/^1 will change to Rejected/).waitFor();
      await dialog.getByTestId('confirm-decision').click();
      await page.locator('.toast').getByText('Rejected: 1 record').waitFor();
      const history = panel.locator('table.history');
      await history.getByText('Goods returned: short supply').waitFor();
      const rows = await history.locator('tbody tr').allInnerTexts();
      expect(rows[0]).toMatch(/Accepted\s*→\s*Rejected/);
      expect(rows[0]).toContain('asha');
      expect(rows[0]).toContain('web');
      expect(rows[1]).toMatch(
        /No Action\s*→\s*Accepted|Pending\s*→\s*Accepted|Rejected\s*→\s*Accepted/,
      );
      await shot(page, '4-records-panel');
      await panel.locator('button.close').click();
      await shot(page, '5-records');
    });

    it('shows the upload grouped by section and action, and downloads the SAVE file', async () => {
      await page.getByRole('link', { name: 'Upload' }).click();
      const heading = page.locator('.panel-head h2').first();
      await heading.getByText(/waiting/).waitFor();
      const waiting = Number(
        /([\d,]+) decisions? waiting/.exec(await heading.innerText())?.[1]?.replace(/,/g, ''),
      );
      expect(waiting).toBeGreaterThan(0);
      const groups = await page.locator('table.data').first().innerText();
      expect(groups).toContain('Accepted');
      expect(groups).toContain('Rejected');
      await page.getByTestId('generate-upload').click();
      await page.getByTestId('upload-files').waitFor();
      await shot(page, '6-upload');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Download SAVE file' }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(
        /^ims-upload-27AABCU9603R1ZN-\d{4}-\d{2}-\d{2}\.json$/,
      );
      const body = JSON.parse(readFileSync(await download.path(), 'utf8')) as {
        rtin: string;
        reqtyp: string;
        invdata: Record<string, Record<string, unknown>[]>;
      };
      expect(body.rtin).toBe(RECIPIENT);
      expect(body.reqtyp).toBe('SAVE');
      const items = Object.values(body.invdata).flat();
      expect(items).toHaveLength(waiting);
      expect(new Set(items.map((i) => i.stin))).toEqual(new Set([state.supplier]));
      const rejected = items.filter((i) => i.action === 'R');
      expect(rejected).toHaveLength(1);
      expect(rejected[0]?.inum ?? rejected[0]?.nt_num).toBe(state.rejectedDoc);
      expect(rejected[0]?.remarks).toBe('Goods returned: short supply');
      expect(items.filter((i) => i.action === 'A').length).toBeGreaterThanOrEqual(
        state.acceptChanged - 1,
      );
      // The export recorded its file: listed as not yet answered, as the server lists it.
      const listed = await page.evaluate(
        () =>
          fetch('/api/upload-files').then((r) => r.json()) as Promise<{
            files: UploadFileStatusDto[];
          }>,
      );
      expect(listed.files.map((f) => [f.name, f.status])).toEqual([
        [download.suggestedFilename(), 'unanswered'],
      ]);
      const table = page.getByTestId('upload-files-status');
      await table.getByRole('heading', { name: 'Files of your uploads' }).waitFor();
      const rows = await table.locator('tbody tr').allInnerTexts();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toContain(download.suggestedFilename());
      expect(rows[0]).toContain('SAVE');
      expect(rows[0]).toContain('not yet answered');
      expect(rows[0]).toContain(waiting.toLocaleString('en-IN'));
      await expect(table.innerText()).resolves.toContain('gst-ims import errors');
    });

    it("reads the portal's answer for the upload file chosen on the Import page", async () => {
      const listed = await page.evaluate(
        () =>
          fetch('/api/upload-files').then((r) => r.json()) as Promise<{
            files: UploadFileStatusDto[];
          }>,
      );
      const name = listed.files[0]?.name ?? '';
      expect(name).not.toBe('');
      const answer = join(dir, 'portal-answer.json');
      writeFileSync(
        answer,
        JSON.stringify({ result: { status_cd: 'P', proc_cnt: '1', err_cnt: '0' }, status_cd: 1 }),
      );
      await page.getByRole('link', { name: 'Import' }).click();
      await page.getByTestId('answer-for').selectOption(name);
      await page.locator('#drop-errors').setInputFiles(answer);
      const said = page.getByTestId('answer-file').first();
      await said.waitFor();
      await expect(said.innerText()).resolves.toContain(`The answer to ${name}`);
      await expect(said.innerText()).resolves.toContain('accepted by the portal');
      const after = await page.evaluate(
        () =>
          fetch('/api/upload-files').then((r) => r.json()) as Promise<{
            files: UploadFileStatusDto[];
          }>,
      );
      expect(after.files[0]?.status).toBe('accepted');
    });

    it('gives one answer to a mixed selection: the default declaration goes to the notes, not the invoices', async () => {
      const all = await apiRecords(page);
      // A supplier not decided yet with invoices and declaring amendments (no ECO amendments:
      // those take a declaration only when one is given).
      const bySupplier = new Map<string, ApiRecord[]>();
      for (const r of all) bySupplier.set(r.supplier, [...(bySupplier.get(r.supplier) ?? []), r]);
      const [supplier, records] =
        [...bySupplier].find(
          ([s, rs]) =>
            s !== state.supplier &&
            rs.some((r) => takesDeclaration(r) && r.portalAction === 'N') &&
            rs.some((r) => !DECLARING.has(r.section) && r.portalAction === 'N') &&
            rs.every((r) => r.section !== 'ecoma'),
        ) ?? [];
      expect(supplier).toBeDefined();
      const declaring = records!.filter(takesDeclaration);
      await page.getByRole('link', { name: 'Records' }).click();
      await waitForCounts(page, 'Showing 1,500 of 1,500 records');
      await page.fill('#supplier-filter', supplier!);
      await page.press('#supplier-filter', 'Enter');
      const n = records!.length.toLocaleString('en-IN');
      await waitForCounts(page, `Showing ${n} of 1,500 records`);
      await selectAllShown(page, n);
      await page.getByRole('button', { name: /^Accept/ }).click();

      const dialog = page.getByRole('dialog');
      const question = dialog.getByTestId('itc-reduction');
      await question.waitFor();
      await dialog.getByText(/will change to/).waitFor();
      await expect(question.getByTestId('declaration-scope').innerText()).resolves.toBe(
        `Applies to ${declaring.length.toLocaleString('en-IN')} of the ${n} selected records: credit notes and amendments; the others take none.`,
      );
      await expect(
        question.getByLabel('Reduce ITC by the full tax on the note (default)').isChecked(),
      ).resolves.toBe(true);
      await dialog.getByTestId('confirm-decision').click();
      await page
        .locator('.toast')
        .getByText(/full reduction \(the portal's default\) on [\d,]+ records?/)
        .waitFor();

      const after = new Map((await apiRecords(page)).map((r) => [r.key, r]));
      const accepted = records!.map((r) => after.get(r.key)!).filter((r) => r.decision === 'A');
      const notes = accepted.filter((r) => takesDeclaration(r) && r.portalAction !== 'A');
      const others = accepted.filter((r) => !takesDeclaration(r));
      expect(notes.length).toBeGreaterThan(0);
      expect(others.filter((r) => r.portalAction !== 'A').length).toBeGreaterThan(0);
      for (const r of notes) expect([r.key, r.itcReduction]).toEqual([r.key, 'full']);
      for (const r of others) expect([r.key, r.itcReduction]).toEqual([r.key, null]);
      await page.getByRole('button', { name: 'Clear filters' }).click();
      await waitForCounts(page, 'Showing 1,500 of 1,500 records');
    });

    it('asks the ITC-reduction question on Accept of credit notes and demands a remark for no reduction', async () => {
      await page.getByRole('link', { name: 'Records' }).click();
      await waitForCounts(page, 'Showing 1,500 of 1,500 records');
      const notes = (await apiRecords(page)).filter((r) => /^b2bcna?$/.test(r.section));
      const declaring = notes.filter(takesDeclaration);
      expect(declaring.length).toBeGreaterThan(0);
      // Some notes are blocked by the portal: the answer applies to fewer than are selected.
      expect(declaring.length).toBeLessThan(notes.length);
      await page.getByRole('textbox', { name: 'Section Filter Input' }).fill('B2B-CN');
      const n = notes.length.toLocaleString('en-IN');
      await waitForCounts(page, `Showing ${n} of 1,500 records`);
      await selectAllShown(page, n);
      await page.locator('body').press('a');

      const dialog = page.getByRole('dialog');
      const question = dialog.getByTestId('itc-reduction');
      await question.waitFor();
      await dialog.getByText(/will change to/).waitFor();
      await expect(question.getByTestId('declaration-scope').innerText()).resolves.toBe(
        `Applies to ${declaring.length.toLocaleString('en-IN')} of the ${n} selected records: credit notes and amendments; the others take none.`,
      );
      const full = question.getByLabel('Reduce ITC by the full tax on the note (default)');
      await expect(full.isChecked()).resolves.toBe(true);
      await expect(question.innerText()).resolves.toContain("the portal's default answer");
      await expect(dialog.getByTestId('declaration-notes').innerText()).resolves.toContain(
        "full reduction (the portal's default)",
      );
      await expect(dialog.locator('textarea').count()).resolves.toBe(0);

      await question.getByLabel('No reduction (ITC never availed / already reversed)').check();
      const demand = dialog.getByTestId('remark-required');
      await demand.waitFor();
      await expect(demand.innerText()).resolves.toMatch(/needs a remark explaining it/);
      await expect(dialog.getByTestId('confirm-decision').isDisabled()).resolves.toBe(true);
      await shot(page, '3b-declaration-remark');

      const remark = 'ITC on these notes was never availed';
      await dialog.locator('textarea').fill(remark);
      await demand.waitFor({ state: 'detached' });
      await dialog
        .getByTestId('declaration-notes')
        .getByText(
          `ITC-reduction declaration: no reduction on ${declaring.length.toLocaleString('en-IN')} records.`,
        )
        .waitFor();
      await dialog.getByTestId('confirm-decision').click();
      await page
        .locator('.toast')
        .getByText(`no reduction on ${declaring.length.toLocaleString('en-IN')} records`)
        .waitFor();
      await expect(dialog.count()).resolves.toBe(0);

      const after = new Map((await apiRecords(page)).map((r) => [r.key, r]));
      for (const r of declaring)
        expect(after.get(r.key)).toMatchObject({ decision: 'A', itcReduction: 'none', remark });
      // Notes the portal blocks never carry the declaration, nor the remark that came with it:
      // they are accepted plainly, not refused.
      for (const r of notes.filter((x) => !takesDeclaration(x))) {
        const a = after.get(r.key);
        expect([r.key, a?.decision, a?.itcReduction, a?.remark || null]).toEqual([
          r.key,
          'A',
          null,
          null,
        ]);
      }
      // The history records the declaration with the decision.
      const key = declaring[0]!.key;
      const history = await page.evaluate(
        (k) =>
          fetch(`/api/history?key=${encodeURIComponent(k)}`).then((r) => r.json()) as Promise<
            { toAction: string; itcReduction: { kind: string } | null; source: string }[]
          >,
        key,
      );
      // Oldest first: the last entry is this decision.
      expect(history.at(-1)).toMatchObject({
        toAction: 'accept',
        itcReduction: { kind: 'none' },
        source: 'web',
      });
      await page.getByRole('button', { name: 'Clear filters' }).click();
      await waitForCounts(page, 'Showing 1,500 of 1,500 records');
    });

    it('declares a partial reduction when accepting one credit note from the record panel', async () => {
      // A note with CGST and SGST only, so that half of each is a valid partial declaration.
      const note = (await apiRecords(page)).find(
        (r) =>
          r.section === 'b2bcn' &&
          takesDeclaration(r) &&
          r.tax.igst === 0 &&
          r.tax.cess === 0 &&
          r.tax.cgst === r.tax.sgst &&
          r.tax.cgst >= 200,
      )!;
      expect(note).toBeDefined();
      const half = Math.floor(note.tax.cgst / 2);
      const doc = note.key.split('|')[2]!;
      await page.locator('#quick-search').fill(`${doc} ${note.supplier}`);
      await waitForCounts(page, 'Showing 1 of 1,500');
      await page
        .locator('.ag-center-cols-container .ag-row[row-index="0"] .ag-cell[col-id="docNumber"]')
        .click();
      const panel = page.locator('aside.side-panel');
      await panel.locator('h2', { hasText: doc }).waitFor();
      await panel.getByRole('button', { name: 'Accept' }).click();
      const dialog = page.getByRole('dialog');
      await dialog
        .getByTestId('declaration-scope')
        .getByText('Applies to the selected record')
        .waitFor();
      await expect(
        dialog.getByLabel('Reduce ITC by the full tax on the note (default)').isChecked(),
      ).resolves.toBe(true);
      await dialog.getByLabel('Reduce by part (amounts per head)').check();
      const rupees = (half / 100).toFixed(2);
      await dialog.getByLabel('CGST ₹').fill(rupees);
      await dialog.getByLabel('SGST ₹').fill(rupees);
      await dialog.getByTestId('remark-required').waitFor();
      await dialog.locator('textarea').fill('Only half of the ITC was claimed');
      await dialog.getByTestId('remark-required').waitFor({ state: 'detached' });
      await dialog
        .getByTestId('declaration-notes')
        .getByText('ITC-reduction declaration: partial reduction on 1 record.')
        .waitFor();
      await dialog.getByTestId('confirm-decision').click();
      await page.locator('.toast').getByText('partial reduction on 1 record').waitFor();
      await expect(dialog.count()).resolves.toBe(0);
      const history = await page.evaluate(
        (k) =>
          fetch(`/api/history?key=${encodeURIComponent(k)}`).then((r) => r.json()) as Promise<
            { toAction: string; remark: string | null; itcReduction: unknown }[]
          >,
        note.key,
      );
      expect(history.at(-1)).toMatchObject({
        toAction: 'accept',
        remark: 'Only half of the ITC was claimed',
        itcReduction: { kind: 'partial', igst: 0, cgst: half, sgst: half, cess: 0 },
      });
      await panel.locator('button.close').click();
      await page.locator('#quick-search').fill('');
      await waitForCounts(page, 'Showing 1,500 of 1,500 records');
    });

    it('shows no files table, and no error, when the server has no list of upload files (404)', async () => {
      await page.route('**/api/upload-files*', (route) =>
        route.fulfill({
          status: 404,
          contentType: 'application/json',
          body: JSON.stringify({ error: 'no such API route', kind: 'notFound' }),
        }),
      );
      const answered = page.waitForResponse((r) => r.url().includes('/api/upload-files'));
      await page.getByRole('link', { name: 'Upload' }).click();
      await expect(answered.then((r) => r.status())).resolves.toBe(404);
      await page.locator('.panel-head h2').first().waitFor();
      await page.evaluate(
        () => new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 50))),
      );
      await expect(page.getByTestId('upload-files-status').count()).resolves.toBe(0);
      await expect(page.locator('.error-box').count()).resolves.toBe(0);
      await page.unroute('**/api/upload-files*');

      // The same page with the list: the earlier export's file is there, answered by now.
      await page.getByRole('link', { name: 'Dashboard' }).click();
      await page.getByRole('link', { name: 'Upload' }).click();
      await page.getByTestId('upload-files-status').getByText('accepted by the portal').waitFor();
    });

    const matchCells = (): Promise<string[]> =>
      page.locator('.ag-center-cols-container .ag-cell[col-id="matchLabel"]').allInnerTexts();

    it('previews the purchase register with its detected columns, imports it, and reconciles', async () => {
      await page.getByRole('link', { name: 'Import' }).click();
      await page
        .locator('#drop-register')
        .setInputFiles(join(dir, 'gst-ims-demo', 'purchase-register-tally.csv'));
      const preview = page.getByTestId('register-preview');
      await preview.getByText(/Header on row \d+/).waitFor();
      const docField = preview.getByRole('combobox', { name: 'Field for Supplier Invoice No.' });
      await expect(docField.inputValue()).resolves.toBe('docNumber');
      await expect(
        preview.getByRole('combobox', { name: 'Field for GSTIN/UIN' }).inputValue(),
      ).resolves.toBe('supplierGstin');
      await shot(page, '7-register-preview');
      await preview.getByRole('button', { name: /^Import [\d,]+ documents?$/ }).click();
      await page
        .locator('[data-testid=import-result]')
        .first()
        .getByText(/of the books, dated/)
        .waitFor();

      // Not reconciled yet: the Records grid's Match column is empty.
      await page.getByRole('link', { name: 'Records' }).click();
      await waitForCounts(page, 'Showing 1,500 of 1,500 records');
      const before = await matchCells();
      state.foreignSeen = (await foreignChanges()).length;
      expect(before.length).toBeGreaterThan(5);
      expect(new Set(before)).toEqual(new Set(['']));

      await page.getByRole('link', { name: 'Reconcile' }).click();
      const tabs = page.locator('.reconcile .views');
      await tabs.getByText(/^Exact \([\d,]+\)$/).waitFor({ timeout: 60_000 });
      const exact = Number(
        /Exact \(([\d,]+)\)/.exec(await tabs.innerText())?.[1]?.replace(/,/g, ''),
      );
      expect(exact).toBeGreaterThan(0);
      await expect(
        page.locator('.reconcile-grid .ag-center-cols-container .ag-row').count(),
      ).resolves.toBeGreaterThan(5);
      const mismatches = Number(
        /Mismatch \(([\d,]+)\)/.exec(await tabs.innerText())?.[1]?.replace(/,/g, ''),
      );
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
      expect(mismatches).toBeGreaterThan(0);
      state.mismatches = mismatches;
      expect(reasons.length).toBeGreaterThan(0);
      expect(reasons.every((r) => r.trim() !== '')).toBe(true);
      await shot(page, '8-reconcile');
    });

    it("shows each record's match outcome in the Records grid, and filters on it", async () => {
      // The run's outcomes reach the grid's rows as the page keeps them: no reload of them all.
      const loads: string[] = [];
      const onRequest = (r: { url(): string }): void => {
        if (new URL(r.url()).pathname === '/api/records') loads.push(r.url());
      };
      page.on('request', onRequest);
      await page.getByRole('link', { name: 'Records' }).click();
      await waitForCounts(page, 'Showing 1,500 of 1,500 records');
      page.off('request', onRequest);
      // A change the page took for another process's (the live-data watch) rightly reloads the
      // rows; without one, the grid must show the run's outcomes from the rows it kept.
      const foreign = (await foreignChanges()).slice(state.foreignSeen);
      if (foreign.length === 0) expect(loads).toEqual([]);
      else expect(loads.length, JSON.stringify(foreign)).toBeLessThanOrEqual(foreign.length);
      const shown = await matchCells();
      expect(shown.length).toBeGreaterThan(5);
      // Every record of the demo was matched: each shows the Reconcile page's word for it.
      for (const o of shown)
        expect(['Exact', 'Probable', 'Mismatch', 'Missing in books']).toContain(o.trim());

      await page.getByRole('textbox', { name: 'Match Filter Input' }).fill('Mismatch');
      const n = state.mismatches.toLocaleString('en-IN');
      await waitForCounts(page, `Showing ${n} of 1,500 records`);
      await page.waitForFunction(() => {
        const c = [
          ...document.querySelectorAll('.ag-center-cols-container .ag-cell[col-id="matchLabel"]'),
        ];
        return c.length > 0 && c.every((x) => x.textContent === 'Mismatch');
      });
      await shot(page, '9-records-match');
      await page.getByRole('button', { name: 'Clear filters' }).click();
      await waitForCounts(page, 'Showing 1,500 of 1,500 records');

      // Accepting records the books do not have warns, with the count, before anything changes.
      await page.getByRole('textbox', { name: 'Match Filter Input' }).fill('Missing in books');
      await page.waitForFunction(() => {
        const c = [
          ...document.querySelectorAll('.ag-center-cols-container .ag-cell[col-id="matchLabel"]'),
        ];
        return c.length > 0 && c.every((x) => x.textContent === 'Missing in books');
      });
      const shownText =
        (await page.getByTestId('grid-counts').innerText()).match(/Showing ([\d,]+) of/)?.[1] ?? '';
      expect(shownText).not.toBe('');
      await selectAllShown(page, shownText);
      await page.locator('body').press('a');
      const dialog = page.getByRole('dialog');
      const warn = dialog.getByTestId('not-in-books');
      await warn.waitFor();
      await expect(warn.innerText()).resolves.toMatch(
        /^[\d,]+ of the selected records (is|are) missing in the purchase register/,
      );
      await dialog.getByRole('button', { name: /Cancel/ }).click();
      await expect(dialog.count()).resolves.toBe(0);
      await page.getByRole('button', { name: 'Clear filters' }).click();
      await waitForCounts(page, 'Showing 1,500 of 1,500 records');
    });

    it('applies the safe proposals', async () => {
      await page.getByRole('link', { name: 'Reconcile' }).click();
      await page.getByRole('button', { name: /^Apply safe proposals/ }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText(/decision\(s\) will change/).waitFor();
      await shot(page, '10-apply-proposals');
      await dialog.getByTestId('confirm-apply').click();
      await page
        .locator('.toast')
        .getByText(/^Applied [\d,]+ proposals?$/)
        .waitFor();
    });

    it('shows the books beside the portal in the record panel', async () => {
      await page.getByRole('link', { name: 'Records' }).click();
      await waitForCounts(page, 'of 1,500 records');
      await page
        .locator('.ag-center-cols-container .ag-row[row-index="3"] .ag-cell[col-id="docNumber"]')
        .click();
      const rec = page.getByTestId('reconciliation');
      await rec.waitFor();
      await expect(rec.innerText()).resolves.toMatch(
        /Exact match|Probable match|Mismatch|Missing in the books/,
      );
      await shot(page, '11-record-books');
    });
  },
);
