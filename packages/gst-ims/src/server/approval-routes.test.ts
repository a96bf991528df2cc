// Approval before upload over the multi-user server's API (issue 16): a preparer decides, the
// upload is refused naming the count and the person, the reviewer sees the changes by person
// and approves, and the upload is generated.
import { expect, it } from 'vitest';
import { describeStores } from '../test-support/stores.js';
import type { ApprovePayload, ReviewPayload } from './approval-api-types.js';
import {
  G,
  OTHER_CLIENT,
  fillWorkspace,
  multiUserServer,
  signIn,
} from './test-support/multi-user-fixture.js';

describeStores('approval routes on the multi-user server', (kind) => {
  it('refuses the upload until a reviewer approves what the preparers decided', async () => {
    const store = await kind.open();
    try {
      const keys = await fillWorkspace(store, 8, [
        { name: 'meera', role: 'reviewer', gstins: [G] },
        { name: 'asha', role: 'preparer', gstins: [G] },
        { name: 'ravi', role: 'preparer', gstins: [G] },
      ]);
      const app = multiUserServer(store);
      const meera = await signIn(app, 'meera');
      const asha = await signIn(app, 'asha');
      const ravi = await signIn(app, 'ravi');
      const decide = (
        b: typeof asha,
        k: string[],
        verb: string,
        versions: Record<string, number> = {},
      ) => b.req('/api/decide', { body: { gstin: G, keys: k, verb, versions } });
      expect((await decide(asha, keys.slice(0, 3), 'accept')).status).toBe(200);
      expect((await decide(ravi, keys.slice(3, 4), 'accept')).status).toBe(200);

      const refused = await meera.req('/api/upload/export', { body: { gstin: G } });
      expect(refused.status).toBe(422);
      const why = (await refused.json()) as { error: string };
      expect(why.error).toContain(
        '4 decision(s) in this upload are not approved yet (made by asha (3), ravi (1))',
      );

      const review = (await (await meera.req(`/api/review?gstin=${G}`)).json()) as ReviewPayload;
      expect(review).toMatchObject({ unapproved: 4, required: true, lastApproval: null });
      expect(review.people.map((p) => [p.user, p.records, p.decisions])).toEqual([
        ['asha', 3, 3],
        ['ravi', 1, 1],
      ]);
      expect(review.people[1]!.changes[0]).toMatchObject({ key: keys[3], to: 'accept' });

      // A preparer may not approve, nor may anyone approve a client not granted.
      expect((await asha.req('/api/approve', { body: { gstin: G } })).status).toBe(403);
      expect((await meera.req('/api/approve', { body: { gstin: OTHER_CLIENT } })).status).toBe(403);

      // Ravi decides again after the review: his record stays unapproved.
      expect((await decide(ravi, keys.slice(3, 4), 'reject', { [keys[3]!]: 1 })).status).toBe(200);
      const approve = await meera.req('/api/approve', {
        body: { gstin: G, versions: review.versions },
      });
      expect(approve.status).toBe(200);
      expect((await approve.json()) as ApprovePayload).toEqual({
        approved: 3,
        changedSince: [keys[3]],
      });
      const after = (await (await meera.req(`/api/review?gstin=${G}`)).json()) as ReviewPayload;
      expect(after.unapproved).toBe(1);
      expect(after.people.map((p) => [p.user, p.records, p.decisions])).toEqual([['ravi', 1, 2]]);
      expect(after.lastApproval).toMatchObject({ by: 'meera' });
      expect(
        (await meera.req('/api/approve', { body: { gstin: G, keys: [keys[3]] } })).status,
      ).toBe(200);
      expect((await meera.req('/api/upload/export', { body: { gstin: G } })).status).toBe(200);
    } finally {
      await store.close();
    }
  });
});
