import type { IsoDate, MatchOutcome, MatchResult, RegisterDocument } from '../core/index.js';
import type { KyselySql } from './kysely-sql.js';
import {
  MATCH_CHUNK,
  REGISTER_COLUMNS,
  matchOutcomeRows,
  packMatches,
  registerDoc,
  registerRow,
  unpackMatches,
} from './register-rows.js';
import type {
  ManualLinkEntry,
  RegisterImportEntry,
  RegisterReplacement,
  RegisterIndex,
  RegisterImportInfo,
} from './workspace-store.js';

/** Keys per IN list of a read by key. */
const KEYS_PER_READ = 900;

/** The purchase register, the reconciliation's results and the person's manual links. */
export class KyselyRegister {
  constructor(private readonly q: KyselySql) {}

  private get db() {
    return this.q.db;
  }

  async replaceRegister(
    gstin: string,
    docs: Iterable<RegisterDocument> & { readonly length: number },
    periodFrom: IsoDate,
    periodTo: IsoDate,
    entry: RegisterImportEntry,
  ): Promise<{ removed: number }> {
    const del = await this.db
      .deleteFrom('register_docs')
      .where('gstin', '=', gstin)
      .where('doc_date', '>=', periodFrom)
      .where('doc_date', '<=', periodTo)
      .executeTakeFirst();
    await this.db
      .insertInto('register_imports')
      .values({
        id: entry.id,
        gstin,
        file: entry.file,
        at: entry.at,
        period_from: periodFrom,
        period_to: periodTo,
        documents: docs.length,
      })
      .execute();
    // Each document becomes its row as its batch is filled, and the documents are read as they
    // come (bulkFill fills the rows in order): neither a million rows (their packed JSON) nor a
    // million documents are made at once (issue 18, decision 0062).
    const next = docs[Symbol.iterator]();
    await this.q.bulkFill('register_docs', REGISTER_COLUMNS, docs.length, (params, at) => {
      const d = next.next();
      if (d.done === true) throw new Error('replaceRegister: fewer documents than their length');
      const row = registerRow(gstin, entry.id, d.value);
      for (let c = 0; c < REGISTER_COLUMNS.length; c++)
        params[at + c] = row[REGISTER_COLUMNS[c] as (typeof REGISTER_COLUMNS)[number]];
    });
    return { removed: Number(del.numDeletedRows) };
  }

  async loadRegister(gstin: string): Promise<RegisterDocument[]> {
    // Through the store's runner (SQLite) each row becomes a document as it is read: no row
    // object per document and no array of 96,000 JSON strings alive at once (docs/decisions/0047).
    const text = this.q.cachedSql(
      'load-register',
      () =>
        this.db
          .selectFrom('register_docs')
          .select('doc')
          .where('gstin', '=', '')
          .orderBy('supplier_gstin')
          .orderBy('doc_date')
          .orderBy('doc_number')
          .orderBy('ref')
          .compile().sql,
    );
    return this.q.mapRows(text, [gstin], (row) => registerDoc(row[0] as string));
  }

  async listRegisterRefs(gstin: string): Promise<{ ref: string; docDate: IsoDate }[]> {
    const rows = await this.db
      .selectFrom('register_docs')
      .select(['ref', 'doc_date'])
      .where('gstin', '=', gstin)
      .orderBy('supplier_gstin')
      .orderBy('doc_date')
      .orderBy('doc_number')
      .orderBy('ref')
      .execute();
    return rows.map((r) => ({ ref: r.ref, docDate: r.doc_date as IsoDate }));
  }

  async loadRegisterIndex(gstin: string): Promise<RegisterIndex> {
    const text = this.q.cachedSql(
      'register-index',
      () =>
        this.db
          .selectFrom('register_docs')
          .select(['ref', 'supplier_gstin'])
          .where('gstin', '=', '')
          .orderBy('supplier_gstin')
          .orderBy('doc_date')
          .orderBy('doc_number')
          .orderBy('ref')
          .compile().sql,
    );
    const refs: string[] = [];
    const supplierGstins: string[] = [];
    let last = '';
    await this.q.mapRows(text, [gstin], (row) => {
      refs.push(row[0] as string);
      // In supplier order: one string per run of a supplier's documents.
      const g = row[1] as string;
      if (g !== last) last = g;
      supplierGstins.push(last);
    });
    return { refs, supplierGstins };
  }

  async loadRegisterOfSuppliers(
    gstin: string,
    supplierGstins: readonly string[],
  ): Promise<RegisterDocument[]> {
    const out: RegisterDocument[] = [];
    for (let i = 0; i < supplierGstins.length; i += KEYS_PER_READ) {
      const batch = supplierGstins.slice(i, i + KEYS_PER_READ);
      const text = this.q.cachedSql(
        `register-suppliers:${batch.length}`,
        () =>
          this.db
            .selectFrom('register_docs')
            .select('doc')
            .where('gstin', '=', '')
            .where('supplier_gstin', 'in', batch)
            .compile().sql,
      );
      await this.q.mapRows(text, [gstin, ...batch], (row) =>
        out.push(registerDoc(row[0] as string)),
      );
    }
    return out;
  }

  async loadRegisterByRefs(gstin: string, refs: readonly string[]): Promise<RegisterDocument[]> {
    const out: RegisterDocument[] = [];
    for (let i = 0; i < refs.length; i += KEYS_PER_READ) {
      const batch = refs.slice(i, i + KEYS_PER_READ);
      const text = this.q.cachedSql(
        `register-refs:${batch.length}`,
        () =>
          this.db
            .selectFrom('register_docs')
            .select(['ref', 'doc'])
            .where('gstin', '=', '')
            .where('ref', 'in', batch)
            .compile().sql,
      );
      const byRef = new Map<string, RegisterDocument>();
      await this.q.mapRows(text, [gstin, ...batch], (row) =>
        byRef.set(row[0] as string, registerDoc(row[1] as string)),
      );
      for (const ref of batch) {
        const d = byRef.get(ref);
        if (d !== undefined) out.push(d);
      }
    }
    return out;
  }

  async registerForReplacement(
    gstin: string,
    periodFrom: IsoDate,
    periodTo: IsoDate,
    refs: readonly string[],
  ): Promise<RegisterReplacement> {
    const count = await this.db
      .selectFrom('register_docs')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('gstin', '=', gstin)
      .where('doc_date', '>=', periodFrom)
      .where('doc_date', '<=', periodTo)
      .executeTakeFirstOrThrow();
    const kept = await this.db
      .selectFrom('register_docs')
      .select('ref')
      .where('gstin', '=', gstin)
      .where((eb) => eb.or([eb('doc_date', '<', periodFrom), eb('doc_date', '>', periodTo)]))
      .execute();
    // The named documents the replaced period holds (loadRegisterByRefs reads them by ref).
    const named = (await this.loadRegisterByRefs(gstin, refs)).filter(
      (d) => d.docDate >= periodFrom && d.docDate <= periodTo,
    );
    return { replaced: Number(count.n), keptRefs: kept.map((r) => r.ref), named };
  }

  async listRegisterImports(gstin: string): Promise<RegisterImportInfo[]> {
    const rows = await this.db
      .selectFrom('register_imports')
      .selectAll()
      .where('gstin', '=', gstin)
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      gstin: r.gstin,
      file: r.file,
      at: r.at,
      periodFrom: r.period_from as IsoDate,
      periodTo: r.period_to as IsoDate,
      documents: r.documents,
    }));
  }

  async saveMatches(gstin: string, results: readonly MatchResult[]): Promise<void> {
    await this.saveMatchesFrom(gstin, [results]);
  }

  async saveMatchesFrom(
    gstin: string,
    parts: AsyncIterable<readonly MatchResult[]> | Iterable<readonly MatchResult[]>,
  ): Promise<number> {
    await this.db.deleteFrom('match_results').where('gstin', '=', gstin).execute();
    await this.db.deleteFrom('match_outcomes').where('gstin', '=', gstin).execute();
    // Chunks of MATCH_CHUNK results in order, whatever the parts' sizes.
    let chunk = 0;
    let held: MatchResult[] = [];
    let total = 0;
    const write = async (part: readonly MatchResult[]): Promise<void> => {
      await this.db
        .insertInto('match_results')
        .values({ gstin, chunk: chunk++, results: packMatches(part) })
        .execute();
    };
    for await (const part of parts) {
      total += part.length;
      for (const m of part) {
        held.push(m);
        if (held.length === MATCH_CHUNK) {
          await write(held);
          held = [];
        }
      }
      // Each record's outcome as a row of its own too: read by key, a page at a time.
      const outcomes = matchOutcomeRows(part);
      await this.q.bulkFill(
        'match_outcomes',
        ['gstin', 'record_key', 'outcome'],
        outcomes.length,
        (params, at, i) => {
          const [key, outcome] = outcomes[i] as [string, MatchOutcome];
          params[at] = gstin;
          params[at + 1] = key;
          params[at + 2] = outcome;
        },
      );
    }
    if (held.length > 0) await write(held);
    return total;
  }

  /** The last run's outcome of each of these records that it saw (by key; none: absent). */
  async matchOutcomes(gstin: string, keys: readonly string[]): Promise<Map<string, MatchOutcome>> {
    const out = new Map<string, MatchOutcome>();
    for (let i = 0; i < keys.length; i += KEYS_PER_READ) {
      const rows = await this.db
        .selectFrom('match_outcomes')
        .select(['record_key', 'outcome'])
        .where('gstin', '=', gstin)
        .where('record_key', 'in', keys.slice(i, i + KEYS_PER_READ))
        .execute();
      for (const r of rows) out.set(r.record_key, r.outcome as MatchOutcome);
    }
    return out;
  }

  async loadMatches(gstin: string): Promise<MatchResult[]> {
    const rows = await this.db
      .selectFrom('match_results')
      .select('results')
      .where('gstin', '=', gstin)
      .orderBy('chunk')
      .execute();
    const out: MatchResult[] = [];
    for (const r of rows) unpackMatches(r.results, out);
    return out;
  }

  async addManualLink(gstin: string, link: ManualLinkEntry): Promise<void> {
    if (link.kind === 'link') {
      await this.db
        .deleteFrom('manual_links')
        .where('gstin', '=', gstin)
        .where((eb) =>
          eb.or([
            eb.and([
              eb('kind', '=', 'link'),
              eb.or([
                eb('record_key', '=', link.recordKey),
                eb('register_ref', '=', link.registerRef),
              ]),
            ]),
            eb.and([
              eb('record_key', '=', link.recordKey),
              eb('register_ref', '=', link.registerRef),
            ]),
          ]),
        )
        .execute();
    } else {
      await this.db
        .deleteFrom('manual_links')
        .where('gstin', '=', gstin)
        .where('record_key', '=', link.recordKey)
        .where('register_ref', '=', link.registerRef)
        .execute();
    }
    await this.db
      .insertInto('manual_links')
      .values({
        gstin,
        record_key: link.recordKey,
        register_ref: link.registerRef,
        kind: link.kind,
        at: link.at,
        user: link.user,
      })
      .execute();
  }

  async removeManualLinks(gstin: string, recordKey: string): Promise<ManualLinkEntry[]> {
    const rows = await this.db
      .selectFrom('manual_links')
      .selectAll()
      .where('gstin', '=', gstin)
      .where('record_key', '=', recordKey)
      .where('kind', '=', 'link')
      .execute();
    if (rows.length)
      await this.db
        .deleteFrom('manual_links')
        .where('gstin', '=', gstin)
        .where('record_key', '=', recordKey)
        .where('kind', '=', 'link')
        .execute();
    return rows.map(linkOf);
  }

  async loadManualLinks(gstin: string): Promise<ManualLinkEntry[]> {
    const rows = await this.db
      .selectFrom('manual_links')
      .selectAll()
      .where('gstin', '=', gstin)
      .orderBy('at')
      .orderBy('record_key')
      .orderBy('register_ref')
      .execute();
    return rows.map(linkOf);
  }

  async deleteManualLinks(
    gstin: string,
    pairs: readonly { recordKey: string; registerRef: string }[],
  ): Promise<void> {
    for (const p of pairs) {
      await this.db
        .deleteFrom('manual_links')
        .where('gstin', '=', gstin)
        .where('record_key', '=', p.recordKey)
        .where('register_ref', '=', p.registerRef)
        .execute();
    }
  }
}

function linkOf(r: {
  record_key: string;
  register_ref: string;
  kind: string;
  at: string;
  user: string;
}): ManualLinkEntry {
  return {
    recordKey: r.record_key,
    registerRef: r.register_ref,
    kind: r.kind === 'unlink' ? 'unlink' : 'link',
    at: r.at,
    user: r.user,
  };
}
