// The state of one IMS download parse, shared by its parts, and the failure it throws. Paths in
// messages are built from the context only when something fails (the parse is a hot path).
import { BadInputError } from '../errors.js';
import type { IsoDate } from '../dates.js';
import type { Issue } from '../issue.js';
import { describeJsonValue } from '../json-checks.js';

/**
 * Document numbers already seen for one supplier GSTIN: number -> index in `keys` (or
 * several indexes when the number recurs in other sections or financial years). Keyed by the
 * short document number, so full record keys are hashed only when a number recurs.
 */
export type SupplierDocs = Map<string, number | number[]>;

export type GstinVerdict =
  | { readonly kind: 'ok'; readonly gstin: string; readonly docs: SupplierDocs }
  | {
      readonly kind: 'checksum';
      readonly gstin: string;
      readonly message: string;
      readonly docs: SupplierDocs;
    }
  | { readonly kind: 'bad'; readonly message: string };

export interface Ctx {
  readonly file: string;
  readonly warnings: Issue[];
  readonly gstins: Map<string, GstinVerdict>;
  /** Per normalised supplier GSTIN (two spellings of one GSTIN share it). */
  readonly docsBySupplier: Map<string, SupplierDocs>;
  /**
   * The key of every record parsed so far (for duplicates and their messages; the records
   * themselves may have been handed on) and where the current section starts.
   */
  readonly keys: string[];
  sectionFirst: number;
  /** Portal date text -> ISO date; a file holds few distinct dates. */
  readonly dates: Map<string, DateInfo>;
  /** Supplier GSTINs failing the check character: first record and number of records. */
  readonly checksumFailures: Map<
    string,
    { path: string; key: string; count: number; message: string }
  >;
  readonly unknownFilingStatus: Map<string, { path: string; count: number }>;
  inferredYears: number;
  firstInferredPath: string | null;
  /** The record being parsed; paths in messages are built from these only on failure. */
  sectionPath: string;
  index: number;
  /** The previous record's key list and its unknown keys (see unknownKeys). */
  lastKeys: string[] | null;
  lastUnknown: readonly string[];
  /** The previous record's supplier GSTIN text and verdict. */
  lastStin: string | null;
  lastVerdict: Exclude<GstinVerdict, { kind: 'bad' }> | null;
}

export interface DateInfo {
  readonly iso: IsoDate;
  /** fiscalYearOf(iso), for the record key. */
  readonly fy: string;
}

export function recordPath(ctx: Ctx): string {
  return `${ctx.sectionPath}[${ctx.index}]`;
}

export function fieldPath(ctx: Ctx, field: string): string {
  return `${ctx.sectionPath}[${ctx.index}].${field}`;
}

export function fail(
  ctx: Ctx,
  path: string,
  expected: string,
  found: unknown,
  hint?: string,
): never {
  const tail = hint === undefined ? '' : ` (${hint})`;
  throw new BadInputError(
    `${ctx.file}: ${path}: expected ${expected}, found ${describeJsonValue(found)}${tail}`,
    { file: ctx.file, path, expected },
  );
}
