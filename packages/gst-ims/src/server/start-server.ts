// Starts the local server on 127.0.0.1 only. Port 0 picks a free port (tests, benchmarks).
import { existsSync } from 'node:fs';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer as createHttpsServer } from 'node:https';
import { createAdaptorServer } from '@hono/node-server';
import type { AppContext } from '../app/context.js';
import { UsageError } from '../core/index.js';
import { cachedStore } from '../store/index.js';
import { createServer, newToken } from './create-server.js';

import { DEFAULT_PORT } from './default-port.js';
import { isLoopback } from './loopback.js';

export { DEFAULT_PORT };
export const HOSTNAME = '127.0.0.1';

export interface StartOptions {
  readonly ctx: AppContext;
  readonly port?: number;
  /** Default: defaultWebDir(). */
  readonly webDir?: string | null;
  readonly token?: string;
  readonly version?: string;
  readonly log?: (line: string) => void;
  /** Notice other processes' writes to the workspace (ServerOptions.watchOtherProcesses). */
  readonly watchOtherProcesses?: boolean;
  /** Largest JSON body of the API (default MAX_JSON_BYTES in create-server.ts). */
  readonly maxJsonBytes?: number;
  /** The address to listen on (default 127.0.0.1); beyond loopback only with multiUser. */
  readonly host?: string;
  /** Several people with accounts (decision 0037); see ServerOptions.multiUser. */
  readonly multiUser?: boolean;
  /** PEM certificate and key: serve HTTPS. */
  readonly tls?: { readonly cert: string | Buffer; readonly key: string | Buffer };
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  readonly webDir: string | null;
  close(): Promise<void>;
}

/** The port is taken by another program. */
export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
  constructor(readonly port: number) {
    super(
      `port ${port} is already in use (is gst-ims serve already running?); choose another with --port`,
    );
  }
}

/**
 * The built web app, from src/server or dist/server alike: packages/web/dist in a clone of the
 * repository, else the copy the published package carries in dist/web (made by
 * scripts/prepack.mjs). Null when neither holds an index.html.
 */
export function defaultWebDir(): string | null {
  const candidates = [
    new URL('../../../web/dist/', import.meta.url),
    new URL('../web/', import.meta.url),
  ].map((u) => fileURLToPath(u));
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? null;
}

export { isLoopback };

export async function startServer(opts: StartOptions): Promise<RunningServer> {
  const hostname = opts.host ?? HOSTNAME;
  if (!isLoopback(hostname) && opts.multiUser !== true)
    throw new UsageError(
      `refused to listen on ${hostname}: beyond this machine the server needs accounts; start it with --multi-user (and create an admin first: gst-ims user add NAME --role admin)`,
    );
  const token = opts.token ?? newToken();
  const webDir = opts.webDir === undefined ? defaultWebDir() : opts.webDir;
  let port: number | null = null;
  const log = opts.log ?? ((s: string) => console.error(s));
  const watchOtherProcesses = opts.watchOtherProcesses === true;
  const cache = cachedStore(opts.ctx.store, { watchOtherProcesses });
  const app = createServer({
    ctx: opts.ctx,
    token,
    port: () => port,
    webDir,
    cache,
    // For GET /api/changes: the page learns of writes by other processes from the store's stamp.
    watchOtherProcesses,
    log,
    ...(opts.version !== undefined ? { version: opts.version } : {}),
    ...(opts.maxJsonBytes !== undefined ? { maxJsonBytes: opts.maxJsonBytes } : {}),
    ...(opts.multiUser === true ? { multiUser: { tls: opts.tls !== undefined } } : {}),
  });
  const server =
    opts.tls === undefined
      ? createAdaptorServer({ fetch: app.fetch, hostname })
      : createAdaptorServer({
          fetch: app.fetch,
          hostname,
          createServer: createHttpsServer,
          serverOptions: { cert: opts.tls.cert, key: opts.tls.key },
        });
  const wanted = opts.port ?? DEFAULT_PORT;
  await new Promise<void>((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException): void => {
      if (e.code === 'EADDRINUSE') reject(new PortInUseError(wanted));
      else if (e.code === 'EACCES')
        reject(
          new UsageError(
            `not allowed to listen on port ${wanted} (ports below 1024 need privileges); choose another with --port`,
          ),
        );
      else reject(e);
    };
    server.once('error', onError);
    server.listen(wanted, hostname, () => {
      server.off('error', onError);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  // Load the records now, while the user opens the browser.
  cache
    .warm()
    .catch((e: unknown) =>
      log(
        `gst-ims serve: could not preload the records: ${e instanceof Error ? e.message : String(e)}`,
      ),
    );
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return {
    url: `${opts.tls === undefined ? 'http' : 'https'}://${hostname.includes(':') ? `[${hostname}]` : hostname}:${port}/`,
    port,
    token,
    webDir,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}
