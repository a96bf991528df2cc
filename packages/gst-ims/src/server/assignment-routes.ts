// Assignment (issue 16): each person's queue of a client's period, and a reviewer's split of it
// by supplier or section (POST /api/assign needs the 'approve' permission, route-permissions.ts).
import type { Hono } from 'hono';
import { z } from 'zod';
import { assignWork, workQueues } from '../app/assignments.js';
import type { AppContext } from '../app/context.js';
import { parsePeriod } from '../app/period-scope.js';
import { workPeriods } from '../app/work-period.js';
import { NothingToDoError, roleMay } from '../core/index.js';
import type { WorkQueuesPayload } from './assignment-api-types.js';
import { currentAccount } from './multi-user.js';

const AssignBody = z.object({
  gstin: z.string().optional(),
  period: z.string(),
  user: z.string().min(1).max(200),
  suppliers: z.array(z.string().max(20)).max(10_000).optional(),
  sections: z.array(z.string().max(20)).max(20).optional(),
});

export function assignmentRoutes(
  app: Hono,
  ctx: AppContext,
  gstinOf: (given: string | undefined) => Promise<string>,
): void {
  app.get('/api/assignments', async (c) => {
    const gstin = await gstinOf(c.req.query('gstin'));
    const given = c.req.query('period');
    const period =
      given === undefined || given === ''
        ? (await workPeriods(ctx, gstin)).current
        : parsePeriod(given, 'period');
    if (period === null)
      throw new NothingToDoError('the workspace holds no record of any period yet');
    // A reviewer sees everyone's queue; a preparer or viewer only their own.
    const a = currentAccount();
    const only = a === null || roleMay(a.role, 'approve') ? undefined : a.name;
    const body: WorkQueuesPayload = await workQueues(ctx, { gstin, period, only });
    return c.json(body, 200, { 'cache-control': 'no-store' });
  });

  app.post('/api/assign', async (c) => {
    const body = AssignBody.parse(await c.req.json());
    const gstin = await gstinOf(body.gstin);
    const period = parsePeriod(body.period, 'period');
    await assignWork(ctx, { ...body, gstin, period });
    const queues: WorkQueuesPayload = await workQueues(ctx, { gstin, period });
    return c.json(queues);
  });
}
