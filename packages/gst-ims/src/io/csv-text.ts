// Reads CSV text into records with csv-parse (the one CSV reader of the project).
//
// The rules, as csv-parse applies them with the options below:
// - A record ends at any line ending outside quotes: \r\n, \n or \r, mixed in one file. (Books
//   exports that append LF rows to CRLF ones, or the reverse, lose no row: with one line ending
//   decided by the first, the other kind became part of a cell and whole rows vanished into it.)
// - A cell that starts with a double quote is quoted: "" inside is one quote. A quote followed by
//   anything but the delimiter or a line ending is kept as text (relax_quotes), as is a quote
//   inside an unquoted cell.
// - An empty line is a record of one empty cell; a line ending at the very end adds no record.
// - A leading byte-order mark is dropped; an unclosed quote is an error naming its row.
import type { Info, Options } from 'csv-parse';
import { Parser } from 'csv-parse';
import { CsvError, parse } from 'csv-parse/sync';

export class CsvSyntaxError extends Error {}

/** Every line ending, \r\n first so that it is one ending and not two. */
const LINE_ENDINGS = ['\r\n', '\n', '\r'];

/** How many records the first pass reads to find where the table's rows start. */
const HEAD_RECORDS = 64;

export function parseCsvText(input: string, delimiter: string): string[][] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (text === '') return [];
  const records = csvRecords(Buffer.from(text, 'utf8'), delimiter);
  const all = [...records.head];
  records.rest((r) => all.push(r));
  return all;
}

/** A CSV's records: the first ones held, the rest read one at a time, as often as asked. */
export interface CsvRecords {
  /** The first HEAD_RECORDS records (all of a shorter file): where the header row is looked for. */
  readonly head: string[][];
  /**
   * Parses the records after the head again and gives each to `record` in order; none is kept,
   * so a register of a million rows is never held as cells (issue 18). Throws CsvSyntaxError.
   */
  rest(record: (cells: string[]) => void): void;
}

/** The records of CSV bytes (UTF-8, without a byte-order mark), parsed as parseCsvText does. */
export function csvRecords(buf: Buffer, delimiter: string): CsvRecords {
  if (buf.length === 0) return { head: [], rest: () => undefined };
  // csv-parse builds an error object (stack trace and a deep copy of its state) for every record
  // whose length differs from the first one's. With the title rows a books export starts with,
  // that is every record: seconds at 100,000 rows. So the title rows are read apart, and the
  // rest from the first record of the most common length among the first ones (the header).
  const parsed = parseRecords(buf, delimiter, 0, HEAD_RECORDS) as unknown as {
    record: string[];
    info: Info;
  }[];
  const head = parsed.map((h) => h.record);
  // A shorter head is the whole file (the head's read went to its end).
  if (head.length < HEAD_RECORDS) return { head, rest: () => undefined };
  const start = tableStart(head.map((r) => r.length));
  const offset = start === 0 ? 0 : (parsed[start - 1] as { info: Info }).info.bytes;
  return {
    head,
    rest(record) {
      // From the table's first record, as the whole file was read before; the head's are passed.
      let passed = HEAD_RECORDS - start;
      parseRecords(buf.subarray(offset), delimiter, start, undefined, (r) => {
        if (passed > 0) passed--;
        else record(r);
      });
    },
  };
}

/** The index of the first record of the most common length (more than one cell). */
function tableStart(lengths: readonly number[]): number {
  const freq = new Map<number, number>();
  for (const n of lengths) if (n > 1) freq.set(n, (freq.get(n) ?? 0) + 1);
  let best = -1;
  let bestCount = 0;
  for (const [n, count] of freq) {
    if (count > bestCount || (count === bestCount && n > best)) {
      best = n;
      bestCount = count;
    }
  }
  const i = lengths.indexOf(best);
  return i < 0 ? 0 : i;
}

/** What csv-parse's Parser holds as `api` (untyped there): the parse its readers drive. */
interface ParserApi {
  parse(
    buf: Buffer,
    end: boolean,
    push: (record: string[]) => void,
    close: () => void,
  ): Error | undefined;
}

/**
 * `headRecords`: stop after that many records, each with its parse info. `each`: every record
 * is given to it as it is parsed, and none is returned.
 */
function parseRecords(
  buf: Buffer,
  delimiter: string,
  recordsBefore: number,
  headRecords?: number,
  each?: (record: string[]) => void,
): string[][] {
  try {
    const options: Options = {
      delimiter,
      record_delimiter: LINE_ENDINGS,
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: false,
    };
    if (headRecords !== undefined) {
      options.to = headRecords;
      options.info = true;
    }
    if (each !== undefined) {
      // Each record as it is parsed, through the parser csv-parse's sync and stream readers both
      // drive: its on_record option builds an info object per record (a tenth of the parse).
      const api = (new Parser(options) as unknown as { api?: ParserApi }).api;
      if (api === undefined) throw new Error('csv-parse: its Parser has no api (see csv-text.ts)');
      const error = api.parse(buf, true, each, () => undefined);
      if (error !== undefined) throw error;
      return [];
    }
    return parse(buf, options);
  } catch (e) {
    if (e instanceof CsvError && e.code === 'CSV_QUOTE_NOT_CLOSED') {
      const row = recordsBefore + Number((e as unknown as { records: number }).records) + 1;
      throw new CsvSyntaxError(`row ${row}: a quoted cell opened there is never closed`);
    }
    if (e instanceof CsvError) throw new CsvSyntaxError(e.message);
    throw e;
  }
}
