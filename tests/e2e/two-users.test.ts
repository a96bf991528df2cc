// Browser test of issue 16 (people, working at the same time): `gst-ims serve --multi-user` with
// two preparers in two browser contexts. Each signs in on the login page; the second selects
// records, the first rejects them meanwhile, and the second's stale Accept is refused: the page
// says who changed them, when and to what, reloads them, and nothing of the first's is lost.

import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordsPayload } from '../../packages/gst-ims/src/server/api-types.js';
import { FLAG } from '../../packages/gst-ims/src/server/api-types.js';
import {
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

warnIfNoChromium('TWO-USER BROWSER TESTS');

describe.skipIf(CHROMIUM === null && !REQUIRED)(
  'two people on gst-ims serve --multi-user in Chromium',
  () => {
    let rig: MultiUserRig;
    let serve: MultiUserRig['serve'];
    let asha: Page;
    let arjun: Page;

    beforeAll(async () => {
      rig = await startMultiUser('gst-ims-e2e-two-', [
        ['meera', 'admin'],
        ['asha', 'preparer', RECIPIENT],
        ['arjun', 'preparer', RECIPIENT],
      ]);
      serve = rig.serve;
      asha = await rig.page();
      arjun = await rig.page();
    }, 180_000);

    afterAll(() => rig?.stop());

    it('opens on the login page, refuses a wrong password, and signs each in', async () => {
      await arjun.goto(serve.url);
      await arjun.getByRole('heading', { name: 'Sign in to gst-ims' }).waitFor();
      expect(await axeViolations(arjun)).toEqual([]);
      await arjun.getByLabel('Name').fill('arjun');
      await arjun.getByLabel('Password').fill('not the password');
      await arjun.getByRole('button', { name: 'Sign in' }).click();
      await expect(arjun.getByRole('alert').innerText()).resolves.toContain(
        'wrong name or password',
      );
      await signIn(arjun, serve.url, 'arjun');
      await signIn(asha, serve.url, 'asha');
      await expect(arjun.locator('.topbar .user').innerText()).resolves.toBe('arjun');
      await expect(asha.locator('.topbar .user').innerText()).resolves.toBe('asha');
    }, 60_000);

    it("shows the second person's stale decision as a conflict, and keeps the first's", async () => {
      // One supplier's undecided records, the selection both work on.
      const payload = await asha.evaluate(
        () => fetch('/api/records').then((r) => r.json()) as Promise<RecordsPayload>,
      );
      const bySupplier = new Map<string, string[]>();
      for (const t of payload.rows)
        if (t[16] === 'N' && (t[19] & (FLAG.gone | FLAG.remarksBlocked)) === 0) {
          const s = payload.suppliers[t[2]]?.[0] ?? '';
          bySupplier.set(s, [...(bySupplier.get(s) ?? []), t[0]]);
        }
      const [supplier, keys] = [...bySupplier.entries()].find(([, k]) => k.length >= 3)!;

      // Arjun's page has not yet heard of any change (its watch is held back), as a page a
      // second before another person's decision arrives.
      await arjun.route('**/api/changes', (r) => r.fulfill({ json: { stamp: '0', version: 0 } }));
      await arjun.goto(`${serve.url}records`);
      // The supplier picker knows the suppliers once the rows are in: Enter before that picks none.
      await waitForCounts(arjun, 'Showing ');
      await arjun.fill('#supplier-filter', supplier);
      await arjun.press('#supplier-filter', 'Enter');
      await arjun.getByRole('tab', { name: 'Not decided' }).click();
      const n = keys.length.toLocaleString('en-IN');
      await waitForCounts(arjun, `Showing ${n} of`);
      await arjun.locator('.ag-header-select-all').first().click();
      await waitForCounts(arjun, `${n} selected`);

      // Meanwhile Asha rejects the same records.
      const status = await asha.evaluate(
        async ([k]) => {
          const s = (await (await fetch('/api/session')).json()) as { csrfToken: string };
          const res = await fetch('/api/decide', {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-gst-ims-token': s.csrfToken },
            body: JSON.stringify({
              keys: k,
              verb: 'reject',
              remark: 'goods not received',
              versions: {},
            }),
          });
          return res.status;
        },
        [keys] as const,
      );
      expect(status).toBe(200);

      await arjun.getByRole('button', { name: /^Accept/ }).click();
      const toast = arjun.locator('.toast', { hasText: 'changed by asha at' });
      await toast.waitFor();
      const text = await toast.innerText();
      expect(text).toContain('Nothing was changed');
      expect(text).toMatch(/changed by asha at .*: now Rejected/);
      await arjun.screenshot({ path: join(SHOTS, 'two-users-conflict.png') });

      // Asha's decision stands, in the audit log under her name.
      const after = await arjun.evaluate(
        () => fetch('/api/records').then((r) => r.json()) as Promise<RecordsPayload>,
      );
      const decided = new Map(after.rows.map((t) => [t[0], t[16]]));
      expect(keys.map((k) => decided.get(k))).toEqual(keys.map(() => 'R'));
      const history = await arjun.evaluate(
        (k) =>
          fetch(`/api/history?key=${encodeURIComponent(k)}`).then((r) => r.json()) as Promise<
            { user: string; toAction: string }[]
          >,
        keys[0]!,
      );
      expect(history.map((h) => [h.user, h.toAction])).toEqual([['asha', 'reject']]);
      // The page reloaded the records: they left Arjun's "Not decided" tab.
      await waitForCounts(arjun, 'Showing 0 of');
    }, 120_000);
  },
);
