import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BadInputError, NothingToDoError, UsageError } from '../core/index.js';
import { describeStores } from '../test-support/stores.js';
import type { AppContext } from './context.js';
import { exportOutwardFollowups } from './export-outward-followups.js';
import { importOutward } from './import-outward.js';
import { importSalesRegister } from './import-sales-register.js';
import { outwardReportFor } from './outward-report.js';

const G = '27AABCU9603R1ZN';
const FIXTURES = join(import.meta.dirname, '../../../../tests/fixtures/outward');
const fx = (name: string): string => join(FIXTURES, name);

describeStores('outward supplies', (kind) => {
  let dir: string;
  let ctx: AppContext;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gst-ims-outward-'));
    ctx = {
      store: await kind.open(),
      user: 'tester',
      now: () => '2026-12-07T06:00:00.000Z',
    };
  });
  afterEach(async () => {
    await ctx.store.close();
    await rm(dir, { recursive: true, force: true });
  });

  describe('importOutward', () => {
    it('stores each shape beside the inward records and reports the period', async () => {
      const s = await importOutward(ctx, { file: fx('sales-gstr1-112026.json') });
      expect(s).toMatchObject({
        gstin: G,
        kind: 'sales',
        period: '112026',
        parts: ['gstr1'],
        entries: 11,
        replaced: 0,
        customers: 3,
        byAction: { accepted: 4, rejected: 4, pending: 2, noAction: 1 },
      });
      const a = await importOutward(ctx, { file: fx('sales-gstr1a-112026-gsp.json') });
      expect(a).toMatchObject({ parts: ['gstr1a'], entries: 1 });
      const b = await importOutward(ctx, { file: fx('added-back-112026.json') });
      expect(b).toMatchObject({ kind: 'addedBack', parts: ['addedBack'], entries: 4 });
      expect((await ctx.store.listImports(G)).map((i) => i.kind)).toEqual([
        'outward',
        'outward',
        'outward',
      ]);

      const r = await outwardReportFor(ctx, G);
      expect(r.period).toBe('112026');
      expect(r.notImported).toEqual([]);
      expect(r.addedBack).toMatchObject({
        source: 'download',
        heads: { igst: 28825, cgst: 1800, sgst: 1800, cess: 0, total: 32425 },
      });
      // The GSTR-1A re-report corrects INV-202's rejection; INV-102 still waits.
      expect(r.rejectedWaiting.map((d) => d.docNumber)).toEqual(['INV-102']);
      // 15-10-2026 to 07-12-2026 (India's date by the clock).
      expect(r.pendingOlder.map((d) => [d.docNumber, d.ageDays])).toEqual([['INV-103', 53]]);
      expect(r.totals.noAction.count).toBe(2);

      // Importing the same GSTR-1 again replaces its documents, GSTR-1A's stay.
      const again = await importOutward(ctx, { file: fx('sales-gstr1-112026.json') });
      expect(again.replaced).toBe(11);
      expect((await ctx.store.loadOutward(G, '112026')).length).toBe(11 + 1 + 4);
    });

    it('reads IMS0027 as no added-back liability for the period given', async () => {
      await importOutward(ctx, { file: fx('sales-gstr1-112026.json') });
      await importOutward(ctx, { file: fx('added-back-112026.json') });
      await expect(
        importOutward(ctx, { file: fx('added-back-none-ims0027.json') }),
      ).rejects.toThrow(UsageError);
      const none = await importOutward(ctx, {
        file: fx('added-back-none-ims0027.json'),
        period: '112026',
      });
      expect(none).toMatchObject({
        kind: 'none',
        gstin: G,
        period: '112026',
        entries: 0,
        replaced: 4,
      });
      const r = await outwardReportFor(ctx, G, { period: '112026' });
      expect(r.addedBack).toMatchObject({ source: 'none', records: 0, heads: { total: 0 } });
      // Still the rejected credit notes of the sales view, named apart.
      expect(r.addedBack.estimate.total).toBe(21600);
    });

    it('leaves the workspace as it was when a file is refused', async () => {
      await importOutward(ctx, { file: fx('sales-gstr1-112026.json') });
      const before = await ctx.store.loadOutward(G, null);
      const bad = JSON.parse(await readFile(fx('sales-gstr1-112026.json'), 'utf8')) as {
        gstr1: { cdnr: { nt: { val: unknown }[] }[] };
      };
      const nt = bad.gstr1.cdnr[0]?.nt[0];
      if (nt) nt.val = 'eleven hundred';
      const file = join(dir, 'bad.json');
      await writeFile(file, JSON.stringify(bad));
      await expect(importOutward(ctx, { file })).rejects.toThrow(
        /bad\.json: gstr1\.cdnr\[0\]\.nt\[0\] \(document "CN-11"\): val: expected an amount/,
      );
      await expect(
        importOutward(ctx, { file: fx('sales-gstr1-112026.json'), period: '102026' }),
      ).rejects.toThrow(/for the return period 112026, not 102026/);
      const other = join(dir, 'other.json');
      await writeFile(
        other,
        JSON.stringify({ gstin: '29AAACR5055K1Z3', rtnprd: '112026', gstr1: { b2b: [] } }),
      );
      await expect(importOutward(ctx, { file: other })).rejects.toThrow(BadInputError);
      expect(await ctx.store.loadOutward(G, null)).toEqual(before);
      expect((await ctx.store.listImports(G)).length).toBe(1);
      expect(await ctx.store.listGstins()).toEqual([{ gstin: G, records: 0 }]);
    });

    it('says there is nothing to report before any import', async () => {
      await ctx.store.ensureGstin(G, ctx.now());
      await expect(outwardReportFor(ctx, G)).rejects.toThrow(NothingToDoError);
    });
  });

  describe('exportOutwardFollowups', () => {
    it('writes one file per customer with what it rejected or kept pending and its remarks', async () => {
      await importOutward(ctx, { file: fx('sales-gstr1-112026.json') });
      await importOutward(ctx, { file: fx('added-back-112026.json') });
      const out = join(dir, 'letters');
      const r = await exportOutwardFollowups(ctx, { gstin: G, outDir: out, format: 'csv' });
      expect(r.files.map((f) => [f.customerGstin, f.customerName, f.rejected, f.pending])).toEqual([
        ['07AAACT2727Q1ZY', 'Tiwari Mart', 0, 1],
        ['27AAACS1234F1ZS', 'Sharma Steel', 2, 0],
        ['29AAACR5055K1Z3', 'Rao Traders', 2, 1],
      ]);
      expect((await readdir(out)).sort()).toEqual([
        'customer-followup-07AAACT2727Q1ZY-Tiwari-Mart.csv',
        'customer-followup-27AAACS1234F1ZS-Sharma-Steel.csv',
        'customer-followup-29AAACR5055K1Z3-Rao-Traders.csv',
      ]);
      const rao = await readFile(
        join(out, 'customer-followup-29AAACR5055K1Z3-Rao-Traders.csv'),
        'utf8',
      );
      const lines = rao.replace(/^\ufeff/, '').split(/\r?\n/);
      expect(lines[0]).toBe('To: Rao Traders (GSTIN 29AAACR5055K1Z3)');
      expect(rao).toContain('3 of our document(s) for the return period Nov 2026');
      expect(lines).toContain(
        'pending,,please accept or reject,GSTR-1,invoice,INV-103,15-10-2026,,2000.00,360.00,0.00,0.00,0.00,2360.00',
      );
      expect(lines).toContain(
        'rejected,Goods not received,we will correct it or re-report it; please accept it then,GSTR-1,invoice,INV-102,05-11-2026,,5000.00,900.00,0.00,0.00,0.00,5900.00',
      );
      expect(lines).toContain(
        'rejected,Discount not agreed,we will correct it or re-report it; please accept it then,GSTR-1,credit note,CN-11,20-11-2026,,1000.00,180.00,0.00,0.00,0.00,1180.00',
      );
    });
  });

  describe('importSalesRegister', () => {
    it('reads the books with the purchase register machinery and links each document to them', async () => {
      await importOutward(ctx, { file: fx('sales-gstr1-112026.json') });
      const r = await importSalesRegister(ctx, { gstin: G, file: fx('sales-register-nov.csv') });
      expect(r).toMatchObject({
        documents: 6,
        months: ['102026', '112026'],
        replaced: 0,
        badRows: [],
      });
      // The customer's columns are read as the counterparty, not as our own GSTIN.
      expect(r.mapping).toMatchObject({
        supplierGstin: 'Customer GSTIN',
        supplierName: 'Customer Name',
      });
      const report = await outwardReportFor(ctx, G, { period: '112026' });
      const book = Object.fromEntries(report.documents.map((d) => [d.docNumber, d.book]));
      expect(book['INV-102']).toEqual({ ref: 'S-2', value: 590000, differs: false });
      expect(book['INV-103']).toEqual({ ref: 'S-3', value: 236000, differs: false });
      expect(book['INV-202']).toEqual({ ref: 'S-5', value: 354050, differs: false });
      expect(book['CN-11']).toBeNull();
      // Linked: INV-101, -102, -103, -201 (booked with other tax), -202; the other six are not
      // in the books (INV-150, CN-11, DN-5, CN-12, ECO-1, ECO-2).
      expect(book['INV-201']).toEqual({ ref: 'S-4', value: 119000, differs: true });
      expect(report.books).toEqual({ linked: 5, differing: 1, notInBooks: 6 });
      // Names come from the books now.
      expect(report.customers.map((c) => c.customerName)).toEqual([
        null,
        'Sharma Steel',
        'Rao Traders',
      ]);
      // A second import of the same months replaces them.
      const again = await importSalesRegister(ctx, {
        gstin: G,
        file: fx('sales-register-nov.csv'),
      });
      expect(again.replaced).toBe(6);
      // The sales register is not a period of the supplier view.
      expect(report.periods).toEqual(['112026']);
      expect(report.notImported).toEqual(['gstr1a', 'addedBack']);
    });

    it('refuses a file without document rows and changes nothing', async () => {
      const file = join(dir, 'empty-sales.csv');
      await writeFile(file, 'Invoice No,Invoice Date,Customer GSTIN,Taxable Value,IGST\n');
      await expect(importSalesRegister(ctx, { gstin: G, file })).rejects.toThrow(
        /nothing to import/,
      );
      expect(await ctx.store.loadOutward(G, null)).toEqual([]);
    });
  });
});
