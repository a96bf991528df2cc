// The multi-user server over its built-in TLS (--tls-cert/--tls-key): HTTPS, and the session
// cookie marked Secure under the __Host- prefix. The certificate is made by openssl (which the
// PostgreSQL packages the tests need depend on).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { AppContext } from '../app/context.js';
import { SQLITE } from '../test-support/stores.js';
import { startServer } from './start-server.js';
import { PASSWORD, fillWorkspace } from './test-support/multi-user-fixture.js';

function selfSigned(): { cert: Buffer; key: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'gst-ims-tls-'));
  const r = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0)
    throw new Error(`openssl could not make a test certificate: ${r.stderr ?? r.error}`);
  return { cert: readFileSync(join(dir, 'cert.pem')), key: readFileSync(join(dir, 'key.pem')) };
}

function post(url: string, body: unknown): Promise<{ status: number; cookie: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname,
        method: 'POST',
        rejectUnauthorized: false,
        headers: { 'content-type': 'application/json', origin: u.origin },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, cookie: String(res.headers['set-cookie'] ?? '') }),
        );
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

it('serves HTTPS with --tls-cert/--tls-key, the session cookie Secure and __Host-', async () => {
  const store = await SQLITE.open();
  const ctx: AppContext = { store, user: 'x', now: () => new Date().toISOString() };
  await fillWorkspace(store, 1, [{ name: 'meera', role: 'admin' }]);
  const server = await startServer({
    ctx,
    port: 0,
    webDir: null,
    multiUser: true,
    tls: selfSigned(),
    log: () => undefined,
  });
  try {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
    const r = await post(`${server.url}api/login`, { name: 'meera', password: PASSWORD });
    expect(r.status).toBe(200);
    expect(r.cookie).toMatch(/^__Host-gst_ims_session=[\w-]+;/);
    expect(r.cookie).toMatch(/Secure/);
    expect(r.cookie).toMatch(/HttpOnly/);
  } finally {
    await server.close();
    await store.close();
  }
});
