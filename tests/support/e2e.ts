// What every browser test needs: the built binary serving a demo workspace, the system's
// Chromium (found, or the suite skipped loudly, or failed under GST_IMS_REQUIRE_BROWSER=1), and
// the grid's counts line to wait on.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { createRequire } from 'node:module';
import { findChromium } from '../../scripts/find-chromium.mjs';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = join(REPO, 'packages/gst-ims/bin/gst-ims.js');
export const WEB_DIST = join(REPO, 'packages/web/dist/index.html');
export const SHOTS = join(REPO, 'test-output/screenshots');
export const RECIPIENT = '27AABCU9603R1ZN';
const AXE_SOURCE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export const CHROMIUM = findChromium();
export const REQUIRED = process.env.GST_IMS_REQUIRE_BROWSER === '1';

/** Says loudly, once per suite, that its browser tests are skipped (or will fail in CI). */
export function warnIfNoChromium(suite: string): void {
  if (CHROMIUM !== null) return;
  const line = '!'.repeat(78);
  console.warn(
    `\n${line}\n!! ${suite} ${REQUIRED ? 'FAIL' : 'SKIPPED'}: no Chromium found (looked for /usr/bin/chromium and others).\n` +
      `!! Install it (Debian/Ubuntu: apt-get install chromium) or set GST_IMS_CHROMIUM=/path/to/chrome.\n${line}\n`,
  );
}

export interface Serve {
  readonly child: ChildProcess;
  readonly url: string;
  readonly output: () => string;
}

/** `gst-ims serve --port 0 --demo-if-empty` on `db`, resolved once it prints its address. */
export async function startServe(cwd: string, db: string): Promise<Serve> {
  const child = spawn(
    process.execPath,
    [BIN, '--db', db, '--user', 'asha', 'serve', '--port', '0', '--demo-if-empty'],
    {
      cwd,
      env: { ...process.env, GST_IMS_DB: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`gst-ims serve did not start in 60 s:\n${out}`)),
      60_000,
    );
    const check = (): void => {
      const m = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        ok(m[1]);
      }
    };
    child.stdout?.on('data', check);
    child.on('exit', (code) => fail(new Error(`gst-ims serve exited with ${code}:\n${out}`)));
  });
  return { child, url, output: () => out };
}

export const countsText = (page: Page): Promise<string> =>
  page.locator('[data-testid=grid-counts]').innerText();

export async function waitForCounts(page: Page, text: string): Promise<void> {
  await page.waitForFunction(
    (t) => document.querySelector('[data-testid=grid-counts]')?.textContent?.includes(t) ?? false,
    text,
    { timeout: 20_000 },
  );
}

/** Stops the server as Ctrl+C or a service manager would (SIGTERM); its exit code. */
export async function stopServe(serve: Serve): Promise<number | null> {
  const exited = new Promise<number | null>((ok) => serve.child.on('exit', (code) => ok(code)));
  serve.child.kill('SIGTERM');
  return exited;
}

/** axe-core's serious and critical findings on the page as it is now. */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_SOURCE });
  const found = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            ctx: Document,
            opts: object,
          ): Promise<{
            violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
          }>;
        };
      }
    ).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
  });
  return found
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.nodes.join(' | ')}`);
}
