// The follow-up pack: one file per supplier listing the documents of our books that the supplier
// has not reported (missing in the portal) and those reported differently (mismatch), under an
// editable message, so the team can chase suppliers. A books document paired with a portal record
// on amount and date only (another number) is chased too until a person links the two: nothing
// says the supplier reported it. Documents that never enter IMS (reverse charge, imports, ISD,
// unregistered suppliers: outcome notInIms) are never chased.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Amounts, Paise } from '../core/index.js';
import {
  NothingToDoError,
  UsageError,
  formatRupees,
  matchReasonForSupplier,
  paiseToRupees,
  periodLabel,
  toPortalDate,
} from '../core/index.js';
import type { TableCell } from '../io/register-tables.js';
import { writeTableFile } from '../io/register-tables.js';
import type { AppContext } from './context.js';
import type { ReconcileRow } from './reconcile-workspace.js';
import { formatReasons, reconcileWorkspace } from './reconcile-workspace.js';

export const DEFAULT_FOLLOWUP_MESSAGE = [
  'To: {supplier_name} (GSTIN {supplier_gstin})',
  'From: GSTIN {our_gstin}',
  'While reconciling our purchase register with the GST Invoice Management System (IMS) for {period}, we found the {count} document(s) below either missing from your GSTR-1/IFF or reported with details that differ from your invoice as we booked it.',
  'Please report the missing documents and amend the differing ones in your next return, or tell us if our records are wrong.',
].join('\n');

export interface ExportFollowupsOptions {
  readonly gstin: string;
  readonly outDir: string;
  readonly format?: 'xlsx' | 'csv' | undefined;
  /** The text above each table; {supplier_name}, {supplier_gstin}, {our_gstin}, {period}, {count} are filled in. */
  readonly message?: string | undefined;
}

export interface FollowupFile {
  readonly supplierGstin: string;
  readonly supplierName: string | null;
  readonly file: string;
  readonly missingInPortal: number;
  readonly mismatches: number;
}

export interface ExportFollowupsResult {
  readonly gstin: string;
  readonly outDir: string;
  readonly format: 'xlsx' | 'csv';
  readonly files: FollowupFile[];
}

export const FOLLOWUP_COLUMNS = [
  'issue',
  'our_ref',
  'document_type',
  'document_number',
  'document_date',
  'our_taxable',
  'our_igst',
  'our_cgst',
  'our_sgst',
  'our_cess',
  'our_value',
  'portal_document_number',
  'portal_document_date',
  'portal_taxable',
  'portal_igst',
  'portal_cgst',
  'portal_sgst',
  'portal_cess',
  'portal_value',
  'differences',
] as const;

const DOC_TYPE_WORDS = {
  invoice: 'invoice',
  creditNote: 'credit note',
  debitNote: 'debit note',
} as const;

/** Paired on amount and date only, not by a person: the number the supplier reported differs. */
const isAmountOnly = (r: ReconcileRow): boolean =>
  !r.manual && r.reasons.some((x) => x.code === 'amountOnly');

const slug = (s: string): string =>
  s
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);

export async function exportFollowups(
  ctx: AppContext,
  opts: ExportFollowupsOptions,
): Promise<ExportFollowupsResult> {
  const format = opts.format ?? 'xlsx';
  if (format !== 'xlsx' && format !== 'csv')
    throw new UsageError(`--format: expected xlsx or csv, found "${String(format)}"`);
  const s = await reconcileWorkspace(ctx, opts.gstin);
  const docs = new Map((await ctx.store.loadRegister(opts.gstin)).map((d) => [d.ref, d]));
  const chase = s.rows.filter(
    (r) =>
      r.outcome === 'missingInPortal' ||
      (r.registerRef !== null && (r.outcome === 'mismatch' || isAmountOnly(r))),
  );
  if (chase.length === 0)
    throw new NothingToDoError(
      'nothing to chase: no register document is missing in the portal or differs from it (run gst-ims reconcile to see the outcomes)',
    );
  const bySupplier = new Map<string, ReconcileRow[]>();
  for (const r of chase) {
    const list = bySupplier.get(r.supplierGstin) ?? [];
    list.push(r);
    bySupplier.set(r.supplierGstin, list);
  }
  await mkdir(opts.outDir, { recursive: true });
  const period =
    s.period === null ? 'the current period' : `the return period ${periodLabel(s.period.period)}`;
  const template = opts.message ?? DEFAULT_FOLLOWUP_MESSAGE;
  const amt = (p: Paise | undefined): TableCell =>
    p === undefined ? null : format === 'xlsx' ? paiseToRupees(p) : formatRupees(p);
  const files: FollowupFile[] = [];
  for (const [supplierGstin, rows] of [...bySupplier].sort((a, b) => a[0].localeCompare(b[0]))) {
    const name = rows.find((r) => r.supplierName !== null)?.supplierName ?? null;
    rows.sort(
      (a, b) =>
        (a.registerDocDate ?? '').localeCompare(b.registerDocDate ?? '') ||
        (a.registerRef ?? '').localeCompare(b.registerRef ?? ''),
    );
    const message = template
      .replace(/\{supplier_name\}/g, name ?? supplierGstin)
      .replace(/\{supplier_gstin\}/g, supplierGstin)
      .replace(/\{our_gstin\}/g, opts.gstin)
      .replace(/\{period\}/g, period)
      .replace(/\{count\}/g, String(rows.length));
    const cells = rows.map((r): TableCell[] => {
      const d = r.registerRef === null ? undefined : docs.get(r.registerRef);
      const our: Amounts | undefined = r.registerAmounts ?? undefined;
      const portal: Amounts | undefined = r.portalAmounts ?? undefined;
      const words = r.reasons.map(matchReasonForSupplier).filter((w): w is string => w !== null);
      return [
        r.outcome === 'missingInPortal'
          ? 'not reported in GSTR-1/IFF'
          : isAmountOnly(r)
            ? 'not reported under this number'
            : 'reported with differences',
        r.registerRef ?? '',
        d ? DOC_TYPE_WORDS[d.docType] : '',
        r.registerDocNumber ?? '',
        r.registerDocDate === null ? '' : toPortalDate(r.registerDocDate),
        amt(our?.taxable),
        amt(our?.igst),
        amt(our?.cgst),
        amt(our?.sgst),
        amt(our?.cess),
        amt(our?.value),
        r.documentNumber ?? '',
        r.documentDate === null ? '' : toPortalDate(r.documentDate),
        amt(portal?.taxable),
        amt(portal?.igst),
        amt(portal?.cgst),
        amt(portal?.sgst),
        amt(portal?.cess),
        amt(portal?.value),
        words.length ? words.join('; ') : r.outcome === 'mismatch' ? formatReasons(r.reasons) : '',
      ];
    });
    const file = join(
      opts.outDir,
      `followup-${supplierGstin}${name ? `-${slug(name)}` : ''}.${format}`,
    );
    await writeTableFile(
      file,
      {
        sheetName: 'Follow-up',
        columns: FOLLOWUP_COLUMNS,
        rows: cells,
        preamble: message.split('\n'),
        moneyColumns: [5, 6, 7, 8, 9, 10, 13, 14, 15, 16, 17, 18],
        bom: true,
      },
      format,
    );
    files.push({
      supplierGstin,
      supplierName: name,
      file,
      missingInPortal: rows.filter((r) => r.outcome === 'missingInPortal' || isAmountOnly(r))
        .length,
      mismatches: rows.filter((r) => r.outcome === 'mismatch').length,
    });
  }
  return { gstin: opts.gstin, outDir: opts.outDir, format, files };
}
