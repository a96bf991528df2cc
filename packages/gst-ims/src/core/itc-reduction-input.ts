// The ITC-reduction declaration as a person types it (a CLI flag, a JSON body, a workbook's
// cells): a kind and rupee amounts per head -> ItcReduction, or errors per field. One rule for
// every edge; each edge names the field its own way (--igst, itcReduction.igst, the Reduce IGST
// cell). The portal's own rules on the result (equal CGST/SGST, within the note's tax) are
// validateDecision's.
import type { Paise } from './money.js';
import { rupeesToPaise } from './money.js';
import type { ItcReduction } from './record.js';

export const ITC_REDUCTION_KINDS = ['full', 'partial', 'none'] as const;
export type ItcReductionKind = (typeof ITC_REDUCTION_KINDS)[number];

export const DECLARED_HEADS = ['igst', 'cgst', 'sgst', 'cess'] as const;
export type DeclaredHead = (typeof DECLARED_HEADS)[number];
export type ItcReductionField = 'kind' | DeclaredHead;

/** Every code parseItcReduction can return, with what it means. */
export const ITC_REDUCTION_INPUT_CODES = {
  INVALID_AMOUNT: 'A declared amount is not an amount in rupees with at most 2 decimals.',
  INVALID_ITC_REDUCTION: 'The ITC reduction is none of full, partial or none.',
  ITC_REDUCTION_KIND_MISSING:
    'Reduction amounts are given without saying the reduction is partial.',
  ITC_REDUCTION_AMOUNTS_UNEXPECTED:
    'Reduction amounts are given with a full or no reduction; amounts go with partial.',
  ITC_REDUCTION_AMOUNTS_MISSING: 'A partial reduction is given without any amount.',
} as const;
export type ItcReductionInputCode = keyof typeof ITC_REDUCTION_INPUT_CODES;

export interface ItcReductionInputError {
  readonly field: ItcReductionField;
  readonly code: ItcReductionInputCode;
  /** Without the field's name, which the edge puts first: "--igst: expected ...". */
  readonly message: string;
}

export type RawAmount = string | number | null | undefined;

export interface ItcReductionInput {
  readonly kind: string | null | undefined;
  readonly amounts?: Readonly<Partial<Record<DeclaredHead, RawAmount>>> | undefined;
}

export interface ParseItcReductionOptions {
  /** A partial reduction must name at least one amount (the CLI); else the absent ones are 0. */
  readonly partialNeedsAmounts?: boolean | undefined;
  /** Reads one amount, null when it is not one; default parseRupeeInput. */
  readonly readAmount?: ((raw: string | number) => Paise | null) | undefined;
}

export type ItcReductionParse =
  | { readonly ok: true; readonly value: ItcReduction | null }
  | { readonly ok: false; readonly errors: readonly ItcReductionInputError[] };

/** "1,23,456.50", "₹ 1200", "Rs. 1200", 1200.5 -> paise; null when it is not an amount. */
export function parseRupeeInput(raw: string | number): Paise | null {
  if (typeof raw === 'number') return rupeesToPaise(raw);
  return rupeesToPaise(raw.replace(/[₹,\s]/g, '').replace(/^rs\.?/i, ''));
}

const absent = (v: RawAmount): v is null | undefined | '' =>
  v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
const shown = (v: string | number): string =>
  typeof v === 'string' ? JSON.stringify(v) : String(v);

/** Reads a kind (any case; "nil" for none) and the amounts; no declaration when both are empty. */
export function parseItcReduction(
  input: ItcReductionInput,
  opts: ParseItcReductionOptions = {},
): ItcReductionParse {
  const read = opts.readAmount ?? parseRupeeInput;
  const errors: ItcReductionInputError[] = [];
  const amounts: Partial<Record<DeclaredHead, Paise>> = {};
  for (const head of DECLARED_HEADS) {
    const raw = input.amounts?.[head];
    if (absent(raw)) continue;
    const p = read(raw);
    if (p === null)
      errors.push({
        field: head,
        code: 'INVALID_AMOUNT',
        message: `expected an amount in rupees with at most 2 decimals, such as 1250.50, found ${shown(raw)}`,
      });
    else amounts[head] = p;
  }
  if (errors.length > 0) return { ok: false, errors };
  const anyAmount = DECLARED_HEADS.some((h) => !absent(input.amounts?.[h]));
  const kindText = input.kind === null || input.kind === undefined ? '' : input.kind.trim();
  const fail = (code: ItcReductionInputCode, message: string): ItcReductionParse => ({
    ok: false,
    errors: [{ field: 'kind', code, message }],
  });
  if (kindText === '') {
    return anyAmount
      ? fail(
          'ITC_REDUCTION_KIND_MISSING',
          'reduction amounts are given but the ITC reduction is not; set it to partial (or leave the amounts out)',
        )
      : { ok: true, value: null };
  }
  const kind = kindText.toLowerCase() === 'nil' ? 'none' : kindText.toLowerCase();
  if (kind === 'full' || kind === 'none') {
    return anyAmount
      ? fail(
          'ITC_REDUCTION_AMOUNTS_UNEXPECTED',
          `the ITC reduction ${kindText} takes no amounts; amounts go with partial`,
        )
      : { ok: true, value: { kind } };
  }
  if (kind !== 'partial')
    return fail(
      'INVALID_ITC_REDUCTION',
      `expected ${ITC_REDUCTION_KINDS.join(', ')} or empty, found ${JSON.stringify(kindText)}`,
    );
  if (!anyAmount && opts.partialNeedsAmounts === true)
    return fail(
      'ITC_REDUCTION_AMOUNTS_MISSING',
      'a partial reduction needs the declared amounts (IGST, CGST, SGST, cess)',
    );
  const p = (h: DeclaredHead): Paise => amounts[h] ?? (0 as Paise);
  return {
    ok: true,
    value: { kind: 'partial', igst: p('igst'), cgst: p('cgst'), sgst: p('sgst'), cess: p('cess') },
  };
}
