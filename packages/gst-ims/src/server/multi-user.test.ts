// The multi-user server's API in process (issue 16, people): sign-in, sessions, the sign-in
// limit, CSRF, roles, per-GSTIN access, who decided, and decisions on a stale view refused.
import type { Hono } from 'hono';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeStores } from '../test-support/stores.js';
import type { WorkspaceStore } from '../store/index.js';
import type { Browser } from './test-support/multi-user-fixture.js';
import {
  G,
  OTHER_CLIENT,
  PASSWORD,
  fillWorkspace,
  multiUserServer,
  request,
  signIn,
} from './test-support/multi-user-fixture.js';

const ACCOUNTS = [
  { name: 'meera', role: 'admin' as const },
  { name: 'ravi', role: 'reviewer' as const, gstins: [G] },
  { name: 'asha', role: 'preparer' as const, gstins: [G] },
  { name: 'arjun', role: 'preparer' as const, gstins: [G] },
  { name: 'vijay', role: 'viewer' as const, gstins: [G] },
];

describeStores('the multi-user server', (kind) => {
  let store: WorkspaceStore;
  let app: Hono;
  let keys: string[];
  const as: Record<string, Browser> = {};
  const body = async (r: Response) => (await r.json()) as Record<string, unknown>;

  beforeAll(async () => {
    store = await kind.open();
    keys = await fillWorkspace(store, 20, ACCOUNTS);
    app = multiUserServer(store);
    for (const a of ACCOUNTS) as[a.name] = await signIn(app, a.name);
  });
  afterAll(async () => {
    await store.close();
  });

  it('signs in with an HTTP-only SameSite=Strict cookie, and refuses a wrong password or no session', async () => {
    const res = await request(app, '/api/login', { body: { name: 'asha', password: PASSWORD } });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^gst_ims_session=[\w-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Expires=/);
    // Only the hash of the session id is stored.
    const id = cookie.split(';')[0]!.split('=')[1]!;
    expect(await store.getSession(id)).toBeNull();

    const wrong = await request(app, '/api/login', { body: { name: 'asha', password: 'nope' } });
    expect(wrong.status).toBe(401);
    expect(await body(wrong)).toMatchObject({ kind: 'unauthorized', code: 'NOT_SIGNED_IN' });
    expect(wrong.headers.get('set-cookie')).toBeNull();
    const none = await request(app, '/api/records?gstin=' + G);
    expect(none.status).toBe(401);
    expect((await body(none)).error).toMatch(/sign in first/);

    const session = await body(await as.asha!.req('/api/session'));
    expect(session).toMatchObject({ user: 'asha', role: 'preparer', gstins: [G] });
    expect(session.permissions).toEqual(['read', 'decide']);
  });

  it('signs out: the session no longer opens anything', async () => {
    const b = await signIn(app, 'vijay');
    expect((await b.req('/api/logout', { body: {} })).status).toBe(200);
    expect((await b.req('/api/session')).status).toBe(401);
  });

  it('refuses a disabled account and ends its sessions', async () => {
    const { addUser, setUserDisabled } = await import('../app/accounts.js');
    await addUser(store, {
      name: 'temp',
      role: 'viewer',
      password: PASSWORD,
      now: '2026-12-07T09:00:00Z',
    });
    const b = await signIn(app, 'temp');
    await setUserDisabled(store, 'temp', true);
    expect((await b.req('/api/session')).status).toBe(401);
    const again = await request(app, '/api/login', { body: { name: 'temp', password: PASSWORD } });
    expect(again.status).toBe(401);
  });

  it('refuses a write without the session CSRF token, or with another session token', async () => {
    const asha = as.asha!;
    const decide = { gstin: G, keys: [keys[0]], verb: 'accept', versions: {} };
    const bare = await asha.req('/api/decide', {
      body: decide,
      headers: { 'x-gst-ims-token': '' },
    });
    expect(bare.status).toBe(403);
    expect(await body(bare)).toMatchObject({ code: 'CSRF_TOKEN_MISSING' });
    const other = await asha.req('/api/decide', {
      body: decide,
      headers: { 'x-gst-ims-token': as.arjun!.csrf },
    });
    expect(other.status).toBe(403);
    // A page of another site is refused whatever it carries.
    const cross = await asha.req('/api/decide', {
      body: decide,
      headers: { origin: 'http://evil.example' },
    });
    expect(cross.status).toBe(403);
    expect((await store.loadRecordsByKeys(G, [keys[0]!]))[0]!.state.decision.action).toBe(
      'noAction',
    );
  });

  it('refuses by role: a viewer decides nothing, a preparer makes no upload file, a reviewer may', async () => {
    const viewer = await as.vijay!.req('/api/decide', {
      body: { gstin: G, keys: [keys[1]], verb: 'accept', versions: {} },
    });
    expect(viewer.status).toBe(403);
    const v = await body(viewer);
    expect(v).toMatchObject({ kind: 'forbidden', code: 'ROLE_FORBIDS' });
    expect(v.error).toMatch(/a viewer may not decide on records/);
    expect((await as.vijay!.req(`/api/records?gstin=${G}`)).status).toBe(200);

    const preparer = await as.asha!.req('/api/upload/export', { body: { gstin: G } });
    expect(preparer.status).toBe(403);
    expect((await body(preparer)).error).toMatch(/a preparer may not generate upload files/);
    const reviewer = await as.ravi!.req('/api/upload/export', { body: { gstin: G } });
    expect(reviewer.status).not.toBe(403);
    const imports = await as.ravi!.req(`/api/import/ims?gstin=${OTHER_CLIENT}`, { body: {} });
    expect(imports.status).toBe(403);
    expect(await body(imports)).toMatchObject({ code: 'GSTIN_NOT_GRANTED' });
  });

  it('shows and touches only the granted client GSTINs', async () => {
    const asha = as.asha!;
    const meta = await body(await asha.req('/api/meta'));
    expect(meta.user).toBe('asha');
    expect((meta.gstins as { gstin: string }[]).map((g) => g.gstin)).toEqual([G]);
    const admin = await body(await as.meera!.req('/api/meta'));
    expect((admin.gstins as { gstin: string }[]).map((g) => g.gstin).sort()).toEqual(
      [G, OTHER_CLIENT].sort(),
    );

    const read = await asha.req(`/api/records?gstin=${OTHER_CLIENT}`);
    expect(read.status).toBe(403);
    const r = await body(read);
    expect(r).toMatchObject({ kind: 'forbidden', code: 'GSTIN_NOT_GRANTED' });
    expect(r.error).toContain(`asha has no access to client GSTIN ${OTHER_CLIENT}`);
    const other = (await store.loadRecords(OTHER_CLIENT))[0]!.record.key;
    const write = await asha.req('/api/decide', {
      body: { gstin: OTHER_CLIENT, keys: [other], verb: 'accept', versions: {} },
    });
    expect(write.status).toBe(403);
    expect((await store.loadRecordsByKeys(OTHER_CLIENT, [other]))[0]!.state.decision.action).toBe(
      'noAction',
    );
    // Without a GSTIN, the only one granted is meant.
    expect((await body(await asha.req('/api/records'))).gstin).toBe(G);
  });

  it('names the account in the audit log and the history', async () => {
    const res = await as.arjun!.req('/api/decide', {
      body: { gstin: G, keys: [keys[2]], verb: 'pending', versions: {} },
    });
    expect(res.status, await res.clone().text()).toBe(200);
    expect((await body(res)).versions).toEqual({ [keys[2]!]: 1 });
    const history = (await body(
      await as.vijay!.req(`/api/history?gstin=${G}&key=${encodeURIComponent(keys[2]!)}`),
    )) as unknown as { user: string; toAction: string }[];
    expect(history.map((h) => [h.user, h.toAction])).toEqual([['arjun', 'pending']]);
  });

  it('refuses a decision on a stale view with 409 and the other person change, and overwrites nothing', async () => {
    const key = keys[3]!;
    // Both load the record at version 0; Asha decides first.
    const seen = await body(await as.arjun!.req(`/api/versions?gstin=${G}`));
    expect((seen.versions as Record<string, number>)[key]).toBeUndefined();
    const first = await as.asha!.req('/api/decide', {
      body: { gstin: G, keys: [key], verb: 'accept', versions: {} },
    });
    expect(first.status).toBe(200);
    const stale = await as.arjun!.req('/api/decide', {
      body: { gstin: G, keys: [key], verb: 'reject', remark: 'not ours', versions: {} },
    });
    expect(stale.status).toBe(409);
    const b = await body(stale);
    expect(b.kind).toBe('conflict');
    expect(b.error).toMatch(/changed by asha at 2026-12-07T10:\d\d:00.000Z, now Accepted/);
    const conflicts = (b.details as { conflicts: { at: string }[] }).conflicts;
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]!.at).toMatch(/^2026-12-07T10:/);
    expect(conflicts[0]).toEqual({
      key,
      seen: 0,
      version: 1,
      by: 'asha',
      at: conflicts[0]!.at,
      decision: { action: 'accept', remark: null, itcReduction: null },
    });
    expect((await store.loadRecordsByKeys(G, [key]))[0]!.state.decision.action).toBe('accept');
    // Having seen version 1, Arjun's decision goes through.
    const fresh = await as.arjun!.req('/api/decide', {
      body: { gstin: G, keys: [key], verb: 'reject', remark: 'not ours', versions: { [key]: 1 } },
    });
    expect(fresh.status, await fresh.clone().text()).toBe(200);
    expect((await store.loadRecordsByKeys(G, [key]))[0]!.state.decision.action).toBe('reject');
    // A multi-user decision must say what it saw.
    const blind = await as.arjun!.req('/api/decide', {
      body: { gstin: G, keys: [key], verb: 'accept' },
    });
    expect(blind.status).toBe(400);
    expect((await body(blind)).error).toMatch(/^versions: /);
  });

  it('answers the versions of the records a decision names, by key, in one POST that changes nothing', async () => {
    const [decided, untouched] = [keys[5]!, keys[6]!];
    const first = await as.asha!.req('/api/decide', {
      body: { gstin: G, keys: [decided], verb: 'accept', versions: {} },
    });
    expect(first.status).toBe(200);
    const changesBefore = await body(await as.vijay!.req('/api/changes'));
    // A viewer may ask (a read); the keys never decided are at version 0, so absent.
    const seen = await as.vijay!.req('/api/versions', {
      body: { gstin: G, keys: [decided, untouched, 'no-such-key'] },
    });
    expect(seen.status, await seen.clone().text()).toBe(200);
    expect(await body(seen)).toEqual({ gstin: G, versions: { [decided]: 1 } });
    // It is no change: the pages' live-data watch does not reload for it.
    expect(seen.headers.get('x-gst-ims-version')).toBeNull();
    expect(await body(await as.vijay!.req('/api/changes'))).toEqual(changesBefore);
    // Deciding with the versions so read goes through; with a stale one it is refused.
    const ok = await as.arjun!.req('/api/decide', {
      body: { gstin: G, keys: [decided], verb: 'reject', remark: 'x', versions: { [decided]: 1 } },
    });
    expect(ok.status).toBe(200);
    const stale = await as.asha!.req('/api/decide', {
      body: { gstin: G, keys: [decided], verb: 'accept', versions: { [decided]: 1 } },
    });
    expect(stale.status).toBe(409);
    // Still a POST of a signed-in page: the CSRF token is asked for, and the client's access.
    const forged = await request(app, '/api/versions', {
      body: { gstin: G, keys: [decided] },
      headers: { cookie: as.vijay!.cookie },
    });
    expect(forged.status).toBe(403);
    expect(await body(forged)).toMatchObject({ code: 'CSRF_TOKEN_MISSING' });
    const other = await as.asha!.req('/api/versions', {
      body: { gstin: OTHER_CLIENT, keys: [decided] },
    });
    expect(other.status).toBe(403);
    expect(await body(other)).toMatchObject({ details: { code: 'GSTIN_NOT_GRANTED' } });
  });
});
