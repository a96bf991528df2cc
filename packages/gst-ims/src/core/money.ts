// Money is integer paise everywhere inside; rupees appear only at the edges (portal JSON,
// tables, spreadsheets). The brand keeps paise and rupees from being mixed by accident.
export type Paise = number & { readonly __brand: 'Paise' };

export const ZERO = 0 as Paise;

export function paise(n: number): Paise {
  if (!Number.isSafeInteger(n)) throw new RangeError(`not a whole number of paise: ${n}`);
  return n as Paise;
}

/**
 * Converts a rupee amount as the portal writes it (a JSON number or numeric string with at most
 * two decimals) to paise without floating-point drift: 1000.1 -> 100010, 0.29 -> 29.
 * Returns null when the value is not a finite number with at most 2 decimals.
 */
export function rupeesToPaise(value: number | string): Paise | null {
  const text = typeof value === 'number' ? numberToPlainString(value) : value.trim();
  if (text === null) return null;
  const m = /^([+-]?)(\d+)(?:\.(\d{0,2})0*)?$/.exec(text);
  if (!m) return null;
  const sign = m[1] === '-' ? -1 : 1;
  const whole = Number(m[2]);
  const frac = Number(((m[3] ?? '') + '00').slice(0, 2));
  const result = sign * (whole * 100 + frac);
  return Number.isSafeInteger(result) ? (result === 0 ? ZERO : (result as Paise)) : null;
}

function numberToPlainString(n: number): string | null {
  if (!Number.isFinite(n)) return null;
  const s = String(n);
  if (!/e/i.test(s)) return s;
  // Exponent forms (1e-7, 1e21): only whole or 2-decimal values are meaningful money.
  const fixed = n.toFixed(2);
  return Math.abs(Number(fixed) - n) < 1e-9 ? fixed : null;
}

/** Paise as a JSON number of rupees (the portal's spelling): 100010 -> 1000.1. */
export function paiseToRupees(p: Paise): number {
  return p / 100;
}

/** "1234.50", "-0.05": plain two-decimal text. */
export function formatRupees(p: Paise): string {
  const neg = p < 0;
  const abs = Math.abs(p);
  const text = `${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
  return neg ? `-${text}` : text;
}

/** Indian digit grouping, lakhs and crores: 123456789 paise -> "12,34,567.89". */
export function formatIndian(p: Paise): string {
  const neg = p < 0;
  const abs = Math.abs(p);
  const whole = String(Math.floor(abs / 100));
  const frac = String(abs % 100).padStart(2, '0');
  const last3 = whole.slice(-3);
  const rest = whole.slice(0, -3);
  const grouped = rest ? `${rest.replace(/\B(?=(\d{2})+(?!\d))/g, ',')},${last3}` : last3;
  return `${neg ? '-' : ''}${grouped}.${frac}`;
}

/**
 * An amount as people read it in sentences, grouped as the screen groups it: "Rs 34,749.62",
 * "Rs -500.00". Every reason, follow-up and CLI line that names a sum of money goes through this,
 * so no text says "Rs 34749.62" beside a grid showing "34,749.62".
 */
export function formatRs(p: Paise): string {
  return `Rs ${formatIndian(p)}`;
}

/**
 * The spreadsheet number format of every rupee cell gst-ims writes. Excel and LibreOffice take any
 * comma as "group the digits" and group by the machine's locale: lakhs and crores on an Indian
 * one (12,34,567.89). Conditional formats that force lakh grouping everywhere lose the minus sign
 * of negative amounts in LibreOffice, so the plain code it is.
 */
export const MONEY_NUMFMT = '#,##,##0.00';

export function addPaise(...values: Paise[]): Paise {
  let total = 0;
  for (const v of values) total += v;
  return total as Paise;
}
