// Reconciliation settings of a GSTIN: tolerances and the IMS period (`gst-ims config`).
import type { IsoDate, Paise, Tolerances } from '../core/index.js';
import {
  DEFAULT_TOLERANCES,
  UsageError,
  formatRupees,
  isoDate,
  rupeesToPaise,
} from '../core/index.js';
import type { WorkspaceStore } from '../store/index.js';
import type { AppContext } from './context.js';

export const TOLERANCES_SETTING = 'reconcile.tolerances';
export const PERIOD_SETTING = 'reconcile.period';

// zod is loaded only when saved tolerances are read or new ones set: most commands, and every
// reconcile of a workspace with the defaults, never load it (issue 20, decision 0062).
async function tolerancesSchema() {
  const { z } = await import('zod');
  return z.object({
    amountPaise: z.number().int().min(0).max(100_000_00),
    totalTaxCheck: z.boolean(),
    percent: z.number().min(0).max(100).nullable(),
    dateWindowDays: z.number().int().min(0).max(366),
  });
}

/** The GSTIN's tolerances: the saved ones, field by field over the defaults. */
export async function loadTolerances(store: WorkspaceStore, gstin: string): Promise<Tolerances> {
  const text = await store.getSetting(gstin, TOLERANCES_SETTING);
  if (text === null) return DEFAULT_TOLERANCES;
  try {
    const parsed = (await tolerancesSchema()).partial().safeParse(JSON.parse(text));
    if (!parsed.success) return DEFAULT_TOLERANCES;
    const t = parsed.data;
    return {
      amountPaise: t.amountPaise ?? DEFAULT_TOLERANCES.amountPaise,
      totalTaxCheck: t.totalTaxCheck ?? DEFAULT_TOLERANCES.totalTaxCheck,
      percent: t.percent === undefined ? DEFAULT_TOLERANCES.percent : t.percent,
      dateWindowDays: t.dateWindowDays ?? DEFAULT_TOLERANCES.dateWindowDays,
    };
  } catch {
    return DEFAULT_TOLERANCES;
  }
}

export const CONFIG_NAMES = [
  'amount',
  'total-tax-check',
  'percent',
  'date-window',
  'period',
] as const;
export type ConfigName = (typeof CONFIG_NAMES)[number];

const CONFIG_HELP: Readonly<Record<ConfigName, string>> = {
  amount: 'allowed difference per amount field (taxable value and each tax head), in rupees',
  'total-tax-check': 'also compare the total tax within the amount tolerance: on | off',
  percent:
    'allowed relative difference per field in percent, on top of the amount: a number or off',
  'date-window': 'days two dates may differ for a probable match',
  period: 'the IMS period MMYYYY (documents dated after its end are kept pending), or auto',
};

const ALIASES: Readonly<Record<string, ConfigName>> = {
  amount: 'amount',
  amountpaise: 'amount',
  'amount-tolerance': 'amount',
  totaltaxcheck: 'total-tax-check',
  'total-tax': 'total-tax-check',
  percent: 'percent',
  percentage: 'percent',
  datewindow: 'date-window',
  datewindowdays: 'date-window',
  'date-window-days': 'date-window',
  days: 'date-window',
  period: 'period',
};

export function configName(raw: string): ConfigName {
  const t = raw.trim().toLowerCase().replace(/_/g, '-');
  const n = (CONFIG_NAMES as readonly string[]).includes(t)
    ? (t as ConfigName)
    : (ALIASES[t] ?? ALIASES[t.replace(/-/g, '')]);
  if (n === undefined)
    throw new UsageError(
      `config: unknown setting "${raw}"; expected one of ${CONFIG_NAMES.join(', ')}`,
    );
  return n;
}

export interface ConfigEntry {
  readonly name: ConfigName;
  readonly value: string;
  readonly default: string;
  readonly isDefault: boolean;
  readonly description: string;
}

function show(name: ConfigName, t: Tolerances, period: string | null): string {
  switch (name) {
    case 'amount':
      return formatRupees(t.amountPaise as Paise);
    case 'total-tax-check':
      return t.totalTaxCheck ? 'on' : 'off';
    case 'percent':
      return t.percent === null ? 'off' : String(t.percent);
    case 'date-window':
      return String(t.dateWindowDays);
    case 'period':
      return period === null || period === '' ? 'auto' : period;
  }
}

export async function configGet(
  ctx: AppContext,
  gstin: string,
  name?: string,
): Promise<ConfigEntry[]> {
  const t = await loadTolerances(ctx.store, gstin);
  const period = await ctx.store.getSetting(gstin, PERIOD_SETTING);
  const names = name === undefined ? CONFIG_NAMES : [configName(name)];
  return names.map((n) => {
    const value = show(n, t, period);
    const def = show(n, DEFAULT_TOLERANCES, null);
    return { name: n, value, default: def, isDefault: value === def, description: CONFIG_HELP[n] };
  });
}

const onOff = (raw: string): boolean => {
  const t = raw.trim().toLowerCase();
  if (['on', 'true', 'yes', '1'].includes(t)) return true;
  if (['off', 'false', 'no', '0'].includes(t)) return false;
  throw new UsageError(`config total-tax-check: expected on or off, found "${raw}"`);
};

/** Validates and saves one setting; returns it as `config get` shows it. */
export async function configSet(
  ctx: AppContext,
  gstin: string,
  rawName: string,
  raw: string,
): Promise<ConfigEntry> {
  const name = configName(rawName);
  if (name === 'period') {
    const t = raw.trim().toLowerCase();
    if (t === 'auto' || t === 'default') await ctx.store.setSetting(gstin, PERIOD_SETTING, '');
    else {
      if (!/^(0[1-9]|1[0-2])\d{4}$/.test(t))
        throw new UsageError(
          `config period: expected MMYYYY (e.g. 102026) or auto, found "${raw}"`,
        );
      await ctx.store.setSetting(gstin, PERIOD_SETTING, t);
    }
    return (await configGet(ctx, gstin, name))[0] as ConfigEntry;
  }
  const current = await loadTolerances(ctx.store, gstin);
  let next: Tolerances;
  switch (name) {
    case 'amount': {
      const p = rupeesToPaise(raw.replace(/[₹,\s]/g, '').replace(/^rs\.?/i, ''));
      if (p === null || p < 0)
        throw new UsageError(`config amount: expected rupees such as 1 or 0.50, found "${raw}"`);
      next = { ...current, amountPaise: p };
      break;
    }
    case 'total-tax-check':
      next = { ...current, totalTaxCheck: onOff(raw) };
      break;
    case 'percent': {
      const t = raw.trim().toLowerCase().replace(/%$/, '');
      const v = t === 'off' || t === 'none' ? null : Number(t);
      if (v !== null && (t === '' || !Number.isFinite(v)))
        throw new UsageError(
          `config percent: expected a number such as 0.5, or off, found "${raw}"`,
        );
      next = { ...current, percent: v };
      break;
    }
    case 'date-window': {
      if (!/^\d+$/.test(raw.trim()))
        throw new UsageError(`config date-window: expected a whole number of days, found "${raw}"`);
      next = { ...current, dateWindowDays: Number(raw.trim()) };
      break;
    }
  }
  const checked = (await tolerancesSchema()).safeParse(next);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new UsageError(
      `config ${name}: ${issue ? issue.message : 'out of range'} (found "${raw}")`,
    );
  }
  await ctx.store.setSetting(gstin, TOLERANCES_SETTING, JSON.stringify(checked.data));
  return (await configGet(ctx, gstin, name))[0] as ConfigEntry;
}

/**
 * The IMS period being worked, MMYYYY: the `period` setting when set; otherwise the return period
 * most records carry (filed ones counted first; ties go to the later period). Records dated after
 * its last day are the goods-in-transit case. null when the records name no return period.
 */
export async function imsPeriod(
  store: WorkspaceStore,
  gstin: string,
  returnPeriods: readonly {
    returnPeriod: string | null;
    supplierFiled: boolean | null;
    /** How many records this entry stands for (a tally of them; default 1). */
    count?: number;
  }[],
): Promise<{ period: string; source: 'setting' | 'records' } | null> {
  const set = await store.getSetting(gstin, PERIOD_SETTING);
  if (set !== null && set !== '') return { period: set, source: 'setting' };
  const count = (
    filter: (r: { supplierFiled: boolean | null }) => boolean,
  ): Map<string, number> => {
    const m = new Map<string, number>();
    for (const r of returnPeriods)
      if (r.returnPeriod !== null && /^(0[1-9]|1[0-2])\d{4}$/.test(r.returnPeriod) && filter(r))
        m.set(r.returnPeriod, (m.get(r.returnPeriod) ?? 0) + (r.count ?? 1));
    return m;
  };
  let m = count((r) => r.supplierFiled === true);
  if (m.size === 0) m = count(() => true);
  let best: { p: string; n: number } | null = null;
  for (const [p, n] of m) {
    if (best === null || n > best.n || (n === best.n && periodIndex(p) > periodIndex(best.p)))
      best = { p, n };
  }
  return best === null ? null : { period: best.p, source: 'records' };
}

const periodIndex = (p: string): number => Number(p.slice(2)) * 12 + Number(p.slice(0, 2));

/** The last day of a MMYYYY period. */
export function periodEndOf(period: string): IsoDate {
  const m = Number(period.slice(0, 2));
  const y = Number(period.slice(2));
  for (let d = 31; d >= 28; d--) {
    const iso = isoDate(y, m, d);
    if (iso) return iso;
  }
  throw new UsageError(`not a period: ${period}`);
}
