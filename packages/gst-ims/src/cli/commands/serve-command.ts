import { spawn } from 'node:child_process';
import type { Command } from 'commander';
import { createDemo, workspaceIsEmpty } from '../../app/index.js';
import { PACKAGE_VERSION } from '../../app/package-version.js';
import { readFileSync } from 'node:fs';
import { BadInputError, UsageError } from '../../core/index.js';
import type { WorkspaceStore } from '../../store/index.js';
import { isLoopback } from '../../server/loopback.js';
import type { RunningServer } from '../../server/start-server.js';
import { DEFAULT_PORT } from '../../server/default-port.js';
import type { Session } from '../session.js';

const DEMO_DIR = './gst-ims-demo';

// `serve` is the server's composition root: it opens the workspace, starts the local web app on
// 127.0.0.1, and runs until Ctrl+C (SIGINT) or SIGTERM, then closes the store cleanly.
export function registerServe(program: Command, session: () => Session): void {
  program
    .command('serve')
    .option('--port <n>', 'port on 127.0.0.1 (0 picks a free one)', String(DEFAULT_PORT))
    .option('--open', 'open the browser')
    .option(
      '--multi-user',
      'several people with accounts (gst-ims user add): sign-in, roles, access per client GSTIN',
    )
    .option('--host <addr>', 'the address to listen on; beyond 127.0.0.1 only with --multi-user')
    .option('--tls-cert <file>', 'serve HTTPS with this PEM certificate (with --tls-key)')
    .option('--tls-key <file>', "the certificate's PEM private key")
    .option(
      '--demo-if-empty',
      `create the demo workspace first (its download goes to ${DEMO_DIR}) when the workspace is empty`,
    )
    .description('serve the web app and its API on 127.0.0.1 only')
    .action(async (o: ServeFlags) => {
      const s = session();
      const port = parsePort(o.port);
      const people = peopleOptions(o);
      const ctx = await s.ctx();
      if (people.multiUser && !(await hasActiveAdmin(ctx.store))) {
        s.out.err(
          'gst-ims: --multi-user needs an admin account first: gst-ims user add NAME --role admin',
        );
        s.exitCode = 3;
        return;
      }
      const empty = await workspaceIsEmpty(ctx);
      if (empty && o.demoIfEmpty !== true) offerDemo(s);
      if (o.demoIfEmpty === true && empty) {
        const demo = await createDemo(ctx, DEMO_DIR);
        s.out.line(
          `The workspace was empty: created the demo for GSTIN ${demo.gstin} (${demo.imported.records.toLocaleString('en-IN')} records; its IMS download is ${demo.downloadFile})`,
        );
        s.out.line(
          `The demo purchase register is imported too, ready to reconcile (Reconcile page): ${demo.registerFile}`,
        );
        s.out.line(
          `The month end to import (README, "The month end to end on the demo"): ${demo.month.october2b} and November's files beside it`,
        );
      }
      // Loaded here, not at start-up: every other command would pay for hono and zod.
      const { PortInUseError, startServer } = await import('../../server/start-server.js');
      let server: RunningServer;
      try {
        // The terminal shows the server's log, not progress bars of requests running side by side.
        server = await startServer({
          ctx: { ...ctx, progress: undefined },
          port,
          watchOtherProcesses: true,
          version: PACKAGE_VERSION,
          ...people,
          log: (line) => s.out.err(line),
        });
      } catch (e) {
        if (e instanceof PortInUseError) {
          s.out.err(`gst-ims: ${e.message}`);
          s.exitCode = 3;
          return;
        }
        throw e;
      }
      s.out.line(
        `gst-ims is serving ${s.dbLabel} at ${server.url}${people.multiUser ? ' for signed-in accounts (multi-user)' : ''}`,
      );
      if (people.host !== undefined && people.tls === undefined) warnNoTls(s);
      if (server.webDir === null)
        s.out.err(
          'The web app is not built (packages/web/dist is missing): run npm run build. The API still answers under /api.',
        );
      s.out.line('Open that address in your browser. Press Ctrl+C to stop.');
      if (o.open === true) openBrowser(server.url);
      const signal = await new Promise<NodeJS.Signals>((resolve) => {
        process.once('SIGINT', () => resolve('SIGINT'));
        process.once('SIGTERM', () => resolve('SIGTERM'));
      });
      s.out.line(`Stopping (${signal})...`);
      await server.close();
      await s.close();
      s.out.line('Stopped; the workspace is closed.');
    });
}

/**
 * A new user's first run (`npx gst-ims serve --open` in an empty folder) lands on an empty
 * workspace: say how to import, and how to try the app on the demo data instead. The demo is
 * never put into a workspace unasked: it would mix generated records with the user's own.
 */
function offerDemo(s: Session): void {
  // npx sets npm_command=exec: the user types the command as they did this one.
  const cmd = s.io.env.npm_command === 'exec' ? 'npx gst-ims' : 'gst-ims';
  s.out.line(
    `The workspace ${s.dbLabel} is empty: import your IMS download on the Import page of the web app.`,
  );
  s.out.line(
    `To try it on generated demo data first, in a workspace of its own: stop (Ctrl+C) and run \`${cmd} --db gst-ims-demo.sqlite serve --demo-if-empty --open\``,
  );
}

interface ServeFlags {
  port: string;
  open?: boolean;
  demoIfEmpty?: boolean;
  multiUser?: boolean;
  host?: string;
  tlsCert?: string;
  tlsKey?: string;
}

function peopleOptions(o: ServeFlags): {
  multiUser: boolean;
  host?: string;
  tls?: { cert: Buffer; key: Buffer };
} {
  const multiUser = o.multiUser === true;
  const host = o.host?.trim();
  if (host !== undefined && host !== '' && !isLoopback(host) && !multiUser)
    throw new UsageError(
      `--host ${host}: refused to listen beyond this machine without --multi-user (anyone on the network could read and change the workspace); create accounts (gst-ims user add NAME --role admin) and add --multi-user`,
    );
  if ((o.tlsCert === undefined) !== (o.tlsKey === undefined))
    throw new UsageError('--tls-cert and --tls-key go together: give both, or neither');
  const tls =
    o.tlsCert === undefined || o.tlsKey === undefined
      ? undefined
      : { cert: readPem(o.tlsCert, '--tls-cert'), key: readPem(o.tlsKey, '--tls-key') };
  return {
    multiUser,
    ...(host !== undefined && host !== '' ? { host } : {}),
    ...(tls !== undefined ? { tls } : {}),
  };
}

function readPem(file: string, flag: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new BadInputError(
      `${flag} ${file}: cannot read it (${e instanceof Error ? e.message : String(e)})`,
      { field: flag },
    );
  }
}

async function hasActiveAdmin(store: WorkspaceStore): Promise<boolean> {
  return (await store.listUsers()).some((u) => u.role === 'admin' && !u.disabled);
}

/** Passwords and session cookies would cross the network in the clear: say so loudly. */
function warnNoTls(s: Session): void {
  const line = '!'.repeat(78);
  s.out.err(
    `${line}\n!! WARNING: serving WITHOUT TLS beyond this machine. Passwords and session cookies\n` +
      '!! cross the network in the clear. Use --tls-cert/--tls-key, or put a reverse proxy with\n' +
      `!! HTTPS in front (README, "A practice server").\n${line}`,
  );
}

function parsePort(raw: string): number {
  const t = raw.trim();
  if (!/^\d+$/.test(t) || Number(t) > 65535)
    throw new UsageError(
      `--port: expected a port number 1-65535 (or 0 for any free port), found "${raw}"`,
    );
  return Number(t);
}

/** Best effort: xdg-open, open or start when present; a missing opener is not an error. */
function openBrowser(url: string): void {
  const [cmd, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]];
  try {
    // cmd.exe reads its own quoting: Node's escaping of `""` (start's empty window title) would
    // reach it as a title of backslashes and quotes, and the URL would not open.
    const child = spawn(cmd, args, {
      stdio: 'ignore',
      detached: true,
      windowsVerbatimArguments: process.platform === 'win32',
    });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // no opener: the URL is printed above
  }
}
