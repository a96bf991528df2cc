// Browser test of issue 16 (approval before upload): `gst-ims serve --multi-user` with a preparer
// and a reviewer in two browser contexts. The preparer decides on the Records page; the
// reviewer's Generate upload is refused while decisions wait, naming the count and who made
// them; the Upload page's review panel lists the changes by person, the reviewer approves, and
// the upload files are generated.

import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordsPayload } from '../../packages/gst-ims/src/server/api-types.js';
import { FLAG } from '../../packages/gst-ims/src/server/api-types.js';
import type { ReviewPayload } from '../../packages/gst-ims/src/server/approval-api-types.js';
import { FIXTURES } from '../support/cli.js';
import {
  BIN,
  CHROMIUM,
  RECIPIENT,
  REQUIRED,
  SHOTS,
  axeViolations,
  waitForCounts,
  warnIfNoChromium,
} from '../support/e2e.js';
import type { MultiUserRig } from '../support/multi-user-e2e.js';
import { signIn, startMultiUser } from '../support/multi-user-e2e.js';

warnIfNoChromium('APPROVAL BROWSER TESTS');

const SECOND = '29AAACR5055K1Z3';

describe.skipIf(CHROMIUM === null && !REQUIRED)(
  'approval before upload on gst-ims serve --multi-user in Chromium',
  () => {
    let rig: MultiUserRig;
    let serve: MultiUserRig['serve'];
    let asha: Page;
    let meera: Page;

    beforeAll(async () => {
      rig = await startMultiUser('gst-ims-e2e-approval-', [
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

    it('refuses the upload until the reviewer approves what the preparer decided', async () => {
      // The demo's own decisions are approved first, so what waits is the preparer's alone.
      const first = await meera.evaluate(() =>
        fetch('/api/review').then((r) => r.json() as Promise<ReviewPayload>),
      );
      if (first.unapproved > 0) {
        const ok = await meera.evaluate(async (versions) => {
          const s = (await (await fetch('/api/session')).json()) as { csrfToken: string };
          const res = await fetch('/api/approve', {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-gst-ims-token': s.csrfToken },
            body: JSON.stringify({ versions }),
          });
          return res.status;
        }, first.versions);
        expect(ok).toBe(200);
      }

      // Asha accepts one supplier's undecided records on the Records page.
      const payload = await asha.evaluate(
        () => fetch('/api/records').then((r) => r.json()) as Promise<RecordsPayload>,
      );
      const bySupplier = new Map<string, string[]>();
      for (const t of payload.rows)
        if (t[16] === 'N' && (t[19] & (FLAG.gone | FLAG.remarksBlocked)) === 0) {
          const s = payload.suppliers[t[2]]?.[0] ?? '';
          bySupplier.set(s, [...(bySupplier.get(s) ?? []), t[0]]);
        }
      const [supplier, keys] = [...bySupplier.entries()].find(([, k]) => k.length >= 2)!;
      await asha.goto(`${serve.url}records`);
      // The supplier picker knows the suppliers once the rows are in: Enter before that picks none.
      await waitForCounts(asha, 'Showing ');
      await asha.fill('#supplier-filter', supplier);
      await asha.press('#supplier-filter', 'Enter');
      await asha.getByRole('tab', { name: 'Not decided' }).click();
      const n = keys.length.toLocaleString('en-IN');
      await waitForCounts(asha, `Showing ${n} of`);
      await asha.locator('.ag-header-select-all').first().click();
      await waitForCounts(asha, `${n} selected`);
      await asha.getByRole('button', { name: /^Accept/ }).click();
      // Bulk decisions are confirmed in a dialog.
      await asha.getByRole('button', { name: `Accept ${n} records` }).click();
      await waitForCounts(asha, 'Showing 0 of');

      // The preparer sees the panel, and no Approve button.
      await asha.goto(`${serve.url}upload`);
      const ashaPanel = asha.getByTestId('review-panel');
      await ashaPanel.waitFor();
      await expect(ashaPanel.innerText()).resolves.toContain(`${n} records waiting for approval`);
      await expect(ashaPanel.getByRole('button', { name: /^Approve/ }).count()).resolves.toBe(0);

      // The reviewer's upload is refused, naming how many and who decided them.
      await meera.goto(`${serve.url}upload`);
      const panel = meera.getByTestId('review-panel');
      await panel.waitFor();
      await meera.getByTestId('generate-upload').click();
      const refusal = meera.locator('.toast', { hasText: 'not approved yet' });
      await refusal.waitFor();
      await expect(refusal.innerText()).resolves.toContain(
        `${n} decision(s) in this upload are not approved yet (made by asha (${n}))`,
      );
      await expect(meera.getByTestId('upload-files').count()).resolves.toBe(0);

      // What changed since the last approval, by person; then Approve.
      const people = panel.getByTestId('review-people');
      await expect(people.innerText()).resolves.toMatch(new RegExp(`asha\\s+${n}\\s+${n}`));
      await panel.getByText(`asha: ${n} decisions since the last approval`).click();
      await expect(panel.getByTestId('record-link').count()).resolves.toBe(keys.length);
      expect(await axeViolations(meera)).toEqual([]);
      await meera.screenshot({ path: join(SHOTS, 'approval-review-panel.png'), fullPage: true });
      await panel.getByRole('button', { name: `Approve ${n}` }).click();
      await meera.locator('.toast', { hasText: `Approved ${n} records` }).waitFor();
      // The panel reads the review again once the approval is in.
      await panel.getByRole('heading', { name: 'Every decision is approved' }).waitFor();

      // Now the upload is generated.
      await meera.getByTestId('generate-upload').click();
      await meera.getByTestId('upload-files').waitFor();
      await meera.locator('.toast', { hasText: 'Upload ready' }).waitFor();
    }, 180_000);

    it("shows the work shares on the Dashboard: the preparer's own, the reviewer everyone's", async () => {
      const assign = (user: string, sections: string[]) =>
        meera.evaluate(
          async ([u, secs]) => {
            const session = (await (await fetch('/api/session')).json()) as { csrfToken: string };
            const res = await fetch('/api/assign', {
              method: 'POST',
              headers: {
                'content-type': 'application/json',
                'x-gst-ims-token': session.csrfToken,
              },
              body: JSON.stringify({ period: '102026', user: u, sections: secs }),
            });
            return res.status;
          },
          [user, sections] as const,
        );
      expect(await assign('asha', ['b2b'])).toBe(200);
      expect(await assign('meera', ['b2bcn'])).toBe(200);
      await asha.goto(serve.url);
      const mine = asha.getByTestId('queue-panel');
      await mine.waitFor();
      await expect(mine.locator('tbody tr').count()).resolves.toBe(1);
      await expect(mine.locator('tbody tr td').first().innerText()).resolves.toBe('asha');
      await meera.goto(serve.url);
      const all = meera.getByTestId('queue-panel');
      await all.waitFor();
      await expect(all.locator('tbody tr').count()).resolves.toBe(2);
      await expect(all.getByRole('meter', { name: /^asha: / }).count()).resolves.toBe(1);
      expect(await axeViolations(meera)).toEqual([]);
    }, 60_000);

    it('lists every client granted on the Clients page, sortable, and opens one', async () => {
      // A second client: its download imported by another process, and granted to Meera.
      const second = join(rig.dir, 'second.json');
      writeFileSync(
        second,
        readFileSync(join(FIXTURES, 'ims', 'offline-download.json'), 'utf8').replace(
          `"gstin": "${RECIPIENT}"`,
          `"gstin": "${SECOND}"`,
        ),
      );
      const db = join(rig.dir, 'ws.sqlite');
      const cli = (...args: string[]) =>
        spawnSync(process.execPath, [BIN, '--db', db, ...args], {
          encoding: 'utf8',
          env: { ...process.env, GST_IMS_DB: '' },
        });
      const imported = cli('--user', 'admin', '--gstin', SECOND, 'import', 'ims', second);
      expect(imported.status, imported.stderr).toBe(0);
      const granted = cli('user', 'grant', 'meera', SECOND);
      expect(granted.status, granted.stderr).toBe(0);

      await meera.goto(`${serve.url}practice`);
      const table = meera.getByTestId('practice-table');
      await table.waitFor();
      const rows = table.locator('tbody tr');
      await expect(rows.count()).resolves.toBe(2);
      await expect(table.innerText()).resolves.toContain(SECOND);
      // Asha is granted the first client only.
      await asha.goto(`${serve.url}practice`);
      await expect(asha.locator('nav').getByText('Clients').count()).resolves.toBe(0);

      // Sorted by GSTIN, A to Z, then Z to A.
      await table.getByRole('button', { name: /^Client GSTIN/ }).click();
      const first = () => rows.first().locator('td').first().innerText();
      const [low, high] = [RECIPIENT, SECOND].sort();
      await expect(first()).resolves.toBe(low);
      await table.getByRole('button', { name: /^Client GSTIN/ }).click();
      await expect(first()).resolves.toBe(high);
      expect(await axeViolations(meera)).toEqual([]);
      await meera.screenshot({ path: join(SHOTS, 'approval-practice.png') });

      // A row opens its client.
      await table.getByRole('link', { name: SECOND }).click();
      await meera.waitForURL(`${serve.url}`);
      // The top bar's GSTIN (the Dashboard's supplier picker names GSTIN too).
      await expect(meera.getByRole('combobox', { name: /^GSTIN/ }).inputValue()).resolves.toBe(
        SECOND,
      );
    }, 120_000);
  },
);
