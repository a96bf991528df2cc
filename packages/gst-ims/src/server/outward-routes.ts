// The supplier-view part of the API (issue 17): the report of a period, the import of a
// supplier-view download, and one customer's follow-up file.
import type { Hono } from 'hono';
import type { AppContext } from '../app/context.js';
import { outwardFollowupFile } from '../app/export-outward-followups.js';
import { importOutward } from '../app/import-outward.js';
import { outwardReportFor } from '../app/outward-report.js';
import { parsePeriod } from '../app/period-scope.js';
import { NothingToDoError, UsageError } from '../core/index.js';
import type { ImportOutwardPayload, OutwardPayload } from './outward-api-types.js';
import { NotFoundError } from './errors.js';
import { withUploadedFile } from './uploads.js';

function olderThanOf(raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d{1,5}$/.test(raw))
    throw new UsageError(`olderThan: expected a whole number of days, found "${raw}"`);
  return Number(raw);
}

export function outwardRoutes(
  app: Hono,
  ctx: AppContext,
  gstinOf: (given: string | undefined) => Promise<string>,
  maxUpload: number,
): void {
  app.get('/api/outward', async (c) => {
    const gstin = await gstinOf(c.req.query('gstin'));
    const given = c.req.query('period');
    const period = given === undefined || given === '' ? undefined : parsePeriod(given, 'period');
    try {
      const report = await outwardReportFor(ctx, gstin, {
        period,
        olderThanDays: olderThanOf(c.req.query('olderThan')),
      });
      const body: OutwardPayload = { report };
      return c.json(body);
    } catch (e) {
      // Before the first supplier-view import the page shows how to make one.
      if (e instanceof NothingToDoError) return c.json({ report: null } satisfies OutwardPayload);
      throw e;
    }
  });

  app.post('/api/import/outward', async (c) => {
    const gstin = c.req.query('gstin') || undefined;
    const period = c.req.query('period') || undefined;
    const r = await withUploadedFile(c.req.raw, maxUpload, c.req.query('name'), (file) =>
      importOutward(ctx, { file, gstin, period, maxBytes: maxUpload }),
    );
    const body: ImportOutwardPayload = {
      gstin: r.gstin,
      file: r.file,
      kind: r.kind,
      period: r.period,
      parts: r.parts,
      entries: r.entries,
      replaced: r.replaced,
      customers: r.customers,
    };
    return c.json(body);
  });

  // One customer's follow-up (the CLI's export customer-followups, one file at a time).
  app.get('/api/outward/followup', async (c) => {
    const gstin = await gstinOf(c.req.query('gstin'));
    const format = c.req.query('format') === 'xlsx' ? 'xlsx' : 'csv';
    const customer = c.req.query('customer') ?? '';
    const given = c.req.query('period');
    const f = await outwardFollowupFile(ctx, {
      gstin,
      customer,
      format,
      period: given === undefined || given === '' ? undefined : parsePeriod(given, 'period'),
    });
    if (f === null)
      throw new NotFoundError(`nothing to follow up with ${customer || '(no customer given)'}`);
    return c.body(typeof f.body === 'string' ? f.body : new Uint8Array(f.body), 200, {
      'content-type':
        format === 'csv'
          ? 'text/csv; charset=utf-8'
          : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename="${f.name}"`,
      'cache-control': 'no-store',
    });
  });
}
