// A dry run or decision answer of POST /api/decide for the web's unit tests.
import type { DecidePayload } from '../../../gst-ims/src/server/api-types.js';

export function decidePayload(over: Partial<DecidePayload> = {}): DecidePayload {
  return {
    selected: 2,
    missing: 0,
    changes: [],
    changed: 2,
    unchanged: 0,
    refused: [],
    warnings: [],
    applied: false,
    dryRun: true,
    declarations: { none: 0, given: 0, defaulted: 0, kept: 0, notApplicable: 0 },
    declarationNotes: [],
    updated: null,
    ...over,
  };
}
