// What the reconciliation commands print: tables and lines for people, JSON for scripts.
import type { ApplyProposalsResult, ExplainResult, ReconcileSummary } from '../../app/index.js';
import { OUTCOME_LABEL, formatReasons } from '../../app/reconcile-rows.js';
import type { Amounts, MatchOutcome, Paise } from '../../core/index.js';
import type { ProposalRule } from '../../core/proposals.js';
import type { TwoBKindTotals } from '../../core/reconcile-2b.js';
import { MATCH_OUTCOMES, formatRs, periodLabel, toPortalDate } from '../../core/index.js';
import { money, moneyJson, table } from '../output.js';
import type { Session } from '../session.js';
import { printWarnings } from './import-commands.js';

export const SHOWN = 50;
export const OUTCOME_WORDS: Readonly<Record<MatchOutcome, string>> = {
  exact: 'exact',
  probable: 'probable',
  mismatch: 'mismatch',
  missingInRegister: 'missing in register',
  missingInPortal: 'missing in portal',
  notInIms: 'not in IMS (reverse charge, import, ISD or unregistered)',
};

const amountsLine = (a: Amounts): string =>
  `value ${money(a.value)} (taxable ${money(a.taxable)}${a.igst ? `, IGST ${money(a.igst)}` : ''}${a.cgst ? `, CGST ${money(a.cgst)}` : ''}${a.sgst ? `, SGST ${money(a.sgst)}` : ''}${a.cess ? `, cess ${money(a.cess)}` : ''})`;

export function summaryJson(r: ReconcileSummary) {
  return {
    gstin: r.gstin,
    records: r.records,
    documents: r.documents,
    counts: Object.fromEntries(MATCH_OUTCOMES.map((m) => [OUTCOME_LABEL[m], r.counts[m]])),
    proposals: r.proposals,
    period: r.period,
    tolerances: r.tolerances,
    gstinCorrections: r.gstinCorrections,
    gstr2b:
      r.twoB === null
        ? null
        : {
            period: r.twoB.period,
            neverIn2b: r.twoB.neverIn2b,
            byKind: Object.fromEntries(
              Object.entries(r.twoB.byKind).map(([k, t]) => [k, twoBTotalsJson(t)]),
            ),
          },
  };
}

const twoBTotalsJson = (t: TwoBKindTotals) => ({
  ...t,
  matchedBooksTax: moneyJson(t.matchedBooksTax),
  matchedTwoBTax: moneyJson(t.matchedTwoBTax),
  notIn2bTax: moneyJson(t.notIn2bTax),
  notInBooksTax: moneyJson(t.notInBooksTax),
});

export function printSummary(s: Session, r: ReconcileSummary): void {
  const t = r.tolerances;
  const period = r.period
    ? `IMS period ${periodLabel(r.period.period)} (${r.period.source === 'setting' ? 'set' : 'from the records'})`
    : 'no IMS period known';
  s.out.line(
    `Reconciled ${r.records} record(s) with ${r.documents} register document(s) for ${r.gstin}; ${period}`,
  );
  s.out.line(
    `Tolerances: ${formatRs(t.amountPaise as Paise)} per amount${t.percent === null ? '' : ` + ${t.percent}%`}, total tax ${t.totalTaxCheck ? 'checked' : 'not checked'}, dates ${t.dateWindowDays} day(s) (gst-ims config)`,
  );
  s.out.line(
    table(
      ['outcome', 'count'],
      MATCH_OUTCOMES.map((m) => [OUTCOME_LABEL[m], r.counts[m]]),
      [1],
    ),
  );
  const acts = Object.entries(r.proposals.byAction).map(([a, n]) => `${a} ${n}`);
  s.out.line(
    `Proposed actions: ${acts.length ? acts.join(', ') : 'none'} (${r.proposals.safe} safe, ${r.proposals.review} to review${r.proposals.kept ? `, ${r.proposals.kept} held decision(s) kept` : ''})`,
  );
  if (r.counts.notInIms)
    s.out.line(
      `${r.counts.notInIms} register document(s) never enter IMS (reverse charge, imports, ISD, unregistered suppliers): not_in_ims, never chased as missing.`,
    );
  if (r.counts.notInIms && r.twoB !== null) {
    const k = Object.values(r.twoB.byKind);
    const sum = (f: (t: TwoBKindTotals) => number): number => k.reduce((n, t) => n + f(t), 0);
    s.out.line(
      `  against the GSTR-2B of ${periodLabel(r.twoB.period)}: ${sum((t) => t.matched)} in the 2B (reason in2b:<section>, ${sum((t) => t.withDifferences)} with amount differences), ${sum((t) => t.notIn2b)} not in it yet (notIn2b: ITC not available this period); see gst-ims report 2b --period ${r.twoB.period}.`,
    );
  }
  if (r.gstinCorrections.length) {
    s.out.line(
      `${r.gstinCorrections.length} register document(s) carry a mistyped supplier GSTIN (paired as probable, never applied unseen); correct the register:`,
    );
    s.out.line(
      table(
        ['register', 'number', 'books GSTIN', 'portal GSTIN', 'typo'],
        r.gstinCorrections
          .slice(0, SHOWN)
          .map((c) => [c.registerRef, c.documentNumber, c.booksGstin, c.portalGstin, c.kind]),
      ),
    );
  }
}

export function printExplain(s: Session, r: ExplainResult): void {
  const m = r.result;
  if (r.record) {
    const rec = r.record;
    s.out.line(
      `Record ${rec.key}: ${rec.section} ${rec.docNumber} dated ${toPortalDate(rec.docDate)} from ${rec.supplierGstin}${rec.supplierName ? ` (${rec.supplierName})` : ''}, ${amountsLine(rec.amounts)}`,
    );
  }
  if (r.document) {
    const d = r.document;
    s.out.line(
      `Register ${d.ref}: ${d.docType} ${d.docNumber} dated ${toPortalDate(d.docDate)} from ${d.supplierGstin}, ${amountsLine(d.amounts)}; rows ${d.sourceRows.join(', ')}`,
    );
  }
  s.out.line(
    `Outcome: ${OUTCOME_WORDS[m.outcome]}, score ${m.score}${m.manual ? ' (manual link)' : ''}${m.reasons.length ? `; reasons: ${formatReasons(m.reasons)}` : ''}`,
  );
  if (r.proposal) {
    s.out.line(
      `Proposed: ${r.proposal.action}${r.proposal.safe ? '' : ' (review first)'} by rule ${r.proposal.rule}${r.proposal.remark ? `, remark "${r.proposal.remark}"` : ''}${r.proposal.note ? `: ${r.proposal.note}` : ''}`,
    );
  }
  if (r.candidates.length === 0)
    s.out.line(
      r.kind === 'record'
        ? 'No register document of this supplier (or PAN) or with this number to compare.'
        : 'No portal record of this supplier (or PAN) or with this number to compare.',
    );
  else {
    s.out.line(
      `Nearest candidates (${r.kind === 'record' ? 'register documents' : 'portal records'}):`,
    );
    s.out.line(
      table(
        [
          r.kind === 'record' ? 'register' : 'record',
          'number',
          'date',
          'value',
          'score',
          'reasons',
          'verdict',
        ],
        r.candidates.map((c) => {
          const o = c.document ?? c.record;
          return [
            c.other,
            o?.docNumber ?? '',
            o ? toPortalDate(o.docDate) : '',
            o ? money(o.amounts.value) : '',
            c.score,
            formatReasons(c.reasons),
            c.whyNot,
          ];
        }),
        [3, 4],
      ),
    );
  }
  const t = r.tolerances;
  s.out.line(
    `(tolerance ${formatRs(t.amountPaise as Paise)} per amount${t.percent === null ? '' : ` + ${t.percent}%`}, date window ${t.dateWindowDays} day(s))`,
  );
}

export function applyJson(r: ApplyProposalsResult) {
  return {
    ...r,
    byRule: r.byRule.map((b) => ({
      ...b,
      changes: b.changes.map((c) => ({
        key: c.key,
        from: c.from.action,
        to: c.to.action,
        remark: c.remark,
      })),
    })),
  };
}

export function printApply(s: Session, r: ApplyProposalsResult): void {
  const verb = r.applied ? 'Changed' : r.dryRun ? 'Would change' : 'Changed';
  s.out.line(
    `${r.considered} proposal(s) considered. ${verb}: ${r.changed}; already so: ${r.unchanged}; refused: ${r.refused}`,
  );
  if (r.byRule.length)
    s.out.line(
      table(
        [
          'rule',
          'source',
          'proposed',
          r.dryRun ? 'would change' : 'changed',
          'already so',
          'refused',
        ],
        r.byRule.map((b) => [
          b.rule,
          b.source,
          b.proposed,
          b.changes.length,
          b.unchanged,
          b.refused.length,
        ]),
        [2, 3, 4, 5],
      ),
    );
  if (r.dryRun) {
    const changes = r.byRule.flatMap((b) =>
      b.changes.map((c) => [c.key, c.from.action, c.to.action, c.remark ?? '', b.rule]),
    );
    if (changes.length) {
      s.out.line(table(['record', 'from', 'to', 'remark', 'rule'], changes.slice(0, SHOWN)));
      if (changes.length > SHOWN)
        s.out.line(`... and ${changes.length - SHOWN} more (use --format json for all)`);
    }
  }
  if (r.notSafe)
    s.out.line(`${r.notSafe} proposal(s) need a review first (left out by --only-safe).`);
  if (r.keptDecisions.length) {
    s.out.line(
      `${r.keptDecisions.length} record(s) already decided by a person or on the portal kept their decision (no rule names it):`,
    );
    s.out.line(
      table(
        ['record', 'holds', 'decided by', 'rule would', 'rule'],
        r.keptDecisions
          .slice(0, SHOWN)
          .map((k) => [k.recordKey, k.action, k.by, k.proposed, k.rule]),
      ),
    );
    if (r.keptDecisions.length > SHOWN)
      s.out.line(`... and ${r.keptDecisions.length - SHOWN} more (use --format json for all)`);
    s.out.line(
      'A rule changes a held decision only when it names it: "when": { "heldAction": ["pending"] } (gst-ims rules set FILE).',
    );
  }
  const refused = r.byRule.flatMap((b) => b.refused.map((x) => [x.recordKey, x.code, x.message]));
  if (refused.length) {
    s.out.err('Refused by the rules (left unchanged):');
    s.out.err(table(['record', 'code', 'reason'], refused.slice(0, SHOWN)));
  }
  printWarnings(s, r.warnings);
}

export const ruleName = (rule: ProposalRule): string => rule.name;

/** "outcome exact, after the period end" for people. */
export function ruleWhen(rule: ProposalRule): string {
  const w = rule.when;
  const parts: string[] = [];
  if (w.outcome) parts.push(`outcome ${w.outcome.map((o) => OUTCOME_LABEL[o]).join(' or ')}`);
  if (w.sections) parts.push(`section ${w.sections.join(' or ')}`);
  if (w.heldAction) parts.push(`holding ${w.heldAction.join(' or ')}`);
  if (w.supplierNotFiled !== undefined)
    parts.push(w.supplierNotFiled ? 'supplier return not filed' : 'supplier return filed');
  if (w.afterPeriodEnd !== undefined)
    parts.push(w.afterPeriodEnd ? 'dated after the period end' : 'dated within the period');
  if (w.receivedAfterPeriodEnd !== undefined)
    parts.push(
      w.receivedAfterPeriodEnd
        ? 'goods received after the period end'
        : 'goods received within the period',
    );
  return parts.length ? parts.join(', ') : 'always';
}
