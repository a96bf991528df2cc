// GSTIN structure and the weighted base-36 check character (ims-formats.md section 7).
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

const PATTERNS: readonly RegExp[] = [
  /^[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z][Z1-9ABD-J][0-9A-Z]$/, // normal taxpayer
  /^[0-9]{2}[A-Z]{4}[0-9]{5}[A-Z][0-9]Z[0-9]$/, // government department
  /^[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z]C[0-9A-Z]$/, // TCS (e-commerce operator)
  /^[0-9]{2}[A-Z]{4}[A-Z0-9][0-9]{4}[A-Z][1-9A-Z]D[0-9A-Z]$/, // TDS
  /^[0-9]{4}[A-Z]{3}[0-9]{5}[UO]N[A-Z0-9]$/, // UIN
  /^[0-9]{4}[A-Z]{3}[0-9]{5}NR[0-9A-Z]$/, // NRI
  /^99[0-9]{2}[A-Z]{3}[0-9]{5}OS[0-9A-Z]$/, // OIDAR
];

export type GstinCheck =
  | { ok: true; gstin: string }
  | {
      ok: false;
      gstin: string;
      code: 'GSTIN_LENGTH' | 'GSTIN_FORMAT' | 'GSTIN_CHECKSUM';
      message: string;
    };

export function normaliseGstin(raw: string): string {
  return raw.trim().toUpperCase();
}

export function gstinCheckChar(first14: string): string | null {
  let sum = 0;
  for (let i = 0; i < 14; i++) {
    const v = ALPHABET.indexOf(first14.charAt(i));
    if (v < 0) return null;
    const p = v * (i % 2 === 0 ? 1 : 2);
    sum += Math.floor(p / 36) + (p % 36);
  }
  return ALPHABET.charAt((36 - (sum % 36)) % 36);
}

export function checkGstin(raw: string): GstinCheck {
  const gstin = normaliseGstin(raw);
  if (gstin.length !== 15) {
    return {
      ok: false,
      gstin,
      code: 'GSTIN_LENGTH',
      message: `GSTIN "${raw}" has ${gstin.length} characters, expected 15`,
    };
  }
  if (!PATTERNS.some((re) => re.test(gstin))) {
    return {
      ok: false,
      gstin,
      code: 'GSTIN_FORMAT',
      message: `GSTIN "${raw}" does not have the GSTIN layout (state code, PAN, entity, check character)`,
    };
  }
  const expected = gstinCheckChar(gstin.slice(0, 14));
  if (expected !== gstin.charAt(14)) {
    return {
      ok: false,
      gstin,
      code: 'GSTIN_CHECKSUM',
      message: `GSTIN "${raw}" fails its check character (expected ${expected ?? '?'})`,
    };
  }
  return { ok: true, gstin };
}

/** The PAN inside a GSTIN (characters 3-12), used for PAN-level matching. */
export function panOf(gstin: string): string {
  return gstin.slice(2, 12);
}

export function stateCodeOf(gstin: string): string {
  return gstin.slice(0, 2);
}

/** Builds a valid GSTIN from its first 14 characters (used by the data generator and tests). */
export function withCheckChar(first14: string): string {
  const c = gstinCheckChar(first14);
  if (c === null) throw new RangeError(`cannot compute a check character for "${first14}"`);
  return first14 + c;
}
