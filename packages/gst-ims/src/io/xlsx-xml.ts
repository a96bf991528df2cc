// The XML of an .xlsx read one element at a time: shared strings, the sheet index, date styles,
// and the rows of a sheet with their cells' values.
import type { BadInputError } from '../core/index.js';
import type { Parts, Budget } from './xlsx-zip.js';
import { MAX_ELEMENT_CHARS, streamPart } from './xlsx-zip.js';
import type { XlsxValue, XlsxRow } from './open-xlsx.js';

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

export function elements(xml: string, tag: string): Record<string, string>[] {
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

export async function sharedStrings(p: Parts, onBytes?: (read: number) => void): Promise<string[]> {
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
export function sheetIndex(workbookXml: string, relsXml: string | null): SheetIndex {
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
export function dateStyles(stylesXml: string | null): boolean[] {
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

export interface CellContext {
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
export async function* sheetRows(
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
