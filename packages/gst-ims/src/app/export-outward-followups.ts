// The customer follow-up pack (issue 17): one file per customer listing our documents it
// rejected (not yet corrected) or kept pending, with the remarks it left and what we ask of it,
// under an editable message; the same file layout as the supplier follow-ups.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { OutwardDocumentView, Paise } from '../core/index.js';
import {
  CUSTOMER_ACTION_WORDS,
  NothingToDoError,
  normaliseGstin,
  OUTWARD_DOC_TYPE_WORDS,
  UsageError,
  formatRupees,
  paiseToRupees,
  periodLabel,
  toPortalDate,
} from '../core/index.js';
import type { TableCell, TableFile } from '../io/register-tables.js';
import { toCsv, toXlsx, writeTableFile } from '../io/register-tables.js';
import type { AppContext } from './context.js';
import type { OutwardReportResult } from './outward-report.js';
import { outwardReportFor } from './outward-report.js';

export const DEFAULT_OUTWARD_FOLLOWUP_MESSAGE = [
  'To: {customer_name} (GSTIN {customer_gstin})',
  'From: GSTIN {our_gstin}',
  'The GST Invoice Management System (IMS) shows {count} of our document(s) for {period} that you rejected or kept pending, listed below with your remarks.',
  'Please accept the documents that are correct, or tell us what is wrong so that we can correct them (GSTR-1A, an amendment or a credit note).',
].join('\n');

export const OUTWARD_FOLLOWUP_COLUMNS = [
  'your_action',
  'your_remarks',
  'our_request',
  'return',
  'document_type',
  'document_number',
  'document_date',
  'original_number',
  'taxable',
  'igst',
  'cgst',
  'sgst',
  'cess',
  'value',
] as const;
const MONEY_COLUMNS = [8, 9, 10, 11, 12, 13];

export interface OutwardFollowupOptions {
  readonly gstin: string;
  readonly period?: string | undefined;
  readonly format?: 'xlsx' | 'csv' | undefined;
  /** {customer_name}, {customer_gstin}, {our_gstin}, {period}, {count} are filled in. */
  readonly message?: string | undefined;
}

export interface OutwardFollowupFile {
  readonly customerGstin: string;
  readonly customerName: string | null;
  readonly file: string;
  readonly rejected: number;
  readonly pending: number;
}

/** A customer is asked about what it rejected (and we have not corrected) or left pending. */
export const needsFollowUp = (d: OutwardDocumentView): boolean =>
  (d.action === 'rejected' && !d.corrected) || d.action === 'pending';

function requestOf(d: OutwardDocumentView): string {
  if (d.action === 'pending')
    return d.docType === 'creditNote'
      ? 'please accept or reject the credit note before your window closes'
      : 'please accept or reject';
  return d.remarks === null
    ? 'please tell us why you rejected it'
    : 'we will correct it or re-report it; please accept it then';
}

/** The follow-up table of one customer (null when nothing is to be asked of it). */
export function outwardFollowupTable(
  r: OutwardReportResult,
  customerGstin: string,
  format: 'xlsx' | 'csv',
  message = DEFAULT_OUTWARD_FOLLOWUP_MESSAGE,
): TableFile | null {
  const docs = r.documents
    .filter((d) => d.customerGstin === customerGstin && needsFollowUp(d))
    .sort((a, b) => a.docDate.localeCompare(b.docDate) || a.key.localeCompare(b.key));
  if (docs.length === 0) return null;
  const name = r.customers.find((c) => c.customerGstin === customerGstin)?.customerName ?? null;
  const amt = (p: Paise): TableCell => (format === 'xlsx' ? paiseToRupees(p) : formatRupees(p));
  const text = message
    .replace(/\{customer_name\}/g, name ?? customerGstin)
    .replace(/\{customer_gstin\}/g, customerGstin)
    .replace(/\{our_gstin\}/g, r.gstin)
    .replace(/\{period\}/g, `the return period ${periodLabel(r.period)}`)
    .replace(/\{count\}/g, String(docs.length));
  return {
    sheetName: 'Follow-up',
    columns: OUTWARD_FOLLOWUP_COLUMNS,
    preamble: text.split('\n'),
    moneyColumns: MONEY_COLUMNS,
    bom: true,
    rows: docs.map((d): TableCell[] => [
      CUSTOMER_ACTION_WORDS[d.action],
      d.remarks ?? '',
      requestOf(d),
      d.form === 'gstr1a' ? 'GSTR-1A' : 'GSTR-1',
      OUTWARD_DOC_TYPE_WORDS[d.docType],
      d.docNumber,
      toPortalDate(d.docDate),
      d.originalNumber ?? '',
      amt(d.amounts.taxable),
      amt(d.amounts.igst),
      amt(d.amounts.cgst),
      amt(d.amounts.sgst),
      amt(d.amounts.cess),
      amt(d.amounts.value),
    ]),
  };
}

const slug = (s: string): string =>
  s
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);

/** The follow-up file name of a customer. */
export const outwardFollowupName = (
  customerGstin: string,
  name: string | null,
  format: 'xlsx' | 'csv',
): string => `customer-followup-${customerGstin}${name ? `-${slug(name)}` : ''}.${format}`;

export async function exportOutwardFollowups(
  ctx: AppContext,
  opts: OutwardFollowupOptions & { readonly outDir: string },
): Promise<{ gstin: string; period: string; outDir: string; files: OutwardFollowupFile[] }> {
  const format = opts.format ?? 'xlsx';
  if (format !== 'xlsx' && format !== 'csv')
    throw new UsageError(`--as: expected xlsx or csv, found "${String(format)}"`);
  const r = await outwardReportFor(ctx, opts.gstin, { period: opts.period });
  const files: OutwardFollowupFile[] = [];
  for (const c of r.customers) {
    const t = outwardFollowupTable(r, c.customerGstin, format, opts.message);
    if (t === null) continue;
    if (files.length === 0) await mkdir(opts.outDir, { recursive: true });
    const file = join(opts.outDir, outwardFollowupName(c.customerGstin, c.customerName, format));
    await writeTableFile(file, t, format);
    const docs = r.documents.filter((d) => d.customerGstin === c.customerGstin && needsFollowUp(d));
    files.push({
      customerGstin: c.customerGstin,
      customerName: c.customerName,
      file,
      rejected: docs.filter((d) => d.action === 'rejected').length,
      pending: docs.filter((d) => d.action === 'pending').length,
    });
  }
  if (files.length === 0)
    throw new NothingToDoError(
      `nothing to follow up for ${r.period}: no customer rejected (without a correction since) or kept pending any document`,
    );
  return { gstin: opts.gstin, period: r.period, outDir: opts.outDir, files };
}

/** One customer's follow-up as a file's content (the web's download); null when nothing is asked. */
export async function outwardFollowupFile(
  ctx: AppContext,
  opts: {
    readonly gstin: string;
    readonly customer: string;
    readonly period?: string | undefined;
    readonly format: 'xlsx' | 'csv';
  },
): Promise<{ name: string; period: string; body: string | Buffer } | null> {
  const r = await outwardReportFor(ctx, opts.gstin, { period: opts.period });
  const customer = normaliseGstin(opts.customer);
  const t = outwardFollowupTable(r, customer, opts.format);
  if (t === null) return null;
  const name = r.customers.find((c) => c.customerGstin === customer)?.customerName ?? null;
  return {
    name: outwardFollowupName(customer, name, opts.format),
    period: r.period,
    body: opts.format === 'csv' ? toCsv(t) : await toXlsx(t),
  };
}
