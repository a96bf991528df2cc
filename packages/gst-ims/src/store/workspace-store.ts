import type { Action, ItcReduction, WorkspaceRecord } from '../core/index.js';

export interface AuditEntry {
  readonly id?: number;
  readonly at: string;
  readonly user: string;
  readonly gstin: string;
  readonly recordKey: string;
  readonly fromAction: Action;
  readonly toAction: Action;
  readonly remark: string | null;
  readonly itcReduction: ItcReduction | null;
  readonly source: string;
}

export interface ImportLogEntry {
  readonly id?: number;
  readonly gstin: string;
  readonly kind: string;
  readonly file: string;
  readonly at: string;
  readonly user: string;
  readonly summary: unknown;
}

export interface ExportItem {
  readonly recordKey: string;
  readonly action: Action;
  readonly prevStatus: Action;
}

export interface ExportLogEntry {
  readonly id: number;
  readonly gstin: string;
  readonly at: string;
  readonly user: string;
  readonly files: string[];
}

export interface GstinInfo {
  readonly gstin: string;
  readonly records: number;
}

/**
 * Workspace persistence. Every method is async so a PostgreSQL adapter can share the app code.
 * `transaction` runs its callback against a store bound to one transaction: all or nothing.
 */
export interface WorkspaceStore {
  transaction<T>(fn: (tx: WorkspaceStore) => Promise<T>): Promise<T>;
  close(): Promise<void>;

  listGstins(): Promise<GstinInfo[]>;
  ensureGstin(gstin: string, at: string): Promise<void>;

  loadRecords(gstin: string): Promise<WorkspaceRecord[]>;
  insertRecords(gstin: string, rows: readonly WorkspaceRecord[]): Promise<void>;
  /** Replaces the portal description and local state of existing records (by key). */
  updateRecords(gstin: string, rows: readonly WorkspaceRecord[]): Promise<void>;

  appendAudit(entries: readonly AuditEntry[]): Promise<void>;
  auditFor(gstin: string, recordKeys: readonly string[] | null): Promise<AuditEntry[]>;

  logImport(entry: ImportLogEntry): Promise<number>;
  listImports(gstin: string): Promise<ImportLogEntry[]>;
  logExport(gstin: string, at: string, user: string, files: readonly string[], items: readonly ExportItem[]): Promise<number>;
  lastExport(gstin: string): Promise<{ entry: ExportLogEntry; items: ExportItem[] } | null>;

  getSetting(gstin: string, name: string): Promise<string | null>;
  setSetting(gstin: string, name: string, value: string): Promise<void>;
}
