// A multi-user server over a small workspace for the API tests: a few records of two client
// GSTINs, and accounts of every role (password "correct horse 1" for all).
import type { Hono } from 'hono';
import { expect } from 'vitest';
import { addUser } from '../../app/accounts.js';
import type { AppContext } from '../../app/context.js';
import type { Role } from '../../core/index.js';
import type { WorkspaceStore } from '../../store/index.js';
import { SAMPLE_GSTIN, sampleRecord } from '../../test-support/sample-records.js';
import { TOKEN_HEADER } from '../api-types.js';
import type { MultiUserOptions } from '../multi-user.js';
import { createServer } from '../create-server.js';

export const G = SAMPLE_GSTIN;
export const OTHER_CLIENT = '29AAACR5055K1Z3';
export const PASSWORD = 'correct horse 1';
export const HOST = '192.168.1.20:5177';
export const ORIGIN = `http://${HOST}`;

/** Fills `store`: `count` records of G and 5 of OTHER_CLIENT, and the accounts. */
export async function fillWorkspace(
  store: WorkspaceStore,
  count: number,
  accounts: readonly { name: string; role: Role; gstins?: string[] }[],
): Promise<string[]> {
  const at = '2026-12-07T09:00:00.000Z';
  await store.ensureGstin(G, at);
  await store.ensureGstin(OTHER_CLIENT, at);
  const rows = Array.from({ length: count }, (_, i) => sampleRecord(i + 1));
  await store.insertRecords(G, rows);
  await store.insertRecords(
    OTHER_CLIENT,
    Array.from({ length: 5 }, (_, i) => sampleRecord(i + 1, G)),
  );
  for (const a of accounts) await addUser(store, { ...a, password: PASSWORD, now: at });
  return rows.map((r) => r.record.key);
}

export function multiUserServer(
  store: WorkspaceStore,
  opts: Omit<MultiUserOptions, 'store' | 'tls'> = {},
): Hono {
  let minute = 0;
  const ctx: AppContext = {
    store,
    user: 'os-user',
    now: () => new Date(Date.UTC(2026, 11, 7, 10, minute++)).toISOString(),
  };
  return createServer({
    ctx,
    token: 'per-start-token-not-used-in-multi-user-mode',
    port: () => 5177,
    webDir: null,
    log: () => undefined,
    multiUser: {
      tls: false,
      clientAddress: (c) => c.req.header('x-test-address') ?? '10.0.0.1',
      ...opts,
    },
  });
}

export interface Browser {
  readonly csrf: string;
  readonly cookie: string;
  /** A request as the signed-in page sends it (cookie, origin, and the CSRF token on writes). */
  req(
    path: string,
    init?: { method?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<Response>;
}

export function request(
  app: Hono,
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Response> {
  return Promise.resolve(
    app.request(`${ORIGIN}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      headers: {
        host: HOST,
        origin: ORIGIN,
        'sec-fetch-site': 'same-origin',
        'content-type': 'application/json',
        ...init.headers,
      },
    }),
  );
}

export async function signIn(app: Hono, name: string, password = PASSWORD): Promise<Browser> {
  const res = await request(app, '/api/login', { body: { name, password } });
  expect(res.status, await res.clone().text()).toBe(200);
  const setCookie = res.headers.get('set-cookie') ?? '';
  const cookie = setCookie.split(';')[0] as string;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return {
    csrf: csrfToken,
    cookie,
    req: (path, init = {}) =>
      request(app, path, {
        ...init,
        headers: { cookie, [TOKEN_HEADER]: csrfToken, ...init.headers },
      }),
  };
}
