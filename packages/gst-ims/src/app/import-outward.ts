// `gst-ims import outward FILE` (issue 17): a supplier-view download into the workspace, beside
// the inward records of the same GSTIN. The whole file is parsed first, then written in one
// transaction: the parts it carries (GSTR-1 documents, GSTR-1A documents, the added-back list)
// replace those parts of its period; a failure leaves the workspace as it was.
import type {
  CustomerAction,
  OutwardEntry,
  OutwardIssue,
  OutwardPart,
  ParsedOutward,
} from '../core/index.js';
import {
  BadInputError,
  CUSTOMER_ACTIONS,
  UsageError,
  normaliseGstin,
  parseOutwardDownload,
} from '../core/index.js';
import { readJsonFile } from '../io/index.js';
import type { AppContext } from './context.js';
import { parsePeriod } from './period-scope.js';

export interface ImportOutwardOptions {
  readonly file: string;
  /** The workspace GSTIN; needed for the IMS0027 answer when the workspace holds several. */
  readonly gstin?: string | undefined;
  /** The return period (MMYYYY): needed for the IMS0027 answer, checked against any other file. */
  readonly period?: string | undefined;
  readonly maxBytes?: number | undefined;
}

export interface ImportOutwardResult {
  readonly gstin: string;
  readonly file: string;
  /** sales: documents with the customers' actions; addedBack: the added-back list; none: IMS0027. */
  readonly kind: ParsedOutward['kind'];
  readonly period: string;
  readonly parts: OutwardPart[];
  readonly entries: number;
  /** Entries of the same parts and period that the import replaced. */
  readonly replaced: number;
  readonly customers: number;
  readonly byAction: Record<CustomerAction, number>;
  readonly warnings: OutwardIssue[];
}

export async function importOutward(
  ctx: AppContext,
  opts: ImportOutwardOptions,
): Promise<ImportOutwardResult> {
  const { data, name } = await readJsonFile(opts.file, opts.maxBytes);
  const parsed = parseOutwardDownload(data, { file: name });
  const given = opts.period === undefined ? null : parsePeriod(opts.period);
  const period = periodOf(parsed, given, name);
  const entries: OutwardEntry[] =
    parsed.kind === 'sales' ? parsed.documents : parsed.kind === 'addedBack' ? parsed.records : [];
  const parts: OutwardPart[] = parsed.kind === 'sales' ? [...parsed.forms] : ['addedBack'];

  return ctx.store.transaction(async (tx) => {
    const held = (await tx.listGstins()).map((g) => g.gstin);
    const gstin = gstinOf(parsed, opts.gstin, held, name);
    await tx.ensureGstin(gstin, ctx.now());
    const byAction = Object.fromEntries(CUSTOMER_ACTIONS.map((a) => [a, 0])) as Record<
      CustomerAction,
      number
    >;
    for (const e of entries) if (e.kind === 'sales') byAction[e.action]++;
    const summary = {
      kind: parsed.kind,
      period,
      parts,
      entries: entries.length,
      byAction,
    };
    const at = ctx.now();
    const importId = await tx.logImport({
      gstin,
      kind: 'outward',
      file: name,
      at,
      user: ctx.user,
      summary,
    });
    let replaced = 0;
    for (const part of parts) {
      const mine = entries.filter((e) => (e.kind === 'sales' ? e.form : 'addedBack') === part);
      replaced += (await tx.replaceOutward(gstin, part, period, mine, { importId, file: name, at }))
        .removed;
    }
    return {
      gstin,
      file: name,
      kind: parsed.kind,
      period,
      parts,
      entries: entries.length,
      replaced,
      customers: new Set(entries.map((e) => e.customerGstin)).size,
      byAction,
      warnings: parsed.warnings,
    };
  });
}

function periodOf(parsed: ParsedOutward, given: string | null, name: string): string {
  if (parsed.kind === 'none') {
    if (given === null)
      throw new UsageError(
        `${name}: the portal's answer IMS0027 ("no added back liability records") names no return period: give it with --period MMYYYY`,
      );
    return given;
  }
  if (given !== null && given !== parsed.period)
    throw new BadInputError(
      `${name}: the download is for the return period ${parsed.period}, not ${given} (--period)`,
      { file: name, field: 'rtnprd', expected: given },
    );
  return parsed.period;
}

/** The download's own GSTIN must be one of the workspace's (or the first); IMS0027 names none. */
function gstinOf(
  parsed: ParsedOutward,
  given: string | undefined,
  held: readonly string[],
  name: string,
): string {
  const want = given === undefined ? null : normaliseGstin(given);
  if (parsed.kind === 'none') {
    if (want !== null) {
      if (!held.includes(want))
        throw new BadInputError(`GSTIN ${want} is not in this workspace`, { field: 'gstin' });
      return want;
    }
    if (held.length === 1) return held[0] as string;
    throw new UsageError(
      held.length === 0
        ? `${name}: the answer IMS0027 names no GSTIN and the workspace holds none: give it with --gstin`
        : `${name}: the answer IMS0027 names no GSTIN and the workspace holds several (${held.join(', ')}): choose one with --gstin`,
    );
  }
  const own = parsed.supplierGstin;
  if (want !== null && want !== own)
    throw new BadInputError(`${name}: the download is for GSTIN ${own}, not ${want} (--gstin)`, {
      file: name,
      field: 'gstin',
    });
  if (held.length > 0 && !held.includes(own) && want !== own)
    throw new BadInputError(
      `${name}: the download is for GSTIN ${own}, which this workspace does not hold (it holds ${held.join(', ')}). To add it, import again with --gstin ${own}; or use another workspace (--db).`,
      { file: name, field: 'gstin' },
    );
  return own;
}
