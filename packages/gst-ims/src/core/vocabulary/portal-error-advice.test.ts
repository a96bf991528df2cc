import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  PORTAL_ERROR_ADVICE,
  PORTAL_ERROR_CODES,
  UNKNOWN_PORTAL_ERROR_ADVICE,
  describePortalStatus,
  isPortalErrorCode,
  portalErrorAdvice,
} from './portal-error-advice.js';

describe('portal error advice', () => {
  it('has a meaning and an action for every code, and no code twice', () => {
    expect(new Set(PORTAL_ERROR_CODES).size).toBe(PORTAL_ERROR_CODES.length);
    expect(Object.keys(PORTAL_ERROR_ADVICE).sort()).toEqual([...PORTAL_ERROR_CODES].sort());
    const actions = new Set<string>();
    for (const code of PORTAL_ERROR_CODES) {
      const a = PORTAL_ERROR_ADVICE[code];
      expect(a.meaning.length, code).toBeGreaterThan(10);
      expect(a.action.length, code).toBeGreaterThan(10);
      expect(a.action, code).not.toBe(UNKNOWN_PORTAL_ERROR_ADVICE.action);
      actions.add(a.action);
    }
    // Each code says its own next step.
    expect(actions.size).toBe(PORTAL_ERROR_CODES.length);
  });

  it('covers every code the portal answers of the fixtures carry', () => {
    const dir = fileURLToPath(new URL('../../../../../tests/fixtures/ims/', import.meta.url));
    const seen = new Set<string>();
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.json')))
      for (const code of readFileSync(join(dir, f), 'utf8').match(/\b(IMSSAV\d+|GEN\d+)\b/g) ?? [])
        seen.add(code);
    expect(seen.size).toBeGreaterThan(0);
    for (const code of seen) expect(isPortalErrorCode(code), code).toBe(true);
  });

  it('tells a stale record to be downloaded and decided again', () => {
    const a = portalErrorAdvice('IMSSAV0010');
    expect(a.known).toBe(true);
    expect(a.action).toMatch(/download the IMS data again/);
    expect(a.action).toMatch(/decide this record again/);
    expect(portalErrorAdvice(' imssav0054 ').action).toMatch(/ITC reduction/);
  });

  it('gives the general advice for an unknown or missing code', () => {
    for (const code of ['IMSSAV9999', '', null, undefined]) {
      const a = portalErrorAdvice(code);
      expect(a.known).toBe(false);
      expect(a.action).toBe(UNKNOWN_PORTAL_ERROR_ADVICE.action);
    }
    expect(isPortalErrorCode('imssav0010')).toBe(false);
  });

  it('says the request status in words', () => {
    expect(describePortalStatus('PE')).toBe('processed with errors (PE)');
    expect(describePortalStatus('p')).toBe('processed (P)');
    expect(describePortalStatus('ER')).toBe('error: nothing processed (ER)');
    expect(describePortalStatus(null)).toBe('not given (the offline error file carries none)');
    expect(describePortalStatus('ZZ')).toBe('ZZ (a status gst-ims does not know)');
  });
});
