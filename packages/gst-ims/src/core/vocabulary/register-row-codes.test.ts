import { describe, expect, it } from 'vitest';
import type { RegisterBadRowCode, RegisterWarningCode } from './register-row-codes.js';
import {
  REGISTER_BAD_ROW_CODES,
  REGISTER_WARNING_CODES,
  describeRegisterBadRowCode,
  describeRegisterWarningCode,
} from './register-row-codes.js';

const UPPER_SNAKE = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/;

describe('register row codes', () => {
  it('describes every bad-row code in words', () => {
    const codes = Object.keys(REGISTER_BAD_ROW_CODES) as RegisterBadRowCode[];
    expect(codes.length).toBeGreaterThan(10);
    for (const code of codes) {
      expect(code).toMatch(UPPER_SNAKE);
      expect(describeRegisterBadRowCode(code).length, code).toBeGreaterThan(10);
    }
  });

  it('describes every warning code in words', () => {
    const codes = Object.keys(REGISTER_WARNING_CODES) as RegisterWarningCode[];
    expect(codes.length).toBeGreaterThan(10);
    for (const code of codes) {
      expect(code).toMatch(UPPER_SNAKE);
      expect(describeRegisterWarningCode(code).length, code).toBeGreaterThan(10);
    }
  });

  it('gives each description once: no two codes read alike', () => {
    const words = [
      ...Object.values(REGISTER_BAD_ROW_CODES),
      ...Object.values(REGISTER_WARNING_CODES),
    ];
    expect(new Set(words).size).toBe(words.length);
  });
});
