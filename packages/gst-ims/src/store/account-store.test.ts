import { expect, it } from 'vitest';
import { describeStores } from '../test-support/stores.js';
import { SAMPLE_GSTIN as G, sampleRecords } from '../test-support/sample-records.js';

const OTHER = '29AAACR5055K1Z3';
const user = (name: string, role: 'admin' | 'preparer' = 'preparer') => ({
  name,
  role,
  passwordHash: `scrypt$1$1$1$salt$${name}`,
  disabled: false,
  createdAt: '2026-12-07T10:00:00.000Z',
});

describeStores('accounts, grants and sessions in the store (migration 0010-accounts)', (kind) => {
  it('adds accounts once, reads them back by name, and changes them', async () => {
    const store = await kind.open();
    try {
      expect(await store.addUser(user('meera', 'admin'))).toBe(true);
      expect(await store.addUser(user('arjun'))).toBe(true);
      expect(await store.addUser({ ...user('arjun'), role: 'admin' })).toBe(false);
      expect((await store.listUsers()).map((u) => [u.name, u.role])).toEqual([
        ['arjun', 'preparer'],
        ['meera', 'admin'],
      ]);
      expect(await store.updateUser('arjun', { disabled: true, passwordHash: 'x' })).toBe(true);
      expect(await store.getUser('arjun')).toMatchObject({ disabled: true, passwordHash: 'x' });
      expect(await store.updateUser('nobody', { disabled: true })).toBe(false);
      expect(await store.getUser('nobody')).toBeNull();
    } finally {
      await store.close();
    }
  });

  it('grants and revokes client GSTINs per account', async () => {
    const store = await kind.open();
    try {
      await store.addUser(user('arjun'));
      await store.grantGstins('arjun', [OTHER, G, G]);
      await store.grantGstins('arjun', [G]);
      expect(await store.grantedGstins('arjun')).toEqual([G, OTHER].sort());
      await store.revokeGstins('arjun', [OTHER]);
      expect(await store.grantedGstins('arjun')).toEqual([G]);
    } finally {
      await store.close();
    }
  });

  it('keeps sessions by hash until deleted, expired or the account is signed out', async () => {
    const store = await kind.open();
    try {
      await store.addUser(user('arjun'));
      const s = (h: string, exp: string) => ({
        idHash: h,
        user: 'arjun',
        createdAt: '2026-12-07T10:00:00.000Z',
        expiresAt: exp,
      });
      await store.createSession(s('a', '2026-12-07T12:00:00.000Z'));
      await store.createSession(s('b', '2026-12-07T22:00:00.000Z'));
      await store.createSession(s('c', '2026-12-07T23:00:00.000Z'));
      expect(await store.getSession('b')).toEqual(s('b', '2026-12-07T22:00:00.000Z'));
      expect(await store.deleteExpiredSessions('2026-12-07T13:00:00.000Z')).toBe(1);
      expect(await store.getSession('a')).toBeNull();
      await store.deleteSession('b');
      expect(await store.getSession('b')).toBeNull();
      expect(await store.deleteUserSessions('arjun')).toBe(1);
      expect(await store.getSession('c')).toBeNull();
    } finally {
      await store.close();
    }
  });

  it('bumps a record version with every decision, and only the decided records', async () => {
    const store = await kind.open();
    try {
      const rows = sampleRecords(40);
      await store.ensureGstin(G, '2026-12-07T10:00:00Z');
      await store.insertRecords(G, rows);
      const keys = rows.map((r) => r.record.key);
      expect((await store.recordVersions(G, null)).size).toBe(0);
      const accept = { action: 'accept' as const, remark: null, itcReduction: null };
      await store.transaction((tx) => tx.setDecision(G, keys.slice(0, 3), accept));
      await store.setDecision(G, keys.slice(1, 2), { ...accept, action: 'pending' });
      const all = await store.recordVersions(G, null);
      expect(Object.fromEntries(all)).toEqual({ [keys[0]!]: 1, [keys[1]!]: 2, [keys[2]!]: 1 });
      expect(Object.fromEntries(await store.recordVersions(G, [keys[1]!, keys[5]!]))).toEqual({
        [keys[1]!]: 2,
      });
      // A state written by an import (next month's download) is not a decision.
      await store.updateStates(
        G,
        keys.map((key) => ({ key, state: { ...rows[0]!.state, gone: true } })),
      );
      expect(Object.fromEntries(await store.recordVersions(G, null))).toEqual(
        Object.fromEntries(all),
      );
      expect((await store.loadRecords(G)).every((r) => r.state.gone)).toBe(true);
    } finally {
      await store.close();
    }
  });
});
