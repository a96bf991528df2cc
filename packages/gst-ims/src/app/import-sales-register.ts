// The sales register (issue 17, optional part): our books' sales, read with the purchase
// register's machinery (io/read-register: presets, header recognition, rate rows summed, bad
// rows by row and column), with the customer's columns read as the counterparty. Each document
// is filed by the month of its date; an import replaces the months it covers. The outward report
// then links every sales document of the supplier view to the books by customer and number.
import type { OutwardDocType, OutwardEntry, SalesBookEntry } from '../core/index.js';
import { BadInputError } from '../core/index.js';
import type { RegisterBadRow } from '../io/read-register.js';
import { formatBadRow, readRegister } from '../io/read-register.js';
import type { AppContext } from './context.js';

/**
 * Headers of the counterparty in a sales register. Passed as remembered overrides, which apply
 * only where the file has the header: "Customer GSTIN" would otherwise read as our own GSTIN.
 */
export const SALES_REGISTER_HEADERS: Readonly<Record<string, string>> = {
  'Customer GSTIN': 'supplierGstin',
  'GSTIN of Customer': 'supplierGstin',
  'Customer GSTIN/UIN': 'supplierGstin',
  'Buyer GSTIN': 'supplierGstin',
  'Receiver GSTIN': 'supplierGstin',
  'Recipient GSTIN': 'supplierGstin',
  'GSTIN of Recipient': 'supplierGstin',
  'Customer Name': 'supplierName',
  'Buyer Name': 'supplierName',
  'Receiver Name': 'supplierName',
  'Recipient Name': 'supplierName',
  'Bill To': 'supplierName',
};

export interface ImportSalesRegisterOptions {
  readonly gstin: string;
  readonly file: string;
  readonly preset?: string | undefined;
  readonly map?: Readonly<Record<string, string>> | undefined;
  readonly strict?: boolean | undefined;
  readonly maxBytes?: number | undefined;
}

export interface ImportSalesRegisterResult {
  readonly gstin: string;
  readonly file: string;
  readonly documents: number;
  /** The months (MMYYYY) the file's documents are dated in: each replaced whole. */
  readonly months: string[];
  readonly replaced: number;
  /** Field -> the header it was read from. */
  readonly mapping: Readonly<Record<string, string>>;
  /** Rows not read, each with its row, column and reason. */
  readonly badRows: string[];
  readonly warnings: { code: string; message: string }[];
}

const DOC_TYPES: Readonly<Record<string, OutwardDocType>> = {
  invoice: 'invoice',
  creditNote: 'creditNote',
  debitNote: 'debitNote',
};

export async function importSalesRegister(
  ctx: AppContext,
  opts: ImportSalesRegisterOptions,
): Promise<ImportSalesRegisterResult> {
  const read = await readRegister(opts.file, {
    preset: opts.preset,
    map: opts.map,
    strict: opts.strict,
    savedMapping: { map: SALES_REGISTER_HEADERS },
    maxBytes: opts.maxBytes,
  });
  if (read.documents.length === 0) {
    const why =
      read.badRows.length > 0
        ? `every document row is bad; first: ${formatBadRow(read.badRows[0] as RegisterBadRow)}`
        : `no document rows below the header (row ${read.headerRow})`;
    throw new BadInputError(`${read.file}: nothing to import: ${why}`, { file: opts.file });
  }
  const byMonth = new Map<string, OutwardEntry[]>();
  const keys = new Set<string>();
  for (const d of read.documents) {
    let key = `book:${d.ref}`;
    for (let n = 2; keys.has(key); n++) key = `book:${d.ref}#${n}`;
    keys.add(key);
    const entry: SalesBookEntry = {
      kind: 'book',
      key,
      ref: d.ref,
      customerGstin: d.supplierGstin,
      customerName: d.supplierName,
      docType: DOC_TYPES[d.docType] ?? 'invoice',
      docNumber: d.docNumber,
      docDate: d.docDate,
      amounts: d.amounts,
    };
    const month = `${d.docDate.slice(5, 7)}${d.docDate.slice(0, 4)}`;
    byMonth.set(month, [...(byMonth.get(month) ?? []), entry]);
  }
  return ctx.store.transaction(async (tx) => {
    await tx.ensureGstin(opts.gstin, ctx.now());
    const at = ctx.now();
    const importId = await tx.logImport({
      gstin: opts.gstin,
      kind: 'sales-register',
      file: read.file,
      at,
      user: ctx.user,
      summary: { documents: read.documents.length, counts: read.counts, mapping: read.mapping },
    });
    let replaced = 0;
    for (const [month, entries] of byMonth)
      replaced += (
        await tx.replaceOutward(opts.gstin, 'salesRegister', month, entries, {
          importId,
          file: read.file,
          at,
        })
      ).removed;
    return {
      gstin: opts.gstin,
      file: read.file,
      documents: read.documents.length,
      months: [...byMonth.keys()].sort(
        (a, b) =>
          Number(a.slice(2)) * 12 +
          Number(a.slice(0, 2)) -
          (Number(b.slice(2)) * 12 + Number(b.slice(0, 2))),
      ),
      replaced,
      mapping: read.mapping,
      badRows: read.badRows.map(formatBadRow),
      warnings: read.warnings.map((w) => ({ code: w.code, message: w.message })),
    };
  });
}
