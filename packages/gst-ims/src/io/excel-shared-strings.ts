// exceljs' streaming writer renders the whole shared-strings part (`xl/sharedStrings.xml`) as one
// string when the workbook is committed: at a million rows (two million distinct texts, the
// hidden keys among them) that string and the pieces it is joined from came on top of the table
// itself, at the very end. This hook hands the part to the zip as a stream instead, rendered a
// few thousand strings at a time by exceljs' own xforms, so the bytes are exceljs' own
// (excel-shared-strings.test.ts compares them). Without the internals it needs (a later
// exceljs), exceljs' own method stays.
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';

const require = createRequire(import.meta.url);

interface XmlStreamLike {
  readonly xml: string;
}
interface Xform {
  render(stream: XmlStreamLike, model: unknown): void;
  toXml(model: unknown): string;
}

/** Strings rendered per chunk of the part. */
const CHUNK = 5000;
/** A text no workbook holds: where the values go between the part's head and tail. */
const SENTINEL = '\u0001gst-ims-sst\u0001';

interface Internals {
  readonly XmlStream: new () => XmlStreamLike;
  readonly SharedStringsXform: new () => Xform;
  readonly SharedStringXform: new () => Xform;
}

function internals(): Internals | null {
  try {
    return {
      XmlStream: require('exceljs/lib/utils/xml-stream.js') as Internals['XmlStream'],
      SharedStringsXform:
        require('exceljs/lib/xlsx/xform/strings/shared-strings-xform.js') as Internals['SharedStringsXform'],
      SharedStringXform:
        require('exceljs/lib/xlsx/xform/strings/shared-string-xform.js') as Internals['SharedStringXform'],
    };
  } catch {
    return null;
  }
}

/** The shared-strings part of `values`, in chunks, byte for byte as exceljs renders it whole. */
export function* sharedStringsXml(
  values: readonly unknown[],
  x: Internals | null = internals(),
): Generator<string> {
  if (x === null) throw new Error('exceljs internals for the shared strings are missing');
  // The head and tail exceljs writes around the strings (its counts included): rendered with one
  // stand-in string where the values go.
  const stand = { length: values.length, forEach: (f: (v: unknown) => void) => f(SENTINEL) };
  const whole = new x.SharedStringsXform().toXml({ count: values.length, values: stand });
  const one = new x.SharedStringXform().toXml(SENTINEL);
  const at = whole.indexOf(one);
  yield whole.slice(0, at);
  const si = new x.SharedStringXform();
  for (let i = 0; i < values.length; i += CHUNK) {
    const stream = new x.XmlStream();
    const end = Math.min(values.length, i + CHUNK);
    for (let j = i; j < end; j++) si.render(stream, values[j]);
    yield stream.xml;
  }
  yield whole.slice(at + one.length);
}

/**
 * Makes the workbook write its shared strings as a stream at commit. Returns false (and changes
 * nothing) when this exceljs lacks what the hook uses.
 */
export function streamSharedStrings(wb: ExcelJS.stream.xlsx.WorkbookWriter): boolean {
  const book = wb as unknown as {
    sharedStrings?: { values?: unknown[]; count?: number };
    zip?: { append?: (source: unknown, opts: { name: string }) => unknown };
    addSharedStrings?: () => Promise<void>;
  };
  const x = internals();
  if (
    x === null ||
    typeof book.addSharedStrings !== 'function' ||
    typeof book.zip?.append !== 'function' ||
    !Array.isArray(book.sharedStrings?.values)
  )
    return false;
  book.addSharedStrings = () => {
    const values = book.sharedStrings?.values ?? [];
    // exceljs leaves the part out when no string was written.
    if (values.length === 0) return Promise.resolve();
    const zip = book.zip as { append: (source: unknown, opts: { name: string }) => unknown };
    const bytes = (function* () {
      for (const chunk of sharedStringsXml(values, x)) yield Buffer.from(chunk, 'utf8');
    })();
    zip.append(Readable.from(bytes, { objectMode: false }), { name: '/xl/sharedStrings.xml' });
    return Promise.resolve();
  };
  return true;
}
