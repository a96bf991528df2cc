// The multi-user server: the sign-in limit, every write route placed in the permission table, and
// the address it may listen on.
import { describe, expect, it } from 'vitest';
import type { AppContext } from '../app/context.js';
import { ROLES, UsageError, roleMay } from '../core/index.js';
import { SQLITE } from '../test-support/stores.js';
import { createServer } from './create-server.js';
import { WRITE_ROUTE_PERMISSIONS, permissionFor } from './route-permissions.js';
import { isLoopback, startServer } from './start-server.js';
import {
  PASSWORD,
  fillWorkspace,
  multiUserServer,
  request,
} from './test-support/multi-user-fixture.js';

describe('the sign-in limit', () => {
  it('refuses with 429 after 5 failures for one account (the right password too), and says how long to wait', async () => {
    const store = await SQLITE.open();
    let t = Date.UTC(2026, 11, 7, 10);
    try {
      await fillWorkspace(store, 1, [{ name: 'asha', role: 'preparer' }]);
      const app = multiUserServer(store, { now: () => new Date(t) });
      const login = (password: string, address = '10.0.0.1') =>
        request(app, '/api/login', {
          body: { name: 'asha', password },
          headers: { 'x-test-address': address },
        });
      for (let i = 0; i < 5; i++) expect((await login('wrong password')).status).toBe(401);
      // From another address too: the count is the account's.
      const limited = await login(PASSWORD, '10.0.0.9');
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('900');
      const b = (await limited.json()) as { error: string; kind: string; code: string };
      expect(b).toMatchObject({ kind: 'tooManyRequests', code: 'TOO_MANY_LOGINS' });
      expect(b.error).toMatch(/too many failed sign-ins for "asha".*try again in 15 minutes/);
      t += 15 * 60_000 + 1000;
      expect((await login(PASSWORD)).status).toBe(200);
    } finally {
      await store.close();
    }
  });

  it('refuses with 429 after 20 failures from one address, whatever names it tries', async () => {
    const store = await SQLITE.open();
    try {
      await fillWorkspace(store, 1, [{ name: 'asha', role: 'preparer' }]);
      const app = multiUserServer(store);
      for (let i = 0; i < 20; i++) {
        const r = await request(app, '/api/login', { body: { name: `guess${i}`, password: 'x' } });
        expect(r.status).toBe(401);
      }
      const r = await request(app, '/api/login', { body: { name: 'asha', password: PASSWORD } });
      expect(r.status).toBe(429);
      const other = await request(app, '/api/login', {
        body: { name: 'asha', password: PASSWORD },
        headers: { 'x-test-address': '10.0.0.2' },
      });
      expect(other.status).toBe(200);
    } finally {
      await store.close();
    }
  });
});

describe('route permissions', () => {
  it('places every state-changing API route of the server in the permission table', async () => {
    const store = await SQLITE.open();
    try {
      const ctx: AppContext = { store, user: 'x', now: () => '2026-12-07T10:00:00Z' };
      const app = createServer({ ctx, token: 't', port: () => 1, webDir: null });
      const writes = app.routes
        .filter((r) => r.method !== 'GET' && r.method !== 'ALL' && r.path.startsWith('/api/'))
        .map((r) => r.path);
      expect(writes.length).toBeGreaterThan(15);
      const unplaced = writes.filter((p) => !(p in WRITE_ROUTE_PERMISSIONS));
      expect(unplaced).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('needs read for GETs and manageClients (admins only) for a write route not placed', () => {
    expect(permissionFor('GET', '/api/decide')).toBe('read');
    expect(permissionFor('POST', '/api/decide')).toBe('decide');
    expect(permissionFor('POST', '/api/some/new/route')).toBe('manageClients');
    expect(ROLES.filter((r) => roleMay(r, permissionFor('POST', '/api/x')))).toEqual(['admin']);
  });
});

describe('where the server listens', () => {
  it('tells loopback addresses from the others', () => {
    for (const h of ['127.0.0.1', 'localhost', '::1', '[::1]', '127.1.2.3'])
      expect(isLoopback(h), h).toBe(true);
    for (const h of ['0.0.0.0', '192.168.1.5', '::', 'example.com'])
      expect(isLoopback(h), h).toBe(false);
  });

  it('refuses an address beyond loopback without multi-user, before opening anything', async () => {
    const store = await SQLITE.open();
    try {
      const ctx: AppContext = { store, user: 'x', now: () => '2026-12-07T10:00:00Z' };
      const start = startServer({
        ctx,
        host: '0.0.0.0',
        port: 0,
        webDir: null,
        log: () => undefined,
      });
      await expect(start).rejects.toThrow(UsageError);
      await expect(start).rejects.toThrow(/refused to listen on 0\.0\.0\.0.*--multi-user/);
    } finally {
      await store.close();
    }
  });
});
