// The verbs a person decides with, on every edge (CLI `act <verb>`, POST /api/decide, the web's
// buttons). One table: the union type, the zod enum, the CLI's choices and the words derive
// from it. A verb is not an Action: `reset` is the verb for going back to No Action.
import type { Action } from '../actions.js';

export const DECISION_VERBS = ['accept', 'reject', 'pending', 'reset'] as const;
export type DecisionVerb = (typeof DECISION_VERBS)[number];

interface VerbInfo {
  /** The action the verb sets. */
  readonly action: Action;
  /** The verb as a button or a command says it. */
  readonly label: string;
  /** What the verb did, for a confirmation ("Accepted"). */
  readonly done: string;
  /** The CLI usage's gloss, when the name alone does not say it. */
  readonly gloss: string | null;
}

export const DECISION_VERB_INFO: Readonly<Record<DecisionVerb, VerbInfo>> = {
  accept: { action: 'accept', label: 'Accept', done: 'Accepted', gloss: null },
  reject: { action: 'reject', label: 'Reject', done: 'Rejected', gloss: null },
  pending: { action: 'pending', label: 'Keep pending', done: 'Set to Pending', gloss: null },
  reset: {
    action: 'noAction',
    label: 'Reset to No Action',
    done: 'Reset to No Action',
    gloss: 'back to No Action',
  },
};

export const verbAction = (v: DecisionVerb): Action => DECISION_VERB_INFO[v].action;

/** The verb in words, as a button says it ("Keep pending"). */
export const describeDecisionVerb = (v: DecisionVerb): string => DECISION_VERB_INFO[v].label;

/** The verbs for a usage line: `accept | reject | pending | reset (back to No Action)`. */
export const decisionVerbUsage = (): string =>
  DECISION_VERBS.map((v) =>
    DECISION_VERB_INFO[v].gloss === null ? v : `${v} (${DECISION_VERB_INFO[v].gloss})`,
  ).join(' | ');

/** A verb as typed, any case; null when it is none of them. */
export function parseDecisionVerb(raw: string): DecisionVerb | null {
  const v = raw.trim().toLowerCase();
  return (DECISION_VERBS as readonly string[]).includes(v) ? (v as DecisionVerb) : null;
}
