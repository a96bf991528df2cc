// Why a record or register document matched as it did, and what else came close.
import type {
  MatchReason,
  MatchResult,
  PortalRecord,
  RegisterDocument,
  Tolerances,
  WorkspaceRecord,
} from '../core/index.js';
import { BadInputError, UsageError } from '../core/index.js';
import { explainRecord } from '../core/reconcile.js';
import type { Proposal } from '../core/proposals.js';
import type { AppContext } from './context.js';
import { proposalOf, run } from './reconcile-engine-run.js';

// ---------------------------------------------------------------------------------------------
// explain

export type ExplainTargetKind = 'record' | 'register';

export interface ExplainResult {
  readonly kind: ExplainTargetKind;
  readonly target: string;
  readonly record: PortalRecord | null;
  readonly document: RegisterDocument | null;
  readonly result: MatchResult;
  readonly proposal: Proposal | null;
  readonly candidates: {
    other: string;
    score: number;
    reasons: readonly MatchReason[];
    whyNot: string;
    record: PortalRecord | null;
    document: RegisterDocument | null;
  }[];
  readonly tolerances: Tolerances;
}

/** Resolves what a person typed: a record key, a register ref, or a document number of either side. */
export function resolveTarget(
  records: readonly WorkspaceRecord[],
  documents: readonly RegisterDocument[],
  text: string,
): { kind: ExplainTargetKind; id: string } {
  const t = text.trim();
  if (records.some((r) => r.record.key === t)) return { kind: 'record', id: t };
  if (documents.some((d) => d.ref === t)) return { kind: 'register', id: t };
  const fold = t.toUpperCase();
  const recs = records.filter((r) => r.record.docNumber.trim().toUpperCase() === fold);
  if (recs.length === 1) return { kind: 'record', id: (recs[0] as WorkspaceRecord).record.key };
  if (recs.length > 1)
    throw new UsageError(
      `"${t}" is the number of ${recs.length} records; give the record key:\n${recs.map((r) => `  ${r.record.key}`).join('\n')}`,
    );
  const docs = documents.filter((d) => d.docNumber.trim().toUpperCase() === fold);
  if (docs.length === 1) return { kind: 'register', id: (docs[0] as RegisterDocument).ref };
  if (docs.length > 1)
    throw new UsageError(
      `"${t}" is the number of ${docs.length} register documents; give the register ref:\n${docs.map((d) => `  ${d.ref} (${d.supplierGstin})`).join('\n')}`,
    );
  throw new BadInputError(
    `no record key, register ref or document number "${t}" in this workspace`,
    { field: 'record' },
  );
}

export async function explainMatch(
  ctx: AppContext,
  gstin: string,
  target: string,
  limit = 5,
): Promise<ExplainResult> {
  const r = await run(ctx.store, gstin);
  const { kind, id } = resolveTarget(r.records, r.documents, target);
  const ex = explainRecord(
    {
      records: r.records.map((x) => x.record),
      documents: r.documents,
      tolerances: r.tolerances,
      manualLinks: r.links,
      unlinkedPairs: r.unlinks,
    },
    kind === 'record' ? { recordKey: id } : { registerRef: id },
    limit,
  );
  const recByKey = new Map(r.records.map((x) => [x.record.key, x.record]));
  const docByRef = new Map(r.documents.map((d) => [d.ref, d]));
  return {
    kind,
    target: id,
    record:
      kind === 'record'
        ? (recByKey.get(id) ?? null)
        : ex.result.recordKey === null
          ? null
          : (recByKey.get(ex.result.recordKey) ?? null),
    document:
      kind === 'register'
        ? (docByRef.get(id) ?? null)
        : ex.result.registerRef === null
          ? null
          : (docByRef.get(ex.result.registerRef) ?? null),
    result: ex.result,
    proposal:
      ex.result.recordKey === null
        ? null
        : (proposalOf(r.proposals.find((p) => p.recordKey === ex.result.recordKey)) ?? null),
    candidates: ex.candidates.map((c) => ({
      ...c,
      record: kind === 'register' ? (recByKey.get(c.other) ?? null) : null,
      document: kind === 'record' ? (docByRef.get(c.other) ?? null) : null,
    })),
    tolerances: r.tolerances,
  };
}
