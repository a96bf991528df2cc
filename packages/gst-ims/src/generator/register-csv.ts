import { formatRupees } from '../core/money.js';
import type { RegisterDocument } from '../core/register.js';

const HEADER = [
  'Date',
  'Particulars',
  'Voucher Type',
  'Voucher No.',
  'Supplier Invoice No.',
  'Supplier Invoice Date',
  'GSTIN/UIN',
  'Place of Supply',
  'Taxable Value',
  'Integrated Tax Amount',
  'Central Tax Amount',
  'State Tax Amount',
  'Cess Amount',
  'Gross Total',
];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const VOUCHER_TYPE = {
  invoice: 'Purchase',
  debitNote: 'Debit Note',
  creditNote: 'Credit Note',
} as const;

const tallyDate = (iso: string): string =>
  `${Number(iso.slice(8, 10))}-${MONTHS[Number(iso.slice(5, 7)) - 1] ?? ''}-${iso.slice(0, 4)}`;
const cell = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const amount = (p: number, negative: boolean): string =>
  p === 0 ? '' : formatRupees((negative ? -p : p) as Parameters<typeof formatRupees>[0]);

/**
 * Writes register documents the way TallyPrime exports a purchase register to CSV: title rows
 * above the header, dates as 5-Oct-2026, credit notes negative. Used by the demo and the bench.
 */
export function registerToTallyCsv(
  docs: readonly RegisterDocument[],
  company: string,
  period: string,
): string {
  const lines = [cell(company), 'Purchase Register', cell(period), '', HEADER.map(cell).join(',')];
  for (const d of docs) {
    const neg = d.docType === 'creditNote';
    const a = d.amounts;
    lines.push(
      [
        tallyDate(d.receivedDate ?? d.docDate),
        d.supplierName ?? '',
        VOUCHER_TYPE[d.docType],
        d.ref,
        d.docNumber,
        tallyDate(d.docDate),
        d.supplierGstin,
        d.pos ?? '',
        amount(a.taxable, neg),
        amount(a.igst, neg),
        amount(a.cgst, neg),
        amount(a.sgst, neg),
        amount(a.cess, neg),
        amount(a.value, neg),
      ]
        .map(cell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
