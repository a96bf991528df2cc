// The multi-user browser suites' shared setup: accounts made by the built CLI, `gst-ims serve
// --multi-user` on a free port, and the sign-in page.
import type { ChildProcess } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { expect } from 'vitest';
import { CHROMIUM_ARGS } from '../../scripts/find-chromium.mjs';
import { BIN, CHROMIUM, SHOTS, WEB_DIST } from './e2e.js';

export const PASSWORD = 'correct horse 1';

export function addUser(db: string, name: string, role: string, gstin?: string): void {
  const r = spawnSync(
    process.execPath,
    [
      BIN,
      '--db',
      db,
      ...(gstin ? ['--gstin', gstin] : []),
      'user',
      'add',
      name,
      '--role',
      role,
      '--password-stdin',
    ],
    { input: PASSWORD, encoding: 'utf8', env: { ...process.env, GST_IMS_DB: '' } },
  );
  expect(r.status, r.stderr).toBe(0);
}

export async function serveMultiUser(
  cwd: string,
  db: string,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [BIN, '--db', db, 'serve', '--multi-user', '--port', '0', '--demo-if-empty'],
    { cwd, env: { ...process.env, GST_IMS_DB: '' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`serve did not start in 90 s:\n${out}`)), 90_000);
    child.stdout?.on('data', () => {
      const m = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        ok(m[1]);
      }
    });
    child.on('exit', (code) => fail(new Error(`serve exited with ${code}:\n${out}`)));
  });
  return { child, url };
}

export async function signIn(page: Page, url: string, name: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** A multi-user server on a new workspace with these accounts, and a Chromium to drive it. */
export interface MultiUserRig {
  readonly dir: string;
  readonly serve: { child: ChildProcess; url: string };
  readonly browser: Browser;
  /** A new page in a context of its own (its own cookies), 1440 x 900 unless told. */
  page(viewport?: { width: number; height: number }): Promise<Page>;
  stop(): Promise<void>;
}

/** The accounts as [name, role, GSTIN granted (none: every client, for an admin)]. */
export async function startMultiUser(
  prefix: string,
  accounts: readonly (readonly [string, string, string?])[],
): Promise<MultiUserRig> {
  if (CHROMIUM === null)
    throw new Error('GST_IMS_REQUIRE_BROWSER=1 but no Chromium was found: install chromium');
  if (!existsSync(WEB_DIST))
    throw new Error('the web app is not built: run npm run build first (npm test does)');
  mkdirSync(SHOTS, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const db = join(dir, 'ws.sqlite');
  for (const [name, role, gstin] of accounts) addUser(db, name, role, gstin);
  const serve = await serveMultiUser(dir, db);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  return {
    dir,
    serve,
    browser,
    async page(viewport = { width: 1440, height: 900 }) {
      const context = await browser.newContext({
        viewport,
        locale: 'en-US',
        timezoneId: 'Asia/Kolkata',
        // axe-core is injected as a script tag, which the page's CSP would refuse.
        bypassCSP: true,
      });
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      return page;
    },
    async stop() {
      await browser.close();
      const exited = new Promise((ok) => serve.child.once('exit', ok));
      serve.child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
