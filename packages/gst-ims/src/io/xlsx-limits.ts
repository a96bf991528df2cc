// The limits of an .xlsx read (rows, cells, bytes of uncompressed XML per workbook), from the
// caller or the environment.
import { UsageError } from '../core/index.js';

export interface XlsxLimits {
  /** Rows (`<row>` elements) over all sheets read. Excel itself stops at 1,048,576 per sheet. */
  readonly maxRows: number;
  /** Cells (`<c>` elements, styled empty ones too) over all sheets read. */
  readonly maxCells: number;
  /** Bytes of XML inflated from the file (sheets, shared strings, index, styles). */
  readonly maxXmlBytes: number;
}

export const DEFAULT_XLSX_LIMITS: XlsxLimits = {
  maxRows: 1_100_000,
  // Above the rows' limit times the 31 columns of gst-ims' widest sheet: a workbook `export
  // excel` wrote at a million records (about 22 million cells) must import (decision 0045).
  maxCells: 40_000_000,
  maxXmlBytes: 1024 * 1024 * 1024,
};

/** Environment variables that change the limits for every command (flags win over them). */
export const XLSX_LIMIT_ENV: Readonly<Record<keyof XlsxLimits, string>> = {
  maxRows: 'GST_IMS_XLSX_MAX_ROWS',
  maxCells: 'GST_IMS_XLSX_MAX_CELLS',
  maxXmlBytes: 'GST_IMS_XLSX_MAX_XML_BYTES',
};

export const LIMIT_UNIT: Readonly<Record<keyof XlsxLimits, string>> = {
  maxRows: 'rows',
  maxCells: 'cells',
  maxXmlBytes: 'bytes of uncompressed XML',
};

/** The limits in force: the ones given, else the environment's, else the defaults. */
export function xlsxLimits(
  given: Partial<XlsxLimits> = {},
  env: Readonly<Record<string, string | undefined>> = process.env,
): XlsxLimits {
  const pick = (k: keyof XlsxLimits): number => {
    const v = given[k];
    if (v !== undefined) {
      if (!Number.isSafeInteger(v) || v <= 0)
        throw new UsageError(`${k}: expected a whole number above 0, found ${v}`);
      return v;
    }
    const raw = env[XLSX_LIMIT_ENV[k]];
    if (raw === undefined || raw.trim() === '') return DEFAULT_XLSX_LIMITS[k];
    const n = parseLimit(raw);
    if (n === null)
      throw new UsageError(
        `${XLSX_LIMIT_ENV[k]}: expected a whole number above 0 (such as 500000 or 2G), found "${raw}"`,
      );
    return n;
  };
  return { maxRows: pick('maxRows'), maxCells: pick('maxCells'), maxXmlBytes: pick('maxXmlBytes') };
}

/** `1100000`, `1_100_000`, `1,100,000`, or with a K, M or G suffix (powers of 1024). */
export function parseLimit(raw: string): number | null {
  const m = /^(\d+)\s*([kmg]?)b?$/i.exec(raw.trim().replace(/[_,]/g, ''));
  if (!m) return null;
  const scale = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(m[2] ?? '').toLowerCase()] ?? 1;
  const n = Number(m[1]) * scale;
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

export const fmt = (n: number): string => n.toLocaleString('en-US');
