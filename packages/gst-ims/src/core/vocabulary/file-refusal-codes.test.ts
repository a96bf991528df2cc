import { describe, expect, it } from 'vitest';
import type { FileRefusalCode } from './file-refusal-codes.js';
import { FILE_REFUSAL_CODES, describeFileRefusalCode } from './file-refusal-codes.js';
import { ISSUE_CODES } from './issue-codes.js';

describe('file refusal codes', () => {
  it('describes every code in words, each UPPER_SNAKE', () => {
    const codes = Object.keys(FILE_REFUSAL_CODES) as FileRefusalCode[];
    expect(codes).toContain('GSTR2B_NOT_2B');
    for (const code of codes) {
      expect(code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
      expect(describeFileRefusalCode(code).length, code).toBeGreaterThan(10);
    }
  });

  it('shares no code with the warnings of a file that is read (issue codes)', () => {
    for (const code of Object.keys(FILE_REFUSAL_CODES))
      expect(ISSUE_CODES).not.toHaveProperty(code);
  });
});
