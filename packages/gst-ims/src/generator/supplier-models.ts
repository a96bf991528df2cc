// The invented suppliers of a generated download: names, PANs, GSTINs, states, trades and the
// way each numbers its documents. Deterministic from the generator's Rng.
import { withCheckChar } from '../core/gstin.js';
import type { Rng } from './rng.js';
import { Weighted } from './weighted.js';

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

export const pad = (n: number, w: number): string => String(n).padStart(w, '0');
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

export interface SupplierModel {
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

/** The states suppliers are registered in: the recipient's, or another by trade volume. */
class StatePicker {
  readonly list: readonly (readonly [string, string, number])[];
  readonly recipientValid: boolean;
  readonly #pick: Weighted;

  constructor(
    private readonly rng: Rng,
    readonly recipient: string,
  ) {
    this.list = STATE_WEIGHTS.filter(([c]) => c !== recipient);
    this.#pick = new Weighted(this.list.map(([, , w]) => w));
    this.recipientValid = STATE_ABBR.has(recipient);
  }

  other(): string {
    return (this.list[this.#pick.pick(this.rng)] ?? ['27'])[0];
  }

  /** The recipient's state with probability p (when it is a real state), else another. */
  recipientOr(p: number): string {
    return this.recipientValid && this.rng.chance(p) ? this.recipient : this.other();
  }
}

/** PANs, GSTINs and names handed out once each. */
class SupplierIds {
  readonly #pans: Set<string>;
  readonly #gstins = new Set<string>();
  readonly names = new Set<string>();

  constructor(
    private readonly rng: Rng,
    recipientPan: string,
  ) {
    this.#pans = new Set<string>([recipientPan]);
  }

  pan(typeChar: string, nameLetter: string): string {
    const rng = this.rng;
    for (;;) {
      const l1 = rng.chance(0.75) ? 'A' : rng.pick(['B', 'C', 'D', 'E']);
      const p = `${l1}${rng.pick([...ALPHA])}${rng.pick([...ALPHA])}${typeChar}${nameLetter}${pad(rng.range(1, 9999), 4)}${rng.pick([...ALPHA])}`;
      if (!this.#pans.has(p)) {
        this.#pans.add(p);
        return p;
      }
    }
  }

  gstin(state: string, pan: string): string {
    for (let attempt = 0; ; attempt++) {
      const entity =
        attempt > 0
          ? '23456789ABCDEFGHJKLMNPQRSTUVWXY'.charAt(attempt % 30)
          : this.rng.chance(0.85)
            ? '1'
            : this.rng.chance(0.67)
              ? '2'
              : '3';
      const g = withCheckChar(`${state}${pan}${entity}Z`);
      if (!this.#gstins.has(g)) {
        this.#gstins.add(g);
        return g;
      }
    }
  }
}

/** What every regular supplier draws first, in this order (the Rng sequence is the data). */
interface SupplierTraits {
  readonly weight: number;
  readonly sizeClass: number;
  readonly invoiceStyle: InvoiceStyle;
  readonly noteStyle: NoteStyle;
  readonly firstSeq: number;
}

export function makeSuppliers(
  rng: Rng,
  n: number,
  recipientState: string,
  recipientPan: string,
): SupplierModel[] {
  const states = new StatePicker(rng, recipientState);
  const ids = new SupplierIds(rng, recipientPan);
  const nEco = n >= 40 ? 3 : n >= 10 ? 2 : n >= 3 ? 1 : 0;
  const nRegular = n - nEco;
  const pairTarget = nRegular >= 4 ? Math.max(1, Math.floor(nRegular / 10)) : nRegular >= 2 ? 1 : 0;
  const ranks = zipfRanks(rng, nRegular);
  const out: SupplierModel[] = [];
  let pairs = 0;
  for (let i = 0; i < nRegular; i++) {
    const rank = ranks[i] ?? i;
    const traits: SupplierTraits = {
      weight: (1 / (rank + 1)) * (0.7 + 0.6 * rng.float()),
      sizeClass: rng.chance(0.3) ? 0 : rng.chance(0.7) ? 1 : 2,
      invoiceStyle: rng.pick(INVOICE_STYLES),
      noteStyle: rng.pick(NOTE_STYLES),
      firstSeq: rng.range(1, 1500),
    };
    const prev = out[i - 1];
    if (prev && pairs < pairTarget && i % 10 === 1) {
      pairs++;
      out.push(secondRegistration(prev, traits, states, ids));
    } else {
      out.push(regularSupplier(rng, i, traits, states, ids));
    }
  }
  const ecoStart = rng.int(ECO_NAMES.length);
  for (let k = 0; k < nEco; k++) out.push(ecommerceOperator(rng, k, ecoStart, states, ids));
  return out;
}

/** Skewed weights: Zipf over a random rank order (a few big suppliers, a long tail). */
function zipfRanks(rng: Rng, n: number): number[] {
  const ranks = Array.from({ length: n }, (_, i) => i);
  for (let i = ranks.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = ranks[i] ?? 0;
    ranks[i] = ranks[j] ?? 0;
    ranks[j] = t;
  }
  return ranks;
}

/** The same company (same PAN and name), registered in a second state. */
function secondRegistration(
  prev: SupplierModel,
  traits: SupplierTraits,
  states: StatePicker,
  ids: SupplierIds,
): SupplierModel {
  const recipientState = states.recipient;
  const state = prev.intra || !states.recipientValid ? states.other() : recipientState;
  const finalState =
    state === prev.stateCode
      ? (states.list.find(([c]) => c !== prev.stateCode) ?? ['07'])[0]
      : state;
  return {
    ...prev,
    gstin: ids.gstin(finalState, prev.pan),
    stateCode: finalState,
    stateAbbr: STATE_ABBR.get(finalState) ?? 'XX',
    intra: finalState === recipientState,
    ...traits,
    recordCount: 0,
  };
}

/** PAN entity type: company, firm, person, HUF, association, trust. */
function entityTypeOf(roll: number): string {
  if (roll < 0.55) return 'C';
  if (roll < 0.75) return 'F';
  if (roll < 0.95) return 'P';
  if (roll < 0.97) return 'H';
  return roll < 0.985 ? 'A' : 'T';
}

function legalSuffix(rng: Rng, typeChar: string): string {
  switch (typeChar) {
    case 'C':
      return rng.pick([' Pvt Ltd', ' Pvt Ltd', ' Private Limited', ' Limited', ' India Pvt Ltd']);
    case 'F':
      return rng.pick(['', ' & Co', ' LLP', ' & Sons']);
    case 'T':
      return ' Trust';
    case 'H':
      return ' (HUF)';
    default:
      return '';
  }
}

/** A trade name not given yet ("Shree Ganesh Steels Pvt Ltd"). */
function uniqueName(rng: Rng, i: number, trade: Trade, typeChar: string, ids: SupplierIds): string {
  let name = '';
  for (let attempt = 0; attempt < 50; attempt++) {
    const q = rng.pick(NAME_QUALIFIERS);
    const base = `${rng.pick(NAME_PREFIXES)}${q ? ` ${q}` : ''} ${trade.word}`;
    name = base + legalSuffix(rng, typeChar);
    if (!ids.names.has(name)) break;
    if (attempt === 49) name = `${name} ${i}`;
  }
  ids.names.add(name);
  return name;
}

function regularSupplier(
  rng: Rng,
  i: number,
  traits: SupplierTraits,
  states: StatePicker,
  ids: SupplierIds,
): SupplierModel {
  const trade =
    i === 3 || i === 8 ? (CESS_TRADES[i === 3 ? 0 : 1] ?? rng.pick(TRADES)) : rng.pick(TRADES);
  const typeChar = entityTypeOf(rng.float());
  const name = uniqueName(rng, i, trade, typeChar, ids);
  const nameLetter = typeChar === 'P' ? rng.pick([...ALPHA]) : name.charAt(0);
  const pan = ids.pan(typeChar, nameLetter);
  const state = states.recipientOr(0.45);
  return {
    gstin: ids.gstin(state, pan),
    pan,
    stateCode: state,
    stateAbbr: STATE_ABBR.get(state) ?? 'XX',
    tradeName: name,
    initials: initialsOf(name),
    eco: false,
    intra: state === states.recipient,
    weight: traits.weight,
    rateBp: trade.rateBp,
    cessBp: trade.cessBp,
    sizeClass: traits.sizeClass,
    invoiceStyle: traits.invoiceStyle,
    noteStyle: traits.noteStyle,
    firstSeq: traits.firstSeq,
    recordCount: 0,
  };
}

/** An e-commerce operator paying tax under s.9(5): the supplier of ecom/ecoma records. */
function ecommerceOperator(
  rng: Rng,
  k: number,
  ecoStart: number,
  states: StatePicker,
  ids: SupplierIds,
): SupplierModel {
  const [name, rateBp] = ECO_NAMES[(ecoStart + k) % ECO_NAMES.length] ?? [
    'Quickbite Foodtech Pvt Ltd',
    500,
  ];
  const pan = ids.pan('C', name.charAt(0));
  const state = states.recipientOr(0.7);
  return {
    gstin: ids.gstin(state, pan),
    pan,
    stateCode: state,
    stateAbbr: STATE_ABBR.get(state) ?? 'XX',
    tradeName: name,
    initials: initialsOf(name),
    eco: true,
    intra: state === states.recipient,
    weight: (1 / (k + 1)) * (0.7 + 0.6 * rng.float()),
    rateBp,
    cessBp: 0,
    sizeClass: 0,
    invoiceStyle: ECO_STYLE,
    noteStyle: NOTE_STYLES[0] ?? ((_s, t, q) => `${t}N-${q}`),
    firstSeq: rng.range(1000, 400000),
    recordCount: 0,
  };
}
