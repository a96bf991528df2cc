import { describe, expect, it } from 'vitest';
import {
  API_ERROR_KINDS,
  apiErrorStatus,
  describeApiErrorKind,
  parseApiErrorKind,
} from './api-error-kinds.js';

describe('API error kinds', () => {
  it('gives every kind an error status and words', () => {
    for (const kind of Object.keys(API_ERROR_KINDS) as (keyof typeof API_ERROR_KINDS)[]) {
      expect(apiErrorStatus(kind), kind).toBeGreaterThanOrEqual(400);
      expect(describeApiErrorKind(kind), kind).not.toBe('');
    }
    expect(apiErrorStatus('refused')).toBe(422);
    expect(apiErrorStatus('busy')).toBe(503);
  });

  it('reads a kind as received', () => {
    expect(parseApiErrorKind('refused')).toBe('refused');
    expect(parseApiErrorKind('toString')).toBeNull();
    expect(parseApiErrorKind(42)).toBeNull();
  });
});
