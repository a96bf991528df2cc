// Packs packages/gst-ims as `npm publish` would and installs the tarball into an empty folder, as
// a user's `npx gst-ims` or `npm install -g gst-ims` does: the package must work without the
// repository around it.
import type { ChildProcess } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, tempDir } from '../support/cli.js';

export const PACKAGE_DIR = join(REPO, 'packages/gst-ims');

export interface PackedFile {
  readonly path: string;
  readonly size: number;
}

export interface Packed {
  readonly tarball: string;
  readonly size: number;
  readonly unpackedSize: number;
  readonly files: readonly PackedFile[];
  /** What `npm pack` printed for people (the size lines). */
  readonly log: string;
}

export interface Installed {
  /** The folder the tarball was installed into: the user's "current folder". */
  readonly dir: string;
  /** The installed command, as npm linked it (node_modules/.bin/gst-ims). */
  readonly bin: string;
  readonly env: NodeJS.ProcessEnv;
}

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** npm settings a machine may carry in its environment: where the registry and the cache are. */
const KEPT_NPM_SETTINGS = new Set(
  [
    'registry',
    'cache',
    'userconfig',
    'proxy',
    'https_proxy',
    'noproxy',
    'cafile',
    'strict_ssl',
  ].map((k) => `npm_config_${k}`),
);

/**
 * The environment of a user's shell: none of the npm_* variables `npm test` sets for its child
 * processes (its prefix and package would make the install below act on the repository), no
 * workspace override.
 */
export function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    const key = k.toLowerCase();
    if (key.startsWith('npm_') && !KEPT_NPM_SETTINGS.has(key)) continue;
    if (k.startsWith('GST_IMS_') || k === 'INIT_CWD') continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

function run(cmd: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Run {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: 240_000 });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function must(what: string, r: Run): Run {
  if (r.code !== 0) throw new Error(`${what} failed (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  return r;
}

export function pack(into: string): Packed {
  for (const [file, what] of [
    ['packages/gst-ims/dist/cli/main.js', 'the CLI'],
    ['packages/web/dist/index.html', 'the web app'],
  ] as const)
    if (!existsSync(join(REPO, file)))
      throw new Error(`${what} is not built: run npm run build first`);
  mkdirSync(into, { recursive: true });
  const r = must(
    'npm pack',
    run('npm', ['pack', '--json', '--pack-destination', into], PACKAGE_DIR, userEnv()),
  );
  // --json prints the tarball's manifest on stdout; the prepack script's lines go to stderr.
  const [info] = JSON.parse(r.stdout.slice(r.stdout.indexOf('['))) as {
    filename: string;
    size: number;
    unpackedSize: number;
    files: PackedFile[];
  }[];
  if (!info) throw new Error(`npm pack printed no manifest:\n${r.stdout}`);
  return {
    tarball: join(into, info.filename),
    size: info.size,
    unpackedSize: info.unpackedSize,
    files: info.files,
    log: r.stderr,
  };
}

/**
 * `npm install TARBALL` in an empty folder, from the local npm cache where it can (the registry
 * is asked only for what the cache lacks).
 *
 * Install scripts are not run: the one there is, better-sqlite3's, downloads a prebuilt binary
 * for the user's platform and compiles SQLite from source when it cannot (minutes on two cores;
 * this machine reaches no download host). The test puts the binary the repository's own install
 * made for this Node.js where the download would have put it, when the versions are the same, and
 * otherwise lets npm build it.
 */
export function installTarball(tarball: string): Installed {
  const dir = tempDir('gst-ims-installed-');
  const env = userEnv();
  // better-sqlite3 at the version the repository built (within the package's range), so that
  // the binary below fits even when the registry has a newer one by now.
  const folder = {
    name: 'accountant-folder',
    private: true,
    overrides: { 'better-sqlite3': sqliteVersion(REPO) },
  };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(folder, null, 2)}\n`);
  must(
    'npm install of the tarball',
    run(
      'npm',
      [
        'install',
        tarball,
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        '--ignore-scripts',
        '--loglevel=error',
      ],
      dir,
      env,
    ),
  );
  provideSqliteBinary(dir, env);
  return { dir, bin: join(dir, 'node_modules/.bin/gst-ims'), env };
}

const sqliteVersion = (root: string): string =>
  (
    JSON.parse(readFileSync(join(root, 'node_modules/better-sqlite3/package.json'), 'utf8')) as {
      version: string;
    }
  ).version;

function provideSqliteBinary(dir: string, env: NodeJS.ProcessEnv): void {
  const built = join(REPO, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
  if (existsSync(built) && sqliteVersion(REPO) === sqliteVersion(dir)) {
    const release = join(dir, 'node_modules/better-sqlite3/build/Release');
    mkdirSync(release, { recursive: true });
    copyFileSync(built, join(release, 'better_sqlite3.node'));
    return;
  }
  must('npm rebuild better-sqlite3', run('npm', ['rebuild', 'better-sqlite3'], dir, env));
}

/** Runs the installed command in the install folder. */
export function runInstalled(i: Installed, args: readonly string[]): Run {
  return run(i.bin, args, i.dir, i.env);
}

export interface Serving {
  readonly child: ChildProcess;
  readonly url: string;
  readonly output: () => string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/** Starts the installed `gst-ims serve ...args`, resolved once it prints its address. */
export async function serveInstalled(
  i: Installed,
  args: readonly string[],
  env: NodeJS.ProcessEnv = i.env,
): Promise<Serving> {
  const child = spawn(i.bin, ['serve', ...args], {
    cwd: i.dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`serve did not start in 60 s:\n${out}`)), 60_000);
    const check = (): void => {
      const m = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        ok(m[1]);
      }
    };
    child.stdout.on('data', check);
    void exited.then((c) => fail(new Error(`serve exited with ${c}:\n${out}`)));
  });
  return {
    child,
    url,
    output: () => out,
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
