// Reads an .xlsx workbook with bounded memory, for both the IMS workbook (excel-read.ts) and
// purchase registers (register-source.ts). The ZIP directory is checked first; the workbook index,
// its relationships and the styles are small and read whole; the shared strings and every sheet
// are inflated as streams and parsed one element (<si>, <row>) at a time.
//
// Explicit limits (rows, cells, bytes of uncompressed XML, all counted per workbook) end an
// oversized or hostile file with a BadInputError naming the file, the sheet and the limit before
// it can exhaust memory. The uncompressed size is checked twice: the size the ZIP directory
// declares (refused before anything is inflated) and the bytes actually inflated (a directory can
// lie). Why a hand-written reader and not exceljs: docs/decisions/0006 and 0016.
import { open } from 'node:fs/promises';
import type { BadInputError } from '../core/index.js';
import type { XlsxLimits } from './xlsx-limits.js';
import { xlsxLimits } from './xlsx-limits.js';
import type { Parts } from './xlsx-zip.js';
import { readDirectory, Budget, streamPart, readIndexPart } from './xlsx-zip.js';
import type { CellContext } from './xlsx-xml.js';
import { sharedStrings, sheetIndex, dateStyles, sheetRows } from './xlsx-xml.js';

export type XlsxValue = string | number | boolean | Date;

export interface XlsxRow {
  /** 1-based row number in the sheet. */
  readonly row: number;
  /** 1-based column -> value; cells without a value are absent. */
  readonly values: Map<number, XlsxValue>;
  /** Columns whose cell holds a formula (its cached result, if any, is in `values`). */
  readonly formulas: Set<number>;
  /**
   * Formulas saved without a result (by a program that does not calculate): column -> the
   * formula's text ('' for a cell sharing another cell's formula). Absent when there are none.
   */
  readonly uncomputed?: Map<number, string>;
}

export interface XlsxSheet {
  readonly name: string;
  readonly part: string;
  /** Stored (compressed) bytes, for progress. */
  readonly compressedSize: number;
}

export interface OpenXlsxOptions {
  readonly limits?: Partial<XlsxLimits> | undefined;
  /** Numbers in a date or time format become Dates (UTC), as exceljs reads them. */
  readonly dates?: boolean | undefined;
  /** Words a problem with the container ("the file is truncated ...") as the caller's error. */
  readonly bad: (why: string) => BadInputError;
  /** Progress through the shared strings, in stored bytes read so far. */
  readonly onSharedStrings?: ((read: number) => void) | undefined;
}

export interface XlsxWorkbook {
  /** Worksheets in workbook order (chartsheets and sheets without a part are left out). */
  readonly sheets: readonly XlsxSheet[];
  /** Stored bytes of the shared strings part (0 when there is none). */
  readonly sharedStringsSize: number;
  /** Reads the shared strings (once; `rows` does it when not done yet). */
  loadSharedStrings(): Promise<void>;
  /** The rows of one sheet, parsed as the part is inflated. `onBytes`: stored bytes read so far. */
  rows(sheet: XlsxSheet, onBytes?: (read: number) => void): AsyncGenerator<XlsxRow>;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------

/**
 * Opens an .xlsx: checks the container, reads the sheet index (and the styles when `dates`) and
 * the shared strings. The caller reads sheets with `rows` and must `close` it.
 */
export async function openXlsx(file: string, opts: OpenXlsxOptions): Promise<XlsxWorkbook> {
  const limits = xlsxLimits(opts.limits);
  const fh = await open(file, 'r');
  try {
    const { size } = await fh.stat();
    const entries = await readDirectory(fh, size, opts.bad);
    const p: Parts = { file, fh, entries, bad: opts.bad, budget: new Budget(file, limits) };
    const index = sheetIndex(
      (await readIndexPart(p, 'xl/workbook.xml')) ?? '',
      await readIndexPart(p, 'xl/_rels/workbook.xml.rels'),
    );
    const dates =
      opts.dates === true
        ? dateStyles(await readIndexPart(p, index.stylesPart ?? 'xl/styles.xml'))
        : [];
    const cellCtx: CellContext = {
      shared: [],
      dates,
      dateBase: index.date1904 ? 24107 : 25569,
    };
    let loading: Promise<void> | null = null;
    const loadSharedStrings = (): Promise<void> =>
      (loading ??= sharedStrings(p, opts.onSharedStrings).then((list) => {
        cellCtx.shared = list;
      }));
    const sheets = index.sheets.flatMap((s) => {
      const e = entries.get(s.part);
      return e === undefined ? [] : [{ ...s, compressedSize: e.compressedSize }];
    });
    return {
      sheets,
      sharedStringsSize: entries.get('xl/sharedStrings.xml')?.compressedSize ?? 0,
      loadSharedStrings,
      async *rows(sheet, onBytes) {
        await loadSharedStrings();
        const where = `sheet ${JSON.stringify(sheet.name)}`;
        const tooLarge = (): BadInputError =>
          opts.bad(`the file is damaged (a row on ${where} is over 64 MB or never ends)`);
        yield* sheetRows(
          streamPart(p, sheet.part, where, onBytes),
          cellCtx,
          p.budget,
          where,
          tooLarge,
        );
      },
      close: () => fh.close(),
    };
  } catch (e) {
    await fh.close();
    throw e;
  }
}

export type { XlsxLimits } from './xlsx-limits.js';
export { DEFAULT_XLSX_LIMITS, XLSX_LIMIT_ENV, parseLimit, xlsxLimits } from './xlsx-limits.js';
