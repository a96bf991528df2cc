// What the Reconcile page's buttons do: apply the safe proposals or the selected ones (each
// after a dry run the person confirms), link a record with a books document, undo a pair.
import { useState } from 'react';
import type {
  ApplyProposalsPayload,
  MatchOutcomeName,
} from '../../../../gst-ims/src/server/api-types.js';
import { errorText, postJson } from '../../api.js';
import { plural } from '../../format.js';
import { outcomeLabel } from '../../outcomes.js';
import type { MatchRow } from './reconcile-rows.js';

/** An apply waiting for the person's yes: what its dry run said. */
export interface Confirm {
  readonly title: string;
  readonly preview: ApplyProposalsPayload;
  readonly run: (skipRefused: boolean) => Promise<void>;
  /** The selected rows it acts on (Apply selected); absent for every safe proposal. */
  readonly rows?: readonly MatchRow[];
}

interface Deps {
  readonly gstin: string | null;
  /** ?period=MMYYYY of the top bar, or ''. */
  readonly q: string;
  readonly toast: (kind: 'ok' | 'info' | 'error', text: string) => void;
  /** The workspace changed: the page runs the match again (its counts follow). */
  readonly changed: () => void;
}

export function useReconcileActions({ gstin, q, toast, changed }: Deps) {
  const [confirm, setConfirm] = useState<Confirm | null>(null);
  const post = (path: string, body: object): Promise<ApplyProposalsPayload> =>
    postJson<ApplyProposalsPayload>(`${path}${q}`, { gstin, ...body });

  const applyFlow = async (
    title: string,
    dry: () => Promise<ApplyProposalsPayload>,
    /** The apply, sent with the preview's record versions (a record decided since is not overwritten). */
    real: (
      skipRefused: boolean,
      versions: Record<string, number>,
    ) => Promise<ApplyProposalsPayload>,
    acting?: readonly MatchRow[],
  ): Promise<void> => {
    try {
      const preview = await dry();
      setConfirm({
        title,
        preview,
        ...(acting ? { rows: acting } : {}),
        run: async (skipRefused) => {
          const r = await real(skipRefused, preview.versions);
          setConfirm(null);
          const stale = r.stale.length
            ? `; ${plural(r.stale.length, 'record')} left as someone decided since the preview`
            : '';
          toast(
            r.changed ? 'ok' : 'info',
            (r.applied ? `Applied ${plural(r.changed, 'proposal')}` : 'Nothing changed') + stale,
          );
          changed();
        },
      });
    } catch (e) {
      toast('error', errorText(e));
    }
  };

  const applySafe = (): Promise<void> =>
    applyFlow(
      'Apply every safe proposal',
      () => post('/api/reconcile/apply', { onlySafe: true, dryRun: true }),
      (_skip, versions) => post('/api/reconcile/apply', { onlySafe: true, versions }),
    );

  const applySelected = (acting: readonly MatchRow[]): Promise<void> => {
    const keys = acting.map((r) => r.recordKey).filter((k): k is string => k !== null);
    return applyFlow(
      `Apply the proposals of ${plural(keys.length, 'selected record')}`,
      () => post('/api/reconcile/apply-selected', { keys, dryRun: true }),
      (skipRefused, versions) =>
        post('/api/reconcile/apply-selected', { keys, skipRefused, versions }),
      acting,
    );
  };

  const deps = { gstin, q, toast, changed };
  const link = (
    rec: Pick<MatchRow, 'recordKey' | 'documentNumber'> | undefined,
    doc: Pick<MatchRow, 'registerRef' | 'registerDocNumber'> | undefined,
  ): Promise<void> => linkPair(deps, rec, doc);
  const unlink = (r: Pick<MatchRow, 'recordKey'> | undefined): Promise<void> => unlinkPair(deps, r);

  return { confirm, closeConfirm: () => setConfirm(null), applySafe, applySelected, link, unlink };
}

/** Pairs a portal record with a books document by hand. */
async function linkPair(
  { gstin, toast, changed }: Deps,
  rec: Pick<MatchRow, 'recordKey' | 'documentNumber'> | undefined,
  doc: Pick<MatchRow, 'registerRef' | 'registerDocNumber'> | undefined,
): Promise<void> {
  if (!rec?.recordKey || !doc?.registerRef) return;
  try {
    const r = await postJson<{ outcome: MatchOutcomeName | null }>('/api/reconcile/link', {
      gstin,
      recordKey: rec.recordKey,
      registerRef: doc.registerRef,
    });
    toast(
      'ok',
      `Linked ${rec.documentNumber ?? ''} with ${doc.registerDocNumber ?? doc.registerRef}: now ${r.outcome ? outcomeLabel(r.outcome) : 'paired'}`,
    );
    changed();
  } catch (e) {
    toast('error', errorText(e));
  }
}

/** Undoes a pair: a hand link is removed, a matcher's pair is kept from forming again. */
async function unlinkPair(
  { gstin, toast, changed }: Deps,
  r: Pick<MatchRow, 'recordKey'> | undefined,
): Promise<void> {
  if (!r?.recordKey) return;
  try {
    const x = await postJson<{ removed: string }>('/api/reconcile/unlink', {
      gstin,
      recordKey: r.recordKey,
    });
    toast(
      'ok',
      x.removed === 'manualLink'
        ? 'Link removed'
        : 'Pair undone: the matcher will not pair these two again',
    );
    changed();
  } catch (e) {
    toast('error', errorText(e));
  }
}
