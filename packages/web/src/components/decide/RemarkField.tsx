import { REMARK_MAX_LENGTH } from '@core/validate-decision.js';
import type { RefObject } from 'react';
import type { DecideVerb } from '../../../../gst-ims/src/server/api-types.js';
import { plural } from '../../format.js';
import type { Refusal } from './decide-request.js';
import { withoutKey } from './decide-request.js';

/**
 * The remark sent to the portal: optional on Reject and Pending, required on an Accept with a
 * partial or no reduction. The engine's REMARK_REQUIRED refusals are said here, once.
 */
export function RemarkField({
  verb,
  remark,
  onRemark,
  refusals,
  inputRef,
}: {
  verb: DecideVerb;
  remark: string;
  onRemark: (text: string) => void;
  refusals: readonly Refusal[];
  inputRef: RefObject<HTMLTextAreaElement | null>;
}) {
  return (
    <label className="remark">
      Remark sent to the portal{' '}
      {verb === 'accept'
        ? '(required with a partial or no reduction: say why; the supplier sees it)'
        : `(optional, at most ${REMARK_MAX_LENGTH} characters)`}
      <textarea
        ref={inputRef}
        required={verb === 'accept'}
        aria-invalid={refusals.length > 0}
        rows={2}
        maxLength={400}
        value={remark}
        onChange={(e) => onRemark(e.target.value)}
        placeholder="e.g. Goods not received; debit note awaited"
      />
      <span className="muted small">
        {[...remark].length} / {REMARK_MAX_LENGTH}
      </span>
      {refusals.length > 0 && (
        <span className="error-box" data-testid="remark-required">
          {withoutKey(refusals[0]!)}
          {refusals.length > 1 && ` (${plural(refusals.length, 'record')} need it)`}
        </span>
      )}
    </label>
  );
}
