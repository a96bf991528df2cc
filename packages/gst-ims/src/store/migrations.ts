import type { Kysely, Migration } from 'kysely';
import { sql } from 'kysely';
import type { MatchResult, PortalRecord } from '../core/index.js';
import { twoBPeriod } from '../core/index.js';
import { isPostgres } from './postgres-dialect.js';
import { packDoc } from './record-rows.js';
import { matchOutcomeRows, unpackMatches } from './register-rows.js';

// Append-only: never edit a migration that has shipped; add a new one.
/** Migration 0014's indexes of `records` (gstin, column, key), as it shipped. */
const PAGE_INDEXES_0014 = [
  ['records_page_supplier', 'supplier_gstin'],
  ['records_page_date', 'doc_date'],
  ['records_page_value', 'value'],
] as const;
/** Migration 0016's index: a client's records of one GSTR-2B period (the practice view). */
const PRACTICE_INDEX_0016 = ['records_practice', ['gstin', 'two_b_period']] as const;

/**
 * The indexes of `records` beside its keys, name and columns: migration 0014's and 0016's. An
 * import into an empty workspace builds them once after its rows instead of with each row
 * (store/record-page-indexes.ts); a later migration that changes them must change this list
 * with them (a test compares the indexes an import leaves with a migrated workspace's).
 */
export const RECORD_PAGE_INDEXES: readonly (readonly [string, readonly string[]])[] = [
  ...PAGE_INDEXES_0014.map(([name, column]) => [name, ['gstin', column, 'key']] as const),
  PRACTICE_INDEX_0016,
];

export const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('gstins')
        .addColumn('gstin', 'text', (c) => c.primaryKey())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('records')
        .addColumn('gstin', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('section', 'text', (c) => c.notNull())
        .addColumn('supplier_gstin', 'text', (c) => c.notNull())
        .addColumn('doc_number', 'text', (c) => c.notNull())
        .addColumn('doc_date', 'text', (c) => c.notNull())
        .addColumn('value', 'integer', (c) => c.notNull())
        .addColumn('portal_action', 'text', (c) => c.notNull())
        .addColumn('portal', 'text', (c) => c.notNull())
        .addColumn('local_action', 'text', (c) => c.notNull())
        .addColumn('local_remark', 'text')
        .addColumn('local_itc_reduction', 'text')
        .addColumn('changed_by_supplier', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('gone', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('error_code', 'text')
        .addColumn('error_message', 'text')
        .addPrimaryKeyConstraint('records_pk', ['gstin', 'key'])
        .execute();
      await db.schema
        .createTable('audit_log')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('user', 'text', (c) => c.notNull())
        .addColumn('gstin', 'text', (c) => c.notNull())
        .addColumn('record_key', 'text', (c) => c.notNull())
        .addColumn('from_action', 'text', (c) => c.notNull())
        .addColumn('to_action', 'text', (c) => c.notNull())
        .addColumn('remark', 'text')
        .addColumn('itc_reduction', 'text')
        .addColumn('source', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('audit_record')
        .on('audit_log')
        .columns(['gstin', 'record_key'])
        .execute();
      // The audit log is append-only: the database itself refuses changes to written rows.
      if (isPostgres(db)) {
        await postgresAppendOnly(db, 'audit_log', 'audit_log is append-only');
      } else {
        await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(
          db,
        );
        await sql`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(
          db,
        );
      }
      await db.schema
        .createTable('imports')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('gstin', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('file', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('user', 'text', (c) => c.notNull())
        .addColumn('summary', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('exports')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('gstin', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('user', 'text', (c) => c.notNull())
        .addColumn('files', 'text', (c) => c.notNull())
        .addColumn('items', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('settings')
        .addColumn('gstin', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('settings_pk', ['gstin', 'name'])
        .execute();
    },
  },
  '0002-register': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('register_imports')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('gstin', 'text', (c) => c.notNull())
        .addColumn('file', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('period_from', 'text', (c) => c.notNull())
        .addColumn('period_to', 'text', (c) => c.notNull())
        .addColumn('documents', 'integer', (c) => c.notNull())
        .execute();
      // A register document is one JSON column (read and written whole, like a record's portal
      // description) beside the columns SQL filters and sorts on; see schema.ts.
      await db.schema
        .createTable('register_docs')
        .addColumn('gstin', 'text', (c) => c.notNull())
        .addColumn('ref', 'text', (c) => c.notNull())
        .addColumn('import_id', 'integer', (c) => c.notNull())
        .addColumn('supplier_gstin', 'text', (c) => c.notNull())
        .addColumn('doc_date', 'text', (c) => c.notNull())
        .addColumn('doc_number', 'text', (c) => c.notNull())
        .addColumn('doc', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('register_docs_pk', ['gstin', 'ref'])
        .execute();
      // loadRegister's order, read off the index instead of sorted per query; serves the period
      // range of a re-import too (gstin prefix).
      await db.schema
        .createIndex('register_docs_order')
        .on('register_docs')
        .columns(['gstin', 'supplier_gstin', 'doc_date', 'doc_number', 'ref'])
        .execute();
      // A run of the matcher replaces all results of a GSTIN and they are read back whole: they
      // are kept as chunks of results in engine order, not as a row each.
      await db.schema
        .createTable('match_results')
        .addColumn('gstin', 'text', (c) => c.notNull())
        .addColumn('chunk', 'integer', (c) => c.notNull())
        .addColumn('results', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('match_results_pk', ['gstin', 'chunk'])
        .execute();
      // loadRecords' order (section, supplier, date, number) read off an index instead of a
      // sort of every record per call. Part of 0002 because 0002 had not shipped when it was
      // added; 0001 stays as shipped.
      await db.schema
        .createIndex('records_order')
        .on('records')
        .columns(['gstin', 'section', 'supplier_gstin', 'doc_date', 'doc_number'])
        .execute();
      await db.schema
        .createTable('manual_links')
        .addColumn('gstin', 'text', (c) => c.notNull())
        .addColumn('record_key', 'text', (c) => c.notNull())
        .addColumn('register_ref', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('user', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('manual_links_pk', ['gstin', 'record_key', 'register_ref'])
        .execute();
    },
  },
  '0003-record-docs': {
    // `records` loses its portal JSON column to `record_docs` (packed, see record-rows.ts) and
    // gains an integer id shared by both: decisions then rewrite short rows only, and a workspace
    // is about half the size. SQLite cannot drop a primary key, so the table is rebuilt.
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('records_v3')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('gstin', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('section', 'text', (c) => c.notNull())
        .addColumn('supplier_gstin', 'text', (c) => c.notNull())
        .addColumn('doc_number', 'text', (c) => c.notNull())
        .addColumn('doc_date', 'text', (c) => c.notNull())
        .addColumn('value', 'integer', (c) => c.notNull())
        .addColumn('portal_action', 'text', (c) => c.notNull())
        .addColumn('local_action', 'text', (c) => c.notNull())
        .addColumn('local_remark', 'text')
        .addColumn('local_itc_reduction', 'text')
        .addColumn('changed_by_supplier', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('gone', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('error_code', 'text')
        .addColumn('error_message', 'text')
        .addUniqueConstraint('records_key', ['gstin', 'key'])
        .execute();
      await db.schema
        .createTable('record_docs')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('doc', 'text', (c) => c.notNull())
        .execute();
      const cols = sql.join(
        [
          'gstin',
          'key',
          'section',
          'supplier_gstin',
          'doc_number',
          'doc_date',
          'value',
          'portal_action',
          'local_action',
          'local_remark',
          'local_itc_reduction',
          'changed_by_supplier',
          'gone',
          'error_code',
          'error_message',
        ].map((c) => sql.id(c)),
      );
      await sql`INSERT INTO records_v3 (id, ${cols}) SELECT ROW_NUMBER() OVER (ORDER BY gstin, section, supplier_gstin, doc_date, doc_number, key), ${cols} FROM records`.execute(
        db,
      );
      const chunk = 5000;
      for (let after = 0; ;) {
        const { rows } = await sql<{
          id: number;
          portal: string;
        }>`SELECT n.id AS id, o.portal AS portal FROM records_v3 n JOIN records o ON o.gstin = n.gstin AND o.key = n.key WHERE n.id > ${after} ORDER BY n.id LIMIT ${chunk}`.execute(
          db,
        );
        if (rows.length === 0) break;
        const values = rows.map(
          (r) => sql`(${r.id}, ${packDoc(JSON.parse(r.portal) as PortalRecord)})`,
        );
        await sql`INSERT INTO record_docs (id, doc) VALUES ${sql.join(values)}`.execute(db);
        after = (rows[rows.length - 1] as { id: number }).id;
      }
      // The old table's records_order index goes with it: loads now read the table in id order,
      // and ids follow that order (numbered so above, handed out so by the store).
      await db.schema.dropTable('records').execute();
      await db.schema.alterTable('records_v3').renameTo('records').execute();
    },
  },
  '0004-audit-events': {
    // The audit log as events (who, when, from where, to which decision) and the records each
    // changed (key, and the action it had). A bulk action is one event and one short row per
    // record, instead of every row repeating the time, user, GSTIN, source and decision: accepting
    // 90,000 records wrote 90,000 nine-column rows and their index entries, ~0.4 s of a 2 s
    // accept-and-export. Old rows move over unchanged, one event each, keeping their ids (an
    // entry's id is its change row's id), so history reads exactly as before.
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('audit_events')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('user', 'text', (c) => c.notNull())
        .addColumn('gstin', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('to_action', 'text', (c) => c.notNull())
        .addColumn('remark', 'text')
        .addColumn('itc_reduction', 'text')
        .execute();
      await db.schema
        .createTable('audit_changes')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('event_id', 'integer', (c) => c.notNull().references('audit_events.id'))
        .addColumn('record_key', 'text', (c) => c.notNull())
        .addColumn('from_action', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('audit_changes_record')
        .on('audit_changes')
        .column('record_key')
        .execute();
      if (isPostgres(db)) {
        // `user` is a reserved word there (the session's user), a column only when quoted.
        await sql`INSERT INTO audit_events (id, at, "user", gstin, source, to_action, remark, itc_reduction)
          SELECT id, at, "user", gstin, source, to_action, remark, itc_reduction FROM audit_log`.execute(
          db,
        );
      } else {
        await sql`INSERT INTO audit_events (id, at, user, gstin, source, to_action, remark, itc_reduction)
        SELECT id, at, user, gstin, source, to_action, remark, itc_reduction FROM audit_log`.execute(
          db,
        );
      }
      await sql`INSERT INTO audit_changes (id, event_id, record_key, from_action) SELECT id, id, record_key, from_action FROM audit_log`.execute(
        db,
      );
      // Dropping the table is not a DELETE: its append-only triggers go with it, its rows are above.
      await db.schema.dropTable('audit_log').execute();
      for (const table of ['audit_events', 'audit_changes']) {
        if (isPostgres(db)) {
          await postgresAppendOnly(db, table, 'the audit log is append-only');
          continue;
        }
        await sql`CREATE TRIGGER ${sql.id(`${table}_no_update`)} BEFORE UPDATE ON ${sql.id(table)} BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END`.execute(
          db,
        );
        await sql`CREATE TRIGGER ${sql.id(`${table}_no_delete`)} BEFORE DELETE ON ${sql.id(table)} BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END`.execute(
          db,
        );
      }
    },
  },
  '0005-record-states': {
    // The workspace's state of a record (decision, flags, portal error) moves from `records` to
    // `record_states`, one row per record with the same id: a bulk decision then rewrites rows of
    // a few bytes instead of the record's whole row (90,000 decisions: ~0.1 s less, and a WAL a
    // tenth the size). `records` keeps the portal's columns; SQLite cannot drop the columns of a
    // table with a UNIQUE constraint cheaply, so it is rebuilt, ids unchanged.
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('record_states')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('local_action', 'text', (c) => c.notNull())
        .addColumn('local_remark', 'text')
        .addColumn('local_itc_reduction', 'text')
        .addColumn('changed_by_supplier', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('gone', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('error_code', 'text')
        .addColumn('error_message', 'text')
        .execute();
      await sql`INSERT INTO record_states (id, local_action, local_remark, local_itc_reduction, changed_by_supplier, gone, error_code, error_message)
        SELECT id, local_action, local_remark, local_itc_reduction, changed_by_supplier, gone, error_code, error_message FROM records`.execute(
        db,
      );
      // PostgreSQL names a constraint's index schema-wide: the old table's `records_key` moves
      // aside for the new one's (SQLite's goes with its table).
      if (isPostgres(db))
        await sql`ALTER TABLE records RENAME CONSTRAINT records_key TO records_key_v3`.execute(db);
      await db.schema
        .createTable('records_v5')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('gstin', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('section', 'text', (c) => c.notNull())
        .addColumn('supplier_gstin', 'text', (c) => c.notNull())
        .addColumn('doc_number', 'text', (c) => c.notNull())
        .addColumn('doc_date', 'text', (c) => c.notNull())
        .addColumn('value', 'integer', (c) => c.notNull())
        .addColumn('portal_action', 'text', (c) => c.notNull())
        .addUniqueConstraint('records_key', ['gstin', 'key'])
        .execute();
      await sql`INSERT INTO records_v5 (id, gstin, key, section, supplier_gstin, doc_number, doc_date, value, portal_action)
        SELECT id, gstin, key, section, supplier_gstin, doc_number, doc_date, value, portal_action FROM records ORDER BY id`.execute(
        db,
      );
      await db.schema.dropTable('records').execute();
      await db.schema.alterTable('records_v5').renameTo('records').execute();
    },
  },
  '0006-upload-files': {
    // Each file of an export with its records and sha256, so that the portal's answer to one file
    // confirms only that file's records (an answer to the first of three split files used to
    // confirm all three), and so that `status` can say which files still wait for an answer.
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('upload_files')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('export_id', 'integer', (c) => c.notNull().references('exports.id'))
        .addColumn('gstin', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('reqtyp', 'text', (c) => c.notNull())
        .addColumn('bytes', 'integer', (c) => c.notNull())
        .addColumn('records', 'integer', (c) => c.notNull())
        .addColumn('items', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('unanswered'))
        .addColumn('answered_at', 'text')
        .addColumn('answer_file', 'text')
        .addColumn('failed', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .createIndex('upload_files_gstin')
        .on('upload_files')
        .columns(['gstin', 'id'])
        .execute();
    },
  },
  '0007-returns': {
    // The GSTR-2B and GSTR-3B of each period, per GSTIN (issue 12): the parsed return as JSON,
    // one row per GSTIN, kind and period; a re-import of the same return replaces its row.
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('returns')
        .addColumn('gstin', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('import_id', 'integer', (c) => c.notNull())
        .addColumn('files', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('returns_pk', ['gstin', 'kind', 'period'])
        .execute();
    },
  },
  '0008-saved-views': {
    // The Records page's views saved by name (filters, columns, tab, search), per GSTIN and
    // user: the view is the web app's JSON, kept as text and read back whole.
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('saved_views')
        .addColumn('gstin', 'text', (c) => c.notNull())
        .addColumn('user', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('view', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('saved_views_pk', ['gstin', 'user', 'name'])
        .execute();
    },
  },
  '0009-outward': {
    // The supplier view (issue 17): per GSTIN, return period and part (the GSTR-1 documents, the
    // GSTR-1A ones, the added-back liabilities) the parsed entries as JSON, keyed by the
    // customer's GSTIN; and the import that last replaced each part of a period.
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('outward_entries')
        .addColumn('gstin', 'text', (c) => c.notNull())
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('part', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('customer_gstin', 'text', (c) => c.notNull())
        .addColumn('entry', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('outward_entries_pk', ['gstin', 'period', 'part', 'key'])
        .execute();
      await db.schema
        .createIndex('outward_entries_customer')
        .on('outward_entries')
        .columns(['gstin', 'customer_gstin'])
        .execute();
      await db.schema
        .createTable('outward_imports')
        .addColumn('gstin', 'text', (c) => c.notNull())
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('part', 'text', (c) => c.notNull())
        .addColumn('import_id', 'integer', (c) => c.notNull())
        .addColumn('file', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('entries', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('outward_imports_pk', ['gstin', 'period', 'part'])
        .execute();
    },
  },
  '0010-accounts': {
    // The practice server (issue 16, people): accounts with a role, the client GSTINs each may
    // see, login sessions (only a hash of each session id: a copy of the database opens no
    // session), and a version per record that every decision bumps, so a decision made on a
    // stale view is refused instead of overwriting another person's (decision 0037).
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('users')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('user_gstins')
        .addColumn('user_name', 'text', (c) => c.notNull().references('users.name'))
        .addColumn('gstin', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('user_gstins_pk', ['user_name', 'gstin'])
        .execute();
      await db.schema
        .createTable('sessions')
        .addColumn('id_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_name', 'text', (c) => c.notNull().references('users.name'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sessions_user').on('sessions').column('user_name').execute();
      await db.schema
        .alterTable('record_states')
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  },
  '0011-approvals': {
    // Approval before upload (issue 16): the version of each record a reviewer approved, by
    // whom and when. A record whose version moved past it holds a decision nobody approved yet.
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('record_approvals')
        .addColumn('gstin', 'text', (c) => c.notNull())
        .addColumn('record_key', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('approved_by', 'text', (c) => c.notNull())
        .addColumn('approved_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('record_approvals_pk', ['gstin', 'record_key'])
        .execute();
      await db.schema
        .createIndex('record_approvals_at')
        .on('record_approvals')
        .columns(['gstin', 'approved_at'])
        .execute();
    },
  },
  '0012-assignments': {
    // Assignment (issue 16): each share of a client's period given to a person, one row per
    // supplier, section or saved view, so that one can be taken back alone and a share is
    // written by many at once without rewriting the period's whole split. The split was one JSON
    // setting per period (`assignments.MMYYYY`); its shares move here, and the settings go.
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('assignments')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('gstin', 'text', (c) => c.notNull())
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('assignee', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('view_owner', 'text')
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('assignments_period')
        .on('assignments')
        .columns(['gstin', 'period'])
        .execute();
      await moveSettingAssignments(db);
    },
  },
  '0013-audit-changes-event-index': {
    // The History page counts each listed action's records (audit_changes by event_id), and undo
    // reads an action's changes by event_id: without an index both scan every change row of the
    // workspace, millions after a few months of bulk decisions.
    async up(db: Kysely<unknown>) {
      await db.schema
        .createIndex('audit_changes_event')
        .on('audit_changes')
        .column('event_id')
        .execute();
    },
  },
  '0014-record-page-indexes': {
    // The Records grid's pages (issue 18, kysely-record-pages.ts): a supplier's records, and the
    // grid's most used sorts (date, value), found and ordered by index instead of a sort of the
    // GSTIN's every record; the key last, as the pages break ties on it. The other sorts and the
    // views (on record_states) sort what the filter left.
    async up(db: Kysely<unknown>) {
      for (const [name, column] of PAGE_INDEXES_0014)
        await db.schema.createIndex(name).on('records').columns(['gstin', column, 'key']).execute();
    },
  },
  '0015-record-page-reads': {
    // A page of the Records grid reads what its rows need, not the whole client (issue 16,
    // decision 0048):
    // - the supplier's name, which the grid's search looks in, becomes a column of `records`
    //   (it was read out of every record's packed description, JSON parsed per row);
    // - the outcome of each record's last match gets a row per record in `match_outcomes`,
    //   beside the run's packed results, so that a page reads its own rows' outcomes by key
    //   instead of unpacking the whole run (which a server's read cache lost at every write).
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('records').addColumn('supplier_name', 'text').execute();
      if (isPostgres(db))
        await sql`UPDATE records r SET supplier_name = d.doc::json ->> 3 FROM record_docs d WHERE d.id = r.id`.execute(
          db,
        );
      else
        await sql`UPDATE records SET supplier_name = (SELECT json_extract(d.doc, '$[3]') FROM record_docs d WHERE d.id = records.id)`.execute(
          db,
        );
      await db.schema
        .createTable('match_outcomes')
        .addColumn('gstin', 'text', (c) => c.notNull())
        .addColumn('record_key', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('match_outcomes_pk', ['gstin', 'record_key'])
        .execute();
      const { rows: gstins } = await sql<{
        gstin: string;
      }>`SELECT DISTINCT gstin FROM match_results ORDER BY gstin`.execute(db);
      for (const { gstin } of gstins) {
        const { rows } = await sql<{
          results: string;
        }>`SELECT results FROM match_results WHERE gstin = ${gstin} ORDER BY chunk`.execute(db);
        const results: MatchResult[] = [];
        for (const r of rows) unpackMatches(r.results, results);
        const outcomes = matchOutcomeRows(results);
        for (let i = 0; i < outcomes.length; i += 300)
          await sql`INSERT INTO match_outcomes (gstin, record_key, outcome) VALUES ${sql.join(
            outcomes.slice(i, i + 300).map(([key, outcome]) => sql`(${gstin}, ${key}, ${outcome})`),
          )}`.execute(db);
      }
    },
  },
  '0016-practice-columns': {
    // The practice view's counts and the grid's waiting view in SQL (issue 16, decision 0053):
    // `records` gains copies of what they read out of every record's packed description (JSON
    // parsed per row: 11-22 s of CPU per practice view at 10 x 100,000 records): the record's
    // GSTR-2B period, and the portal's remark and declaration. The index finds a client's
    // records of one period; the counts then read their short rows and states only.
    async up(db: Kysely<unknown>) {
      for (const column of ['two_b_period', 'portal_remark', 'portal_itc_reduction'])
        await db.schema.alterTable('records').addColumn(column, 'text').execute();
      // The remark and declaration as the description holds them (the declaration as JSON text,
      // which both databases give for an object; null for JSON null).
      if (isPostgres(db))
        await sql`UPDATE records r SET portal_remark = d.doc::json ->> 23, portal_itc_reduction = d.doc::json ->> 24 FROM record_docs d WHERE d.id = r.id`.execute(
          db,
        );
      else
        await sql`UPDATE records SET (portal_remark, portal_itc_reduction) = (SELECT json_extract(d.doc, '$[23]'), json_extract(d.doc, '$[24]') FROM record_docs d WHERE d.id = records.id)`.execute(
          db,
        );
      await fillTwoBPeriods(db);
      const [name, columns] = PRACTICE_INDEX_0016;
      await db.schema
        .createIndex(name)
        .on('records')
        .columns([...columns])
        .execute();
    },
  },
};

/**
 * Migration 0016's `two_b_period` of every record, worked out by core's twoBPeriod (the one
 * definition: a GSTR-1A record falls in the next period) from the return period and source
 * form of its description, a page of records at a time, written per period over the page's ids.
 */
async function fillTwoBPeriods(db: Kysely<unknown>): Promise<void> {
  const doc = (i: number) =>
    isPostgres(db)
      ? sql<string | null>`(d.doc::json ->> ${sql.lit(i)})`
      : sql<string | null>`json_extract(d.doc, ${sql.lit(`$[${i}]`)})`;
  const PAGE = 10_000;
  const ID_LIST = 900;
  for (let after = 0; ;) {
    const { rows } = await sql<{
      id: number | string;
      return_period: string | null;
      src_form: string | null;
    }>`SELECT r.id, ${doc(10)} AS return_period, ${doc(9)} AS src_form FROM records r JOIN record_docs d ON d.id = r.id WHERE r.id > ${after} ORDER BY r.id LIMIT ${PAGE}`.execute(
      db,
    );
    if (rows.length === 0) return;
    const byPeriod = new Map<string, number[]>();
    for (const row of rows) {
      // twoBPeriod reads only these two fields of the record.
      const period = twoBPeriod({
        returnPeriod: row.return_period,
        srcForm: row.src_form,
      } as PortalRecord);
      if (period === null) continue;
      const ids = byPeriod.get(period);
      if (ids === undefined) byPeriod.set(period, [Number(row.id)]);
      else ids.push(Number(row.id));
    }
    for (const [period, ids] of byPeriod)
      for (let i = 0; i < ids.length; i += ID_LIST)
        await sql`UPDATE records SET two_b_period = ${period} WHERE id IN (${sql.join(ids.slice(i, i + ID_LIST))})`.execute(
          db,
        );
    after = Number(rows[rows.length - 1]!.id);
  }
}

/** One person's share of a period as the settings held it before migration 0012. */
interface SettingAssignment {
  readonly user?: unknown;
  readonly suppliers?: unknown;
  readonly sections?: unknown;
  readonly by?: unknown;
  readonly at?: unknown;
}

/** The shares kept as `assignments.MMYYYY` settings, as rows of the assignments table. */
async function moveSettingAssignments(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{
    gstin: string;
    name: string;
    value: string;
  }>`SELECT gstin, name, value FROM settings WHERE name LIKE 'assignments.%' ORDER BY gstin, name`.execute(
    db,
  );
  const strings = (v: unknown): string[] =>
    Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  for (const row of rows) {
    const period = row.name.slice('assignments.'.length);
    let shares: SettingAssignment[];
    try {
      const parsed: unknown = JSON.parse(row.value);
      shares = Array.isArray(parsed) ? (parsed as SettingAssignment[]) : [];
    } catch {
      // A setting nobody could read gave no one a share; it is kept as it was.
      continue;
    }
    let unreadable = false;
    for (const a of shares) {
      if (typeof a.user !== 'string') {
        unreadable = true;
        continue;
      }
      const by = typeof a.by === 'string' ? a.by : a.user;
      const at = typeof a.at === 'string' ? a.at : '';
      const parts = [
        ...strings(a.suppliers).map((v) => ['supplier', v] as const),
        ...strings(a.sections).map((v) => ['section', v] as const),
      ];
      for (const [kind, value] of parts)
        await sql`INSERT INTO assignments (gstin, period, assignee, kind, value, view_owner, created_by, created_at)
          VALUES (${row.gstin}, ${period}, ${a.user}, ${kind}, ${value}, ${null}, ${by}, ${at})`.execute(
          db,
        );
    }
    // A share that named no one stays in its setting, where it was, rather than vanish.
    if (!unreadable)
      await sql`DELETE FROM settings WHERE gstin = ${row.gstin} AND name = ${row.name}`.execute(db);
  }
}

/**
 * PostgreSQL's form of the append-only triggers above: a row trigger refuses UPDATE and DELETE
 * with the same message, and a statement trigger refuses TRUNCATE (which SQLite does not have
 * and which would skip row triggers).
 */
async function postgresAppendOnly(db: Kysely<unknown>, table: string, message: string) {
  await sql`CREATE OR REPLACE FUNCTION gst_ims_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '%', TG_ARGV[0]; END $$`.execute(
    db,
  );
  for (const [what, scope] of [
    ['update', 'ROW'],
    ['delete', 'ROW'],
    ['truncate', 'STATEMENT'],
  ] as const) {
    await sql`CREATE TRIGGER ${sql.id(`${table}_no_${what}`)} BEFORE ${sql.raw(what.toUpperCase())} ON ${sql.id(table)} FOR EACH ${sql.raw(scope)} EXECUTE FUNCTION gst_ims_append_only(${sql.lit(message)})`.execute(
      db,
    );
  }
}
