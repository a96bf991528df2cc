import type { Paise } from '../money.js';
import { formatRupees } from '../money.js';
import type { MatchReason } from '../register.js';
import type { Evidence, PairEvaluation } from './evaluate-pair.js';
import { DIFF_FIELDS } from './evaluate-pair.js';
import type { Doc, Rec } from './prepare.js';
import { fiscalYearLabel } from './prepare.js';

const money = (p: number): string => formatRupees(p as Paise);

// Most pairs are plain exact ones: they share one frozen list.
const PLAIN_EXACT: readonly MatchReason[] = Object.freeze([Object.freeze({ code: 'numberExact' })]);

function evidenceReasons(ev: Evidence, original: string): MatchReason[] {
  switch (ev) {
    case 'numberExact':
      return [{ code: 'numberExact' }];
    case 'numberNormalised':
      return [{ code: 'numberNormalised' }];
    case 'numberConfusable':
      return [{ code: 'numberConfusable' }];
    case 'originalExact':
      return [{ code: 'viaOriginalNumber', value: original }];
    case 'originalNormalised':
      return [{ code: 'viaOriginalNumber', value: original }, { code: 'numberNormalised' }];
    case 'originalConfusable':
      return [{ code: 'viaOriginalNumber', value: original }, { code: 'numberConfusable' }];
    case 'amountOnly':
      return [{ code: 'amountOnly' }];
    case 'none':
      return [];
  }
}

/** The reason codes of a pair (REASON VALUES in core/reconcile.ts). */
export function reasonsOf(
  e: PairEvaluation,
  rec: Rec,
  doc: Doc,
  manual: boolean,
): readonly MatchReason[] {
  if (!manual && e.outcome === 'exact' && e.absSum === 0 && e.totalTax === 0) return PLAIN_EXACT;
  const out: MatchReason[] = [];
  if (manual) out.push({ code: 'manualLink' });
  out.push(...evidenceReasons(e.evidence, e.compared.text));
  if (e.typo !== null) out.push({ code: 'gstinTypo', value: e.typo });
  else if (e.level === 'pan') out.push({ code: 'panLevel' });
  if (rec.gstin !== doc.gstin) out.push({ code: 'gstinDiff', value: doc.gstin });
  if (e.docTypeDiff) out.push({ code: 'docTypeDiff', value: doc.type });
  if (!e.sameFy) out.push({ code: 'fiscalYearDiff', value: fiscalYearLabel(e.booksFy) });
  if (e.dateDiff !== 0) out.push({ code: 'dateDiff', value: e.dateDiff });
  if (e.periodShift !== 0)
    out.push({
      code: 'periodShift',
      value: e.periodShift > 0 ? `+${e.periodShift}` : String(e.periodShift),
    });
  for (const f of DIFF_FIELDS) if (e[f] !== 0) out.push({ code: `${f}Diff`, value: money(e[f]) });
  if (e.headSwap) out.push({ code: 'headSwap' });
  if (e.posDiff) out.push({ code: 'posDiff', value: doc.pos ?? '' });
  return out;
}
