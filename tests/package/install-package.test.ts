// The user's path (issue 19): the packed gst-ims, installed into an empty folder with nothing of
// the repository around it, answers --version and doctor, serves the web app on a new workspace
// and opens the browser, makes the demo and reports its status.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/cli.js';
import type { Installed, Packed, Serving } from './packed-install.js';
import {
  installTarball,
  pack,
  PACKAGE_DIR,
  runInstalled,
  serveInstalled,
} from './packed-install.js';

const VERSION = (
  JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8')) as { version: string }
).version;
/** Today's tarball is about 1 MB; several times that means something was packed by mistake. */
const MAX_TARBALL_BYTES = 4 * 1024 * 1024;

let packed: Packed;
let installed: Installed;
let serving: Serving | null = null;
/** Removed after the run: an install is about 100 MB. */
const made: string[] = [];

beforeAll(() => {
  made.push(tempDir('gst-ims-pack-'));
  packed = pack(join(made[0] ?? '', 'out'));
  installed = installTarball(packed.tarball);
  made.push(installed.dir);
}, 240_000);

afterAll(async () => {
  await serving?.stop();
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe('the packed package', () => {
  const paths = (): string[] => packed.files.map((f) => f.path);

  it('holds the compiled CLI, the built web app, the licence, the README and the changelog', () => {
    for (const p of [
      'bin/gst-ims.js',
      'dist/cli/main.js',
      'dist/bundle/main.js',
      'dist/store/migrations.js',
      'dist/server/start-server.js',
      'dist/web/index.html',
      'LICENSE',
      'README.md',
      'CHANGELOG.md',
      'package.json',
    ])
      expect(paths()).toContain(p);
    expect(paths().some((p) => /^dist\/web\/assets\/.+\.js$/.test(p))).toBe(true);
  });

  it('holds no sources, tests, test support or source maps', () => {
    const unwanted = paths().filter(
      (p) =>
        p.startsWith('src/') ||
        p.startsWith('scripts/') ||
        p.endsWith('.ts') !== p.endsWith('.d.ts') ||
        /\.test\./.test(p) ||
        p.includes('test-support/') ||
        p.endsWith('.map') ||
        p.startsWith('tsconfig'),
    );
    expect(unwanted).toEqual([]);
  });

  it('is of a reasonable size, and the copy of the web app is gone from the clone again', () => {
    expect(packed.size).toBeGreaterThan(100_000);
    expect(packed.size).toBeLessThan(MAX_TARBALL_BYTES);
    expect(existsSync(join(PACKAGE_DIR, 'dist', 'web'))).toBe(false);
  });
});

describe('installed from the tarball into an empty folder', () => {
  it('prints the version of package.json, run as the command or through npx', () => {
    const r = runInstalled(installed, ['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(VERSION);
    const npx = spawnSync('npx', ['--offline', 'gst-ims', '--version'], {
      cwd: installed.dir,
      env: installed.env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(npx.status).toBe(0);
    expect(npx.stdout.trim()).toBe(VERSION);
  });

  it('doctor finds no problem before there is a workspace', () => {
    const r = runInstalled(installed, ['doctor']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`gst-ims ${VERSION} on ${process.platform}-${process.arch}`);
    expect(r.stdout).toMatch(/ok +native module: better-sqlite3 loaded \(SQLite 3\.\d+/);
    expect(r.stdout).toContain('gst-ims.sqlite does not exist yet');
    expect(r.stdout).toMatch(/ok +free disk: [\d,]+ MB free/);
  });

  it('serve --open starts the web app on a new workspace here, offers the demo and opens the browser', async () => {
    // A stand-in for the system's opener (xdg-open on Linux, open on macOS) that notes the URL.
    const fakeBin = join(tempDir('gst-ims-opener-'), 'bin');
    made.push(dirname(fakeBin));
    mkdirSync(fakeBin);
    const opened = join(fakeBin, '..', 'opened.txt');
    for (const name of ['xdg-open', 'open']) {
      const file = join(fakeBin, name);
      writeFileSync(file, `#!/bin/sh\nprintf '%s' "$1" > '${opened}'\n`);
      chmodSync(file, 0o755);
    }
    const env = { ...installed.env, PATH: `${fakeBin}:${installed.env.PATH ?? ''}` };
    serving = await serveInstalled(installed, ['--open', '--port', '0'], env);
    const { url } = serving;

    expect(serving.output()).toContain('gst-ims is serving ./gst-ims.sqlite');
    expect(serving.output()).toContain('The workspace ./gst-ims.sqlite is empty');
    expect(serving.output()).toContain('serve --demo-if-empty');
    expect(serving.output()).not.toContain('not built');
    expect(existsSync(join(installed.dir, 'gst-ims.sqlite'))).toBe(true);

    const page = await fetch(url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<div id="root"></div>');
    expect(html).not.toContain('not built');
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeDefined();
    const script = await fetch(new URL(asset ?? '/', url));
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('javascript');

    // The page's token (injected into the HTML) opens the API: it reports the installed release.
    const token = /name="gst-ims-token" content="([^"]+)"/.exec(html)?.[1] ?? '';
    const meta = await fetch(new URL('/api/meta', url), {
      headers: { 'x-gst-ims-token': token },
    });
    expect(meta.status).toBe(200);
    expect(((await meta.json()) as { version: string; gstins: unknown[] }).version).toBe(VERSION);

    await expect.poll(() => existsSync(opened) && readFileSync(opened, 'utf8')).toBe(url);

    expect(await serving.stop()).toBe(0);
    serving = null;
  }, 90_000);

  it('makes the demo in the workspace of the current folder, and status reports it', () => {
    const demo = runInstalled(installed, ['demo']);
    expect(demo.stderr).toBe('');
    expect(demo.code).toBe(0);
    expect(demo.stdout).toContain(
      'Demo workspace ready in ./gst-ims.sqlite for GSTIN 27AABCU9603R1ZN',
    );
    expect(existsSync(join(installed.dir, 'gst-ims-demo'))).toBe(true);

    const status = runInstalled(installed, ['--format', 'json', 'status']);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('27AABCU9603R1ZN');

    const doctor = runInstalled(installed, ['doctor']);
    expect(doctor.code).toBe(0);
    expect(doctor.stdout).toMatch(
      /ok +workspace: \.\/gst-ims\.sqlite is readable and writable, schema \S+ \(up to date\)/,
    );
  });
});
