// The upload's routes: preview, the files to upload (kept in memory for their download), the IMS
// download's import, and the portal's answer read back. Registered by create-server.ts.
import { randomBytes } from 'node:crypto';
import type { Hono } from 'hono';
import { z } from 'zod';
import type { AppContext } from '../app/context.js';
import { importErrors } from '../app/import-errors.js';
import { importIms } from '../app/import-ims.js';
import { exportUploadFiles, uploadPreview } from '../app/upload-download.js';
import type {
  ImportErrorsPayload,
  ImportImsPayload,
  UploadExportPayload,
  UploadPreviewPayload,
} from './api-types.js';
import { NotFoundError } from './errors.js';
import { withUploadedFile } from './uploads.js';

const KEEP_EXPORTS = 5;
const GstinBody = z.object({ gstin: z.string().optional() });

export interface UploadRoutesContext {
  readonly ctx: AppContext;
  readonly gstinOf: (given: string | undefined) => Promise<string>;
  /** Largest file accepted by the import routes, in bytes. */
  readonly maxUpload: number;
}

export function uploadRoutes(app: Hono, { ctx, gstinOf, maxUpload }: UploadRoutesContext): void {
  const exports = new Map<string, { name: string; json: string }[]>();
  app.get('/api/upload/preview', async (c) => {
    const body: UploadPreviewPayload = await uploadPreview(
      ctx,
      await gstinOf(c.req.query('gstin')),
    );
    return c.json(body);
  });

  app.post('/api/upload/export', async (c) => {
    const body = GstinBody.parse(await c.req.json().catch(() => ({})));
    const gstin = await gstinOf(body.gstin);
    const r = await exportUploadFiles(ctx, gstin, {
      baseName: `ims-upload-${gstin}-${ctx.now().slice(0, 10)}`,
    });
    const id = randomBytes(12).toString('hex');
    exports.set(
      id,
      r.files.map((f) => ({ name: f.name, json: f.json })),
    );
    while (exports.size > KEEP_EXPORTS) exports.delete(exports.keys().next().value as string);
    const payload: UploadExportPayload = {
      save: r.save,
      reset: r.reset,
      files: r.files.map((f, i) => ({
        name: f.name,
        reqtyp: f.reqtyp,
        records: f.records,
        bytes: f.bytes,
        counts: f.counts,
        url: `/api/upload/files/${id}/${i}`,
      })),
    };
    return c.json(payload);
  });

  app.get('/api/upload/files/:id/:index', (c) => {
    const f = exports.get(c.req.param('id'))?.[Number(c.req.param('index'))];
    if (!f) throw new NotFoundError('this download has expired; generate the upload again');
    return new Response(f.json, {
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'content-disposition': `attachment; filename="${f.name.replace(/[^\w.-]/g, '_')}"`,
        'cache-control': 'no-store',
      },
    });
  });

  app.post('/api/import/ims', async (c) => {
    const gstin = c.req.query('gstin') || undefined;
    const body: ImportImsPayload = await withUploadedFile(
      c.req.raw,
      maxUpload,
      c.req.query('name'),
      (file) =>
        importIms(ctx, {
          file,
          gstin,
          maxBytes: maxUpload,
          allowEmpty: c.req.query('allowEmpty') === '1',
        }),
    );
    return c.json(body);
  });

  app.post('/api/import/errors', async (c) => {
    const gstin = await gstinOf(c.req.query('gstin'));
    const body: ImportErrorsPayload = await withUploadedFile(
      c.req.raw,
      maxUpload,
      c.req.query('name'),
      (file) => importErrors(ctx, gstin, file, { forFile: c.req.query('for') || undefined }),
    );
    return c.json(body);
  });

  app.get('/api/upload-files', async (c) => {
    const gstin = await gstinOf(c.req.query('gstin'));
    const files = await ctx.store.listUploadFiles(gstin);
    return c.json({ files: files.map((f) => ({ ...f, createdAt: f.at })) });
  });
}
