import type { Kysely } from 'kysely';
import type {
  Decision,
  IsoDate,
  MatchOutcome,
  MatchResult,
  RecordOutline,
  RecordState,
  RegisterDocument,
  WorkspaceRecord,
} from '../core/index.js';
import { KyselyAuditEvents } from './kysely-audit-events.js';
import { KyselyAuditLog } from './kysely-audit-log.js';
import { KyselyRecordPages } from './kysely-record-pages.js';
import { KyselyPracticeCounts } from './kysely-practice-counts.js';
import { KyselyRecordStatus } from './kysely-record-status.js';
import { KyselyRecordReads } from './kysely-record-reads.js';
import type { StoredRecords } from './kysely-record-reads.js';
import { KyselyRecordWrites } from './kysely-record-writes.js';
import { createPageIndexes, dropPageIndexesForImport } from './record-page-indexes.js';
import { KyselyRegister } from './kysely-register.js';
import { KyselyReturns } from './kysely-returns.js';
import { KyselyOutward } from './kysely-outward.js';
import { KyselyAccounts } from './kysely-accounts.js';
import { KyselyApprovals } from './kysely-approvals.js';
import { KyselyAssignments } from './kysely-assignments.js';
import { KyselySavedViews } from './kysely-saved-views.js';
import type { KyselyStoreOptions } from './kysely-sql.js';
import { KyselySql } from './kysely-sql.js';
import { KyselyUploadFiles } from './kysely-upload-files.js';
import type { Database } from './schema.js';
import type {
  AuditEntry,
  AuditEventInfo,
  ExportItem,
  ExportLogEntry,
  GstinInfo,
  ImportLogEntry,
  ManualLinkEntry,
  RegisterImportEntry,
  RegisterReplacement,
  RegisterImportInfo,
  RegisterIndex,
  RecordIndex,
  ReturnKind,
  SavedView,
  StoredReturn,
  UploadFileEntry,
  UploadFileInfo,
  UploadFileStatus,
  UploadPlanRow,
  WorkspaceStore,
} from './workspace-store.js';

export type { KyselyStoreOptions, SqlRunner } from './kysely-sql.js';

/**
 * The store over any kysely dialect: the workspace's GSTINs, settings, transactions and
 * lifetime here; each other part of the store interface in a file of its own (record reads and
 * writes, the audit and import logs, upload files, returns, the purchase register), all over
 * one KyselySql, which holds the connection and the bulk paths.
 */
export class KyselyStore implements WorkspaceStore {
  readonly #reads: KyselyRecordReads;
  readonly #writes: KyselyRecordWrites;
  readonly #audit: KyselyAuditLog;
  readonly #uploads: KyselyUploadFiles;
  readonly #returns: KyselyReturns;
  readonly #register: KyselyRegister;
  readonly #events: KyselyAuditEvents;
  readonly #views: KyselySavedViews;
  readonly #outward: KyselyOutward;
  readonly #accounts: KyselyAccounts;
  readonly #approvals: KyselyApprovals;
  readonly #practice: KyselyPracticeCounts;
  readonly #status: KyselyRecordStatus;
  readonly #assignments: KyselyAssignments;
  readonly #pages: KyselyRecordPages;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly onClose: () => Promise<void> = async () => {},
    private readonly options: KyselyStoreOptions = {},
  ) {
    const q = new KyselySql(db, options);
    // Shared by reads and writes: what the rows of records loaded in this transaction hold.
    const stored: StoredRecords = new Map();
    this.#reads = new KyselyRecordReads(q, stored);
    this.#writes = new KyselyRecordWrites(q, stored);
    this.#audit = new KyselyAuditLog(q);
    this.#uploads = new KyselyUploadFiles(q);
    this.#returns = new KyselyReturns(q);
    this.#register = new KyselyRegister(q);
    this.#events = new KyselyAuditEvents(db);
    this.#views = new KyselySavedViews(db);
    this.#outward = new KyselyOutward(db);
    this.#accounts = new KyselyAccounts(db);
    this.#approvals = new KyselyApprovals(db);
    this.#practice = new KyselyPracticeCounts(q);
    this.#status = new KyselyRecordStatus(q);
    this.#assignments = new KyselyAssignments(db);
    this.#pages = new KyselyRecordPages(q);
  }

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

  async gstinIds(): Promise<string[]> {
    const rows = await this.db.selectFrom('gstins').select('gstin').orderBy('gstin').execute();
    return rows.map((r) => r.gstin);
  }

  async ensureGstin(gstin: string, at: string): Promise<void> {
    await this.db
      .insertInto('gstins')
      .values({ gstin, created_at: at })
      .onConflict((oc) => oc.column('gstin').doNothing())
      .execute();
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

  // Records (kysely-record-reads.ts, kysely-record-writes.ts).

  loadRecords(gstin: string, opts?: { readonly remember?: boolean }): Promise<WorkspaceRecord[]> {
    return this.#reads.loadRecords(gstin, opts);
  }

  loadUploadCandidates(gstin: string): Promise<WorkspaceRecord[]> {
    return this.#reads.loadUploadCandidates(gstin);
  }

  loadRecordOutlines(gstin: string): Promise<RecordOutline[]> {
    return this.#reads.loadRecordOutlines(gstin);
  }

  loadRecordsByKeys(
    gstin: string,
    keys: readonly string[],
    opts?: { readonly remember?: boolean },
  ): Promise<WorkspaceRecord[]> {
    return this.#reads.loadRecordsByKeys(gstin, keys, opts);
  }

  loadUploadCandidatePage(
    gstin: string,
    afterId: number,
    limit: number,
  ): Promise<{ records: WorkspaceRecord[]; lastId: number | null }> {
    return this.#reads.loadUploadCandidatePage(gstin, afterId, limit);
  }

  loadRecordOutlinePage(
    gstin: string,
    afterId: number,
    limit: number,
    throughId?: number,
  ): Promise<{ outlines: RecordOutline[]; lastId: number | null }> {
    return this.#reads.loadRecordOutlinePage(gstin, afterId, limit, throughId);
  }

  lastRecordId(): Promise<number> {
    return this.#reads.lastRecordId();
  }

  dropPageIndexesForImport(adding: number): Promise<boolean> {
    return dropPageIndexesForImport(this.db, adding);
  }

  buildPageIndexes(): Promise<void> {
    return createPageIndexes(this.db);
  }

  loadUploadPlanRows(gstin: string): Promise<UploadPlanRow[]> {
    return this.#reads.loadUploadPlanRows(gstin);
  }

  insertRecords(gstin: string, rows: readonly WorkspaceRecord[]): Promise<void> {
    return this.#writes.insertRecords(gstin, rows);
  }

  updateRecords(gstin: string, rows: readonly WorkspaceRecord[]): Promise<void> {
    return this.#writes.updateRecords(gstin, rows);
  }

  setDecision(gstin: string, keys: readonly string[], decision: Decision): Promise<void> {
    return this.#writes.setDecision(gstin, keys, decision);
  }

  updateStates(gstin: string, rows: readonly { key: string; state: RecordState }[]): Promise<void> {
    return this.#writes.updateStates(gstin, rows);
  }

  // Audit and import logs (kysely-audit-log.ts).

  appendAudit(entries: readonly AuditEntry[]): Promise<void> {
    return this.#audit.appendAudit(entries);
  }

  auditFor(gstin: string, recordKeys: readonly string[] | null): Promise<AuditEntry[]> {
    return this.#audit.auditFor(gstin, recordKeys);
  }

  lastAuditSources(gstin: string): Promise<Map<string, string>> {
    return this.#audit.lastAuditSources(gstin);
  }

  // The audit log as events (kysely-audit-events.ts): undo and the History page.

  listAuditEvents(
    gstin: string,
    opts: { limit: number; beforeId?: number | undefined; counts?: boolean | undefined },
  ): Promise<AuditEventInfo[]> {
    return this.#events.listAuditEvents(gstin, opts);
  }

  auditEventGroup(gstin: string, eventId: number): Promise<AuditEventInfo[]> {
    return this.#events.auditEventGroup(gstin, eventId);
  }

  auditAroundEvents(gstin: string, eventIds: readonly number[]): Promise<AuditEntry[]> {
    return this.#events.auditAroundEvents(gstin, eventIds);
  }

  // Saved views of the Records page (kysely-saved-views.ts).

  listSavedViews(gstin: string, user: string): Promise<SavedView[]> {
    return this.#views.listSavedViews(gstin, user);
  }

  saveView(gstin: string, user: string, view: SavedView): Promise<void> {
    return this.#views.saveView(gstin, user, view);
  }

  deleteSavedView(gstin: string, user: string, name: string): Promise<boolean> {
    return this.#views.deleteSavedView(gstin, user, name);
  }

  logImport(entry: ImportLogEntry): Promise<number> {
    return this.#audit.logImport(entry);
  }

  listImports(gstin: string): Promise<ImportLogEntry[]> {
    return this.#audit.listImports(gstin);
  }
  lastImport(gstin: string, kinds: readonly string[]): Promise<ImportLogEntry | undefined> {
    return this.#audit.lastImport(gstin, kinds);
  }

  // Exports and upload files (kysely-upload-files.ts).

  logExport(
    gstin: string,
    at: string,
    user: string,
    files: readonly string[],
    items: readonly ExportItem[],
    uploadFiles: readonly UploadFileEntry[] = [],
  ): Promise<number> {
    return this.#uploads.logExport(gstin, at, user, files, items, uploadFiles);
  }

  listUploadFiles(gstin: string): Promise<UploadFileInfo[]> {
    return this.#uploads.listUploadFiles(gstin);
  }

  uploadFileItems(id: number): Promise<ExportItem[]> {
    return this.#uploads.uploadFileItems(id);
  }

  setUploadFileAnswer(
    id: number,
    answer: { status: UploadFileStatus; at: string; file: string; failed: number },
  ): Promise<void> {
    return this.#uploads.setUploadFileAnswer(id, answer);
  }

  lastExport(gstin: string): Promise<{ entry: ExportLogEntry; items: ExportItem[] } | null> {
    return this.#uploads.lastExport(gstin);
  }

  // GSTR-2B and GSTR-3B returns (kysely-returns.ts).

  saveReturn(gstin: string, e: StoredReturn): Promise<void> {
    return this.#returns.saveReturn(gstin, e);
  }

  loadReturn(gstin: string, kind: ReturnKind, period: string): Promise<StoredReturn | null> {
    return this.#returns.loadReturn(gstin, kind, period);
  }

  listReturns(gstin: string): Promise<Omit<StoredReturn, 'data'>[]> {
    return this.#returns.listReturns(gstin);
  }

  // Purchase register and reconciliation (kysely-register.ts).

  registerForReplacement(
    gstin: string,
    periodFrom: IsoDate,
    periodTo: IsoDate,
    refs: readonly string[],
  ): Promise<RegisterReplacement> {
    return this.#register.registerForReplacement(gstin, periodFrom, periodTo, refs);
  }

  replaceRegister(
    gstin: string,
    docs: Iterable<RegisterDocument> & { readonly length: number },
    periodFrom: IsoDate,
    periodTo: IsoDate,
    entry: RegisterImportEntry,
  ): Promise<{ removed: number }> {
    return this.#register.replaceRegister(gstin, docs, periodFrom, periodTo, entry);
  }

  loadRegister(gstin: string): Promise<RegisterDocument[]> {
    return this.#register.loadRegister(gstin);
  }

  loadRegisterIndex(gstin: string): Promise<RegisterIndex> {
    return this.#register.loadRegisterIndex(gstin);
  }

  loadRegisterOfSuppliers(
    gstin: string,
    supplierGstins: readonly string[],
  ): Promise<RegisterDocument[]> {
    return this.#register.loadRegisterOfSuppliers(gstin, supplierGstins);
  }

  loadRegisterByRefs(gstin: string, refs: readonly string[]): Promise<RegisterDocument[]> {
    return this.#register.loadRegisterByRefs(gstin, refs);
  }

  loadRecordIndex(gstin: string): Promise<RecordIndex> {
    return this.#reads.loadRecordIndex(gstin);
  }

  loadRecordsByIds(gstin: string, ids: readonly number[]): Promise<WorkspaceRecord[]> {
    return this.#reads.loadRecordsByIds(gstin, ids);
  }

  listRegisterRefs(gstin: string): Promise<{ ref: string; docDate: IsoDate }[]> {
    return this.#register.listRegisterRefs(gstin);
  }

  listRegisterImports(gstin: string): Promise<RegisterImportInfo[]> {
    return this.#register.listRegisterImports(gstin);
  }

  saveMatches(gstin: string, results: readonly MatchResult[]): Promise<void> {
    return this.#register.saveMatches(gstin, results);
  }

  saveMatchesFrom(
    gstin: string,
    parts: AsyncIterable<readonly MatchResult[]> | Iterable<readonly MatchResult[]>,
  ): Promise<number> {
    return this.#register.saveMatchesFrom(gstin, parts);
  }

  loadMatches(gstin: string): Promise<MatchResult[]> {
    return this.#register.loadMatches(gstin);
  }

  matchOutcomes(gstin: string, keys: readonly string[]): Promise<Map<string, MatchOutcome>> {
    return this.#register.matchOutcomes(gstin, keys);
  }

  addManualLink(gstin: string, link: ManualLinkEntry): Promise<void> {
    return this.#register.addManualLink(gstin, link);
  }

  removeManualLinks(gstin: string, recordKey: string): Promise<ManualLinkEntry[]> {
    return this.#register.removeManualLinks(gstin, recordKey);
  }

  loadManualLinks(gstin: string): Promise<ManualLinkEntry[]> {
    return this.#register.loadManualLinks(gstin);
  }

  deleteManualLinks(
    gstin: string,
    pairs: readonly { recordKey: string; registerRef: string }[],
  ): Promise<void> {
    return this.#register.deleteManualLinks(gstin, pairs);
  }

  // The supplier view (kysely-outward.ts, issue 17).

  replaceOutward(
    ...args: Parameters<WorkspaceStore['replaceOutward']>
  ): ReturnType<WorkspaceStore['replaceOutward']> {
    return this.#outward.replaceOutward(...args);
  }

  loadOutward(gstin: string, period: string | null): ReturnType<WorkspaceStore['loadOutward']> {
    return this.#outward.loadOutward(gstin, period);
  }

  listOutwardImports(gstin: string): ReturnType<WorkspaceStore['listOutwardImports']> {
    return this.#outward.listOutwardImports(gstin);
  }

  // Accounts, sessions and record versions (kysely-accounts.ts, issue 16).

  addUser(...a: Parameters<WorkspaceStore['addUser']>): ReturnType<WorkspaceStore['addUser']> {
    return this.#accounts.addUser(...a);
  }

  getUser(name: string): ReturnType<WorkspaceStore['getUser']> {
    return this.#accounts.getUser(name);
  }

  listUsers(): ReturnType<WorkspaceStore['listUsers']> {
    return this.#accounts.listUsers();
  }

  updateUser(
    ...a: Parameters<WorkspaceStore['updateUser']>
  ): ReturnType<WorkspaceStore['updateUser']> {
    return this.#accounts.updateUser(...a);
  }

  grantGstins(name: string, gstins: readonly string[]): Promise<void> {
    return this.#accounts.grantGstins(name, gstins);
  }

  revokeGstins(name: string, gstins: readonly string[]): Promise<void> {
    return this.#accounts.revokeGstins(name, gstins);
  }

  grantedGstins(name: string): Promise<string[]> {
    return this.#accounts.grantedGstins(name);
  }

  createSession(
    ...a: Parameters<WorkspaceStore['createSession']>
  ): ReturnType<WorkspaceStore['createSession']> {
    return this.#accounts.createSession(...a);
  }

  getSession(idHash: string): ReturnType<WorkspaceStore['getSession']> {
    return this.#accounts.getSession(idHash);
  }

  deleteSession(idHash: string): Promise<void> {
    return this.#accounts.deleteSession(idHash);
  }

  deleteUserSessions(name: string): Promise<number> {
    return this.#accounts.deleteUserSessions(name);
  }

  deleteExpiredSessions(at: string): Promise<number> {
    return this.#accounts.deleteExpiredSessions(at);
  }

  recordVersions(gstin: string, keys: readonly string[] | null): Promise<Map<string, number>> {
    return this.#accounts.recordVersions(gstin, keys);
  }

  // Approvals of decisions (kysely-approvals.ts, issue 16).

  unapprovedRecords(
    ...a: Parameters<WorkspaceStore['unapprovedRecords']>
  ): ReturnType<WorkspaceStore['unapprovedRecords']> {
    return this.#approvals.unapprovedRecords(...a);
  }

  approveRecords(
    ...a: Parameters<WorkspaceStore['approveRecords']>
  ): ReturnType<WorkspaceStore['approveRecords']> {
    return this.#approvals.approveRecords(...a);
  }

  lastApproval(gstin: string): ReturnType<WorkspaceStore['lastApproval']> {
    return this.#approvals.lastApproval(gstin);
  }

  // The practice view's counts (kysely-practice-counts.ts, issue 16).
  practicePeriods(gstin: string): ReturnType<WorkspaceStore['practicePeriods']> {
    return this.#practice.practicePeriods(gstin);
  }

  practiceCounts(gstin: string, period: string): ReturnType<WorkspaceStore['practiceCounts']> {
    return this.#practice.practiceCounts(gstin, period);
  }

  // What status counts (kysely-record-status.ts).
  recordStatus(gstin: string, period?: string): ReturnType<WorkspaceStore['recordStatus']> {
    return this.#status.recordStatus(gstin, period);
  }

  returnPeriodTally(gstin: string): ReturnType<WorkspaceStore['returnPeriodTally']> {
    return this.#status.returnPeriodTally(gstin);
  }

  listApprovals(
    ...a: Parameters<WorkspaceStore['listApprovals']>
  ): ReturnType<WorkspaceStore['listApprovals']> {
    return this.#approvals.listApprovals(...a);
  }

  recordApprovals(
    ...a: Parameters<WorkspaceStore['recordApprovals']>
  ): ReturnType<WorkspaceStore['recordApprovals']> {
    return this.#approvals.recordApprovals(...a);
  }

  // Shares of a period given to people (kysely-assignments.ts, issue 16).

  listAssignments(
    ...a: Parameters<WorkspaceStore['listAssignments']>
  ): ReturnType<WorkspaceStore['listAssignments']> {
    return this.#assignments.listAssignments(...a);
  }

  addAssignments(
    ...a: Parameters<WorkspaceStore['addAssignments']>
  ): ReturnType<WorkspaceStore['addAssignments']> {
    return this.#assignments.addAssignments(...a);
  }

  removeAssignments(
    ...a: Parameters<WorkspaceStore['removeAssignments']>
  ): ReturnType<WorkspaceStore['removeAssignments']> {
    return this.#assignments.removeAssignments(...a);
  }

  // Pages of records filtered, sorted and counted in SQL (kysely-record-pages.ts, issue 18).

  pageRecords(
    ...a: Parameters<WorkspaceStore['pageRecords']>
  ): ReturnType<WorkspaceStore['pageRecords']> {
    return this.#pages.pageRecords(...a);
  }

  recordKeysMatching(
    ...a: Parameters<WorkspaceStore['recordKeysMatching']>
  ): ReturnType<WorkspaceStore['recordKeysMatching']> {
    return this.#pages.recordKeysMatching(...a);
  }

  recordSummary(
    ...a: Parameters<WorkspaceStore['recordSummary']>
  ): ReturnType<WorkspaceStore['recordSummary']> {
    return this.#pages.recordSummary(...a);
  }
}
