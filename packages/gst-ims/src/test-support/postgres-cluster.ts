// A throwaway PostgreSQL cluster for the tests: the OS's own binaries (Debian's postgresql
// package puts them in /usr/lib/postgresql/<version>/bin), initdb into a temporary directory,
// a free port on 127.0.0.1, trust authentication, no fsync. Nothing outside the directory is
// touched; stop() removes it. As root (CI), initdb refuses to run: the cluster then runs as the
// `postgres` user the package creates (runuser).
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Cluster {
  /** postgres://...@127.0.0.1:port/postgres, a superuser's. */
  readonly url: string;
  stop(): void;
}

export type ClusterOutcome = { cluster: Cluster } | { absent: string };

const USER = 'gst_ims';

/** The newest installed PostgreSQL's bin directory with initdb and pg_ctl, or null. */
export function findPostgresBin(env: NodeJS.ProcessEnv = process.env): string | null {
  const given = env.GST_IMS_PG_BIN;
  if (given) return existsSync(join(given, 'initdb')) ? given : null;
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0] !== undefined) return join(root, versions[0], 'bin');
  }
  for (const dir of ['/usr/local/pgsql/bin', '/opt/homebrew/bin', '/usr/local/bin', '/usr/bin'])
    if (existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) return dir;
  return null;
}

/** Starts a cluster, or says why it cannot. */
export async function startCluster(): Promise<ClusterOutcome> {
  const bin = findPostgresBin();
  if (bin === null) return { absent: 'no PostgreSQL binaries (initdb, pg_ctl) found' };
  const asUser = runAs();
  if (asUser === undefined)
    return { absent: 'running as root and no `postgres` user to run the cluster as' };
  const dir = mkdtempSync(join(tmpdir(), 'gst-ims-pg-'));
  const data = join(dir, 'data');
  const run = (cmd: string, args: string[]): void => {
    const [file, all] =
      asUser === null ? [cmd, args] : ['runuser', ['-u', asUser.name, '--', cmd, ...args]];
    execFileSync(file, all, { stdio: 'pipe' });
  };
  try {
    if (asUser !== null) chownSync(dir, asUser.uid, asUser.gid);
    run(join(bin, 'initdb'), [
      '-D',
      data,
      '-A',
      'trust',
      '-U',
      USER,
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
    ]);
    const port = await freePort();
    run(join(bin, 'pg_ctl'), [
      '-D',
      data,
      '-l',
      join(dir, 'log'),
      '-w',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300`,
      'start',
    ]);
    return {
      cluster: {
        url: `postgres://${USER}@127.0.0.1:${port}/postgres`,
        stop: () => {
          try {
            run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
          } finally {
            rmSync(dir, { recursive: true, force: true });
          }
        },
      },
    };
  } catch (e) {
    const log = existsSync(join(dir, 'log')) ? readFileSync(join(dir, 'log'), 'utf8') : '';
    rmSync(dir, { recursive: true, force: true });
    const err = e as { stderr?: Buffer; message: string };
    return {
      absent: `the cluster did not start: ${err.stderr?.toString().trim() || err.message} ${log}`,
    };
  }
}

/** null: run as ourselves; a user: run as that user (we are root); undefined: no way. */
function runAs(): { name: string; uid: number; gid: number } | null | undefined {
  if (process.getuid?.() !== 0) return null;
  const id = (flag: string): number | null => {
    const r = spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
    return r.status === 0 ? Number(r.stdout.trim()) : null;
  };
  const uid = id('-u');
  const gid = id('-g');
  return uid === null || gid === null ? undefined : { name: 'postgres', uid, gid };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
