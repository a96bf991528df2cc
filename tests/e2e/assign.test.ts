// Browser test of issue 16 (assignment): on `gst-ims serve --multi-user`, the reviewer assigns a
// supplier to a preparer with the Dashboard's form; the preparer sees it as their queue, with its
// progress and without the form; the reviewer takes the share back and it is gone for both.

import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHROMIUM,
  RECIPIENT,
  REQUIRED,
  SHOTS,
  axeViolations,
  warnIfNoChromium,
} from '../support/e2e.js';
import type { MultiUserRig } from '../support/multi-user-e2e.js';
import { signIn, startMultiUser } from '../support/multi-user-e2e.js';

warnIfNoChromium('ASSIGNMENT BROWSER TESTS');

describe.skipIf(CHROMIUM === null && !REQUIRED)(
  'assignment of work on gst-ims serve --multi-user in Chromium',
  () => {
    let rig: MultiUserRig;
    let serve: MultiUserRig['serve'];
    let asha: Page;
    let meera: Page;

    beforeAll(async () => {
      rig = await startMultiUser('gst-ims-e2e-assign-', [
        ['admin', 'admin', RECIPIENT],
        ['meera', 'reviewer', RECIPIENT],
        ['asha', 'preparer', RECIPIENT],
      ]);
      serve = rig.serve;
      asha = await rig.page();
      meera = await rig.page();
      await signIn(asha, serve.url, 'asha');
      await signIn(meera, serve.url, 'meera');
    }, 180_000);

    afterAll(() => rig?.stop());

    it('assigns a supplier to a preparer, who sees it as their queue; the reviewer takes it back', async () => {
      // Nobody has a share yet: the preparer's Dashboard has no queue panel, the reviewer's the form.
      await asha.getByRole('heading', { name: 'Dashboard' }).waitFor();
      const panel = meera.getByTestId('queue-panel');
      await panel.waitFor();
      await panel.getByText('Nobody has a share of this period yet.').waitFor();
      await expect(asha.getByTestId('queue-panel').count()).resolves.toBe(0);

      const form = meera.getByRole('form', { name: 'Assign work' });
      const people = await form.getByLabel('Person').locator('option').allInnerTexts();
      expect(people).toEqual(['admin', 'asha', 'meera']);
      await form.getByLabel('Person').selectOption('asha');
      await form.getByLabel('By').selectOption('supplier');
      // The period's suppliers are offered as the GSTIN is typed.
      const supplier = form.locator('datalist option').first();
      await supplier.waitFor({ state: 'attached' });
      const gstin = (await supplier.getAttribute('value')) ?? '';
      expect(gstin).toMatch(/^[0-9]{2}[A-Z0-9]{13}$/);
      await form.getByLabel('Supplier GSTIN').fill(gstin);
      await form.getByRole('button', { name: 'Assign' }).click();
      await meera.locator('.toast', { hasText: `Assigned to asha: supplier ${gstin}` }).waitFor();

      const row = panel.locator('tbody tr[data-user="asha"]');
      await row.waitFor();
      await expect(row.locator('.share').innerText()).resolves.toContain(gstin);
      const records = Number((await row.locator('td').nth(2).innerText()).replace(/,/g, ''));
      expect(records).toBeGreaterThan(0);
      expect(await axeViolations(meera)).toEqual([]);
      await meera.screenshot({ path: join(SHOTS, 'assign-reviewer.png'), fullPage: true });

      // The preparer's Dashboard: their own queue with its progress, no form, no remove button.
      await asha.reload();
      const mine = asha.getByTestId('queue-panel');
      await mine.waitFor();
      await expect(mine.locator('tbody tr').count()).resolves.toBe(1);
      await expect(mine.locator('tbody tr td').first().innerText()).resolves.toBe('asha');
      await expect(mine.locator('.share').innerText()).resolves.toContain(gstin);
      await expect(
        mine.getByRole('meter', { name: new RegExp(`^asha: \\d+ of ${records} decided$`) }).count(),
      ).resolves.toBe(1);
      await expect(asha.getByRole('form', { name: 'Assign work' }).count()).resolves.toBe(0);
      await expect(mine.getByRole('button', { name: /^Remove / }).count()).resolves.toBe(0);
      expect(await axeViolations(asha)).toEqual([]);
      // The supplier's share opens its undecided records on the Records page.
      await mine.getByRole('link', { name: gstin }).click();
      await asha.waitForURL(new RegExp(`/records\\?supplier=${gstin}&view=noAction$`));
      await asha.locator('[data-testid=grid-counts]').waitFor();
      await asha.goto(serve.url);
      await mine.waitFor();

      // The reviewer takes the share back; it is gone from the preparer's Dashboard too.
      await panel.getByRole('button', { name: `Remove ${gstin} from asha's queue` }).click();
      await meera.locator('.toast', { hasText: `Removed from asha's queue: ${gstin}` }).waitFor();
      await panel.getByText('Nobody has a share of this period yet.').waitFor();
      await asha.goto(serve.url);
      await asha.getByRole('heading', { name: 'Dashboard' }).waitFor();
      await asha.getByTestId('dashboard-cards').or(asha.locator('.cards')).first().waitFor();
      await expect(asha.getByTestId('queue-panel').count()).resolves.toBe(0);
    }, 120_000);
  },
);
