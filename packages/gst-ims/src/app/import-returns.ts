// GSTR-2B and GSTR-3B imports per period (issue 12): files read, checked, stored.
import type { Gstr2b, Gstr2bTable4, Gstr3b, Issue } from '../core/index.js';
import {
  BadInputError,
  checkGstin,
  gstr2bTable4,
  issue,
  mergeGstr2b,
  normaliseGstin,
  parseGstr2b,
  parseGstr3b,
  summaryDifferences,
} from '../core/index.js';
import { readJsonFile } from '../io/index.js';
import type { WorkspaceStore } from '../store/index.js';
import type { AppContext } from './context.js';
import type { Gstr2bCheck } from './gstr2b-check.js';
import { gstr2bCheck } from './gstr2b-check.js';

const json = (x: unknown): string => JSON.stringify(x);

async function gstinFor(
  store: WorkspaceStore,
  fileGstin: string | null,
  given: string | undefined,
  file: string,
): Promise<string> {
  const held = (await store.listGstins()).map((g) => g.gstin);
  const g = given === undefined ? null : normaliseGstin(given);
  const fromFile = fileGstin === null ? null : normaliseGstin(fileGstin);
  if (g !== null && fromFile !== null && g !== fromFile)
    throw new BadInputError(`${file}: the return is for GSTIN ${fromFile}, not ${g}`, {
      file,
      field: 'gstin',
      code: 'RETURN_OTHER_GSTIN',
    });
  const gstin = fromFile ?? g ?? (held.length === 1 ? (held[0] as string) : null);
  if (gstin === null)
    throw new BadInputError(`${file}: the return does not name the GSTIN; give it with --gstin`, {
      file,
      field: 'gstin',
    });
  const check = checkGstin(gstin);
  if (!check.ok && check.code !== 'GSTIN_CHECKSUM')
    throw new BadInputError(`${file}: GSTIN ${gstin}: ${check.message}`, { file, field: 'gstin' });
  if (!held.includes(gstin) && g === null) {
    throw new BadInputError(
      `${file}: the return is for GSTIN ${gstin}, which this workspace does not hold${held.length ? ` (it holds ${held.join(', ')})` : ''}; import its IMS download first, or give --gstin ${gstin} to add it`,
      { file, field: 'gstin', code: 'RETURN_OTHER_GSTIN' },
    );
  }
  return gstin;
}

export interface ImportGstr2bResult {
  readonly gstin: string;
  readonly period: string;
  readonly files: string[];
  /** Documents by list (docdata, docRejdata, itcrev) and section. */
  readonly documents: Record<string, Record<string, number>>;
  readonly replaced: boolean;
  readonly table4: Gstr2bTable4;
  readonly warnings: Issue[];
  readonly check: Gstr2bCheck;
}

/** Reads every file of one 2B (several when it comes as `fc` files) and stores it for its period. */
export async function importGstr2b(
  ctx: AppContext,
  opts: { files: readonly string[]; gstin?: string | undefined; maxBytes?: number | undefined },
): Promise<ImportGstr2bResult> {
  const parts: { file: string; twoB: Gstr2b }[] = [];
  for (const f of opts.files) {
    const { data, name } = await readJsonFile(f, opts.maxBytes);
    parts.push({ file: name, twoB: parseGstr2b(data, name) });
  }
  const twoB = mergeGstr2b(parts);
  const first = parts[0]?.file ?? '';
  const warnings: Issue[] = [...twoB.warnings];
  for (const d of summaryDifferences(twoB)) {
    warnings.push(
      issue(
        'GSTR2B_SUMMARY_DIFFERS',
        'warning',
        null,
        `itcsumm.${d.bucket}.${d.group}.${d.head}`,
        `itcsumm ${d.bucket}.${d.group} ${d.head} is ${d.summary / 100} but its documents add up to ${d.documents / 100}; the file's itcsumm is used for the totals`,
      ),
    );
  }
  const files = parts.map((p) => p.file);
  const gstin = await ctx.store.transaction(async (tx) => {
    const g = await gstinFor(tx, twoB.gstin, opts.gstin, first);
    await tx.ensureGstin(g, ctx.now());
    const replaced = (await tx.loadReturn(g, 'gstr2b', twoB.period)) !== null;
    const counts = countDocuments(twoB);
    const importId = await tx.logImport({
      gstin: g,
      kind: 'gstr2b',
      file: files.join(', '),
      at: ctx.now(),
      user: ctx.user,
      summary: { period: twoB.period, documents: counts, replaced },
    });
    await tx.saveReturn(g, {
      kind: 'gstr2b',
      period: twoB.period,
      importId,
      files,
      at: ctx.now(),
      data: json(twoB),
    });
    return { g, replaced, counts };
  });
  return {
    gstin: gstin.g,
    period: twoB.period,
    files,
    documents: gstin.counts,
    replaced: gstin.replaced,
    table4: gstr2bTable4(twoB),
    warnings,
    check: await gstr2bCheck(ctx, gstin.g, twoB),
  };
}

function countDocuments(twoB: Gstr2b): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const d of twoB.documents) {
    const l = (out[d.list] ??= {});
    l[d.section] = (l[d.section] ?? 0) + 1;
  }
  return out;
}

export interface ImportGstr3bResult {
  readonly gstin: string;
  readonly period: string;
  readonly file: string;
  readonly replaced: boolean;
  readonly gstr3b: Gstr3b;
}

export async function importGstr3b(
  ctx: AppContext,
  opts: { file: string; gstin?: string | undefined },
): Promise<ImportGstr3bResult> {
  const { data, name } = await readJsonFile(opts.file);
  return storeGstr3b(ctx, { data, name, gstin: opts.gstin });
}

/**
 * Stores a GSTR-3B given as its JSON (`ret_period`, `itc_elg`) rather than a file: Table 4 typed
 * in the web app goes through the same checks and the same import log as a downloaded 3B.
 */
export async function storeGstr3b(
  ctx: AppContext,
  opts: { data: unknown; name: string; gstin?: string | undefined },
): Promise<ImportGstr3bResult> {
  const name = opts.name;
  const r = parseGstr3b(opts.data, name);
  return ctx.store.transaction(async (tx) => {
    const g = await gstinFor(tx, r.gstin, opts.gstin, name);
    await tx.ensureGstin(g, ctx.now());
    const replaced = (await tx.loadReturn(g, 'gstr3b', r.period)) !== null;
    const importId = await tx.logImport({
      gstin: g,
      kind: 'gstr3b',
      file: name,
      at: ctx.now(),
      user: ctx.user,
      summary: { period: r.period, replaced },
    });
    await tx.saveReturn(g, {
      kind: 'gstr3b',
      period: r.period,
      importId,
      files: [name],
      at: ctx.now(),
      data: json(r),
    });
    return { gstin: g, period: r.period, file: name, replaced, gstr3b: r };
  });
}
