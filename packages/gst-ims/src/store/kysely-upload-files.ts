import type { KyselySql } from './kysely-sql.js';
import { packExportItems, unpackExportItems } from './export-items.js';
import type {
  ExportItem,
  ExportLogEntry,
  UploadFileEntry,
  UploadFileInfo,
  UploadFileStatus,
} from './workspace-store.js';
import { UPLOAD_FILE_STATUSES } from './workspace-store.js';

/** The exports made and the upload files they wrote, with the portal's answer to each. */
export class KyselyUploadFiles {
  constructor(private readonly q: KyselySql) {}

  private get db() {
    return this.q.db;
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
}
