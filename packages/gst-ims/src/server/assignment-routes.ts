// Assignment (issue 16): each person's queue of a client's period, and a reviewer's split of it
// by supplier, section or saved view (POST /api/assign and /api/assign/remove need the 'approve'
// permission, route-permissions.ts).
import type { Hono } from 'hono';
import { z } from 'zod';
import { assignablePeople, assignWork, unassignWork, workQueues } from '../app/assignments.js';
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
  views: z.array(z.string().max(200)).max(100).optional(),
});

const UnassignBody = z.object({
  gstin: z.string().optional(),
  period: z.string(),
  ids: z.array(z.number().int().nonnegative()).min(1).max(10_000),
});

export function assignmentRoutes(
  app: Hono,
  ctx: AppContext,
  gstinOf: (given: string | undefined) => Promise<string>,
): void {
  /** The period's queues as the asking person may see them, with what they may do. */
  const payload = async (gstin: string, period: string): Promise<WorkQueuesPayload> => {
    // A reviewer sees everyone's queue; a preparer or viewer only their own.
    const a = currentAccount();
    const allowed = a !== null && roleMay(a.role, 'approve');
    const only = a === null || allowed ? undefined : a.name;
    const queues = await workQueues(ctx, { gstin, period, only });
    return {
      ...queues,
      assign: {
        multiUser: a !== null,
        allowed,
        people: allowed ? await assignablePeople(ctx, gstin) : [],
        views: allowed ? (await ctx.store.listSavedViews(gstin, a.name)).map((v) => v.name) : [],
      },
    };
  };

  app.get('/api/assignments', async (c) => {
    const gstin = await gstinOf(c.req.query('gstin'));
    const given = c.req.query('period');
    const period =
      given === undefined || given === ''
        ? (await workPeriods(ctx, gstin)).current
        : parsePeriod(given, 'period');
    if (period === null)
      throw new NothingToDoError('the workspace holds no record of any period yet');
    return c.json(await payload(gstin, period), 200, { 'cache-control': 'no-store' });
  });

  app.post('/api/assign', async (c) => {
    const body = AssignBody.parse(await c.req.json());
    const gstin = await gstinOf(body.gstin);
    const period = parsePeriod(body.period, 'period');
    await assignWork(ctx, { ...body, gstin, period });
    return c.json(await payload(gstin, period));
  });

  app.post('/api/assign/remove', async (c) => {
    const body = UnassignBody.parse(await c.req.json());
    const gstin = await gstinOf(body.gstin);
    const period = parsePeriod(body.period, 'period');
    await unassignWork(ctx, { gstin, period, ids: body.ids });
    return c.json(await payload(gstin, period));
  });
}
