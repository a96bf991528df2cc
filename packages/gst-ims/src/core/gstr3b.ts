// GSTR-3B Table 4 (gstr2b-gstr3b.md §4) and the 3B-vs-2B excess-ITC check of rule 88D / DRC-01C
// (§6). Pure.
import type { FileRefusalCode } from './vocabulary/file-refusal-codes.js';
import { BadInputError } from './errors.js';
import { ZERO_HEADS, addHeads, headsTotal } from './gstr2b-totals.js';
import type { Paise } from './money.js';
import { rupeesToPaise } from './money.js';
import type { Heads } from './parse-gstr2b.js';
import { TAX_HEADS } from './record.js';

export const AVL_TYPES = ['IMPG', 'IMPS', 'ISRC', 'ISD', 'OTH'] as const;
export const REV_TYPES = ['RUL', 'OTH'] as const;

export interface Gstr3bTable4 {
  /** 4(A)(1)..(5) by `ty`. */
  readonly available: Readonly<Record<(typeof AVL_TYPES)[number], Heads>>;
  /** 4(B)(1) RUL, 4(B)(2) OTH. */
  readonly reversed: Readonly<Record<(typeof REV_TYPES)[number], Heads>>;
  /** 4(C) as given (null when absent). */
  readonly net: Heads | null;
  /** 4(D)(1) reclaimed (RUL), 4(D)(2) ineligible (OTH). */
  readonly ineligible: Readonly<Record<(typeof REV_TYPES)[number], Heads>>;
}

export interface Gstr3b {
  readonly gstin: string | null;
  readonly period: string;
  readonly table4: Gstr3bTable4;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function fail(
  file: string,
  path: string,
  message: string,
  code: FileRefusalCode,
  expected?: string,
): never {
  throw new BadInputError(`${file}: ${path}: ${message}`, {
    file,
    path,
    code,
    ...(expected === undefined ? {} : { expected }),
  });
}

/** 3B amounts are iamt, camt, samt, csamt. */
function heads(o: Obj, path: string, file: string): Heads {
  const out = { ...ZERO_HEADS } as Record<keyof Heads, Paise>;
  const keys = { igst: 'iamt', cgst: 'camt', sgst: 'samt', cess: 'csamt' } as const;
  for (const h of TAX_HEADS) {
    const v = o[keys[h]];
    if (v === undefined || v === null || v === '') continue;
    const p = typeof v === 'number' || typeof v === 'string' ? rupeesToPaise(v) : null;
    if (p === null)
      fail(
        file,
        `${path}.${keys[h]}`,
        `expected an amount in rupees with at most 2 decimals, found ${JSON.stringify(v)}`,
        'GSTR3B_BAD_AMOUNT',
        'an amount such as 1234.50',
      );
    out[h] = p;
  }
  return out;
}

function rows<T extends string>(
  o: Obj,
  key: string,
  types: readonly T[],
  path: string,
  file: string,
): Record<T, Heads> {
  const out = Object.fromEntries(types.map((t) => [t, ZERO_HEADS])) as Record<T, Heads>;
  const v = o[key];
  if (v === undefined || v === null) return out;
  if (!Array.isArray(v))
    fail(
      file,
      `${path}.${key}`,
      'expected a list of rows by ty',
      'GSTR3B_BAD_SHAPE',
      'a JSON array',
    );
  v.forEach((row: unknown, i) => {
    const p = `${path}.${key}[${i}]`;
    if (!isObj(row)) fail(file, p, 'expected an object', 'GSTR3B_BAD_SHAPE', 'a JSON object');
    const ty = typeof row.ty === 'string' ? row.ty.toUpperCase() : '';
    if (!(types as readonly string[]).includes(ty))
      fail(
        file,
        `${p}.ty`,
        `expected one of ${types.join(', ')}, found ${JSON.stringify(row.ty)}`,
        'GSTR3B_BAD_TYPE',
        types.join(' | '),
      );
    out[ty as T] = addHeads(out[ty as T], heads(row, p, file));
  });
  return out;
}

/** Reads a GSTR-3B JSON (bare, or in a `data` wrapper): its period and Table 4. */
export function parseGstr3b(json: unknown, file: string): Gstr3b {
  if (!isObj(json))
    fail(
      file,
      '(top)',
      'expected a JSON object holding a GSTR-3B',
      'GSTR3B_NOT_3B',
      'a GSTR-3B JSON object',
    );
  const d =
    isObj(json.data) && ('itc_elg' in json.data || 'ret_period' in json.data) ? json.data : json;
  const period = typeof d.ret_period === 'string' ? d.ret_period.trim() : '';
  if (!/^(0[1-9]|1[0-2])\d{4}$/.test(period))
    fail(
      file,
      'ret_period',
      `expected the return period as MMYYYY, found ${JSON.stringify(d.ret_period)}`,
      'GSTR3B_BAD_PERIOD',
      'MMYYYY',
    );
  const itc = d.itc_elg;
  if (!isObj(itc))
    fail(
      file,
      'itc_elg',
      'the file has no Table 4 (itc_elg); is it a GSTR-3B?',
      'GSTR3B_NOT_3B',
      'an itc_elg object',
    );
  return {
    gstin: typeof d.gstin === 'string' ? d.gstin.trim().toUpperCase() : null,
    period,
    table4: {
      available: rows(itc, 'itc_avl', AVL_TYPES, 'itc_elg', file),
      reversed: rows(itc, 'itc_rev', REV_TYPES, 'itc_elg', file),
      net: isObj(itc.itc_net) ? heads(itc.itc_net, 'itc_elg.itc_net', file) : null,
      ineligible: rows(itc, 'itc_inelg', REV_TYPES, 'itc_elg', file),
    },
  };
}

/** DRC-01C intimation limits (rule 88D): reported as > Rs 25 lakh and > 20%, both; settings. */
export interface Drc01cThreshold {
  readonly amount: Paise;
  readonly percent: number;
  readonly rule: 'and' | 'or';
}
export const DEFAULT_DRC01C_THRESHOLD: Drc01cThreshold = {
  amount: 2_500_000_00 as Paise,
  percent: 20,
  rule: 'and',
};

export interface ExcessCheck {
  /** 4(A)(5) less 4(D)(1): reclaims of earlier reversals are not new ITC (§6). */
  readonly claimed: Heads;
  readonly available: Heads;
  /** claimed - available per head where positive; total = their sum. */
  readonly excess: Heads;
  readonly excessTotal: Paise;
  /** Excess as a percentage of the available total (null when nothing is available). */
  readonly percent: number | null;
  readonly crossesThreshold: boolean;
}

export function claimedAllOther(t: Gstr3bTable4): Heads {
  return addHeads(t.available.OTH, t.ineligible.RUL, -1);
}

export function checkExcess(
  claimed: Heads,
  available: Heads,
  threshold: Drc01cThreshold = DEFAULT_DRC01C_THRESHOLD,
): ExcessCheck {
  const excess = { ...ZERO_HEADS } as Record<keyof Heads, Paise>;
  for (const h of TAX_HEADS) excess[h] = Math.max(0, claimed[h] - available[h]) as Paise;
  const excessTotal = headsTotal(excess);
  const base = headsTotal(available);
  const percent = base > 0 ? (excessTotal * 100) / base : null;
  const overAmount = excessTotal > threshold.amount;
  const overPercent = excessTotal > 0 && (percent === null || percent > threshold.percent);
  return {
    claimed,
    available,
    excess,
    excessTotal,
    percent,
    crossesThreshold:
      threshold.rule === 'and' ? overAmount && overPercent : overAmount || overPercent,
  };
}
