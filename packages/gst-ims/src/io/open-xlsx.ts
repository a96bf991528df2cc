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
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { createInflateRaw } from 'node:zlib';
import { BadInputError, UsageError } from '../core/index.js';

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
  maxCells: 20_000_000,
  maxXmlBytes: 1024 * 1024 * 1024,
};

/** Environment variables that change the limits for every command (flags win over them). */
export const XLSX_LIMIT_ENV: Readonly<Record<keyof XlsxLimits, string>> = {
  maxRows: 'GST_IMS_XLSX_MAX_ROWS',
  maxCells: 'GST_IMS_XLSX_MAX_CELLS',
  maxXmlBytes: 'GST_IMS_XLSX_MAX_XML_BYTES',
};

const LIMIT_UNIT: Readonly<Record<keyof XlsxLimits, string>> = {
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

const fmt = (n: number): string => n.toLocaleString('en-US');

/** A cell value: text, number, boolean, or (with `dates`) a Date for a number shown as a date. */
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

/** Largest single element (a row, a shared string) held while its end is awaited. */
const MAX_ELEMENT_CHARS = 64 * 1024 * 1024;
/** Largest index part (workbook, relationships, styles) read whole. */
const MAX_INDEX_PART = 64 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// The ZIP container.

interface ZipEntry {
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
}

type Bad = (why: string) => BadInputError;

/**
 * The ZIP directory: a local header at the start, an end-of-central-directory record whose
 * central directory lies inside the file, the parts an .xlsx must have.
 */
async function readDirectory(
  fh: FileHandle,
  size: number,
  bad: Bad,
): Promise<Map<string, ZipEntry>> {
  const head = Buffer.alloc(4);
  await fh.read(head, 0, 4, 0);
  if (size < 4 || head.readUInt32LE(0) !== 0x04034b50) {
    const text = head.toString('latin1');
    const hint =
      text.startsWith('{') || text.startsWith('[')
        ? ' (it looks like JSON)'
        : text === '\xd0\xcf\x11\xe0'
          ? ' (it looks like an old .xls or a password-protected workbook; save it as .xlsx without a password)'
          : '';
    throw bad(`not an .xlsx file${hint}`);
  }
  const tailLength = Math.min(size, 65557);
  const tail = Buffer.alloc(tailLength);
  await fh.read(tail, 0, tailLength, size - tailLength);
  let eocd = -1;
  for (let i = tailLength - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0)
    throw bad('the file is truncated or damaged (the ZIP directory at its end is missing)');
  const count = tail.readUInt16LE(eocd + 10);
  const cdSize = tail.readUInt32LE(eocd + 12);
  const cdOffset = tail.readUInt32LE(eocd + 16);
  if (cdOffset + cdSize > size - tailLength + eocd)
    throw bad('the file is truncated or damaged (the ZIP directory points past the data)');
  const cd = Buffer.alloc(cdSize);
  await fh.read(cd, 0, cdSize, cdOffset);
  const entries = new Map<string, ZipEntry>();
  for (let p = 0, n = 0; n < count; n++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== 0x02014b50)
      throw bad('the file is damaged (a bad ZIP directory entry)');
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    const e: ZipEntry = {
      method: cd.readUInt16LE(p + 10),
      compressedSize: cd.readUInt32LE(p + 20),
      size: cd.readUInt32LE(p + 24),
      localOffset: cd.readUInt32LE(p + 42),
    };
    if (e.localOffset + 30 + e.compressedSize > size)
      throw bad('the file is truncated or damaged (a part lies past the end of the file)');
    entries.set(cd.toString('utf8', p + 46, p + 46 + nameLen), e);
    p += 46 + nameLen + extraLen + commentLen;
  }
  if (!entries.has('[Content_Types].xml') || !entries.has('xl/workbook.xml')) {
    throw bad(
      entries.has('word/document.xml')
        ? 'this is a Word document, not a workbook'
        : 'this ZIP file is not an Excel workbook',
    );
  }
  return entries;
}

// ---------------------------------------------------------------------------------------------
// The budget: rows, cells and XML bytes counted over the whole workbook.

class Budget {
  rows = 0;
  cells = 0;
  xmlBytes = 0;
  constructor(
    readonly file: string,
    readonly limits: XlsxLimits,
  ) {}

  error(where: string, k: keyof XlsxLimits, what: string): BadInputError {
    const max = this.limits[k];
    const name = basename(this.file);
    return new BadInputError(
      `${name}, ${where}: ${what}; the limit is ${fmt(max)} ${LIMIT_UNIT[k]} per workbook (set ${XLSX_LIMIT_ENV[k]} to change it)`,
      { file: this.file, field: k, expected: `at most ${fmt(max)} ${LIMIT_UNIT[k]}` },
    );
  }

  declared(where: string, size: number): void {
    if (this.xmlBytes + size > this.limits.maxXmlBytes)
      throw this.error(
        where,
        'maxXmlBytes',
        `the ZIP directory says it unpacks to ${fmt(size)} bytes${this.xmlBytes > 0 ? ` (after ${fmt(this.xmlBytes)} bytes of other parts)` : ''}, more than allowed`,
      );
  }

  inflated(where: string, bytes: number): void {
    this.xmlBytes += bytes;
    if (this.xmlBytes > this.limits.maxXmlBytes)
      throw this.error(
        where,
        'maxXmlBytes',
        `it unpacks to more than ${fmt(this.limits.maxXmlBytes)} bytes of XML (more than the ZIP directory declares, or more than allowed)`,
      );
  }

  row(where: string, cells: number): void {
    if (++this.rows > this.limits.maxRows)
      throw this.error(where, 'maxRows', `more than ${fmt(this.limits.maxRows)} rows`);
    this.cells += cells;
    if (this.cells > this.limits.maxCells)
      throw this.error(where, 'maxCells', `more than ${fmt(this.limits.maxCells)} cells`);
  }
}

// ---------------------------------------------------------------------------------------------
// Parts.

interface Parts {
  readonly file: string;
  readonly fh: FileHandle;
  readonly entries: ReadonlyMap<string, ZipEntry>;
  readonly bad: Bad;
  readonly budget: Budget;
}

async function dataStart(p: Parts, e: ZipEntry, partName: string): Promise<number> {
  const local = Buffer.alloc(30);
  await p.fh.read(local, 0, 30, e.localOffset);
  if (local.readUInt32LE(0) !== 0x04034b50)
    throw p.bad(`the file is damaged (the part ${partName} is missing)`);
  if (e.method !== 0 && e.method !== 8)
    throw p.bad(`the part ${partName} uses an unsupported compression (method ${e.method})`);
  return e.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
}

/**
 * A part as text chunks, counted against the XML budget as it is inflated. `where` names the
 * part in a limit error; `onBytes` gets the stored bytes read so far.
 */
async function* streamPart(
  p: Parts,
  partName: string,
  where: string,
  onBytes?: (read: number) => void,
): AsyncGenerator<string> {
  const e = p.entries.get(partName);
  if (!e) throw p.bad(`the file is damaged (the part ${partName} is missing)`);
  p.budget.declared(where, e.size);
  const start = await dataStart(p, e, partName);
  if (e.compressedSize === 0) return;
  const raw = createReadStream(p.file, { start, end: start + e.compressedSize - 1 });
  const stream = e.method === 0 ? raw : raw.pipe(createInflateRaw());
  if (stream !== raw) raw.on('error', (err) => stream.destroy(err));
  const decoder = new StringDecoder('utf8');
  let reported = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      p.budget.inflated(where, chunk.length);
      if (onBytes !== undefined && raw.bytesRead > reported) {
        reported = raw.bytesRead;
        onBytes(reported);
      }
      yield decoder.write(chunk);
    }
    const rest = decoder.end();
    if (rest !== '') yield rest;
  } catch (err) {
    if (err instanceof BadInputError) throw err;
    throw p.bad(`the file is damaged (cannot unpack ${partName}: ${(err as Error).message})`);
  } finally {
    raw.destroy();
    stream.destroy();
  }
}

/** A small index part as one string; null when the workbook has none. */
async function readIndexPart(p: Parts, partName: string): Promise<string | null> {
  const e = p.entries.get(partName);
  if (!e) return null;
  if (e.size > MAX_INDEX_PART)
    throw p.bad(`the part ${partName} is too large (${fmt(e.size)} bytes) for a workbook index`);
  let out = '';
  for await (const chunk of streamPart(p, partName, partName)) {
    out += chunk;
    if (out.length > MAX_INDEX_PART)
      throw p.bad(`the part ${partName} is too large for a workbook index`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// SpreadsheetML: the few elements values live in. Element names may carry a namespace prefix.

const XML_ENTITY: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};

/**
 * A string of its own. V8 cuts a substring of 13 characters or more as a view into its parent
 * (here a chunk of up to 64 KB of XML), so every value kept would keep its whole chunk alive:
 * a grid of such values held the sheet's XML twice over. Copying a kept value frees the chunk.
 */
function detach(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

function decodeXml(s: string): string {
  if (s.indexOf('&') < 0 && s.indexOf('_x') < 0) return s;
  return s
    .replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) => {
      if (e[0] !== '#') return XML_ENTITY[e] ?? m;
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1));
      return cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    })
    .replace(/_x([0-9A-Fa-f]{4})_/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
}

function attrs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  for (let a = re.exec(text); a; a = re.exec(text)) out[a[1] ?? ''] = decodeXml(a[2] ?? a[3] ?? '');
  return out;
}

function elements(xml: string, tag: string): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  const re = new RegExp(`<(?:[\\w.-]+:)?${tag}\\b([^>]*)>`, 'g');
  for (let m = re.exec(xml); m; m = re.exec(xml)) out.push(attrs(m[1] ?? ''));
  return out;
}

const RE_T = /<(?:[\w.-]+:)?t\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?t>)/g;
const RE_RPH = /<(?:[\w.-]+:)?rPh\b[\s\S]*?<\/(?:[\w.-]+:)?rPh>/g;

/** The text of a string item (<si> or <is>): its <t> runs, without phonetic hints. */
function runText(xml: string): string {
  const s = xml.indexOf('rPh') >= 0 ? xml.replace(RE_RPH, '') : xml;
  let out = '';
  RE_T.lastIndex = 0;
  for (let m = RE_T.exec(s); m; m = RE_T.exec(s)) out += m[1] ?? '';
  return decodeXml(out);
}

/**
 * Complete `<tag ...>...</tag>` (or `<tag .../>`) elements from a stream of text, in order.
 * Group 1 holds the attributes, group 2 the content. Text between elements is dropped. An element
 * whose end does not come within MAX_ELEMENT_CHARS is refused rather than buffered further.
 */
async function* streamElements(
  chunks: AsyncIterable<string>,
  tag: string,
  tooLarge: () => BadInputError,
): AsyncGenerator<RegExpExecArray> {
  const re = new RegExp(
    `<(?:[\\w.-]+:)?${tag}\\b([^>]*?)(?:\\/>|>([\\s\\S]*?)<\\/(?:[\\w.-]+:)?${tag}>)`,
    'g',
  );
  const start = new RegExp(`<(?:[\\w.-]+:)?${tag}\\b`);
  const end = `${tag}>`;
  let buf = '';
  // While `buf` starts with an element whose end has not arrived: where to look for it next.
  let waitFrom = -1;
  for await (const chunk of chunks) {
    buf += chunk;
    if (waitFrom >= 0) {
      const openEnd = buf.indexOf('>');
      const selfClosing = openEnd > 0 && buf[openEnd - 1] === '/';
      if (!selfClosing && (openEnd < 0 || buf.indexOf(end, Math.max(waitFrom, openEnd)) < 0)) {
        if (buf.length > MAX_ELEMENT_CHARS) throw tooLarge();
        waitFrom = Math.max(0, buf.length - end.length);
        continue;
      }
    }
    re.lastIndex = 0;
    let consumed = 0;
    for (let m = re.exec(buf); m; m = re.exec(buf)) {
      consumed = re.lastIndex;
      yield m;
    }
    // Keep only what may be the start of an element not complete yet.
    const rest = consumed === 0 ? buf : buf.slice(consumed);
    const open = rest.search(start);
    buf = open < 0 ? rest.slice(-64) : rest.slice(open);
    waitFrom = open < 0 ? -1 : 0;
    if (buf.length > MAX_ELEMENT_CHARS) throw tooLarge();
  }
}

async function sharedStrings(p: Parts, onBytes?: (read: number) => void): Promise<string[]> {
  const part = 'xl/sharedStrings.xml';
  if (!p.entries.has(part)) return [];
  const where = `the shared strings (${part})`;
  const out: string[] = [];
  const tooLarge = (): BadInputError =>
    p.bad(`the file is damaged (a shared string in ${part} is over 64 MB or never ends)`);
  for await (const m of streamElements(streamPart(p, part, where, onBytes), 'si', tooLarge))
    out.push(detach(runText(m[2] ?? '')));
  return out;
}

interface SheetIndex {
  readonly sheets: { name: string; part: string }[];
  readonly stylesPart: string | null;
  readonly date1904: boolean;
}

/** The sheets in workbook order with the part each lives in; the styles part; the date system. */
function sheetIndex(workbookXml: string, relsXml: string | null): SheetIndex {
  const targets = new Map<string, string>();
  let stylesPart: string | null = null;
  for (const r of elements(relsXml ?? '', 'Relationship')) {
    const t = r.Target ?? '';
    const part = (t.startsWith('/') ? t.slice(1) : `xl/${t}`).replace(/\/\.\//g, '/');
    targets.set(r.Id ?? '', part);
    if ((r.Type ?? '').endsWith('/styles')) stylesPart = part;
  }
  const sheets = elements(workbookXml, 'sheet').flatMap((a) => {
    const rid = Object.entries(a).find(([k]) => k === 'r:id' || k.endsWith(':id'))?.[1] ?? '';
    const part = targets.get(rid);
    return part === undefined ? [] : [{ name: a.name ?? '', part }];
  });
  const pr = elements(workbookXml, 'workbookPr')[0];
  const d = (pr?.date1904 ?? '').toLowerCase();
  return { sheets, stylesPart, date1904: d === '1' || d === 'true' };
}

// Number formats Excel shows as dates or times: the built-in ids, and custom codes with date or
// time letters outside quoted text and [colour]/[locale] brackets (exceljs' own test).
const BUILTIN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51,
  52, 53, 54, 55, 56, 57, 58,
]);

function isDateFormat(code: string): boolean {
  const bare = code
    .replace(/\[[^\]]*\]/g, '')
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '');
  return /[ymdhs]/i.test(bare.split(';')[0] ?? '');
}

/** Style index (the `s` of a cell) -> true when that style shows a date. */
function dateStyles(stylesXml: string | null): boolean[] {
  if (stylesXml === null) return [];
  const custom = new Map<number, string>();
  for (const f of elements(stylesXml, 'numFmt')) custom.set(Number(f.numFmtId), f.formatCode ?? '');
  const xfs = /<(?:[\w.-]+:)?cellXfs\b[\s\S]*?<\/(?:[\w.-]+:)?cellXfs>/.exec(stylesXml)?.[0] ?? '';
  return elements(xfs, 'xf').map((xf) => {
    const id = Number(xf.numFmtId ?? 0);
    const code = custom.get(id);
    return code !== undefined ? isDateFormat(code) : BUILTIN_DATE_FORMATS.has(id);
  });
}

const RE_CELL = /<(?:[\w.-]+:)?c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?c>)/g;
const RE_V = /<(?:[\w.-]+:)?v\b[^>]*>([\s\S]*?)<\/(?:[\w.-]+:)?v>/;
const RE_IS = /<(?:[\w.-]+:)?is\b[^>]*>([\s\S]*?)<\/(?:[\w.-]+:)?is>/;
const RE_F = /<(?:[\w.-]+:)?f\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?f>)/;
const RE_REF = /\br\s*=\s*"([A-Za-z]{1,3})(\d+)"/;
const RE_ROW_NUM = /\br\s*=\s*"(\d+)"/;
const RE_TYPE = /\bt\s*=\s*"(\w+)"/;
const RE_STYLE = /\bs\s*=\s*"(\d+)"/;

function colNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

interface CellContext {
  /** Filled once the shared strings are read. */
  shared: readonly string[];
  /** Style index -> date; empty when dates are not wanted. */
  readonly dates: readonly boolean[];
  readonly dateBase: number;
}

function cellValue(
  attrText: string,
  type: string,
  inner: string,
  ctx: CellContext,
): XlsxValue | null {
  if (type === 'inlineStr') {
    const is = RE_IS.exec(inner);
    return is ? detach(runText(is[1] ?? '')) : null;
  }
  const v = RE_V.exec(inner);
  if (!v) return null;
  const text = v[1] ?? '';
  switch (type) {
    case 's':
      return ctx.shared[Number(text)] ?? null;
    case 'str':
    case 'e':
    case 'd':
      return detach(decodeXml(text));
    case 'b':
      return text.trim() === '1' || text.trim().toLowerCase() === 'true';
    default: {
      const n = Number(text);
      if (text.trim() === '' || Number.isNaN(n)) return detach(decodeXml(text));
      if (ctx.dates.length > 0) {
        const s = RE_STYLE.exec(attrText);
        if (s && ctx.dates[Number(s[1])] === true)
          return new Date(Math.round((n - ctx.dateBase) * 86_400_000));
      }
      return n;
    }
  }
}

/** The rows of a sheet part, parsed as the inflated text arrives, counted against the budget. */
async function* sheetRows(
  chunks: AsyncIterable<string>,
  ctx: CellContext,
  budget: Budget,
  where: string,
  tooLarge: () => BadInputError,
): AsyncGenerator<XlsxRow> {
  let nextRow = 1;
  for await (const m of streamElements(chunks, 'row', tooLarge)) {
    const rowNumber = Number(RE_ROW_NUM.exec(m[1] ?? '')?.[1] ?? nextRow);
    nextRow = rowNumber + 1;
    const body = m[2];
    const values = new Map<number, XlsxValue>();
    const formulas = new Set<number>();
    let uncomputed: Map<number, string> | undefined;
    let cells = 0;
    if (body) {
      let nextCol = 1;
      RE_CELL.lastIndex = 0;
      for (let c = RE_CELL.exec(body); c; c = RE_CELL.exec(body)) {
        cells++;
        const a = c[1] ?? '';
        const ref = RE_REF.exec(a);
        const col = ref ? colNumber(ref[1] ?? 'A') : nextCol;
        nextCol = col + 1;
        const inner = c[2] ?? '';
        if (inner === '') continue;
        const f = RE_F.exec(inner);
        if (f) formulas.add(col);
        const v = cellValue(a, RE_TYPE.exec(a)?.[1] ?? 'n', inner, ctx);
        if (v !== null) values.set(col, v);
        else if (f && !RE_V.test(inner)) (uncomputed ??= new Map()).set(col, decodeXml(f[1] ?? ''));
      }
    }
    budget.row(where, cells);
    if (body)
      yield uncomputed
        ? { row: rowNumber, values, formulas, uncomputed }
        : { row: rowNumber, values, formulas };
  }
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
