// Deterministic generator of realistic IMS downloads (ims-formats.md sections 1, 2, 4.4, 7).
// Used by `gst-ims demo`, by tests and by benchmarks. Pure: no clock, no Math.random, no I/O,
// and no transcendental Math functions either (their last bit may differ between engines), so
// the same options give byte-identical JSON everywhere.
import { UsageError } from '../core/errors.js';
import { normaliseGstin, panOf, stateCodeOf } from '../core/gstin.js';
import { paise, paiseToRupees } from '../core/money.js';
import type { Section } from '../core/sections.js';
import { SECTIONS, SECTION_INFO } from '../core/sections.js';
import { DocumentCalendar } from './document-calendar.js';
import type { Month } from './document-calendar.js';
import { Draft, MIN_TAXABLE_PAISE, fillAmounts, sortBySupplierAndDay } from './document-draft.js';
import { DocumentNumbers } from './document-numbers.js';
import { Hasher } from './hasher.js';
import { buildRecord } from './portal-record-layout.js';
import { Rng } from './rng.js';
import { sectionCounts } from './section-counts.js';
import type { SupplierModel } from './supplier-models.js';
import { makeSuppliers } from './supplier-models.js';
import { Weighted } from './weighted.js';

export interface GenerateOptions {
  seed: number;
  /** Total number of records over all eight sections. */
  count: number;
  recipientGstin: string;
  /** The IMS period, MMYYYY, e.g. "102026". */
  returnPeriod: string;
  /** 'offline' (default): {gstin, imsDetails: {b2b, ...}}; 'api': the sections at top level. */
  envelope?: 'offline' | 'api';
  /** Default max(20, floor(count / 50)). */
  supplierCount?: number;
}

export interface GeneratedSupplier {
  readonly gstin: string;
  readonly pan: string;
  readonly stateCode: string;
  readonly tradeName: string;
  /** An e-commerce operator paying tax under s.9(5): the supplier of the ecom/ecoma records. */
  readonly ecommerceOperator: boolean;
  /** Records generated for this supplier, all sections. */
  readonly recordCount: number;
}

export interface GeneratedIms {
  json: Record<string, unknown>;
  suppliers: GeneratedSupplier[];
}

/** A valid invented GSTIN in Maharashtra (state 27). */
export const DEMO_RECIPIENT_GSTIN = '27AABCU9603R1ZN';
export const DEMO_SEED = 20261;
export const DEMO_COUNT = 1500;
export const DEMO_RETURN_PERIOD = '102026';

/** The fixed demo data set behind `gst-ims demo`. */
export function demoDownload(): GeneratedIms {
  return generateImsDownload({
    seed: DEMO_SEED,
    count: DEMO_COUNT,
    recipientGstin: DEMO_RECIPIENT_GSTIN,
    returnPeriod: DEMO_RETURN_PERIOD,
  });
}

const BASE_OF: Readonly<
  Record<'b2ba' | 'b2bdna' | 'b2bcna' | 'ecoma', 'b2b' | 'b2bdn' | 'b2bcn' | 'ecom'>
> = {
  b2ba: 'b2b',
  b2bdna: 'b2bdn',
  b2bcna: 'b2bcn',
  ecoma: 'ecom',
};

/** What the steps of one generation share; the Rng's sequence of draws is the data. */
interface Generation {
  readonly rng: Rng;
  readonly suppliers: readonly SupplierModel[];
  readonly calendar: DocumentCalendar;
  readonly numbers: DocumentNumbers;
  /** The recipient's state: every record's place of supply. */
  readonly pos: string;
}

export function generateImsDownload(opts: GenerateOptions): GeneratedIms {
  const { recipient, supplierCount } = checkOptions(opts);
  const rng = new Rng(Math.trunc(opts.seed));
  const pos = stateCodeOf(recipient);
  const suppliers = makeSuppliers(rng, supplierCount, pos, panOf(recipient));
  const calendar = new DocumentCalendar(opts.returnPeriod);
  const g: Generation = {
    rng,
    suppliers,
    calendar,
    numbers: new DocumentNumbers(rng, suppliers, calendar),
    pos,
  };
  const supOf = assignSuppliers(g, sectionCounts(opts.count));
  const drafts = draftOriginals(g, supOf);
  draftAmendments(g, supOf, drafts);

  // Write the records in the portal's spelling.
  const json: Record<string, unknown[]> = {};
  const hasher = new Hasher();
  for (const sec of SECTIONS) json[sec] = drafts[sec].map((d) => portalRecord(g, sec, d, hasher));

  const generated: GeneratedSupplier[] = suppliers.map((s) => ({
    gstin: s.gstin,
    pan: s.pan,
    stateCode: s.stateCode,
    tradeName: s.tradeName,
    ecommerceOperator: s.eco,
    recordCount: s.recordCount,
  }));
  const envelope = opts.envelope ?? 'offline';
  return {
    json: envelope === 'api' ? json : { gstin: recipient, imsDetails: json },
    suppliers: generated,
  };
}

function checkOptions(opts: GenerateOptions): { recipient: string; supplierCount: number } {
  const { seed, count, returnPeriod } = opts;
  if (!Number.isFinite(seed)) throw new UsageError(`seed must be a number, got ${String(seed)}`);
  if (!Number.isSafeInteger(count) || count < 0)
    throw new UsageError(`count must be a whole number >= 0, got ${String(count)}`);
  if (!/^(0[1-9]|1[0-2])\d{4}$/.test(returnPeriod))
    throw new UsageError(`return period must be MMYYYY, got "${returnPeriod}"`);
  const recipient = normaliseGstin(opts.recipientGstin);
  if (!/^\d{2}[0-9A-Z]{13}$/.test(recipient))
    throw new UsageError(
      `recipient GSTIN "${opts.recipientGstin}" is not 15 characters starting with a state code`,
    );
  const supplierCount = opts.supplierCount ?? Math.max(20, Math.floor(count / 50));
  if (!Number.isSafeInteger(supplierCount) || supplierCount < 1)
    throw new UsageError(`supplierCount must be a whole number >= 1, got ${String(supplierCount)}`);
  return { recipient, supplierCount };
}

function supplierAt(g: Generation, i: number): SupplierModel {
  const s = g.suppliers[i];
  if (!s) throw new RangeError(`no supplier ${i}`);
  return s;
}

/**
 * The supplier of each record, per section: every supplier gets one record first while records
 * last, then the skew. E-commerce sections go to the operators.
 */
function assignSuppliers(
  g: Generation,
  counts: Record<Section, number>,
): Record<Section, Int32Array> {
  const { rng, suppliers } = g;
  const regular = suppliers.flatMap((s, i) => (s.eco ? [] : [i]));
  const ecos = suppliers.flatMap((s, i) => (s.eco ? [i] : []));
  const regularPool = regular.length > 0 ? regular : ecos;
  const ecoPool = ecos.length > 0 ? ecos : regular;
  const regularPick = new Weighted(regularPool.map((i) => supplierAt(g, i).weight));
  const ecoPick = new Weighted(ecoPool.map((i) => supplierAt(g, i).weight));
  const uncovered = { regular: [...regularPool].reverse(), eco: [...ecoPool].reverse() };
  const drawSupplier = (eco: boolean): number => {
    const next = (eco ? uncovered.eco : uncovered.regular).pop();
    if (next !== undefined) return next;
    return (eco ? ecoPool[ecoPick.pick(rng)] : regularPool[regularPick.pick(rng)]) ?? 0;
  };
  const supOf = {} as Record<Section, Int32Array>;
  for (const sec of SECTIONS) {
    const eco = sec === 'ecom' || sec === 'ecoma';
    const arr = new Int32Array(counts[sec]);
    for (let i = 0; i < arr.length; i++) {
      const sup = drawSupplier(eco);
      arr[i] = sup;
      supplierAt(g, sup).recordCount++;
    }
    supOf[sec] = arr;
  }
  return supOf;
}

/** Originals: date and amounts first, then numbers in date order per supplier. */
function draftOriginals(
  g: Generation,
  supOf: Record<Section, Int32Array>,
): Record<Section, Draft[]> {
  const drafts = {} as Record<Section, Draft[]>;
  for (const sec of ['b2b', 'b2bdn', 'b2bcn', 'ecom'] as const) {
    const shift = sec === 'b2bdn' || sec === 'b2bcn' ? 1 : 0; // notes are smaller than invoices
    const list: Draft[] = [];
    for (const sup of supOf[sec]) {
      const d = new Draft(sup, g.calendar.drawDay(g.rng, true));
      fillAmounts(g.rng, supplierAt(g, sup), d, shift, sec === 'b2b');
      list.push(d);
    }
    const sorted = sortBySupplierAndDay(list);
    for (const d of sorted) d.num = g.numbers.next(sec, d.sup, d.day);
    drafts[sec] = sorted;
  }
  return drafts;
}

/** Amendments: each points at an original of the same supplier, in this file or not. */
function draftAmendments(
  g: Generation,
  supOf: Record<Section, Int32Array>,
  drafts: Record<Section, Draft[]>,
): void {
  for (const sec of ['b2ba', 'b2bdna', 'b2bcna', 'ecoma'] as const) {
    const base = BASE_OF[sec];
    const originals = drafts[base];
    const bySup = new Map<number, number[]>();
    originals.forEach((d, i) => {
      const l = bySup.get(d.sup);
      if (l) l.push(i);
      else bySup.set(d.sup, [i]);
    });
    const list: Draft[] = [];
    for (const sup of supOf[sec]) {
      const o = takeOriginal(g.rng, bySup.get(sup), originals);
      list.push(amendment(g, sec, base, sup, o));
    }
    drafts[sec] = sortBySupplierAndDay(list);
  }
}

/** An original of the supplier's still free, about half the time (the rest are not in the file). */
function takeOriginal(
  rng: Rng,
  avail: number[] | undefined,
  originals: readonly Draft[],
): Draft | undefined {
  if (!avail || avail.length === 0 || !rng.chance(0.55)) return undefined;
  const k = rng.int(avail.length);
  const o = originals[avail[k] ?? 0];
  avail[k] = avail[avail.length - 1] ?? 0;
  avail.pop();
  return o;
}

function amendment(
  g: Generation,
  sec: 'b2ba' | 'b2bdna' | 'b2bcna' | 'ecoma',
  base: Section,
  sup: number,
  o: Draft | undefined,
): Draft {
  const rng = g.rng;
  const d = new Draft(sup, 0);
  if (o) {
    // Revised value of a document in this file, same rate.
    d.onum = o.num;
    d.oday = o.day;
    d.txval = Math.max(MIN_TAXABLE_PAISE, Math.round(o.txval * (0.8 + 0.4 * rng.float())));
    d.rateBp = o.rateBp;
    d.cessBp = o.cessBp;
    d.addTax(d.txval, o.rateBp, o.cessBp, supplierAt(g, sup).intra);
  } else {
    // An original no longer in IMS (acted on and closed), or never part of this download.
    d.oday = g.calendar.drawDay(rng, false);
    d.onum = g.numbers.next(base, sup, d.oday);
    fillAmounts(rng, supplierAt(g, sup), d, sec === 'b2ba' || sec === 'ecoma' ? 0 : 1, false);
  }
  d.num = d.onum;
  d.day = d.oday;
  if (rng.chance(0.3)) {
    // The supplier corrected the number and date too.
    // Never before the original (an original can lie past the download's last day).
    d.day = Math.max(d.oday, Math.min(g.calendar.lastDayBeforeNext, d.oday + rng.int(15)));
    d.num = g.numbers.next(base, sup, d.day);
  }
  return d;
}

/** A draft written out: its return, filing, action and flags drawn, then laid out by section. */
function portalRecord(
  g: Generation,
  sec: Section,
  d: Draft,
  hasher: Hasher,
): Record<string, unknown> {
  const { rng, calendar } = g;
  const info = SECTION_INFO[sec];
  const amendment = info.originalNumberKey !== null;
  const s = supplierAt(g, d.sup);
  const docMonth = calendar.monthOf(d.day);
  const r1a = rng.chance(0.04);
  let rtnMonth = docMonth;
  // Reported in the next month's return: late reporting, and most amendments.
  if (docMonth < 3 && !r1a && rng.chance(amendment ? 0.6 : docMonth === 2 ? 0.05 : 0.12))
    rtnMonth = docMonth + 1;
  const rtnprd = (calendar.months[rtnMonth] as Month).rtnprd;
  const notFiled = rng.chance(rtnMonth === 3 ? 0.25 : rtnMonth === 2 ? 0.035 : 0.01);

  let invTyp: string | null = null;
  if (info.hasInvType) {
    const r = rng.float();
    invTyp = r < 0.02 && !s.intra ? 'SEWP' : r > 0.985 ? 'DE' : 'R';
  }
  const val = d.txval + d.igst + d.cgst + d.sgst + d.cess;
  const pendBlocked = pendingBlocked(rng, sec, amendment);
  const action = portalAction(rng, docMonth, pendBlocked);

  const date = calendar.dateText[d.day] ?? '';
  const odate = amendment ? (calendar.dateText[d.oday] ?? '') : '';
  hasher.reset(sec);
  hasher
    .str(s.gstin)
    .str(d.num)
    .str(date)
    .str(d.onum ?? '')
    .str(odate)
    .str(invTyp ?? '')
    .str(rtnprd);
  hasher.num(val).num(d.txval).num(d.igst).num(d.cgst).num(d.sgst).num(d.cess);

  const rec = buildRecord(sec, {
    stin: s.gstin,
    tradenm: s.tradeName,
    onum: d.onum ?? '',
    odate,
    num: d.num,
    date,
    invTyp: invTyp ?? 'R',
    srcform: r1a ? 'R1A' : 'R1',
    rtnprd,
    srcfilstatus: notFiled ? 'Not Filed' : 'Filed',
    val: paiseToRupees(paise(val)),
    pos: g.pos,
    txval: paiseToRupees(paise(d.txval)),
    iamt: paiseToRupees(paise(d.igst)),
    camt: paiseToRupees(paise(d.cgst)),
    samt: paiseToRupees(paise(d.sgst)),
    cess: paiseToRupees(paise(d.cess)),
    action,
    ispendactblocked: pendBlocked ? 'Y' : 'N',
    hash: hasher.hex64(),
  });
  if (info.itcReductionAllowed && rng.chance(0.6)) {
    rec.isItcRedReqBlocked = rng.chance(0.15) ? 'Y' : 'N';
    rec.isRemarksBlocked = 'N';
  }
  return rec;
}

/** Credit notes mostly block Pending, amendments now and then. */
function pendingBlocked(rng: Rng, sec: Section, amendment: boolean): boolean {
  if (sec === 'b2bcn') return rng.chance(0.85);
  if (sec === 'b2bcna') return rng.chance(0.7);
  return amendment ? rng.chance(0.25) : false;
}

/** The portal's action so far: mostly none; goods in transit often Pending. */
function portalAction(rng: Rng, docMonth: number, pendBlocked: boolean): string {
  const a = rng.float();
  let action = a < 0.85 ? 'N' : a < 0.94 ? 'A' : a < 0.965 ? 'R' : 'P';
  if (docMonth === 3 && rng.chance(0.3)) action = 'P'; // goods in transit: keep for later
  if (action === 'P' && pendBlocked) action = 'A';
  return action;
}
