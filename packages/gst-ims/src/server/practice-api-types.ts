// What the practice view's route sends (issue 16): types only, shared with the web app.
import type { IsoDate } from '../core/index.js';

export interface PracticeClientDto {
  readonly gstin: string;
  readonly records: number;
  readonly undecided: number;
  /** Null in a one-person workspace, where nothing needs approval. */
  readonly waitingApproval: number | null;
  readonly waitingUpload: number;
  readonly portalErrors: number;
  readonly gstr2bImportedAt: string | null;
}

/** GET /api/practice?period=MMYYYY: every client the account may see. */
export interface PracticePayload {
  readonly period: string | null;
  readonly gstr2bOn: IsoDate | null;
  readonly gstr3bDue: IsoDate | null;
  readonly periods: readonly string[];
  readonly clients: readonly PracticeClientDto[];
}
