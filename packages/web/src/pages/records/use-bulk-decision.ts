// "Decide all N matching" in paged mode: the question (BulkDecideDialog), then the server's job
// followed to its end (decide-job.ts, JobProgress), then the grid asked again. On a multi-user
// server the job says which point of the audit log the page had seen (seenUpTo), so records
// another person decided since are left as they decided them.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DecideVerb } from '../../../../gst-ims/src/server/api-types.js';
import type { Toast, ToastAction } from '../../app-state.js';
import { VERB_DONE, VERB_LABEL } from '../../components/decide/decide-request.js';
import type { FilteredDecision, JobPayload } from '../../decide-job.js';
import { auditPointOf, useFilteredDecision } from '../../decide-job.js';
import { count, plural } from '../../format.js';
import { currentSession } from '../../session.js';
import type { BulkAnswer, BulkBase } from './BulkDecideDialog.js';
import type { PagedFilter } from './records-paged.js';

export interface BulkDecision {
  /** The verb asked about; null while no question is open. */
  readonly asking: DecideVerb | null;
  /** The job's request while the question is open (the page's filter when it was asked). */
  readonly base: BulkBase | null;
  readonly ask: (verb: DecideVerb) => void;
  readonly cancelAsk: () => void;
  readonly confirm: (answer: BulkAnswer) => void;
  readonly job: FilteredDecision;
  /** The job dialog's title; null while no job is shown. */
  readonly title: string | null;
  readonly closeJob: () => void;
}

/** What the job did, for the toast. */
export function jobDoneText(verb: DecideVerb, job: JobPayload): string | null {
  const r = job.result;
  if (job.state !== 'done' || r === null || !r.written) return null;
  const left = r.refused + r.skipped;
  return r.applied > 0
    ? `${VERB_DONE[verb]}: ${plural(r.applied, 'record')}${left > 0 ? `; ${count(left)} left as they were` : ''}.`
    : 'Nothing changed: every record was already so.';
}

export function useBulkDecision(o: {
  gstin: string;
  version: number;
  filter: () => PagedFilter;
  matching: number | null;
  toast: (kind: Toast['kind'], text: string, action?: ToastAction) => void;
  undoToast: () => ToastAction;
  /** The job wrote: the app's version moves on (the grid and the summary are asked again). */
  onWritten: () => void;
}): BulkDecision {
  const { gstin, version } = o;
  const [asking, setAsking] = useState<DecideVerb | null>(null);
  const [base, setBase] = useState<BulkBase | null>(null);
  const [title, setTitle] = useState<string | null>(null);
  const verbRef = useRef<DecideVerb>('accept');
  const seenUpTo = useRef<number | undefined>(undefined);
  const latest = useRef(o);
  latest.current = o;

  useEffect(() => {
    if (currentSession() === null) return;
    let live = true;
    auditPointOf(gstin)
      .then((p) => {
        if (live) seenUpTo.current = p;
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [gstin, version]);

  const job = useFilteredDecision(
    useCallback((end: JobPayload) => {
      const { toast, undoToast, onWritten } = latest.current;
      if (end.result !== null) seenUpTo.current = end.result.auditPoint;
      const text = jobDoneText(verbRef.current, end);
      if (text === null) return;
      const changed = (end.result?.applied ?? 0) > 0;
      toast(changed ? 'ok' : 'info', text, changed ? undoToast() : undefined);
      if (changed) onWritten();
    }, []),
  );

  const ask = useCallback(
    (verb: DecideVerb) => {
      const f = latest.current.filter();
      setBase({
        gstin,
        filter: { view: f.view, supplier: f.supplier || null, section: f.section, terms: f.terms },
        verb,
        ...(seenUpTo.current === undefined ? {} : { seenUpTo: seenUpTo.current }),
      });
      setAsking(verb);
    },
    [gstin],
  );
  const cancelAsk = useCallback(() => {
    setAsking(null);
    setBase(null);
  }, []);

  const confirm = useCallback(
    (answer: BulkAnswer) => {
      const verb = asking;
      if (verb === null || base === null) return;
      verbRef.current = verb;
      setAsking(null);
      setBase(null);
      setTitle(
        `${VERB_LABEL[verb]}: all ${plural(latest.current.matching ?? 0, 'matching record')}`,
      );
      // The filter the question counted on, with the answers it was counted with.
      job.start({
        ...base,
        remark: answer.remark,
        itcReduction: answer.itcReduction,
        skipRefused: answer.skipRefused,
      });
    },
    [asking, base, job],
  );
  const closeJob = useCallback(() => {
    if (job.running) return;
    job.close();
    setTitle(null);
  }, [job]);
  return {
    asking,
    base,
    ask,
    cancelAsk,
    confirm,
    job,
    title,
    closeJob,
  };
}
