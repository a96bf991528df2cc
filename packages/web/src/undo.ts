// Undo from the web app (issue 14): the same POST /api/undo the History page and the toast after
// a bulk decision use; the words of what an undo did or would do.
import type { Action } from '@core/actions.js';
import { actionLabel } from '@core/actions.js';
import type { UndoSkipCode } from '@core/vocabulary/undo-skip-codes.js';
import { UNDO_SKIP_CODES } from '@core/vocabulary/undo-skip-codes.js';
import { useCallback } from 'react';
import type { UndoPayload } from '../../gst-ims/src/server/undo-api-types.js';
import { errorText, postJson } from './api.js';
import type { ToastAction } from './app-state.js';
import { useApp } from './app-state.js';
import { count, plural } from './format.js';
import { dropRecordsCache } from './records.js';

/** Undoes an action (by id), or the user's last one (null); a dry run only says what it would do. */
export function postUndo(
  gstin: string | null,
  eventId: number | null,
  dryRun: boolean,
): Promise<UndoPayload> {
  return postJson<UndoPayload>(
    '/api/undo',
    eventId === null ? { dryRun } : { eventId, dryRun },
    gstin,
  );
}

/** "3 to No Action, 1 to Rejected". */
export function restoredWords(p: UndoPayload): string {
  return (Object.entries(p.restoredTo) as [Action, number][])
    .map(([a, n]) => `${count(n)} to ${actionLabel(a)}`)
    .join(', ');
}

/** A skip code in words: the UNDO_* table, or the rule's code as it is. */
export const skipWords = (code: string): string =>
  code in UNDO_SKIP_CODES ? UNDO_SKIP_CODES[code as UndoSkipCode] : `Refused by the rule ${code}.`;

/** What an undo did, for a toast. */
export function undoneText(p: UndoPayload): string {
  const left =
    p.skippedCount > 0
      ? `; ${plural(p.skippedCount, 'record was', 'records were')} left as they are (changed since, or refused: see History)`
      : '';
  return `Undone: ${plural(p.undone, 'record')} back to the decision before (event ${p.event.id})${left}.`;
}

/**
 * The toast's Undo button after a bulk decision: takes back the user's last action (the one the
 * toast reports) at once, and says what it did.
 */
export function useUndoToastAction(): () => ToastAction {
  const { gstin, bump, toast } = useApp();
  return useCallback(
    () => ({
      label: 'Undo',
      run: () => {
        postUndo(gstin, null, false)
          .then((r) => {
            dropRecordsCache();
            bump();
            toast(r.undone > 0 ? 'ok' : 'info', undoneText(r));
          })
          .catch((e: unknown) => toast('error', errorText(e)));
      },
    }),
    [gstin, bump, toast],
  );
}
