// Browser check of the top bar on `gst-ims serve --multi-user` (issue 16): with every page's link,
// the period switcher, the GSTIN, the signed-in name and Sign out, nothing runs off the window at
// 1440 x 900 nor at 1024 x 768: no horizontal scroll of the page, and Sign out wholly in view.

import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, RECIPIENT, REQUIRED, SHOTS, warnIfNoChromium } from '../support/e2e.js';
import type { MultiUserRig } from '../support/multi-user-e2e.js';
import { signIn, startMultiUser } from '../support/multi-user-e2e.js';

warnIfNoChromium('TOP BAR BROWSER TESTS');

/** A long account name, as practices name them (first.last). */
const REVIEWER = 'meenakshi.subramanian';

describe.skipIf(CHROMIUM === null && !REQUIRED)(
  'the top bar on gst-ims serve --multi-user in Chromium',
  () => {
    let rig: MultiUserRig;
    let serve: MultiUserRig['serve'];
    let browser: Browser;

    beforeAll(async () => {
      rig = await startMultiUser('gst-ims-e2e-topbar-', [
        ['meera', 'admin'],
        [REVIEWER, 'reviewer', RECIPIENT],
      ]);
      serve = rig.serve;
      browser = rig.browser;
    }, 180_000);

    afterAll(() => rig?.stop());

    for (const [width, height] of [
      [1440, 900],
      [1024, 768],
    ] as const)
      it(`fits ${width} x ${height} for a reviewer and an admin`, async () => {
        for (const name of [REVIEWER, 'meera']) {
          const context = await browser.newContext({
            viewport: { width, height },
            locale: 'en-US',
            timezoneId: 'Asia/Kolkata',
          });
          try {
            const page = await context.newPage();
            page.setDefaultTimeout(20_000);
            await signIn(page, serve.url, name);
            await page.locator('.topbar nav a').first().waitFor();
            const m = await page.evaluate(() => {
              const out = document.querySelector('.sign-out')!.getBoundingClientRect();
              const bar = document.querySelector('.topbar')!;
              return {
                scrollWidth: document.documentElement.scrollWidth,
                innerWidth: window.innerWidth,
                barScroll: bar.scrollWidth,
                barWidth: bar.clientWidth,
                signOutRight: out.right,
                signOutWidth: out.width,
                user: document.querySelector('.gstin-pick .user')?.textContent ?? '',
                navScroll: document.querySelector('.topbar nav')!.scrollWidth,
                navWidth: document.querySelector('.topbar nav')!.clientWidth,
                brandHeight: document.querySelector('.brand')!.getBoundingClientRect().height,
              };
            });
            await page.screenshot({ path: join(SHOTS, `top-bar-${width}-${name}.png`) });
            expect(m.user).toBe(name);
            expect(m.scrollWidth, JSON.stringify(m)).toBeLessThanOrEqual(m.innerWidth);
            // The bar itself holds its content: nothing cut off at its right edge.
            expect(m.barScroll, JSON.stringify(m)).toBeLessThanOrEqual(m.barWidth);
            expect(m.signOutWidth).toBeGreaterThan(0);
            // One line for the name of the app, never two.
            expect(m.brandHeight, JSON.stringify(m)).toBeLessThan(30);
            // At 1440 every page's link is in view; narrower, the links scroll within the bar.
            if (width >= 1440)
              expect(m.navScroll, JSON.stringify(m)).toBeLessThanOrEqual(m.navWidth);
            expect(m.signOutRight, JSON.stringify(m)).toBeLessThanOrEqual(m.innerWidth);
            await expect(page.getByRole('button', { name: 'Sign out' }).isVisible()).resolves.toBe(
              true,
            );
          } finally {
            await context.close();
          }
        }
      });
  },
);
