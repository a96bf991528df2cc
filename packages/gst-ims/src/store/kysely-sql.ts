import type { Kysely } from 'kysely';
import { CompiledQuery, sql } from 'kysely';
import { isPostgres } from './postgres-dialect.js';
import type { Database } from './schema.js';

type Table = keyof Database;
/** A record's rows: found by the GSTIN and key of its `records` row. */
export type RecordTable = 'records' | 'record_docs' | 'record_states';

const BATCH_PARAMS = 30_000;
/**
 * PostgreSQL's type of each column, per table, as the database says (one query per table per
 * process): the typed arrays of updateByKey follow the schema, whatever a migration adds.
 */
const POSTGRES_COLUMN_TYPES = new Map<string, Promise<Map<string, string>>>();
/** Rows per JSON statement (a few MB of JSON). */
export const JSON_ROWS = 50_000;

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
 * What the parts of the kysely store share: the connection (or transaction), the options, and
 * the bulk paths. Bulk writes compile one multi-row statement per batch size through kysely and
 * reuse its SQL text with new parameters: 100,000 records cost a few hundred statements, not
 * 100,000 query compilations.
 */
export class KyselySql {
  readonly #compiled = new Map<string, string>();
  /** PostgreSQL: bulk updates go as one statement over typed arrays (unnest). */
  readonly #postgres: boolean;

  constructor(
    readonly db: Kysely<Database>,
    readonly options: KyselyStoreOptions,
  ) {
    this.#postgres = isPostgres(db as unknown as Kysely<unknown>);
  }

  /** PostgreSQL: bulk paths go as one statement over typed arrays, scans in one query. */
  get postgres(): boolean {
    return this.#postgres;
  }

  /** SQLite's JSON functions are there: bulk paths go as one statement over a JSON array. */
  get sqliteJson(): boolean {
    return this.options.sqliteJson === true;
  }

  /** The largest id in any of `tables` (0 when empty): ids are handed out by the store. */
  async maxId(
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

  async bulk(
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
  async bulkValues(
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
  async bulkFill(
    table: Table,
    columns: readonly string[],
    count: number,
    fill: (params: unknown[], at: number, i: number) => void,
    upsert = false,
  ): Promise<void> {
    if (this.#postgres) {
      await this.bulkFillJson(table, columns, count, fill, upsert);
      return;
    }
    const perBatch = Math.max(1, Math.floor(BATCH_PARAMS / columns.length));
    for (let start = 0; start < count; start += perBatch) {
      const n = Math.min(perBatch, count - start);
      const text = this.batchSql(table, columns, n, upsert);
      const params: unknown[] = new Array<unknown>(n * columns.length);
      for (let r = 0; r < n; r++) fill(params, r * columns.length, start + r);
      await this.run(text, params);
    }
  }

  private postgresColumnTypes(table: string): Promise<Map<string, string>> {
    let types = POSTGRES_COLUMN_TYPES.get(table);
    if (types === undefined) {
      types = sql<{
        name: string;
        type: string;
      }>`SELECT column_name AS name, data_type AS type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ${table}`
        .execute(this.db)
        .then((r) => new Map(r.rows.map((c) => [c.name, c.type])));
      // A failed read is not remembered: the next update asks again.
      types.catch(() => POSTGRES_COLUMN_TYPES.delete(table));
      POSTGRES_COLUMN_TYPES.set(table, types);
    }
    return types;
  }

  /**
   * PostgreSQL: the rows as one JSON array per JSON_ROWS, turned into the table's row type by
   * json_populate_recordset (each value cast to its column's type): one short statement to parse
   * instead of one with 30,000 parameters per 3,000 rows, about twice as fast.
   */
  private async bulkFillJson(
    table: Table,
    columns: readonly string[],
    count: number,
    fill: (params: unknown[], at: number, i: number) => void,
    upsert: boolean,
  ): Promise<void> {
    const text = this.cachedSql(`json-insert:${table}:${columns.join(',')}:${upsert}`, () => {
      const cols = sql.join(columns.map((c) => sql.id(c)));
      const conflict = upsert
        ? sql` ON CONFLICT (gstin, key) DO UPDATE SET ${sql.join(
            columns
              .filter((c) => c !== 'gstin' && c !== 'key')
              .map((c) => sql`${sql.id(c)} = excluded.${sql.id(c)}`),
          )}`
        : sql``;
      return sql`INSERT INTO ${sql.table(table)} (${cols}) SELECT ${cols} FROM json_populate_recordset(NULL::${sql.table(table)}, ${''})${conflict}`.compile(
        this.db,
      ).sql;
    });
    const values = new Array<unknown>(columns.length);
    for (let start = 0; start < count; start += JSON_ROWS) {
      const rows: Record<string, unknown>[] = [];
      for (let i = start; i < Math.min(count, start + JSON_ROWS); i++) {
        fill(values, 0, i);
        const row: Record<string, unknown> = {};
        for (let c = 0; c < columns.length; c++) row[columns[c] as string] = values[c];
        rows.push(row);
      }
      await this.run(text, [JSON.stringify(rows)]);
    }
  }

  /**
   * Sets `columns` of existing records found by key; each row is [key, ...values in columns
   * order]. `record_docs` and `record_states` rows are found through their record. SQLite: one statement per
   * JSON_ROWS rows over a JSON array (no statement with tens of thousands of parameters to
   * compile); other databases: batches of VALUES rows.
   */
  async updateByKey(
    gstin: string,
    table: RecordTable,
    columns: readonly string[],
    rows: readonly (readonly unknown[])[],
  ): Promise<void> {
    if (rows.length === 0) return;
    if (this.sqliteJson) {
      for (let start = 0; start < rows.length; start += JSON_ROWS) {
        await this.run(this.updateByKeySql(table, columns, 'json'), [
          JSON.stringify(rows.slice(start, start + JSON_ROWS)),
          gstin,
        ]);
      }
      return;
    }
    if (this.#postgres) {
      for (let start = 0; start < rows.length; start += JSON_ROWS) {
        const batch = rows.slice(start, start + JSON_ROWS);
        const arrays = ['key', ...columns].map((_, c) => batch.map((r) => r[c]));
        const types = await this.postgresColumnTypes(table);
        const text = this.updateByKeySql(table, columns, 'unnest', (c) =>
          c === 'key' ? 'text' : (types.get(c) ?? 'text'),
        );
        await this.run(text, [...arrays, gstin]);
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
    table: RecordTable,
    columns: readonly string[],
    rows: number | 'json' | 'unnest',
    typeOf: (column: string) => string = () => 'text',
  ): string {
    return this.cachedSql(`update:${table}:${columns.join(',')}:${rows}`, () => {
      const v =
        rows === 'json'
          ? // MATERIALIZED: the JSON rows are read once, then each finds its record by key.
            sql`v AS MATERIALIZED (SELECT value ->> 0 AS key, ${sql.join(columns.map((c, i) => sql`value ->> ${sql.raw(String(i + 1))} AS ${sql.id(c)}`))} FROM json_each(${''}))`
          : rows === 'unnest'
            ? // One array per column, typed: PostgreSQL would read untyped VALUES as text.
              sql`v AS (SELECT * FROM unnest(${sql.join(['key', ...columns].map((c) => sql`CAST(${null} AS ${sql.raw(typeOf(c))}[])`))}) AS u(${sql.join(['key', ...columns].map((c) => sql.id(c)))}))`
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

  /** SQL text compiled once per connection and id, then reused with new parameters. */
  cachedSql(id: string, build: () => string): string {
    let text = this.#compiled.get(id);
    if (text === undefined) {
      text = build();
      this.#compiled.set(id, text);
    }
    return text;
  }

  /** Runs SQL text compiled by kysely: through the runner when there is one, else through kysely. */
  async run(text: string, params: readonly unknown[]): Promise<void> {
    const runner = this.options.runner;
    if (runner === undefined) {
      await this.db.executeQuery(CompiledQuery.raw(text, [...params]));
      return;
    }
    await this.holdingConnection(() => runner.run(text, params));
  }

  /** Rows as arrays of values in the statement's column order. */
  async rows(text: string, params: readonly unknown[]): Promise<unknown[][]> {
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
  async mapRows<T>(
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
