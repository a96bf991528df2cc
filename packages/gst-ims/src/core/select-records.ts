// Which records a bulk action applies to (CLI `act`, web app bulk decisions). Pure.
import type { Action } from './actions.js';
import type { IsoDate } from './dates.js';
import type { Paise } from './money.js';
import type { PortalRecord } from './record.js';
import type { Section } from './sections.js';

/**
 * Criteria combine with AND; the values inside one list combine with OR. An empty list counts as
 * "no criterion" (not "match nothing"), as does `all: false`. `all: true` only states that an
 * unrestricted selection is intended; combined with other criteria it changes nothing.
 */
export interface RecordSelector {
  sections?: Section[];
  /** Compared trimmed and upper-cased. */
  supplierGstins?: string[];
  /** Compared with the record's own document number (not the original's), trimmed, case-insensitively. */
  docNumbers?: string[];
  /** Inclusive bounds on the document date. */
  from?: IsoDate;
  to?: IsoDate;
  /** Inclusive bounds on the document value (amounts.value, tax included). */
  minValue?: Paise;
  maxValue?: Paise;
  /** Exact record keys. */
  keys?: string[];
  all?: boolean;
  /** The action the portal currently holds. */
  portalActions?: Action[];
}

const has = <T>(list: readonly T[] | undefined): list is readonly T[] =>
  list !== undefined && list.length > 0;

/** True when the selector names no criterion and does not say `all`: the CLI refuses such an `act`. */
export function selectorIsEmpty(s: RecordSelector): boolean {
  return (
    s.all !== true &&
    !has(s.sections) &&
    !has(s.supplierGstins) &&
    !has(s.docNumbers) &&
    s.from === undefined &&
    s.to === undefined &&
    s.minValue === undefined &&
    s.maxValue === undefined &&
    !has(s.keys) &&
    !has(s.portalActions)
  );
}

const normDocNumber = (n: string): string => n.trim().toUpperCase();
const normGstin = (g: string): string => g.trim().toUpperCase();

/**
 * Precomputes the selector (Sets for the lists) into a predicate; use it for large record sets.
 * An empty selector matches everything: refusing it is the caller's job (selectorIsEmpty).
 */
export function compileSelector(s: RecordSelector): (r: PortalRecord) => boolean {
  const tests: ((r: PortalRecord) => boolean)[] = [];
  if (has(s.sections)) {
    const set = new Set<string>(s.sections);
    tests.push((r) => set.has(r.section));
  }
  if (has(s.supplierGstins)) {
    const set = new Set(s.supplierGstins.map(normGstin));
    tests.push((r) => set.has(normGstin(r.supplierGstin)));
  }
  if (has(s.docNumbers)) {
    const set = new Set(s.docNumbers.map(normDocNumber));
    tests.push((r) => set.has(normDocNumber(r.docNumber)));
  }
  if (has(s.keys)) {
    const set = new Set(s.keys);
    tests.push((r) => set.has(r.key));
  }
  if (has(s.portalActions)) {
    const set = new Set<string>(s.portalActions);
    tests.push((r) => set.has(r.portalAction));
  }
  const { from, to, minValue, maxValue } = s;
  if (from !== undefined) tests.push((r) => r.docDate >= from);
  if (to !== undefined) tests.push((r) => r.docDate <= to);
  if (minValue !== undefined) tests.push((r) => r.amounts.value >= minValue);
  if (maxValue !== undefined) tests.push((r) => r.amounts.value <= maxValue);

  if (tests.length === 0) return () => true;
  return (r) => {
    for (const t of tests) if (!t(r)) return false;
    return true;
  };
}

/** One-off check; for many records compile once with compileSelector. */
export function matchesSelector(record: PortalRecord, s: RecordSelector): boolean {
  return compileSelector(s)(record);
}
