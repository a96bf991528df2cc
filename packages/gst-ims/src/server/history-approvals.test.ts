// Who approved, beside who decided (issue 16): the History page's list (GET /api/audit/actions)
// holds the approvals among the actions, and the record panel (GET /api/record) says who
// approved the record's current decision, or that it was decided again since.
import { expect, it } from 'vitest';
import { describeStores } from '../test-support/stores.js';
import type { RecordDetailPayload } from './api-types.js';
import { G, fillWorkspace, multiUserServer, signIn } from './test-support/multi-user-fixture.js';
import type { AuditActionsPayload } from './undo-api-types.js';

describeStores('history shows who approved', (kind) => {
  it('lists approvals beside the actions, and says who approved a record', async () => {
    const store = await kind.open();
    try {
      const keys = await fillWorkspace(store, 6, [
        { name: 'meera', role: 'reviewer', gstins: [G] },
        { name: 'asha', role: 'preparer', gstins: [G] },
      ]);
      const app = multiUserServer(store);
      const meera = await signIn(app, 'meera');
      const asha = await signIn(app, 'asha');
      const versions = async (): Promise<Record<string, number>> =>
        (
          (await (await asha.req(`/api/versions?gstin=${G}`)).json()) as {
            versions: Record<string, number>;
          }
        ).versions;
      const decide = async (k: string[], verb: string) => {
        const res = await asha.req('/api/decide', {
          body: { gstin: G, keys: k, verb, versions: await versions() },
        });
        expect(res.status, await res.clone().text()).toBe(200);
      };
      const actions = async () =>
        (await (await meera.req(`/api/audit/actions?gstin=${G}`)).json()) as AuditActionsPayload;
      const detail = async (key: string) =>
        (await (
          await asha.req(`/api/record?gstin=${G}&key=${encodeURIComponent(key)}`)
        ).json()) as RecordDetailPayload;

      await decide(keys.slice(0, 4), 'accept');
      expect((await actions()).approvals).toEqual([]);
      expect((await detail(keys[0]!)).approval).toBeNull();

      expect((await meera.req('/api/approve', { body: { gstin: G } })).status).toBe(200);
      await decide(keys.slice(0, 1), 'reject');

      const list = await actions();
      expect(list.approvals).toHaveLength(1);
      const approval = list.approvals[0]!;
      expect(approval).toMatchObject({ by: 'meera', records: 4 });
      // Between the two decisions in time: after the Accept, before the Reject.
      const [reject, accept] = list.actions;
      expect(accept).toMatchObject({ user: 'asha', records: 4 });
      expect(reject).toMatchObject({ user: 'asha', records: 1 });
      expect(approval.at > accept!.at && approval.at < reject!.at).toBe(true);

      expect((await detail(keys[1]!)).approval).toEqual({
        by: 'meera',
        at: approval.at,
        current: true,
      });
      // Decided again after the approval: the approval no longer covers its decision.
      expect((await detail(keys[0]!)).approval).toEqual({
        by: 'meera',
        at: approval.at,
        current: false,
      });
      expect((await detail(keys[5]!)).approval).toBeNull();
    } finally {
      await store.close();
    }
  });
});
