// Supplier GSTINs mistyped in the books (phase 2b, and manual links of such pairs). Pure.
import { checkGstin } from '../gstin.js';
import type { PairEvaluation } from './evaluate-pair.js';
import type { Rec } from './prepare.js';

/**
 * How `books` is a mistyped `portal` GSTIN: `stateCode` (only the first two characters differ),
 * `transposition@N` (characters N and N+1 swapped, 1-based), `substitution@N` (one character);
 * null when the two differ otherwise (or are equal).
 */
export function gstinTypo(portal: string, books: string): string | null {
  if (portal.length !== 15 || books.length !== 15 || portal === books) return null;
  const diffs: number[] = [];
  for (let i = 0; i < 15; i++) if (portal.charCodeAt(i) !== books.charCodeAt(i)) diffs.push(i);
  if (diffs.every((i) => i < 2)) return 'stateCode';
  const [a, b] = diffs;
  if (diffs.length === 1 && a !== undefined) return `substitution@${a + 1}`;
  if (
    diffs.length === 2 &&
    a !== undefined &&
    b === a + 1 &&
    portal.charAt(a) === books.charAt(b) &&
    portal.charAt(b) === books.charAt(a)
  )
    return `transposition@${a + 1}`;
  return null;
}

/** A books GSTIN that may be a typo: no portal record's GSTIN, and failing its check character. */
export function mayBeMistyped(booksGstin: string, portalGstins: ReadonlySet<string>): boolean {
  return !portalGstins.has(booksGstin) && !checkGstin(booksGstin).ok;
}

/** The pair marked with its typo (never exact), when the books GSTIN is one. */
export function typoPair(
  e: PairEvaluation,
  portalGstin: string,
  booksGstin: string,
): PairEvaluation {
  const typo = gstinTypo(portalGstin, booksGstin);
  return typo === null
    ? e
    : { ...e, typo, outcome: e.outcome === 'exact' ? 'probable' : e.outcome };
}

const portalGstinsCache = new WeakMap<readonly Rec[], Set<string>>();

/** The portal side's supplier GSTINs (computed once per prepared input). */
export function portalGstinsOf(recs: readonly Rec[]): Set<string> {
  let s = portalGstinsCache.get(recs);
  if (s === undefined) {
    s = new Set(recs.map((r) => r.gstin));
    portalGstinsCache.set(recs, s);
  }
  return s;
}
