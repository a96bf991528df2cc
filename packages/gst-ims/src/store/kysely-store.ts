import type { Kysely } from 'kysely';
import { CompiledQuery, sql } from 'kysely';
import type { Action, IsoDate, ItcReduction, MatchResult, RecordState, RegisterDocument, WorkspaceRecord } from '../core/index.js';
import type { Database } from './schema.js';
import { RECORD_COLUMNS, STATE_COLUMNS, fromRow, stateColumns, toRow } from './record-rows.js';
import { MATCH_CHUNK, REGISTER_COLUMNS, packMatches, registerDoc, registerRow, unpackMatches } from './register-rows.js';
import type { AuditEntry, ExportItem, ExportLogEntry, GstinInfo, ImportLogEntry, ManualLinkEntry, RegisterImportEntry, RegisterImportInfo, WorkspaceStore } from './workspace-store.js';

type Table = keyof Database;
const BATCH_PARAMS = 30_000;
/** Rows per JSON statement (a few MB of JSON). */
const JSON_ROWS = 50_000;

export interface KyselyStoreOptions {
  /**
   * The database reads JSON with SQLite's json_each and ->> (SQLite 3.38+): bulk state updates
   * then go as one statement over a JSON array instead of batches of VALUES rows.
   */
  readonly sqliteJson?: boolean;
}

/**
 * The store over any kysely dialect. Bulk writes compile one multi-row statement per batch
 * size through kysely and reuse its SQL text with new parameters: 100,000 records cost a few
 * hundred statements, not 100,000 query compilations.
 */
export class KyselyStore implements WorkspaceStore {
  readonly #compiled = new Map<string, string>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly onClose: () => Promise<void> = async () => {},
    private readonly options: KyselyStoreOptions = {},
  ) {}

  transaction<T>(fn: (tx: WorkspaceStore) => Promise<T>): Promise<T> {
    if (this.db.isTransaction) return fn(this);
    return this.db.transaction().execute((trx) => fn(new KyselyStore(trx, undefined, this.options)));
  }

  async close(): Promise<void> {
    await this.db.destroy();
    await this.onClose();
  }

  async listGstins(): Promise<GstinInfo[]> {
    const rows = await this.db
      .selectFrom('gstins')
      .leftJoin('records', 'records.gstin', 'gstins.gstin')
      .select(['gstins.gstin as gstin', (eb) => eb.fn.count<number>('records.key').as('records')])
      .groupBy('gstins.gstin')
      .orderBy('gstins.gstin')
      .execute();
    return rows.map((r) => ({ gstin: r.gstin, records: Number(r.records) }));
  }

  async ensureGstin(gstin: string, at: string): Promise<void> {
    await this.db.insertInto('gstins').values({ gstin, created_at: at }).onConflict((oc) => oc.column('gstin').doNothing()).execute();
  }

  async loadRecords(gstin: string): Promise<WorkspaceRecord[]> {
    const rows = await this.db
      .selectFrom('records')
      .select(['portal', ...STATE_COLUMNS])
      .where('gstin', '=', gstin)
      .orderBy('section')
      .orderBy('supplier_gstin')
      .orderBy('doc_date')
      .orderBy('doc_number')
      .execute();
    return rows.map(fromRow);
  }

  async loadRecordsByKeys(gstin: string, keys: readonly string[]): Promise<WorkspaceRecord[]> {
    const out: WorkspaceRecord[] = [];
    const perBatch = 900;
    for (let i = 0; i < keys.length; i += perBatch) {
      const rows = await this.db
        .selectFrom('records')
        .select(['portal', ...STATE_COLUMNS])
        .where('gstin', '=', gstin)
        .where('key', 'in', keys.slice(i, i + perBatch))
        .execute();
      for (const r of rows) out.push(fromRow(r));
    }
    return out;
  }

  async insertRecords(gstin: string, rows: readonly WorkspaceRecord[]): Promise<void> {
    await this.bulk('records', RECORD_COLUMNS, rows.map((r) => toRow(gstin, r)), false);
  }

  async updateRecords(gstin: string, rows: readonly WorkspaceRecord[]): Promise<void> {
    await this.bulk('records', RECORD_COLUMNS, rows.map((r) => toRow(gstin, r)), true);
  }

  async updateStates(gstin: string, rows: readonly { key: string; state: RecordState }[]): Promise<void> {
    if (rows.length === 0) return;
    if (this.options.sqliteJson === true) {
      // One statement per JSON_ROWS rows: no statement with tens of thousands of parameters for
      // SQLite to compile, no table of VALUES to build; the rows are found by primary key.
      for (let start = 0; start < rows.length; start += JSON_ROWS) {
        const packed: unknown[][] = [];
        for (let i = start; i < Math.min(rows.length, start + JSON_ROWS); i++) {
          const r = rows[i] as { key: string; state: RecordState };
          const c = stateColumns(r.state) as Record<string, unknown>;
          const row: unknown[] = [r.key];
          for (const col of STATE_COLUMNS) row.push(c[col]);
          packed.push(row);
        }
        await this.db.executeQuery(CompiledQuery.raw(this.stateUpdateJsonSql(), [JSON.stringify(packed), gstin]));
      }
      return;
    }
    const columns = ['key', ...STATE_COLUMNS];
    const perBatch = Math.max(1, Math.floor(BATCH_PARAMS / columns.length));
    for (let start = 0; start < rows.length; start += perBatch) {
      const batch = rows.slice(start, start + perBatch);
      const params: unknown[] = [];
      for (const r of batch) {
        const c = stateColumns(r.state) as Record<string, unknown>;
        params.push(r.key);
        for (const col of STATE_COLUMNS) params.push(c[col]);
      }
      params.push(gstin);
      await this.db.executeQuery(CompiledQuery.raw(this.stateUpdateSql(batch.length), params));
    }
  }

  async appendAudit(entries: readonly AuditEntry[]): Promise<void> {
    const rows = entries.map((e) => ({
      at: e.at,
      user: e.user,
      gstin: e.gstin,
      record_key: e.recordKey,
      from_action: e.fromAction,
      to_action: e.toAction,
      remark: e.remark,
      itc_reduction: e.itcReduction === null ? null : JSON.stringify(e.itcReduction),
      source: e.source,
    }));
    await this.bulk('audit_log', ['at', 'user', 'gstin', 'record_key', 'from_action', 'to_action', 'remark', 'itc_reduction', 'source'], rows, false);
  }

  async auditFor(gstin: string, recordKeys: readonly string[] | null): Promise<AuditEntry[]> {
    let q = this.db.selectFrom('audit_log').selectAll().where('gstin', '=', gstin);
    if (recordKeys !== null) {
      if (recordKeys.length === 0) return [];
      q = q.where('record_key', 'in', recordKeys);
    }
    const rows = await q.orderBy('id').execute();
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      user: r.user,
      gstin: r.gstin,
      recordKey: r.record_key,
      fromAction: r.from_action as Action,
      toAction: r.to_action as Action,
      remark: r.remark,
      itcReduction: r.itc_reduction === null ? null : (JSON.parse(r.itc_reduction) as ItcReduction),
      source: r.source,
    }));
  }

  async lastAuditSources(gstin: string): Promise<Map<string, string>> {
    const rows = await this.db.selectFrom('audit_log').select(['record_key', 'source']).where('gstin', '=', gstin).orderBy('id').execute();
    const out = new Map<string, string>();
    for (const r of rows) out.set(r.record_key, r.source);
    return out;
  }

  async logImport(entry: ImportLogEntry): Promise<number> {
    const r = await this.db
      .insertInto('imports')
      .values({ gstin: entry.gstin, kind: entry.kind, file: entry.file, at: entry.at, user: entry.user, summary: JSON.stringify(entry.summary) })
      .returning('id')
      .executeTakeFirstOrThrow();
    return r.id;
  }

  async listImports(gstin: string): Promise<ImportLogEntry[]> {
    const rows = await this.db.selectFrom('imports').selectAll().where('gstin', '=', gstin).orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, gstin: r.gstin, kind: r.kind, file: r.file, at: r.at, user: r.user, summary: JSON.parse(r.summary) as unknown }));
  }

  async logExport(gstin: string, at: string, user: string, files: readonly string[], items: readonly ExportItem[]): Promise<number> {
    const packed = items.map((i) => [i.recordKey, i.action, i.prevStatus]);
    const r = await this.db
      .insertInto('exports')
      .values({ gstin, at, user, files: JSON.stringify(files), items: JSON.stringify(packed) })
      .returning('id')
      .executeTakeFirstOrThrow();
    return r.id;
  }

  async lastExport(gstin: string): Promise<{ entry: ExportLogEntry; items: ExportItem[] } | null> {
    const e = await this.db.selectFrom('exports').selectAll().where('gstin', '=', gstin).orderBy('id', 'desc').limit(1).executeTakeFirst();
    if (!e) return null;
    const items = (JSON.parse(e.items) as [string, Action, Action][]).map(([recordKey, action, prevStatus]) => ({ recordKey, action, prevStatus }));
    return { entry: { id: e.id, gstin: e.gstin, at: e.at, user: e.user, files: JSON.parse(e.files) as string[] }, items };
  }

  async getSetting(gstin: string, name: string): Promise<string | null> {
    const r = await this.db.selectFrom('settings').select('value').where('gstin', '=', gstin).where('name', '=', name).executeTakeFirst();
    return r?.value ?? null;
  }

  async setSetting(gstin: string, name: string, value: string): Promise<void> {
    await this.db
      .insertInto('settings')
      .values({ gstin, name, value })
      .onConflict((oc) => oc.columns(['gstin', 'name']).doUpdateSet({ value }))
      .execute();
  }

  // Purchase register and reconciliation.

  async replaceRegister(gstin: string, docs: readonly RegisterDocument[], periodFrom: IsoDate, periodTo: IsoDate, entry: RegisterImportEntry): Promise<{ removed: number }> {
    const del = await this.db.deleteFrom('register_docs').where('gstin', '=', gstin).where('doc_date', '>=', periodFrom).where('doc_date', '<=', periodTo).executeTakeFirst();
    await this.db
      .insertInto('register_imports')
      .values({ id: entry.id, gstin, file: entry.file, at: entry.at, period_from: periodFrom, period_to: periodTo, documents: docs.length })
      .execute();
    await this.bulk('register_docs', REGISTER_COLUMNS, docs.map((d) => registerRow(gstin, entry.id, d)), false);
    return { removed: Number(del.numDeletedRows) };
  }

  async loadRegister(gstin: string): Promise<RegisterDocument[]> {
    const rows = await this.db.selectFrom('register_docs').select('doc').where('gstin', '=', gstin).orderBy('supplier_gstin').orderBy('doc_date').orderBy('doc_number').orderBy('ref').execute();
    const out = new Array<RegisterDocument>(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = registerDoc((rows[i] as { doc: string }).doc);
    return out;
  }

  async listRegisterRefs(gstin: string): Promise<{ ref: string; docDate: IsoDate }[]> {
    const rows = await this.db.selectFrom('register_docs').select(['ref', 'doc_date']).where('gstin', '=', gstin).orderBy('supplier_gstin').orderBy('doc_date').orderBy('doc_number').orderBy('ref').execute();
    return rows.map((r) => ({ ref: r.ref, docDate: r.doc_date as IsoDate }));
  }

  async listRegisterImports(gstin: string): Promise<RegisterImportInfo[]> {
    const rows = await this.db.selectFrom('register_imports').selectAll().where('gstin', '=', gstin).orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, gstin: r.gstin, file: r.file, at: r.at, periodFrom: r.period_from as IsoDate, periodTo: r.period_to as IsoDate, documents: r.documents }));
  }

  async saveMatches(gstin: string, results: readonly MatchResult[]): Promise<void> {
    await this.db.deleteFrom('match_results').where('gstin', '=', gstin).execute();
    for (let chunk = 0; chunk * MATCH_CHUNK < results.length; chunk++) {
      const part = results.slice(chunk * MATCH_CHUNK, (chunk + 1) * MATCH_CHUNK);
      await this.db.insertInto('match_results').values({ gstin, chunk, results: packMatches(part) }).execute();
    }
  }

  async loadMatches(gstin: string): Promise<MatchResult[]> {
    const rows = await this.db.selectFrom('match_results').select('results').where('gstin', '=', gstin).orderBy('chunk').execute();
    const out: MatchResult[] = [];
    for (const r of rows) unpackMatches(r.results, out);
    return out;
  }

  async addManualLink(gstin: string, link: ManualLinkEntry): Promise<void> {
    if (link.kind === 'link') {
      await this.db
        .deleteFrom('manual_links')
        .where('gstin', '=', gstin)
        .where((eb) => eb.or([eb.and([eb('kind', '=', 'link'), eb.or([eb('record_key', '=', link.recordKey), eb('register_ref', '=', link.registerRef)])]), eb.and([eb('record_key', '=', link.recordKey), eb('register_ref', '=', link.registerRef)])]))
        .execute();
    } else {
      await this.db.deleteFrom('manual_links').where('gstin', '=', gstin).where('record_key', '=', link.recordKey).where('register_ref', '=', link.registerRef).execute();
    }
    await this.db.insertInto('manual_links').values({ gstin, record_key: link.recordKey, register_ref: link.registerRef, kind: link.kind, at: link.at, user: link.user }).execute();
  }

  async removeManualLinks(gstin: string, recordKey: string): Promise<ManualLinkEntry[]> {
    const rows = await this.db.selectFrom('manual_links').selectAll().where('gstin', '=', gstin).where('record_key', '=', recordKey).where('kind', '=', 'link').execute();
    if (rows.length) await this.db.deleteFrom('manual_links').where('gstin', '=', gstin).where('record_key', '=', recordKey).where('kind', '=', 'link').execute();
    return rows.map(linkOf);
  }

  async loadManualLinks(gstin: string): Promise<ManualLinkEntry[]> {
    const rows = await this.db.selectFrom('manual_links').selectAll().where('gstin', '=', gstin).orderBy('at').orderBy('record_key').orderBy('register_ref').execute();
    return rows.map(linkOf);
  }

  async deleteManualLinks(gstin: string, pairs: readonly { recordKey: string; registerRef: string }[]): Promise<void> {
    for (const p of pairs) {
      await this.db.deleteFrom('manual_links').where('gstin', '=', gstin).where('record_key', '=', p.recordKey).where('register_ref', '=', p.registerRef).execute();
    }
  }

  private async bulk(table: Table, columns: readonly string[], rows: readonly object[], upsert: boolean): Promise<void> {
    if (rows.length === 0) return;
    const perBatch = Math.max(1, Math.floor(BATCH_PARAMS / columns.length));
    for (let start = 0; start < rows.length; start += perBatch) {
      const batch = rows.slice(start, start + perBatch);
      const text = this.batchSql(table, columns, batch.length, upsert);
      const params: unknown[] = new Array<unknown>(batch.length * columns.length);
      let i = 0;
      for (const row of batch) for (const c of columns) params[i++] = (row as Record<string, unknown>)[c];
      await this.db.executeQuery(CompiledQuery.raw(text, params));
    }
  }

  /** One UPDATE ... FROM a VALUES list per batch: the state columns only, never the portal's. */
  private stateUpdateSql(n: number): string {
    const id = `state:${n}`;
    const cached = this.#compiled.get(id);
    if (cached !== undefined) return cached;
    const cols = ['key', ...STATE_COLUMNS];
    const tuple = sql`(${sql.join(cols.map(() => null))})`;
    const query = sql`WITH v(${sql.join(cols.map((c) => sql.id(c)))}) AS (VALUES ${sql.join(Array.from({ length: n }, () => tuple))})
      UPDATE records SET ${sql.join(STATE_COLUMNS.map((c) => sql`${sql.id(c)} = v.${sql.id(c)}`))}
      FROM v WHERE records.gstin = ${''} AND records.key = v.key`;
    const text = query.compile(this.db).sql;
    this.#compiled.set(id, text);
    return text;
  }

  /** The same update from a JSON array of [key, ...state columns] (SQLite). */
  private stateUpdateJsonSql(): string {
    const id = 'state:json';
    const cached = this.#compiled.get(id);
    if (cached !== undefined) return cached;
    const picks = STATE_COLUMNS.map((c, i) => sql`value ->> ${sql.raw(String(i + 1))} AS ${sql.id(c)}`);
    // MATERIALIZED: the JSON rows are read once, then each finds its record by primary key.
    const query = sql`WITH v AS MATERIALIZED (SELECT value ->> 0 AS key, ${sql.join(picks)} FROM json_each(${''}))
      UPDATE records SET ${sql.join(STATE_COLUMNS.map((c) => sql`${sql.id(c)} = v.${sql.id(c)}`))}
      FROM v WHERE records.gstin = ${''} AND records.key = v.key`;
    const text = query.compile(this.db).sql;
    this.#compiled.set(id, text);
    return text;
  }

  private batchSql(table: Table, columns: readonly string[], n: number, upsert: boolean): string {
    const id = `${table}:${n}:${upsert}`;
    const cached = this.#compiled.get(id);
    if (cached !== undefined) return cached;
    const placeholder = Object.fromEntries(columns.map((c) => [c, null]));
    const values = Array.from({ length: n }, () => placeholder);
    // The table/column names are ours; kysely compiles the dialect's SQL and placeholders.
    const dyn = this.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
    let q = dyn.insertInto(table).values(values);
    if (upsert) {
      const set = Object.fromEntries(columns.filter((c) => c !== 'gstin' && c !== 'key').map((c) => [c, sql.ref(`excluded.${c}`)]));
      q = q.onConflict((oc) => oc.columns(['gstin', 'key']).doUpdateSet(set));
    }
    const text = q.compile().sql;
    this.#compiled.set(id, text);
    return text;
  }
}

function linkOf(r: { record_key: string; register_ref: string; kind: string; at: string; user: string }): ManualLinkEntry {
  return { recordKey: r.record_key, registerRef: r.register_ref, kind: r.kind === 'unlink' ? 'unlink' : 'link', at: r.at, user: r.user };
}
