// Who may talk to the local server: only pages served by itself, on 127.0.0.1.
//
// - Host must be 127.0.0.1:PORT or localhost:PORT (a DNS-rebinding page sends its own name).
// - API requests whose Origin is not the server's own origin, or that the browser marks as
//   cross-site or same-site (another port on the same machine is "same-site"), are refused.
// - Every state-changing request (anything but GET/HEAD) carries the per-start token that only
//   the server's own index.html holds; another page cannot read it (same-origin policy).
import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { TOKEN_HEADER } from './api-types.js';

export interface SecurityOptions {
  readonly token: string;
  /** The port the server listens on; known only after listen when started on port 0. */
  readonly port: () => number | null;
  /**
   * A multi-user server (decision 0037) answers to any host name it is reached by (the LAN's),
   * and checks a CSRF token per session (multi-user.ts) instead of the per-start token.
   */
  readonly multiUser?: boolean;
}

const SAFE_METHODS = new Set(['GET', 'HEAD']);

export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

export function tokenMatches(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

const forbidden = (message: string): Response =>
  new Response(JSON.stringify({ error: message, kind: 'forbidden' }), {
    status: 403,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });

/** Host check for every request; origin and token checks for the API. */
export function guard(opts: SecurityOptions): MiddlewareHandler {
  return async (c, next) => {
    const port = opts.port();
    const host = (c.req.header('host') ?? new URL(c.req.url).host).toLowerCase();
    const anyHost = opts.multiUser === true;
    if (port === null || (!anyHost && !allowedHosts(port).includes(host))) {
      return forbidden(
        `refused: this server answers only to http://127.0.0.1:${port ?? '?'}/ (Host "${host}")`,
      );
    }
    const isApi = c.req.path === '/api' || c.req.path.startsWith('/api/');
    const origin = c.req.header('origin');
    const site = c.req.header('sec-fetch-site');
    if (isApi || !SAFE_METHODS.has(c.req.method)) {
      // Behind a TLS proxy the page's origin is https:// while this server hears http://.
      if (
        origin !== undefined &&
        origin !== `http://${host}` &&
        !(anyHost && sameHost(origin, host))
      )
        return forbidden(`refused: requests from ${origin} are not allowed`);
      if (site !== undefined && site !== 'same-origin' && site !== 'none')
        return forbidden(`refused: ${site} request`);
    }
    if (
      !anyHost &&
      !SAFE_METHODS.has(c.req.method) &&
      !tokenMatches(opts.token, c.req.header(TOKEN_HEADER))
    ) {
      return forbidden(
        'refused: missing or wrong session token; reload the page (the token changes each time gst-ims serve starts)',
      );
    }
    await next();
    c.header('x-content-type-options', 'nosniff');
    c.header('referrer-policy', 'no-referrer');
    c.header('x-frame-options', 'DENY');
    c.header('cross-origin-resource-policy', 'same-origin');
    c.header('cross-origin-opener-policy', 'same-origin');
  };
}

function sameHost(origin: string, host: string): boolean {
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
