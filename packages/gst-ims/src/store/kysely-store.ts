import type { Kysely } from 'kysely';
import { CompiledQuery, sql } from 'kysely';
import type {
  Action,
  Decision,
  IsoDate,
  ItcReduction,
  MatchResult,
  PortalRecord,
  RecordOutline,
  RecordState,
  RegisterDocument,
  WorkspaceRecord,
} from '../core/index.js';
import { outlineOf } from '../core/index.js';
import type { Database } from './schema.js';
import type { StateColumns } from './record-rows.js';
import {
  LOAD_COLUMNS,
  outlineFromRow,
  PORTAL_COLUMNS,
  RECORD_COLUMNS,
  STATE_COLUMNS,
  decisionColumns,
  fillRecordValues,
  fillStateValues,
  fromLoadRow,
  packDoc,
  stateValues,
} from './record-rows.js';
import { packExportItems, unpackExportItems } from './export-items.js';
import {
  MATCH_CHUNK,
  REGISTER_COLUMNS,
  packMatches,
  registerDoc,
  registerRow,
  unpackMatches,
} from './register-rows.js';
import type {
  AuditEntry,
  ExportItem,
  ExportLogEntry,
  GstinInfo,
  ImportLogEntry,
  ManualLinkEntry,
  RegisterImportEntry,
  RegisterImportInfo,
  ReturnKind,
  StoredReturn,
  UploadFileEntry,
  UploadFileInfo,
  UploadFileStatus,
  WorkspaceStore,
} from './workspace-store.js';
import { UPLOAD_FILE_STATUSES } from './workspace-store.js';

type Table = keyof Database;
const BATCH_PARAMS = 30_000;
/** Records per page of a load: large enough to amortise the query, small enough to die young. */
const SCAN_PAGE = 5000;
/** Rows per JSON statement (a few MB of JSON). */
const JSON_ROWS = 50_000;
/** Records sharing a state from which the state is written once over their keys. */
const SHARED_STATE_MIN = 32;

export interface KyselyStoreOptions {
  /**
   * The database reads JSON with SQLite's json_each and ->> (SQLite 3.38+): bulk state updates
   * then go as one statement over a JSON array instead of batches of VALUES rows.
   */
  readonly sqliteJson?: boolean;
  /**
   * Runs the SQL text kysely compiled, reusing prepared statements and returning rows as arrays
   * (better-sqlite3's raw mode): the bulk paths then skip a statement compilation per batch and
   * an object per row. Without it, statements go through kysely.
   */
  readonly runner?: SqlRunner | undefined;
  /** Writes a consistent copy of the workspace to a file while it is in use (SQLite's online backup). */
  readonly backup?: ((toFile: string) => Promise<void>) | undefined;
  /** Folds the write-ahead log into the database file, so that the file alone is the workspace. */
  readonly checkpoint?: (() => void) | undefined;
  /** See WorkspaceStore.changeStamp; without it the store cannot tell (null). */
  readonly changeStamp?: (() => Promise<string>) | undefined;
}

/** Executes compiled SQL text with positional parameters. */
export interface SqlRunner {
  run(sql: string, params: readonly unknown[]): void;
  /** Rows as arrays of values, one at a time; consume them before anything else runs. */
  iterate(sql: string, params: readonly unknown[]): Iterable<unknown[]>;
  /** All rows as arrays of values. */
  all(sql: string, params: readonly unknown[]): unknown[][];
}

/**
 * The store over any kysely dialect. Bulk writes compile one multi-row statement per batch
 * size through kysely and reuse its SQL text with new parameters: 100,000 records cost a few
 * hundred statements, not 100,000 query compilations.
 */
export class KyselyStore implements WorkspaceStore {
  readonly #compiled = new Map<string, string>();
  /**
   * In a transaction: per GSTIN, the record object each key was loaded as or last written from,
   * which is what its `records` and `record_docs` rows hold (the transaction keeps others' writes
   * out). A record given back to updateRecords as that same object (records are immutable), as
   * a record marked gone is, keeps those rows: only its state is written.
   */
  readonly #stored = new Map<string, Map<string, PortalRecord>>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly onClose: () => Promise<void> = async () => {},
    private readonly options: KyselyStoreOptions = {},
  ) {}

  async backup(toFile: string): Promise<void> {
    if (this.options.backup === undefined)
      throw new Error('this workspace store cannot make a backup');
    await this.options.backup(toFile);
  }

  async changeStamp(): Promise<string | null> {
    return this.options.changeStamp === undefined ? null : this.options.changeStamp();
  }

  transaction<T>(fn: (tx: WorkspaceStore) => Promise<T>): Promise<T> {
    if (this.db.isTransaction) return fn(this);
    return this.db
      .transaction()
      .execute((trx) => fn(new KyselyStore(trx, undefined, this.options)));
  }

  async close(): Promise<void> {
    this.options.checkpoint?.();
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
    await this.db
      .insertInto('gstins')
      .values({ gstin, created_at: at })
      .onConflict((oc) => oc.column('gstin').doNothing())
      .execute();
  }

  async loadRecords(gstin: string): Promise<WorkspaceRecord[]> {
    const text = this.cachedSql('load', () => this.scanQuery().compile().sql);
    return this.remember(gstin, await this.loadSorted(text, [gstin]));
  }

  async loadUploadCandidates(gstin: string): Promise<WorkspaceRecord[]> {
    const text = this.cachedSql(
      'load-candidates',
      () =>
        this.scanQuery((q) =>
          q.where((eb) =>
            eb.or([
              eb('s.local_action', '<>', 'noAction'),
              eb('r.portal_action', '<>', 'noAction'),
            ]),
          ),
        ).compile().sql,
    );
    return this.remember(gstin, await this.loadSorted(text, [gstin, 'noAction', 'noAction']));
  }

  async loadRecordOutlines(gstin: string): Promise<RecordOutline[]> {
    if (this.options.sqliteJson !== true) return (await this.loadRecords(gstin)).map(outlineOf);
    // The packed description's return period, remark and declaration (record-rows.ts positions
    // 10, 23, 24) read by SQLite itself: no description parsed in JavaScript.
    const text = this.cachedSql(
      'load-outlines',
      () =>
        sql`SELECT r.key, r.section, r.portal_action, json_extract(d.doc, '$[10]'), json_extract(d.doc, '$[23]'), json_extract(d.doc, '$[24]'), ${sql.join(STATE_COLUMNS.map((c) => sql.ref(`s.${c}`)))}
        FROM records r JOIN record_docs d ON d.id = r.id JOIN record_states s ON s.id = r.id WHERE r.gstin = ${''} ORDER BY r.id`.compile(
          this.db,
        ).sql,
    );
    return this.mapRows(text, [gstin], outlineFromRow);
  }

  async loadRecordsByKeys(gstin: string, keys: readonly string[]): Promise<WorkspaceRecord[]> {
    const out: WorkspaceRecord[] = [];
    const perBatch = 900;
    for (let i = 0; i < keys.length; i += perBatch) {
      const batch = keys.slice(i, i + perBatch);
      const text = this.cachedSql(
        `load-keys:${batch.length}`,
        () => this.loadQuery().where('r.gstin', '=', '').where('r.key', 'in', batch).compile().sql,
      );
      for (const r of await this.mapRows(text, [gstin, ...batch], fromLoadRow)) out.push(r);
    }
    return this.remember(gstin, out);
  }

  async insertRecords(gstin: string, rows: readonly WorkspaceRecord[]): Promise<void> {
    if (rows.length === 0) return;
    // Ids are handed out here, not by the database, so that both rows of a record are written
    // in bulk; the transaction holds SQLite's write lock, and a clash would fail, not overwrite.
    const first = (await this.maxId('records', 'record_docs', 'record_states')) + 1;
    // Ids in load order: loads read the table in id order and then find it (nearly) sorted.
    const sorted = [...rows].sort(loadOrder);
    await this.bulkFill('records', ['id', ...RECORD_COLUMNS], sorted.length, (params, at, i) => {
      params[at] = first + i;
      fillRecordValues(params, at + 1, gstin, (sorted[i] as WorkspaceRecord).record);
    });
    await this.bulkFill(
      'record_states',
      ['id', ...STATE_COLUMNS],
      sorted.length,
      (params, at, i) => {
        params[at] = first + i;
        fillStateValues(params, at + 1, (sorted[i] as WorkspaceRecord).state);
      },
    );
    await this.bulkFill('record_docs', ['id', 'doc'], sorted.length, (params, at, i) => {
      params[at] = first + i;
      params[at + 1] = packDoc((sorted[i] as WorkspaceRecord).record);
    });
  }

  async updateRecords(gstin: string, rows: readonly WorkspaceRecord[]): Promise<void> {
    if (rows.length === 0) return;
    const stored = this.#stored.get(gstin);
    const changed =
      stored === undefined ? rows : rows.filter((r) => stored.get(r.record.key) !== r.record);
    // Forgotten first: should a write fail, the rows are no longer known.
    for (const r of changed) stored?.delete(r.record.key);
    await this.updateByKey(
      gstin,
      'records',
      PORTAL_COLUMNS,
      changed.map(({ record: r }) => [r.key, r.docDate, r.amounts.value, r.portalAction]),
    );
    await this.writeStates(
      gstin,
      rows.map((r) => ({ key: r.record.key, state: r.state })),
    );
    await this.updateByKey(
      gstin,
      'record_docs',
      ['doc'],
      changed.map((r) => [r.record.key, packDoc(r.record)]),
    );
    for (const r of changed) stored?.set(r.record.key, r.record);
  }

  /** Notes what the rows of loaded records hold (see #stored); outside a transaction, nothing. */
  private remember(gstin: string, loaded: WorkspaceRecord[]): WorkspaceRecord[] {
    if (!this.db.isTransaction) return loaded;
    let stored = this.#stored.get(gstin);
    if (stored === undefined) this.#stored.set(gstin, (stored = new Map<string, PortalRecord>()));
    for (const r of loaded) stored.set(r.record.key, r.record);
    return loaded;
  }

  async setDecision(gstin: string, keys: readonly string[], decision: Decision): Promise<void> {
    await this.setStatesByKeys(gstin, keys, decisionColumns(decision));
  }

  /** Sets the same state columns of every record in `keys`. */
  private async setStatesByKeys(
    gstin: string,
    keys: readonly string[],
    set: Partial<StateColumns>,
  ): Promise<void> {
    if (keys.length === 0) return;
    if (this.options.sqliteJson === true) {
      // One statement, the keys as one JSON array: no decisions repeated per row to bind or parse.
      // The records are found by key first (CROSS JOIN keeps SQLite walking the keys, not the
      // table), then updated by id: a fifth faster than `key IN (...)` on 90,000 keys.
      const ids = sql<number>`(SELECT r.id FROM json_each(${JSON.stringify(keys)}) j CROSS JOIN records r ON r.gstin = ${gstin} AND r.key = j.value)`;
      const q = this.db.updateTable('record_states').set(set).where('id', 'in', ids).compile();
      await this.run(q.sql, q.parameters);
      return;
    }
    for (let i = 0; i < keys.length; i += 900) {
      const batch = keys.slice(i, i + 900);
      const q = this.db
        .updateTable('record_states')
        .set(set)
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('records')
            .select('records.id')
            .where('records.gstin', '=', gstin)
            .where('records.key', 'in', batch),
        )
        .compile();
      await this.run(q.sql, q.parameters);
    }
  }

  async updateStates(
    gstin: string,
    rows: readonly { key: string; state: RecordState }[],
  ): Promise<void> {
    await this.writeStates(gstin, rows);
  }

  /**
   * Writes whole states by key. Many records often get the same state (next month's download
   * marks every old record gone, most of them undecided): such a state is written as one
   * statement over its keys, as a decision is, instead of its values repeated per record.
   */
  private async writeStates(
    gstin: string,
    rows: readonly { key: string; state: RecordState }[],
  ): Promise<void> {
    const groups = new Map<string, { values: unknown[]; keys: string[] }>();
    for (const r of rows) {
      const values = stateValues(r.state);
      const id = JSON.stringify(values);
      const g = groups.get(id);
      if (g === undefined) groups.set(id, { values, keys: [r.key] });
      else g.keys.push(r.key);
    }
    const single: unknown[][] = [];
    for (const g of groups.values()) {
      if (g.keys.length >= SHARED_STATE_MIN) {
        await this.setStatesByKeys(
          gstin,
          g.keys,
          Object.fromEntries(STATE_COLUMNS.map((c, i) => [c, g.values[i]])),
        );
      } else {
        for (const key of g.keys) single.push([key, ...g.values]);
      }
    }
    await this.updateByKey(gstin, 'record_states', STATE_COLUMNS, single);
  }

  /**
   * Entries in a row that share time, user, GSTIN, source and decision become one event (a bulk
   * action is one), with a short row per record: its key and the action it had. Within an event
   * the rows go in by the action they had, then in entry order.
   */
  async appendAudit(entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    type Event = {
      at: string;
      user: string;
      gstin: string;
      source: string;
      toAction: Action;
      remark: string | null;
      itc: string | null;
      keysByFrom: Map<Action, string[]>;
    };
    const events: Event[] = [];
    let last: Event | undefined;
    for (const e of entries) {
      const itc = e.itcReduction === null ? null : JSON.stringify(e.itcReduction);
      if (
        last?.at !== e.at ||
        last.user !== e.user ||
        last.gstin !== e.gstin ||
        last.source !== e.source ||
        last.toAction !== e.toAction ||
        last.remark !== e.remark ||
        last.itc !== itc
      ) {
        last = {
          at: e.at,
          user: e.user,
          gstin: e.gstin,
          source: e.source,
          toAction: e.toAction,
          remark: e.remark,
          itc,
          keysByFrom: new Map(),
        };
        events.push(last);
      }
      const keys = last.keysByFrom.get(e.fromAction);
      if (keys === undefined) last.keysByFrom.set(e.fromAction, [e.recordKey]);
      else keys.push(e.recordKey);
    }
    // Ids handed out here, as for records: the transaction holds the write lock.
    const first = (await this.maxId('audit_events')) + 1;
    await this.bulkFill(
      'audit_events',
      ['id', 'at', 'user', 'gstin', 'source', 'to_action', 'remark', 'itc_reduction'],
      events.length,
      (params, at, i) => {
        const e = events[i] as Event;
        params[at] = first + i;
        params[at + 1] = e.at;
        params[at + 2] = e.user;
        params[at + 3] = e.gstin;
        params[at + 4] = e.source;
        params[at + 5] = e.toAction;
        params[at + 6] = e.remark;
        params[at + 7] = e.itc;
      },
    );
    for (const [i, e] of events.entries()) {
      for (const [from, keys] of e.keysByFrom) await this.insertAuditChanges(first + i, from, keys);
    }
  }

  /** An event's rows for the records that had one action: on SQLite, the keys as one JSON array. */
  private async insertAuditChanges(
    eventId: number,
    from: Action,
    keys: readonly string[],
  ): Promise<void> {
    if (this.options.sqliteJson === true) {
      const text = this.cachedSql(
        'audit-changes-json',
        () =>
          sql`INSERT INTO audit_changes (event_id, record_key, from_action) SELECT ${0}, value, ${''} FROM json_each(${''})`.compile(
            this.db,
          ).sql,
      );
      for (let start = 0; start < keys.length; start += JSON_ROWS)
        await this.run(text, [eventId, from, JSON.stringify(keys.slice(start, start + JSON_ROWS))]);
      return;
    }
    await this.bulkFill(
      'audit_changes',
      ['event_id', 'record_key', 'from_action'],
      keys.length,
      (params, at, i) => {
        params[at] = eventId;
        params[at + 1] = keys[i];
        params[at + 2] = from;
      },
    );
  }

  async auditFor(gstin: string, recordKeys: readonly string[] | null): Promise<AuditEntry[]> {
    let q = this.auditQuery(gstin);
    if (recordKeys !== null) {
      if (recordKeys.length === 0) return [];
      q = q.where('c.record_key', 'in', recordKeys);
    }
    const rows = await q.orderBy('c.id').execute();
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
    const rows = await this.db
      .selectFrom('audit_changes as c')
      .innerJoin('audit_events as e', 'e.id', 'c.event_id')
      .select(['c.record_key', 'e.source'])
      .where('e.gstin', '=', gstin)
      .orderBy('c.id')
      .execute();
    const out = new Map<string, string>();
    for (const r of rows) out.set(r.record_key, r.source);
    return out;
  }

  async logImport(entry: ImportLogEntry): Promise<number> {
    const r = await this.db
      .insertInto('imports')
      .values({
        gstin: entry.gstin,
        kind: entry.kind,
        file: entry.file,
        at: entry.at,
        user: entry.user,
        summary: JSON.stringify(entry.summary),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return r.id;
  }

  async listImports(gstin: string): Promise<ImportLogEntry[]> {
    const rows = await this.db
      .selectFrom('imports')
      .selectAll()
      .where('gstin', '=', gstin)
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      gstin: r.gstin,
      kind: r.kind,
      file: r.file,
      at: r.at,
      user: r.user,
      summary: JSON.parse(r.summary) as unknown,
    }));
  }

  async logExport(
    gstin: string,
    at: string,
    user: string,
    files: readonly string[],
    items: readonly ExportItem[],
    uploadFiles: readonly UploadFileEntry[] = [],
  ): Promise<number> {
    const r = await this.db
      .insertInto('exports')
      .values({ gstin, at, user, files: JSON.stringify(files), items: packExportItems(items) })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const f of uploadFiles) {
      await this.db
        .insertInto('upload_files')
        .values({
          export_id: r.id,
          gstin,
          at,
          name: f.name,
          sha256: f.sha256,
          reqtyp: f.reqtyp,
          bytes: f.bytes,
          records: f.items.length,
          items: packExportItems(f.items),
          status: 'unanswered',
          answered_at: null,
          answer_file: null,
          failed: 0,
        })
        .execute();
    }
    return r.id;
  }

  async listUploadFiles(gstin: string): Promise<UploadFileInfo[]> {
    const rows = await this.db
      .selectFrom('upload_files')
      .select([
        'id',
        'export_id',
        'gstin',
        'at',
        'name',
        'sha256',
        'reqtyp',
        'bytes',
        'records',
        'status',
        'answered_at',
        'answer_file',
        'failed',
      ])
      .where('gstin', '=', gstin)
      .orderBy('id', 'desc')
      .execute();
    return rows.map((f) => ({
      id: f.id,
      exportId: f.export_id,
      gstin: f.gstin,
      at: f.at,
      name: f.name,
      sha256: f.sha256,
      reqtyp: f.reqtyp === 'RESET' ? 'RESET' : 'SAVE',
      bytes: f.bytes,
      records: f.records,
      status: UPLOAD_FILE_STATUSES.includes(f.status as UploadFileStatus)
        ? (f.status as UploadFileStatus)
        : 'unanswered',
      answeredAt: f.answered_at,
      answerFile: f.answer_file,
      failed: f.failed,
    }));
  }

  async uploadFileItems(id: number): Promise<ExportItem[]> {
    const r = await this.db
      .selectFrom('upload_files')
      .select('items')
      .where('id', '=', id)
      .executeTakeFirst();
    return r === undefined ? [] : unpackExportItems(r.items);
  }

  async setUploadFileAnswer(
    id: number,
    answer: { status: UploadFileStatus; at: string; file: string; failed: number },
  ): Promise<void> {
    await this.db
      .updateTable('upload_files')
      .set({
        status: answer.status,
        answered_at: answer.at,
        answer_file: answer.file,
        failed: answer.failed,
      })
      .where('id', '=', id)
      .execute();
  }

  async lastExport(gstin: string): Promise<{ entry: ExportLogEntry; items: ExportItem[] } | null> {
    const e = await this.db
      .selectFrom('exports')
      .selectAll()
      .where('gstin', '=', gstin)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!e) return null;
    return {
      entry: {
        id: e.id,
        gstin: e.gstin,
        at: e.at,
        user: e.user,
        files: JSON.parse(e.files) as string[],
      },
      items: unpackExportItems(e.items),
    };
  }

  async getSetting(gstin: string, name: string): Promise<string | null> {
    const r = await this.db
      .selectFrom('settings')
      .select('value')
      .where('gstin', '=', gstin)
      .where('name', '=', name)
      .executeTakeFirst();
    return r?.value ?? null;
  }

  async setSetting(gstin: string, name: string, value: string): Promise<void> {
    await this.db
      .insertInto('settings')
      .values({ gstin, name, value })
      .onConflict((oc) => oc.columns(['gstin', 'name']).doUpdateSet({ value }))
      .execute();
  }

  async saveReturn(gstin: string, e: StoredReturn): Promise<void> {
    const values = {
      gstin,
      kind: e.kind,
      period: e.period,
      import_id: e.importId,
      files: JSON.stringify(e.files),
      at: e.at,
      data: e.data,
    };
    await this.db
      .insertInto('returns')
      .values(values)
      .onConflict((oc) =>
        oc
          .columns(['gstin', 'kind', 'period'])
          .doUpdateSet({ import_id: e.importId, files: values.files, at: e.at, data: e.data }),
      )
      .execute();
  }

  async loadReturn(gstin: string, kind: ReturnKind, period: string): Promise<StoredReturn | null> {
    const r = await this.db
      .selectFrom('returns')
      .selectAll()
      .where('gstin', '=', gstin)
      .where('kind', '=', kind)
      .where('period', '=', period)
      .executeTakeFirst();
    return r
      ? {
          kind,
          period,
          importId: r.import_id,
          files: JSON.parse(r.files) as string[],
          at: r.at,
          data: r.data,
        }
      : null;
  }

  async listReturns(gstin: string): Promise<Omit<StoredReturn, 'data'>[]> {
    const rows = await this.db
      .selectFrom('returns')
      .select(['kind', 'period', 'import_id', 'files', 'at'])
      .where('gstin', '=', gstin)
      .orderBy('kind')
      .orderBy('period')
      .execute();
    return rows.map((r) => ({
      kind: r.kind as ReturnKind,
      period: r.period,
      importId: r.import_id,
      files: JSON.parse(r.files) as string[],
      at: r.at,
    }));
  }

  // Purchase register and reconciliation.

  async replaceRegister(
    gstin: string,
    docs: readonly RegisterDocument[],
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
    await this.bulk(
      'register_docs',
      REGISTER_COLUMNS,
      docs.map((d) => registerRow(gstin, entry.id, d)),
      false,
    );
    return { removed: Number(del.numDeletedRows) };
  }

  async loadRegister(gstin: string): Promise<RegisterDocument[]> {
    const rows = await this.db
      .selectFrom('register_docs')
      .select('doc')
      .where('gstin', '=', gstin)
      .orderBy('supplier_gstin')
      .orderBy('doc_date')
      .orderBy('doc_number')
      .orderBy('ref')
      .execute();
    const out = new Array<RegisterDocument>(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = registerDoc((rows[i] as { doc: string }).doc);
    return out;
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
    await this.db.deleteFrom('match_results').where('gstin', '=', gstin).execute();
    for (let chunk = 0; chunk * MATCH_CHUNK < results.length; chunk++) {
      const part = results.slice(chunk * MATCH_CHUNK, (chunk + 1) * MATCH_CHUNK);
      await this.db
        .insertInto('match_results')
        .values({ gstin, chunk, results: packMatches(part) })
        .execute();
    }
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

  /**
   * A page of a GSTIN's records in id order, after a given id: on SQLite a scan of the table
   * (the `+` keeps SQLite from taking the gstin index, whose order it would then have to sort
   * away). Ids are handed out in load order (insertRecords), so the rows arrive sorted, or in a
   * few sorted runs, one per import; loadSorted puts them in load order. Parameters: the
   * GSTIN, the filter's, the id to start after, the page size. The id is the last column.
   */
  private scanQuery(
    filter: (q: ReturnType<KyselyStore['loadQuery']>) => ReturnType<KyselyStore['loadQuery']> = (
      q,
    ) => q,
  ) {
    const gstin =
      this.options.sqliteJson === true
        ? sql<string>`+${sql.ref('r.gstin')}`
        : sql<string>`${sql.ref('r.gstin')}`;
    return filter(this.loadQuery().where(gstin, '=', ''))
      .select('r.id')
      .where('r.id', '>', 0)
      .orderBy('r.id')
      .limit(SCAN_PAGE);
  }

  /**
   * Reads a scan page by page (rows as arrays, converted a page at a time): the pages' raw
   * values die young, and better-sqlite3's all() costs less per row than its iterator.
   */
  private async loadSorted(text: string, params: readonly unknown[]): Promise<WorkspaceRecord[]> {
    const out: WorkspaceRecord[] = [];
    for (let after = 0; ;) {
      const rows = await this.rows(text, [...params, after, SCAN_PAGE]);
      for (const row of rows) out.push(fromLoadRow(row));
      if (rows.length < SCAN_PAGE) break;
      after = (rows[rows.length - 1] as unknown[])[LOAD_COLUMNS.length] as number;
    }
    // A stable merge sort on sorted runs costs about one comparison per record.
    return out.sort(loadOrder);
  }

  /** The SELECT of a record's load columns (LOAD_COLUMNS order), without filter and order. */
  private loadQuery() {
    return this.db
      .selectFrom('records as r')
      .innerJoin('record_docs as d', 'd.id', 'r.id')
      .innerJoin('record_states as s', 's.id', 'r.id')
      .select(['r.key', 'd.doc', ...STATE_COLUMNS.map((c) => `s.${c}` as const)]);
  }

  /** Audit entries as they read: an event's fields on each record it changed. */
  private auditQuery(gstin: string) {
    return this.db
      .selectFrom('audit_changes as c')
      .innerJoin('audit_events as e', 'e.id', 'c.event_id')
      .select([
        'c.id',
        'e.at',
        'e.user',
        'e.gstin',
        'c.record_key',
        'c.from_action',
        'e.to_action',
        'e.remark',
        'e.itc_reduction',
        'e.source',
      ])
      .where('e.gstin', '=', gstin);
  }

  /** The largest id in any of `tables` (0 when empty): ids are handed out by the store. */
  private async maxId(
    ...tables: ('records' | 'record_docs' | 'record_states' | 'audit_events')[]
  ): Promise<number> {
    const text = this.cachedSql(
      `max-id:${tables.join(',')}`,
      () =>
        sql`SELECT COALESCE(MAX(m), 0) FROM (${sql.join(
          tables.map((t) => sql`SELECT MAX(id) AS m FROM ${sql.table(t)}`),
          sql` UNION ALL `,
        )}) ids`.compile(this.db).sql,
    );
    const rows = await this.rows(text, []);
    return Number((rows[0] as unknown[])[0] ?? 0);
  }

  private async bulk(
    table: Table,
    columns: readonly string[],
    rows: readonly object[],
    upsert: boolean,
  ): Promise<void> {
    await this.bulkValues(
      table,
      columns,
      rows.map((row) => columns.map((c) => (row as Record<string, unknown>)[c])),
      upsert,
    );
  }

  /** Inserts rows given as values in `columns` order, one multi-row statement per batch. */
  private async bulkValues(
    table: Table,
    columns: readonly string[],
    rows: readonly (readonly unknown[])[],
    upsert: boolean,
  ): Promise<void> {
    await this.bulkFill(
      table,
      columns,
      rows.length,
      (params, at, i) => {
        const row = rows[i] as readonly unknown[];
        for (let c = 0; c < row.length; c++) params[at + c] = row[c];
      },
      upsert,
    );
  }

  /**
   * Inserts `count` rows, one multi-row statement per batch; `fill` writes row i's values (in
   * `columns` order) into the batch's parameters from index `at`, with no array per row.
   */
  private async bulkFill(
    table: Table,
    columns: readonly string[],
    count: number,
    fill: (params: unknown[], at: number, i: number) => void,
    upsert = false,
  ): Promise<void> {
    const perBatch = Math.max(1, Math.floor(BATCH_PARAMS / columns.length));
    for (let start = 0; start < count; start += perBatch) {
      const n = Math.min(perBatch, count - start);
      const text = this.batchSql(table, columns, n, upsert);
      const params: unknown[] = new Array<unknown>(n * columns.length);
      for (let r = 0; r < n; r++) fill(params, r * columns.length, start + r);
      await this.run(text, params);
    }
  }

  /**
   * Sets `columns` of existing records found by key; each row is [key, ...values in columns
   * order]. `record_docs` and `record_states` rows are found through their record. SQLite: one statement per
   * JSON_ROWS rows over a JSON array (no statement with tens of thousands of parameters to
   * compile); other databases: batches of VALUES rows.
   */
  private async updateByKey(
    gstin: string,
    table: 'records' | 'record_docs' | 'record_states',
    columns: readonly string[],
    rows: readonly (readonly unknown[])[],
  ): Promise<void> {
    if (rows.length === 0) return;
    if (this.options.sqliteJson === true) {
      for (let start = 0; start < rows.length; start += JSON_ROWS) {
        await this.run(this.updateByKeySql(table, columns, 'json'), [
          JSON.stringify(rows.slice(start, start + JSON_ROWS)),
          gstin,
        ]);
      }
      return;
    }
    const perBatch = Math.max(1, Math.floor(BATCH_PARAMS / (columns.length + 1)));
    for (let start = 0; start < rows.length; start += perBatch) {
      const batch = rows.slice(start, start + perBatch);
      const params: unknown[] = [];
      for (const r of batch) params.push(...r);
      params.push(gstin);
      await this.run(this.updateByKeySql(table, columns, batch.length), params);
    }
  }

  private updateByKeySql(
    table: 'records' | 'record_docs' | 'record_states',
    columns: readonly string[],
    rows: number | 'json',
  ): string {
    return this.cachedSql(`update:${table}:${columns.join(',')}:${rows}`, () => {
      const v =
        rows === 'json'
          ? // MATERIALIZED: the JSON rows are read once, then each finds its record by key.
            sql`v AS MATERIALIZED (SELECT value ->> 0 AS key, ${sql.join(columns.map((c, i) => sql`value ->> ${sql.raw(String(i + 1))} AS ${sql.id(c)}`))} FROM json_each(${''}))`
          : sql`v(${sql.join(['key', ...columns].map((c) => sql.id(c)))}) AS (VALUES ${sql.join(Array.from({ length: rows }, () => sql`(${sql.join(['key', ...columns].map(() => null))})`))})`;
      const set = sql.join(columns.map((c) => sql`${sql.id(c)} = v.${sql.id(c)}`));
      // The row's id comes from a subquery on the given key, not from joining `records`: with
      // `records` in the join, SQLite chose to walk the GSTIN's records and scan the given
      // rows inside that loop, a pass over the whole set per record (next month's download, which
      // marks every old record gone: 53 s at 20,000 records). With only the given rows and the
      // target in the join, the plan is a pass over the rows and a primary-key lookup for each
      // (record-updates.test.ts reads the plans).
      // Rows whose values are already stored are left alone: a record marked gone keeps its
      // portal description, which would otherwise be rewritten (every page of record_docs).
      const changed = sql.join(
        columns.map((c) => sql`${sql.ref(`${table}.${c}`)} IS DISTINCT FROM v.${sql.id(c)}`),
        sql` OR `,
      );
      const query =
        table === 'records'
          ? sql`WITH ${v} UPDATE records SET ${set} FROM v WHERE records.gstin = ${''} AND records.key = v.key AND (${changed})`
          : sql`WITH ${v} UPDATE ${sql.table(table)} SET ${set} FROM v WHERE ${sql.ref(`${table}.id`)} = (SELECT records.id FROM records WHERE records.gstin = ${''} AND records.key = v.key) AND (${changed})`;
      return query.compile(this.db).sql;
    });
  }

  private batchSql(table: Table, columns: readonly string[], n: number, upsert: boolean): string {
    return this.cachedSql(`${table}:${columns.length}:${n}:${upsert}`, () => {
      const placeholder = Object.fromEntries(columns.map((c) => [c, null]));
      const values = Array.from({ length: n }, () => placeholder);
      // The table/column names are ours; kysely compiles the dialect's SQL and placeholders.
      const dyn = this.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
      let q = dyn.insertInto(table).values(values);
      if (upsert) {
        const set = Object.fromEntries(
          columns
            .filter((c) => c !== 'gstin' && c !== 'key')
            .map((c) => [c, sql.ref(`excluded.${c}`)]),
        );
        q = q.onConflict((oc) => oc.columns(['gstin', 'key']).doUpdateSet(set));
      }
      return q.compile().sql;
    });
  }

  private cachedSql(id: string, build: () => string): string {
    let text = this.#compiled.get(id);
    if (text === undefined) {
      text = build();
      this.#compiled.set(id, text);
    }
    return text;
  }

  /** Runs SQL text compiled by kysely: through the runner when there is one, else through kysely. */
  private async run(text: string, params: readonly unknown[]): Promise<void> {
    const runner = this.options.runner;
    if (runner === undefined) {
      await this.db.executeQuery(CompiledQuery.raw(text, [...params]));
      return;
    }
    await this.holdingConnection(() => runner.run(text, params));
  }

  /** Rows as arrays of values in the statement's column order. */
  private async rows(text: string, params: readonly unknown[]): Promise<unknown[][]> {
    const runner = this.options.runner;
    if (runner === undefined) return this.mapRows(text, params, (r) => r);
    return this.holdingConnection(() => runner.all(text, params));
  }

  /**
   * `fn` of each row (values in the statement's column order). Through the runner the rows are
   * converted one at a time as SQLite steps: a row's values die young, instead of all of them
   * (the packed descriptions: tens of MB) outliving the read and being copied by the garbage
   * collector.
   */
  private async mapRows<T>(
    text: string,
    params: readonly unknown[],
    fn: (row: unknown[]) => T,
  ): Promise<T[]> {
    const runner = this.options.runner;
    if (runner === undefined) {
      const result = await this.db.executeQuery(CompiledQuery.raw(text, [...params]));
      return result.rows.map((r) => fn(Object.values(r as object) as unknown[]));
    }
    return this.holdingConnection(() => {
      const out: T[] = [];
      for (const row of runner.iterate(text, params)) out.push(fn(row));
      return out;
    });
  }

  /**
   * Outside a transaction, takes kysely's connection for the runner's statement, as kysely
   * would for its own: a statement must not slip into another caller's open transaction.
   */
  private async holdingConnection<T>(fn: () => T): Promise<T> {
    if (this.db.isTransaction) return fn();
    return this.db.connection().execute(() => Promise.resolve(fn()));
  }
}

/** The order records are listed in everywhere: section, supplier, document date, number. */
function loadOrder(a: WorkspaceRecord, b: WorkspaceRecord): number {
  const x = a.record;
  const y = b.record;
  if (x.section !== y.section) return x.section < y.section ? -1 : 1;
  if (x.supplierGstin !== y.supplierGstin) return x.supplierGstin < y.supplierGstin ? -1 : 1;
  if (x.docDate !== y.docDate) return x.docDate < y.docDate ? -1 : 1;
  if (x.docNumber !== y.docNumber) return x.docNumber < y.docNumber ? -1 : 1;
  return 0;
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
