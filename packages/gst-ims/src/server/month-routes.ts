// The month's routes (issue 12): the periods, the month view, the GSTR-2B and GSTR-3B imports and
// Table 4 typed in the web app. Registered by create-server.ts.
import type { Hono } from 'hono';
import type { AppContext } from '../app/context.js';
import { importGstr2b, importGstr3b, monthView, storeGstr3b } from '../app/month-cycle.js';
import { parsePeriod } from '../app/period-scope.js';
import { workPeriods } from '../app/work-period.js';
import { NothingToDoError } from '../core/index.js';
import { withUploadedFile } from './uploads.js';

export interface MonthRoutesContext {
  readonly ctx: AppContext;
  readonly gstinOf: (given: string | undefined) => Promise<string>;
  /** Largest file accepted by the import routes, in bytes. */
  readonly maxUpload: number;
}

export function monthRoutes(app: Hono, { ctx, gstinOf, maxUpload }: MonthRoutesContext): void {
  // The month (issue 12): the period's projection, 2B and 3B checks and deadline counts.
  // `current`: the period to open on when the user has not chosen one (app/work-period.ts).
  app.get('/api/periods', async (c) =>
    c.json(await workPeriods(ctx, await gstinOf(c.req.query('gstin')))),
  );
  app.get('/api/month', async (c) => {
    const gstin = await gstinOf(c.req.query('gstin'));
    const given = c.req.query('period');
    const period =
      given === undefined || given === ''
        ? (await workPeriods(ctx, gstin)).current
        : parsePeriod(given, 'period');
    if (period === null)
      throw new NothingToDoError('the workspace holds no record of any period yet');
    return c.json(await monthView(ctx, gstin, period));
  });
  app.post('/api/import/gstr2b', async (c) => {
    const gstin = c.req.query('gstin') || undefined;
    const body = await withUploadedFile(c.req.raw, maxUpload, c.req.query('name'), (file) =>
      importGstr2b(ctx, { files: [file], gstin, maxBytes: maxUpload }),
    );
    return c.json(body);
  });
  app.post('/api/import/gstr3b', async (c) => {
    const gstin = c.req.query('gstin') || undefined;
    const body = await withUploadedFile(c.req.raw, maxUpload, c.req.query('name'), (file) =>
      importGstr3b(ctx, { file, gstin }),
    );
    return c.json(body);
  });
  // Table 4 typed in the web app, sent as the portal's GSTR-3B JSON (ret_period, itc_elg).
  app.post('/api/gstr3b/table4', async (c) => {
    const gstin = c.req.query('gstin') || undefined;
    const data: unknown = await c.req.json();
    return c.json(await storeGstr3b(ctx, { data, name: 'Table 4 typed in the web app', gstin }));
  });
}
