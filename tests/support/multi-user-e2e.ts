// The multi-user browser suites' shared setup: accounts made by the built CLI, `gst-ims serve
// --multi-user` on a free port, and the sign-in page.
import type { ChildProcess } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { BIN } from './e2e.js';

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
