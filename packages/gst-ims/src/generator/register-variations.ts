// The ways a bookkeeper's register differs from the portal: a document number keyed with other
// separators, fiscal-year spelling, padding or case; amounts rounded, scaled, off, or with the
// tax heads swapped; a mistyped GSTIN; a date moved. Deterministic from the generator's Rng.
import { dayNumber, fromDayNumber } from '../core/dates.js';
import type { IsoDate } from '../core/dates.js';
import { checkGstin } from '../core/gstin.js';
import type { Paise } from '../core/money.js';
import type { Amounts } from '../core/record.js';
import type { MatchOutcome, RegisterDocument } from '../core/register.js';
import type { DocType } from '../core/sections.js';
import type { Rng } from './rng.js';

const two = (n: number): string => String(n % 100).padStart(2, '0');

function fyStartOf(d: IsoDate): number {
  const y = Number(d.slice(0, 4));
  const m = Number(d.slice(5, 7));
  return m >= 4 ? y : y - 1;
}

/** Moves a date by n days, flipping the direction when it would leave the fiscal year. */
export function shiftWithinFy(d: IsoDate, n: number): IsoDate {
  const fy = fyStartOf(d);
  const a = fromDayNumber(dayNumber(d) + n);
  if (fyStartOf(a) === fy) return a;
  return fromDayNumber(dayNumber(d) - n);
}

// ---------------------------------------------------------------------------------------------
// Keying differences on a document number.

const SEPARATORS = ['/', '-', ' ', '.'] as const;

/** Separators changed, never gluing two digit runs together (that would make another number). */
export function changeSeparators(num: string, rng: Rng): string | null {
  let out = '';
  let changed = false;
  for (let i = 0; i < num.length; i++) {
    const ch = num.charAt(i);
    if (!/[/\-. _#\\]/.test(ch)) {
      out += ch;
      continue;
    }
    const before = num.charAt(i - 1);
    const after = num.charAt(i + 1);
    const digitsBoth = /[0-9]/.test(before) && /[0-9]/.test(after);
    if (!digitsBoth && rng.chance(0.5)) {
      changed = true; // dropped
      continue;
    }
    const others = SEPARATORS.filter((s) => s !== ch);
    out += rng.pick(others);
    changed = true;
  }
  return changed ? out : null;
}

/** The fiscal-year part of a number spelled another way, or left out. */
export function respellFiscalYear(num: string, date: IsoDate, rng: Rng): string | null {
  const s = fyStartOf(date);
  const e = s + 1;
  const found = [
    `${s}-${e}`,
    `${s}/${e}`,
    `${s}-${two(e)}`,
    `${s}/${two(e)}`,
    `${two(s)}-${two(e)}`,
    `${two(s)}/${two(e)}`,
    `${two(s)}${two(e)}`,
  ];
  for (const f of found) {
    const at = num.indexOf(f);
    if (at < 0) continue;
    const before = num.charAt(at - 1);
    const after = num.charAt(at + f.length);
    if (/[0-9]/.test(before) || /[0-9]/.test(after)) continue;
    const forms = [
      `${s}-${two(e)}`,
      `${two(s)}-${two(e)}`,
      `${two(s)}/${two(e)}`,
      `${s}-${e}`,
      `FY${two(s)}-${two(e)}`,
      '',
    ].filter((x) => x !== f);
    let repl = rng.pick(forms);
    // A compact form glued to letters on both sides keeps a separator so the serial stays apart.
    if (
      repl === '' &&
      /[0-9]/.test(num.charAt(at + f.length + 1)) &&
      /[0-9]/.test(num.charAt(at - 2))
    )
      repl = '/';
    const out = num.slice(0, at) + repl + num.slice(at + f.length);
    return /[0-9]/.test(out) ? out : null;
  }
  return null;
}

/** Zero padding of the serial (the longest digit run that is not a fiscal year) removed or added. */
export function changeZeroPadding(num: string, date: IsoDate): string | null {
  const s = fyStartOf(date);
  const fyish = new Set([String(s), String(s + 1), two(s), two(s + 1), `${two(s)}${two(s + 1)}`]);
  let best: { at: number; text: string } | null = null;
  for (const m of num.matchAll(/[0-9]+/g)) {
    if (fyish.has(m[0])) continue;
    if (best === null || m[0].length >= best.text.length) best = { at: m.index, text: m[0] };
  }
  if (best === null) return null;
  const stripped = best.text.replace(/^0+(?=[0-9])/, '');
  const repl = stripped !== best.text ? stripped : `00${best.text}`;
  const out = num.slice(0, best.at) + repl + num.slice(best.at + best.text.length);
  return out.length <= 20 ? out : null;
}

export function changeCase(num: string, rng: Rng): string | null {
  if (!/[A-Z]/.test(num)) return rng.chance(0.5) ? ` ${num}` : `${num} `;
  return rng.chance(0.7) ? num.toLowerCase() : num.charAt(0) + num.slice(1).toLowerCase();
}

// ---------------------------------------------------------------------------------------------
// Amounts.

export function withRounding(a: Amounts, rng: Rng): Amounts {
  const delta = (max: number): number => (rng.chance(0.5) ? -1 : 1) * rng.range(1, max);
  const taxable = a.taxable + delta(99);
  let igst: number = a.igst;
  let cgst: number = a.cgst;
  let sgst: number = a.sgst;
  let cess: number = a.cess;
  if (igst > 0) igst += delta(60);
  if (cgst > 0) {
    const dd = delta(35);
    cgst += dd;
    sgst += dd;
  }
  if (cess > 0 && rng.chance(0.3)) cess += delta(25);
  return amounts(taxable, igst, cgst, sgst, cess);
}

function amounts(taxable: number, igst: number, cgst: number, sgst: number, cess: number): Amounts {
  const t = Math.max(0, taxable);
  return {
    value: (t + igst + cgst + sgst + cess) as Paise,
    taxable: t as Paise,
    igst: Math.max(0, igst) as Paise,
    cgst: Math.max(0, cgst) as Paise,
    sgst: Math.max(0, sgst) as Paise,
    cess: Math.max(0, cess) as Paise,
  };
}

export function scaled(a: Amounts, num: number, den: number): Amounts {
  const f = (x: number): number => Math.floor((x * num + Math.floor(den / 2)) / den);
  return amounts(f(a.taxable), f(a.igst), f(a.cgst), f(a.sgst), f(a.cess));
}

export function headSwapped(a: Amounts): Amounts | null {
  if (a.igst > 0 && a.cgst === 0 && a.sgst === 0) {
    const c = Math.floor(a.igst / 2);
    return amounts(a.taxable, 0, c, a.igst - c, a.cess);
  }
  if (a.igst === 0 && a.cgst > 0) return amounts(a.taxable, a.cgst + a.sgst, 0, 0, a.cess);
  return null;
}

export function taxableOff(a: Amounts, rng: Rng): Amounts {
  const off = (rng.chance(0.5) ? -1 : 1) * rng.range(100, 900) * 100;
  const taxable = Math.max(10000, a.taxable + off);
  if (Math.abs(taxable - a.taxable) <= 100)
    return amounts(a.taxable + 50000, a.igst, a.cgst, a.sgst, a.cess);
  return scaled(a, taxable, Math.max(1, a.taxable));
}

export function randomAmounts(rng: Rng, intra: boolean): Amounts {
  const taxable = rng.range(500, 400000) * 100 + (rng.chance(0.5) ? rng.int(100) : 0);
  const rate = rng.pick([500, 1200, 1800, 1800, 1800, 2800]);
  const tax = Math.floor((taxable * rate + 5000) / 10000);
  if (intra) {
    const half = Math.floor(tax / 2);
    return amounts(taxable, 0, half, tax - half, 0);
  }
  return amounts(taxable, tax, 0, 0, 0);
}

// ---------------------------------------------------------------------------------------------

export interface Row {
  gstin: string;
  name: string | null;
  number: string;
  date: IsoDate;
  type: DocType;
  a: Amounts;
  pos: string | null;
  outside?: RegisterDocument['outsideIms'];
}

const STATE_CODES = ['07', '09', '19', '24', '27', '29', '33', '36'] as const;
const GSTIN_CHARS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** The GSTIN as a bookkeeper might mistype it: failing its check character, no portal GSTIN. */
export function mistype(gstin: string, rng: Rng, taken: ReadonlySet<string>): string | null {
  for (let tries = 0; tries < 12; tries++) {
    const kind = rng.float();
    let out: string;
    if (kind < 0.45) {
      const at = rng.range(2, 13);
      const ch = GSTIN_CHARS.charAt(rng.int(GSTIN_CHARS.length));
      out = gstin.slice(0, at) + ch + gstin.slice(at + 1);
    } else if (kind < 0.8) {
      const at = rng.range(2, 12);
      out = gstin.slice(0, at) + gstin.charAt(at + 1) + gstin.charAt(at) + gstin.slice(at + 2);
    } else {
      out = rng.pick(STATE_CODES) + gstin.slice(2);
    }
    if (out !== gstin && !taken.has(out) && !checkGstin(out).ok) return out;
  }
  return null;
}

/** Months between two dates (b minus a, calendar months). */
function monthsApart(a: IsoDate, b: IsoDate): number {
  const m = (d: IsoDate): number => Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7));
  return m(b) - m(a);
}

/** What the engine makes of a pair whose books date moved: a timing difference or a wrong date. */
export function shiftedExpectation(
  portal: IsoDate,
  books: IsoDate,
): { expected: MatchOutcome; case: string } {
  const days = dayNumber(books) - dayNumber(portal);
  const months = Math.abs(monthsApart(portal, books));
  if (Math.abs(days) > 10 && months >= 1 && months <= 2)
    return { expected: 'probable', case: 'timingShift' };
  return { expected: 'mismatch', case: 'mismatch' };
}
