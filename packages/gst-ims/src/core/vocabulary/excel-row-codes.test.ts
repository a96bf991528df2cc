import { describe, expect, it } from 'vitest';
import { ISSUE_CODES } from './issue-codes.js';
import type { ExcelRowCode } from './excel-row-codes.js';
import { EXCEL_ROW_CODES, describeExcelRowCode } from './excel-row-codes.js';

describe('Excel row codes', () => {
  it('describes every code in words, each UPPER_SNAKE', () => {
    const codes = Object.keys(EXCEL_ROW_CODES) as ExcelRowCode[];
    expect(codes).toContain('EXCEL_KEY_MISMATCH');
    for (const code of codes) {
      expect(code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
      expect(describeExcelRowCode(code).length, code).toBeGreaterThan(10);
    }
  });

  it("shares no code with the engine's issues, which a row may also report", () => {
    for (const code of Object.keys(EXCEL_ROW_CODES)) expect(ISSUE_CODES).not.toHaveProperty(code);
  });
});
