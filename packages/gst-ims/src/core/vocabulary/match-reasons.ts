// Every reason code a match result carries (core/reconcile/*, core/reconcile-2b.ts; REASON
// VALUES in core/reconcile.ts), with its words: one table. `words` is how the person deciding
// reads it (web); `supplier` is how a follow-up to the supplier says it, null where the reason is
// ours alone (how we paired, not what the supplier reported). The CLI and the stored results keep
// the code itself (`dateDiff:2`, formatReason), which scripts rely on.
import { formatRs, rupeesToPaise } from '../money.js';
import { periodLabel } from '../period-label.js';
import { OUTSIDE_IMS, formatReason } from '../register.js';
import type { MatchReason } from '../register.js';

const HEAD_WORDS = {
  taxable: 'taxable value',
  igst: 'IGST',
  cgst: 'CGST',
  sgst: 'SGST',
  cess: 'cess',
  totalTax: 'total tax',
} as const;

export const MATCH_REASON_CODES = [
  'numberExact',
  'numberNormalised',
  'numberConfusable',
  'viaOriginalNumber',
  'amountOnly',
  'manualLink',
  'gstinTypo',
  'panLevel',
  'gstinDiff',
  'docTypeDiff',
  'fiscalYearDiff',
  'dateDiff',
  'periodShift',
  'taxableDiff',
  'igstDiff',
  'cgstDiff',
  'sgstDiff',
  'cessDiff',
  'totalTaxDiff',
  'headSwap',
  'posDiff',
  'excluded',
  'amendedBy',
  ...OUTSIDE_IMS,
  'in2b',
  'dateDiff2b',
  'taxableDiff2b',
  'igstDiff2b',
  'cgstDiff2b',
  'sgstDiff2b',
  'cessDiff2b',
  'notIn2b',
  'neverIn2b',
] as const;
export type MatchReasonCode = (typeof MATCH_REASON_CODES)[number];

/** Words from the reason's value ('' when it has none); null: nothing worth saying. */
type Say = (v: string) => string | null;

interface ReasonWords {
  readonly words: Say;
  readonly supplier: Say | null;
}

const same = (s: string): ReasonWords => ({ words: () => s, supplier: () => s });
const ours = (words: Say): ReasonWords => ({ words, supplier: null });
const days = (v: string): string => `${Math.abs(Number(v))} day(s)`;
/** Grouped as the screen shows amounts (Rs 34,749.62, not Rs 34749.62); odd text as it came. */
const rupees = (v: string): string => {
  const p = rupeesToPaise(v.replace(/^-/, ''));
  return p === null ? `Rs ${v.replace(/^-/, '')}` : formatRs(p);
};
/** Books minus portal, in rupees: "-500.00" is the portal higher. */
const moneyDiff = (head: string): ReasonWords => {
  const say = (v: string): string =>
    `${head} differs by ${rupees(v)} (${v.startsWith('-') ? 'portal higher' : 'our books higher'})`;
  return { words: say, supplier: say };
};
/** 2B minus books, in rupees. */
const twoBDiff = (head: string): ReasonWords =>
  ours(
    (v) =>
      `${head} in the 2B differs by ${rupees(v)} (${v.startsWith('-') ? 'our books higher' : '2B higher'})`,
  );
const NUMBER_DIFFERS = 'document number written differently';

export const MATCH_REASON_WORDS: Readonly<Record<MatchReasonCode, ReasonWords>> = {
  numberExact: ours(() => 'same document number'),
  numberNormalised: {
    words: () => `${NUMBER_DIFFERS} (spaces, slashes, leading zeros)`,
    supplier: () => NUMBER_DIFFERS,
  },
  numberConfusable: {
    words: () => 'document number differs in look-alike characters (0/O, 1/I, ...)',
    supplier: () => NUMBER_DIFFERS,
  },
  viaOriginalNumber: ours((v) => `paired through the original document number${v ? ` ${v}` : ''}`),
  amountOnly: {
    words: () => 'paired on amounts and date only: no document number evidence',
    supplier: () => 'a document with the same amounts and date is reported under another number',
  },
  manualLink: ours(() => 'linked by hand'),
  gstinTypo: ours((v) => `supplier GSTIN in the books looks mistyped${v ? ` (${v})` : ''}`),
  panLevel: same('reported under another GSTIN of the same PAN'),
  gstinDiff: same('reported under another GSTIN of the same PAN'),
  docTypeDiff: same('document type differs'),
  fiscalYearDiff: same('reported in another financial year'),
  dateDiff: {
    words: (v) => (Number(v) === 0 ? 'same date' : `date differs by ${days(v)}`),
    supplier: (v) => (Number(v) === 0 ? null : `date differs by ${days(v)}`),
  },
  periodShift: ours((v) => `booked ${v} month(s) from the portal's month (books minus portal)`),
  taxableDiff: moneyDiff(HEAD_WORDS.taxable),
  igstDiff: moneyDiff(HEAD_WORDS.igst),
  cgstDiff: moneyDiff(HEAD_WORDS.cgst),
  sgstDiff: moneyDiff(HEAD_WORDS.sgst),
  cessDiff: moneyDiff(HEAD_WORDS.cess),
  totalTaxDiff: moneyDiff(HEAD_WORDS.totalTax),
  headSwap: same('tax reported under the other head (IGST instead of CGST+SGST, or the reverse)'),
  posDiff: same('place of supply differs'),
  excluded: ours((v) => `left out of the match${v ? `: ${v}` : ''}`),
  amendedBy: ours((v) => `amended by a later record${v ? ` (${v})` : ''}`),
  reverseCharge: ours(() => 'reverse charge: never in IMS'),
  import: ours(() => 'import: never in IMS'),
  isd: ours(() => 'ISD credit: never in IMS'),
  unregistered: ours(() => 'unregistered supplier: never in IMS'),
  in2b: ours((v) => `in the GSTR-2B${v ? ` (${v})` : ''}`),
  dateDiff2b: ours((v) => `date in the 2B differs by ${days(v)}`),
  taxableDiff2b: twoBDiff(HEAD_WORDS.taxable),
  igstDiff2b: twoBDiff(HEAD_WORDS.igst),
  cgstDiff2b: twoBDiff(HEAD_WORDS.cgst),
  sgstDiff2b: twoBDiff(HEAD_WORDS.sgst),
  cessDiff2b: twoBDiff(HEAD_WORDS.cess),
  notIn2b: ours((v) => `not in the GSTR-2B${v ? ` of ${periodLabel(v)}` : ''} yet`),
  neverIn2b: ours(() => 'in no stored GSTR-2B'),
};

// A result stored by an older version may carry a code this table no longer has.
const wordsOf = (r: MatchReason): ReasonWords | undefined =>
  (MATCH_REASON_WORDS as Partial<Record<string, ReasonWords>>)[r.code];
const valueOf = (r: MatchReason): string => (r.value === undefined ? '' : String(r.value));

/** A reason as the person deciding reads it ("date differs by 2 day(s)"). */
export function describeMatchReason(r: MatchReason): string {
  return wordsOf(r)?.words(valueOf(r)) ?? formatReason(r);
}

/** A reason in words a supplier understands; null for reasons that are ours alone. */
export function matchReasonForSupplier(r: MatchReason): string | null {
  const say = wordsOf(r)?.supplier;
  return say === null || say === undefined ? null : say(valueOf(r));
}
