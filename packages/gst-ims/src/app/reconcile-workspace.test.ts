import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BadInputError, NothingToDoError, UsageError } from '../core/index.js';
import { DEFAULT_PROPOSAL_RULES } from '../core/proposals.js';
import { describeStores } from '../test-support/stores.js';
import type { AppContext } from './context.js';
import { decide } from './decide.js';
import { exportFollowups } from './export-followups.js';
import { importIms } from './import-ims.js';
import { importRegister } from './import-register.js';
import {
  configGet,
  configSet,
  imsPeriod,
  loadTolerances,
  periodEndOf,
} from './reconcile-config.js';
import { rulesList, rulesReset, rulesSet } from './reconcile-rules.js';
import {
  RESULT_COLUMNS,
  applyProposals,
  explainMatch,
  linkRecords,
  parseOutcome,
  reconcileReport,
  reconcileWorkspace,
  unlinkRecords,
} from './reconcile-workspace.js';

const G = '27AABCU9603R1ZN';
const IMS = join(import.meta.dirname, '../../../../tests/fixtures/ims/offline-download.json');
const KEY = {
  inv1: 'b2b|27AAACS1234F1ZS|INV/2026-27/0001|2026-27',
  inv2: 'b2b|27AAACS1234F1ZS|INV/2026-27/0002|2026-27',
  notFiled: 'b2b|29AAACR5055K1Z3|0004512|2026-27',
  mismatch: 'b2b|29AAACR5055K1Z3|0004513|2026-27',
  dn: 'b2bdn|27AABCK5678M1ZW|DN-14|2026-27',
  eco: 'ecom|07AAACT2727Q1ZY|ECO-501|2026-27',
};
const REGISTER = [
  'Voucher No,Supplier GSTIN,Supplier Name,Invoice No,Invoice Date,Document Type,Taxable Value,IGST,CGST,SGST',
  'V1,27AAACS1234F1ZS,Shree Steel,inv/2026-27/0001,03-10-2026,Invoice,10000,0,900,900',
  'V2,29AAACR5055K1Z3,Ravi Rubber,0004513,20-10-2026,Invoice,"1,00,500.00",28000,0,0',
  'V3,29AAACR5055K1Z3,Ravi Rubber,0004512,15-10-2026,Invoice,20000,3600,0,0',
  'V4,27AABCK5678M1ZW,Kiran Traders,DN-14,11-10-2026,Debit Note,1000,0,90,90',
  'V5,27AABCK5678M1ZW,Kiran Traders,DN-999,12-10-2026,Debit Note,700,0,63,63',
  'V6,07AAACT2727Q1ZY,Tara Tools,ECO-501,12-10-2026,Invoice,1000,50,0,0',
].join('\n');

describeStores('reconciliation in the workspace', (kind) => {
  let dir: string;
  let ctx: AppContext;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gst-ims-recon-app-'));
    ctx = {
      store: await kind.open(),
      user: 'asha',
      now: () => '2026-11-05T10:00:00.000Z',
    };
    await importIms(ctx, { file: IMS });
    const reg = join(dir, 'register.csv');
    await writeFile(reg, REGISTER);
    await importRegister(ctx, { gstin: G, file: reg });
  });
  afterEach(async () => {
    await ctx.store.close();
    await rm(dir, { recursive: true, force: true });
  });

  describe('reconcileWorkspace', () => {
    it('matches, saves the results, proposes actions and writes the result file', async () => {
      const out = join(dir, 'result.csv');
      const r = await reconcileWorkspace(ctx, G, { out });
      expect(r.counts).toEqual({
        exact: 4,
        probable: 0,
        mismatch: 1,
        missingInRegister: 6,
        missingInPortal: 1,
        notInIms: 0,
      });
      expect(r.period).toEqual({ period: '102026', end: '2026-10-31', source: 'records' });
      const row = (key: string) => r.rows.find((x) => x.recordKey === key);
      expect(row(KEY.inv1)).toMatchObject({
        registerRef: 'V1',
        outcome: 'exact',
        proposal: { action: 'accept', rule: 'exact-accept', safe: true },
      });
      expect(row(KEY.mismatch)).toMatchObject({
        registerRef: 'V2',
        outcome: 'mismatch',
        proposal: { action: 'pending', rule: 'mismatch-pending' },
      });
      expect(row(KEY.mismatch)?.proposal?.remark).toContain('Taxable value differs by Rs 500.00');
      expect(row(KEY.notFiled)?.proposal).toMatchObject({
        action: 'pending',
        rule: 'supplier-not-filed',
      });
      expect(r.rows.find((x) => x.registerRef === 'V5')).toMatchObject({
        recordKey: null,
        section: null,
        documentNumber: null,
        outcome: 'missingInPortal',
        supplierGstin: '27AABCK5678M1ZW',
      });
      expect((await ctx.store.loadMatches(G)).length).toBe(r.rows.length);

      const lines = readFileSync(out, 'utf8').split('\r\n');
      expect(lines[0]).toBe(RESULT_COLUMNS.join(','));
      expect(lines.find((l) => l.startsWith('b2b,27AAACS1234F1ZS,INV/2026-27/0001,'))).toMatch(
        /^b2b,27AAACS1234F1ZS,INV\/2026-27\/0001,03-10-2026,V1,exact,100,[^,]*,accept,yes,exact-accept,/,
      );
      expect(lines.find((l) => l.includes(',V5,'))).toMatch(
        /^,27AABCK5678M1ZW,,,V5,missing_in_portal,0,/,
      );
    });

    it('writes .xlsx and .json, refuses other extensions, and needs a register', async () => {
      await reconcileWorkspace(ctx, G, { out: join(dir, 'r.xlsx') });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(join(dir, 'r.xlsx'));
      expect((wb.worksheets[0]?.getRow(1).values as unknown[]).slice(1)).toEqual([
        ...RESULT_COLUMNS,
      ]);
      await reconcileWorkspace(ctx, G, { out: join(dir, 'r.json') });
      const rows = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as Record<
        string,
        unknown
      >[];
      expect(rows.find((x) => x.register_ref === 'V1')).toMatchObject({
        section: 'b2b',
        outcome: 'exact',
        document_date: '03-10-2026',
      });
      await expect(reconcileWorkspace(ctx, G, { out: join(dir, 'r.txt') })).rejects.toThrow(
        UsageError,
      );
      await ctx.store.replaceRegister(G, [], '2000-01-01' as never, '2999-12-31' as never, {
        id: 99,
        file: 'x',
        at: 't',
      });
      await expect(reconcileWorkspace(ctx, G)).rejects.toThrow(NothingToDoError);
    });

    it('uses the tolerances and period from the settings', async () => {
      await configSet(ctx, G, 'amount', '600');
      expect(
        (await reconcileWorkspace(ctx, G)).rows.find((x) => x.recordKey === KEY.mismatch)?.outcome,
      ).not.toBe('mismatch');
      await configSet(ctx, G, 'amount', '1');
      await configSet(ctx, G, 'period', '092026');
      const r = await reconcileWorkspace(ctx, G);
      expect(r.period).toEqual({ period: '092026', end: '2026-09-30', source: 'setting' });
      expect(r.rows.find((x) => x.recordKey === KEY.inv1)?.proposal).toMatchObject({
        action: 'pending',
        rule: 'dated-after-period',
      });
    });
  });

  describe('applyProposals', () => {
    it('applies through the decision path with source rule:<name>, keeping decisions of people and the portal', async () => {
      await decide(ctx, {
        gstin: G,
        selector: { keys: [KEY.eco] },
        verb: 'reject',
        remark: 'Not ours',
        source: 'cli',
      });
      const dry = await applyProposals(ctx, { gstin: G, onlySafe: true, dryRun: true });
      expect(dry.applied).toBe(false);
      expect(dry.changed).toBeGreaterThan(0);
      expect(await ctx.store.auditFor(G, [KEY.inv1])).toEqual([]);

      const r = await applyProposals(ctx, { gstin: G, onlySafe: true });
      expect(r.applied).toBe(true);
      expect(r.keptDecisions).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ recordKey: KEY.eco, action: 'reject', by: 'cli' }),
          expect.objectContaining({ recordKey: KEY.inv2, action: 'accept', by: 'portal' }),
        ]),
      );
      const audit = await ctx.store.auditFor(G, null);
      const by = (key: string) =>
        audit.filter((a) => a.recordKey === key).map((a) => [a.toAction, a.source, a.remark]);
      expect(by(KEY.inv1)).toEqual([['accept', 'rule:exact-accept', null]]);
      expect(by(KEY.dn)).toEqual([['accept', 'rule:exact-accept', null]]);
      expect(by(KEY.notFiled)).toEqual([
        ['pending', 'rule:supplier-not-filed', 'Supplier return not filed yet'],
      ]);
      expect(by(KEY.mismatch)[0]?.[1]).toBe('rule:mismatch-pending');
      expect(by(KEY.eco)).toEqual([['reject', 'cli', 'Not ours']]);
      expect(r.byRule.map((b) => b.source)).toEqual(
        expect.arrayContaining(['rule:exact-accept', 'rule:mismatch-pending']),
      );

      const again = await applyProposals(ctx, { gstin: G, onlySafe: true });
      expect(again.changed).toBe(0);
    });

    it('--outcome narrows the records, and unsafe proposals wait for a review', async () => {
      const r = await applyProposals(ctx, {
        gstin: G,
        outcome: parseOutcome('missing_in_register'),
        dryRun: true,
      });
      const keys = r.byRule.flatMap((b) => b.changes.map((c) => c.key));
      expect(keys.length).toBeGreaterThan(0);
      expect(keys).not.toContain(KEY.inv1);
      expect(r.byRule.flatMap((b) => b.changes).every((c) => c.to.action !== 'accept')).toBe(true);
      expect(() => parseOutcome('maybe')).toThrow(UsageError);
    });
  });

  describe('explain, link, unlink', () => {
    it('explains by record key, document number or register ref', async () => {
      const e = await explainMatch(ctx, G, '0004513');
      expect(e).toMatchObject({
        kind: 'record',
        target: KEY.mismatch,
        result: { outcome: 'mismatch', registerRef: 'V2' },
      });
      expect(e.candidates[0]).toMatchObject({ other: 'V2' });
      expect((await explainMatch(ctx, G, 'V5')).kind).toBe('register');
      await expect(explainMatch(ctx, G, 'nothing-like-it')).rejects.toThrow(BadInputError);
    });

    it('unlinks an automatic pair for good, and links it back by hand', async () => {
      const u = await unlinkRecords(ctx, G, KEY.mismatch);
      expect(u).toMatchObject({
        removed: 'automaticPair',
        registerRef: 'V2',
        result: { outcome: 'missingInRegister' },
      });
      const l = await linkRecords(ctx, G, KEY.mismatch, 'V2');
      expect(l.result).toMatchObject({ outcome: 'mismatch', manual: true });
      const u2 = await unlinkRecords(ctx, G, KEY.mismatch);
      expect(u2.removed).toBe('manualLink');
      await expect(unlinkRecords(ctx, G, KEY.inv2)).rejects.toThrow(NothingToDoError);
      await expect(linkRecords(ctx, G, KEY.inv2, 'V99')).rejects.toThrow(BadInputError);
    });
  });

  describe('settings and rules', () => {
    it('config get/set validates and keeps the defaults visible', async () => {
      expect((await configGet(ctx, G)).map((e) => [e.name, e.value, e.isDefault])).toEqual([
        ['amount', '1.00', true],
        ['total-tax-check', 'on', true],
        ['percent', 'off', true],
        ['date-window', '10', true],
        ['period', 'auto', true],
      ]);
      expect(await configSet(ctx, G, 'percent', '0.5%')).toMatchObject({
        value: '0.5',
        isDefault: false,
      });
      expect(await configSet(ctx, G, 'total_tax_check', 'off')).toMatchObject({
        name: 'total-tax-check',
        value: 'off',
      });
      expect(await configSet(ctx, G, 'date-window', '5')).toMatchObject({ value: '5' });
      expect(await loadTolerances(ctx.store, G)).toEqual({
        amountPaise: 100,
        totalTaxCheck: false,
        percent: 0.5,
        dateWindowDays: 5,
      });
      for (const [n, v] of [
        ['amount', '-1'],
        ['amount', 'lots'],
        ['percent', '120'],
        ['date-window', '400'],
        ['date-window', '1.5'],
        ['total-tax-check', 'maybe'],
        ['period', '132026'],
        ['colour', 'red'],
      ] as const) {
        await expect(configSet(ctx, G, n, v)).rejects.toThrow(UsageError);
      }
      await configSet(ctx, G, 'period', 'auto');
      expect((await configGet(ctx, G, 'period'))[0]?.value).toBe('auto');
    });

    it('derives the IMS period from the filed records, and finds the last day of a period', async () => {
      const recs = [
        { returnPeriod: '102026', supplierFiled: true },
        { returnPeriod: '102026', supplierFiled: true },
        { returnPeriod: '112026', supplierFiled: false },
        { returnPeriod: '112026', supplierFiled: false },
        { returnPeriod: '112026', supplierFiled: false },
        { returnPeriod: '092026', supplierFiled: true },
      ];
      expect(await imsPeriod(ctx.store, G, recs)).toEqual({ period: '102026', source: 'records' });
      expect(await imsPeriod(ctx.store, G, [])).toBeNull();
      expect(periodEndOf('022028')).toBe('2028-02-29');
      expect(periodEndOf('042026')).toBe('2026-04-30');
    });

    it('rules list/set/reset with validation', async () => {
      expect(await rulesList(ctx, G)).toEqual({ source: 'default', rules: DEFAULT_PROPOSAL_RULES });
      const file = join(dir, 'rules.json');
      await writeFile(
        file,
        JSON.stringify({
          rules: [
            {
              name: 'all-pending',
              when: {},
              action: 'pending',
              safe: false,
              remark: 'Check {docNumber}',
            },
          ],
        }),
      );
      expect((await rulesSet(ctx, G, file)).rules).toHaveLength(1);
      const r = await reconcileWorkspace(ctx, G);
      expect(r.rows.find((x) => x.recordKey === KEY.inv1)?.proposal).toMatchObject({
        rule: 'all-pending',
        action: 'pending',
        remark: 'Check INV/2026-27/0001',
        safe: false,
      });
      await writeFile(
        file,
        JSON.stringify([
          { name: 'x', when: { outcome: ['missingInRegister'] }, action: 'accept', safe: true },
        ]),
      );
      await expect(rulesSet(ctx, G, file)).rejects.toThrow(
        /not a valid rule list:\n {2}0\.action: a rule may not accept records missing in the register/,
      );
      expect((await rulesList(ctx, G)).source).toBe('workspace');
      expect((await rulesReset(ctx, G)).rules).toEqual(DEFAULT_PROPOSAL_RULES);
      expect((await rulesList(ctx, G)).source).toBe('default');
    });
  });

  describe('reports for people', () => {
    it('summarises per supplier: counts and amounts by outcome', async () => {
      const r = await reconcileReport(ctx, G);
      const kiran = r.suppliers.find((s) => s.supplierGstin === '27AABCK5678M1ZW');
      expect(kiran?.byOutcome.exact).toEqual({ count: 1, value: 118000, totalTax: 18000 });
      expect(kiran?.byOutcome.missingInPortal).toEqual({ count: 1, value: 82600, totalTax: 12600 });
      expect(r.totals.mismatch.count).toBe(1);
      expect(
        r.totals.exact.count +
          r.totals.probable.count +
          r.totals.mismatch.count +
          r.totals.missingInRegister.count +
          r.totals.missingInPortal.count,
      ).toBe(12);
    });

    it('writes one follow-up file per supplier with the message on top', async () => {
      const out = join(dir, 'followups');
      const r = await exportFollowups(ctx, { gstin: G, outDir: out });
      expect(r.files.map((f) => [f.supplierGstin, f.missingInPortal, f.mismatches])).toEqual([
        ['27AABCK5678M1ZW', 1, 0],
        ['29AAACR5055K1Z3', 0, 1],
      ]);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(r.files[1]?.file ?? '');
      const ws = wb.worksheets[0];
      expect(ws?.getCell('A1').text).toBe('To: Ravi Components Pvt Ltd (GSTIN 29AAACR5055K1Z3)');
      const values = (n: number) => (ws?.getRow(n).values as unknown[]).slice(1);
      const headerAt =
        [...Array(10).keys()].map((i) => i + 1).find((n) => values(n)[0] === 'issue') ?? 0;
      expect(values(headerAt + 1).slice(0, 6)).toEqual([
        'reported with differences',
        'V2',
        'invoice',
        '0004513',
        '20-10-2026',
        100500,
      ]);
      expect(String(values(headerAt + 1)[19])).toContain(
        'taxable value differs by Rs 500.00 (our books higher)',
      );

      const csvDir = join(dir, 'csv');
      const c = await exportFollowups(ctx, {
        gstin: G,
        outDir: csvDir,
        format: 'csv',
        message: 'Hello {supplier_name}: {count} document(s) for {our_gstin}',
      });
      expect(await readdir(csvDir)).toEqual([
        'followup-27AABCK5678M1ZW-Kiran-Traders.csv',
        'followup-29AAACR5055K1Z3-Ravi-Components-Pvt-Ltd.csv',
      ]);
      const text = readFileSync(c.files[0]?.file ?? '', 'utf8');
      expect(text.split('\r\n').slice(0, 4)).toEqual([
        '\ufeffHello Kiran Traders: 1 document(s) for 27AABCU9603R1ZN',
        '',
        FOLLOWUP_HEADER,
        expect.stringMatching(
          /^not reported in GSTR-1\/IFF,V5,debit note,DN-999,12-10-2026,700.00,0.00,63.00,63.00,0.00,826.00,/,
        ),
      ]);
    });
  });

  const FOLLOWUP_HEADER =
    'issue,our_ref,document_type,document_number,document_date,our_taxable,our_igst,our_cgst,our_sgst,our_cess,our_value,portal_document_number,portal_document_date,portal_taxable,portal_igst,portal_cgst,portal_sgst,portal_cess,portal_value,differences';

  describe('real books (issue 13): held Pending, GSTIN typo, amount-only pair, reverse charge', () => {
    const BOOKS = [
      'Voucher No,Supplier GSTIN,Supplier Name,Invoice No,Invoice Date,Document Type,Reverse Charge,Taxable Value,IGST,CGST,SGST',
      'V1,27AAACS1234F1ZS,Shree Steel,INV/2026-27/0001,03-10-2026,Invoice,N,10000,0,900,900',
      'V2,29AAACR5505K1Z3,Ravi Rubber,0004513,20-10-2026,Invoice,N,100000,28000,0,0',
      'V4,07AAACT2727Q1ZY,Tara Tools,MISS-1,18-10-2026,Invoice,N,1000,50,0,0',
      'V5,27AABCK5678M1ZW,Speedy Roadways,LR-5521,17-10-2026,Invoice,Yes,25000,0,625,625',
      'V6,27AABCK5678M1ZW,Kiran Traders,OB-1,19-10-2026,Invoice,N,3000,0,270,270',
    ].join('\n');

    beforeEach(async () => {
      // The same download, with the portal holding Pending on INV/2026-27/0001.
      const json = JSON.parse(readFileSync(IMS, 'utf8')) as {
        imsDetails: { b2b: { inum: string; action: string }[] };
      };
      for (const r of json.imsDetails.b2b) if (r.inum === 'INV/2026-27/0001') r.action = 'P';
      const ims = join(dir, 'pending.json');
      await writeFile(ims, JSON.stringify(json));
      await importIms(ctx, { file: ims });
      const reg = join(dir, 'books.csv');
      await writeFile(reg, BOOKS);
      await importRegister(ctx, { gstin: G, file: reg });
    });

    it('reconcile names the outcomes, lists the GSTIN to correct, and keeps the portal Pending out of the safe proposals', async () => {
      const r = await reconcileWorkspace(ctx, G);
      const row = (ref: string) => r.rows.find((x) => x.registerRef === ref);
      expect(row('V5')).toMatchObject({
        outcome: 'notInIms',
        recordKey: null,
        reasons: [{ code: 'reverseCharge' }],
      });
      expect(row('V2')).toMatchObject({ recordKey: KEY.mismatch, outcome: 'probable' });
      expect(row('V2')?.proposal).toMatchObject({ safe: false });
      expect(r.gstinCorrections).toEqual([
        {
          registerRef: 'V2',
          documentNumber: '0004513',
          booksGstin: '29AAACR5505K1Z3',
          portalGstin: '29AAACR5055K1Z3',
          kind: 'transposition@9',
        },
      ]);
      expect(row('V4')).toMatchObject({
        recordKey: KEY.eco,
        outcome: 'probable',
        proposal: { action: 'pending', safe: false },
      });
      expect(row('V1')?.proposal).toMatchObject({
        action: 'accept',
        kept: { action: 'pending', by: 'portal' },
        safe: false,
      });
      expect(r.counts.notInIms).toBe(1);
      expect(r.proposals.kept).toBeGreaterThanOrEqual(1);
    });

    it('rows not kept (the CLI): the same file, counts, corrections and saved results; collect runs once', async () => {
      const kept = join(dir, 'kept.csv');
      const streamed = join(dir, 'streamed.csv');
      const a = await reconcileWorkspace(ctx, G, { out: kept });
      const savedA = await ctx.store.loadMatches(G);
      let collected = 0;
      const b = await reconcileWorkspace(ctx, G, {
        out: streamed,
        keepRows: false,
        collect: () => collected++,
      });
      expect(collected).toBe(1);
      expect(readFileSync(streamed)).toEqual(readFileSync(kept));
      expect(await ctx.store.loadMatches(G)).toEqual(savedA);
      expect(b.rows).toEqual([]);
      expect(b.rowCount).toBe(a.rows.length);
      expect(a.rowCount).toBe(a.rows.length);
      expect(b.gstinCorrections).toHaveLength(1);
      expect({ ...b, rows: a.rows, written: kept }).toEqual(a);
      // Without a file the rows are still looked at for the corrections.
      const c = await reconcileWorkspace(ctx, G, { keepRows: false });
      expect({ ...c, rows: a.rows, written: kept }).toEqual(a);
    });

    it('apply-proposals --only-safe leaves the portal Pending and lists it with why; the dry run says the same', async () => {
      const dry = await applyProposals(ctx, { gstin: G, onlySafe: true, dryRun: true });
      const kept = dry.keptDecisions.find((k) => k.recordKey === KEY.inv1);
      expect(kept).toMatchObject({
        action: 'pending',
        by: 'portal',
        proposed: 'accept',
        rule: 'exact-accept',
      });
      expect(kept?.why).toMatch(/Kept: the portal holds Pending; no rule names it/);
      const r = await applyProposals(ctx, { gstin: G, onlySafe: true });
      expect(r.byRule.flatMap((b) => b.changes.map((c) => c.key))).not.toContain(KEY.inv1);
      expect(r.byRule.flatMap((b) => b.changes).filter((c) => c.key === KEY.eco)).toEqual([]);
      expect(await ctx.store.auditFor(G, [KEY.inv1])).toEqual([]);
      // A rule that names the held Pending may change it.
      const rules = join(dir, 'rules.json');
      await writeFile(
        rules,
        JSON.stringify([
          {
            name: 'booked-now',
            when: { outcome: ['exact'], heldAction: ['pending'] },
            action: 'accept',
            safe: true,
          },
          ...DEFAULT_PROPOSAL_RULES,
        ]),
      );
      await rulesSet(ctx, G, rules);
      const named = await applyProposals(ctx, { gstin: G, onlySafe: true });
      expect(
        named.byRule.find((b) => b.rule === 'booked-now')?.changes.map((c) => [c.key, c.to.action]),
      ).toEqual([[KEY.inv1, 'accept']]);
    });

    it('follow-ups chase the missing and the amount-only document, never the reverse-charge one', async () => {
      const out = join(dir, 'f');
      const f = await exportFollowups(ctx, { gstin: G, outDir: out, format: 'csv' });
      const text = (await readdir(out)).map((n) => readFileSync(join(out, n), 'utf8')).join('\n');
      expect(text).toContain('OB-1');
      expect(text).toContain('MISS-1');
      expect(text).toContain('not reported under this number');
      expect(text).not.toContain('LR-5521');
      expect(f.files.find((x) => x.supplierGstin === '07AAACT2727Q1ZY')?.missingInPortal).toBe(1);
    });
  });

  describe('NOT_IN_BOOKS (issue 13)', () => {
    it('accepting a record the last reconciliation found missing in the books warns; a paired one or a never-reconciled workspace does not', async () => {
      const before = await decide(ctx, {
        gstin: G,
        selector: { keys: [KEY.eco] },
        verb: 'accept',
        source: 'cli',
        dryRun: true,
      });
      expect(before.warnings.map((w) => w.code)).not.toContain('NOT_IN_BOOKS');
      const r = await reconcileWorkspace(ctx, G);
      const missing = r.rows.find(
        (x) =>
          x.outcome === 'missingInRegister' &&
          x.currentAction === 'noAction' &&
          x.section === 'ecoma',
      )?.recordKey as string;
      expect(missing).toBeTruthy();
      const d = await decide(ctx, {
        gstin: G,
        selector: { keys: [missing, KEY.inv1] },
        verb: 'accept',
        source: 'cli',
        dryRun: true,
      });
      const warned = d.warnings.filter((w) => w.code === 'NOT_IN_BOOKS');
      expect(warned.map((w) => w.recordKey)).toEqual([missing]);
      expect(warned[0]?.severity).toBe('warning');
      expect(d.refused).toEqual([]);
    });
  });
});
