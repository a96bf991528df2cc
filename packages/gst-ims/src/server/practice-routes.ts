// The practice view (issue 16): every client the account may see, for one period.
import type { Hono } from 'hono';
import type { AppContext } from '../app/context.js';
import { parsePeriod } from '../app/period-scope.js';
import { practiceView } from '../app/practice-view.js';
import type { PracticePayload } from './practice-api-types.js';

export function practiceRoutes(app: Hono, ctx: AppContext): void {
  app.get('/api/practice', async (c) => {
    const given = c.req.query('period');
    const period = given === undefined || given === '' ? undefined : parsePeriod(given, 'period');
    const body: PracticePayload = await practiceView(ctx, period);
    return c.json(body, 200, { 'cache-control': 'no-store' });
  });
}
