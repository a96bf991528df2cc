// The order of a workbook's rows (supplier, document date, number, as a person reads them) and
// the records of a sheet loaded in that order a batch at a time, so that `export excel` holds a
// batch of records, not the workspace (issue 18: a million records under 1 GB).
//
// The record key (section|supplier|number|fiscal year) already says most of the order: keys are
// grouped by supplier and fiscal year (dates of a later fiscal year come later), consecutive small
// groups are loaded together and sorted exactly; a group larger than a batch is sorted from a
// slim (date, number, key) list first and then loaded batch by batch in that order.
import type { PortalRecord, WorkspaceRecord } from '../core/index.js';

/** What the row order looks at. */
export type OrderFields = Pick<PortalRecord, 'supplierGstin' | 'docDate' | 'docNumber'>;
import type { WorkspaceStore } from '../store/index.js';

/** Records loaded per query batch. */
export const LOAD_BATCH = 2000;

const collator = new Intl.Collator();
// Strings of these characters compare the same by code unit as by the collator (each has its
// own primary weight, in the same order): the common case skips the collator.
const PLAIN = /^[ \-./0-9A-Z]*$/;

/** String order of `a.localeCompare(b)`, faster for plain document numbers and GSTINs. */
export function textOrder(a: string, b: string): number {
  if (a === b) return 0;
  if (PLAIN.test(a) && PLAIN.test(b)) return a < b ? -1 : 1;
  return collator.compare(a, b);
}

/** The workbook's row order: supplier GSTIN, document date, document number. */
export function exportOrder(a: OrderFields, b: OrderFields): number {
  return (
    textOrder(a.supplierGstin, b.supplierGstin) ||
    textOrder(a.docDate, b.docDate) ||
    textOrder(a.docNumber, b.docNumber)
  );
}

/** Section, supplier GSTIN and fiscal year of a record key (core/record.ts recordKey). */
export function keyParts(key: string): { section: string; supplier: string; fiscalYear: string } {
  const a = key.indexOf('|');
  const b = key.indexOf('|', a + 1);
  return {
    section: key.slice(0, a),
    supplier: key.slice(a + 1, b),
    fiscalYear: key.slice(key.lastIndexOf('|') + 1),
  };
}

interface KeyGroup {
  readonly supplier: string;
  readonly fiscalYear: string;
  readonly keys: string[];
}

function keyGroups(keys: readonly string[]): KeyGroup[] {
  const groups = new Map<string, KeyGroup>();
  for (const key of keys) {
    const p = keyParts(key);
    const id = `${p.supplier}|${p.fiscalYear}`;
    const g = groups.get(id);
    if (g) g.keys.push(key);
    else groups.set(id, { supplier: p.supplier, fiscalYear: p.fiscalYear, keys: [key] });
  }
  return [...groups.values()].sort(
    (x, y) =>
      textOrder(x.supplier, y.supplier) ||
      (x.fiscalYear < y.fiscalYear ? -1 : x.fiscalYear > y.fiscalYear ? 1 : 0),
  );
}

/**
 * The live records of `keys` (one sheet's, any order) in exportOrder, as batches of at most about
 * LOAD_BATCH. Keys whose record has gone (or vanished) since they were listed are skipped.
 */
export async function* recordsInOrder(
  store: WorkspaceStore,
  gstin: string,
  keys: readonly string[],
  batchSize = LOAD_BATCH,
): AsyncGenerator<WorkspaceRecord[]> {
  const load = async (batch: readonly string[]): Promise<WorkspaceRecord[]> =>
    (await store.loadRecordsByKeys(gstin, batch)).filter((w) => !w.state.gone);
  let chunk: string[] = [];
  for (const g of keyGroups(keys)) {
    if (chunk.length > 0 && chunk.length + g.keys.length > batchSize) {
      yield (await load(chunk)).sort((a, b) => exportOrder(a.record, b.record));
      chunk = [];
    }
    if (g.keys.length > batchSize) {
      yield* largeGroup(load, g.keys, batchSize);
      continue;
    }
    for (const k of g.keys) chunk.push(k);
  }
  if (chunk.length > 0) yield (await load(chunk)).sort((a, b) => exportOrder(a.record, b.record));
}

/** One supplier's year larger than a batch: order a slim list first, then load in that order. */
async function* largeGroup(
  load: (batch: readonly string[]) => Promise<WorkspaceRecord[]>,
  keys: readonly string[],
  batchSize: number,
): AsyncGenerator<WorkspaceRecord[]> {
  const slim: [date: string, number: string, key: string][] = [];
  for (let i = 0; i < keys.length; i += batchSize)
    for (const w of await load(keys.slice(i, i + batchSize)))
      slim.push([w.record.docDate, w.record.docNumber, w.record.key]);
  slim.sort((a, b) => textOrder(a[0], b[0]) || textOrder(a[1], b[1]));
  for (let i = 0; i < slim.length; i += batchSize) {
    const batch = slim.slice(i, i + batchSize).map((s) => s[2]);
    const byKey = new Map((await load(batch)).map((w) => [w.record.key, w]));
    const out: WorkspaceRecord[] = [];
    for (const k of batch) {
      const w = byKey.get(k);
      if (w !== undefined) out.push(w);
    }
    yield out;
  }
}
