import { sql } from 'kysely';
import type { Decision, RecordState, WorkspaceRecord } from '../core/index.js';
import { loadOrder } from './kysely-record-reads.js';
import type { StoredRecords } from './kysely-record-reads.js';
import type { KyselySql } from './kysely-sql.js';
import type { StateColumns } from './record-rows.js';
import {
  PORTAL_COLUMNS,
  RECORD_COLUMNS,
  STATE_COLUMNS,
  decisionColumns,
  fillRecordValues,
  fillStateValues,
  packDoc,
  portalUpdateRow,
  stateValues,
} from './record-rows.js';

/** Records sharing a state from which the state is written once over their keys. */
const SHARED_STATE_MIN = 32;

/** Writing records: new ones, changed ones, their states and decisions. */
export class KyselyRecordWrites {
  constructor(
    private readonly q: KyselySql,
    private readonly stored: StoredRecords,
  ) {}

  async insertRecords(gstin: string, rows: readonly WorkspaceRecord[]): Promise<void> {
    if (rows.length === 0) return;
    // Ids are handed out here, not by the database, so that both rows of a record are written
    // in bulk; the transaction holds SQLite's write lock, and a clash would fail, not overwrite.
    const first = (await this.q.maxId('records', 'record_docs', 'record_states')) + 1;
    // Ids in load order: loads read the table in id order and then find it (nearly) sorted.
    const sorted = [...rows].sort(loadOrder);
    await this.q.bulkFill('records', ['id', ...RECORD_COLUMNS], sorted.length, (params, at, i) => {
      params[at] = first + i;
      fillRecordValues(params, at + 1, gstin, (sorted[i] as WorkspaceRecord).record);
    });
    await this.q.bulkFill(
      'record_states',
      ['id', ...STATE_COLUMNS],
      sorted.length,
      (params, at, i) => {
        params[at] = first + i;
        fillStateValues(params, at + 1, (sorted[i] as WorkspaceRecord).state);
      },
    );
    await this.q.bulkFill('record_docs', ['id', 'doc'], sorted.length, (params, at, i) => {
      params[at] = first + i;
      params[at + 1] = packDoc((sorted[i] as WorkspaceRecord).record);
    });
  }

  async updateRecords(gstin: string, rows: readonly WorkspaceRecord[]): Promise<void> {
    if (rows.length === 0) return;
    const stored = this.stored.get(gstin);
    const changed =
      stored === undefined ? rows : rows.filter((r) => stored.get(r.record.key) !== r.record);
    // Forgotten first: should a write fail, the rows are no longer known.
    for (const r of changed) stored?.delete(r.record.key);
    await this.q.updateByKey(
      gstin,
      'records',
      PORTAL_COLUMNS,
      changed.map(({ record: r }) => portalUpdateRow(r)),
    );
    await this.writeStates(
      gstin,
      rows.map((r) => ({ key: r.record.key, state: r.state })),
    );
    await this.q.updateByKey(
      gstin,
      'record_docs',
      ['doc'],
      changed.map((r) => [r.record.key, packDoc(r.record)]),
    );
    for (const r of changed) stored?.set(r.record.key, r.record);
  }

  async setDecision(gstin: string, keys: readonly string[], decision: Decision): Promise<void> {
    // Every decision bumps the records' versions in the same statement (migration 0010): the
    // multi-user server refuses a decision made on a version it no longer holds.
    await this.setStatesByKeys(gstin, keys, decisionColumns(decision), true);
  }

  async updateStates(
    gstin: string,
    rows: readonly { key: string; state: RecordState }[],
  ): Promise<void> {
    await this.writeStates(gstin, rows);
  }

  /** Sets the same state columns of every record in `keys`. */
  private async setStatesByKeys(
    gstin: string,
    keys: readonly string[],
    columns: Partial<StateColumns>,
    bumpVersion = false,
  ): Promise<void> {
    if (keys.length === 0) return;
    const db = this.q.db;
    const set = bumpVersion ? { ...columns, version: sql<number>`version + 1` } : columns;
    if (this.q.sqliteJson) {
      // One statement, the keys as one JSON array: no decisions repeated per row to bind or parse.
      // The records are found by key first (CROSS JOIN keeps SQLite walking the keys, not the
      // table), then updated by id: a fifth faster than `key IN (...)` on 90,000 keys.
      const ids = sql<number>`(SELECT r.id FROM json_each(${JSON.stringify(keys)}) j CROSS JOIN records r ON r.gstin = ${gstin} AND r.key = j.value)`;
      const q = db.updateTable('record_states').set(set).where('id', 'in', ids).compile();
      await this.q.run(q.sql, q.parameters);
      return;
    }
    if (this.q.postgres) {
      // One statement, the keys as one text array.
      const ids = sql<number>`(SELECT r.id FROM records r WHERE r.gstin = ${gstin} AND r.key = ANY(CAST(${[...keys]} AS text[])))`;
      const q = db.updateTable('record_states').set(set).where('id', 'in', ids).compile();
      await this.q.run(q.sql, q.parameters);
      return;
    }
    for (let i = 0; i < keys.length; i += 900) {
      const batch = keys.slice(i, i + 900);
      const q = db
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
      await this.q.run(q.sql, q.parameters);
    }
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
    await this.q.updateByKey(gstin, 'record_states', STATE_COLUMNS, single);
  }
}
