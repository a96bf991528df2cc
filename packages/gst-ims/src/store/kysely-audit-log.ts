import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Action, ItcReduction } from '../core/index.js';
import type { KyselySql } from './kysely-sql.js';
import { JSON_ROWS } from './kysely-sql.js';
import type { ImportsTable } from './schema.js';
import type { AuditEntry, ImportLogEntry } from './workspace-store.js';

/** The logs of what happened: the audit log of decisions, and the log of imports. */
export class KyselyAuditLog {
  constructor(private readonly q: KyselySql) {}

  private get db() {
    return this.q.db;
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
    const first = (await this.q.maxId('audit_events')) + 1;
    await this.q.bulkFill(
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
    if (this.q.sqliteJson) {
      const text = this.q.cachedSql(
        'audit-changes-json',
        () =>
          sql`INSERT INTO audit_changes (event_id, record_key, from_action) SELECT ${0}, value, ${''} FROM json_each(${''})`.compile(
            this.db,
          ).sql,
      );
      for (let start = 0; start < keys.length; start += JSON_ROWS)
        await this.q.run(text, [
          eventId,
          from,
          JSON.stringify(keys.slice(start, start + JSON_ROWS)),
        ]);
      return;
    }
    await this.q.bulkFill(
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
      eventId: r.event_id,
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
    return rows.map(importEntry);
  }

  async lastImport(gstin: string, kinds: readonly string[]): Promise<ImportLogEntry | undefined> {
    if (kinds.length === 0) return undefined;
    const row = await this.db
      .selectFrom('imports')
      .selectAll()
      .where('gstin', '=', gstin)
      .where('kind', 'in', kinds)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row && importEntry(row);
  }

  /** Audit entries as they read: an event's fields on each record it changed. */
  private auditQuery(gstin: string) {
    return this.db
      .selectFrom('audit_changes as c')
      .innerJoin('audit_events as e', 'e.id', 'c.event_id')
      .select([
        'c.id',
        'c.event_id',
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
}

function importEntry(r: Selectable<ImportsTable>): ImportLogEntry {
  return {
    id: r.id,
    gstin: r.gstin,
    kind: r.kind,
    file: r.file,
    at: r.at,
    user: r.user,
    summary: JSON.parse(r.summary) as unknown,
  };
}
