// What the portal's answer said of an upload file, and the words every shell shows for it (the
// CLI's status and import errors, the web's Upload and Import pages).
export const UPLOAD_FILE_STATUSES = ['unanswered', 'accepted', 'partlyFailed', 'failed'] as const;
export type UploadFileStatus = (typeof UPLOAD_FILE_STATUSES)[number];

export const UPLOAD_FILE_STATUS_WORDS: Readonly<Record<UploadFileStatus, string>> = {
  unanswered: 'not yet answered',
  accepted: 'accepted by the portal',
  partlyFailed: 'partly failed',
  failed: 'refused whole by the portal',
};
