import { describe, expect, it } from 'vitest';
import { ACTIONS } from '../actions.js';
import {
  DECISION_VERBS,
  DECISION_VERB_INFO,
  decisionVerbUsage,
  describeDecisionVerb,
  parseDecisionVerb,
  verbAction,
} from './decision-verbs.js';

describe('decision verbs', () => {
  it('has words and an action for every verb, and reaches every action', () => {
    expect(Object.keys(DECISION_VERB_INFO).sort()).toEqual([...DECISION_VERBS].sort());
    for (const v of DECISION_VERBS) expect(describeDecisionVerb(v)).not.toBe('');
    expect(DECISION_VERBS.map(verbAction).sort()).toEqual([...ACTIONS].sort());
    expect(verbAction('reset')).toBe('noAction');
  });

  it('parses a verb in any case and refuses others', () => {
    expect(parseDecisionVerb('Accept')).toBe('accept');
    expect(parseDecisionVerb(' RESET ')).toBe('reset');
    expect(parseDecisionVerb('approve')).toBeNull();
    expect(parseDecisionVerb('noAction')).toBeNull();
  });

  it('says the verbs for a usage line', () => {
    expect(decisionVerbUsage()).toBe('accept | reject | pending | reset (back to No Action)');
  });
});
