import { useEffect, useState } from 'react';
import type { DecidePayload, DecideRequest } from '../../../../gst-ims/src/server/api-types.js';
import { errorText, postJson } from '../../api.js';

/** How long the dialog waits after the last keystroke before asking the engine again. */
export const PREVIEW_DELAY_MS = 250;

/**
 * The engine's dry run of the request, asked again (once typing pauses) whenever it changes;
 * an answer to an older request is dropped.
 */
export function useDecidePreview(request: DecideRequest): {
  preview: DecidePayload | null;
  previewError: string | null;
} {
  const [preview, setPreview] = useState<DecidePayload | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const t = setTimeout(() => {
      postJson<DecidePayload>('/api/decide', { ...request, dryRun: true })
        .then((p) => {
          if (!live) return;
          setPreview(p);
          setPreviewError(null);
        })
        .catch((e: unknown) => live && setPreviewError(errorText(e)));
    }, PREVIEW_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [request]);
  return { preview, previewError };
}
