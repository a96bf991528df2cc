// Two people bulk-acting at once on overlapping selections, over real HTTP to a running
// multi-user server: each record ends with one person's decision and its audit entry, the other
// request is refused whole (409) naming the overlap, and nothing is lost or overwritten.
import { expect, it } from 'vitest';
import type { AppContext } from '../app/context.js';
import { describeStores } from '../test-support/stores.js';
import { TOKEN_HEADER } from './api-types.js';
import { startServer } from './start-server.js';
import { G, PASSWORD, fillWorkspace } from './test-support/multi-user-fixture.js';

async function signIn(base: string, name: string) {
  const res = await fetch(`${base}api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base.slice(0, -1) },
    body: JSON.stringify({ name, password: PASSWORD }),
  });
  expect(res.status).toBe(200);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return (keys: string[], verb: string) =>
    fetch(`${base}api/decide`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin: base.slice(0, -1),
        cookie,
        [TOKEN_HEADER]: csrfToken,
      },
      body: JSON.stringify({ gstin: G, keys, verb, versions: {} }),
    });
}

describeStores('two people deciding at once on the multi-user server', (kind) => {
  it('loses nothing when bulk selections overlap: one wins whole, the other is refused whole', async () => {
    const store = await kind.open();
    const ctx: AppContext = { store, user: 'os-user', now: () => new Date().toISOString() };
    const server = await startServer({
      ctx,
      port: 0,
      webDir: null,
      multiUser: true,
      log: () => undefined,
    });
    try {
      const keys = await fillWorkspace(store, 600, [
        { name: 'asha', role: 'preparer', gstins: [G] },
        { name: 'arjun', role: 'preparer', gstins: [G] },
      ]);
      const asha = await signIn(server.url, 'asha');
      const arjun = await signIn(server.url, 'arjun');
      const mine = keys.slice(0, 400);
      const theirs = keys.slice(200, 600);
      const [a, b] = await Promise.all([asha(mine, 'accept'), arjun(theirs, 'reject')]);
      const statuses = [a.status, b.status].sort();
      expect(statuses).toEqual([200, 409]);
      const [winner, loser, won, lost, action] =
        a.status === 200
          ? ['asha', b, mine, theirs, 'accept']
          : ['arjun', a, theirs, mine, 'reject'];
      const conflict = (await loser.json()) as {
        details: { conflicts: { key: string; by: string }[] };
      };
      const overlap = keys.slice(200, 400);
      expect(conflict.details.conflicts.map((c) => c.key).sort()).toEqual([...overlap].sort());
      expect(new Set(conflict.details.conflicts.map((c) => c.by))).toEqual(new Set([winner]));

      const records = new Map((await store.loadRecords(G)).map((r) => [r.record.key, r]));
      for (const k of won) expect(records.get(k)!.state.decision.action, k).toBe(action);
      for (const k of lost.filter((k) => !won.includes(k)))
        expect(records.get(k)!.state.decision.action, k).toBe('noAction');
      const audit = await store.auditFor(G, null);
      expect(audit).toHaveLength(400);
      expect(new Set(audit.map((e) => e.user))).toEqual(new Set([winner]));
      const versions = await store.recordVersions(G, null);
      expect(versions.size).toBe(400);
      expect([...versions.values()].every((v) => v === 1)).toBe(true);
    } finally {
      await server.close();
      await store.close();
    }
  });
});
