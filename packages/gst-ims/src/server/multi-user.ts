// The multi-user server (issue 16, decision 0037): sign-in, sessions in HTTP-only SameSite=Strict
// cookies, a CSRF token per session on every write, roles and per-GSTIN access checked on every
// API request. Each request runs with its account in an AsyncLocalStorage: the context's `user`
// (what the audit log records) and the store's list of GSTINs follow it, so the app's use cases
// and the route modules need no change.
import { AsyncLocalStorage } from 'node:async_hooks';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import type { AppContext } from '../app/context.js';
import type { Account } from '../app/sessions.js';
import { csrfTokenOf, sessionAccount, signIn, signOut } from '../app/sessions.js';
import type { AccessCode, Permission } from '../core/index.js';
import {
  ACCESS_CODES,
  PERMISSIONS,
  mayAccessGstin,
  normaliseGstin,
  roleMay,
  roleRefusal,
} from '../core/index.js';
import type { WorkspaceStore } from '../store/index.js';
import { TOKEN_HEADER } from './api-types.js';
import type { LoginLimits } from './login-limiter.js';
import { LoginLimiter } from './login-limiter.js';
import { permissionFor } from './route-permissions.js';
import { tokenMatches } from './security.js';

export interface MultiUserOptions {
  /** The workspace's store itself (accounts and sessions are not cached). */
  readonly store: WorkspaceStore;
  /** Served over TLS: the session cookie is marked Secure (and named __Host-). */
  readonly tls: boolean;
  readonly now?: () => Date;
  readonly limits?: LoginLimits;
  /** The client's address for the sign-in limit (default: the socket's remote address). */
  readonly clientAddress?: (c: Context) => string;
}

/** What GET /api/session and POST /api/login answer. */
export interface SessionPayload {
  readonly user: string;
  readonly role: Account['role'];
  /** Granted client GSTINs; ['*'] for an admin. */
  readonly gstins: readonly string[];
  readonly permissions: readonly Permission[];
  /** Sent back in the x-gst-ims-token header on every write of this session. */
  readonly csrfToken: string;
}

/** A request refused for who is asking (HTTP 403), with a stable code. */
export class AccessDeniedError extends Error {
  override readonly name = 'AccessDeniedError';
  constructor(
    readonly code: AccessCode,
    message: string,
  ) {
    super(message);
  }
}

const accounts = new AsyncLocalStorage<Account>();

/** The signed-in account of the request being served (null on a single-user server). */
export const currentAccount = (): Account | null => accounts.getStore() ?? null;

/** Refuses (AccessDeniedError) a GSTIN the request's account was not granted. */
export function assertGstinAccess(gstin: string): void {
  const a = currentAccount();
  if (a !== null && !mayAccessGstin(a, normaliseGstin(gstin))) throw gstinRefusal(a, gstin);
}

const gstinRefusal = (a: Account, gstin: string): AccessDeniedError =>
  new AccessDeniedError(
    'GSTIN_NOT_GRANTED',
    `refused (${ACCESS_CODES.GSTIN_NOT_GRANTED}): ${a.name} has no access to client GSTIN ${normaliseGstin(gstin)}; an admin can grant it (gst-ims user grant ${a.name} ${normaliseGstin(gstin)})`,
  );

/**
 * The context the routes use on a multi-user server: `user` is the signed-in account's name, and
 * the store lists only the GSTINs the account may see (listGstins and gstinIds: so "the only
 * GSTIN" means the only one granted).
 */
export function perAccountContext(base: AppContext): AppContext {
  const store = new Proxy(base.store, {
    get(target, prop) {
      if (prop === 'listGstins')
        return async () => {
          const all = await target.listGstins();
          const a = currentAccount();
          return a === null ? all : all.filter((g) => mayAccessGstin(a, g.gstin));
        };
      if (prop === 'gstinIds')
        return async () => {
          const all = await target.gstinIds();
          const a = currentAccount();
          return a === null ? all : all.filter((g) => mayAccessGstin(a, g));
        };
      const v: unknown = Reflect.get(target, prop, target);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  return {
    get store() {
      return store;
    },
    get user() {
      return currentAccount()?.name ?? base.user;
    },
    now: base.now,
    progress: base.progress,
  };
}

const LoginBody = z.object({
  name: z.string().min(1, 'say who signs in').max(200),
  password: z.string().min(1, 'give the password').max(1024),
});

const SAFE = new Set(['GET', 'HEAD']);

function refuse(c: Context, status: 401 | 403 | 429, code: AccessCode, error: string): Response {
  const kind = status === 401 ? 'unauthorized' : status === 429 ? 'tooManyRequests' : 'forbidden';
  return c.json({ error, kind, code }, status);
}

function defaultAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * Adds the sign-in routes and the check every other API request passes: a live session, its CSRF
 * token on writes, the role's permission for the route, and access to the GSTIN it names.
 * Register before the API routes.
 */
export function multiUser(app: Hono, opts: MultiUserOptions): void {
  const now = opts.now ?? (() => new Date());
  const limiter = new LoginLimiter(opts.limits, () => now().getTime());
  const cookie = opts.tls ? '__Host-gst_ims_session' : 'gst_ims_session';
  const address = opts.clientAddress ?? defaultAddress;
  const payload = (a: Account, sessionId: string): SessionPayload => ({
    user: a.name,
    role: a.role,
    gstins: a.role === 'admin' ? ['*'] : a.gstins,
    permissions: PERMISSIONS.filter((p) => roleMay(a.role, p)),
    csrfToken: csrfTokenOf(sessionId),
  });

  app.post('/api/login', async (c) => {
    const body = LoginBody.parse(await c.req.json());
    const from = address(c);
    const wait = limiter.waitFor(body.name, from);
    if (wait > 0) {
      const minutes = Math.ceil(wait / 60_000);
      c.header('Retry-After', String(Math.ceil(wait / 1000)));
      return refuse(
        c,
        429,
        'TOO_MANY_LOGINS',
        `too many failed sign-ins for "${body.name}" or from your address (${ACCESS_CODES.TOO_MANY_LOGINS}): try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or ask an admin to set a new password (gst-ims user password)`,
      );
    }
    const s = await signIn(opts.store, body.name, body.password, now());
    if (s === null) {
      limiter.failed(body.name, from);
      return refuse(c, 401, 'NOT_SIGNED_IN', 'wrong name or password, or the account is disabled');
    }
    limiter.succeeded(body.name);
    setCookie(c, cookie, s.sessionId, {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
      secure: opts.tls,
      expires: new Date(s.expiresAt),
    });
    return c.json(payload(s.account, s.sessionId));
  });

  const check: MiddlewareHandler = async (c, next) => {
    const id = getCookie(c, cookie);
    const account = id === undefined ? null : await sessionAccount(opts.store, id, now());
    if (id === undefined || account === null)
      return refuse(
        c,
        401,
        'NOT_SIGNED_IN',
        `sign in first (${ACCESS_CODES.NOT_SIGNED_IN}): no session, or it has expired`,
      );
    if (!SAFE.has(c.req.method) && !tokenMatches(csrfTokenOf(id), c.req.header(TOKEN_HEADER)))
      return refuse(
        c,
        403,
        'CSRF_TOKEN_MISSING',
        `refused (${ACCESS_CODES.CSRF_TOKEN_MISSING}): missing or wrong session token; reload the page`,
      );
    const permission = permissionFor(c.req.method, c.req.path);
    if (!roleMay(account.role, permission))
      return refuse(c, 403, 'ROLE_FORBIDS', roleRefusal(account.role, permission));
    const gstin = c.req.query('gstin');
    if (gstin !== undefined && gstin !== '' && !mayAccessGstin(account, normaliseGstin(gstin)))
      return refuse(c, 403, 'GSTIN_NOT_GRANTED', gstinRefusal(account, gstin).message);
    // An import names its client from the file when no ?gstin= is given: only an admin may.
    if (
      !SAFE.has(c.req.method) &&
      c.req.path.startsWith('/api/import/') &&
      (gstin === undefined || gstin === '') &&
      account.role !== 'admin'
    )
      return refuse(
        c,
        403,
        'GSTIN_NOT_GRANTED',
        `refused (${ACCESS_CODES.GSTIN_NOT_GRANTED}): say which client the file is for (?gstin=); only an admin may import for a client named by the file alone`,
      );
    return accounts.run(account, () => next());
  };
  app.use('/api/*', check);

  app.get('/api/session', (c) => {
    const a = currentAccount() as Account;
    return c.json(payload(a, getCookie(c, cookie) as string));
  });

  app.post('/api/logout', async (c) => {
    await signOut(opts.store, getCookie(c, cookie) as string);
    deleteCookie(c, cookie, { path: '/', secure: opts.tls });
    return c.json({ signedOut: true });
  });
}
