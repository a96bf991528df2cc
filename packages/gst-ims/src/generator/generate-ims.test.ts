import { describe, expect, it } from 'vitest';
import { dayNumber, parsePortalDate } from '../core/dates.js';
import type { IsoDate } from '../core/dates.js';
import { UsageError } from '../core/errors.js';
import { checkGstin, panOf, stateCodeOf } from '../core/gstin.js';
import { rupeesToPaise } from '../core/money.js';
import type { Section } from '../core/sections.js';
import { SECTIONS, SECTION_INFO } from '../core/sections.js';
import type { GenerateOptions } from './generate-ims.js';
import { DEMO_RECIPIENT_GSTIN, demoDownload, generateImsDownload } from './generate-ims.js';

type Rec = Record<string, unknown>;

const BASE: GenerateOptions = {
  seed: 7,
  count: 3000,
  recipientGstin: DEMO_RECIPIENT_GSTIN,
  returnPeriod: '102026',
};
const VALID_STATES = new Set(
  Array.from({ length: 38 }, (_, i) => String(i + 1).padStart(2, '0')).filter(
    (c) => c !== '25' && c !== '28',
  ),
);

function sectionsOf(json: Rec): Record<Section, Rec[]> {
  const details = (json.imsDetails ?? json) as Record<string, unknown>;
  const out = {} as Record<Section, Rec[]>;
  for (const s of SECTIONS) {
    const list = details[s];
    if (!Array.isArray(list)) throw new Error(`section ${s} missing`);
    out[s] = list as Rec[];
  }
  return out;
}

function allRecords(json: Rec): { section: Section; rec: Rec }[] {
  const secs = sectionsOf(json);
  return SECTIONS.flatMap((section) => secs[section].map((rec) => ({ section, rec })));
}

function str(rec: Rec, key: string): string {
  const v = rec[key];
  if (typeof v !== 'string') throw new Error(`${key} is not a string: ${JSON.stringify(rec)}`);
  return v;
}

function money(rec: Rec, key: string): number {
  const v = rec[key];
  if (typeof v !== 'number') throw new Error(`${key} is not a number: ${JSON.stringify(rec)}`);
  const p = rupeesToPaise(v);
  if (p === null) throw new Error(`${key} is not rupees with at most 2 decimals: ${v}`);
  return p;
}

function date(text: string): IsoDate {
  const d = parsePortalDate(text);
  if (d === null) throw new Error(`bad date ${text}`);
  return d;
}

/** FNV-1a over a string, to pin the demo set without storing it. */
function fnv(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

const main = generateImsDownload(BASE);
const records = allRecords(main.json);

describe('generateImsDownload', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const again = generateImsDownload(BASE);
    expect(JSON.stringify(again.json)).toBe(JSON.stringify(main.json));
    expect(again.suppliers).toEqual(main.suppliers);
    const other = generateImsDownload({ ...BASE, seed: 8 });
    expect(JSON.stringify(other.json)).not.toBe(JSON.stringify(main.json));
    expect(other.suppliers.map((s) => s.gstin)).not.toEqual(main.suppliers.map((s) => s.gstin));
  });

  it('writes exactly count records, in both envelopes', () => {
    for (const count of [0, 1, 7, 15, 16, 17, 100, 1234]) {
      const { json } = generateImsDownload({ ...BASE, count });
      expect(Object.keys(json)).toEqual(['gstin', 'imsDetails']);
      expect(json.gstin).toBe(DEMO_RECIPIENT_GSTIN);
      expect(allRecords(json)).toHaveLength(count);
    }
    const api = generateImsDownload({ ...BASE, envelope: 'api' }).json;
    expect(Object.keys(api)).toEqual([...SECTIONS]);
    expect(api).toEqual((main.json as { imsDetails: unknown }).imsDetails);
  });

  it('fills every section from 16 records on, in roughly the portal mix', () => {
    for (const count of [16, 40, 1500]) {
      const secs = sectionsOf(generateImsDownload({ ...BASE, count }).json);
      for (const s of SECTIONS) expect(secs[s].length, `${s} at ${count}`).toBeGreaterThan(0);
    }
    const secs = sectionsOf(main.json);
    const share = (s: Section): number => secs[s].length / BASE.count;
    expect(share('b2b')).toBeCloseTo(0.78, 2);
    expect(share('b2bcn')).toBeCloseTo(0.09, 2);
    expect(share('b2bdn')).toBeCloseTo(0.04, 2);
    expect(share('ecom')).toBeCloseTo(0.03, 2);
  });

  it('uses valid supplier GSTINs with real state codes, entity types and a few shared PANs', () => {
    expect(main.suppliers).toHaveLength(Math.max(20, BASE.count / 50));
    const gstins = new Set(main.suppliers.map((s) => s.gstin));
    expect(gstins.size).toBe(main.suppliers.length);
    for (const s of main.suppliers) {
      expect(checkGstin(s.gstin), s.gstin).toEqual({ ok: true, gstin: s.gstin });
      expect(VALID_STATES.has(s.stateCode), s.gstin).toBe(true);
      expect(stateCodeOf(s.gstin)).toBe(s.stateCode);
      expect(panOf(s.gstin)).toBe(s.pan);
      expect(s.pan).toMatch(/^[A-Z]{3}[CPFHAT][A-Z][0-9]{4}[A-Z]$/);
      expect(s.gstin).toMatch(/^[0-9]{2}[A-Z0-9]{10}[1-9]Z[0-9A-Z]$/);
      expect(s.tradeName).toMatch(/^[A-Z][A-Za-z]+( [A-Za-z&()]+)+$/);
      expect(s.gstin).not.toBe(DEMO_RECIPIENT_GSTIN);
    }
    for (const { rec } of records) expect(gstins.has(str(rec, 'stin'))).toBe(true);
    // One company registered in two states.
    const byPan = new Map<string, Set<string>>();
    for (const s of main.suppliers)
      byPan.set(s.pan, (byPan.get(s.pan) ?? new Set()).add(s.stateCode));
    expect([...byPan.values()].filter((states) => states.size >= 2).length).toBeGreaterThanOrEqual(
      2,
    );
    // Both of the pair have records.
    for (const [pan, states] of byPan) {
      if (states.size < 2) continue;
      for (const s of main.suppliers.filter((x) => x.pan === pan))
        expect(s.recordCount).toBeGreaterThan(0);
    }
  });

  it('writes tradenm as the supplier name and counts records per supplier', () => {
    const bySupplier = new Map(main.suppliers.map((s) => [s.gstin, s]));
    const counts = new Map<string, number>();
    for (const { rec } of records) {
      const stin = str(rec, 'stin');
      expect(rec.tradenm).toBe(bySupplier.get(stin)?.tradeName);
      counts.set(stin, (counts.get(stin) ?? 0) + 1);
    }
    for (const s of main.suppliers) expect(counts.get(s.gstin) ?? 0).toBe(s.recordCount);
  });

  it('skews documents towards a few big suppliers with a long tail', () => {
    const sizes = main.suppliers.map((s) => s.recordCount).sort((a, b) => b - a);
    const top3 = (sizes[0] ?? 0) + (sizes[1] ?? 0) + (sizes[2] ?? 0);
    expect(top3 / BASE.count).toBeGreaterThan(0.25);
    expect(sizes[0] ?? 0).toBeGreaterThan(5 * (sizes[Math.floor(sizes.length / 2)] ?? 0));
    expect(sizes.every((n) => n > 0)).toBe(true);
    // E-commerce documents come from e-commerce operators.
    const ecoGstins = new Set(
      main.suppliers.filter((s) => s.ecommerceOperator).map((s) => s.gstin),
    );
    expect(ecoGstins.size).toBeGreaterThan(0);
    for (const { section, rec } of records) {
      if (section === 'ecom' || section === 'ecoma')
        expect(ecoGstins.has(str(rec, 'stin'))).toBe(true);
    }
  });

  it('splits tax by intra- and inter-state supply; pos is the recipient state', () => {
    const stateOf = new Map(main.suppliers.map((s) => [s.gstin, s.stateCode]));
    let intra = 0;
    let inter = 0;
    for (const { rec } of records) {
      expect(rec.pos).toBe('27');
      const iamt = money(rec, 'iamt');
      const camt = money(rec, 'camt');
      const samt = money(rec, 'samt');
      if (stateOf.get(str(rec, 'stin')) === '27') {
        intra++;
        expect(iamt).toBe(0);
        expect(camt).toBe(samt);
        expect(camt).toBeGreaterThan(0);
      } else {
        inter++;
        expect(camt).toBe(0);
        expect(samt).toBe(0);
        expect(iamt).toBeGreaterThan(0);
      }
    }
    expect(intra).toBeGreaterThan(BASE.count * 0.1);
    expect(inter).toBeGreaterThan(BASE.count * 0.1);
  });

  it('makes val exactly taxable value plus taxes, in paise, with realistic amounts and rates', () => {
    const rates = new Set<number>();
    let withCess = 0;
    let withPaise = 0;
    let min = Infinity;
    let max = 0;
    for (const { rec } of records) {
      const tx = money(rec, 'txval');
      const tax = money(rec, 'iamt') + money(rec, 'camt') + money(rec, 'samt');
      const cess = money(rec, 'cess');
      expect(money(rec, 'val')).toBe(tx + tax + cess);
      min = Math.min(min, tx);
      max = Math.max(max, tx);
      if (tx % 100 !== 0) withPaise++;
      if (cess > 0) withCess++;
      // Single-rate documents reveal their rate (two-rate ones fall between the slabs).
      for (const r of [5, 12, 18, 28, 40]) if (Math.abs(tax - (tx * r) / 100) <= 1) rates.add(r);
    }
    // The GST 2.0 slabs (from 22 September 2025): 12 and 28 % are gone, and so is the
    // compensation cess on the goods that carried it.
    expect([...rates].sort((a, b) => a - b)).toEqual([5, 18, 40]);
    expect(withCess).toBe(0);
    expect(withPaise).toBeGreaterThan(BASE.count * 0.2);
    expect(min).toBeGreaterThanOrEqual(300_00);
    expect(min).toBeLessThan(1000_00);
    expect(max).toBeGreaterThan(10_00_000_00); // over ten lakh rupees
    expect(max).toBeLessThanOrEqual(75_00_000_00);
  });

  it('gives amendments their original document keys, some pointing into the same file', () => {
    const secs = sectionsOf(main.json);
    for (const s of ['b2ba', 'b2bdna', 'b2bcna', 'ecoma'] as const) {
      const info = SECTION_INFO[s];
      const base = info.amendmentOf;
      if (!base || !info.originalNumberKey || !info.originalDateKey)
        throw new Error(`not an amendment: ${s}`);
      const originals = new Map(
        secs[base].map((r) => [`${str(r, 'stin')}|${str(r, SECTION_INFO[base].numberKey)}`, r]),
      );
      let inFile = 0;
      for (const rec of secs[s]) {
        const onum = str(rec, info.originalNumberKey);
        const odt = date(str(rec, info.originalDateKey));
        expect(onum.length).toBeGreaterThan(0);
        const orig = originals.get(`${str(rec, 'stin')}|${onum}`);
        if (orig) {
          inFile++;
          expect(str(orig, SECTION_INFO[base].dateKey)).toBe(str(rec, info.originalDateKey));
        }
        expect(dayNumber(date(str(rec, info.dateKey)))).toBeGreaterThanOrEqual(dayNumber(odt));
      }
      if (s === 'b2ba') {
        expect(inFile).toBeGreaterThan(0);
        expect(inFile).toBeLessThan(secs[s].length);
      }
    }
    for (const { section, rec } of records) {
      const info = SECTION_INFO[section];
      for (const k of ['oinum', 'oidt', 'ont_num', 'ont_dt']) {
        const expected = k === info.originalNumberKey || k === info.originalDateKey;
        expect(k in rec, `${section} ${k}`).toBe(expected);
      }
    }
  });

  it('writes inv_typ except on ecom and ecoma', () => {
    const types = new Set<string>();
    for (const { section, rec } of records) {
      if (section === 'ecom' || section === 'ecoma') {
        expect('inv_typ' in rec).toBe(false);
      } else {
        types.add(str(rec, 'inv_typ'));
      }
    }
    expect([...types].sort()).toEqual(['DE', 'R', 'SEWP']);
  });

  it('writes document numbers as strings like suppliers do, unique per supplier and section', () => {
    const seen = new Set<string>();
    let leadingZero = 0;
    for (const { section, rec } of records) {
      const num = str(rec, SECTION_INFO[section].numberKey);
      expect(num.length).toBeGreaterThan(0);
      expect(num.length).toBeLessThanOrEqual(16);
      expect(num).toMatch(/^[A-Za-z0-9/-]+$/);
      if (/^0/.test(num)) leadingZero++;
      const key = `${section}|${str(rec, 'stin')}|${num}`;
      expect(seen.has(key), key).toBe(false);
      seen.add(key);
    }
    expect(leadingZero).toBeGreaterThan(0);
  });

  it('dates documents in the period and the two months before, a few after the period end', () => {
    const start = dayNumber(date('01-08-2026'));
    const periodEnd = dayNumber(date('31-10-2026'));
    const limit = dayNumber(date('30-11-2026'));
    let after = 0;
    for (const { section, rec } of records) {
      const info = SECTION_INFO[section];
      const d = date(str(rec, info.dateKey));
      const n = dayNumber(d);
      expect(n).toBeGreaterThanOrEqual(start);
      expect(n).toBeLessThanOrEqual(limit);
      if (n > periodEnd) after++;
      const docMonth = `${d.slice(5, 7)}${d.slice(0, 4)}`;
      const month = Number(d.slice(5, 7));
      const nextMonth = `${String(month === 12 ? 1 : month + 1).padStart(2, '0')}${month === 12 ? Number(d.slice(0, 4)) + 1 : d.slice(0, 4)}`;
      expect([docMonth, nextMonth]).toContain(str(rec, 'rtnprd'));
      expect(['R1', 'R1A']).toContain(rec.srcform);
    }
    expect(after).toBeGreaterThan(0);
    expect(after).toBeLessThan(BASE.count * 0.05);
  });

  it('sets portal flags: actions, pending blocks, filing status, hashes', () => {
    const actions = new Map<string, number>();
    let blockedCn = 0;
    let notFiled = 0;
    let r1a = 0;
    const hashes = new Set<string>();
    for (const { section, rec } of records) {
      const action = str(rec, 'action');
      actions.set(action, (actions.get(action) ?? 0) + 1);
      const blocked = str(rec, 'ispendactblocked');
      expect(['Y', 'N']).toContain(blocked);
      if (blocked === 'Y') expect(action).not.toBe('P');
      if (blocked === 'Y' && section === 'b2bcn') blockedCn++;
      if (section === 'b2b' || section === 'b2bdn' || section === 'ecom') expect(blocked).toBe('N');
      if (rec.srcfilstatus === 'Not Filed') notFiled++;
      else expect(rec.srcfilstatus).toBe('Filed');
      if (rec.srcform === 'R1A') r1a++;
      expect(str(rec, 'hash')).toMatch(/^[0-9a-f]{64}$/);
      hashes.add(str(rec, 'hash'));
      if (SECTION_INFO[section].itcReductionAllowed) {
        if ('isItcRedReqBlocked' in rec) expect(['Y', 'N']).toContain(rec.isItcRedReqBlocked);
        if ('isRemarksBlocked' in rec) expect(rec.isRemarksBlocked).toBe('N');
      } else {
        expect('isItcRedReqBlocked' in rec).toBe(false);
        expect('isRemarksBlocked' in rec).toBe(false);
      }
    }
    expect(hashes.size).toBe(BASE.count);
    const acted = BASE.count - (actions.get('N') ?? 0);
    expect(acted / BASE.count).toBeGreaterThanOrEqual(0.1);
    expect(acted / BASE.count).toBeLessThanOrEqual(0.2);
    for (const a of ['A', 'R', 'P']) expect(actions.get(a) ?? 0).toBeGreaterThan(0);
    expect(blockedCn / sectionsOf(main.json).b2bcn.length).toBeGreaterThan(0.6);
    expect(notFiled / BASE.count).toBeGreaterThan(0.02);
    expect(notFiled / BASE.count).toBeLessThan(0.1);
    expect(r1a).toBeGreaterThan(0);
  });

  it('derives the hash from the record content', () => {
    const other = allRecords(generateImsDownload({ ...BASE, seed: 99 }).json);
    const mine = new Set(records.map(({ rec }) => rec.hash));
    expect(other.filter(({ rec }) => mine.has(rec.hash))).toHaveLength(0);
  });

  it('handles other periods, recipients and supplier counts', () => {
    const { json, suppliers } = generateImsDownload({
      seed: 3,
      count: 500,
      recipientGstin: '29AAACR5055K1Z3',
      returnPeriod: '022027',
      supplierCount: 7,
      envelope: 'api',
    });
    expect(suppliers).toHaveLength(7);
    const recs = allRecords(json);
    expect(recs).toHaveLength(500);
    for (const { section, rec } of recs) {
      expect(rec.pos).toBe('29');
      const d = date(str(rec, SECTION_INFO[section].dateKey));
      expect(d >= '2026-12-01' && d <= '2027-03-31').toBe(true);
    }
    // The financial year inside numbers follows the document date (2026-27 here).
    expect(recs.some(({ rec }) => /26-27|2627/.test(String(rec.inum ?? rec.nt_num)))).toBe(true);
  });

  it('refuses bad options', () => {
    expect(() => generateImsDownload({ ...BASE, count: -1 })).toThrow(UsageError);
    expect(() => generateImsDownload({ ...BASE, count: 1.5 })).toThrow(UsageError);
    expect(() => generateImsDownload({ ...BASE, returnPeriod: '2026-10' })).toThrow(UsageError);
    expect(() => generateImsDownload({ ...BASE, returnPeriod: '132026' })).toThrow(UsageError);
    expect(() => generateImsDownload({ ...BASE, recipientGstin: 'ABC' })).toThrow(UsageError);
    expect(() => generateImsDownload({ ...BASE, supplierCount: 0 })).toThrow(UsageError);
    expect(() => generateImsDownload({ ...BASE, seed: Number.NaN })).toThrow(UsageError);
  });

  // Speed is measured by npm run bench, not asserted here.
  it('makes 100,000 records with numbers still at most 16 characters and unique', () => {
    const { json } = generateImsDownload({ ...BASE, seed: 5, count: 100_000 });
    const recs = allRecords(json);
    expect(recs).toHaveLength(100_000);
    const seen = new Set<string>();
    for (const { section, rec } of recs) {
      const num = str(rec, SECTION_INFO[section].numberKey);
      expect(num.length <= 16).toBe(true);
      seen.add(`${section}|${str(rec, 'stin')}|${num}`);
    }
    expect(seen.size).toBe(100_000);
  });
});

describe('demoDownload', () => {
  it('is a fixed, valid data set', () => {
    const demo = demoDownload();
    expect(checkGstin(DEMO_RECIPIENT_GSTIN).ok).toBe(true);
    const text = JSON.stringify(demo.json);
    expect(text).toBe(JSON.stringify(demoDownload().json));
    const recs = allRecords(demo.json);
    expect(recs).toHaveLength(1500);
    expect(demo.suppliers).toHaveLength(30);
    const secs = sectionsOf(demo.json);
    expect(SECTIONS.map((s) => secs[s].length)).toEqual([1170, 45, 60, 15, 135, 15, 45, 15]);
    // Pinned content: a change to the generator shows up here (and changes the demo for users).
    expect(text.length).toBe(DEMO_JSON_LENGTH);
    expect(fnv(text)).toBe(DEMO_JSON_FNV);
    expect(secs.b2b[0]).toEqual(DEMO_FIRST_B2B);
  });
});

// Values recorded from the generator; update them deliberately when the demo set changes.
const DEMO_JSON_LENGTH = 572630;
const DEMO_JSON_FNV = '775daa88';
const DEMO_FIRST_B2B: Rec = {
  stin: '27AJGPX5349O1Z8',
  tradenm: 'Patel Sunrise Tyres',
  inum: 'TI/001097',
  idt: '08-08-2026',
  inv_typ: 'R',
  srcform: 'R1',
  rtnprd: '082026',
  srcfilstatus: 'Filed',
  val: 39840.58,
  pos: '27',
  txval: 35524.36,
  iamt: 0,
  camt: 2158.11,
  samt: 2158.11,
  cess: 0,
  action: 'N',
  ispendactblocked: 'N',
  hash: 'eca03207b71546e2a95c45c88ea2a33992f0eccd8c66567ae8780c0fb988a885',
};
