import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../core/index.js';
import { DEMO_RECIPIENT_GSTIN, DEMO_SEED, demoDownload } from '../generator/generate-ims.js';
import { DEMO_NEXT_PERIOD, demoMonth, registerWithGrnCsv } from '../generator/generate-gstr2b.js';
import { DEMO_OUTWARD_PERIOD, demoOutward } from '../generator/generate-outward.js';
import { generateRegister } from '../generator/generate-register.js';
import { registerToTallyCsv } from '../generator/register-csv.js';
import { writeFileAtomic } from '../io/index.js';
import type { AppContext } from './context.js';
import type { ImportImsResult } from './import-ims.js';
import { importIms } from './import-ims.js';
import type { ImportRegisterResult } from './import-register.js';
import { importRegister } from './import-register.js';

export interface DemoResult {
  readonly gstin: string;
  readonly downloadFile: string;
  /** A purchase register for the same month, as TallyPrime exports it, to try reconciliation on. */
  readonly registerFile: string;
  readonly imported: ImportImsResult;
  /** The register imported into the workspace, ready to reconcile (Reconcile page, `gst-ims reconcile`). */
  readonly registerImported: ImportRegisterResult;
  /**
   * The month end to practise on, written beside the download and not imported: October's
   * GSTR-2B, November's IMS download, GSTR-2B and GSTR-3B, and a register of both months.
   */
  readonly month: DemoMonthFiles;
  /** The supplier view of the demo GSTIN's own sales (issue 17), written and not imported. */
  readonly outward: { readonly sales: string; readonly addedBack: string };
}

export interface DemoMonthFiles {
  readonly october2b: string;
  readonly novemberDownload: string;
  readonly november2b: string;
  readonly november3b: string;
  readonly register: string;
}

async function writeMonth(dir: string): Promise<DemoMonthFiles> {
  const m = demoMonth();
  const files: DemoMonthFiles = {
    october2b: join(dir, 'gstr2b-102026.json'),
    novemberDownload: join(dir, `ims-download-${DEMO_RECIPIENT_GSTIN}-${DEMO_NEXT_PERIOD}.json`),
    november2b: join(dir, `gstr2b-${DEMO_NEXT_PERIOD}.json`),
    november3b: join(dir, `gstr3b-${DEMO_NEXT_PERIOD}.json`),
    register: join(dir, 'purchase-register-oct-nov-tally.csv'),
  };
  await writeFileAtomic(files.october2b, JSON.stringify(m.october2b, null, 1));
  await writeFileAtomic(files.novemberDownload, JSON.stringify(m.novemberDownload, null, 1));
  await writeFileAtomic(files.november2b, JSON.stringify(m.november2b, null, 1));
  await writeFileAtomic(files.november3b, JSON.stringify(m.november3b, null, 1));
  await writeFileAtomic(
    files.register,
    registerWithGrnCsv(m.register, 'Demo Industries Pvt Ltd', '1-Aug-2026 to 31-Dec-2026'),
  );
  return files;
}

/**
 * Writes the demo IMS download (deterministic generated data) to `dir` and imports it, so a new
 * user has a ready workspace and the file to practise the import on. The next month's files are
 * written beside it for the user to import, so the workspace holds one month until they do.
 */
export async function createDemo(
  ctx: AppContext,
  dir: string,
  opts: { force?: boolean } = {},
): Promise<DemoResult> {
  const existing = await ctx.store.listGstins();
  if (
    existing.some((g) => g.gstin === DEMO_RECIPIENT_GSTIN && g.records > 0) &&
    opts.force !== true
  ) {
    throw new UsageError(
      `the workspace already holds the demo GSTIN ${DEMO_RECIPIENT_GSTIN}; use another --db, or --force to import the demo download again`,
    );
  }
  await mkdir(dir, { recursive: true });
  const downloadFile = join(dir, `ims-download-${DEMO_RECIPIENT_GSTIN}.json`);
  const download = demoDownload();
  await writeFileAtomic(downloadFile, JSON.stringify(download.json, null, 1));
  const registerFile = join(dir, 'purchase-register-tally.csv');
  const register = generateRegister({
    seed: DEMO_SEED,
    imsJson: download.json,
    recipientGstin: DEMO_RECIPIENT_GSTIN,
  });
  await writeFileAtomic(
    registerFile,
    registerToTallyCsv(register.rows, 'Demo Industries Pvt Ltd', '1-Aug-2026 to 30-Nov-2026'),
  );
  const month = await writeMonth(dir);
  const outward = {
    sales: join(dir, `outward-sales-${DEMO_OUTWARD_PERIOD}.json`),
    addedBack: join(dir, `outward-added-back-${DEMO_OUTWARD_PERIOD}.json`),
  };
  const o = demoOutward(DEMO_RECIPIENT_GSTIN, DEMO_SEED);
  await writeFileAtomic(outward.sales, JSON.stringify(o.sales, null, 1));
  await writeFileAtomic(outward.addedBack, JSON.stringify(o.addedBack, null, 1));
  const imported = await importIms(ctx, { file: downloadFile });
  const registerImported = await importRegister(ctx, {
    gstin: DEMO_RECIPIENT_GSTIN,
    file: registerFile,
  });
  return {
    gstin: DEMO_RECIPIENT_GSTIN,
    downloadFile,
    registerFile,
    imported,
    registerImported,
    month,
    outward,
  };
}

/** True when the workspace holds no record at all: `serve --demo-if-empty` then creates the demo. */
export async function workspaceIsEmpty(ctx: AppContext): Promise<boolean> {
  return (await ctx.store.listGstins()).every((g) => g.records === 0);
}
