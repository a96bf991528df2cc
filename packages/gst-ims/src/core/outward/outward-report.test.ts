import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../dates.js';
import type { AddedBackLiability, OutwardDocument } from './outward-document.js';
import { amendmentDeadline, outwardReport } from './outward-report.js';
import { parseOutwardDownload } from './parse-outward-download.js';

const FIXTURES = join(import.meta.dirname, '../../../../../tests/fixtures/outward');
function parsed(name: string) {
  return parseOutwardDownload(JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')), {
    file: name,
  });
}
const sales = (name: string): OutwardDocument[] => {
  const p = parsed(name);
  if (p.kind !== 'sales') throw new Error(p.kind);
  return p.documents;
};
const addedBack = (): AddedBackLiability[] => {
  const p = parsed('added-back-112026.json');
  if (p.kind !== 'addedBack') throw new Error(p.kind);
  return p.records;
};
const TODAY = '2026-12-07' as IsoDate;

describe('outwardReport', () => {
  const docs = sales('sales-gstr1-112026.json');

  it('counts per customer and in total by action, with value and tax in paise', () => {
    const r = outwardReport({ period: '112026', documents: docs, addedBack: null, today: TODAY });
    expect(r.totals).toEqual({
      accepted: {
        count: 4,
        value: 1180000 + 59000 + 59000 + 236000,
        tax: 180000 + 9000 + 9000 + 36000,
      },
      rejected: {
        count: 4,
        value: 590000 + 354050 + 118000 + 23600,
        tax: 90000 + 54000 + 18000 + 3600,
      },
      pending: { count: 2, value: 236000 + 118000, tax: 36000 + 18000 },
      noAction: { count: 1, value: 118000, tax: 18000 },
    });
    expect(r.customers.map((c) => [c.customerGstin, c.documents])).toEqual([
      ['07AAACT2727Q1ZY', 2],
      ['27AAACS1234F1ZS', 5],
      ['29AAACR5055K1Z3', 4],
    ]);
    const rao = r.customers.find((c) => c.customerGstin === '29AAACR5055K1Z3');
    expect(rao?.byAction.rejected).toEqual({
      count: 2,
      value: 590000 + 118000,
      tax: 90000 + 18000,
    });
  });

  it('adds back the tax of the added-back download per tax head, and estimates it without one', () => {
    const none = outwardReport({
      period: '112026',
      documents: docs,
      addedBack: null,
      today: TODAY,
    });
    // Rejected credit notes of the sales view: CN-11 (IGST 180) and CN-12 (CGST 18 + SGST 18).
    expect(none.addedBack).toEqual({
      source: 'estimate',
      records: 0,
      heads: { igst: 18000, cgst: 1800, sgst: 1800, cess: 0, total: 21600 },
      estimate: { igst: 18000, cgst: 1800, sgst: 1800, cess: 0, total: 21600 },
    });
    const r = outwardReport({
      period: '112026',
      documents: docs,
      addedBack: addedBack(),
      today: TODAY,
    });
    // CN-11 180 + INV-160 90 + ECO-3 18.25 IGST; CN-12 18 + 18.
    expect(r.addedBack).toMatchObject({
      source: 'download',
      records: 4,
      heads: { igst: 28825, cgst: 1800, sgst: 1800, cess: 0, total: 32425 },
    });
    const empty = outwardReport({ period: '112026', documents: docs, addedBack: [], today: TODAY });
    expect(empty.addedBack.source).toBe('none');
    expect(empty.addedBack.heads.total).toBe(0);
    // The names the added-back list gives reach the customer rows.
    expect(r.customers.map((c) => c.customerName)).toEqual([
      'Tiwari Mart',
      'Sharma Steel',
      'Rao Traders',
    ]);
  });

  it('lists rejected invoices waiting for a correction and pending documents older than N days', () => {
    const r = outwardReport({ period: '112026', documents: docs, addedBack: null, today: TODAY });
    expect(r.rejectedWaiting.map((d) => d.docNumber)).toEqual(['INV-102', 'INV-202']);
    // INV-103 of 15-10-2026 is 53 days old on 07-12-2026; ECO-1 of 25-11-2026 only 12.
    expect(r.pendingOlder.map((d) => [d.docNumber, d.ageDays])).toEqual([['INV-103', 53]]);
    const r10 = outwardReport({
      period: '112026',
      documents: docs,
      addedBack: null,
      today: TODAY,
      olderThanDays: 10,
    });
    expect(r10.pendingOlder.map((d) => d.docNumber)).toEqual(['INV-103', 'ECO-1']);
  });

  it('says what to do per document with stable codes', () => {
    const r = outwardReport({ period: '112026', documents: docs, addedBack: null, today: TODAY });
    const todo = Object.fromEntries(r.documents.map((d) => [d.docNumber, d.todo]));
    expect(todo['INV-101']).toEqual([]);
    expect(todo['INV-201']).toEqual([]);
    expect(todo['INV-103']).toEqual(['FOLLOW_UP_CUSTOMER']);
    // With the customer's remark there is nothing to ask first.
    expect(todo['INV-102']).toEqual(['RE_REPORT_UNCHANGED', 'ISSUE_CREDIT_NOTE']);
    expect(todo['INV-202']).toEqual([
      'FOLLOW_UP_CUSTOMER',
      'RE_REPORT_UNCHANGED',
      'ISSUE_CREDIT_NOTE',
    ]);
    expect(todo['CN-11']).toEqual(['RE_REPORT_UNCHANGED', 'AMEND_CREDIT_NOTE']);
    // After 30 November following the financial year, re-reporting is no longer offered.
    const late = outwardReport({
      period: '112026',
      documents: docs,
      addedBack: null,
      today: '2027-12-01' as IsoDate,
    });
    const lateTodo = Object.fromEntries(late.documents.map((d) => [d.docNumber, d]));
    expect(lateTodo['INV-102']).toMatchObject({
      todo: ['ISSUE_CREDIT_NOTE'],
      amendByState: 'past',
      amendBy: '2027-11-30',
    });
  });

  it('takes a rejection re-reported in GSTR-1A as corrected', () => {
    const again = sales('sales-gstr1a-112026-gsp.json');
    const all = [...docs, ...again];
    const r = outwardReport({
      period: '112026',
      documents: all,
      addedBack: null,
      today: TODAY,
      allDocuments: all.map((doc) => ({ period: '112026', doc })),
    });
    const inv202 = r.documents.filter((d) => d.docNumber === 'INV-202');
    expect(inv202.map((d) => [d.form, d.corrected, d.todo])).toEqual([
      ['gstr1', true, ['CORRECTED']],
      ['gstr1a', false, []],
    ]);
    expect(r.rejectedWaiting.map((d) => d.docNumber)).toEqual(['INV-102']);
  });

  it('dates the s.37(3) limit by the original of an amendment', () => {
    const cn12 = docs.find((d) => d.docNumber === 'CN-12');
    if (!cn12) throw new Error('fixture');
    expect(amendmentDeadline(cn12)).toBe('2027-11-30');
    expect(amendmentDeadline({ ...cn12, originalDate: '2026-03-31' as IsoDate })).toBe(
      '2026-11-30',
    );
  });
});
