// Property-based tests (fast-check): the IMS parser, amounts and dates hold for any valid input,
// and refuse what they must, not only for the examples the unit tests list.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../packages/gst-ims/src/core/errors.js';
import type { IsoDate } from '../../packages/gst-ims/src/core/dates.js';
import {
  addDays,
  dayNumber,
  fiscalYearOf,
  fromDayNumber,
  isoDate,
  parseIsoDate,
  parsePortalDate,
  toPortalDate,
} from '../../packages/gst-ims/src/core/dates.js';
import { withCheckChar } from '../../packages/gst-ims/src/core/gstin.js';
import type { Paise } from '../../packages/gst-ims/src/core/money.js';
import {
  formatIndian,
  formatRupees,
  paiseToRupees,
  rupeesToPaise,
} from '../../packages/gst-ims/src/core/money.js';
import { parseImsDownload } from '../../packages/gst-ims/src/core/parse-ims-download.js';
import type { Section } from '../../packages/gst-ims/src/core/sections.js';
import { SECTION_INFO, SECTIONS } from '../../packages/gst-ims/src/core/sections.js';

const ME = '27AABCU9603R1ZN';
const FIRST_DAY = dayNumber('1900-01-01' as IsoDate);
const LAST_DAY = dayNumber('2999-12-31' as IsoDate);

const upper = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ');
const digit = fc.constantFrom(...'0123456789');
const chars = (a: fc.Arbitrary<string>, n: number) =>
  fc.array(a, { minLength: n, maxLength: n }).map((x) => x.join(''));

/** A valid normal-taxpayer GSTIN: state, PAN, entity number, Z, check character. */
const gstin = fc
  .tuple(
    fc.integer({ min: 1, max: 37 }),
    chars(upper, 5),
    chars(digit, 4),
    upper,
    fc.constantFrom(...'123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'),
  )
  .map(([state, a, n, l, e]) =>
    withCheckChar(`${String(state).padStart(2, '0')}${a}${n}${l}${e}Z`),
  );

const dateIn = (from: string, to: string) =>
  fc.integer({ min: dayNumber(from as IsoDate), max: dayNumber(to as IsoDate) }).map(fromDayNumber);
const anyDate = fc.integer({ min: FIRST_DAY, max: LAST_DAY }).map(fromDayNumber);

/** Any Unicode text (well-formed: graphemes, surrogate pairs included). */
const text = (maxLength: number) => fc.string({ unit: 'grapheme', maxLength });
const nonBlank = (maxLength: number) =>
  fc.string({ unit: 'grapheme', minLength: 1, maxLength }).filter((s) => s.trim() !== '');
const amount = fc.integer({ min: 0, max: 1_000_000_000_000 }).map((p) => p as Paise);

interface Model {
  section: Section;
  stin: string;
  number: string;
  date: IsoDate;
  original: { number: string; date: IsoDate } | null;
  name: string | null;
  invTyp: string | null;
  srcform: string | null;
  pos: string | null;
  amounts: { value: Paise; taxable: Paise; igst: Paise; cgst: Paise; sgst: Paise; cess: Paise };
  amountsAsText: boolean;
  action: 'N' | 'A' | 'R' | 'P';
  filed: 'Filed' | 'Not Filed' | null;
  remarks: string | null;
  hash: string | null;
  extra: Record<string, string | number | boolean | null>;
}

const model: fc.Arbitrary<Model> = fc
  .record({
    section: fc.constantFrom(...SECTIONS),
    stin: gstin,
    number: nonBlank(16),
    date: dateIn('2017-07-01', '2030-12-31'),
    original: fc.record({ number: nonBlank(16), date: dateIn('2017-07-01', '2030-12-31') }),
    name: fc.option(text(40)),
    invTyp: fc.option(fc.constantFrom('R', 'SEZWP', 'SEZWOP', 'DE')),
    srcform: fc.option(fc.constantFrom('R1', 'IFF', 'R5')),
    pos: fc.option(fc.integer({ min: 1, max: 38 }).map((n) => String(n).padStart(2, '0'))),
    amounts: fc.record({
      value: amount,
      taxable: amount,
      igst: amount,
      cgst: amount,
      sgst: amount,
      cess: amount,
    }),
    amountsAsText: fc.boolean(),
    action: fc.constantFrom('N', 'A', 'R', 'P'),
    filed: fc.option(fc.constantFrom('Filed', 'Not Filed')),
    remarks: fc.option(text(60)),
    hash: fc.option(fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 64 })),
    extra: fc.dictionary(
      fc
        .string({
          unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz_'),
          minLength: 1,
          maxLength: 10,
        })
        .map((k) => `x_${k}`),
      fc.oneof(text(20), fc.integer(), fc.boolean(), fc.constant(null)),
      { maxKeys: 3 },
    ),
  })
  .map((m) => ({
    ...m,
    original: SECTION_INFO[m.section].originalNumberKey === null ? null : m.original,
  }));

/** The record as the portal writes it; the number gets a unique prefix (no duplicate keys). */
function toPortal(m: Model, i: number): Record<string, unknown> {
  const info = SECTION_INFO[m.section];
  const money = (p: Paise) => (m.amountsAsText ? formatRupees(p) : paiseToRupees(p));
  const r: Record<string, unknown> = {
    ...m.extra,
    stin: m.stin,
    [info.numberKey]: `${i}/${m.number}`,
    [info.dateKey]: toPortalDate(m.date),
    val: money(m.amounts.value),
    txval: money(m.amounts.taxable),
    iamt: money(m.amounts.igst),
    camt: money(m.amounts.cgst),
    samt: money(m.amounts.sgst),
    cess: money(m.amounts.cess),
    action: m.action,
    rtnprd: `${m.date.slice(5, 7)}${m.date.slice(0, 4)}`,
  };
  if (m.original && info.originalNumberKey && info.originalDateKey) {
    r[info.originalNumberKey] = m.original.number;
    r[info.originalDateKey] = toPortalDate(m.original.date);
  }
  const optional: [string, unknown][] = [
    ['trdnm', m.name],
    ['inv_typ', m.invTyp],
    ['srcform', m.srcform],
    ['pos', m.pos],
    ['srcfilstatus', m.filed],
    ['remarks', m.remarks],
    ['hash', m.hash],
  ];
  for (const [k, v] of optional) if (v !== null) r[k] = v;
  return r;
}

/** A download of these records, through JSON text and back, as a file would arrive. */
function download(models: readonly Model[]): {
  json: unknown;
  index: Map<Model, { section: Section; at: number }>;
} {
  const imsDetails: Record<string, unknown[]> = {};
  const index = new Map<Model, { section: Section; at: number }>();
  models.forEach((m, i) => {
    const list = (imsDetails[m.section] ??= []);
    index.set(m, { section: m.section, at: list.length });
    list.push(toPortal(m, i));
  });
  return { json: JSON.parse(JSON.stringify({ gstin: ME, imsDetails })), index };
}

const orNull = (s: string | null): string | null =>
  s === null || s.trim() === '' ? null : s.trim();
const ACTIONS = { N: 'noAction', A: 'accept', R: 'reject', P: 'pending' } as const;

describe('properties: the IMS parser', () => {
  it('reads back every valid generated record exactly', () => {
    fc.assert(
      fc.property(fc.array(model, { maxLength: 8 }), (models) => {
        const { json } = download(models);
        const out = parseImsDownload(json, { file: 'p.json' });
        expect(out.recipientGstin).toBe(ME);
        expect(out.records).toHaveLength(models.length);
        for (const [i, m] of models.entries()) {
          const info = SECTION_INFO[m.section];
          const r = out.records.find(
            (x) => x.section === m.section && x.docNumber === `${i}/${m.number}`.trim(),
          );
          expect(r, `record ${i}`).toBeDefined();
          if (!r) continue;
          expect(r.supplierGstin).toBe(m.stin);
          expect(r.docDate).toBe(m.date);
          expect(r.key).toBe(`${m.section}|${m.stin}|${r.docNumber}|${fiscalYearOf(m.date)}`);
          expect(r.originalDocNumber).toBe(m.original ? m.original.number.trim() : null);
          expect(r.originalDocDate).toBe(m.original ? m.original.date : null);
          expect(r.supplierName).toBe(orNull(m.name));
          expect(r.invType).toBe(m.invTyp);
          expect(r.srcForm).toBe(m.srcform);
          expect(r.pos).toBe(m.pos);
          expect(r.returnPeriod).toBe(`${m.date.slice(5, 7)}${m.date.slice(0, 4)}`);
          expect(r.amounts).toEqual(m.amounts);
          expect(r.portalAction).toBe(ACTIONS[m.action]);
          expect(r.supplierFiled).toBe(m.filed === null ? null : m.filed === 'Filed');
          expect(r.portalRemark).toBe(m.remarks === '' ? null : m.remarks);
          expect(r.hash).toBe(orNull(m.hash));
          expect(r.extra).toEqual(m.extra);
          expect(info.section).toBe(m.section);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('refuses a lone surrogate put anywhere into any text field, naming its path', () => {
    const fields = (m: Model): string[] => {
      const info = SECTION_INFO[m.section];
      const f = [
        info.numberKey,
        ...Object.keys(m.extra).filter((k) => typeof m.extra[k] === 'string'),
      ];
      if (m.original && info.originalNumberKey) f.push(info.originalNumberKey);
      for (const [k, v] of [
        ['trdnm', m.name],
        ['inv_typ', m.invTyp],
        ['srcform', m.srcform],
        ['remarks', m.remarks],
        ['hash', m.hash],
        ['srcfilstatus', m.filed],
      ] as const)
        if (v !== null) f.push(k);
      return f;
    };
    fc.assert(
      fc.property(
        fc.array(model, { minLength: 1, maxLength: 5 }),
        fc.nat(),
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 0xd800, max: 0xdfff }),
        (models, pickRecord, pickField, pickAt, unit) => {
          const { json, index } = download(models);
          const m = models[pickRecord % models.length] as Model;
          const { section, at } = index.get(m) as { section: Section; at: number };
          const rec = (json as { imsDetails: Record<string, Record<string, string>[]> }).imsDetails[
            section
          ]?.[at] as Record<string, string>;
          const names = fields(m);
          const field = names[pickField % names.length] as string;
          const old = String(rec[field]);
          const pos = pickAt % (old.length + 1);
          rec[field] = `${old.slice(0, pos)}${String.fromCharCode(unit)}${old.slice(pos)}`;
          let error: unknown = null;
          try {
            parseImsDownload(json, { file: 'p.json' });
          } catch (e) {
            error = e;
          }
          expect(error).toBeInstanceOf(BadInputError);
          const details = (error as BadInputError).details;
          expect(details.path).toBe(`imsDetails.${section}[${at}].${field}`);
          expect(details.code).toBe('INVALID_UNICODE');
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('properties: amounts', () => {
  const anyPaise = fc
    .integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER })
    .map((p) => p as Paise);

  it('formatRupees and rupeesToPaise round-trip every whole number of paise', () => {
    fc.assert(
      fc.property(anyPaise, (p) => {
        expect(rupeesToPaise(formatRupees(p))).toBe(p);
      }),
    );
  });

  it('a JSON number of rupees reads back as the same paise (up to 10^13 rupees)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e15, max: 1e15 }), (p) => {
        expect(rupeesToPaise(paiseToRupees(p as Paise))).toBe(p);
      }),
    );
  });

  it('refuses a non-zero third decimal, accepts trailing zeros and surrounding spaces', () => {
    fc.assert(
      fc.property(
        anyPaise,
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 5 }),
        (p, d, zeros) => {
          const t = formatRupees(p);
          expect(rupeesToPaise(`${t}${d}`)).toBeNull();
          expect(rupeesToPaise(`${t}${'0'.repeat(zeros)}`)).toBe(p);
          expect(rupeesToPaise(` ${t} `)).toBe(p);
        },
      ),
    );
  });

  it('Indian grouping is the same number with commas in lakhs and crores', () => {
    fc.assert(
      fc.property(anyPaise, (p) => {
        const s = formatIndian(p);
        expect(s.replace(/,/g, '')).toBe(formatRupees(p));
        expect(s).toMatch(/^-?(\d{1,2}(,\d{2})*,\d{3}|\d{1,3})\.\d{2}$/);
      }),
    );
  });
});

describe('properties: dates', () => {
  it('every calendar date round-trips through the portal and ISO spellings and its day number', () => {
    fc.assert(
      fc.property(fc.integer({ min: FIRST_DAY, max: LAST_DAY - 1 }), (n) => {
        const d = fromDayNumber(n);
        expect(parsePortalDate(toPortalDate(d))).toBe(d);
        expect(parseIsoDate(d)).toBe(d);
        expect(dayNumber(d)).toBe(n);
        expect(addDays(d, 1)).toBe(fromDayNumber(n + 1));
        expect(addDays(d, 1) > d).toBe(true);
      }),
    );
  });

  it('accepts exactly the dates the calendar has (checked against Date.UTC)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1900, max: 2999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        (y, m, d) => {
          const utc = new Date(Date.UTC(y, m - 1, d));
          const real =
            m >= 1 && m <= 12 && d >= 1 && utc.getUTCDate() === d && utc.getUTCMonth() === m - 1;
          const iso = isoDate(y, m, d);
          expect(iso !== null).toBe(real);
          if (iso !== null) expect(iso).toBe(utc.toISOString().slice(0, 10));
          const portal = `${String(d).padStart(2, '0')}-${String(m).padStart(2, '0')}-${y}`;
          expect(parsePortalDate(portal)).toBe(iso);
        },
      ),
    );
  });

  it('refuses any text that is not DD-MM-YYYY', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 14 }), (s) => {
        fc.pre(!/^\s*\d{2}-\d{2}-\d{4}\s*$/.test(s));
        expect(parsePortalDate(s)).toBeNull();
      }),
    );
  });

  it('the financial year of a date runs from the April 1 before it to the April 1 after it', () => {
    fc.assert(
      fc.property(anyDate, (d) => {
        const fy = fiscalYearOf(d);
        const start = Number(fy.slice(0, 4));
        expect(fy.slice(5)).toBe(String((start + 1) % 100).padStart(2, '0'));
        expect(dayNumber(`${start}-04-01` as IsoDate)).toBeLessThanOrEqual(dayNumber(d));
        expect(dayNumber(`${start + 1}-04-01` as IsoDate)).toBeGreaterThan(dayNumber(d));
      }),
    );
  });
});
