import { describe, expect, it } from 'vitest';
import { DECISION_RULE_CODES } from '../validate-decision.js';
import type { IssueCode } from './issue-codes.js';
import { ISSUE_CODES, describeIssueCode } from './issue-codes.js';

describe('issue codes', () => {
  it('holds every decision rule code, each UPPER_SNAKE with words', () => {
    for (const code of Object.keys(DECISION_RULE_CODES)) expect(ISSUE_CODES).toHaveProperty(code);
    for (const code of Object.keys(ISSUE_CODES) as IssueCode[]) {
      expect(code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
      expect(describeIssueCode(code).length, code).toBeGreaterThan(10);
    }
  });
});
