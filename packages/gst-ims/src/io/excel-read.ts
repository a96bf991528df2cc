// Reads a gst-ims IMS workbook back. The .xlsx container is checked first (a truncated file or
// another format gets a BadInputError naming the file and what was expected), then each sheet is
// inflated as a stream and scanned row by row for cell values only.
//
// Why not exceljs here: its streaming WorkbookReader loses the last sheets of some files (seen
// on its own streaming writer's output) and fails when the workbook relationships precede the
// workbook part; its in-memory reader takes about 13 s and 550 MB for 100,000 rows. A workbook
// only needs values read back, which SpreadsheetML keeps in a few simple elements.
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { createInflateRaw, inflateRawSync } from 'node:zlib';
import type { Section } from '../core/index.js';
import { BadInputError, SECTIONS, SECTION_INFO } from '../core/index.js';
import type { ColumnId, RawCell } from './excel-layout.js';
import {
  HOME_LABELS,
  HOME_SHEET,
  SHEET_SECTION,
  WORKBOOK_MARKER,
  cellText,
  decodeRowKey,
  sheetColumns,
} from './excel-layout.js';

export interface ReadRow {
  /** 1-based row number in the sheet. */
  readonly row: number;
  readonly cells: ReadonlyMap<ColumnId, RawCell>;
  /** Columns whose cell holds a formula (only its cached result is read). */
  readonly formulas: readonly ColumnId[];
}

export interface ReadSheet {
  readonly name: string;
  readonly section: Section;
  /** Column id -> 1-based column number, from the header row. */
  readonly columns: ReadonlyMap<ColumnId, number>;
  readonly rows: readonly ReadRow[];
}

export interface ReadHome {
  /** The workbook format written on the Home sheet; null when the Home sheet is not ours. */
  readonly format: string | null;
  readonly gstin: string | null;
  readonly exportedAt: string | null;
  readonly part: string | null;
}

export interface ReadWorkbook {
  readonly file: string;
  readonly name: string;
  readonly mtime: Date;
  readonly home: ReadHome | null;
  readonly sheets: readonly ReadSheet[];
  /** Sheets that are neither Home nor a section sheet with a Key column. */
  readonly otherSheets: readonly string[];
}

const EXPECTED =
  'an .xlsx workbook written by `gst-ims export excel` (a Home sheet and the sheets B2B, B2BA, B2B-DN, B2B-DNA, B2B-CN, B2B-CNA, ECO, ECOA with a Key column)';
const MAX_BYTES = 1024 * 1024 * 1024;
/** Largest part read whole (workbook index, shared strings), uncompressed. */
const MAX_PART_BYTES = 512 * 1024 * 1024;

/** Headers of every possible column -> id (all sections, with match columns), compared loosely. */
const HEADER_IDS: ReadonlyMap<string, ColumnId> = (() => {
  const m = new Map<string, ColumnId>();
  for (const s of SECTIONS)
    for (const c of sheetColumns(s, true)) m.set(normHeader(c.header), c.id);
  return m;
})();

function normHeader(h: string): string {
  return h.trim().toLowerCase().replace(/\s+/g, ' ');
}

// ---------------------------------------------------------------------------------------------
// The ZIP container.

interface ZipEntry {
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
}

interface Container {
  readonly size: number;
  readonly entries: ReadonlyMap<string, ZipEntry>;
}

type Bad = (why: string) => BadInputError;

/**
 * Checks the ZIP container: a local header at the start, an end-of-central-directory record whose
 * central directory lies inside the file, and the parts an .xlsx must have.
 */
async function openContainer(fh: FileHandle, size: number, bad: Bad): Promise<Container> {
  const head = Buffer.alloc(4);
  await fh.read(head, 0, 4, 0);
  if (head.readUInt32LE(0) !== 0x04034b50) {
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
  return { size, entries };
}

async function dataStart(fh: FileHandle, e: ZipEntry, bad: Bad, partName: string): Promise<number> {
  const local = Buffer.alloc(30);
  await fh.read(local, 0, 30, e.localOffset);
  if (local.readUInt32LE(0) !== 0x04034b50)
    throw bad(`the file is damaged (the part ${partName} is missing)`);
  if (e.method !== 0 && e.method !== 8)
    throw bad(`the part ${partName} uses an unsupported compression (method ${e.method})`);
  return e.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
}

/** A whole (small) part as text. */
async function readPart(
  fh: FileHandle,
  c: Container,
  partName: string,
  bad: Bad,
): Promise<string | null> {
  const e = c.entries.get(partName);
  if (!e) return null;
  if (e.size > MAX_PART_BYTES) throw bad(`the part ${partName} is too large`);
  const start = await dataStart(fh, e, bad, partName);
  const data = Buffer.alloc(e.compressedSize);
  await fh.read(data, 0, e.compressedSize, start);
  try {
    return (
      e.method === 0 ? data : inflateRawSync(data, { maxOutputLength: MAX_PART_BYTES })
    ).toString('utf8');
  } catch (err) {
    throw bad(`the file is damaged (cannot unpack ${partName}: ${(err as Error).message})`);
  }
}

/** A part as a stream of text chunks. `onBytes`: the part's stored (compressed) bytes read so far. */
async function* streamPart(
  file: string,
  fh: FileHandle,
  c: Container,
  partName: string,
  bad: Bad,
  onBytes?: (read: number) => void,
): AsyncGenerator<string> {
  const e = c.entries.get(partName);
  if (!e) throw bad(`the file is damaged (the part ${partName} is missing)`);
  const start = await dataStart(fh, e, bad, partName);
  if (e.compressedSize === 0) return;
  const raw = createReadStream(file, { start, end: start + e.compressedSize - 1 });
  const stream = e.method === 0 ? raw : raw.pipe(createInflateRaw());
  stream.setEncoding('utf8');
  if (stream !== raw) raw.on('error', (err) => stream.destroy(err));
  let reported = 0;
  try {
    for await (const chunk of stream) {
      if (onBytes !== undefined && raw.bytesRead > reported) {
        reported = raw.bytesRead;
        onBytes(reported);
      }
      yield chunk as string;
    }
  } catch (err) {
    throw bad(`the file is damaged (cannot unpack ${partName}: ${(err as Error).message})`);
  } finally {
    raw.destroy();
  }
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

function decodeXml(s: string): string {
  if (s.indexOf('&') < 0 && s.indexOf('_x') < 0) return s;
  return s
    .replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) =>
      e[0] === '#'
        ? String.fromCodePoint(
            e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)),
          )
        : (XML_ENTITY[e] ?? m),
    )
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

function sharedStrings(xml: string | null): string[] {
  if (xml === null) return [];
  const out: string[] = [];
  const re = /<(?:[\w.-]+:)?si\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?si>)/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) out.push(runText(m[1] ?? ''));
  return out;
}

interface SheetRef {
  readonly name: string;
  readonly part: string;
}

/** The sheets in workbook order, with the part each lives in. */
function sheetIndex(workbookXml: string, relsXml: string | null): SheetRef[] {
  const targets = new Map<string, string>();
  for (const r of elements(relsXml ?? '', 'Relationship')) {
    const t = r.Target ?? '';
    targets.set(r.Id ?? '', t.startsWith('/') ? t.slice(1) : `xl/${t}`);
  }
  return elements(workbookXml, 'sheet').flatMap((a) => {
    const rid = Object.entries(a).find(([k]) => k === 'r:id' || k.endsWith(':id'))?.[1] ?? '';
    const part = targets.get(rid);
    return part === undefined ? [] : [{ name: a.name ?? '', part: part.replace(/\/\.\//g, '/') }];
  });
}

interface RawRow {
  readonly row: number;
  readonly values: Map<number, RawCell>;
  readonly formulas: Set<number>;
}

const RE_ROW = /<(?:[\w.-]+:)?row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?row>)/g;
const RE_CELL = /<(?:[\w.-]+:)?c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?c>)/g;
const RE_V = /<(?:[\w.-]+:)?v\b[^>]*>([\s\S]*?)<\/(?:[\w.-]+:)?v>/;
const RE_IS = /<(?:[\w.-]+:)?is\b[^>]*>([\s\S]*?)<\/(?:[\w.-]+:)?is>/;
const RE_F = /<(?:[\w.-]+:)?f\b/;
const RE_REF = /\br\s*=\s*"([A-Za-z]{1,3})(\d+)"/;
const RE_ROW_NUM = /\br\s*=\s*"(\d+)"/;
const RE_TYPE = /\bt\s*=\s*"(\w+)"/;

function colNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

function cellValue(type: string, inner: string, shared: readonly string[]): RawCell {
  if (type === 'inlineStr') {
    const is = RE_IS.exec(inner);
    return is ? runText(is[1] ?? '') : null;
  }
  const v = RE_V.exec(inner);
  if (!v) return null;
  const text = v[1] ?? '';
  switch (type) {
    case 's':
      return shared[Number(text)] ?? null;
    case 'str':
    case 'e':
    case 'd':
      return decodeXml(text);
    case 'b':
      return text.trim() === '1' || text.trim().toLowerCase() === 'true';
    default: {
      const n = Number(text);
      return text.trim() === '' || Number.isNaN(n) ? decodeXml(text) : n;
    }
  }
}

/** The rows of a sheet part, parsed as the inflated text arrives. */
async function* sheetRows(
  chunks: AsyncIterable<string>,
  shared: readonly string[],
): AsyncGenerator<RawRow> {
  let buf = '';
  let nextRow = 1;
  for await (const chunk of chunks) {
    buf += chunk;
    RE_ROW.lastIndex = 0;
    let consumed = 0;
    for (let m = RE_ROW.exec(buf); m; m = RE_ROW.exec(buf)) {
      consumed = RE_ROW.lastIndex;
      const rowNumber = Number(RE_ROW_NUM.exec(m[1] ?? '')?.[1] ?? nextRow);
      nextRow = rowNumber + 1;
      const body = m[2];
      if (!body) continue;
      const values = new Map<number, RawCell>();
      const formulas = new Set<number>();
      let nextCol = 1;
      RE_CELL.lastIndex = 0;
      for (let c = RE_CELL.exec(body); c; c = RE_CELL.exec(body)) {
        const a = c[1] ?? '';
        const ref = RE_REF.exec(a);
        const col = ref ? colNumber(ref[1] ?? 'A') : nextCol;
        nextCol = col + 1;
        const inner = c[2] ?? '';
        if (inner === '') continue;
        if (RE_F.test(inner)) formulas.add(col);
        const v = cellValue(RE_TYPE.exec(a)?.[1] ?? 'n', inner, shared);
        if (v !== null) values.set(col, v);
      }
      yield { row: rowNumber, values, formulas };
    }
    // Keep only what may be the start of a row not complete yet.
    const rest = buf.slice(consumed);
    const open = rest.search(/<(?:[\w.-]+:)?row\b/);
    buf = open < 0 ? rest.slice(-64) : rest.slice(open);
  }
}

// ---------------------------------------------------------------------------------------------

export interface ReadWorkbookOptions {
  /**
   * Progress through the file's sheets, in stored (compressed) bytes: `done` of `total` grows as
   * the sheets are inflated and ends at `total`. Rows cannot be counted before they are read.
   */
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
}

/** Reads every sheet; BadInputError when the file is not (a complete) gst-ims workbook. */
export async function readImsWorkbook(
  file: string,
  options: ReadWorkbookOptions = {},
): Promise<ReadWorkbook> {
  const name = basename(file);
  const bad: Bad = (why) =>
    new BadInputError(`${name}: ${why}; expected ${EXPECTED}`, { file, expected: EXPECTED });
  let size: number;
  let mtime: Date;
  try {
    const s = await stat(file);
    if (!s.isFile())
      throw new BadInputError(`${file}: not a file; expected ${EXPECTED}`, {
        file,
        expected: EXPECTED,
      });
    size = s.size;
    mtime = s.mtime;
  } catch (e) {
    if (e instanceof BadInputError) throw e;
    throw new BadInputError(
      `${file}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      { file },
    );
  }
  if (size === 0) throw bad('the file is empty');
  if (size > MAX_BYTES)
    throw bad(`the file is ${Math.round(size / 1048576)} MB, over the 1024 MB limit`);

  const fh = await open(file, 'r');
  try {
    const c = await openContainer(fh, size, bad);
    const refs = sheetIndex(
      (await readPart(fh, c, 'xl/workbook.xml', bad)) ?? '',
      await readPart(fh, c, 'xl/_rels/workbook.xml.rels', bad),
    );
    // Progress: the shared strings (read whole), then each sheet as it is inflated.
    const { onProgress } = options;
    const SST = 'xl/sharedStrings.xml';
    const total = [SST, ...refs.map((r) => r.part)].reduce(
      (n, part) => n + (c.entries.get(part)?.compressedSize ?? 0),
      0,
    );
    let reported = -1;
    const report = (at: number): void => {
      if (onProgress === undefined || at <= reported) return;
      reported = at;
      onProgress(at, total);
    };
    report(0);
    const shared = sharedStrings(await readPart(fh, c, SST, bad));
    let done = c.entries.get(SST)?.compressedSize ?? 0;
    report(done);
    const sheets: ReadSheet[] = [];
    const otherSheets: string[] = [];
    let home: ReadHome | null = null;
    for (const ref of refs) {
      const entry = c.entries.get(ref.part);
      if (entry === undefined) continue;
      const base = done;
      const rows = sheetRows(
        streamPart(file, fh, c, ref.part, bad, (read) => report(base + read)),
        shared,
      );
      if (ref.name === HOME_SHEET) {
        home = await readHome(rows);
      } else {
        const sheet = await readSectionSheet(rows, ref.name);
        if (sheet) sheets.push(sheet);
        else otherSheets.push(ref.name);
      }
      done = base + entry.compressedSize;
      report(done);
    }
    if (sheets.length === 0) {
      const why =
        home?.format !== null && home?.format !== undefined
          ? 'it has the Home sheet but no section sheet with a Key column'
          : `its sheets (${otherSheets.map((s) => JSON.stringify(s)).join(', ') || 'none'}) are not gst-ims IMS sheets`;
      throw new BadInputError(`${name}: not a gst-ims IMS workbook: ${why}; expected ${EXPECTED}`, {
        file,
        expected: EXPECTED,
      });
    }
    return { file, name, mtime, home, sheets, otherSheets };
  } finally {
    await fh.close();
  }
}

async function readHome(rows: AsyncIterable<RawRow>): Promise<ReadHome> {
  const found: Record<string, string | null> = {};
  let marker = false;
  const labels = Object.values(HOME_LABELS) as string[];
  for await (const row of rows) {
    const a = cellText(row.values.get(1) ?? null);
    if (a === null) continue;
    if (a === WORKBOOK_MARKER) marker = true;
    if (labels.includes(a)) found[a] = cellText(row.values.get(2) ?? null);
  }
  return {
    format: marker ? (found[HOME_LABELS.format] ?? '') : null,
    gstin: found[HOME_LABELS.gstin]?.toUpperCase() ?? null,
    exportedAt: found[HOME_LABELS.exportedAt] ?? null,
    part: found[HOME_LABELS.part] ?? null,
  };
}

async function readSectionSheet(
  rows: AsyncIterable<RawRow>,
  sheetName: string,
): Promise<ReadSheet | null> {
  let columns: Map<ColumnId, number> | null = null;
  const out: ReadRow[] = [];
  let section: Section | null = SHEET_SECTION.get(sheetName) ?? null;
  for await (const row of rows) {
    if (columns === null) {
      // The first row with a known header is the header row.
      const cols = new Map<ColumnId, number>();
      for (const [n, v] of row.values) {
        const h = cellText(v);
        const id = h === null ? undefined : HEADER_IDS.get(normHeader(h));
        if (id !== undefined && !cols.has(id)) cols.set(id, n);
      }
      if (cols.size === 0) continue;
      if (!cols.has('key')) return null;
      columns = cols;
      continue;
    }
    const cells = new Map<ColumnId, RawCell>();
    const formulas: ColumnId[] = [];
    let any = false;
    for (const [id, n] of columns) {
      const raw = row.values.get(n) ?? null;
      if (row.formulas.has(n)) formulas.push(id);
      if (raw !== null && !(typeof raw === 'string' && raw.trim() === '')) any = true;
      cells.set(id, raw);
    }
    if (!any) continue;
    if (section === null) {
      // A renamed sheet: its keys still say which section it holds.
      const key = decodeRowKey(cellText(cells.get('key') ?? null) ?? '');
      const s = key?.recordKey.split('|')[0];
      section = SECTIONS.find((x) => x === s) ?? null;
    }
    out.push({ row: row.row, cells, formulas });
  }
  if (columns === null || section === null) return null;
  return { name: sheetName || SECTION_INFO[section].sheet, section, columns, rows: out };
}
