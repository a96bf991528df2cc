// Document-number normalisation for reconciliation (reconciliation-notes.md 1.3, 6.2).
//
// Three levels, each a plain string key (equal keys = equal numbers at that level):
// - foldDocNumber: trim + upper case. The "exact" comparison.
// - normaliseDocNumber: the "probable" comparison. Rules, in order:
//   1. fold (trim, upper case);
//   2. split into tokens: maximal runs of digits (0-9) or of other letters; every other character
//      (/ - . _ # \ , : ( ) whitespace ...) is a separator and disappears;
//   3. remove fiscal-year tokens (see below);
//   4. strip zero padding from every numeric token ("0045" -> "45", "000" -> "0");
//   5. join: tokens are concatenated, except that two numeric tokens that end up next to each
//      other keep one "-" between them, so "1-23" and "12-3" (and "1/5" and "15") stay
//      different. Letters and letter/digit boundaries need no marker ("TI/0045" = "TI45" =
//      "ti-45", "SGT/CN/12" = "SGTCN12").
// - confusableDocNumber: normaliseDocNumber, then the look-alikes O -> 0 and I, L -> 1 mapped
//   ("INV-O045" = "INV-0045"). A weaker, separately scored rule.
//
// Fiscal-year tokens. For a document dated in FY S-(S+1) the years S-1, S and S+1 are considered
// (the document's FY and its neighbours: a series is often renamed a few days late, and the
// two sides' dates may straddle 1 April). With E = S+1, yy/ee the two-digit years:
//   - two numeric tokens in a row: "SSSS EEEE", "SSSS ee", "yy ee" (any separator: 2025-2026,
//     2025/26, 25-26, 25 26 ...);
//   - one numeric token, only when a date is given: "yyee", "SSSSee", "SSSSEEEE" (2526, 202526,
//     20252026), matched as a WHOLE token only: inside "SI2627/0045" the token "2627" is bounded by
//     the letters and the slash, so it goes; inside "262700045" nothing is removed;
//   - "FY" as a whole letter token followed by any of the above, or by one 2- or 4-digit year
//     (FY25-26, FY 2025-26, FY2526, FY26): the FY token goes too.
//   Without a date, only the separated pairs of consecutive years (2000-2099) and FY-prefixed
//   forms are removed: a bare "2526" may well be a serial.
//   The serial is never eaten: a fiscal-year span is removed only if at least one numeric token
//   remains outside every removed span ("INV2526" keeps 2526 because it is the only number there;
//   "INV/2526/7" loses it). Spans are considered left to right.
import type { IsoDate } from './dates.js';

/** The exact comparison: trim and case-fold. */
export function foldDocNumber(raw: string): string {
  return raw.trim().toUpperCase();
}

export interface DocToken {
  readonly text: string;
  readonly digits: boolean;
}

const NON_ASCII_WORD = /[\p{L}\p{N}\p{M}]/u;

/**
 * Splits a folded number into runs of digits (0-9) and runs of other letters; anything else is a
 * separator. Hot path (every number of a 100,000-record reconciliation): a char scan, no regex for
 * ASCII. Fills the two parallel arrays and returns the token count.
 */
function scanTokens(folded: string, texts: string[], digits: boolean[]): number {
  let n = 0;
  let start = -1;
  let kind = 0; // 0 none, 1 digits, 2 letters
  const len = folded.length;
  for (let i = 0; i <= len; i++) {
    let k = 0;
    if (i < len) {
      const c = folded.charCodeAt(i);
      if (c >= 48 && c <= 57) k = 1;
      else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) k = 2;
      else if (c >= 128 && NON_ASCII_WORD.test(folded.charAt(i))) k = 2;
    }
    if (k !== kind) {
      if (kind !== 0) {
        texts[n] = folded.slice(start, i);
        digits[n] = kind === 1;
        n++;
      }
      kind = k;
      start = i;
    }
  }
  return n;
}

/** The letter and digit runs of a folded number, separators dropped: "inv/0045a" -> INV, 0045, A. */
export function tokensOf(raw: string): DocToken[] {
  const texts: string[] = [];
  const digits: boolean[] = [];
  const n = scanTokens(foldDocNumber(raw), texts, digits);
  const out: DocToken[] = [];
  for (let i = 0; i < n; i++) out.push({ text: texts[i] ?? '', digits: digits[i] === true });
  return out;
}

function fyStartOf(d: IsoDate): number {
  const y = Number(d.slice(0, 4));
  const m = Number(d.slice(5, 7));
  return m >= 4 ? y : y - 1;
}

const two = (n: number): string => String(n % 100).padStart(2, '0');

interface FySpellings {
  /** Two-token forms as "A|B". */
  readonly pairs: ReadonlySet<string>;
  /** One-token compact forms. */
  readonly compact: ReadonlySet<string>;
  /** Single years allowed after an explicit "FY". */
  readonly years: ReadonlySet<string>;
}

const spellingCache = new Map<number, FySpellings>();

function spellingsFor(fyStart: number): FySpellings {
  const hit = spellingCache.get(fyStart);
  if (hit) return hit;
  const pairs = new Set<string>();
  const compact = new Set<string>();
  const years = new Set<string>();
  for (let s = fyStart - 1; s <= fyStart + 1; s++) {
    const e = s + 1;
    pairs.add(`${s}|${e}`);
    pairs.add(`${s}|${two(e)}`);
    pairs.add(`${two(s)}|${two(e)}`);
    compact.add(`${two(s)}${two(e)}`);
    compact.add(`${s}${two(e)}`);
    compact.add(`${s}${e}`);
    years.add(String(s));
    years.add(two(s));
    years.add(String(e));
    years.add(two(e));
  }
  const v = { pairs, compact, years };
  spellingCache.set(fyStart, v);
  return v;
}

/** Without a date: two tokens that spell consecutive years, 2000-2099 (2025-26, 25/26, 2025-2026). */
function isConsecutivePair(a: string, b: string): boolean {
  if (a.length !== 2 && a.length !== 4) return false;
  if (b.length !== 2 && b.length !== 4) return false;
  if (a.length === 2 && b.length === 4) return false;
  const s = a.length === 4 ? Number(a) : 2000 + Number(a);
  if (a.length === 4 && (s < 2000 || s > 2099)) return false;
  const e = s + 1;
  return b.length === 4 ? Number(b) === e : b === two(e);
}

function isConsecutiveCompact(t: string): boolean {
  if (t.length === 4) return isConsecutivePair(t.slice(0, 2), t.slice(2));
  if (t.length === 6) return isConsecutivePair(t.slice(0, 4), t.slice(4));
  if (t.length === 8) return isConsecutivePair(t.slice(0, 4), t.slice(4));
  return false;
}

// Scratch arrays reused by every call (single-threaded; no state survives a call).
const TEXT: string[] = [];
const DIGITS: boolean[] = [];
const MASK: boolean[] = [];

const yearish = (t: string): boolean => t.length === 2 || t.length === 4;

/** Length (in tokens) of a fiscal-year spelling starting at i, 0 when none. */
function fySpanAt(n: number, i: number, sp: FySpellings | null, afterFy: boolean): number {
  if (i >= n || DIGITS[i] !== true) return 0;
  const a = TEXT[i] ?? '';
  if (i + 1 < n && DIGITS[i + 1] === true) {
    const b = TEXT[i + 1] ?? '';
    if (yearish(a) && yearish(b) && (sp ? sp.pairs.has(`${a}|${b}`) : isConsecutivePair(a, b)))
      return 2;
  }
  if (sp ? sp.compact.has(a) : afterFy && isConsecutiveCompact(a)) return 1;
  if (afterFy) {
    if (sp ? sp.years.has(a) : a.length === 2 || (a.length === 4 && a.startsWith('20'))) return 1;
  }
  return 0;
}

/** Marks (in MASK) the tokens that belong to removable fiscal-year spans. */
function markFiscalYears(n: number, docDate: IsoDate | undefined): void {
  let digitCount = 0;
  let hasFy = false;
  for (let i = 0; i < n; i++) {
    MASK[i] = false;
    if (DIGITS[i] === true) digitCount++;
    else if (TEXT[i] === 'FY') hasFy = true;
  }
  if (digitCount < 2 && !hasFy) return; // nothing could remain
  const sp = docDate === undefined ? null : spellingsFor(fyStartOf(docDate));
  let remaining = digitCount;
  let i = 0;
  while (i < n) {
    let len = 0;
    if (DIGITS[i] === true) len = fySpanAt(n, i, sp, false);
    else if (TEXT[i] === 'FY') {
      const l = fySpanAt(n, i + 1, sp, true);
      if (l > 0) len = l + 1;
    }
    if (len > 0) {
      let digitsInSpan = 0;
      for (let k = i; k < i + len; k++) if (DIGITS[k] === true) digitsInSpan++;
      if (remaining - digitsInSpan >= 1) {
        for (let k = i; k < i + len; k++) MASK[k] = true;
        remaining -= digitsInSpan;
        i += len;
        continue;
      }
    }
    i++;
  }
}

function stripZeros(d: string): string {
  let k = 0;
  while (k < d.length - 1 && d.charCodeAt(k) === 48) k++;
  return k === 0 ? d : d.slice(k);
}

function joinTokens(n: number): string {
  let out = '';
  let prevDigits = false;
  for (let i = 0; i < n; i++) {
    if (MASK[i] === true) continue;
    const text = TEXT[i] ?? '';
    if (DIGITS[i] === true) {
      if (prevDigits) out += '-';
      out += stripZeros(text);
      prevDigits = true;
    } else {
      out += text;
      prevDigits = false;
    }
  }
  return out;
}

/**
 * Look-alike letters mapped to digits (O -> 0, I and L -> 1) in a normalised number (the output
 * of normaliseDocNumber), and the zero padding of the digit runs this creates stripped again.
 */
export function confusableFromNormalised(norm: string): string {
  let out = '';
  let prevDigit = false;
  for (let i = 0; i < norm.length; i++) {
    let c = norm.charCodeAt(i);
    if (c === 79)
      c = 48; // O
    else if (c === 73 || c === 76) c = 49; // I, L
    const isDigit = c >= 48 && c <= 57;
    if (c === 48 && !prevDigit && i + 1 < norm.length) {
      const nx = norm.charCodeAt(i + 1);
      if ((nx >= 48 && nx <= 57) || nx === 79 || nx === 73 || nx === 76) continue; // padding zero
    }
    out += String.fromCharCode(c);
    prevDigit = isDigit;
  }
  return out;
}

export interface DocNumberKeys {
  /** trim + case fold: the exact comparison. */
  readonly folded: string;
  /** Full normalisation: the probable comparison. */
  readonly norm: string;
  /** Full normalisation with look-alikes mapped: the weaker comparison. */
  readonly conf: string;
}

/** All three keys of a number in one pass (the matcher's hot path). */
export function docNumberKeys(raw: string, docDate?: IsoDate): DocNumberKeys {
  const folded = foldDocNumber(raw);
  const n = scanTokens(folded, TEXT, DIGITS);
  markFiscalYears(n, docDate);
  const norm = joinTokens(n);
  return { folded, norm, conf: confusableFromNormalised(norm) };
}

/**
 * The full normalisation for "probable" comparison (rules at the top of this file). The date is
 * the document's own date: it decides which fiscal-year spellings are removed.
 * "INV/2025-26/0045" (dated 2025-10-01) -> "INV45"; "INV-1" -> "INV1"; "INV-12" -> "INV12".
 */
export function normaliseDocNumber(raw: string, docDate?: IsoDate): string {
  const n = scanTokens(foldDocNumber(raw), TEXT, DIGITS);
  markFiscalYears(n, docDate);
  return joinTokens(n);
}

/**
 * normaliseDocNumber, then the look-alike letters mapped to digits (O -> 0, I and L -> 1) and the
 * zero padding of the digit runs this creates stripped again: "INV-O045" and "INV-0045" both give
 * "1NV45". Fiscal-year tokens are removed before the mapping, on real digits only.
 */
export function confusableDocNumber(raw: string, docDate?: IsoDate): string {
  return confusableFromNormalised(normaliseDocNumber(raw, docDate));
}
