// A CSV reader for register files: the rules csv-parse applied with the options we used
// ({ delimiter, relax_quotes, relax_column_count, skip_empty_lines: false, bom: true }), about ten
// times faster on large files. csv-parse builds an error object (stack trace and a deep copy of
// its state) for every record whose length differs from the first one: with the title rows
// every books export starts with, that is every record, seconds at 100,000 rows.
// csv-text.test.ts checks the two agree on generated and edge-case inputs.
//
// The rules:
// - Records end at the first line ending found outside quotes (\r\n, \n or \r); that kind only
//   ends records from then on (another kind is a character of the cell).
// - A cell that starts with a double quote is quoted: "" inside is one quote; the quote closes
//   at a quote followed by the delimiter, a line ending or the end. A quote followed by anything
//   else ends the quoting and the cell goes on as plain text, both quotes kept (relax_quotes).
// - A quote inside an unquoted cell is a plain character.
// - An empty line is a record of one empty cell; a line ending at the very end adds no record.
// - A leading byte-order mark is dropped; an unclosed quote is an error.

const QUOTE = 34;
const CR = 13;
const LF = 10;

export class CsvSyntaxError extends Error {}

export function parseCsvText(input: string, delimiter: string): string[][] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const n = text.length;
  const d = delimiter.charCodeAt(0);
  // The record delimiter: 0 unknown yet, 1 "\n", 2 "\r", 3 "\r\n".
  let rd = 0;
  /** Length of the record delimiter at i (0: none); the first line ending found decides the kind. */
  const endAt = (i: number): number => {
    const c = text.charCodeAt(i);
    if (c !== CR && c !== LF) return 0;
    if (rd === 0) rd = c === LF ? 1 : text.charCodeAt(i + 1) === LF ? 3 : 2;
    if (rd === 1) return c === LF ? 1 : 0;
    if (rd === 2) return c === CR ? 1 : 0;
    return c === CR && text.charCodeAt(i + 1) === LF ? 2 : 0;
  };
  /** The end of plain text from i: the next delimiter, record delimiter, or the end. */
  const plainEnd = (from: number): number => {
    for (let i = from; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === d) return i;
      if ((c === CR || c === LF) && endAt(i) > 0) return i;
    }
    return n;
  };

  const records: string[][] = [];
  let record: string[] = [];
  let pos = 0;
  while (pos < n) {
    let cell: string;
    if (text.charCodeAt(pos) === QUOTE) {
      let at = pos + 1;
      cell = '';
      for (;;) {
        const q = text.indexOf('"', at);
        if (q < 0) throw new CsvSyntaxError(`a quoted cell opened on line ${lineOf(text, pos)} is never closed`);
        cell += text.slice(at, q);
        const next = q + 1;
        if (text.charCodeAt(next) === QUOTE) {
          cell += '"';
          at = next + 1;
          continue;
        }
        if (next >= n || text.charCodeAt(next) === d || endAt(next) > 0) {
          pos = next;
          break;
        }
        // A quote inside the cell, not before a delimiter: the quoting ends, the text goes on.
        const end = plainEnd(next);
        cell = `"${cell}"${text.slice(next, end)}`;
        pos = end;
        break;
      }
    } else {
      const end = plainEnd(pos);
      cell = text.slice(pos, end);
      pos = end;
    }
    record.push(cell);
    if (pos >= n) break;
    if (text.charCodeAt(pos) === d) {
      pos++;
      // A delimiter at the very end: the record ends with an empty cell.
      if (pos >= n) record.push('');
      continue;
    }
    pos += endAt(pos);
    records.push(record);
    record = [];
  }
  if (record.length > 0) records.push(record);
  return records;
}

function lineOf(text: string, pos: number): number {
  let line = 1;
  for (let i = 0; i < pos; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) line++;
  }
  return line;
}
