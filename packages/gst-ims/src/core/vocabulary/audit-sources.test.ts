import { describe, expect, it } from 'vitest';
import {
  AUDIT_SOURCES,
  auditSource,
  describeAuditSource,
  isRuleSource,
  parseAuditSource,
} from './audit-sources.js';

describe('audit sources', () => {
  it('writes the stored text scripts read', () => {
    expect(auditSource.cli).toBe('cli');
    expect(auditSource.web()).toBe('web');
    expect(auditSource.web('exact')).toBe('web:exact');
    expect(auditSource.excel('oct.xlsx')).toBe('excel:oct.xlsx');
    expect(auditSource.rule('exact')).toBe('rule:exact');
    expect(auditSource.import('ims.json', 'why')).toBe('import:ims.json: why');
    expect(auditSource.undo(42)).toBe('undo:42');
  });

  it('reads each kind back, and words every kind', () => {
    expect(parseAuditSource('excel:a:b.xlsx')).toEqual({ kind: 'excel', detail: 'a:b.xlsx' });
    expect(parseAuditSource('cli')).toEqual({ kind: 'cli', detail: '' });
    expect(parseAuditSource('cli:x')).toBeNull();
    expect(parseAuditSource('rule')).toBeNull();
    expect(parseAuditSource('test')).toBeNull();
    for (const kind of Object.keys(AUDIT_SOURCES))
      expect(
        describeAuditSource(kind === 'cli' || kind === 'web' ? kind : `${kind}:x`),
      ).not.toMatch(/^(cli|web|\w+:x)$/);
    expect(describeAuditSource('rule:exact')).toBe('the rule "exact"');
    expect(parseAuditSource('undo:42')).toEqual({ kind: 'undo', detail: '42' });
    expect(parseAuditSource('undo')).toBeNull();
    expect(describeAuditSource('undo:42')).toBe('the undo of event 42');
    expect(describeAuditSource('something else')).toBe('something else');
  });

  it("tells a rule's decision from a person's", () => {
    expect(isRuleSource('rule:exact')).toBe(true);
    expect(isRuleSource('web:exact')).toBe(false);
    expect(isRuleSource('excel:rule:x.xlsx')).toBe(false);
  });
});
