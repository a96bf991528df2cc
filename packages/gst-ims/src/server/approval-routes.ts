// Approval before upload (issue 16): what changed since the last approval, by person, and the
// reviewer's approval (the route needs the 'approve' permission, route-permissions.ts).
import type { Hono } from 'hono';
import { z } from 'zod';
import { approveDecisions, isMultiUser, reviewChanges } from '../app/approvals.js';
import type { AppContext } from '../app/context.js';
import { parsePeriod } from '../app/period-scope.js';
import type { ApprovePayload, ReviewPayload } from './approval-api-types.js';

/** Changes listed per person: the counts stay whole. */
const SHOWN = 2000;

const ApproveBody = z.object({
  gstin: z.string().optional(),
  period: z.string().optional(),
  keys: z.array(z.string().max(500)).max(200_000).optional(),
  versions: z.record(z.string(), z.number().int().nonnegative()).optional(),
});

const periodOf = (given: string | undefined): string | undefined =>
  given === undefined || given === '' ? undefined : parsePeriod(given, 'period');

export function approvalRoutes(
  app: Hono,
  ctx: AppContext,
  gstinOf: (given: string | undefined) => Promise<string>,
): void {
  app.get('/api/review', async (c) => {
    const gstin = await gstinOf(c.req.query('gstin'));
    const r = await reviewChanges(ctx, { gstin, period: periodOf(c.req.query('period')) });
    const body: ReviewPayload = {
      gstin: r.gstin,
      period: r.period,
      unapproved: r.unapproved,
      versions: r.versions,
      people: r.people.map((p) => ({
        user: p.user,
        records: p.records,
        decisions: p.changes.length,
        changes: p.changes.slice(0, SHOWN),
      })),
      lastApproval:
        r.lastApproval === null ? null : { by: r.lastApproval.by, at: r.lastApproval.at },
      required: await isMultiUser(ctx.store),
    };
    return c.json(body, 200, { 'cache-control': 'no-store' });
  });

  app.post('/api/approve', async (c) => {
    const body = ApproveBody.parse(await c.req.json().catch(() => ({})));
    const gstin = await gstinOf(body.gstin);
    const r = await approveDecisions(ctx, {
      gstin,
      period: periodOf(body.period),
      keys: body.keys,
      seen: body.versions,
    });
    return c.json({ approved: r.approved, changedSince: r.changedSince } satisfies ApprovePayload);
  });
}
