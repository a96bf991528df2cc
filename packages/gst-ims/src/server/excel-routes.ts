// Excel and follow-ups in the web app, through the same use cases as `gst-ims export excel`,
// `gst-ims import excel` and `gst-ims export followups`: the use cases write to a private temp
// folder, the files are read back and kept in memory for a short while to be downloaded.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Hono } from 'hono';
import { z } from 'zod';
import type { AppContext } from '../app/context.js';
import { BLOCKING_FINDINGS } from '../app/excel-finding.js';
import type { FindingKind } from '../app/excel-finding.js';
import { exportExcel } from '../app/export-excel.js';
import { exportFollowups } from '../app/export-followups.js';
import { importExcel } from '../app/import-excel.js';
import type { ImportExcelResult } from '../app/import-excel.js';
import { parsePeriod, scopeToPeriod } from '../app/period-scope.js';
import { BadInputError, normaliseGstin } from '../core/index.js';
import type {
  DownloadDto,
  ExcelExportPayload,
  ExcelFindingKind,
  ExcelImportPayload,
  FollowupsPayload,
} from './excel-api-types.js';
import { NotFoundError } from './errors.js';
import { withUploadedFiles } from './uploaded-files.js';

// The web's copy of the finding kinds (excel-api-types.ts) is the app's, no more, no less.
type SameKinds = [FindingKind] extends [ExcelFindingKind]
  ? [ExcelFindingKind] extends [FindingKind]
    ? true
    : false
  : false;
const sameKinds: SameKinds = true;
void sameKinds;

/** Sets of files kept for download; the oldest go first. */
const KEEP_SETS = 4;
/** Rows of each list the report carries; its counts are always whole. */
export const LIST_LIMIT = 2000;

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const ExportBody = z.object({
  gstin: z.string().optional(),
  /** supplier, section, or a purchase-register column; absent or empty: one workbook. */
  splitBy: z.string().max(200).nullable().optional(),
  /** MMYYYY: only that GSTR-2B period's records, as `--period`. */
  period: z.string().max(20).nullable().optional(),
});

const FollowupsBody = z.object({
  gstin: z.string().optional(),
  format: z.enum(['xlsx', 'csv']).optional(),
  message: z.string().max(5000).nullable().optional(),
  /** Supplier GSTINs to write files for; absent or empty: every supplier with something to chase. */
  suppliers: z.array(z.string().min(1)).max(100_000).optional(),
});

interface Kept {
  readonly name: string;
  readonly type: string;
  readonly bytes: Buffer;
}

/** Files made for download, by set id; a few sets at a time. */
class Downloads {
  private readonly sets = new Map<string, Kept[]>();

  keep(files: Kept[]): DownloadDto[] {
    const id = randomBytes(12).toString('hex');
    this.sets.set(id, files);
    while (this.sets.size > KEEP_SETS) this.sets.delete(this.sets.keys().next().value as string);
    return files.map((f, i) => ({
      name: f.name,
      bytes: f.bytes.byteLength,
      url: `/api/downloads/${id}/${i}`,
    }));
  }

  get(id: string, index: string): Kept {
    const f = this.sets.get(id)?.[Number(index)];
    if (!f) throw new NotFoundError('this download has expired; make the files again');
    return f;
  }
}

/** Runs `use` with a fresh private folder, removed afterwards whatever happens. */
async function inTempDir<T>(use: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'gst-ims-excel-'));
  try {
    return await use(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The Excel routes, on the server's context (its read cache included). */
export function excelRoutes(
  app: Hono,
  ctx: AppContext,
  gstinOf: (given: string | undefined) => Promise<string>,
  maxUpload: number,
): void {
  const downloads = new Downloads();

  app.get('/api/downloads/:id/:index', (c) => {
    const f = downloads.get(c.req.param('id'), c.req.param('index'));
    return new Response(new Uint8Array(f.bytes), {
      headers: {
        'content-type': f.type,
        'content-disposition': `attachment; filename="${f.name.replace(/[^\w.-]/g, '_')}"`,
        'cache-control': 'no-store',
      },
    });
  });

  app.post('/api/excel/export', async (c) => {
    const body = ExportBody.parse(await c.req.json().catch(() => ({})));
    const gstin = await gstinOf(body.gstin);
    const period =
      body.period === null || body.period === undefined || body.period === ''
        ? null
        : parsePeriod(body.period, 'period');
    const splitBy = body.splitBy?.trim() || undefined;
    const payload = await inTempDir(async (dir) => {
      const stem = `ims-${gstin}${period === null ? '' : `-${period}`}`;
      const r = await exportExcel(scopeToPeriod(ctx, period ?? undefined), {
        gstin,
        splitBy,
        outFile: splitBy === undefined ? join(dir, `${stem}.xlsx`) : stem,
        outDir: splitBy === undefined ? undefined : dir,
      });
      const kept = await Promise.all(
        r.files.map(async (f) => ({
          name: basename(f.file),
          type: XLSX_TYPE,
          bytes: await readFile(f.file),
        })),
      );
      const urls = downloads.keep(kept);
      const out: ExcelExportPayload = {
        gstin: r.gstin,
        exportedAt: r.exportedAt,
        splitBy: r.splitBy,
        period,
        records: r.records,
        gone: r.gone,
        withMatch: r.withMatch,
        files: r.files.map((f, i) => ({
          ...(urls[i] as DownloadDto),
          part: f.part,
          rows: f.rows,
          counts: f.counts,
        })),
      };
      return out;
    });
    return c.json(payload);
  });

  // Under /api/import/ so the upload limit applies, not the JSON one. One workbook as the raw
  // body (name in ?name=), or several as a multipart form (each in a field "file").
  app.post('/api/import/excel', async (c) => {
    const given = c.req.query('gstin');
    const r = await withUploadedFiles(c.req.raw, maxUpload, c.req.query('name'), (files) =>
      importExcel(ctx, {
        files: files.map((f) => f.path),
        gstin: given === undefined || given === '' ? undefined : given,
        dryRun: c.req.query('dryRun') === '1',
        prefer: c.req.query('prefer') || undefined,
      }),
    );
    return c.json(importPayload(r));
  });

  app.post('/api/followups/export', async (c) => {
    const body = FollowupsBody.parse(await c.req.json().catch(() => ({})));
    const gstin = await gstinOf(body.gstin);
    const wanted =
      body.suppliers && body.suppliers.length > 0
        ? new Set(body.suppliers.map(normaliseGstin))
        : null;
    const payload = await inTempDir(async (dir) => {
      const r = await exportFollowups(ctx, {
        gstin,
        outDir: dir,
        format: body.format ?? 'xlsx',
        message: body.message ?? undefined,
      });
      const chosen = wanted === null ? r.files : r.files.filter((f) => wanted.has(f.supplierGstin));
      const type = r.format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_TYPE;
      const kept = await Promise.all(
        chosen.map(async (f) => ({ name: basename(f.file), type, bytes: await readFile(f.file) })),
      );
      const urls = downloads.keep(kept);
      const made = new Set(chosen.map((f) => f.supplierGstin));
      const out: FollowupsPayload = {
        gstin,
        format: r.format,
        files: chosen.map((f, i) => ({
          ...(urls[i] as DownloadDto),
          supplierGstin: f.supplierGstin,
          supplierName: f.supplierName,
          missingInPortal: f.missingInPortal,
          mismatches: f.mismatches,
        })),
        nothingToChase: wanted === null ? [] : [...wanted].filter((g) => !made.has(g)),
      };
      return out;
    });
    if (payload.files.length === 0)
      throw new BadInputError(
        `nothing to chase for ${payload.nothingToChase.join(', ')}: no document of the books is missing in the portal or differs from it for these suppliers`,
        { field: 'suppliers' },
      );
    return c.json(payload);
  });
}

function importPayload(r: ImportExcelResult): ExcelImportPayload {
  const findingCounts: Partial<Record<FindingKind, number>> = {};
  for (const f of r.findings) findingCounts[f.kind] = (findingCounts[f.kind] ?? 0) + 1;
  const seen: Partial<Record<FindingKind, number>> = {};
  return {
    gstin: r.gstin,
    dryRun: r.dryRun,
    applied: r.applied,
    // The temp path stays on the server: the person knows the file by its name.
    files: r.files.map((f) => ({
      name: f.name,
      gstin: f.gstin,
      exportedAt: f.exportedAt,
      rows: f.rows,
      edited: f.edited,
      applied: f.applied,
    })),
    rows: r.rows,
    edited: r.edited,
    unchanged: r.unchanged,
    changed: r.changes.length,
    notApplied: r.notApplied,
    changes: r.changes.slice(0, LIST_LIMIT),
    conflicts: r.conflicts.slice(0, LIST_LIMIT),
    conflictCount: r.conflicts.length,
    // Cut per kind, so a flood of one kind never hides another.
    findings: r.findings.filter((f) => {
      seen[f.kind] = (seen[f.kind] ?? 0) + 1;
      return (seen[f.kind] as number) <= LIST_LIMIT;
    }),
    findingCounts,
    declarationNotes: r.declarationNotes,
    blockingKinds: BLOCKING_FINDINGS,
  };
}
