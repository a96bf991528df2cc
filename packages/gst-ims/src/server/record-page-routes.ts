// The Records grid a page at a time (issue 18): GET /api/records/page and GET
// /api/records/summary. Reads only (the `read` permission of a multi-user server); registered
// by create-server.ts.
import type { Hono } from 'hono';
import type { AppContext } from '../app/context.js';
import { pageOfRecords, recordsSummary } from '../app/page-records.js';
import { recordPosition } from '../app/record-position.js';
import { BadInputError, parseRecordQuery } from '../core/index.js';
import type {
  RecordPositionPayload,
  RecordsPagePayload,
  RecordsSummaryPayload,
} from './record-page-api-types.js';
import { recordsPayload } from './record-tuples.js';

export interface RecordPageRoutesContext {
  readonly ctx: AppContext;
  readonly gstinOf: (given: string | undefined) => Promise<string>;
  /** The change version GET /api/changes answers now. */
  readonly versionNow: () => Promise<number>;
}

const NO_STORE = { 'cache-control': 'no-store' };

export function recordPageRoutes(
  app: Hono,
  { ctx, gstinOf, versionNow }: RecordPageRoutesContext,
): void {
  app.get('/api/records/page', async (c) => {
    const gstin = await gstinOf(c.req.query('gstin'));
    const query = parseRecordQuery((name) => c.req.query(name));
    // The version before the read: a change made while reading shows as a newer version later.
    const version = await versionNow();
    const page = await pageOfRecords(ctx, gstin, query);
    const body: RecordsPagePayload = {
      ...recordsPayload(gstin, page.records, page.outcomes),
      offset: page.offset,
      total: page.total,
      version,
    };
    return c.json(body, 200, NO_STORE);
  });

  // Where a record's row is under the grid's filter and order: a link (/records?key=) scrolls
  // the paged grid to it (app/record-position.ts).
  app.get('/api/records/position', async (c) => {
    const gstin = await gstinOf(c.req.query('gstin'));
    const query = parseRecordQuery((name) => c.req.query(name));
    const key = c.req.query('key') ?? '';
    if (key === '') throw new BadInputError('key: which record', { field: 'key' });
    const p = await recordPosition(ctx.store, gstin, query.filter, query.order, key);
    const body: RecordPositionPayload = { key, index: p.index, total: p.total };
    return c.json(body, 200, NO_STORE);
  });

  app.get('/api/records/summary', async (c) => {
    const gstin = await gstinOf(c.req.query('gstin'));
    const version = await versionNow();
    const s = await recordsSummary(ctx, gstin);
    const body: RecordsSummaryPayload = {
      gstin,
      total: s.total,
      views: s.views,
      suppliers: s.suppliers,
      version,
    };
    return c.json(body, 200, NO_STORE);
  });
}
