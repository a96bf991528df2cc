// Cell parsers for purchase-register files: amounts, dates, document types, places of supply.
// A cell is what the sheet holds: text from CSV, and text, numbers or dates from .xlsx.
import type { DocType, IsoDate } from '../core/index.js';
import type { RegisterBadRowCode } from '../core/index.js';
import { dayNumber, fromDayNumber, isoDate } from '../core/index.js';

/**
 * A formula cell saved without its computed value (a workbook written by a program that does not
 * calculate): its amount is unknown, never 0. The workbook reader makes these.
 */
export class UncomputedFormula {
  /** `formula`: its text without the "=", or '' when the reader does not keep it. */
  constructor(readonly formula: string) {}
}

export type Cell = string | number | boolean | Date | UncomputedFormula | null;

/** A failure carries a stable reason code (UPPER_SNAKE) and words for a person. */
export type Parsed<T> =
  { ok: true; value: T } | { ok: false; code: RegisterBadRowCode; message: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(code: RegisterBadRowCode, message: string): Parsed<T> => ({
  ok: false,
  code,
  message,
});

export const FORMULA_WITHOUT_VALUE = 'FORMULA_WITHOUT_VALUE' satisfies RegisterBadRowCode;
export const FORMULA_MESSAGE =
  'a formula saved without its value (the file was written by a program that does not calculate); open it in Excel or LibreOffice and save it again';

export function cellText(c: Cell): string {
  if (c === null) return '';
  // A CSV's cells are all text, read several times a row: no regular expression for the many
  // without a no-break space (trim gives back the string itself when there is nothing to trim).
  if (typeof c === 'string')
    return c.indexOf('\u00a0') < 0 ? c.trim() : c.replace(/\u00a0/g, ' ').trim();
  // Shown as the formula, so that a row of such cells is not taken for a blank one.
  if (c instanceof UncomputedFormula) return c.formula === '' ? '(a formula)' : `=${c.formula}`;
  if (c instanceof Date) return Number.isNaN(c.getTime()) ? '' : c.toISOString().slice(0, 10);
  if (typeof c === 'number') return Number.isInteger(c) ? String(c) : String(c);
  return c ? 'TRUE' : 'FALSE';
}

export const isBlank = (c: Cell): boolean => cellText(c) === '';

// ---------------------------------------------------------------------------------------------
// Amounts

/**
 * A rupee amount to signed paise. Accepts numbers, and text with thousands separators (Western
 * 1,234,567.00 or Indian 12,34,567.00), a rupee sign, "Rs."/"INR", a minus sign in front or behind
 * (SAP writes "1,180.00-"), or parentheses for negatives. A blank cell, or the "-" that accounting
 * formats show for zero, is 0. More than two decimals (other than trailing zeros) are refused, as
 * the IMS import refuses them (core/money.ts rupeesToPaise): rounding would change the books'
 * figure without a word. A number cell may carry the binary noise of spreadsheet arithmetic
 * (0.1 + 0.2), a few units in the last place: that is not a third decimal.
 */
/**
 * A plain amount ("1234.56": 1 to 15 digits, then at most two decimals after a point) in paise,
 * read by a scan of its characters (no match objects: a register has several amounts per row);
 * null for anything else, which parseAmount then reads the general way.
 */
export function plainPaise(text: string): number | null {
  const len = text.length;
  let whole = 0;
  let i = 0;
  for (; i < len; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    whole = whole * 10 + (c - 48);
  }
  if (i === 0 || i > 15) return null;
  let frac = 0;
  if (i < len) {
    if (text.charCodeAt(i) !== 46) return null;
    const decimals = len - i - 1;
    if (decimals < 1 || decimals > 2) return null;
    for (let k = i + 1; k < len; k++) {
      const c = text.charCodeAt(k);
      if (c < 48 || c > 57) return null;
      frac = frac * 10 + (c - 48);
    }
    if (decimals === 1) frac *= 10;
  }
  // Up to 15 digits: the whole part is exact in a double; so is the sum unless it is too large.
  const p = whole * 100 + frac;
  return Number.isSafeInteger(p) ? p : null;
}

export const AMOUNT_DECIMALS = 'AMOUNT_DECIMALS' satisfies RegisterBadRowCode;
const DECIMALS_MESSAGE = 'expected an amount in rupees with at most 2 decimals';

export function parseAmount(c: Cell): Parsed<number> {
  if (c === null) return ok(0);
  if (c instanceof UncomputedFormula) return fail(FORMULA_WITHOUT_VALUE, FORMULA_MESSAGE);
  if (typeof c === 'number') {
    if (!Number.isFinite(c)) return fail('BAD_AMOUNT', 'not a number');
    const exact = Math.abs(c) * 100;
    const whole = Math.round(exact);
    if (Math.abs(exact - whole) > Math.max(1e-6, exact * 2e-15))
      return fail(AMOUNT_DECIMALS, DECIMALS_MESSAGE);
    const p = Math.sign(c) * whole;
    return Number.isSafeInteger(p) ? ok(p === 0 ? 0 : p) : fail('AMOUNT_TOO_LARGE', 'too large');
  }
  if (typeof c === 'boolean' || c instanceof Date)
    return fail('BAD_AMOUNT', 'expected an amount in rupees');
  // Most cells are plain "1234.56": read them directly (the same value the general path gives).
  const plain = plainPaise(c);
  if (plain !== null) return ok(plain);
  let t = c.replace(/[\u00a0\s]/g, '');
  if (t === '' || /^[-\u2013\u2014]$/.test(t)) return ok(0);
  let neg = false;
  const paren = /^\((.*)\)$/.exec(t);
  if (paren) {
    neg = true;
    t = paren[1] ?? '';
  }
  t = t.replace(/^(₹|rs\.?|inr)/i, '').replace(/(₹|rs\.?|inr)$/i, '');
  if (t.startsWith('-')) {
    neg = !neg;
    t = t.slice(1);
  } else if (t.endsWith('-')) {
    neg = !neg;
    t = t.slice(0, -1);
  } else if (t.startsWith('+')) t = t.slice(1);
  t = t.replace(/^(₹|rs\.?|inr)/i, '');
  const m = /^(\d{1,3}(?:,\d{2})*,\d{3}|\d{1,3}(?:,\d{3})+|\d*)(?:\.(\d*))?$/.exec(t);
  if (!m || (m[1] === '' && (m[2] ?? '') === ''))
    return fail('BAD_AMOUNT', 'expected an amount in rupees such as 1,180.00');
  const whole = (m[1] ?? '').replace(/,/g, '') || '0';
  const frac = (m[2] ?? '').replace(/0+$/, '');
  if (frac.length > 2) return fail(AMOUNT_DECIMALS, DECIMALS_MESSAGE);
  const p = Number(whole) * 100 + Number((frac + '00').slice(0, 2));
  if (!Number.isSafeInteger(p)) return fail('AMOUNT_TOO_LARGE', 'too large');
  return ok(neg && p !== 0 ? -p : p);
}

// ---------------------------------------------------------------------------------------------
// Dates

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1,
  january: 1,
  feb: 2,
  february: 2,
  mar: 3,
  march: 3,
  apr: 4,
  april: 4,
  may: 5,
  jun: 6,
  june: 6,
  jul: 7,
  july: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
};

const EXCEL_EPOCH = dayNumber('1899-12-30' as IsoDate);

/** An Excel serial day number (1900 date system) to a date; 61 and later as Excel counts them. */
export function excelSerialToDate(n: number): IsoDate | null {
  if (!Number.isFinite(n) || n < 1 || n >= 2958466) return null;
  const d = fromDayNumber(EXCEL_EPOCH + Math.floor(n + 1e-9));
  const y = Number(d.slice(0, 4));
  return y >= 1900 && y <= 2999 ? d : null;
}

const year = (t: string): number => (t.length === 2 ? 2000 + Number(t) : Number(t));

export type DayMonthOrder = 'dmy' | 'mdy';

/**
 * Dates as registers write them: DD-MM-YYYY, DD/MM/YYYY, DD.MM.YYYY (two-digit years are 20YY),
 * DD-MMM-YY and DD-MMM-YYYY (05-Apr-26), "Apr 5, 2026", ISO (with or without a time), YYYYMMDD,
 * Excel serial numbers, and date cells (read by their UTC parts, which is how exceljs stores
 * them). `order` 'mdy' reads a/b/yyyy as month/day, for files written on US-locale machines.
 */
export function parseRegisterDate(c: Cell, order: DayMonthOrder = 'dmy'): Parsed<IsoDate> {
  const bad = fail<IsoDate>(
    'BAD_DATE',
    'expected a date such as 05-04-2026, 05/04/2026, 05-Apr-26 or 2026-04-05',
  );
  if (c === null) return fail('NO_DATE', 'no date');
  if (c instanceof UncomputedFormula) return fail(FORMULA_WITHOUT_VALUE, FORMULA_MESSAGE);
  if (c instanceof Date) {
    const t = c.getTime();
    if (Number.isNaN(t)) return bad;
    // exceljs turns serials into UTC instants; a serial with float noise can land a hair before midnight.
    const day = Math.round(t / 86_400_000);
    const whole = Math.abs(t - day * 86_400_000) < 60_000 ? day : Math.floor(t / 86_400_000);
    const d = fromDayNumber(whole);
    const y = Number(d.slice(0, 4));
    return y >= 1900 && y <= 2999 ? ok(d) : bad;
  }
  if (typeof c === 'number') {
    const d = /^\d{8}$/.test(String(c)) ? ymdDigits(String(c)) : excelSerialToDate(c);
    return d ? ok(d) : bad;
  }
  if (typeof c === 'boolean') return bad;
  const t = c.trim().replace(/\s+/g, ' ');
  if (t === '') return fail('NO_DATE', 'no date');
  // ISO date, with an optional time part.
  let m =
    /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(
      t,
    );
  if (m) return orBad(isoDate(Number(m[1]), Number(m[2]), Number(m[3])), bad);
  // Numeric day, month and year, with an optional time part (00:00:00 from spreadsheets).
  m =
    /^(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4}|\d{2})(?: \d{1,2}:\d{2}(?::\d{2})?(?: ?[AP]M)?)?$/i.exec(
      t,
    );
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const [d, mo] = order === 'mdy' ? [b, a] : [a, b];
    return orBad(isoDate(year(m[3] ?? ''), mo, d), bad);
  }
  // Day, month name, year: 05-Apr-26, 5 April 2026, 05Apr2026.
  m = /^(\d{1,2})[-/. ]?([A-Za-z]{3,9})\.?[-/., ]*(\d{4}|\d{2})$/.exec(t);
  if (m) {
    const mo = MONTHS[(m[2] ?? '').toLowerCase()];
    return mo === undefined ? bad : orBad(isoDate(year(m[3] ?? ''), mo, Number(m[1])), bad);
  }
  // Month name, day, year: Apr 5, 2026.
  m = /^([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})$/.exec(t);
  if (m) {
    const mo = MONTHS[(m[1] ?? '').toLowerCase()];
    return mo === undefined ? bad : orBad(isoDate(Number(m[3]), mo, Number(m[2])), bad);
  }
  if (/^\d{8}$/.test(t)) return orBad(ymdDigits(t), bad);
  if (/^\d{4,6}(\.\d+)?$/.test(t)) return orBad(excelSerialToDate(Number(t)), bad);
  return bad;
}

function ymdDigits(t: string): IsoDate | null {
  const y = Number(t.slice(0, 4));
  if (y >= 1900 && y <= 2999) {
    const d = isoDate(y, Number(t.slice(4, 6)), Number(t.slice(6, 8)));
    if (d) return d;
  }
  return isoDate(Number(t.slice(4, 8)), Number(t.slice(2, 4)), Number(t.slice(0, 2)));
}

const orBad = (d: IsoDate | null, bad: Parsed<IsoDate>): Parsed<IsoDate> =>
  d === null ? bad : ok(d);

/**
 * Which way a column writes numeric day/month: 'mdy' only when some value can be read only that
 * way (second part above 12) and none only the other way.
 */
export function detectDayMonthOrder(cells: readonly Cell[]): DayMonthOrder {
  const evidence = new DayMonthEvidence();
  for (const c of cells) evidence.add(c);
  return evidence.order();
}

/** detectDayMonthOrder a cell at a time: the rows of a large file are never all held. */
export class DayMonthEvidence {
  #dmy = 0;
  #mdy = 0;
  add(c: Cell): void {
    if (typeof c !== 'string') return;
    const m = /^(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4}|\d{2})\b/.exec(c.trim());
    if (!m) return;
    const a = Number(m[1]);
    const b = Number(m[2]);
    if (a > 12 && b <= 12) this.#dmy++;
    else if (b > 12 && a <= 12) this.#mdy++;
  }
  order(): DayMonthOrder {
    return this.#mdy > 0 && this.#dmy === 0 ? 'mdy' : 'dmy';
  }
}

// ---------------------------------------------------------------------------------------------
// Document types

const words = (t: string): string[] =>
  t
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);

const INVOICE_WORDS = new Set([
  'invoice',
  'inv',
  'purchase',
  'purchases',
  'bill',
  'b2b',
  'b2ba',
  'regular',
  'r',
  'i',
  'tax',
  'sez',
  'sezwp',
  'sezwop',
  'sewp',
  'sewop',
  'de',
  'deemed',
  'exp',
  'exports',
  'export',
  'cbw',
  'ecom',
  'ecoma',
  'ecommerce',
  'supply',
  'supplies',
  'gst',
  'local',
  'interstate',
  'intrastate',
  'pur',
]);

/**
 * The document type a register row names, from its type column and an optional mode column
 * ("B2B"/"CDNR"). Credit and debit are decided by the words "credit"/"debit" (or C/D, CN/DN);
 * "purchase return" is the supplier's credit note. null: the text decides nothing (blank, or
 * "CDNR" alone); 'unknown': text that names no document type.
 */
export function parseDocType(typeText: string, modeText = ''): DocType | null | 'unknown' {
  const fromType = docTypeOf(typeText);
  if (fromType !== null && fromType !== 'unknown' && fromType !== 'note') return fromType;
  const fromMode = docTypeOf(modeText);
  if (fromMode !== null && fromMode !== 'unknown' && fromMode !== 'note') return fromMode;
  if (fromType === 'unknown') return 'unknown';
  // A mode column ("B2B", "CDNR") only helps: text it does not know is not an error.
  if (fromType === 'note' || fromMode === 'note') return null;
  return null;
}

function docTypeOf(text: string): DocType | 'note' | 'unknown' | null {
  const w = words(text);
  if (w.length === 0) return null;
  const joined = w.join(' ');
  if (
    w.includes('credit') ||
    w.includes('cn') ||
    w.includes('crn') ||
    joined === 'c' ||
    /\breturns?\b/.test(joined) ||
    joined === 'cdnr c'
  )
    return 'creditNote';
  if (
    w.includes('debit') ||
    w.includes('dn') ||
    w.includes('drn') ||
    joined === 'd' ||
    joined === 'cdnr d'
  )
    return 'debitNote';
  if (w.some((x) => x === 'cdnr' || x === 'cdnra' || x === 'cdn' || x === 'note' || x === 'notes'))
    return 'note';
  if (
    w.every(
      (x) =>
        INVOICE_WORDS.has(x) ||
        /^\d+$/.test(x) ||
        x === 'with' ||
        x === 'without' ||
        x === 'payment' ||
        x === 'of',
    )
  )
    return 'invoice';
  return 'unknown';
}

// ---------------------------------------------------------------------------------------------
// Place of supply

const STATES: readonly (readonly [string, string])[] = [
  ['01', 'jammu and kashmir'],
  ['02', 'himachal pradesh'],
  ['03', 'punjab'],
  ['04', 'chandigarh'],
  ['05', 'uttarakhand'],
  ['05', 'uttaranchal'],
  ['06', 'haryana'],
  ['07', 'delhi'],
  ['07', 'new delhi'],
  ['08', 'rajasthan'],
  ['09', 'uttar pradesh'],
  ['10', 'bihar'],
  ['11', 'sikkim'],
  ['12', 'arunachal pradesh'],
  ['13', 'nagaland'],
  ['14', 'manipur'],
  ['15', 'mizoram'],
  ['16', 'tripura'],
  ['17', 'meghalaya'],
  ['18', 'assam'],
  ['19', 'west bengal'],
  ['20', 'jharkhand'],
  ['21', 'odisha'],
  ['21', 'orissa'],
  ['22', 'chhattisgarh'],
  ['23', 'madhya pradesh'],
  ['24', 'gujarat'],
  ['25', 'daman and diu'],
  ['26', 'dadra and nagar haveli and daman and diu'],
  ['26', 'dadra and nagar haveli'],
  ['27', 'maharashtra'],
  ['29', 'karnataka'],
  ['30', 'goa'],
  ['31', 'lakshadweep'],
  ['32', 'kerala'],
  ['33', 'tamil nadu'],
  ['34', 'puducherry'],
  ['34', 'pondicherry'],
  ['35', 'andaman and nicobar islands'],
  ['36', 'telangana'],
  ['37', 'andhra pradesh'],
  ['38', 'ladakh'],
  ['96', 'other countries'],
  ['96', 'foreign country'],
  ['97', 'other territory'],
  ['99', 'centre jurisdiction'],
];
const STATE_BY_NAME = new Map(STATES.map(([code, name]) => [name.replace(/ and /g, ' '), code]));
const STATE_CODES = new Set(STATES.map(([code]) => code).concat(['28']));

/** "27", "27-Maharashtra", "Maharashtra", "27 - MAHARASHTRA" -> "27"; null when not recognised. */
export function parsePlaceOfSupply(text: string): string | null {
  const t = text.trim();
  if (t === '') return null;
  const m = /^(\d{1,2})(?:\s*[-:–]\s*|\s+|$)/.exec(t);
  if (m) {
    const code = (m[1] ?? '').padStart(2, '0');
    return STATE_CODES.has(code) ? code : null;
  }
  const name = t
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z]+/g, ' ')
    .replace(/ and /g, ' ')
    .trim();
  return STATE_BY_NAME.get(name) ?? null;
}
