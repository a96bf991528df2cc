// Deterministic generator of realistic IMS downloads (ims-formats.md sections 1, 2, 4.4, 7).
// Used by `gst-ims demo`, by tests and by benchmarks. Pure: no clock, no Math.random, no I/O,
// and no transcendental Math functions either (their last bit may differ between engines), so
// the same options give byte-identical JSON everywhere.
import { dayNumber, fromDayNumber, isoDate, toPortalDate } from '../core/dates.js';
import { UsageError } from '../core/errors.js';
import { normaliseGstin, panOf, stateCodeOf, withCheckChar } from '../core/gstin.js';
import { paise, paiseToRupees } from '../core/money.js';
import type { Section } from '../core/sections.js';
import { SECTIONS, SECTION_INFO } from '../core/sections.js';
import { Rng, mix32 } from './rng.js';

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

/** Cumulative weights for weighted picks by binary search. */
class Weighted {
  private readonly cum: Float64Array;
  private readonly total: number;

  constructor(weights: readonly number[]) {
    this.cum = new Float64Array(weights.length);
    let t = 0;
    weights.forEach((w, i) => {
      t += w;
      this.cum[i] = t;
    });
    this.total = t;
  }

  pick(rng: Rng): number {
    const x = rng.float() * this.total;
    let lo = 0;
    let hi = this.cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.cum[mid] ?? 0) > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

// ---------------------------------------------------------------------------------------------
// Reference data: states, names, trades.

/** Real state codes 01-38 without the legacy 25 and 28, with a rough weight of trade volume. */
// prettier-ignore
const STATE_WEIGHTS: readonly (readonly [string, string, number])[] = [
  ['01', 'JK', 1], ['02', 'HP', 1], ['03', 'PB', 3], ['04', 'CH', 1], ['05', 'UK', 2], ['06', 'HR', 7],
  ['07', 'DL', 9], ['08', 'RJ', 5], ['09', 'UP', 7], ['10', 'BR', 2], ['11', 'SK', 0.3], ['12', 'AR', 0.3],
  ['13', 'NL', 0.3], ['14', 'MN', 0.3], ['15', 'MZ', 0.3], ['16', 'TR', 0.3], ['17', 'ML', 0.3], ['18', 'AS', 2],
  ['19', 'WB', 5], ['20', 'JH', 2], ['21', 'OD', 2], ['22', 'CG', 2], ['23', 'MP', 4], ['24', 'GJ', 9],
  ['26', 'DN', 1], ['27', 'MH', 12], ['29', 'KA', 8], ['30', 'GA', 1], ['31', 'LD', 0.2], ['32', 'KL', 3],
  ['33', 'TN', 8], ['34', 'PY', 1], ['35', 'AN', 0.2], ['36', 'TS', 5], ['37', 'AP', 3], ['38', 'LA', 0.2],
];
const STATE_ABBR: ReadonlyMap<string, string> = new Map(STATE_WEIGHTS.map(([c, a]) => [c, a]));

// prettier-ignore
const NAME_PREFIXES: readonly string[] = [
  'Shree Ganesh', 'Sai Krishna', 'Mahalaxmi', 'Balaji', 'Om Sai', 'Jai Ambe', 'Sri Venkateswara', 'Annapurna',
  'Kaveri', 'Ganga', 'Narmada', 'Sahyadri', 'Deccan', 'Vindhya', 'Konark', 'Shivam', 'Shubham', 'Siddhivinayak',
  'Navkar', 'Mangalam', 'Surya', 'Chandra', 'Trimurti', 'Gurukripa', 'Vardhman', 'Parshva', 'Rajlaxmi', 'Patel',
  'Agarwal', 'Mehta', 'Shah', 'Reddy', 'Gupta', 'Bansal', 'Goyal', 'Desai', 'Kulkarni', 'Joshi', 'Nair', 'Menon',
  'Iyer', 'Naidu', 'Rao', 'Khandelwal', 'Oswal', 'Bhagwati', 'Hanuman', 'Jagdamba', 'Kamdhenu', 'Laxmi Narayan',
  'Meenakshi', 'Murugan', 'Padmavati', 'Radhe Krishna', 'Saraswati', 'Tirupati', 'Umiya', 'Vaishnavi', 'Yamuna',
  'Arihant', 'Bhavani', 'Chamunda', 'Durga', 'Ekdant', 'Girnar', 'Himgiri', 'Indus', 'Kailash', 'Lokmanya',
];
// prettier-ignore
const NAME_QUALIFIERS: readonly string[] = [
  '', '', '', '', '', 'Industrial', 'National', 'Global', 'Eastern', 'Western', 'Southern', 'Royal', 'Prime',
  'United', 'New', 'Modern', 'Super', 'Star', 'Classic', 'Sunrise',
];

interface Trade {
  readonly word: string;
  /** Main GST rate in basis points (1800 = 18 %). */
  readonly rateBp: number;
  /** Compensation cess in basis points on the main rate's goods, 0 when none. */
  readonly cessBp: number;
}
// prettier-ignore
const TRADES: readonly Trade[] = [
  { word: 'Traders', rateBp: 1800, cessBp: 0 }, { word: 'Enterprises', rateBp: 1800, cessBp: 0 },
  { word: 'Steels', rateBp: 1800, cessBp: 0 }, { word: 'Textiles', rateBp: 500, cessBp: 0 },
  { word: 'Polymers', rateBp: 1800, cessBp: 0 }, { word: 'Pharma', rateBp: 500, cessBp: 0 },
  { word: 'Electricals', rateBp: 1800, cessBp: 0 }, { word: 'Hardware Stores', rateBp: 1800, cessBp: 0 },
  { word: 'Agencies', rateBp: 1800, cessBp: 0 }, { word: 'Logistics', rateBp: 500, cessBp: 0 },
  { word: 'Packaging', rateBp: 1800, cessBp: 0 }, { word: 'Chemicals', rateBp: 1800, cessBp: 0 },
  { word: 'Auto Components', rateBp: 1800, cessBp: 0 }, { word: 'Cements', rateBp: 1800, cessBp: 0 },
  { word: 'Engineering Works', rateBp: 1800, cessBp: 0 }, { word: 'Paper Products', rateBp: 1800, cessBp: 0 },
  { word: 'Agro Foods', rateBp: 500, cessBp: 0 }, { word: 'Distributors', rateBp: 1800, cessBp: 0 },
  { word: 'Infotech Solutions', rateBp: 1800, cessBp: 0 }, { word: 'Marbles', rateBp: 500, cessBp: 0 },
  { word: 'Tyres', rateBp: 1800, cessBp: 0 }, { word: 'Furniture', rateBp: 1800, cessBp: 0 },
  { word: 'Constructions', rateBp: 1800, cessBp: 0 }, { word: 'Consultants', rateBp: 1800, cessBp: 0 },
  { word: 'Fabrics', rateBp: 500, cessBp: 0 }, { word: 'Spices', rateBp: 500, cessBp: 0 },
];
// Goods of the 40 % slab. Since GST 2.0 (22 September 2025) the slabs are 5, 18 and 40 %, and the
// compensation cess these goods carried before has ended, so generated documents carry none.
const CESS_TRADES: readonly Trade[] = [
  { word: 'Motors', rateBp: 4000, cessBp: 0 },
  { word: 'Beverages', rateBp: 4000, cessBp: 0 },
];

const ECO_NAMES: readonly (readonly [string, number])[] = [
  ['Quickbite Foodtech Pvt Ltd', 500],
  ['Raahgir Mobility Pvt Ltd', 500],
  ['Ghumakkad Stays Pvt Ltd', 500],
  ['Gharseva Home Services Pvt Ltd', 1800],
  ['Dabbawala Express Online Pvt Ltd', 500],
];

const ALPHA = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

// ---------------------------------------------------------------------------------------------
// Suppliers.

type InvoiceStyle = (s: SupplierModel, seq: number, fy: number) => string;
type NoteStyle = (s: SupplierModel, t: 'C' | 'D', seq: number, fy: number) => string;

const pad = (n: number, w: number): string => String(n).padStart(w, '0');
const yy = (fy: number): string => pad(fy % 100, 2);
const yy1 = (fy: number): string => pad((fy + 1) % 100, 2);

const INVOICE_STYLES: readonly InvoiceStyle[] = [
  (_s, q, fy) =>
    q < 10000 ? `INV/${fy}-${yy1(fy)}/${pad(q, 4)}` : `INV/${yy(fy)}-${yy1(fy)}/${q}`, // INV/2026-27/0123
  (_s, q) => `GST-${q}`, // GST-1234
  (_s, q, fy) => `SI${yy(fy)}${yy1(fy)}/${pad(q, 4)}`, // SI2627/0045
  (_s, q) => pad(q, 7), // 0001234
  (s, q, fy) => `${s.stateAbbr}/${yy(fy)}-${yy1(fy)}/T-${q}`, // MH/26-27/T-18
  (s, q, fy) => `${s.initials}/${pad(q, 5)}/${yy(fy)}-${yy1(fy)}`, // SGT/00123/26-27
  (s, q, fy) => `${yy(fy)}${yy1(fy)}${s.initials}${pad(q, 5)}`, // 2627SGT00123
  (_s, q) => `TI/${pad(q, 6)}`, // TI/000123
  (s, q) => `${s.initials}-${pad(q, 4)}`, // SGT-0456
];
const NOTE_STYLES: readonly NoteStyle[] = [
  (_s, t, q, fy) => `${t}N/${yy(fy)}-${yy1(fy)}/${pad(q, 4)}`, // CN/26-27/0012
  (_s, t, q) => `${t}N-${q}`, // CN-12
  (_s, t, q, fy) => `${t}R${yy(fy)}${yy1(fy)}/${pad(q, 4)}`, // CR2627/0012
  (s, t, q) => `${s.initials}/${t}N/${pad(q, 4)}`, // SGT/CN/0012
  (_s, t, q) => `${t}N${pad(q, 6)}`, // CN000012
];
const ECO_STYLE: InvoiceStyle = (s, q, fy) => `${s.initials}${yy(fy)}${s.stateAbbr}${pad(q, 7)}`; // QF26MH0001234

interface SupplierModel {
  readonly gstin: string;
  readonly pan: string;
  readonly stateCode: string;
  readonly stateAbbr: string;
  readonly tradeName: string;
  readonly initials: string;
  readonly eco: boolean;
  readonly intra: boolean;
  readonly weight: number;
  readonly rateBp: number;
  readonly cessBp: number;
  /** 0 small tickets, 1 medium, 2 large. */
  readonly sizeClass: number;
  readonly invoiceStyle: InvoiceStyle;
  readonly noteStyle: NoteStyle;
  readonly firstSeq: number;
  recordCount: number;
}

function initialsOf(name: string): string {
  const words = name
    .split(' ')
    .filter((w) => /^[A-Z]/.test(w) && !/^(Pvt|Ltd|Private|Limited|LLP|Co|India|Sons)$/.test(w));
  let s = words
    .map((w) => w.charAt(0))
    .join('')
    .slice(0, 3);
  if (s.length < 2) s = (s + 'XX').slice(0, 2);
  return s;
}

function makeSuppliers(
  rng: Rng,
  n: number,
  recipientState: string,
  recipientPan: string,
): SupplierModel[] {
  const stateList = STATE_WEIGHTS.filter(([c]) => c !== recipientState);
  const statePick = new Weighted(stateList.map(([, , w]) => w));
  const recipientStateValid = STATE_ABBR.has(recipientState);
  const otherState = (): string => (stateList[statePick.pick(rng)] ?? ['27'])[0];

  const nEco = n >= 40 ? 3 : n >= 10 ? 2 : n >= 3 ? 1 : 0;
  const nRegular = n - nEco;
  const pairTarget = nRegular >= 4 ? Math.max(1, Math.floor(nRegular / 10)) : nRegular >= 2 ? 1 : 0;

  // Skewed weights: Zipf over a random rank order (a few big suppliers, a long tail).
  const ranks = Array.from({ length: nRegular }, (_, i) => i);
  for (let i = ranks.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = ranks[i] ?? 0;
    ranks[i] = ranks[j] ?? 0;
    ranks[j] = t;
  }

  const pans = new Set<string>([recipientPan]);
  const gstins = new Set<string>();
  const names = new Set<string>();
  const out: SupplierModel[] = [];
  let pairs = 0;

  const newPan = (typeChar: string, nameLetter: string): string => {
    for (;;) {
      const l1 = rng.chance(0.75) ? 'A' : rng.pick(['B', 'C', 'D', 'E']);
      const p = `${l1}${rng.pick([...ALPHA])}${rng.pick([...ALPHA])}${typeChar}${nameLetter}${pad(rng.range(1, 9999), 4)}${rng.pick([...ALPHA])}`;
      if (!pans.has(p)) {
        pans.add(p);
        return p;
      }
    }
  };
  const gstinFor = (state: string, pan: string): string => {
    for (let attempt = 0; ; attempt++) {
      const entity =
        attempt > 0
          ? '23456789ABCDEFGHJKLMNPQRSTUVWXY'.charAt(attempt % 30)
          : rng.chance(0.85)
            ? '1'
            : rng.chance(0.67)
              ? '2'
              : '3';
      const g = withCheckChar(`${state}${pan}${entity}Z`);
      if (!gstins.has(g)) {
        gstins.add(g);
        return g;
      }
    }
  };

  for (let i = 0; i < nRegular; i++) {
    const rank = ranks[i] ?? i;
    const weight = (1 / (rank + 1)) * (0.7 + 0.6 * rng.float());
    const prev = out[i - 1];
    const sizeClass = rng.chance(0.3) ? 0 : rng.chance(0.7) ? 1 : 2;
    const invoiceStyle = rng.pick(INVOICE_STYLES);
    const noteStyle = rng.pick(NOTE_STYLES);
    const firstSeq = rng.range(1, 1500);

    if (prev && pairs < pairTarget && i % 10 === 1) {
      // Same company (same PAN and name), registered in a second state.
      pairs++;
      const state = prev.intra || !recipientStateValid ? otherState() : recipientState;
      const finalState =
        state === prev.stateCode
          ? (stateList.find(([c]) => c !== prev.stateCode) ?? ['07'])[0]
          : state;
      out.push({
        ...prev,
        gstin: gstinFor(finalState, prev.pan),
        stateCode: finalState,
        stateAbbr: STATE_ABBR.get(finalState) ?? 'XX',
        intra: finalState === recipientState,
        weight,
        sizeClass,
        invoiceStyle,
        noteStyle,
        firstSeq,
        recordCount: 0,
      });
      continue;
    }

    const trade =
      i === 3 || i === 8 ? (CESS_TRADES[i === 3 ? 0 : 1] ?? rng.pick(TRADES)) : rng.pick(TRADES);
    const typeRoll = rng.float();
    const typeChar =
      typeRoll < 0.55
        ? 'C'
        : typeRoll < 0.75
          ? 'F'
          : typeRoll < 0.95
            ? 'P'
            : typeRoll < 0.97
              ? 'H'
              : typeRoll < 0.985
                ? 'A'
                : 'T';
    let name = '';
    for (let attempt = 0; attempt < 50; attempt++) {
      const q = rng.pick(NAME_QUALIFIERS);
      const base = `${rng.pick(NAME_PREFIXES)}${q ? ` ${q}` : ''} ${trade.word}`;
      const suffix =
        typeChar === 'C'
          ? rng.pick([' Pvt Ltd', ' Pvt Ltd', ' Private Limited', ' Limited', ' India Pvt Ltd'])
          : typeChar === 'F'
            ? rng.pick(['', ' & Co', ' LLP', ' & Sons'])
            : typeChar === 'T'
              ? ' Trust'
              : typeChar === 'H'
                ? ' (HUF)'
                : '';
      name = base + suffix;
      if (!names.has(name)) break;
      if (attempt === 49) name = `${name} ${i}`;
    }
    names.add(name);
    const nameLetter = typeChar === 'P' ? rng.pick([...ALPHA]) : name.charAt(0);
    const pan = newPan(typeChar, nameLetter);
    const state = recipientStateValid && rng.chance(0.45) ? recipientState : otherState();
    out.push({
      gstin: gstinFor(state, pan),
      pan,
      stateCode: state,
      stateAbbr: STATE_ABBR.get(state) ?? 'XX',
      tradeName: name,
      initials: initialsOf(name),
      eco: false,
      intra: state === recipientState,
      weight,
      rateBp: trade.rateBp,
      cessBp: trade.cessBp,
      sizeClass,
      invoiceStyle,
      noteStyle,
      firstSeq,
      recordCount: 0,
    });
  }

  const ecoStart = rng.int(ECO_NAMES.length);
  for (let k = 0; k < nEco; k++) {
    const [name, rateBp] = ECO_NAMES[(ecoStart + k) % ECO_NAMES.length] ?? [
      'Quickbite Foodtech Pvt Ltd',
      500,
    ];
    const pan = newPan('C', name.charAt(0));
    const state = recipientStateValid && rng.chance(0.7) ? recipientState : otherState();
    out.push({
      gstin: gstinFor(state, pan),
      pan,
      stateCode: state,
      stateAbbr: STATE_ABBR.get(state) ?? 'XX',
      tradeName: name,
      initials: initialsOf(name),
      eco: true,
      intra: state === recipientState,
      weight: (1 / (k + 1)) * (0.7 + 0.6 * rng.float()),
      rateBp,
      cessBp: 0,
      sizeClass: 0,
      invoiceStyle: ECO_STYLE,
      noteStyle: NOTE_STYLES[0] ?? ((_s, t, q) => `${t}N-${q}`),
      firstSeq: rng.range(1000, 400000),
      recordCount: 0,
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Sections and counts.

const SHARE_PERMILLE: Readonly<Record<Section, number>> = {
  b2b: 780,
  b2ba: 30,
  b2bdn: 40,
  b2bdna: 10,
  b2bcn: 90,
  b2bcna: 10,
  ecom: 30,
  ecoma: 10,
};

function sectionCounts(count: number): Record<Section, number> {
  const counts = { b2b: 0, b2ba: 0, b2bdn: 0, b2bdna: 0, b2bcn: 0, b2bcna: 0, ecom: 0, ecoma: 0 };
  if (count >= 16) {
    let others = 0;
    for (const s of SECTIONS) {
      if (s === 'b2b') continue;
      counts[s] = Math.max(1, Math.round((count * SHARE_PERMILLE[s]) / 1000));
      others += counts[s];
    }
    counts.b2b = count - others;
    return counts;
  }
  // Largest remainder for tiny files.
  let given = 0;
  const rest: { s: Section; frac: number }[] = [];
  for (const s of SECTIONS) {
    const exact = (count * SHARE_PERMILLE[s]) / 1000;
    counts[s] = Math.floor(exact);
    given += counts[s];
    rest.push({ s, frac: exact - counts[s] });
  }
  rest.sort((a, b) => b.frac - a.frac);
  for (let i = 0; given < count; i++, given++) {
    const r = rest[i % rest.length];
    if (r) counts[r.s]++;
  }
  return counts;
}

// ---------------------------------------------------------------------------------------------
// Period window: two months before the IMS period, the period month, and the next month.

interface Month {
  readonly year: number;
  readonly month: number;
  readonly firstDay: number;
  readonly days: number;
  readonly rtnprd: string;
  readonly fy: number;
}

function monthAt(index: number): Month {
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const first = isoDate(year, month, 1);
  const next = isoDate(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1);
  if (first === null || next === null)
    throw new UsageError(`return period out of range: ${month}/${year}`);
  const firstDay = dayNumber(first);
  return {
    year,
    month,
    firstDay,
    days: dayNumber(next) - firstDay,
    rtnprd: `${pad(month, 2)}${year}`,
    fy: month >= 4 ? year : year - 1,
  };
}

// ---------------------------------------------------------------------------------------------
// Amounts, all in integer paise.

/** Relative weights of the leading digit 1-9 (Benford), times 1000. */
const BENFORD = new Weighted([301, 176, 125, 97, 79, 67, 58, 51, 46]);
const DECADES: readonly Weighted[] = [
  new Weighted([25, 45, 25, 5, 0]), // small tickets
  new Weighted([5, 25, 45, 22, 3]), // medium
  new Weighted([0, 8, 32, 45, 15]), // large
];
const POW10: readonly number[] = [100, 1000, 10000, 100000, 1000000];
const MIN_TAXABLE_PAISE = 30000; // Rs 300
const MAX_TAXABLE_PAISE = 750000000; // Rs 75 lakh

function taxablePaise(rng: Rng, sizeClass: number, shift: number): number {
  const decades = DECADES[Math.max(0, Math.min(2, sizeClass))] ?? DECADES[1];
  const e = Math.max(0, (decades ? decades.pick(rng) : 2) - shift);
  let lead = BENFORD.pick(rng) + 1;
  if (e === 4 && lead > 4) lead -= 4; // at most about 50 lakh
  const unit = POW10[e] ?? 100;
  let rupees = Math.floor((lead + rng.float()) * unit);
  const r = rng.float();
  if (r < 0.12 && rupees >= 1000) rupees = Math.round(rupees / 100) * 100; // round figures
  let p = rupees * 100;
  if (r >= 0.12 && r < 0.6) p += rng.int(100); // paise on about half the documents
  return Math.min(MAX_TAXABLE_PAISE, Math.max(MIN_TAXABLE_PAISE + rng.int(100) * 100, p));
}

/** Rounds a / b half up, for non-negative integers. */
function divRound(a: number, b: number): number {
  return Math.floor((2 * a + b) / (2 * b));
}

/** The GST 2.0 slabs (from 22 September 2025), in basis points. */
const RATES_BP: readonly number[] = [500, 1800, 4000];
const RATE_MIX = new Weighted([30, 62, 8]);

// ---------------------------------------------------------------------------------------------
// Drafts: one per record before it is written out. A class keeps one shape for all of them.

class Draft {
  num = '';
  txval = 0;
  igst = 0;
  cgst = 0;
  sgst = 0;
  cess = 0;
  /** Main rate, kept so an amendment can reuse its original's rate. */
  rateBp = 0;
  cessBp = 0;
  onum: string | null = null;
  oday = 0;

  constructor(
    readonly sup: number,
    public day: number,
  ) {}

  addTax(txval: number, rateBp: number, cessBp: number, intra: boolean): void {
    if (intra) {
      const half = divRound(txval * rateBp, 20000);
      this.cgst += half;
      this.sgst += half;
    } else {
      this.igst += divRound(txval * rateBp, 10000);
    }
    if (cessBp > 0) this.cess += divRound(txval * cessBp, 10000);
  }
}

const BASE_OF: Readonly<
  Record<'b2ba' | 'b2bdna' | 'b2bcna' | 'ecoma', 'b2b' | 'b2bdn' | 'b2bcn' | 'ecom'>
> = {
  b2ba: 'b2b',
  b2bdna: 'b2bdn',
  b2bcna: 'b2bcn',
  ecoma: 'ecom',
};

export function generateImsDownload(opts: GenerateOptions): GeneratedIms {
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

  const rng = new Rng(Math.trunc(seed));
  const recipientState = stateCodeOf(recipient);
  const pos = recipientState;
  const suppliers = makeSuppliers(rng, supplierCount, recipientState, panOf(recipient));
  const supplierAt = (i: number): SupplierModel => {
    const s = suppliers[i];
    if (!s) throw new RangeError(`no supplier ${i}`);
    return s;
  };

  // The window: two months before the IMS period, the period month, and the next month
  // (documents dated after the period end: goods in transit).
  const periodIndex = Number(returnPeriod.slice(2)) * 12 + Number(returnPeriod.slice(0, 2)) - 1;
  const months = [
    monthAt(periodIndex - 2),
    monthAt(periodIndex - 1),
    monthAt(periodIndex),
    monthAt(periodIndex + 1),
  ] as const;
  const [m0, , , mNext] = months;
  const windowStart = m0.firstDay;
  const dayCount = mNext.firstDay + mNext.days - windowStart;
  const dateText: string[] = [];
  const monthOfDay = new Uint8Array(dayCount);
  for (let d = 0; d < dayCount; d++) {
    dateText.push(toPortalDate(fromDayNumber(windowStart + d)));
    let mi = 0;
    while (mi < 3 && windowStart + d >= (months[mi + 1] as Month).firstDay) mi++;
    monthOfDay[d] = mi;
  }
  const monthPick = new Weighted([16, 27, 55, 2]);
  const drawDay = (allowNext: boolean): number => {
    let mi = monthPick.pick(rng);
    if (mi === 3 && !allowNext) mi = 2;
    const m = months[mi] as Month;
    const dom = mi === 3 ? rng.int(Math.min(10, m.days)) : rng.int(m.days);
    return m.firstDay + dom - windowStart;
  };
  const lastDayBeforeNext = mNext.firstDay - windowStart - 1;

  // Supplier pools; every supplier gets one record first while records last, then the skew.
  const regular = suppliers.flatMap((s, i) => (s.eco ? [] : [i]));
  const ecos = suppliers.flatMap((s, i) => (s.eco ? [i] : []));
  const regularPool = regular.length > 0 ? regular : ecos;
  const ecoPool = ecos.length > 0 ? ecos : regular;
  const regularPick = new Weighted(regularPool.map((i) => supplierAt(i).weight));
  const ecoPick = new Weighted(ecoPool.map((i) => supplierAt(i).weight));
  const uncovered = { regular: [...regularPool].reverse(), eco: [...ecoPool].reverse() };
  const drawSupplier = (eco: boolean): number => {
    const next = (eco ? uncovered.eco : uncovered.regular).pop();
    if (next !== undefined) return next;
    return (eco ? ecoPool[ecoPick.pick(rng)] : regularPool[regularPick.pick(rng)]) ?? 0;
  };

  const counts = sectionCounts(count);
  const supOf = {} as Record<Section, Int32Array>;
  for (const sec of SECTIONS) {
    const eco = sec === 'ecom' || sec === 'ecoma';
    const arr = new Int32Array(counts[sec]);
    for (let i = 0; i < arr.length; i++) {
      const sup = drawSupplier(eco);
      arr[i] = sup;
      supplierAt(sup).recordCount++;
    }
    supOf[sec] = arr;
  }

  /** Next sequence number per base section and supplier; amendments draw from their base's series. */
  const seqs = new Map<Section, Int32Array>();
  const numberFor = (base: Section, sup: number, day: number): string => {
    const s = supplierAt(sup);
    let counter = seqs.get(base);
    if (!counter) {
      counter = Int32Array.from(suppliers, (x) => x.firstSeq);
      seqs.set(base, counter);
    }
    const q = counter[sup] ?? 1;
    // Other customers' documents fall in between; fewer gaps for suppliers with many documents here.
    const gapMax = Math.max(1, Math.min(12, Math.floor(80000 / Math.max(1, s.recordCount))));
    counter[sup] = q + 1 + (gapMax > 1 ? rng.int(gapMax) : 0);
    const fy = (months[monthOfDay[day] ?? 2] as Month).fy;
    const text =
      base === 'b2bcn' || base === 'b2bdn'
        ? s.noteStyle(s, base === 'b2bcn' ? 'C' : 'D', q, fy)
        : s.invoiceStyle(s, q, fy);
    return text.length <= 16 ? text : `${s.initials}${q}`.slice(-16);
  };
  const fillAmounts = (d: Draft, shift: number, mixed: boolean): void => {
    const s = supplierAt(d.sup);
    const rateBp = rng.chance(0.8) ? s.rateBp : (RATES_BP[RATE_MIX.pick(rng)] ?? 1800);
    const cessBp = rateBp === 4000 && s.cessBp > 0 ? s.cessBp : 0;
    const txval = taxablePaise(rng, s.sizeClass, shift);
    d.txval = txval;
    d.rateBp = rateBp;
    d.cessBp = cessBp;
    if (mixed && txval >= 200000 && rng.chance(0.12)) {
      // A two-rate invoice: the IMS record carries only the totals.
      const part = Math.floor((txval * (55 + rng.int(40))) / 100);
      let rate2 = RATES_BP[rng.int(RATES_BP.length)] ?? 500;
      if (rate2 === rateBp) rate2 = rateBp === 1800 ? 500 : 1800;
      d.addTax(part, rateBp, cessBp, s.intra);
      d.addTax(txval - part, rate2, 0, s.intra);
    } else {
      d.addTax(txval, rateBp, cessBp, s.intra);
    }
  };
  /** Stable order by supplier, then date (a numeric key sort: fast for 100,000 records). */
  const sortBySupplierAndDay = (list: Draft[]): Draft[] => {
    let slots = 1;
    while (slots <= list.length) slots *= 2;
    const keys = new Float64Array(list.length);
    list.forEach((d, i) => {
      keys[i] = (d.sup * 512 + d.day) * slots + i;
    });
    keys.sort();
    return Array.from(keys, (k) => list[k % slots] as Draft);
  };

  const drafts = {} as Record<Section, Draft[]>;
  // Originals: date and amounts first, then numbers in date order per supplier.
  for (const sec of ['b2b', 'b2bdn', 'b2bcn', 'ecom'] as const) {
    const shift = sec === 'b2bdn' || sec === 'b2bcn' ? 1 : 0; // notes are smaller than invoices
    const list: Draft[] = [];
    for (const sup of supOf[sec]) {
      const d = new Draft(sup, drawDay(true));
      fillAmounts(d, shift, sec === 'b2b');
      list.push(d);
    }
    const sorted = sortBySupplierAndDay(list);
    for (const d of sorted) d.num = numberFor(sec, d.sup, d.day);
    drafts[sec] = sorted;
  }

  // Amendments: each points at an original of the same supplier, in this file or not.
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
      const avail = bySup.get(sup);
      let o: Draft | undefined;
      if (avail && avail.length > 0 && rng.chance(0.55)) {
        const k = rng.int(avail.length);
        o = originals[avail[k] ?? 0];
        avail[k] = avail[avail.length - 1] ?? 0;
        avail.pop();
      }
      const d = new Draft(sup, 0);
      if (o) {
        // Revised value of a document in this file, same rate.
        d.onum = o.num;
        d.oday = o.day;
        d.txval = Math.max(MIN_TAXABLE_PAISE, Math.round(o.txval * (0.8 + 0.4 * rng.float())));
        d.rateBp = o.rateBp;
        d.cessBp = o.cessBp;
        d.addTax(d.txval, o.rateBp, o.cessBp, supplierAt(sup).intra);
      } else {
        // An original no longer in IMS (acted on and closed), or never part of this download.
        d.oday = drawDay(false);
        d.onum = numberFor(base, sup, d.oday);
        fillAmounts(d, sec === 'b2ba' || sec === 'ecoma' ? 0 : 1, false);
      }
      d.num = d.onum;
      d.day = d.oday;
      if (rng.chance(0.3)) {
        // The supplier corrected the number and date too.
        // Never before the original (an original can lie past the download's last day).
        d.day = Math.max(d.oday, Math.min(lastDayBeforeNext, d.oday + rng.int(15)));
        d.num = numberFor(base, sup, d.day);
      }
      list.push(d);
    }
    drafts[sec] = sortBySupplierAndDay(list);
  }

  // Write the records in the portal's spelling.
  const json: Record<string, unknown[]> = {};
  const hasher = new Hasher();
  for (const sec of SECTIONS) {
    const info = SECTION_INFO[sec];
    const amendment = info.originalNumberKey !== null;
    const out: Record<string, unknown>[] = [];
    for (const d of drafts[sec]) {
      const s = supplierAt(d.sup);
      const docMonth = monthOfDay[d.day] ?? 2;
      const r1a = rng.chance(0.04);
      let rtnMonth = docMonth;
      // Reported in the next month's return: late reporting, and most amendments.
      if (docMonth < 3 && !r1a && rng.chance(amendment ? 0.6 : docMonth === 2 ? 0.05 : 0.12))
        rtnMonth = docMonth + 1;
      const rtnprd = (months[rtnMonth] as Month).rtnprd;
      const notFiled = rng.chance(rtnMonth === 3 ? 0.25 : rtnMonth === 2 ? 0.035 : 0.01);

      let invTyp: string | null = null;
      if (info.hasInvType) {
        const r = rng.float();
        invTyp = r < 0.02 && !s.intra ? 'SEWP' : r > 0.985 ? 'DE' : 'R';
      }
      const val = d.txval + d.igst + d.cgst + d.sgst + d.cess;

      const pendBlocked =
        sec === 'b2bcn'
          ? rng.chance(0.85)
          : sec === 'b2bcna'
            ? rng.chance(0.7)
            : amendment
              ? rng.chance(0.25)
              : false;
      const a = rng.float();
      let action = a < 0.85 ? 'N' : a < 0.94 ? 'A' : a < 0.965 ? 'R' : 'P';
      if (docMonth === 3 && rng.chance(0.3)) action = 'P'; // goods in transit: keep for later
      if (action === 'P' && pendBlocked) action = 'A';

      const date = dateText[d.day] ?? '';
      const odate = amendment ? (dateText[d.oday] ?? '') : '';
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
        pos,
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
      out.push(rec);
    }
    json[sec] = out;
  }

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

interface RecordFields {
  stin: string;
  tradenm: string;
  onum: string;
  odate: string;
  num: string;
  date: string;
  invTyp: string;
  srcform: string;
  rtnprd: string;
  srcfilstatus: string;
  val: number;
  pos: string;
  txval: number;
  iamt: number;
  camt: number;
  samt: number;
  cess: number;
  action: string;
  ispendactblocked: string;
  hash: string;
}

/**
 * One record in the portal's spelling and key order (ims-formats.md section 2). One object
 * literal per section layout: much faster than adding keys one by one.
 */
function buildRecord(sec: Section, f: RecordFields): Record<string, unknown> {
  switch (sec) {
    case 'b2b':
      return {
        stin: f.stin,
        tradenm: f.tradenm,
        inum: f.num,
        idt: f.date,
        inv_typ: f.invTyp,
        srcform: f.srcform,
        rtnprd: f.rtnprd,
        srcfilstatus: f.srcfilstatus,
        val: f.val,
        pos: f.pos,
        txval: f.txval,
        iamt: f.iamt,
        camt: f.camt,
        samt: f.samt,
        cess: f.cess,
        action: f.action,
        ispendactblocked: f.ispendactblocked,
        hash: f.hash,
      };
    case 'b2ba':
      return {
        stin: f.stin,
        tradenm: f.tradenm,
        oinum: f.onum,
        oidt: f.odate,
        inum: f.num,
        idt: f.date,
        inv_typ: f.invTyp,
        srcform: f.srcform,
        rtnprd: f.rtnprd,
        srcfilstatus: f.srcfilstatus,
        val: f.val,
        pos: f.pos,
        txval: f.txval,
        iamt: f.iamt,
        camt: f.camt,
        samt: f.samt,
        cess: f.cess,
        action: f.action,
        ispendactblocked: f.ispendactblocked,
        hash: f.hash,
      };
    case 'b2bdn':
    case 'b2bcn':
      return {
        stin: f.stin,
        tradenm: f.tradenm,
        nt_num: f.num,
        nt_dt: f.date,
        inv_typ: f.invTyp,
        srcform: f.srcform,
        rtnprd: f.rtnprd,
        srcfilstatus: f.srcfilstatus,
        val: f.val,
        pos: f.pos,
        txval: f.txval,
        iamt: f.iamt,
        camt: f.camt,
        samt: f.samt,
        cess: f.cess,
        action: f.action,
        ispendactblocked: f.ispendactblocked,
        hash: f.hash,
      };
    case 'b2bdna':
    case 'b2bcna':
      return {
        stin: f.stin,
        tradenm: f.tradenm,
        ont_num: f.onum,
        ont_dt: f.odate,
        nt_num: f.num,
        nt_dt: f.date,
        inv_typ: f.invTyp,
        srcform: f.srcform,
        rtnprd: f.rtnprd,
        srcfilstatus: f.srcfilstatus,
        val: f.val,
        pos: f.pos,
        txval: f.txval,
        iamt: f.iamt,
        camt: f.camt,
        samt: f.samt,
        cess: f.cess,
        action: f.action,
        ispendactblocked: f.ispendactblocked,
        hash: f.hash,
      };
    case 'ecom':
      return {
        stin: f.stin,
        tradenm: f.tradenm,
        inum: f.num,
        idt: f.date,
        srcform: f.srcform,
        rtnprd: f.rtnprd,
        srcfilstatus: f.srcfilstatus,
        val: f.val,
        pos: f.pos,
        txval: f.txval,
        iamt: f.iamt,
        camt: f.camt,
        samt: f.samt,
        cess: f.cess,
        action: f.action,
        ispendactblocked: f.ispendactblocked,
        hash: f.hash,
      };
    case 'ecoma':
      return {
        stin: f.stin,
        tradenm: f.tradenm,
        oinum: f.onum,
        oidt: f.odate,
        inum: f.num,
        idt: f.date,
        srcform: f.srcform,
        rtnprd: f.rtnprd,
        srcfilstatus: f.srcfilstatus,
        val: f.val,
        pos: f.pos,
        txval: f.txval,
        iamt: f.iamt,
        camt: f.camt,
        samt: f.samt,
        cess: f.cess,
        action: f.action,
        ispendactblocked: f.ispendactblocked,
        hash: f.hash,
      };
  }
}

// ---------------------------------------------------------------------------------------------
// Record hash: two 32-bit running hashes over the record's content, expanded to 64 hex
// characters. Not cryptographic; the portal's own hash is opaque to us anyway.

const HEX_CODES: readonly number[] = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

class Hasher {
  private h1 = 0;
  private h2 = 0;
  private readonly codes: number[] = new Array<number>(64).fill(48);

  reset(tag: string): this {
    this.h1 = 0x011c9dc5;
    this.h2 = 0x1747b28c;
    return this.str(tag);
  }

  str(text: string): this {
    let h1 = this.h1;
    let h2 = this.h2;
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    }
    // A separator so that ("ab","c") and ("a","bc") differ.
    this.h1 = Math.imul(h1 ^ 0x7c, 0x01000193);
    this.h2 = Math.imul(h2 ^ (h2 >>> 15) ^ 0x7c, 0x5bd1e995);
    return this;
  }

  num(n: number): this {
    const lo = n | 0;
    const hi = Math.floor(n / 4294967296) | 0;
    this.h1 = Math.imul(this.h1 ^ lo, 0x01000193) ^ hi;
    this.h2 = Math.imul(this.h2 ^ (this.h2 >>> 15) ^ lo, 0x5bd1e995) + hi;
    return this;
  }

  hex64(): string {
    const codes = this.codes;
    for (let k = 0; k < 8; k++) {
      let w = mix32((this.h1 + Math.imul(k + 1, 0x9e3779b9)) ^ mix32(this.h2 + k));
      for (let j = 7; j >= 0; j--) {
        codes[k * 8 + j] = HEX_CODES[w & 15] ?? 48;
        w >>>= 4;
      }
    }
    return String.fromCharCode(...codes);
  }
}
